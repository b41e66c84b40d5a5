"""Sequence numbers, acknowledgements and the outbox (docs/sync-format.md §Channels).

Each package carries, per recipient, a channel sequence number and the basis it was cut
from (what that peer had acknowledged). The receiver's next package back carries an
acknowledgement: the sequence numbers it imported, the gaps it noticed and attachment
contents it still lacks. The sender moves a peer's basis only on an acknowledgement, so
whatever a lost package held goes again in the next export."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bjstc_desktop.store.models import Attachment
from bjstc_desktop.store.sync_models import (
    SyncJournal,
    SyncOutbox,
    SyncPeer,
    SyncPeerBlob,
    SyncPending,
    SyncWantedBlob,
)
from bjstc_desktop.sync import limits


def received_seqs(s: Session, sender: str) -> list[int]:
    """Channel sequence numbers imported from `sender`, ascending."""
    q = select(SyncJournal.channel_seq).where(SyncJournal.sender_node == sender).order_by(SyncJournal.channel_seq)
    return [int(x) for x in s.execute(q).scalars()]


def gaps(seqs: list[int]) -> list[int]:
    """The missing numbers below the highest one received."""
    have = set(seqs)
    return [n for n in range(1, max(have, default=0)) if n not in have]


def build_ack(s: Session, peer: str) -> dict[str, Any]:
    """The acknowledgement for `peer`: what we imported from it, the gaps, the attachment
    contents we lack."""
    seqs = received_seqs(s, peer)
    wanted = s.execute(select(SyncWantedBlob.sha256).distinct().order_by(SyncWantedBlob.sha256)
                       .limit(limits.MAX_GIMME)).scalars()
    return {"node_id": peer, "imported": seqs[-limits.MAX_ACK_SEQS :], "missing": gaps(seqs)[-limits.MAX_ACK_SEQS :],
            "gimme": list(wanted)}


def apply_ack(s: Session, sender: SyncPeer, ack: dict[str, Any]) -> int:
    """Fold the sender's acknowledgement of our packages in; returns how many of our
    packages it newly acknowledged."""
    newly = 0
    for seq in ack["imported"]:
        row = s.execute(select(SyncOutbox).where(SyncOutbox.peer_node == sender.node_id,
                                                 SyncOutbox.channel_seq == seq)).scalar_one_or_none()
        if row is None or row.acked:
            continue
        row.acked = True
        newly += 1
        sender.acked_upto = max(sender.acked_upto, row.upto)
        for sha in json.loads(row.blobs):
            s.merge(SyncPeerBlob(peer_node=sender.node_id, sha256=sha))
    for sha in ack["gimme"]:
        s.execute(delete(SyncPeerBlob).where(SyncPeerBlob.peer_node == sender.node_id, SyncPeerBlob.sha256 == sha))
        cases = s.execute(select(Attachment.case_id).where(Attachment.sha256 == sha,  # where the content is here
                                                           Attachment.blob_name.not_like("pending-%")).distinct()).scalars()
        for case_id in cases:
            add_pending(s, sender.node_id, case_id, "asked")
    return newly


def add_pending(s: Session, peer: str, record_id: str, reason: str) -> None:
    """Offer `record_id` to `peer` again in the next export."""
    s.merge(SyncPending(peer_node=peer, record_id=record_id, reason=reason))


def channel_warnings(s: Session, sender: str, seq: int) -> list[str]:
    """'older' when a later package from this sender came first; 'gap' when one is missing."""
    seqs = received_seqs(s, sender)
    out = []
    if seqs and seq < seqs[-1]:
        out.append("older")
    if gaps(sorted({*seqs, seq})):
        out.append("gap")
    return out
