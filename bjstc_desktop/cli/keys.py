"""`bjstc keys ...`: the per-level keys of the store (docs/security.md): `keys upgrade`
seals by level the content of a store made before them."""

from __future__ import annotations

import argparse

from bjstc_desktop.cli.common import (
    emit_json,
    open_workstation,
    read_recovery_code,
    user_passphrase,
)
from bjstc_desktop.console import say
from bjstc_desktop.core.language import tr


def cmd_keys_upgrade(args: argparse.Namespace) -> int:
    """Seal the content of a store made before level keys (the key custodian, with the
    recovery code; his own passphrase is needed again to put the keys in his slot)."""
    code = read_recovery_code()
    passphrase = user_passphrase(args)
    ws = open_workstation(args, passphrase=passphrase)
    try:
        counts = ws.keys.upgrade(code, passphrase)
    finally:
        ws.close()
    if args.json:
        emit_json(counts)
    else:
        say(tr(f"已按密级加密：{sum(counts.values())} 行。请安全保密管理员在科员登录一次后运行 bjstc user grant-keys。",
               f"Encrypted by level: {sum(counts.values())} rows. Once each officer has logged in, the security "
               "administrator runs `bjstc user grant-keys`."))
    return 0
