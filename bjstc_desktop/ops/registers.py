"""The shared registers at a glance, where officers look first (the 工作台 and `bjstc
info`): experts in the pool, 科研失信 records in force and the open cases they hit,
cases in 专家评审, and the 件 filed this year — all as the acting user may see them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from bjstc_desktop.core.modules import all_case_types
from bjstc_desktop.core.roles import check_may_handle_cases
from bjstc_desktop.core.shared_duties import REVIEW_STATE
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.ops.integrity import IntegrityOps
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.store.duty_models import ArchiveItem
from bjstc_desktop.store.models import Case
from bjstc_desktop.store.repositories.cases import visible_to
from bjstc_desktop.store.repositories.experts import ExpertRepository
from bjstc_desktop.store.repositories.integrity import IntegrityRepository


@dataclass(frozen=True)
class RegistersSummary:
    """Counts of the shared registers for one officer."""

    experts: int
    records_in_force: int
    open_cases_hit: int
    in_expert_review: int
    filed_this_year: int

    def as_json(self) -> dict[str, Any]:
        """The `registers` key of `bjstc info --json`."""
        return dataclasses.asdict(self)


def registers_summary(ctx: Any, today: dt.date | None = None) -> RegistersSummary:
    """The summary for the acting user (`ctx`: an unlocked Workstation)."""
    check_may_handle_cases(ctx.actor)
    day = today or dt.date.today()
    panelled = sorted(t.code for t in all_case_types() if t.panel is not None and t.panel.review_state == REVIEW_STATE)
    hits = {h.case_id for h in ctx.integrity.hits(day)}
    with ctx.store.read() as s:
        experts = ExpertRepository(s, ctx.actor).count()
        records = IntegrityRepository(s, ctx.actor).count_in_force(day)
        review = s.execute(select(func.count()).select_from(Case).where(
            visible_to(ctx.actor), Case.state == REVIEW_STATE, Case.case_type.in_(panelled))).scalar_one()
        filed = s.execute(select(func.count()).select_from(ArchiveItem).join(Case, Case.id == ArchiveItem.case_id)
                          .where(visible_to(ctx.actor), ArchiveItem.filed_on >= dt.date(day.year, 1, 1))).scalar_one()
    return RegistersSummary(experts, records, len(hits), review, filed)


class RegistersOps(OpsPart):
    """`registers_summary` as a workstation operation (`ws.registers.summary`)."""

    def __init__(self, ctx: OpsContext, integrity: IntegrityOps) -> None:
        super().__init__(ctx)
        self.integrity = integrity  # the summary counts the open cases its records hit

    def summary(self, today: dt.date | None = None) -> RegistersSummary:
        """Experts, records in force, open cases hit, cases in 专家评审, 件 filed this year."""
        return registers_summary(self, today)
