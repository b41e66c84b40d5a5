"""Storing a package's revisions in bulk: one query per few hundred revisions to learn
what is known and what is stored about their records, each new revision judged
(sync/admission.py) against that stored state, the heads worked out in memory, then
plain inserts. Same rules as dag.insert (idempotent; a revision that arrives after its
descendant is history)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, select, tuple_
from sqlalchemy.orm import Session

from bjstc_desktop.store.models import Case
from bjstc_desktop.store.plaininsert import insert_rows
from bjstc_desktop.store.portable import json_text
from bjstc_desktop.store.sealing import keys_of, sealed_row
from bjstc_desktop.store.sync_models import SyncHead, SyncRevision
from bjstc_desktop.sync.admission import Head, RecordState, supersede
from bjstc_desktop.sync.dag import RevisionData
from bjstc_desktop.sync.shapes import REGISTERS

_BATCH = 400
Judge = Callable[[RevisionData, RecordState], bool]


def _json_list(ids: tuple[str, ...]) -> str:
    """json.dumps of the list (a first revision's are empty: "[]" without the encoder)."""
    return json.dumps(list(ids)) if ids else "[]"


def _batches(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), _BATCH):
        yield items[i : i + _BATCH]


@dataclass
class Stored:
    """What a bulk insert changed."""

    touched: dict[str, str] = field(default_factory=dict)  # record id → module, for records with a new revision
    fresh: set[str] = field(default_factory=set)  # records new here with exactly one head


def record_states(s: Session, record_ids: list[str]) -> dict[str, RecordState]:
    """What is stored about each record: identity and heads (level, ancestry), or the
    case row of a case that has no revision yet."""
    states = {rid: RecordState() for rid in record_ids}
    for chunk in _batches(record_ids):
        q = (select(SyncHead.record_id, SyncRevision.rev_id, SyncRevision.ancestry, SyncRevision.classification,
                    json_text(SyncRevision.body, "case_type"), SyncRevision.module,
                    json_text(SyncRevision.body, "case_no"), SyncRevision.record_type)
             .join(SyncRevision, SyncRevision.rev_id == SyncHead.rev_id).where(SyncHead.record_id.in_(chunk)))
        for rid, rev, ancestry, level, case_type, module, case_no, record_type in s.execute(q):
            state = states[rid]
            state.heads[rev] = Head(level, frozenset(json.loads(ancestry)), module)
            if state.identity is None:
                state.identity = (record_type, "", "") if record_type in REGISTERS else (case_type, module, case_no)
        bare = [rid for rid in chunk if not states[rid].heads]
        if bare:
            rows = s.execute(select(Case.id, Case.case_type, Case.module, Case.case_no, Case.classification)
                             .where(Case.id.in_(bare)))
            for rid, case_type, module, case_no, level in rows:
                states[rid].identity = (case_type, module, case_no)
                states[rid].row_level = level
    return states


def insert_many(s: Session, revisions: list[RevisionData], received_from: str | None,
                judge: Judge | None = None) -> Stored:
    """Store every unknown revision of `revisions` that `judge` admits (every one
    without a judge); update the heads."""
    unique = {r.rev_id: r for r in revisions}
    known: set[str] = set()
    for chunk in _batches(sorted(unique)):
        known |= set(s.execute(select(SyncRevision.rev_id).where(SyncRevision.rev_id.in_(chunk))).scalars())
    new = sorted((r for r in unique.values() if r.rev_id not in known), key=lambda r: (r.record_id, r.gen, r.rev_id))
    records = sorted({r.record_id for r in new})
    states = record_states(s, records)
    existed = {rid for rid, st in states.items() if st.heads}
    removed: set[tuple[str, str]] = set()
    added: set[tuple[str, str]] = set()
    admitted: list[RevisionData] = []
    for r in new:
        state = states[r.record_id]
        if judge is not None and not judge(r, state):
            continue
        gone, is_head = supersede(state, r)
        for h in gone:
            if (r.record_id, h) in added:
                added.discard((r.record_id, h))
            else:
                removed.add((r.record_id, h))
        if is_head:
            added.add((r.record_id, r.rev_id))
        admitted.append(r)
    keys = keys_of(s)  # a body above 公开 is stored sealed with its level's key
    rows = [sealed_row(keys, SyncRevision, {
        "rev_id": r.rev_id, "record_type": r.record_type, "record_id": r.record_id,
        "parents": _json_list(r.parents), "ancestry": _json_list(r.ancestry), "gen": r.gen,
        "author_node": r.author_node, "author_name": r.author_name, "hlc": r.hlc, "deleted": r.deleted,
        "classification": r.classification, "module": r.module, "body": r.body_text,
        "received_from": received_from, "signature": r.signature or None}, r.classification) for r in admitted]
    insert_rows(s, SyncRevision, rows)  # one prepared executemany: the rows are complete and sealed already
    del rows
    gone_heads = sorted(removed)
    for i in range(0, len(gone_heads), _BATCH):
        s.execute(delete(SyncHead).where(tuple_(SyncHead.record_id, SyncHead.rev_id).in_(gone_heads[i : i + _BATCH])))
    fresh_heads = sorted(added)
    for i in range(0, len(fresh_heads), _BATCH):
        insert_rows(s, SyncHead, [{"record_id": a, "rev_id": b} for a, b in fresh_heads[i : i + _BATCH]])
    out = Stored()
    for r in admitted:
        out.touched[r.record_id] = r.module
        if r.record_id not in existed and len(states[r.record_id].heads) == 1:
            out.fresh.add(r.record_id)
    return out
