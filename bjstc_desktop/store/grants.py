"""Who holds which level key, and how a key reaches an officer who is not at the desk.

- The *custodian* holds every level key in his own key slot: the security administrator
  (made at init, or later once with the recovery code), or, on a workstation that has
  none yet, the system administrator, who gives clearances until then (core/roles.py).
  The recovery slot holds every key too.
- An officer or approver holds an X25519 key pair of his own: the private half in his
  key slot (bundle entry `user_kex`), the public half in users.kex_public. A *grant*
  is a level key sealed to that public key (ephemeral X25519, HKDF-SHA256,
  ChaCha20-Poly1305 bound to the node, the user and the level), made by whoever holds
  the level key when the clearance is given. At each unlock his grants up to his
  clearance are opened; nothing else of his slot has to change.
- A lowered clearance deletes the grants above it. A passphrase reset by the system
  administrator gives a new key pair, so the grants made for the old one are deleted
  and the security administrator grants again; an officer's own passphrase change
  gives him a new key pair and seals his grants again to it (so nobody who saw an
  older pair can open new grants).
- Every level key has a public commitment (level_keys.check_value): a key from a slot
  or a grant that does not match it is refused at unlock.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Row, delete, select, text
from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import IntegrityError
from bjstc_desktop.store import levelkeys
from bjstc_desktop.store.models import Case, LevelGrant, LevelKeyCheck, User, table, utcnow

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


# ----- the commitments ----------------------------------------------------------------------
def record_checks(s: Session, node_id: str, keys: Mapping[int, bytes]) -> None:
    """Keep the public commitment to each level key (at init and at the key upgrade)."""
    for level, key in keys.items():
        s.add(LevelKeyCheck(level=int(level), check_value=levelkeys.check_value(key, node_id)))


def keyed_levels(s: Session) -> dict[int, bytes]:
    """The keyed levels of this store and their commitments (empty: no keys made yet).
    Plain SQL (every unlock reads it: no mapper configured)."""
    checks = table(LevelKeyCheck).c
    return {int(level): value for level, value in s.execute(select(checks.level, checks.check_value))}


def content_sealed(s: Session) -> bool:
    """True when any case is sealed (a classified case exists under level keys). On a
    hub the database's own flag says so (store/hubroles.py `_sealed_flag`): a role may
    not see every case, or any."""
    if s.get_bind().dialect.name == "postgresql" and s.execute(
            text("SELECT to_regclass('hub_content_sealed')")).scalar() is not None:
        return s.execute(text("SELECT EXISTS (SELECT 1 FROM hub_content_sealed)")).scalar() is True
    cases = table(Case).c
    return s.execute(select(cases.id).where(cases.sealed.is_not(None)).limit(1)).first() is not None


def commitments_removed() -> IntegrityError:
    """Sealed content with no key commitments left: someone removed them (with the data
    key alone), perhaps to have new keys made over the old ones."""
    return IntegrityError(
        "本工作站的密级密钥校验值缺失，而案件内容已按密级加密：数据库可能被改动。请安全保密管理员和安全审计员检查，并从备份恢复。",
        "This workstation's level key checks are missing while case content is encrypted by level: the database may "
        "have been altered. Ask the security administrator and the auditor to check, and restore from a backup.")


def verified(s: Session, node_id: str, keys: Mapping[int, bytes]) -> dict[int, bytes]:
    """`keys` checked against the commitments; IntegrityError for any that differs (a
    forged grant or slot, or a replaced commitment)."""
    checks = keyed_levels(s)
    for level, key in keys.items():
        expected = checks.get(int(level))
        if expected is None or not hmac.compare_digest(expected, levelkeys.check_value(key, node_id)):
            label = Level(level).label if level in tuple(Level) else str(level)
            raise IntegrityError(
                f"“{label}”级密钥与本工作站的密钥校验值不符（授权记录或密钥槽可能被伪造）。请安全保密管理员和安全审计员检查。",
                f"The {label} key does not match this workstation's key check (a grant or key slot may have been "
                "forged). Ask the security administrator and the auditor to check.")
    return dict(keys)


# ----- grants -----------------------------------------------------------------------------
def grant(s: Session, node_id: str, user: User, levels: Iterable[int], keys: levelkeys.ContentKeys,
          granter: str) -> list[int]:
    """Seal the level keys of `levels` to `user`'s key-agreement key (replacing any older
    grant of the same level). Returns the levels granted now."""
    if user.kex_public is None:
        return []
    done = []
    for level in levels:
        existing = s.get(LevelGrant, (user.id, level))
        if existing is not None and existing.kex_public == user.kex_public:
            continue
        sealed = seal_to(user.kex_public, keys.raw(level), node_id, user.id, level)
        if existing is None:
            s.add(LevelGrant(user_id=user.id, level=level, kex_public=user.kex_public, sealed=sealed,
                             granted_by=granter, granted_at=utcnow()))
        else:
            existing.kex_public, existing.sealed = user.kex_public, sealed
            existing.granted_by, existing.granted_at = granter, utcnow()
        done.append(level)
    return done


def revoke(s: Session, user_id: str, above: int = 0) -> list[int]:
    """Delete `user_id`'s grants of levels above `above`. Returns the levels removed."""
    gone = list(s.execute(select(LevelGrant.level).where(LevelGrant.user_id == user_id,
                                                         LevelGrant.level > above)).scalars())
    s.execute(delete(LevelGrant).where(LevelGrant.user_id == user_id, LevelGrant.level > above))
    return sorted(gone)


def keep_only(s: Session, user_id: str, levels: Iterable[int]) -> None:
    """Delete `user_id`'s grants of every level not in `levels`."""
    s.execute(delete(LevelGrant).where(LevelGrant.user_id == user_id, LevelGrant.level.not_in(list(levels))))


def granted_levels(s: Session, user: User) -> list[int]:
    """The levels `user` holds a grant of, sealed to his current key."""
    q = select(LevelGrant.level).where(LevelGrant.user_id == user.id, LevelGrant.kex_public == user.kex_public)
    return sorted(s.execute(q).scalars()) if user.kex_public else []


def open_grants(s: Session, node_id: str, user: User | Row[Any], private: bytes) -> dict[int, bytes]:
    """The level keys `user` was granted up to his clearance, opened with his own key.
    `user` is the account's row or its model (plain SQL: it runs at every unlock)."""
    out: dict[int, bytes] = {}
    given = table(LevelGrant).c
    rows = s.execute(select(given.level, given.sealed).where(given.user_id == user.id, given.level <= user.clearance))
    for level, sealed in rows:
        key = open_sealed(private, sealed, node_id, user.id, level)
        if key is not None:
            out[level] = key
    return out


def missing_levels(s: Session, user: User) -> list[int]:
    """The keyed levels up to `user`'s clearance he holds no grant of (to be granted)."""
    keyed = keyed_levels(s)
    held = set(granted_levels(s, user))
    return [level for level in sorted(keyed) if level <= user.clearance and level not in held]

