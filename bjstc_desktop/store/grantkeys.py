"""The level grants' cryptography and the checks of level keys against their commitments
(store/grants.py keeps the rows): apart from SQLAlchemy and the models, so that an unlock
over the DB-API connection (store/firstscreen/) opens and checks keys with the same code."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import IntegrityError, RefusedError
from bjstc_desktop.core.roles import Role
from bjstc_desktop.store import levelkeys

USER_KEX = "user_kex"
_RAW = serialization.Encoding.Raw
_INFO = b"bjstc-level-grant/1"


def new_kex() -> tuple[bytes, bytes]:
    """A fresh X25519 key pair (private, public) as raw bytes."""
    private = X25519PrivateKey.generate()
    return (private.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()),
            private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw))


def kex_public(private: bytes) -> bytes:
    """The public half of a raw X25519 private key."""
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)


def _ad(node_id: str, user_id: str, level: int) -> bytes:
    return _INFO + b"\x00" + node_id.encode() + b"\x00" + user_id.encode() + b"\x00" + bytes([level])


def _wrap_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=ephemeral + recipient, info=_INFO).derive(shared)


def seal_to(recipient: bytes, key: bytes, node_id: str, user_id: str, level: int) -> bytes:
    """`key` sealed to the X25519 public key `recipient`: ephemeral public key, ciphertext."""
    eph = X25519PrivateKey.generate()
    eph_public = eph.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    wrap = _wrap_key(eph.exchange(X25519PublicKey.from_public_bytes(recipient)), eph_public, recipient)
    return eph_public + ChaCha20Poly1305(wrap).encrypt(b"\0" * 12, key, _ad(node_id, user_id, level))


def open_sealed(private: bytes, sealed: bytes, node_id: str, user_id: str, level: int) -> bytes | None:
    """The key inside a grant, or None when it was not sealed to `private` for this."""
    me = X25519PrivateKey.from_private_bytes(private)
    eph_public, body = sealed[:32], sealed[32:]
    try:
        shared = me.exchange(X25519PublicKey.from_public_bytes(eph_public))
        wrap = _wrap_key(shared, eph_public, kex_public(private))
        return ChaCha20Poly1305(wrap).decrypt(b"\0" * 12, body, _ad(node_id, user_id, level))
    except (InvalidTag, ValueError):
        return None


def opened_grants(rows: Iterable[tuple[int, bytes]], private: bytes, node_id: str, user_id: str) -> dict[int, bytes]:
    """The keys of the grants `rows` ((level, sealed) of one user) that open with `private`."""
    out: dict[int, bytes] = {}
    for level, sealed in rows:
        key = open_sealed(private, sealed, node_id, user_id, level)
        if key is not None:
            out[level] = key
    return out


def commitments_removed() -> IntegrityError:
    """Sealed content with no key commitments left: someone removed them (with the data
    key alone), perhaps to have new keys made over the old ones."""
    return IntegrityError(
        "本工作站的密级密钥校验值缺失，而案件内容已按密级加密：数据库可能被改动。请安全保密管理员和安全审计员检查，并从备份恢复。",
        "This workstation's level key checks are missing while case content is encrypted by level: the database may "
        "have been altered. Ask the security administrator and the auditor to check, and restore from a backup.")


def checked_against(checks: Mapping[int, bytes], node_id: str, keys: Mapping[int, bytes]) -> dict[int, bytes]:
    """`keys` checked against the commitments `checks` (level → check value); IntegrityError for any that differs (a
    forged grant or slot, or a replaced commitment)."""
    for level, key in keys.items():
        expected = checks.get(int(level))
        if expected is None or not hmac.compare_digest(expected, levelkeys.check_value(key, node_id)):
            label = Level(level).label if level in tuple(Level) else str(level)
            raise IntegrityError(
                f"“{label}”级密钥与本工作站的密钥校验值不符（授权记录或密钥槽可能被伪造）。请安全保密管理员和安全审计员检查。",
                f"The {label} key does not match this workstation's key check (a grant or key slot may have been "
                "forged). Ask the security administrator and the auditor to check.")
    return dict(keys)


def keys_not_made() -> RefusedError:
    """An officer's unlock of a store whose content is not sealed yet."""
    return RefusedError(
        "本工作站的案件内容尚未按密级加密（由早期版本创建）。请安全保密管理员（或尚无安全保密管理员时由系统管理员）"
        "持恢复码运行 bjstc keys upgrade，之后再登录。",
        "This workstation's case content is not yet encrypted by level (it was made by an earlier version). The "
        "security administrator (or, while there is none, the system administrator) runs `bjstc keys upgrade` "
        "with the recovery code; then log in again.")


def held_levels(row: Any, bundle: Any, node_id: str, keyed: Mapping[int, bytes], *,
                content_sealed: Callable[[], bool], ceiling: Callable[[], int | None],
                granted: Callable[[bytes], Mapping[int, bytes]]) -> tuple[dict[int, bytes], Level]:
    """The level keys the unlocking user (`row`: his account's row, with role, clearance
    and kex_public) holds and the clearance they let him work at; the one rule for both
    unlocks (the store's session, ops/keys.py, and the first screen's DB-API connection).

    Level keys in the slot `bundle` itself (the key custodian's, the recovery slot's)
    count for an officer only up to his clearance; an officer's grants are opened with
    the key in his slot (`granted(private)`). Every key is checked against its commitment
    (`keyed`). An officer works at the highest level up to his clearance for which he
    holds every key. `content_sealed` and `ceiling` are asked only for a store without
    commitments."""
    role = Role(row.role)
    if not keyed:  # a store from before level keys (or one whose key checks were removed)
        if content_sealed():
            raise commitments_removed()
        if role.handles_cases and (ceiling() or 0) > Level.PUBLIC:
            raise keys_not_made()
        return {}, Level(row.clearance)
    held = levelkeys.from_bundle(bundle.entries)
    if role.handles_cases:
        held = {lv: k for lv, k in held.items() if lv <= row.clearance}
        private = bundle.get(USER_KEX)
        if private is not None and row.kex_public == kex_public(private):
            held.update(granted(private))
    held = checked_against(keyed, node_id, held)
    clearance = Level(row.clearance)
    if role.handles_cases:
        missing = [lv for lv in sorted(keyed) if lv <= clearance and lv not in held]
        if missing:
            clearance = Level(missing[0] - 1)
    return held, clearance


def slot_to_remake(role: Role, row_kex_public: bytes | None, bundle: Any,
                   secadmin_exists: Callable[[], bool]) -> str | None:
    """What an unlock must remake the user's key slot for, if anything: "user_key_renewed"
    for a case handler whose slot has no key-agreement key of its own (or another than
    the users row names), "level_keys_handed_over" for a system administrator who was the
    key custodian once a security administrator exists. One rule for the store's unlock
    (ops/keys.py) and the first screen's (store/firstscreen/unlock.py)."""
    if role.handles_cases:
        kex = bundle.get(USER_KEX)
        return "user_key_renewed" if kex is None or row_kex_public != kex_public(kex) else None
    if role is Role.SYSADMIN and any(n.startswith(levelkeys.PREFIX) for n in bundle.names()) and secadmin_exists():
        return "level_keys_handed_over"
    return None
