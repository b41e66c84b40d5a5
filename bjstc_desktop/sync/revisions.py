"""Recording revisions from the write paths: every case change goes through the unit
of work in ops/case_changes.py, which calls `record_case_revision` once per changed case
inside the change's own transaction, so the change, its revision, its timeline entry,
its search document and its audit event commit together or not at all."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bjstc_desktop.store.models import Case
from bjstc_desktop.sync import dag
from bjstc_desktop.sync.casebody import IDENTITY, case_body, tombstone_body

CASE = "case"


def _identity(view_state: dict[str, Any] | None, heads: list[Any]) -> dict[str, Any] | None:
    for h in heads:
        if all(k in h.body for k in IDENTITY):
            return {k: h.body[k] for k in IDENTITY}
    return view_state


def _carry_over(session: Session, body: dict[str, Any], state: dict[str, Any]) -> None:
    """Keep what the tables here cannot hold, so an edit here never erases it elsewhere:
    a parent case this workstation does not have, and the other office's spelling of a
    party's name."""
    parent = state.get("parent_id")
    if body.get("parent_id") is None and parent and session.get(Case, parent) is None:
        body["parent_id"] = parent
    names = {(p[0], p[1]): p[2] for p in state.get("parties") or []}
    body["parties"] = sorted([p[0], p[1], names.get((p[0], p[1]), p[2])] for p in body["parties"])


def record_case_revision(session: Session, case: Case, node_id: str, officer: str) -> str | None:
    """Record the case's current state as a new revision (if it differs from what the
    record's revisions already say). Returns the new revision id, or None."""
    session.flush()
    view = dag.merged(session, case.id)
    identity = _identity(None, view.heads) if view else None
    body = case_body(session, case, identity)
    if view is not None and view.state is not None:
        _carry_over(session, body, view.state)
    if view is not None and view.state == body:
        return None
    rev = dag.author(session, node_id=node_id, officer=officer, record_type=CASE, record_id=case.id, body=body)
    if view is not None and view.conflicts:
        dag.refresh_conflicts(session, case.id, dag.merged(session, case.id))
    return rev.rev_id


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
