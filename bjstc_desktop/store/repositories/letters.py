"""The letter register and the 发文字号 allocator, seen through the acting user.

Numbers: one series per 机关代字 and year. The next number is taken in the writer's
transaction (BEGIN IMMEDIATE, so two programs on one store queue up) and the letter is
registered in that same transaction: a letter that fails to be written rolls its number
back with it, so the register has no gaps and no duplicates. A voided number stays in
the register, marked 作废, and is never given out again.

Visibility: a letter is seen exactly when its case is (visible_to, the store's one rule).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bjstc_desktop.core.errors import NotFoundError, RefusedError
from bjstc_desktop.core.roles import Actor
from bjstc_desktop.store.models import Case, Letter, utcnow
from bjstc_desktop.store.repositories.cases import visible_to
from bjstc_desktop.store.sequences import next_in_series

VALID = "有效"
VOID = "作废"


class LetterRepository:
    """Register reads and writes for one acting user (the caller holds the transaction)."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor

    def allocate(self, daizi: str, year: int) -> int:
        """The next sequence number of `daizi` in `year` (1, 2, 3, ...), in this transaction."""
        registered = self.session.execute(
            select(func.max(Letter.seq)).where(Letter.daizi == daizi, Letter.year == year)).scalar() or 0
        return next_in_series(self.session, daizi, year, registered)

    def register(self, letter: Letter) -> Letter:
        """Add an issued letter to the register."""
        self.session.add(letter)
        self.session.flush()
        return letter

    def entries(self, case_id: str | None = None, limit: int | None = None) -> list[tuple[Letter, Case]]:
        """Visible letters, newest first (optionally of one case)."""
        q = select(Letter, Case).join(Case, Case.id == Letter.case_id).where(visible_to(self.actor))
        if case_id:
            q = q.where((Case.id == case_id) | (Case.case_no == case_id))
        q = q.order_by(Letter.created_at.desc(), Letter.number.desc())
        if limit is not None:
            q = q.limit(limit)
        return [(letter, case) for letter, case in self.session.execute(q)]

    def by_number(self, number: str) -> tuple[Letter, Case]:
        """A visible letter by its 发文字号; NotFound also when its case is not visible."""
        row = self.session.execute(
            select(Letter, Case).join(Case, Case.id == Letter.case_id)
            .where(visible_to(self.actor), Letter.number == number)).first()
        if row is None:
            raise NotFoundError(f"登记簿中没有“{number}”，或您无权查看。",
                                f"No letter {number!r} in the register, or you may not see it.")
        return row[0], row[1]

    def void(self, letter: Letter, reason: str) -> Letter:
        """Mark a letter 作废 with the reason; its number is never reused."""
        if letter.status == VOID:
            raise RefusedError(f"“{letter.number}”已作废。", f"{letter.number} is already void.")
        letter.status = VOID
        letter.voided_at = utcnow()
        letter.voided_by = self.actor.user_id
        letter.void_reason = reason
        self.session.flush()
        return letter
