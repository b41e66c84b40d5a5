"""Conflicts of the office-wide registers in the officer's queue: an expert (专家库) or a
科研失信 record edited on two nodes at once keeps both values (nothing is lost) until an
officer who may see the record takes one side. The queue, decisions and the settling
revision are ops/sync_conflicts.py's; this file says what a register conflict is called
and which record it belongs to."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.core.i18n import pick
from bjstc_desktop.core.roles import Actor
from bjstc_desktop.ops.sync_conflict_view import ConflictView
from bjstc_desktop.store.duty_models import Expert, IntegrityRecordRow
from bjstc_desktop.store.repositories.experts import ExpertRepository
from bjstc_desktop.store.repositories.integrity import IntegrityRepository
from bjstc_desktop.store.repositories.scope import may_see_scoped
from bjstc_desktop.store.sync_models import SyncConflict, SyncRevision
from bjstc_desktop.sync.shapes import EXPERT, INTEGRITY, REGISTERS

_Register = TypeVar("_Register", Expert, IntegrityRecordRow)  # the shared registers (issue 17)

_LABELS = {"name": ("姓名/名称", "Name"), "employer": ("工作单位", "Employer"), "status": ("状态", "Status"),
           "phone": ("电话", "Phone"), "email": ("电子邮箱", "Email"), "modules": ("业务范围", "Modules"),
           "end_on": ("截止日期", "End date"), "start_on": ("起始日期", "Start date"),
           "revoke_reason": ("撤销理由", "Reason for revocation"), "note": ("备注", "Note"),
           "category": ("专家类别", "Category"), "disciplines": ("学科代码", "Disciplines"),
           "professional_title": ("职称", "Title"), "source": ("认定机关", "Source")}


@dataclass(frozen=True)
class Subject:
    """The register record a conflict belongs to, as the queue names it."""

    record_type: str
    record_id: str
    number: str  # what stands where a case number would: the expert's name, or the decision number
    title: str


def register_type(s: Session, record_id: str) -> str | None:
    """EXPERT or INTEGRITY when `record_id` is a register record, else None."""
    kind = s.execute(select(SyncRevision.record_type).where(SyncRevision.record_id == record_id).limit(1)).scalar()
    return kind if kind in REGISTERS else None


def subject(s: Session, actor: Actor, record_type: str, record_id: str) -> Subject:
    """The record, if the officer may see it (NotFoundError otherwise)."""
    if record_type == EXPERT:
        e = ExpertRepository(s, actor).get(record_id)
        return Subject(EXPERT, e.id, pick(f"专家 {e.name}", f"expert {e.name}"), e.employer)
    r = IntegrityRepository(s, actor).get(record_id)
    return Subject(INTEGRITY, r.id, r.decision_no, f"{r.name}：{r.measure}")


def label(path: str) -> str:
    """The officer's name for a conflicting value of a register record."""
    group, _, key = path.partition(".")
    if group == "relations":
        return pick("关联关系", "Relation")
    return pick(*_LABELS.get(path, (path, path)))


def text(value: Any) -> str:
    """A conflicting value as the officer reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "、".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def conflicts(s: Session, actor: Actor, view: Any) -> list[ConflictView]:
    """Open conflicts of the register records this officer may see; `view(s, row,
    subject)` builds each entry."""
    return (_conflicts_of(s, actor, view, Expert, EXPERT, "modules")
            + _conflicts_of(s, actor, view, IntegrityRecordRow, INTEGRITY, "scope"))


def _conflicts_of(s: Session, actor: Actor, view: Any, model: type[_Register], kind: str, scope: str
                  ) -> list[ConflictView]:
    """conflicts() for one register (`scope`: the name of its duty-scope column)."""
    q = (select(SyncConflict, model).join(model, model.id == SyncConflict.record_id)
         .order_by(SyncConflict.record_id, SyncConflict.field))
    return [view(s, row, subject(s, actor, kind, rec.id)) for row, rec in s.execute(q).all()
            if may_see_scoped(actor, rec.classification, getattr(rec, scope))]
