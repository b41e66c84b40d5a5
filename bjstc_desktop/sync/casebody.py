"""The canonical body of a case revision, read from the current-state tables: the
common columns, typed fields, clocks, parties, timeline and attachments by content hash
(docs/sync-format.md §Case body). Building a body from tables and applying it back
(ops/sync_apply.py) are inverse operations."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.store.duty_models import ArchiveItem, PanelDraw, PanelMember
from bjstc_desktop.store.models import (
    Attachment,
    Case,
    CaseClock,
    CaseField,
    TimelineEvent,
    User,
)
from bjstc_desktop.store.repositories.case_index import parties_of
from bjstc_desktop.sync.shapes import CASE_SCALARS

BODY_VERSION = 2  # 2 (issue 17): live bodies carry panel_draws, panel_members and archive
READABLE_BODY_VERSIONS = (1, 2)  # a version-1 body is a case without panel or 件
IDENTITY = ("case_type", "module", "case_no")
SCALARS = CASE_SCALARS
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
    body.update(panel_and_archive(s, case.id))
    return body


DRAW_KEYS = ("seq", "kind", "seed", "size", "fields", "need", "pool", "excluded", "chosen", "staying", "reason",
             "replaced", "drawn_on")
MEMBER_KEYS = ("expert", "draw", "category", "status", "reason", "scores", "total", "opinion", "scored_on",
               "invitation_no")
ITEM_KEYS = ("kind", "fonds", "year", "retention", "retention_code", "item_no", "archive_no", "title", "doc_no",
             "issued_on", "pages", "filed_on")


def panel_and_archive(s: Session, case_id: str) -> dict[str, Any]:
    """The case's expert panel (draws as recorded, so any node can replay them; members
    with their scores) and its filed 件 (档号). Local user ids and letter ids stay here."""
    draws = {d.id: {"seq": d.seq, "kind": d.kind, "seed": d.seed, "size": d.size, "fields": d.fields,
                    "need": json.loads(d.need), "pool": json.loads(d.pool), "excluded": json.loads(d.excluded),
                    "chosen": json.loads(d.chosen), "staying": json.loads(d.staying), "reason": d.reason,
                    "replaced": d.replaced_member_id, "drawn_on": _iso(d.drawn_on)}
             for d in s.execute(select(PanelDraw).where(PanelDraw.case_id == case_id)).scalars()}
    members = {m.id: {"expert": m.expert_id, "draw": m.draw_id, "category": m.category, "status": m.status,
                      "reason": m.reason, "scores": json.loads(m.scores or "{}"), "total": m.total,
                      "opinion": m.opinion, "scored_on": _iso(m.scored_on), "invitation_no": m.invitation_no}
               for m in s.execute(select(PanelMember).where(PanelMember.case_id == case_id)).scalars()}
    archive = {i.id: {"kind": i.kind, "fonds": i.fonds, "year": i.year, "retention": i.retention,
                      "retention_code": i.retention_code, "item_no": i.item_no, "archive_no": i.archive_no,
                      "title": i.title, "doc_no": i.doc_no, "issued_on": _iso(i.issued_on), "pages": i.pages,
                      "filed_on": _iso(i.filed_on)}
               for i in s.execute(select(ArchiveItem).where(ArchiveItem.case_id == case_id)).scalars()}
    return {"panel_draws": draws, "panel_members": members, "archive": archive}


def tombstone_body(identity: dict[str, Any]) -> dict[str, Any]:
    """What a deletion revision carries: who it was (never its content)."""
    return {"v": BODY_VERSION, **{k: identity[k] for k in (*IDENTITY, "classification")}}


def attachment_hashes(body: dict[str, Any]) -> set[str]:
    """The content hashes a body refers to."""
    return {a["sha256"] for a in (body.get("attachments") or {}).values()}
