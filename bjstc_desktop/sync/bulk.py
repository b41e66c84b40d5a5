"""Storing a package's revisions in bulk: one query per few hundred revisions to learn
what is known, the heads worked out in memory, then plain inserts. Same rules as
dag.insert (idempotent; a revision that arrives after its descendant is history)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select, tuple_
from sqlalchemy.orm import Session

from bjstc_desktop.store.sealing import keys_of, seal_values
from bjstc_desktop.store.sync_models import SyncHead, SyncRevision
from bjstc_desktop.sync import canonical
from bjstc_desktop.sync.dag import RevisionData

_BATCH = 400


def _batches(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), _BATCH):
        yield items[i : i + _BATCH]


@dataclass
class Stored:
    """What a bulk insert changed."""

    touched: dict[str, str] = field(default_factory=dict)  # record id → module, for records with a new revision
    fresh: dict[str, RevisionData] = field(default_factory=dict)  # records new here with exactly one head


def insert_many(s: Session, revisions: list[RevisionData], received_from: str | None) -> Stored:
    """Store every unknown revision of `revisions`; update the heads."""
    unique = {r.rev_id: r for r in revisions}
    known: set[str] = set()
    for chunk in _batches(sorted(unique)):
        known |= set(s.execute(select(SyncRevision.rev_id).where(SyncRevision.rev_id.in_(chunk))).scalars())
    new = sorted((r for r in unique.values() if r.rev_id not in known), key=lambda r: (r.record_id, r.gen, r.rev_id))
    records = sorted({r.record_id for r in new})
    heads: dict[str, dict[str, set[str]]] = {}
    for chunk in _batches(records):
        q = (select(SyncHead.record_id, SyncRevision.rev_id, SyncRevision.ancestry)
             .join(SyncRevision, SyncRevision.rev_id == SyncHead.rev_id).where(SyncHead.record_id.in_(chunk)))
        for rid, rev, ancestry in s.execute(q):
            heads.setdefault(rid, {})[rev] = set(json.loads(ancestry))
    existed = set(heads)
    removed: set[tuple[str, str]] = set()
    added: set[tuple[str, str]] = set()
    for r in new:
        current = heads.setdefault(r.record_id, {})
        ancestors = set(r.ancestry)
        is_head = True
        for h, h_ancestry in list(current.items()):
            if h in ancestors:
                del current[h]
                if (r.record_id, h) in added:
                    added.discard((r.record_id, h))
                else:
                    removed.add((r.record_id, h))
            elif r.rev_id in h_ancestry:
                is_head = False
        if is_head:
            current[r.rev_id] = ancestors
            added.add((r.record_id, r.rev_id))
    rows = [{"rev_id": r.rev_id, "record_type": r.record_type, "record_id": r.record_id,
             "parents": json.dumps(list(r.parents)), "ancestry": json.dumps(list(r.ancestry)), "gen": r.gen,
             "author_node": r.author_node, "author_name": r.author_name, "hlc": r.hlc, "deleted": r.deleted,
             "classification": r.classification, "module": r.module, "body": canonical.dumps(r.body).decode("utf-8"),
             "received_from": received_from} for r in new]
    keys = keys_of(s)  # a body above 公开 is stored sealed with its level's key
    rows = [seal_values(keys, SyncRevision, row) for row in rows]
    for i in range(0, len(rows), _BATCH):
        s.execute(insert(SyncRevision), rows[i : i + _BATCH])
    gone = sorted(removed)
    for i in range(0, len(gone), _BATCH):
        s.execute(delete(SyncHead).where(tuple_(SyncHead.record_id, SyncHead.rev_id).in_(gone[i : i + _BATCH])))
    fresh_heads = sorted(added)
    for i in range(0, len(fresh_heads), _BATCH):
        s.execute(insert(SyncHead), [{"record_id": a, "rev_id": b} for a, b in fresh_heads[i : i + _BATCH]])
    out = Stored()
    by_rev = {r.rev_id: r for r in new}
    for r in new:
        out.touched[r.record_id] = r.module
    for rid in records:
        if rid not in existed and len(heads[rid]) == 1:
            out.fresh[rid] = by_rev[next(iter(heads[rid]))]
    return out
