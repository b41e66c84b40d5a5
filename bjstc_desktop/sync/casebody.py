"""The canonical body of a case revision, read from the current-state tables: the
common columns, typed fields, clocks, parties, timeline and attachments by content hash
(docs/sync-format.md §Case body). Building a body from tables and applying it back
(ops/sync_apply.py) are inverse operations."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.store.models import (
    Attachment,
    Case,
    CaseClock,
    CaseField,
    TimelineEvent,
    User,
)
from bjstc_desktop.store.repositories.case_index import parties_of

BODY_VERSION = 1
IDENTITY = ("case_type", "module", "case_no")
SCALARS = ("title", "state", "secrecy_period", "declassify_condition", "knowers", "classified_on", "classifier",
           "district", "office", "received_on", "accepted_on", "closed_on", "parent_id")
DATE_SCALARS = ("classified_on", "received_on", "accepted_on", "closed_on")
SYNC_ACTOR = "sync_actor"  # where an imported timeline entry keeps its author's name


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else value


def field_values(s: Session, case_id: str) -> dict[str, Any]:
    """The typed fields as plain values (as CaseRepository.fields_of)."""
    from bjstc_desktop.store.repositories.cases import _field_value

    rows = s.execute(select(CaseField).where(CaseField.case_id == case_id)).scalars()
    return {r.key: _field_value(r) for r in rows}


def case_body(s: Session, case: Case, identity: dict[str, Any] | None = None) -> dict[str, Any]:
    """The whole case as one canonical body; `identity` (from the record's first
    revision) keeps case type, module and 案号 immutable across nodes."""
    body: dict[str, Any] = {"v": BODY_VERSION, "case_type": case.case_type, "module": case.module,
                            "case_no": case.case_no, "classification": int(case.classification)}
    if identity:
        body.update({k: identity[k] for k in IDENTITY if k in identity})
    for key in SCALARS:
        body[key] = _iso(getattr(case, key))
    body["fields"] = field_values(s, case.id)
    body["clocks"] = {r.key: {"kind": r.kind, "state": json.loads(r.state)}
                      for r in s.execute(select(CaseClock).where(CaseClock.case_id == case.id)).scalars()}
    links = parties_of(s, [case.id]).get(case.id, [])  # objects: a classified case's links are sealed
    body["parties"] = sorted({(p.role, org.uscc, org.name) for p, org in links if org is not None and org.uscc})
    body["parties"] = [list(p) for p in body["parties"]]
    names = dict(s.execute(select(User.id, User.name)).all())
    timeline: dict[str, Any] = {}
    for e in s.execute(select(TimelineEvent).where(TimelineEvent.case_id == case.id)).scalars():
        details = json.loads(e.details or "{}")
        actor = names.get(e.actor_id, "") if e.actor_id else str(details.pop(SYNC_ACTOR, ""))
        details.pop(SYNC_ACTOR, None)
        timeline[e.id] = {"at": e.at.isoformat(timespec="microseconds"), "actor": actor, "action": e.action,
                          "from": e.from_state, "to": e.to_state, "opinion": e.opinion, "details": details}
    body["timeline"] = timeline
    body["attachments"] = {
        a.id: {"sha256": a.sha256, "size": a.size, "filename": a.filename, "item": a.checklist_item,
               "received_on": _iso(a.received_on)}
        for a in s.execute(select(Attachment).where(Attachment.case_id == case.id)).scalars()}
    return body


def tombstone_body(identity: dict[str, Any]) -> dict[str, Any]:
    """What a deletion revision carries: who it was (never its content)."""
    return {"v": BODY_VERSION, **{k: identity[k] for k in (*IDENTITY, "classification")}}


def attachment_hashes(body: dict[str, Any]) -> set[str]:
    """The content hashes a body refers to."""
    return {a["sha256"] for a in (body.get("attachments") or {}).values()}
