"""Make the office-wide registers say what their merged revisions say: an expert of the
专家库 (with his relations and review history) or a 科研失信 record. The inverse of
sync.registerbody. A record whose key (the expert's ID number; the record's subject,
decision and measure) another record of this workstation already holds — the same
person or finding entered at two offices — is not applied: it stays in the revisions
and the import warns (`register_duplicate`), so nothing is lost and nothing doubles."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.store.duty_models import Expert, ExpertRelation, ExpertReview, IntegrityRecordRow
from bjstc_desktop.store.models import utcnow
from bjstc_desktop.store.repositories.experts import experts_by_id_number
from bjstc_desktop.store.repositories.integrity import records_by_key
from bjstc_desktop.store.repositories.scope import encode_scope
from bjstc_desktop.store.sealing import touch
from bjstc_desktop.sync.merge import MergeView
from bjstc_desktop.sync.registerbody import expert_body, integrity_body
from bjstc_desktop.sync.shapes import EXPERT

DUPLICATE = "duplicate"
_EXPERT_COLUMNS = ("name", "employer", "employer_uscc", "disciplines", "category", "professional_title", "phone",
                   "email", "status", "note", "classification")
_INTEGRITY_COLUMNS = ("name", "source", "status", "note", "revoke_reason", "classification")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def apply_register(s: Session, record_type: str, record_id: str, view: MergeView | None) -> str:
    """Bring an expert or a 科研失信 record in line with `view`; returns new, updated,
    unchanged or duplicate."""
    if view is None or view.state is None:
        return "unchanged"  # registers have no deletion
    if record_type == EXPERT:
        return _expert(s, record_id, view.state)
    return _integrity(s, record_id, view.state)


def _expert(s: Session, record_id: str, state: dict[str, Any]) -> str:
    row = s.get(Expert, record_id)
    outcome = "updated"
    if row is None:
        if experts_by_id_number(s, [state["id_number"]]):
            return DUPLICATE
        row = Expert(id=record_id, id_number=state["id_number"], name=state["name"], category=state["category"],
                     modules="")
        s.add(row)
        s.flush()
        outcome = "new"
    elif expert_body(s, row) == state:
        return "unchanged"
    relevel = row.classification != state["classification"]
    for key in _EXPERT_COLUMNS:
        setattr(row, key, state[key])
    row.modules = encode_scope(state["modules"])
    row.updated_at = utcnow()
    relations = {r.id: r for r in s.execute(select(ExpertRelation).where(ExpertRelation.expert_id == row.id)).scalars()}
    for rid, r in relations.items():
        if rid not in state["relations"]:
            s.delete(r)
    for rid, r in state["relations"].items():
        have = relations.get(rid)
        if have is None:
            s.add(ExpertRelation(id=rid, expert_id=row.id, **r))
        else:
            for k, v in r.items():
                setattr(have, k, v)
    history = set(s.execute(select(ExpertReview.id).where(ExpertReview.expert_id == row.id)).scalars())
    for hid, h in state["history"].items():
        if hid not in history:
            s.add(ExpertReview(id=hid, expert_id=row.id, case_id=None, applicant_kind=h["applicant_kind"],
                               applicant_number=h["applicant_number"], applicant_name=h["applicant_name"],
                               reviewed_on=_date(h["reviewed_on"]), source=h["source"], note=h["note"]))
    if outcome != "new" and relevel:  # his relations and reviews are sealed at his level: again
        touch(s.execute(select(ExpertRelation).where(ExpertRelation.expert_id == row.id)).scalars())
        touch(s.execute(select(ExpertReview).where(ExpertReview.expert_id == row.id)).scalars())
    s.flush()
    return outcome


def _integrity(s: Session, record_id: str, state: dict[str, Any]) -> str:
    row = s.get(IntegrityRecordRow, record_id)
    outcome = "updated"
    if row is None:
        if records_by_key(s, [(state["number"], state["decision_no"], state["measure"])]):
            return DUPLICATE
        row = IntegrityRecordRow(id=record_id, subject_kind=state["subject_kind"], number=state["number"],
                                 decision_no=state["decision_no"], measure=state["measure"],
                                 start_on=_date(state["start_on"]))
        s.add(row)
        outcome = "new"
    elif integrity_body(row) == state:
        return "unchanged"
    for key in _INTEGRITY_COLUMNS:
        setattr(row, key, state[key])
    row.scope = encode_scope(state["modules"])
    # validate_registers refused a record without a start date: start_on is always there.
    row.start_on, row.end_on = dt.date.fromisoformat(state["start_on"]), _date(state["end_on"])
    row.updated_at = utcnow()
    s.flush()
    return outcome
