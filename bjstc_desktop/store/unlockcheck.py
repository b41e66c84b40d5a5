"""The checks every unlock makes on the store's rows before anyone works, apart from
SQLAlchemy: the same function judges the rows whether the store's session read them or
the first screen's DB-API connection did (issue 15 point 4)."""

from __future__ import annotations

from typing import Any

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import AuthenticationError, IntegrityError
from bjstc_desktop.core.roles import Role
from bjstc_desktop.store import keyslots, rolekeys
from bjstc_desktop.store.keybundle import KeyBundle
from bjstc_desktop.store.rolekeys import ROLE_KEY, check_role_key


def checked_rows(wfile: keyslots.WorkstationFile, user: str, bundle: KeyBundle, slot_id: str | None,
                 node: Any, row: Any) -> None:
    """What must hold before anyone works: the public file agrees with what the store
    authenticates (ceiling, administrators' keys), the slot that opened is the user's
    valid one (`slot_id`; None for the recovery code), the account is active, and an
    administrator's slot holds the role key that matches the store and the account's
    role proof. `node` and `row` are this node's identity row and the account called
    `user` (None when there is none), read however the unlock reads: the store's session
    (workstation/opening.py) or the first screen's DB-API connection (store/firstscreen/),
    so both unlocks refuse exactly the same things."""
    if node is None or node.ceiling is None:
        raise IntegrityError("数据库中缺少本工作站的身份记录，或它不是这个工作站的数据库。",
                             "The store has no identity record for this workstation, or is not its store.")
    if wfile.ceiling != node.ceiling:
        raise IntegrityError(
            f"workstation.json 中的最高密级（{level_label(wfile.ceiling)}）与数据库中经认证的"
            f"最高密级（{Level(node.ceiling).label}）不符，工作站拒绝解锁。",
            f"The ceiling in workstation.json ({level_label(wfile.ceiling)}) differs from the authenticated one "
            f"in the store ({Level(node.ceiling).label}); the workstation refuses to unlock.")
    keys = wfile.extra.get("admin_keys") or {}
    if keys != {"auditor": (node.auditor_public or b"").hex(), "secadmin": (node.secadmin_public or b"").hex()}:
        raise IntegrityError("workstation.json 中的管理员公钥与数据库不符。",
                             "The administrators' public keys in workstation.json differ from the store's.")
    if row is None:
        raise keyslots.auth_failed()
    if slot_id is not None and row.slot_id != slot_id:
        raise keyslots.auth_failed()  # an old passphrase, or a slot whose change never committed
    if not row.active:
        raise AuthenticationError("此账户已停用。", "This account is disabled.")
    role = Role(row.role)
    if role in ROLE_KEY:
        private = check_role_key(node, role, bundle)
        if not rolekeys.role_proof_ok(rolekeys.public_key(private), wfile.node_id, row.id, row.name, row.role,
                                      row.role_proof):
            raise IntegrityError(f"{role.label}账户“{row.name}”没有有效的角色证明（可能是被插入的账户）。",
                                 f"The {role.value} account {row.name!r} has no valid role proof (it may have been "
                                 "inserted).")


def level_label(value: int) -> str:
    """A level's label, or the number when it names no level (a damaged file)."""
    try:
        return Level(value).label
    except ValueError:
        return str(value)
