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

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Row, delete, select, text
from sqlalchemy.orm import Session

from bjstc_desktop.store import levelkeys
from bjstc_desktop.store.grantkeys import (
    USER_KEX,
    checked_against,
    commitments_removed,
    kex_public,
    new_kex,
    open_sealed,
    opened_grants,
    seal_to,
)
from bjstc_desktop.store.models import Case, LevelGrant, LevelKeyCheck, User, table, utcnow

__all__ = ["USER_KEX", "commitments_removed", "content_sealed", "grant", "granted_levels", "keep_only", "kex_public",
           "keyed_levels", "missing_levels", "new_kex", "open_grants", "open_sealed", "record_checks", "revoke",
           "seal_to", "verified"]

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


def verified(s: Session, node_id: str, keys: Mapping[int, bytes]) -> dict[int, bytes]:
    """`keys` checked against the commitments; IntegrityError for any that differs (a
    forged grant or slot, or a replaced commitment)."""
    return checked_against(keyed_levels(s), node_id, keys)


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
    given = table(LevelGrant).c
    rows = s.execute(select(given.level, given.sealed).where(given.user_id == user.id, given.level <= user.clearance))
    return opened_grants(rows, private, node_id, user.id)


def missing_levels(s: Session, user: User) -> list[int]:
    """The keyed levels up to `user`'s clearance he holds no grant of (to be granted)."""
    keyed = keyed_levels(s)
    held = set(granted_levels(s, user))
    return [level for level in sorted(keyed) if level <= user.clearance and level not in held]

