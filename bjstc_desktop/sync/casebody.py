"""The canonical body of a case revision, read from the current-state tables: the
common columns, typed fields, clocks, parties, timeline and attachments by content hash
(docs/sync-format.md §Case body). Building a body from tables and applying it back
(ops/sync_apply.py) are inverse operations."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
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
from bjstc_desktop.sync.shapes import CASE_SCALARS, SYNC_ACTOR

BODY_VERSION = 2  # 2 (issue 17): live bodies carry panel_draws, panel_members and archive
READABLE_BODY_VERSIONS = (1, 2)  # a version-1 body is a case without panel or 件
IDENTITY = ("case_type", "module", "case_no")
SCALARS = CASE_SCALARS
DATE_SCALARS = ("classified_on", "received_on", "accepted_on", "closed_on")
_CHUNK = 500  # case ids per IN (...) query


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
    return case_bodies(s, [case], {case.id: identity} if identity else None)[case.id]


def _by_case(s: Session, model: Any, ids: list[str]) -> dict[str, list[Any]]:
    """The rows of `model` of each case, as objects (so sealed rows read opened), in
    chunks of ids (one query per chunk, not per case)."""
    out: dict[str, list[Any]] = defaultdict(list)
    for i in range(0, len(ids), _CHUNK):
        for row in s.execute(select(model).where(model.case_id.in_(ids[i:i + _CHUNK]))).scalars():
            out[row.case_id].append(row)
    return out


def case_bodies(s: Session, cases: Sequence[Case],
                identities: Mapping[str, dict[str, Any] | None] | None = None) -> dict[str, dict[str, Any]]:
    """`case_body` of many cases with one query per table per chunk of cases: the same
    bodies, whether a case is written alone or in a batch."""
    from bjstc_desktop.store.repositories.cases import _field_value

    ids = [c.id for c in cases]
    fields, clocks = _by_case(s, CaseField, ids), _by_case(s, CaseClock, ids)
    events, attachments = _by_case(s, TimelineEvent, ids), _by_case(s, Attachment, ids)
    parties = parties_of(s, ids)  # objects: a classified case's links are sealed
    extras = panels_and_archives(s, ids)
    names = dict(s.execute(select(User.id, User.name)).all())
    out: dict[str, dict[str, Any]] = {}
    for case in cases:
        body: dict[str, Any] = {"v": BODY_VERSION, "case_type": case.case_type, "module": case.module,
                                "case_no": case.case_no, "classification": int(case.classification)}
        identity = (identities or {}).get(case.id)
        if identity:
            body.update({k: identity[k] for k in IDENTITY if k in identity})
        for key in SCALARS:
            body[key] = _iso(getattr(case, key))
        body["fields"] = {r.key: _field_value(r) for r in fields.get(case.id, ())}
        body["clocks"] = {r.key: {"kind": r.kind, "state": json.loads(r.state)} for r in clocks.get(case.id, ())}
        links = parties.get(case.id, [])
        body["parties"] = [list(p) for p in sorted({(p.role, org.uscc, org.name) for p, org in links
                                                    if org is not None and org.uscc})]
        timeline: dict[str, Any] = {}
        for e in events.get(case.id, ()):
            details = json.loads(e.details or "{}")
            actor = names.get(e.actor_id, "") if e.actor_id else str(details.pop(SYNC_ACTOR, ""))
            details.pop(SYNC_ACTOR, None)
            timeline[e.id] = {"at": e.at.isoformat(timespec="microseconds"), "actor": actor, "action": e.action,
                              "from": e.from_state, "to": e.to_state, "opinion": e.opinion, "details": details}
        body["timeline"] = timeline
        body["attachments"] = {
            a.id: {"sha256": a.sha256, "size": a.size, "filename": a.filename, "item": a.checklist_item,
                   "received_on": _iso(a.received_on)}
            for a in attachments.get(case.id, ())}
        body.update(extras[case.id])
        out[case.id] = body
    return out


DRAW_KEYS = ("seq", "kind", "seed", "size", "fields", "need", "pool", "excluded", "chosen", "staying", "reason",
             "replaced", "drawn_on")
MEMBER_KEYS = ("expert", "draw", "category", "status", "reason", "scores", "total", "opinion", "scored_on",
               "invitation_no")
ITEM_KEYS = ("kind", "fonds", "year", "retention", "retention_code", "item_no", "archive_no", "title", "doc_no",
             "issued_on", "pages", "filed_on")


def panel_and_archive(s: Session, case_id: str) -> dict[str, Any]:
    """The case's expert panel (draws as recorded, so any node can replay them; members
    with their scores) and its filed 件 (档号). Local user ids and letter ids stay here."""
    return panels_and_archives(s, [case_id])[case_id]


def panels_and_archives(s: Session, ids: list[str]) -> dict[str, dict[str, Any]]:
    """`panel_and_archive` of many cases, one query per table per chunk."""
    draws, members, items = _by_case(s, PanelDraw, ids), _by_case(s, PanelMember, ids), _by_case(s, ArchiveItem, ids)
    return {case_id: {
        "panel_draws": {d.id: {"seq": d.seq, "kind": d.kind, "seed": d.seed, "size": d.size, "fields": d.fields,
                               "need": json.loads(d.need), "pool": json.loads(d.pool),
                               "excluded": json.loads(d.excluded), "chosen": json.loads(d.chosen),
                               "staying": json.loads(d.staying), "reason": d.reason,
                               "replaced": d.replaced_member_id, "drawn_on": _iso(d.drawn_on)}
                        for d in draws.get(case_id, ())},
        "panel_members": {m.id: {"expert": m.expert_id, "draw": m.draw_id, "category": m.category,
                                 "status": m.status, "reason": m.reason, "scores": json.loads(m.scores or "{}"),
                                 "total": m.total, "opinion": m.opinion, "scored_on": _iso(m.scored_on),
                                 "invitation_no": m.invitation_no}
                          for m in members.get(case_id, ())},
        "archive": {i.id: {"kind": i.kind, "fonds": i.fonds, "year": i.year, "retention": i.retention,
                           "retention_code": i.retention_code, "item_no": i.item_no, "archive_no": i.archive_no,
                           "title": i.title, "doc_no": i.doc_no, "issued_on": _iso(i.issued_on), "pages": i.pages,
                           "filed_on": _iso(i.filed_on)}
                    for i in items.get(case_id, ())},
    } for case_id in ids}


def tombstone_body(identity: dict[str, Any]) -> dict[str, Any]:
    """What a deletion revision carries: who it was (never its content)."""
    return {"v": BODY_VERSION, **{k: identity[k] for k in (*IDENTITY, "classification")}}


def attachment_hashes(body: dict[str, Any]) -> set[str]:
    """The content hashes a body refers to."""
    return {a["sha256"] for a in (body.get("attachments") or {}).values()}
