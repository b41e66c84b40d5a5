"""The canonical bodies of the office-wide registers (docs/sync-format.md §7.3, §7.4): an
expert of the 专家库 with his declared relations and review history, and a 科研失信
record. Read from the current-state tables; ops/sync_apply_registers.py applies them
back (the inverse)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.store.duty_models import Expert, ExpertRelation, ExpertReview, IntegrityRecordRow
from bjstc_desktop.store.repositories.scope import decode_scope

REGISTER_BODY_VERSION = 1


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else value


def expert_body(s: Session, e: Expert) -> dict[str, Any]:
    """An expert as one body. His ID number is his identity; review history entries
    keep the applicant, not the local case row."""
    relations = {r.id: {"kind": r.kind, "number": r.number, "name": r.name, "relation": r.relation}
                 for r in s.execute(select(ExpertRelation).where(ExpertRelation.expert_id == e.id)).scalars()}
    # A review of a case above his own level names that case's applicant: it stays here,
    # sealed at the case's level, and never travels in his body (read at his level).
    history = {r.id: {"applicant_kind": r.applicant_kind, "applicant_number": r.applicant_number,
                      "applicant_name": r.applicant_name, "reviewed_on": _iso(r.reviewed_on), "source": r.source,
                      "note": r.note}
               for r in s.execute(select(ExpertReview).where(ExpertReview.expert_id == e.id,
                                                             ExpertReview.level <= e.classification)).scalars()}
    return {"v": REGISTER_BODY_VERSION, "id_number": e.id_number, "name": e.name, "employer": e.employer,
            "employer_uscc": e.employer_uscc, "disciplines": e.disciplines, "category": e.category,
            "professional_title": e.professional_title, "phone": e.phone, "email": e.email, "status": e.status,
            "classification": int(e.classification), "modules": sorted(decode_scope(e.modules)), "note": e.note,
            "relations": relations, "history": history}


def integrity_body(r: IntegrityRecordRow) -> dict[str, Any]:
    """A 科研失信 record as one body: (subject kind, number, decision, measure) is its
    identity; status 撤销 with its reason is a revocation."""
    return {"v": REGISTER_BODY_VERSION, "subject_kind": r.subject_kind, "number": r.number,
            "decision_no": r.decision_no, "measure": r.measure, "name": r.name, "source": r.source,
            "modules": sorted(decode_scope(r.scope)), "start_on": _iso(r.start_on), "end_on": _iso(r.end_on),
            "status": r.status, "classification": int(r.classification), "note": r.note,
            "revoke_reason": r.revoke_reason}
