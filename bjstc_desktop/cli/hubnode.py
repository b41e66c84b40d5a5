"""The hub as a sync node (issue 19 point 6; docs/hub.md): `bjstc hub hand-off` makes a
standalone workstation for a travelling officer; `bjstc hub join` moves a standalone
workstation into the hub."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import os
import sys
from pathlib import Path

from bjstc_desktop.cli.common import emit_json, named_account, read_new_passphrase, with_workstation
from bjstc_desktop.console import say
from bjstc_desktop.core.classification import parse_level
from bjstc_desktop.core.errors import UsageError
from bjstc_desktop.core.i18n import tr
from bjstc_desktop.workstation import NewAccount, Workstation


@with_workstation
def cmd_hub_hand_off(ws: Workstation, args: argparse.Namespace) -> int:
    """`bjstc --user SECADMIN hub hand-off OFFICER -o FOLDER --workstation NAME --admin ADMIN`."""
    from bjstc_desktop.workstation.handoff import hand_off

    officer = named_account(args.officer, "BJSTC_OFFICER_PASSPHRASE", "出差人员", "travelling officer")
    assert officer is not None  # the positional argument is required
    admin = NewAccount(args.admin, read_new_passphrase())
    if admin.passphrase == officer.passphrase:
        raise UsageError("单机工作站的系统管理员与出差人员不得使用同一口令。",
                         "The standalone workstation's system administrator and the officer may not share a "
                         "passphrase.")
    made = hand_off(ws, officer.name, Path(args.output), args.workstation, admin, officer.passphrase)
    if args.json:
        emit_json(dataclasses.asdict(made))
        return 0
    say(tr(f"已为 {made.officer} 创建单机工作站 {made.workstation}（{made.data_dir}），最高密级 {made.ceiling}，"
           f"业务模块 {','.join(made.modules)}；集中库与它已互相信任。",
           f"Standalone workstation {made.workstation} made for {made.officer} in {made.data_dir} (ceiling "
           f"{parse_level(made.ceiling).label_en}, modules {','.join(made.modules)}); it and the hub trust each other."))
    print(tr(f"节点标识：{made.node_id}", f"Node id: {made.node_id}"))
    print(tr(f"指纹：{made.fingerprint}", f"Fingerprint: {made.fingerprint}"))
    print(tr(f"恢复码（只显示这一次，请抄写后封存）：{made.recovery_code}",
             f"Recovery code (shown only this once; write it down and seal it): {made.recovery_code}"))
    say(tr(f"下一步：{made.officer} 在集中库执行 bjstc sync export --to {made.node_id} --full，"
           "再在单机工作站上 bjstc sync import 该同步包。",
           f"Next: {made.officer} runs bjstc sync export --to {made.node_id} --full on the hub, then bjstc sync "
           "import of that package on the standalone workstation."))
    return 0


@with_workstation
def cmd_hub_join(ws: Workstation, args: argparse.Namespace) -> int:
    """`bjstc --user SECADMIN hub join FOLDER --from-user ITS_SECADMIN --fingerprint FP` (its
    passphrase from BJSTC_JOIN_PASSPHRASE or typed by him)."""
    from bjstc_desktop.workstation.joining import join

    done = join(ws, Path(args.folder), args.from_user, _their_passphrase(args.from_user), args.fingerprint)
    if args.json:
        emit_json(dataclasses.asdict(done))
        return 0
    if done.finished:
        say(tr(f"上次并入工作站 {done.workstation} 时程序中断：其案件已在集中库中，现已完成并入。",
               f"The last join of workstation {done.workstation} was interrupted after its cases reached the hub; "
               "the join is now complete."))
    say(tr(f"工作站 {done.workstation} 已并入集中库：新增 {done.new} 件，更新 {done.updated} 件，合并 {done.merged} 件，"
           f"冲突 {done.conflicts} 件；其经办人员在集中库中的账户：{'、'.join(done.accounts) or '无'}。",
           f"Workstation {done.workstation} joined the hub: {done.new} new, {done.updated} updated, {done.merged} "
           f"merged, {done.conflicts} conflicts; its officers' hub accounts: {', '.join(done.accounts) or 'none'}."))
    say(tr("此工作站此后不能再解锁。请通知其原对端的安全保密管理员：撤销对它的信任（bjstc peer revoke），"
           "并信任集中库的身份卡，之后与集中库交换同步包。",
           "The workstation no longer unlocks. Tell the security administrators of its old peers to revoke it "
           "(bjstc peer revoke) and trust the hub's card; they exchange packages with the hub from now on."))
    if done.peers:
        say(tr(f"集中库已按原信任范围信任其原对端：{'、'.join(done.peers)}。",
               f"The hub now trusts its old peers as it did: {', '.join(done.peers)}."))
    return 0


@with_workstation
def cmd_hub_adopt_blobs(ws: Workstation, args: argparse.Namespace) -> int:
    """`bjstc --user OFFICER hub adopt-blobs`: the node folder's blobs he can check, into the
    hub's database (ops/hub_blob_adoption.py); under the owner's role (the system
    administrator with the owner's URL) every adopted blob also gets a random name.
    Exit 4 when a blob failed its check."""
    from bjstc_desktop.ops.hub_blob_adoption import adopt_node_blobs

    done = adopt_node_blobs(ws.ctx)
    if args.json:
        emit_json(dataclasses.asdict(done))
    else:
        say(tr(f"已移入数据库 {done.adopted} 个，此前已在数据库中 {done.already} 个；"
               f"{done.left_sealed} 个只能由有相应密级与业务范围的经办人员移入，{done.unnamed} 个无登记记录，留在原处。",
               f"{done.adopted} moved into the database, {done.already} were there already; {done.left_sealed} "
               f"can only be moved by an officer cleared for their cases, {done.unnamed} are named by no record "
               "and stay where they are."))
        if done.renamed:
            say(tr(f"已为 {done.renamed} 个移入的附件与文书副本换用随机名称。",
                   f"{done.renamed} adopted blobs were given random names."))
        if done.awaiting_rename:
            say(tr(f"{done.awaiting_rename} 个已移入的附件仍沿用由内容算出的名称：请系统管理员以集中库属主的地址"
                   "再执行一次 bjstc hub adopt-blobs。",
                   f"{done.awaiting_rename} adopted blobs still have names derived from their content: the system "
                   "administrator runs bjstc hub adopt-blobs again with the hub owner's address."))
        for name in done.damaged:
            say(tr(f"校验失败，未移入（文件保留原样）：{name}", f"Failed its check, not moved (the file is left as it is): {name}"))
    return 4 if done.damaged else 0


@with_workstation
def cmd_hub_sweep_blobs(ws: Workstation, args: argparse.Namespace) -> int:
    """`bjstc --user ADMIN hub sweep-blobs` with the owner's URL: remove the blob chunks no
    row names (ops/hub_blob_sweep.py)."""
    from bjstc_desktop.ops.hub_blob_sweep import sweep_unnamed_blobs

    removed = sweep_unnamed_blobs(ws.ctx)
    if args.json:
        emit_json({"removed": removed})
    else:
        say(tr(f"已删除无登记记录的附件数据块 {removed} 行。", f"{removed} blob chunk rows no record names were removed."))
    return 0


def _their_passphrase(user: str) -> str:
    """The joining workstation's security administrator's passphrase: BJSTC_JOIN_PASSPHRASE,
    else typed by him at a terminal (never argv)."""
    passphrase = os.environ.get("BJSTC_JOIN_PASSPHRASE")
    if passphrase:
        return passphrase
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError("未提供被并入工作站安全保密管理员的口令（设置 BJSTC_JOIN_PASSPHRASE 或在终端中由其本人输入）。",
                         "No passphrase of the joining workstation's security administrator (set "
                         "BJSTC_JOIN_PASSPHRASE, or let him type it in a terminal).")
    return getpass.getpass(tr(f"工作站安全保密管理员 {user} 的口令：",
                              f"Passphrase of the workstation's security administrator {user}: "))
