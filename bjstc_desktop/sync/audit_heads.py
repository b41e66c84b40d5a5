"""The audit-chain heads and auditor checkpoints peers' packages carried (issue 11,
must-hold 4, the sync part).

Every package carries, inside the signed manifest, its sender's live audit head (seq,
hash) and the sender's newest checkpoint signed by its auditor (store/checkpoint.py).
The receiver keeps each one it saw, with the package's channel sequence number (the
order the peer wrote its packages in), and names what is suspect about it:

- HEAD_BACKWARDS: a lower seq than in a package the peer wrote earlier (or a higher one
  than in a package it wrote later), a seq seen before with another hash, or a live head
  behind the auditor's own checkpoint — the trail was cut, rewritten or restored;
- CHECKPOINT_BACKWARDS: a lower checkpoint number than one the peer shipped earlier (or
  a higher one than it shipped later), the same number for another head, or no
  checkpoint after one was shipped — an old checkpoint was put back (rollback);
- CHECKPOINT_FORGED: the checkpoint is not the peer's (another node or fingerprint), its
  auditor signature does not verify, or it is signed by another auditor key than the
  first one this receiver saw from the peer. The live head is signed only with the
  node's key, which anyone holding the peer's data key can use; the auditor's key he
  cannot: this is what a rewrite before the last checkpoint cannot get past.

A suspect head is kept with `backwards` set and reported as an audit-integrity warning.
kept_heads() is what the auditor and the security administrator read."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from bjstc_desktop.store.checkpoint import Checkpoint
from bjstc_desktop.store.sync_models import SyncPeerAuditHead

HEAD_BACKWARDS, CHECKPOINT_BACKWARDS, CHECKPOINT_FORGED = "head_backwards", "checkpoint_backwards", "checkpoint_forged"


@dataclass(frozen=True)
class PeerAuditHead:
    """One head a peer's package carried, with the auditor checkpoint number it carried
    (None: none) and what is suspect about it (None: nothing)."""

    peer_node: str
    seq: int
    hash: str
    channel_seq: int
    package_id: str
    seen_at: str
    backwards: bool
    checkpoint_n: int | None = None
    problem: str | None = None


def _view(row: SyncPeerAuditHead) -> PeerAuditHead:
    return PeerAuditHead(row.peer_node, row.seq, row.hash, row.channel_seq, row.package_id,
                         row.seen_at.isoformat(timespec="seconds") + "Z", row.backwards, row.cp_n, row.problem)


def checkpoint_of(doc: Any) -> Checkpoint | None:
    """The checkpoint a manifest's `audit_checkpoint` holds (None for null); raises
    ValueError when it is there but not a checkpoint."""
    if doc is None:
        return None
    cp = Checkpoint.from_json(doc)
    if cp is None or cp.to_json() != doc:
        raise ValueError("not an audit checkpoint")
    return cp


def _forged(cp: Checkpoint, peer_node: str, peer_fingerprint: str, pinned_auditor: str | None) -> bool:
    try:
        auditor = bytes.fromhex(cp.facts.auditor_public)
    except ValueError:
        return True
    return (cp.node_id != peer_node or cp.facts.fingerprint != peer_fingerprint or not cp.signed_by(auditor)
            or (pinned_auditor is not None and cp.facts.auditor_public != pinned_auditor))


def _head_clash(s: Session, peer_node: str, channel_seq: int, seq: int, sha: str) -> SyncPeerAuditHead | None:
    mine = SyncPeerAuditHead
    return s.execute(select(mine).where(mine.peer_node == peer_node, or_(
        and_(mine.channel_seq <= channel_seq, mine.seq > seq),  # written before, further along
        and_(mine.channel_seq > channel_seq, mine.seq < seq),  # written after, less far along
        and_(mine.seq == seq, mine.hash != sha),  # the same event, another chain
    )).order_by(mine.id).limit(1)).scalar_one_or_none()


def _checkpoint_clash(s: Session, peer_node: str, channel_seq: int, cp: Checkpoint | None) -> SyncPeerAuditHead | None:
    mine = SyncPeerAuditHead
    shipped = and_(mine.peer_node == peer_node, mine.cp_n.is_not(None), mine.problem.is_distinct_from(CHECKPOINT_FORGED))
    if cp is None:  # a checkpoint shipped before is gone
        return s.execute(select(mine).where(shipped).order_by(mine.id).limit(1)).scalar_one_or_none()
    for row in s.execute(select(mine).where(shipped, or_(
            and_(mine.channel_seq <= channel_seq, mine.cp_n > cp.n),
            and_(mine.channel_seq > channel_seq, mine.cp_n < cp.n),
            mine.cp_n == cp.n)).order_by(mine.id)).scalars():
        if row.cp_n != cp.n:
            return row
        old = Checkpoint.from_json(json.loads(row.checkpoint or "null"))
        if old is None or (old.seq, old.hash) != (cp.seq, cp.hash):
            return row
    return None


def _pinned_auditor(s: Session, peer_node: str) -> str | None:
    """The auditor key of the first good checkpoint this receiver saw from the peer."""
    mine = SyncPeerAuditHead
    return s.execute(select(mine.auditor_public).where(
        mine.peer_node == peer_node, mine.auditor_public.is_not(None), mine.problem.is_distinct_from(CHECKPOINT_FORGED))
        .order_by(mine.id).limit(1)).scalar_one_or_none()


def observe(s: Session, peer_node: str, peer_fingerprint: str, channel_seq: int, head: dict[str, Any],
            checkpoint: Checkpoint | None, package_id: str) -> tuple[PeerAuditHead, PeerAuditHead | None]:
    """Keep the head and checkpoint a package of `peer_node` carried; returns the kept
    head and, when it is suspect, the earlier head it contradicts (None for a forged
    checkpoint, which contradicts no earlier head but the peer's identity)."""
    seq, sha = head["seq"], head["hash"]
    problem: str | None = None
    clash = _head_clash(s, peer_node, channel_seq, seq, sha)
    if clash is not None:
        problem = HEAD_BACKWARDS
    elif checkpoint is not None and _forged(checkpoint, peer_node, peer_fingerprint, _pinned_auditor(s, peer_node)):
        problem = CHECKPOINT_FORGED
    elif checkpoint is not None and (checkpoint.seq > seq or (checkpoint.seq == seq and checkpoint.hash != sha)):
        problem = HEAD_BACKWARDS  # the live trail is behind what the auditor signed
    else:
        clash = _checkpoint_clash(s, peer_node, channel_seq, checkpoint)
        problem = CHECKPOINT_BACKWARDS if clash is not None else None
    row = SyncPeerAuditHead(peer_node=peer_node, seq=seq, hash=sha, channel_seq=channel_seq, package_id=package_id,
                            backwards=problem is not None, problem=problem,
                            checkpoint=json.dumps(checkpoint.to_json(), sort_keys=True) if checkpoint else None,
                            cp_n=checkpoint.n if checkpoint else None,
                            auditor_public=checkpoint.facts.auditor_public if checkpoint else None)
    s.add(row)
    s.flush()
    return _view(row), (_view(clash) if clash is not None else None)


def kept_heads(s: Session, peer_node: str | None = None) -> list[PeerAuditHead]:
    """Every head kept (for one peer, or all), in the order they were seen."""
    q = select(SyncPeerAuditHead).order_by(SyncPeerAuditHead.id)
    if peer_node is not None:
        q = q.where(SyncPeerAuditHead.peer_node == peer_node)
    return [_view(r) for r in s.execute(q).scalars()]
