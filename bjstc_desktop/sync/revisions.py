"""Recording revisions from the write paths: every case change goes through the unit
of work in ops/case_changes.py, which calls `record_case_revision` once per changed case
inside the change's own transaction, so the change, its revision, its timeline entry,
its search document and its audit event commit together or not at all. A batch (an
import, a bulk action, the demo) records the revisions of its cases together with
`record_case_revisions`: the same revisions, from one read per table."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, tuple_
from sqlalchemy.orm import Session

from bjstc_desktop.store.duty_models import Expert, IntegrityRecordRow
from bjstc_desktop.store.models import Case
from bjstc_desktop.store.sealing import keys_of, seal_values
from bjstc_desktop.store.sync_models import SyncHead, SyncRevision
from bjstc_desktop.sync import canonical, dag
from bjstc_desktop.sync.casebody import IDENTITY, case_bodies, case_body, tombstone_body
from bjstc_desktop.sync.hlc import tick
from bjstc_desktop.sync.registerbody import expert_body, integrity_body
from bjstc_desktop.sync.shapes import CASE, EXPERT, INTEGRITY, scope_text

_CHUNK = 500  # record ids per IN (...) query


def _identity(view_state: dict[str, Any] | None, heads: list[Any]) -> dict[str, Any] | None:
    for h in heads:
        if all(k in h.body for k in IDENTITY):
            return {k: h.body[k] for k in IDENTITY}
    return view_state


def carry_over(session: Session, body: dict[str, Any], state: dict[str, Any]) -> None:
    """Keep what the tables here cannot hold, so an edit here never erases it elsewhere:
    a parent case this workstation does not have, and the other office's spelling of a
    party's name."""
    parent = state.get("parent_id")
    if body.get("parent_id") is None and parent and session.get(Case, parent) is None:
        body["parent_id"] = parent
    names = {(p[0], p[1]): p[2] for p in state.get("parties") or []}
    body["parties"] = sorted([p[0], p[1], names.get((p[0], p[1]), p[2])] for p in body["parties"])
    # Panel members whose expert is not on this workstation (held back for its level or
    # scope, or entered here under another record) live in the revisions only.
    waiting = {k: m for k, m in (state.get("panel_members") or {}).items()
               if k not in body["panel_members"] and isinstance(m, dict)}
    if waiting:
        here = set(session.execute(select(Expert.id).where(Expert.id.in_(sorted({m["expert"] for m in
                                                                                  waiting.values()})))).scalars())
        body["panel_members"].update({k: m for k, m in waiting.items() if m["expert"] not in here})


def record_case_revision(session: Session, case: Case, node_id: str, officer: str) -> str | None:
    """Record the case's current state as a new revision (if it differs from what the
    record's revisions already say). Returns the new revision id, or None."""
    session.flush()
    view = dag.merged(session, case.id)
    identity = _identity(None, view.heads) if view else None
    body = case_body(session, case, identity)
    if view is not None and view.state is not None:
        carry_over(session, body, view.state)
    if view is not None and view.state == body:
        return None
    rev = dag.author(session, node_id=node_id, officer=officer, record_type=CASE, record_id=case.id, body=body)
    if view is not None and view.conflicts:
        dag.refresh_conflicts(session, case.id, dag.merged(session, case.id))
    return rev.rev_id


def record_case_revisions(session: Session, cases: Sequence[Case], node_id: str, officer: str) -> dict[str, str | None]:
    """`record_case_revision` for many cases in one go (imports, bulk actions, the demo's
    walks): the bodies of the cases no revision is known of yet (new ones), and of those
    with one live head (no merge to make: the head's body is the state), come from one
    read of their rows per table (sync/casebody.py case_bodies), and their revisions are
    stored with one insert per table; a record with several heads or a tombstone goes
    through `record_case_revision`, as a single change would. Case id → the new
    revision id (None: the body did not change)."""
    session.flush()
    ids = [c.id for c in cases]
    heads: dict[str, list[SyncRevision]] = {}
    for i in range(0, len(ids), _CHUNK):  # objects: a sealed head's body opens on load
        for row in session.execute(select(SyncRevision).join(SyncHead, SyncHead.rev_id == SyncRevision.rev_id)
                                   .where(SyncHead.record_id.in_(ids[i:i + _CHUNK]))).scalars():
            heads.setdefault(row.record_id, []).append(row)
    out: dict[str, str | None] = {}
    simple = [c for c in cases if len(heads.get(c.id, ())) <= 1 and not any(h.deleted for h in heads.get(c.id, ()))]
    if simple:
        parent = {c.id: heads[c.id][0] for c in simple if c.id in heads}
        states = {case_id: json.loads(row.body) for case_id, row in parent.items()}
        bodies = case_bodies(session, simple, {case_id: {k: state[k] for k in IDENTITY}
                                               for case_id, state in states.items() if all(k in state for k in IDENTITY)})
        changed = []
        for case in simple:
            body, state = bodies[case.id], states.get(case.id)
            if state is not None:
                carry_over(session, body, state)
                if state == body:
                    out[case.id] = None
                    continue
            changed.append(FirstRevision(case.id, int(case.classification), case.module, body))
        out.update(record_first_revisions(session, changed, node_id, officer, parents=parent))
    for case in cases:
        if case.id not in out:
            out[case.id] = record_case_revision(session, case, node_id, officer)
    return out


