"""Audit checkpoints: the head of the audit chain, signed with the auditor's key.

Anyone who can unlock holds the data key and so can rewrite store.db, the unkeyed hash
chain and workstation.json (and re-make its MAC). What he cannot make is the auditor's
signature, whose private key lives only in the auditor's key slot and the recovery
slot. A checkpoint signs:

- the node id and a running number n (1 at init, +1 at every checkpoint);
- the chain head (seq, hash): every event up to it is fixed, because each event's hash
  covers the one before;
- the workstation's facts as the store holds them: the ceiling, the node fingerprint
  (which covers the ceiling too), the two administrators' public keys and the accounts
  holding the three administrator roles.

The newest checkpoint is kept in workstation.json ("audit_checkpoint"). It is made at
init and after every `audit verify` that passes, so there is always one: deleting it,
replacing it with one for another head, or rewriting any event up to its head is found
by the auditor's `audit verify` (exit 4). What happened after the last checkpoint is
protected only by the anchor (which a data-key holder can edit) and by the heads that
peers saw: docs/security.md says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bjstc_desktop.core.errors import IntegrityError
from bjstc_desktop.core.roles import Role
from bjstc_desktop.store import rolekeys

if TYPE_CHECKING:  # the store's reads import them: a checkpoint's signature checks need neither (the first screen's close)
    from sqlalchemy.orm import Session

DOMAIN = b"bjstc-audit-checkpoint/1\x00"
FORMAT = "bjstc-audit-checkpoint/1"
ADMIN_ROLES = (Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR)


@dataclass(frozen=True)
class Facts:
    """What the store says about the workstation, as a checkpoint signs it."""

    ceiling: int
    fingerprint: str
    auditor_public: str  # hex
    secadmin_public: str  # hex
    admins: tuple[tuple[str, str, str], ...]  # (role, name, user id), sorted

    def as_dict(self) -> dict[str, Any]:
        """The facts as JSON values."""
        return {"ceiling": self.ceiling, "fingerprint": self.fingerprint, "auditor_public": self.auditor_public,
                "secadmin_public": self.secadmin_public, "admins": [list(a) for a in self.admins]}


def read_facts(session: Session, node_id: str) -> Facts:
    """The facts from store.db (IntegrityError when the node's row is missing)."""
    from sqlalchemy import select

    from bjstc_desktop.store.identity import node_fingerprint
    from bjstc_desktop.store.models import NodeIdentity, User

    ident = session.get(NodeIdentity, node_id)
    if ident is None or ident.ceiling is None:
        raise IntegrityError("数据库中缺少本工作站的身份记录。", "The store has no identity record for this workstation.")
    admins = session.execute(select(User.role, User.name, User.id)
                             .where(User.role.in_([r.value for r in ADMIN_ROLES]))).all()
    return Facts(
        ceiling=int(ident.ceiling),
        fingerprint=node_fingerprint(ident),
        auditor_public=(ident.auditor_public or b"").hex(),
        secadmin_public=(ident.secadmin_public or b"").hex(),
        admins=tuple(sorted((str(r), str(n), str(i)) for r, n, i in admins)),
    )


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement of the chain head and the workstation's facts."""

    node_id: str
    n: int
    seq: int
    hash: str
    at: str
    facts: Facts
    signature: bytes

    def statement(self) -> dict[str, Any]:
        """What the signature covers."""
        return {"format": FORMAT, "node_id": self.node_id, "n": self.n, "seq": self.seq, "hash": self.hash,
                "at": self.at, **self.facts.as_dict()}

    def to_json(self) -> dict[str, Any]:
        """As kept in workstation.json."""
        return {**self.statement(), "signature": self.signature.hex()}

    def signed_by(self, auditor_public: bytes) -> bool:
        """True when the auditor's key of `auditor_public` made this checkpoint."""
        return rolekeys.signature_ok(auditor_public, DOMAIN, self.statement(), self.signature)

    @classmethod
    def from_json(cls, doc: Any) -> Checkpoint | None:
        """Parse a stored checkpoint; None when there is none or it is malformed (both
        are reported by `audit verify` as a missing checkpoint)."""
        try:
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                return None
            facts = Facts(int(doc["ceiling"]), str(doc["fingerprint"]), str(doc["auditor_public"]),
                          str(doc["secadmin_public"]),
                          tuple((str(a[0]), str(a[1]), str(a[2])) for a in doc["admins"]))
            return cls(str(doc["node_id"]), int(doc["n"]), int(doc["seq"]), str(doc["hash"]), str(doc["at"]), facts,
                       bytes.fromhex(str(doc["signature"])))
        except (KeyError, TypeError, ValueError, IndexError):
            return None


def make_checkpoint(auditor_private: bytes, node_id: str, n: int, head: tuple[int, str], at: str,
                    facts: Facts) -> Checkpoint:
    """Sign checkpoint number `n` of `head` (seq, hash) with the auditor's key."""
    unsigned = Checkpoint(node_id, n, head[0], head[1], at, facts, b"")
    return Checkpoint(node_id, n, head[0], head[1], at, facts,
                      rolekeys.sign(auditor_private, DOMAIN, unsigned.statement()))


def unproven_admins(session: Session, node_id: str) -> list[str]:
    """Names of security administrator or auditor accounts without a valid role proof:
    rows someone holding only the data key inserted or renamed."""
    from sqlalchemy import select

    from bjstc_desktop.store.models import NodeIdentity, User

    ident = session.get(NodeIdentity, node_id)
    keys = {Role.SECADMIN.value: ident.secadmin_public if ident else None,
            Role.AUDITOR.value: ident.auditor_public if ident else None}
    rows = session.execute(select(User).where(User.role.in_(list(keys)))).scalars()
    return [u.name for u in rows if not rolekeys.role_proof_ok(keys[u.role], node_id, u.id, u.name, u.role, u.role_proof)]


def legacy_fingerprint(session: Session, node_id: str) -> str | None:
    """The node's fingerprint over its intl-1 keys alone, as checkpoints signed before
    gm-1 name it (None: no identity row)."""
    from bjstc_desktop.store.identity import node_fingerprint
    from bjstc_desktop.store.models import NodeIdentity

    ident = session.get(NodeIdentity, node_id)
    return node_fingerprint(ident, legacy=True) if ident is not None else None


def facts_problem(cp: Checkpoint, now: Facts, node_id: str, legacy_fingerprint: str | None = None) -> str | None:
    """Why the store's facts now contradict the checkpoint, or None. The administrator
    roster may only grow (a role created once with the recovery code); nothing else
    the checkpoint signed may change. A checkpoint signed before the store had gm-1 keys
    names the node's fingerprint over its intl-1 keys alone (`legacy_fingerprint`); the
    next checkpoint covers all four keys."""
    if cp.node_id != node_id:
        return "node"
    if cp.facts.ceiling != now.ceiling or cp.facts.fingerprint not in (now.fingerprint, legacy_fingerprint):
        return "ceiling"
    if (cp.facts.auditor_public, cp.facts.secadmin_public) != (now.auditor_public, now.secadmin_public):
        return "keys"
    if not set(cp.facts.admins) <= set(now.admins):
        return "roster"
    roles = [r for r, _, _ in now.admins]
    if any(roles.count(r.value) > 1 for r in ADMIN_ROLES):
        return "roster"
    return None
