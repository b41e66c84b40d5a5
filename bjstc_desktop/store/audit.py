"""The tamper-evident audit trail: append-only events, each carrying the hash of the
one before. Appends happen inside the writer's transaction (BEGIN IMMEDIATE), so the
event and the change it records commit together or not at all.

verify() recomputes the chain: an altered row breaks its own hash, a removed row breaks
the next row's link and the sequence, and a removed tail is caught against the marks the
chain must pass through: the auditor's signed checkpoint (store/checkpoint.py, which
nobody without the auditor's key can move) and the anchor (sequence and hash of the head
at the last close, which only moves after the chain up to it checked out: verify_since).
The chain itself is not keyed: whoever holds the data key can recompute it, which is why
the checkpoint is signed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, insert, select
from sqlalchemy.orm import Session

from bjstc_desktop.store.auditchain import GENESIS, canonical, event_hash
from bjstc_desktop.store.models import AuditEvent, table, utcnow

__all__ = ["GENESIS", "ChainEvent", "VerifyResult", "append", "append_many", "canonical", "event_hash", "export_rows",
           "head", "verify", "verify_since"]

def append(session: Session, *, actor_id: str | None, actor_name: str, action: str,
           target_type: str = "", target_id: str = "", details: dict[str, Any] | None = None) -> None:
    """Append one event to the chain in the session's (write) transaction."""
    append_many(session, [ChainEvent(actor_id, actor_name, action, target_type, target_id, details or {})])


@dataclass(frozen=True)
class ChainEvent:
    """An audit event of a batch, before it is chained (see `append_many`)."""

    actor_id: str | None
    actor_name: str
    action: str
    target_type: str
    target_id: str
    details: dict[str, Any]


def append_many(session: Session, events: list[ChainEvent]) -> None:
    """Append `events` to the chain in the given order, in the session's write
    transaction: one read of the head, then each event chained to the one before (the
    same rows `append` would write one by one), stored with one plain insert."""
    if not events:
        return
    session.flush()  # an event added as an object elsewhere in this transaction comes first
    chain = table(AuditEvent)  # plain SQL (the unlock's events go this way: no mapper configured)
    head = session.execute(select(chain.c.seq, chain.c.hash).order_by(chain.c.seq.desc()).limit(1)).first()
    seq, prev = (head[0], head[1]) if head else (0, GENESIS)
    rows = []
    for e in events:
        seq += 1
        at = utcnow()
        body = canonical(e.details)
        digest = event_hash(prev, seq, at, e.actor_id, e.actor_name, e.action, e.target_type, e.target_id, body)
        rows.append({"seq": seq, "at": at, "actor_id": e.actor_id, "actor_name": e.actor_name, "action": e.action,
                     "target_type": e.target_type, "target_id": e.target_id, "details": body, "prev_hash": prev,
                     "hash": digest})
        prev = digest
    session.execute(insert(chain), rows)


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of a chain check: `first_bad` is the seq of the first bad event; `reason`
    says what is wrong (altered, link, missing, truncated, anchor, checkpoint, or one of
    the checkpoint's own: no_checkpoint, signature, ceiling, keys, roster, node)."""

    ok: bool
    events: int
    first_bad: int | None
    reason: str = ""
    head_seq: int = 0
    head_hash: str = GENESIS
    checkpoint: int = 0  # the number of the checkpoint the chain was held against
    new_checkpoint: int = 0  # the number of the checkpoint signed after it passed (0: none recorded)


def verify(session: Session, anchor: tuple[int, str] | None = None,
           checkpoint: tuple[int, str] | None = None) -> VerifyResult:
    """Recompute the whole chain; it must pass through `anchor` and `checkpoint` (each a
    (seq, hash) the chain must reach with exactly that hash)."""
    marks = {name: mark for name, mark in (("anchor", anchor), ("checkpoint", checkpoint))
             if mark is not None and mark[0] > 0}
    by_seq: dict[int, list[tuple[str, str]]] = {}
    for name, (seq, digest) in marks.items():
        by_seq.setdefault(seq, []).append((name, digest))
    prev, expected_seq, count = GENESIS, 1, 0
    for ev in _iter_events(session):
        count += 1
        if ev.seq != expected_seq:
            return VerifyResult(False, count, expected_seq, "missing", expected_seq - 1, prev)
        if ev.prev_hash != prev:
            return VerifyResult(False, count, ev.seq, "link", ev.seq - 1, prev)
        recomputed = event_hash(prev, ev.seq, ev.at, ev.actor_id, ev.actor_name, ev.action,
                                ev.target_type, ev.target_id, ev.details)
        if recomputed != ev.hash:
            return VerifyResult(False, count, ev.seq, "altered", ev.seq - 1, prev)
        for name, digest in by_seq.get(ev.seq, ()):
            if ev.hash != digest:
                return VerifyResult(False, count, ev.seq, name, ev.seq - 1, prev)
        prev, expected_seq = ev.hash, ev.seq + 1
    if any(seq >= expected_seq for seq, _ in marks.values()):
        # The chain stops before a recorded head: events were cut off the end.
        return VerifyResult(False, count, expected_seq, "truncated", expected_seq - 1, prev)
    return VerifyResult(True, count, None, "", expected_seq - 1, prev)


def verify_since(session: Session, seq: int, digest: str) -> tuple[int, str] | None:
    """The head (seq, hash) if the event `seq` still has `digest` and every event after
    it links and hashes correctly; None otherwise. Cheap: it reads only the events
    after `seq`, so closing a session can check before it moves the anchor."""
    prev = GENESIS
    if seq > 0:
        events = table(AuditEvent).c
        row = session.execute(select(events.hash).where(events.seq == seq)).first()
        if row is None or row[0] != digest:
            return None
        prev = digest
    expected = seq + 1
    for ev in _iter_events(session, after=seq):
        if ev.seq != expected or ev.prev_hash != prev:
            return None
        if event_hash(prev, ev.seq, ev.at, ev.actor_id, ev.actor_name, ev.action, ev.target_type,
                      ev.target_id, ev.details) != ev.hash:
            return None
        prev, expected = ev.hash, ev.seq + 1
    return expected - 1, prev


def _iter_events(session: Session, batch: int = 5000, after: int = 0) -> Iterator[Row[Any]]:
    """The events after `after`, oldest first, as rows of the table (plain SQL: closing a
    session verifies the chain since its anchor, and that configures no ORM mapper)."""
    events = table(AuditEvent)
    last = after
    while True:
        rows = session.execute(
            select(events).where(events.c.seq > last).order_by(events.c.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def head(session: Session) -> tuple[int, str]:
    """(seq, hash) of the newest event, or (0, GENESIS). Plain SQL (read at every commit
    mark, the unlock's too: no mapper configured)."""
    events = table(AuditEvent).c
    row = session.execute(select(events.seq, events.hash).order_by(events.seq.desc()).limit(1)).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def export_rows(session: Session) -> Iterator[dict[str, Any]]:
    """Every event as a plain dict, oldest first (for `bjstc audit export`)."""
    for ev in _iter_events(session):
        yield {
            "seq": ev.seq, "at": ev.at.isoformat(timespec="microseconds") + "Z", "actor_id": ev.actor_id,
            "actor_name": ev.actor_name, "action": ev.action, "target_type": ev.target_type,
            "target_id": ev.target_id, "details": json.loads(ev.details), "prev_hash": ev.prev_hash,
            "hash": ev.hash,
        }
