"""`bjstc user ...`: accounts, passphrases, clearance and duties."""

from __future__ import annotations

import argparse
import os
import sys

from bjstc_desktop.cli.common import (
    emit_json,
    open_workstation,
    prompt_recovery_code,
    read_new_passphrase,
    read_recovery_code,
    say_db_role,
    with_workstation,
)
from bjstc_desktop.console import say
from bjstc_desktop.core.classification import parse_level
from bjstc_desktop.core.i18n import tr
from bjstc_desktop.core.roles import Role, parse_role
from bjstc_desktop.ops.accounts import parse_modules
from bjstc_desktop.workstation import Workstation


@with_workstation
def cmd_user_add(ws: Workstation, args: argparse.Namespace) -> int:
    role = parse_role(args.role)
    clearance = parse_level(args.clearance) if args.clearance else None
    modules = parse_modules(args.modules)
    code = None
    if role in (Role.SECADMIN, Role.AUDITOR):  # the one-time bootstrap needs the recovery code
        code = os.environ.get("BJSTC_RECOVERY_CODE") or (
            prompt_recovery_code() if sys.stdin and sys.stdin.isatty() else None)
    passphrase = read_new_passphrase()
    info = ws.accounts.add(args.name, role, passphrase, clearance, modules, bind_device=args.bind_device,
                       recovery_code=code)
    if args.json:
        emit_json(info.__dict__)
    else:
        say(tr(f"已添加用户 {info.name}（{role.label}，{info.clearance}）。", f"User {info.name} added ({role.value}, {info.clearance})."))
        say_db_role(info.db_role, info.db_sql)
    return 0


def cmd_user_passwd(args: argparse.Namespace) -> int:
    if args.recovery:
        code = read_recovery_code()
        new = read_new_passphrase()
        Workstation.recover(args.data_dir, code, args.name, new)
        say(tr(f"已用恢复码为 {args.name} 设置新口令。", f"A new passphrase was set for {args.name} with the recovery code."))
        return 0
    ws = open_workstation(args, for_passphrase_change=True)
    try:
        new = read_new_passphrase()
        ws.accounts.change_passphrase(args.name, new)
    finally:
        ws.close()
    say(tr(f"{args.name} 的口令已更改。", f"The passphrase of {args.name} was changed."))
    return 0


@with_workstation
def cmd_user_lock(ws: Workstation, args: argparse.Namespace) -> int:
    info = ws.accounts.set_active(args.name, active=args.user_command == "unlock")
    if args.json:
        emit_json(info.__dict__)
    else:
        say(tr(f"账户 {info.name} 已{'启用' if info.active else '停用'}。",
               f"The account {info.name} is {'unlocked' if info.active else 'locked'}."))
    return 0


@with_workstation
def cmd_user_grant(ws: Workstation, args: argparse.Namespace) -> int:
    modules = parse_modules(args.modules) or frozenset()
    info = ws.accounts.set_access(args.name, parse_level(args.clearance), modules)
    if args.json:
        emit_json(info.__dict__)
    else:
        say(tr(f"{info.name}：涉密等级 {info.clearance}，业务范围 {','.join(info.modules) or '无'}。",
               f"{info.name}: clearance {info.clearance}, modules {','.join(info.modules) or 'none'}."))
    return 0


@with_workstation
def cmd_user_grant_keys(ws: Workstation, args: argparse.Namespace) -> int:
    """Seal to a user the level keys of his clearance he holds no grant of (after
    `bjstc keys upgrade` once he has logged in, or after a passphrase reset)."""
    info = ws.accounts.grant_keys(args.name)
    if args.json:
        emit_json(info.__dict__)
    else:
        say(tr(f"已向 {info.name} 授予其涉密等级（{info.clearance}）的密钥。",
               f"{info.name} was given the keys of his clearance ({info.clearance})."))
    return 0


@with_workstation
def cmd_user_list(ws: Workstation, args: argparse.Namespace) -> int:
    users = ws.accounts.list()
    if args.json:
        emit_json([u.__dict__ for u in users])
    else:
        for u in users:
            print(f"{u.name}\t{u.role}\t{u.clearance}\t{','.join(u.modules)}")
    return 0
