"""Changing a case's 承办人 (handling officer): a rule-checked, audited move that also
goes on the case's timeline and into a sync revision."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.fieldvalues import parse_note
from bjstc_desktop.core.roles import check_may_reassign, check_may_take_over
from bjstc_desktop.ops.case_changes import record_change
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.store.models import User, utcnow
from bjstc_desktop.store.repositories.cases import CaseRepository
from bjstc_desktop.store.repositories.users import UserRepository, to_actor


@dataclass(frozen=True)
class AssignResult:
    """Who handled the case before and who handles it now."""

    case_id: str
    case_no: str
    before: str | None
    after: str


class AssignOps(OpsPart):
    """Reassigning cases."""

    def assign(self, case_id: str, user: str, reason: str | None = None) -> AssignResult:
        """Make `user` the case's 承办人. Refused (nothing changed) unless the actor is an
        approver or the current handler, and `user` is an active officer or approver who
        may see the case; also when `user` already handles it."""
        with self.store.write() as s:
            return self._assign_in(s, case_id, user, reason)

    def _assign_in(self, s: Session, case_id: str, user: str, reason: str | None) -> AssignResult:
        """The body of `assign_case` in the caller's write transaction (a bulk action runs
        it per case)."""
        repo = CaseRepository(s, self.actor)
        case = repo.get(case_id)
        check_may_reassign(self.actor, case.handler_id)
        row = UserRepository(s).by_name(user.strip())
        check_may_take_over(to_actor(row), case.module, Level(case.classification), row.active)
        if row.id == case.handler_id:
            raise RefusedError(f"{case.case_no} 的承办人已是 {row.name}。", f"{row.name} already handles {case.case_no}.")
        before = s.execute(select(User.name).where(User.id == case.handler_id)).scalar_one_or_none()
        case.handler_id = row.id
        case.updated_at = utcnow()
        reason = parse_note(reason, "理由", "The reason", "reason", limit=2000)
        record_change(s, self, case, "assign", opinion=reason, details={"from": before, "to": row.name},
                      audit="case_assign",
                      audit_details={"case_no": case.case_no, "before": before, "after": row.name,
                                     "reason": self._case_text(case.classification, reason)})
        return AssignResult(case.id, case.case_no, before, row.name)
