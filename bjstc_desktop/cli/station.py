"""The workstation as a whole: `bjstc init`, `info`, `modules`, `backup`, `restore`,
`settings`, `rules` and `demo`."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from bjstc_desktop import console
from bjstc_desktop.cli.common import (
    confirm,
    emit_json,
    named_account,
    open_workstation,
    read_new_passphrase,
    say_db_role,
    with_workstation,
)
from bjstc_desktop.console import say
from bjstc_desktop.core.classification import parse_level
from bjstc_desktop.core.errors import UsageError
from bjstc_desktop.core.i18n import label, tr, unit_label
from bjstc_desktop.core.modules import all_case_types
from bjstc_desktop.ops.reference import ReferenceOps
from bjstc_desktop.sync.suites import offer_from_choice
from bjstc_desktop.workstation import Workstation


def cmd_init(args: argparse.Namespace) -> int:
    return _init(args, args.hub)


def cmd_hub_init(args: argparse.Namespace) -> int:
    """`bjstc hub init --db URL`: the schema by the migrations, the administrators and the
    hub's identity in an empty PostgreSQL database; its node files in --data-dir."""
    return _init(args, args.db)


def _init(args: argparse.Namespace, hub: str | None) -> int:
    passphrase = read_new_passphrase(fallback_env="BJSTC_PASSPHRASE")
    secadmin = named_account(args.secadmin, "BJSTC_SECADMIN_PASSPHRASE", "安全保密管理员", "security administrator")
    auditor = named_account(args.auditor, "BJSTC_AUDITOR_PASSPHRASE", "安全审计员", "auditor")
    result = Workstation.init(args.data_dir, args.workstation, args.admin, passphrase, office=args.office or "",
                              ceiling=parse_level(args.ceiling), bind_device=args.bind_device,
                              secadmin=secadmin, auditor=auditor, suites=offer_from_choice(args.suite), hub=hub)
    if result.notice:
        say(tr(*result.notice))
    doc = {"node_id": result.node_id, "workstation": result.workstation, "fingerprint": result.fingerprint,
           "recovery_code": result.recovery_code, "device_bound": result.device_bound,
           "auditor_key": result.auditor_key, "data_dir": str(args.data_dir), "hub": hub}
    if hub:
        doc["db_roles"] = [role for role, _ in result.db_roles]
    if args.json:
        emit_json(doc)
    else:
        if hub:
            print(tr(f"集中库已创建：{result.workstation}", f"Hub created: {result.workstation}"))
        else:
            print(tr(f"工作站已创建：{result.workstation}", f"Workstation created: {result.workstation}"))
        print(tr(f"节点标识：{result.node_id}", f"Node id: {result.node_id}"))
        print(tr(f"指纹：{result.fingerprint}", f"Fingerprint: {result.fingerprint}"))
        print(tr(f"恢复码（只显示这一次，请抄写后封存）：{result.recovery_code}",
                 f"Recovery code (shown only this once; write it down and seal it): {result.recovery_code}"))
        print(tr(f"审计签名密钥指纹（与恢复码一同抄存）：{result.auditor_key}",
                 f"Audit signing key fingerprint (keep it with the recovery code): {result.auditor_key}"))
        for role, sql in result.db_roles:
            say_db_role(role, sql)
        if hub:
            from bjstc_desktop.store.hub import server_settings

            print(tr("集中库服务器须只接受加密连接（TLS），请数据库管理员设置（详见 docs/hub.md）：",
                     "The hub's server must accept only encrypted connections (TLS); its administrator sets "
                     "(docs/hub.md):"))
            print(server_settings(hub))
    return 0


