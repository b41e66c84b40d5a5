"""Trusted peers: added from an identity card only after the security administrator
confirmed its fingerprint; revocable. A key inside a package is never trusted because
it is inside the package: the sender is found here by its key id."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.store.models import utcnow
from bjstc_desktop.store.sync_models import SyncPeer
from bjstc_desktop.sync.card import Card
from bjstc_desktop.sync.refusals import PackageRefused

TRUSTED, REVOKED = "trusted", "revoked"


@dataclass(frozen=True)
class PeerInfo:
    """A peer as listed."""

    node_id: str
    workstation: str
    office: str
    ceiling: str
    modules: tuple[str, ...] | None
    fingerprint: str
    key_id: str
    status: str
    trusted_by: str
    trusted_at: str
    revoked_at: str | None


def peer_info(row: SyncPeer) -> PeerInfo:
    """The listing view of a peer row."""
    return PeerInfo(row.node_id, row.workstation, row.office, Level(row.ceiling).label,
                    tuple(sorted(row.modules.split(","))) if row.modules is not None else None,
                    row.fingerprint, row.key_id, row.status, row.trusted_by,
                    row.trusted_at.isoformat(timespec="seconds") + "Z",
                    row.revoked_at.isoformat(timespec="seconds") + "Z" if row.revoked_at else None)


def scope_of(row: SyncPeer) -> frozenset[str] | None:
    """The modules exchanged with this peer (None: every module)."""
    return frozenset(m for m in row.modules.split(",") if m) if row.modules is not None else None


class PeerRepository:
    """Reads and writes of sync_peers; the caller checks the role and audits."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, node_id: str) -> SyncPeer | None:
        """A peer by node id."""
        return self.session.get(SyncPeer, node_id)

    def by_key_id(self, kid: bytes) -> SyncPeer | None:
        """A peer by the key id packages carry."""
        return self.session.execute(select(SyncPeer).where(SyncPeer.key_id == kid.hex())).scalar_one_or_none()

    def all(self) -> list[SyncPeer]:
        """Every peer, by workstation name."""
        return list(self.session.execute(select(SyncPeer).order_by(SyncPeer.workstation, SyncPeer.node_id)).scalars())

    def trust(self, card: Card, ceiling: Level, modules: frozenset[str] | None, by: str) -> tuple[SyncPeer, bool]:
        """Add or re-trust a peer with the card's keys; (row, keys_changed)."""
        clash = self.by_key_id(card.key_id)
        if clash is not None and clash.node_id != card.node_id:  # the same keys under another node id
            self.session.delete(clash)
            self.session.flush()
        row = self.get(card.node_id)
        changed = False
        if row is None:
            row = SyncPeer(node_id=card.node_id, next_seq=1, acked_upto=0)
        else:
            changed = row.key_id != card.key_id.hex()
        row.workstation, row.office, row.ceiling = card.workstation, card.office, int(ceiling)
        row.modules = ",".join(sorted(modules)) if modules is not None else None
        row.sign_public, row.kex_public = card.sign_public, card.kex_public
        row.key_id, row.fingerprint, row.status = card.key_id.hex(), card.fingerprint, TRUSTED
        row.trusted_by, row.trusted_at, row.revoked_at = by, utcnow(), None
        self.session.add(row)
        self.session.flush()
        return row, changed

    def revoke(self, row: SyncPeer) -> None:
        """Refuse this peer's packages from now on, and send it nothing more."""
        row.status, row.revoked_at = REVOKED, utcnow()

    def sender_key(self, kid: bytes) -> SyncPeer:
        """The trusted sender for a package's key id; refuses unknown and revoked ones."""
        row = self.by_key_id(kid)
        if row is None:
            raise PackageRefused("unknown_sender", kid.hex())
        if row.status != TRUSTED:
            raise PackageRefused("revoked_sender", row.node_id, f"（{row.workstation}）", f" ({row.workstation})")
        return row
