"""The 工作台's lists with a large backlog: hundreds of overdue cases must not hide the
case due tomorrow, and the overdue count is the true one, not the list's length."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import insert, select

from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.ops.cases import DUE_LIST_LIMIT
from bjstc_desktop.store.models import Case, User
from tests.conftest import make_station
from tests.store.test_workflow_ops import CONTRACT

TODAY = dt.date(2026, 11, 25)  # a Wednesday
BACKLOG = DUE_LIST_LIMIT + 40


def test_a_backlog_of_overdue_cases_does_not_hide_what_is_due_next(tmp_path: Path) -> None:
    st = make_station(tmp_path / "ws")
    with st.open() as ws:
        soon = ws.cases.create("tech_contract", "明天到期的合同", CONTRACT, received_on=TODAY)
        with ws.store.write() as s:
            s.execute(Case.__table__.update().where(Case.id == soon.id).values(due_on=TODAY + dt.timedelta(days=1)))
            me = s.execute(select(User.id).where(User.name == "zhang")).scalar_one()
            s.execute(insert(Case), [
                {"id": uuid7(), "case_no": f"技合〔2025〕{i}号", "module": "market", "case_type": "tech_contract",
                 "title": f"积压案件{i}", "state": "审核认定", "handler_id": me, "office": "",
                 "classification": 0, "received_on": dt.date(2025, 1, 2),
                 "due_on": dt.date(2025, 3, 1) + dt.timedelta(days=i % 200), "due_verified": True, "created_by": me}
                for i in range(BACKLOG)])
        summary = ws.cases.due_summary(today=TODAY, horizon_days=14)
        assert summary.overdue_total == BACKLOG
        assert len(summary.overdue) == DUE_LIST_LIMIT
        assert summary.overdue[0].due == "2025-03-01"  # the most overdue first
        assert [c.id for c in summary.upcoming] == [soon.id] and summary.upcoming[0].due_status == "due_soon"
        assert soon.id in {c.id for c in ws.cases.due(today=TODAY)}


def test_the_overdue_count_stops_at_its_cap(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A million overdue cases must not be counted one by one on every refresh."""
    from bjstc_desktop.ops import cases as case_ops

    monkeypatch.setattr(case_ops, "COUNT_CAP", 50)
    st = make_station(tmp_path / "ws")
    with st.open() as ws:
        with ws.store.write() as s:
            me = s.execute(select(User.id).where(User.name == "zhang")).scalar_one()
            s.execute(insert(Case), [
                {"id": uuid7(), "case_no": f"技合〔2025〕{i}号", "module": "market", "case_type": "tech_contract",
                 "title": f"积压案件{i}", "state": "审核认定", "handler_id": me, "office": "",
                 "classification": 0, "received_on": dt.date(2025, 1, 2), "due_on": dt.date(2025, 3, 1),
                 "due_verified": True, "created_by": me} for i in range(120)])
        summary = ws.cases.due_summary(today=TODAY, limit=10)
        assert len(summary.overdue) == 10 and summary.overdue_total == 51  # "50+"
