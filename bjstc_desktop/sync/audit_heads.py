"""The audit-chain heads peers' packages carried (issue 11, must-hold 4, the sync part).

Every package carries its sender's audit head (seq, hash) inside the signed manifest.
The receiver keeps each one it saw, with the package's channel sequence number (the
order the peer wrote its packages in). A head that goes backwards — a lower seq than in
a package the peer wrote earlier (or a higher one than in a package it wrote later), or
a seq seen before with another hash — means the peer's trail was cut, rewritten or
restored from an old copy: it is kept marked `backwards` and reported as an
audit-integrity warning. kept_heads() is what the auditor's `audit verify` reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from bjstc_desktop.store.sync_models import SyncPeerAuditHead


@dataclass(frozen=True)
class PeerAuditHead:
    """One head a peer's package carried."""

    peer_node: str
    seq: int
    hash: str
    channel_seq: int
    package_id: str
    seen_at: str
    backwards: bool


def _view(row: SyncPeerAuditHead) -> PeerAuditHead:
    return PeerAuditHead(row.peer_node, row.seq, row.hash, row.channel_seq, row.package_id,
                         row.seen_at.isoformat(timespec="seconds") + "Z", row.backwards)


def observe(s: Session, peer_node: str, channel_seq: int, head: dict[str, Any],
            package_id: str) -> tuple[PeerAuditHead, PeerAuditHead | None]:
    """Keep the head a package of `peer_node` carried; returns it and, when it goes
    backwards, the earlier head it contradicts."""
    seq, sha = head["seq"], head["hash"]
    mine = SyncPeerAuditHead
    clash = s.execute(select(mine).where(mine.peer_node == peer_node, or_(
        and_(mine.channel_seq <= channel_seq, mine.seq > seq),  # written before, further along
        and_(mine.channel_seq > channel_seq, mine.seq < seq),  # written after, less far along
        and_(mine.seq == seq, mine.hash != sha),  # the same event, another chain
    )).order_by(mine.id).limit(1)).scalar_one_or_none()
    row = SyncPeerAuditHead(peer_node=peer_node, seq=seq, hash=sha, channel_seq=channel_seq, package_id=package_id,
                            backwards=clash is not None)
    s.add(row)
    s.flush()
    return _view(row), (_view(clash) if clash is not None else None)


def kept_heads(s: Session, peer_node: str | None = None) -> list[PeerAuditHead]:
    """Every head kept (for one peer, or all), in the order they were seen."""
    q = select(SyncPeerAuditHead).order_by(SyncPeerAuditHead.id)
    if peer_node is not None:
        q = q.where(SyncPeerAuditHead.peer_node == peer_node)
    return [_view(r) for r in s.execute(q).scalars()]
