"""Editing the rule table: the value must suit the rule's unit, every change is audited,
and an edited period really moves the deadlines of cases handled afterwards."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.core.rulevalues import check_rule_value
from bjstc_desktop.store.models import AuditEvent
from tests.conftest import ADMIN_PASS, make_station
from tests.store.test_workflow_ops import CONTRACT


@pytest.mark.parametrize(("unit", "typed", "stored"), [
    ("day", " 10 ", "10"), ("workday", "045", "45"), ("万元", "500.5", "500.5"), ("ratio", "0.25", "0.25"),
    ("ratio", "30%", "30%"), ("MM-DD", "6-30", "06-30"), ("MM-DD", "02-29", "02-29"),
    ("list", "12、52", "12,52"), ("text", "分段累进", "分段累进"),
])
def test_values_that_suit_the_unit_are_kept_tidied(unit: str, typed: str, stored: str) -> None:
    assert check_rule_value(unit, "规则", typed) == stored


@pytest.mark.parametrize(("unit", "typed"), [
    ("day", "7.5"), ("day", "-1"), ("workday", "ten"), ("人", ""), ("ratio", "1.5"), ("ratio", "120%"),
    ("万元", "-3"), ("万元", "NaN"), ("MM-DD", "02-30"), ("MM-DD", "0630"), ("list", " , "), ("text", " "),
])
def test_values_a_clock_or_check_could_not_read_are_refused(unit: str, typed: str) -> None:
    with pytest.raises(ValidationError) as err:
        check_rule_value(unit, "技术合同认定登记时限", typed)
    assert "技术合同认定登记时限" in err.value.zh


def test_an_edited_period_moves_the_next_deadline_and_is_audited(tmp_path: Path) -> None:
    st = make_station(tmp_path / "ws")
    with st.open("admin", ADMIN_PASS) as admin:
        with pytest.raises(ValidationError):
            admin.reference.set_rule("tech_contract.decision_days", "7.5")
        assert admin.reference.rule_values()["tech_contract.decision_days"] == "7"  # unchanged
        admin.reference.set_rule("tech_contract.decision_days", "20", basis="测试：调整后的时限")
        with admin.store.read() as s:
            event = s.execute(select(AuditEvent).where(AuditEvent.action == "rule_change")).scalars().one()
        details = json.loads(event.details) if isinstance(event.details, str) else event.details
        assert event.target_id == "tech_contract.decision_days" and event.actor_name == "admin"
        assert details["before"][0] == "7" and details["after"] == ["20", "测试：调整后的时限"]
    with st.open() as officer:
        case = officer.cases.create("tech_contract", "冰雪装备技术开发合同", CONTRACT, received_on=dt.date(2026, 11, 2),
                                    registered_on=dt.date(2026, 11, 2))
        r = officer.workflow.act(case.id, "review", on=dt.date(2026, 11, 2))
        assert r.due == "2026-11-23"  # 20 calendar days after 11-02 is Sunday 11-22: the next working day