@dataclass(frozen=True)
class FirstRevision:
    """The first revision of a case no revision is known of yet: its body as
    sync/casebody.py `case_bodies` would read it from the case's rows."""

    case_id: str
    classification: int
    module: str
    body: dict[str, Any]
    record_type: str = CASE  # or a register's (its first revision, `record_register_revisions`)


def record_first_revisions(session: Session, firsts: Sequence[FirstRevision], node_id: str, officer: str,
                           parents: Mapping[str, SyncRevision] | None = None) -> dict[str, str]:
    """Store a new revision of each case with one insert per table (a body above 公开
    sealed with its level's key, as the ORM would): its first, or the next over its one
    live head (`parents`: case id → that head, which stops being one). Case id →
    revision id. The writer of new cases (ops/new_cases.py) passes the bodies it built
    from the values it wrote, so nothing is read back."""
    if not firsts:
        return {}
    parents = parents or {}
    clock = dag.node_clock(session, node_id)
    keys = keys_of(session)
    rows, heads, out = [], [], {}
    for first in firsts:
        clock = tick(clock)
        head = parents.get(first.case_id)
        over = (head.rev_id,) if head is not None else ()
        gen = head.gen + 1 if head is not None else 1
        ancestry = list(dag.ancestry_of([head])) if head is not None else []
        rev_id = dag.compute_rev_id(first.record_type, first.case_id, over, gen, first.body, node_id, officer,
                                    clock.text(), False)
        rows.append(seal_values(keys, SyncRevision, {
            "rev_id": rev_id, "record_type": first.record_type, "record_id": first.case_id, "parents": json.dumps(list(over)),
            "ancestry": json.dumps(ancestry), "gen": gen, "author_node": node_id, "author_name": officer,
            "hlc": clock.text(), "deleted": False, "classification": first.classification, "module": first.module,
            "body": canonical.dumps(first.body).decode("utf-8"), "received_from": None, "signature": None}))
        heads.append({"record_id": first.case_id, "rev_id": rev_id})
        out[first.case_id] = rev_id
    replaced = [(case_id, head.rev_id) for case_id, head in parents.items() if case_id in out]
    for i in range(0, len(replaced), _CHUNK):
        session.execute(delete(SyncHead).where(tuple_(SyncHead.record_id, SyncHead.rev_id).in_(replaced[i:i + _CHUNK])))
    session.execute(insert(SyncRevision), rows)
    session.execute(insert(SyncHead), heads)
    dag.set_node_clock(session, node_id, clock)
    return out


def record_case_deletion(session: Session, case: Case, node_id: str, officer: str) -> str:
    """A tombstone revision over every head of the case (the case row is removed by the caller)."""
    session.flush()
    view = dag.merged(session, case.id)
    identity = _identity(None, view.heads) if view else None
    body = tombstone_body({**case_body(session, case, identity)})
    rows = dag.head_rows(session, case.id)
    rev = dag.author(session, node_id=node_id, officer=officer, record_type=CASE, record_id=case.id, body=body,
                     deleted=True, parents=[r.rev_id for r in rows])
    dag.refresh_conflicts(session, case.id, None)
    return rev.rev_id


def record_new_register_revisions(session: Session, rows: Sequence[Expert | IntegrityRecordRow], node_id: str,
                                  officer: str) -> dict[str, str]:
    """The first revision of each new expert or 科研失信 record (an import's new rows),
    with one insert per table: the same revisions `record_register_revision` would
    write one by one. Record id → revision id."""
    session.flush()
    firsts = []
    for row in rows:
        record_type, body = (EXPERT, expert_body(session, row)) if isinstance(row, Expert) else \
            (INTEGRITY, integrity_body(row))
        firsts.append(FirstRevision(row.id, int(body.get("classification", 0)),
                                    scope_text(body["modules"]) if isinstance(body.get("modules"), list) else "",
                                    body, record_type))
    return record_first_revisions(session, firsts, node_id, officer)


def record_register_revision(session: Session, row: Expert | IntegrityRecordRow, node_id: str,
                             officer: str) -> str | None:
    """Record an expert's or a 科研失信 record's current state as a new revision (if it
    differs from what its revisions say), in the caller's transaction. Every write path
    of the two registers calls this once. Returns the new revision id, or None."""
    session.flush()
    if isinstance(row, Expert):
        record_type, body = EXPERT, expert_body(session, row)
    else:
        record_type, body = INTEGRITY, integrity_body(row)
    view = dag.merged(session, row.id)
    if view is not None and view.state == body:
        return None
    rev = dag.author(session, node_id=node_id, officer=officer, record_type=record_type, record_id=row.id, body=body)
    if view is not None and view.conflicts:
        dag.refresh_conflicts(session, row.id, dag.merged(session, row.id))
    return rev.rev_id
