"""The hub as a sync node (issue 19 point 6; docs/hub.md): `bjstc hub hand-off` makes a
standalone workstation for a travelling officer; `bjstc hub join` moves a standalone
workstation into the hub."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from bjstc_desktop.cli.common import emit_json, named_account, read_new_passphrase, with_workstation
from bjstc_desktop.console import say
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
           f"{made.ceiling}, modules {','.join(made.modules)}); it and the hub trust each other."))
    print(tr(f"节点标识：{made.node_id}", f"Node id: {made.node_id}"))
    print(tr(f"指纹：{made.fingerprint}", f"Fingerprint: {made.fingerprint}"))
    print(tr(f"恢复码（只显示这一次，请抄写后封存）：{made.recovery_code}",
             f"Recovery code (shown only this once; write it down and seal it): {made.recovery_code}"))
    say(tr(f"下一步：{made.officer} 在集中库执行 bjstc sync export --to {made.node_id} --full，"
           "再在单机工作站上 bjstc sync import 该同步包。",
           f"Next: {made.officer} runs bjstc sync export --to {made.node_id} --full on the hub, then bjstc sync "
           "import of that package on the standalone workstation."))
    return 0