@with_workstation
def cmd_info(ws: Workstation, args: argparse.Namespace) -> int:
    info = ws.info()
    if args.json:
        emit_json(info)
    else:
        print(tr(f"工作站：{info['workstation']}（{info['office']}）", f"Workstation: {info['workstation']} ({info['office']})"))
        print(tr(f"节点：{info['node_id']}", f"Node: {info['node_id']}"))
        print(tr(f"指纹：{info['fingerprint']}", f"Fingerprint: {info['fingerprint']}"))
        print(tr(f"数据库版本：{info['schema_version']}；最高密级：{info['ceiling']}",
                 f"Schema: {info['schema_version']}; ceiling: {info['ceiling']}"))
        store = info["store"]
        if store["kind"] == "postgresql":
            print(tr(f"数据存储：处室集中库 PostgreSQL {store.get('server_version', '')}（{store.get('url', '')}）",
                     f"Store: office hub, PostgreSQL {store.get('server_version', '')} ({store.get('url', '')})"))
            wire = store.get("transport", "")
            if wire:  # absent when the server could not be asked
                print(tr("连接：本机 Unix 套接字（不经网络）" if wire == "unix-socket" else f"连接：加密 {wire}",
                         "Connection: Unix socket on this machine (not over the network)" if wire == "unix-socket"
                         else f"Connection: encrypted, {wire}"))
        else:
            print(tr(f"数据存储：本机加密数据库文件 SQLCipher（{store['path']}）",
                     f"Store: embedded encrypted file, SQLCipher ({store['path']})"))
        for code, n in info["counts"].items():
            print(f"  {code}\t{n}")
    return 0


def cmd_modules(args: argparse.Namespace) -> int:
    mods = ReferenceOps.modules()
    if args.json:
        emit_json(mods)
    else:
        for m in mods:
            print(f"{m['number']:>2} {m['code']:<13} {tr(m['name'], m['name_en'])}")
            for t in m["case_types"]:
                print(f"     {t['code']:<26} {tr(t['name'], t['name_en'])}")
    return 0


@with_workstation
def cmd_backup(ws: Workstation, args: argparse.Namespace) -> int:
    size = ws.admin.backup(Path(args.output))
    say(tr(f"备份已写入 {args.output}（{size} 字节）。", f"Backup written to {args.output} ({size} bytes)."))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    if not args.user:
        raise UsageError("请用 --user 指定备份中的一个用户。", "Name a user of the backup with --user.")
    passphrase = console.read_passphrase(args.passphrase_file)
    replace = args.yes
    if not replace and (args.data_dir / "workstation.json").exists():
        replace = confirm(f"{args.data_dir} 中已有工作站，恢复将替换它（原文件移入 backups/）。确定吗？",
                                 f"{args.data_dir} holds a workstation; restoring replaces it (old files go to backups/). Sure?")
    node = Workstation.restore(Path(args.file), args.data_dir, args.user, passphrase, replace=replace)
    say(tr(f"已恢复工作站 {node}。", f"Workstation {node} restored."))
    return 0


@with_workstation
def cmd_settings(ws: Workstation, args: argparse.Namespace) -> int:
    if args.key and args.value is not None:
        import json

        try:
            value: Any = json.loads(args.value)
        except ValueError:
            value = args.value
        ws.admin.set_setting(args.key, value)
    settings = ws.admin.settings()
    if args.json:
        emit_json(settings)
    else:
        for k, v in settings.items():
            print(f"{k}\t{v}")
    return 0


@with_workstation
def cmd_rules(ws: Workstation, args: argparse.Namespace) -> int:
    if args.key and args.value is not None:
        ws.reference.set_rule(args.key, args.value, args.basis)
    rules = ws.reference.rules()
    if args.json:
        emit_json([r.__dict__ for r in rules])
    else:
        declared = {d.key: d for t in all_case_types() for d in t.rules}
        for r in rules:
            shown = label(declared[r.key]) if r.key in declared else r.label
            print(f"{r.key}\t{r.value}{r.unit and ' ' + unit_label(r.unit)}\t{shown}\t{r.basis}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from bjstc_desktop.demo import populate

    ws = open_workstation(args)
    others: list[Workstation] = []
    try:
        if args.approver:  # a 处长's session takes the moves an officer may not (extend, approve)
            passphrase = os.environ.get("BJSTC_APPROVER_PASSPHRASE") or console.read_passphrase(args.passphrase_file)
            others.append(Workstation.open(args.data_dir, args.approver, passphrase))
            others[0].accounts.require_current_passphrase()
        n = populate(ws, args.cases, others=others)
    finally:
        for other in others:
            other.close()
        ws.close()
    say(tr(f"已生成 {n} 件演示案件。", f"{n} demo cases created."))
    return 0
