"""A filed case is read-only (DA/T 22: what is filed is not changed). Every write path
checks it explicitly where it can say so early (ops/archives.py: ensure_not_filed); this
check is the backstop that holds for any path, present or future (models.py runs it before
every flush, so no import order can skip it): a flush that would
add, change or delete a row of a filed case (the case, its fields, parties, timeline,
clocks, attachments, letters, search document, panel) is refused and the transaction
rolls back. Only the filing itself, which marks its session, writes to the case."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.store.duty_models import ArchiveItem, PanelDraw, PanelMember
from bjstc_desktop.store.models import (
    Attachment,
    Case,
    CaseClock,
    CaseField,
    CaseParty,
    Letter,
    SearchDoc,
    TimelineEvent,
)

FILING = "bjstc_filing_case_ids"  # session.info key: the cases this transaction is filing
_OF_CASE = (CaseField, CaseParty, TimelineEvent, Attachment, Letter, CaseClock, SearchDoc, PanelDraw, PanelMember)


def _case_ids(session: Session) -> set[str]:
    ids: set[str] = set()
    new, deleted = session.new, session.deleted  # each property builds a set: once, not per object
    for obj in (*new, *session.dirty, *deleted):
        if isinstance(obj, Case):
            if obj in new or obj in deleted or session.is_modified(obj):
                ids.add(obj.id)
        elif isinstance(obj, _OF_CASE):
            case_id = getattr(obj, "case_id", None)
            if case_id and (obj in new or obj in deleted or session.is_modified(obj)):
                ids.add(case_id)
    return ids


def filed_among(session: Session, case_ids: set[str]) -> dict[str, str]:
    """Case id → its first 档号, for the cases among `case_ids` that are filed."""
    if not case_ids:
        return {}
    rows = session.execute(select(ArchiveItem.case_id, ArchiveItem.archive_no)
                           .where(ArchiveItem.case_id.in_(sorted(case_ids))).order_by(ArchiveItem.archive_no))
    out: dict[str, str] = {}
    for case_id, number in rows:
        out.setdefault(case_id, number)
    return out


def refusal(number: str) -> RefusedError:
    """The message for any write to a filed case."""
    return RefusedError(f"案件已归档（档号 {number}），归档后不能再修改、办理、附件或发文。",
                        f"The case is filed (archive number {number}); a filed case cannot be changed.")


def refuse_writes_to_filed_cases(session: Session, _context: Any, _instances: Any) -> None:
    """Refuse (RefusedError) a flush that would write to a filed case, unless filing it."""
    ids = _case_ids(session) - set(session.info.get(FILING, ()))
    with session.no_autoflush:
        filed = filed_among(session, ids)
    if filed:
        raise refusal(next(iter(filed.values())))
