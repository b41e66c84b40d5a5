"""The generic transition engine: what it refuses and why, what a plan contains, and
how planned clock operations apply to a case's clocks."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bjstc_desktop.core.casetypes import ClockEffect
from bjstc_desktop.core.clocks import ClockState, Limit, Unit
from bjstc_desktop.core.errors import PermissionDeniedError, RefusedError
from bjstc_desktop.core.fieldvalues import parse_fields
from bjstc_desktop.core.modules import case_type
from bjstc_desktop.core.roles import Role
from bjstc_desktop.core.workcalendar import WorkCalendar, load_seed_calendar
from bjstc_desktop.core.workflow import (
    PlannedClock,
    apply_clock,
    available_actions,
    plan_transition,
    receipt_clocks,
)

TODAY = date(2026, 6, 1)
USCC = "91110000600037341L"
TC = case_type("tech_contract")
CONTRACT = parse_fields(TC, {"contract_type": "技术开发", "seller": "北京冰雪科技有限公司", "seller_uscc": USCC,
                             "contract_amount": "150万", "tech_amount": "120万"})


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar(*load_seed_calendar())


def plan(state: str, action: str, role: str = "approver", fields: dict | None = None, opinion: str | None = "同意",
         rules: dict | None = None, **kw):  # type: ignore[no-untyped-def]
    return plan_transition(TC, state, action, role, CONTRACT if fields is None else fields, opinion, rules, TODAY, **kw)


def test_available_actions_by_state_and_role() -> None:
    officer = {t.action for t in available_actions(TC, "审核认定", "officer")}
    approver = {t.action for t in available_actions(TC, "审核认定", Role.APPROVER)}
    assert officer == {"register", "refuse", "request_supplement"}
    assert approver == officer | {"extend"}
    assert available_actions(TC, "审核认定", "sysadmin") == ()
    assert available_actions(TC, "归档", "approver") == ()


def test_available_actions_honour_field_conditions_when_fields_are_given() -> None:
    pr = case_type("proposal_reply")
    joint = parse_fields(pr, {"source": "政协提案", "incoming_no": "提案第9号", "lead_or_joint": "会办"})
    assert {t.action for t in available_actions(pr, "承办", "officer", joint)} == {"send_joint_opinion"}
    lead = {**joint, "lead_or_joint": "主办"}
    assert {t.action for t in available_actions(pr, "承办", "officer", lead)} == {"submit"}
    assert {t.action for t in available_actions(pr, "承办", "officer")} == {"submit", "send_joint_opinion"}


def test_unknown_action_and_action_from_the_wrong_state_are_refused_plainly() -> None:
    with pytest.raises(RefusedError, match="没有“approve”这一办理操作"):
        plan("受理", "approve")
    with pytest.raises(RefusedError) as exc:
        plan("受理", "register")
    assert "案件当前处于“受理”，不能办理“予以登记”" in exc.value.zh and "审核认定（review）" in exc.value.zh
    assert "cannot take “Register”" in exc.value.en and "'register'" not in exc.value.en


def test_roles_are_enforced() -> None:
    with pytest.raises(PermissionDeniedError) as exc:
        plan("审核认定", "extend", role="officer")
    assert "“延期”须由处长办理，您的角色是科员" in exc.value.zh
    with pytest.raises(PermissionDeniedError):
        plan("受理", "review", role="auditor")
    with pytest.raises(PermissionDeniedError):
        plan("受理", "review", role="nobody")


def test_required_fields_are_named_in_chinese() -> None:
    with pytest.raises(RefusedError) as exc:
        plan("审核认定", "register")
    assert exc.value.zh == "办理“予以登记”前须填写：登记编号、登记日期。"
    assert "Registration number, Registration date" in exc.value.en  # labels, never the keys


def test_opinion_is_required_for_decisions() -> None:
    for missing in (None, "", "  "):
        with pytest.raises(RefusedError, match="须填写办理意见"):
            plan("审核认定", "refuse", opinion=missing)
    assert plan("审核认定", "refuse", opinion=" 不属于技术合同 ").opinion == "不属于技术合同"


def test_field_conditions_are_enforced() -> None:
    pr = case_type("proposal_reply")
    lead = parse_fields(pr, {"source": "人大代表建议", "incoming_no": "建议第1号", "lead_or_joint": "主办"})
    with pytest.raises(RefusedError, match="仅适用于主办/会办为“会办”的案件"):
        plan_transition(pr, "承办", "send_joint_opinion", "officer", lead, "意见", None, TODAY)


def test_blocking_checks_refuse_and_warnings_ride_along() -> None:
    over = {**CONTRACT, "tech_amount": CONTRACT["contract_amount"] + 1}
    with pytest.raises(RefusedError) as exc:
        plan("受理", "review", fields=over)
    assert "技术交易额不超过成交额" in exc.value.zh and "Technology transaction amount within contract amount" in exc.value.en
    assert "tech_amount" not in exc.value.en
    future = {**CONTRACT, "signed_on": "2026-06-02"}
    p = plan("受理", "review", fields=future)
    assert [w.key for w in p.warnings if w.passed is False] == ["signed_not_future"]


def test_a_plan_holds_target_clocks_letters_and_closure() -> None:
    p = plan("受理", "review")
    assert (p.case_type, p.action, p.label, p.source, p.target) == ("tech_contract", "review", "审核认定", "受理", "审核认定")
    assert p.clock_effect is ClockEffect.START
    assert p.clocks == (PlannedClock("decision", "认定登记时限", ClockEffect.START, "day", 7,
                                     label_en="Registration deadline"),)
    assert p.clocks[0].limit == Limit(7, Unit.DAY) and not p.closes
    done = plan("审核认定", "register", fields={**CONTRACT, "contract_no": "2026110108000001",
                                               "registered_on": "2026-06-01"})
    assert done.letters == ("tech_contract_certificate",) and done.clocks[0].effect is ClockEffect.STOP
    assert plan("予以登记", "archive").closes


def test_clock_lengths_come_from_the_rule_table() -> None:
    rules = {"tech_contract.decision_days": "10", "tech_contract.max_days": "40"}
    assert plan("受理", "review", rules=rules).clocks[0].n == 10
    assert plan("审核认定", "extend", rules=rules).clocks[0].n == 30  # up to 40 from 10
    assert plan("审核认定", "extend").clocks[0].n == 23  # up to 30 from 7
    with pytest.raises(RefusedError, match="不是整数"):
        plan("受理", "review", rules={"tech_contract.decision_days": "七"})


def test_extension_beyond_the_maximum_is_refused() -> None:
    clock = ClockState(Limit(7, Unit.DAY)).start(TODAY).extend(23, "处长", "情况复杂")
    with pytest.raises(RefusedError, match="已延长至上限"):
        plan("审核认定", "extend", clocks={"decision": clock})
    partly = ClockState(Limit(7, Unit.DAY)).start(TODAY).extend(3, "处长", "情况复杂")
    assert plan("审核认定", "extend", clocks={"decision": partly}).clocks[0].n == 20


def test_a_decision_waits_for_the_publicity_period(cal: WorkCalendar) -> None:
    project = case_type("project")
    publicity = ClockState(Limit(5, Unit.WORKDAY)).start(date(2026, 6, 1))
    # 5 working days from Mon 06-01: 06-02..06-05 (4), Mon 06-08 (5).
    assert publicity.due(cal).date == date(2026, 6, 8)
    fields = parse_fields(project, {"undertaker": "甲", "project_no": "Z1", "total_funds": "100万",
                                    "fiscal_funds": "100万"})

    def approve(on: date, clocks: dict | None = None):  # type: ignore[no-untyped-def]
        return plan_transition(project, "公示", "approve", "approver", fields, "同意立项", None, on,
                               clocks={"publicity": publicity} if clocks is None else clocks, calendar=cal)

    with pytest.raises(RefusedError, match="立项公示期至 2026-06-08 届满"):
        approve(date(2026, 6, 8))
    assert approve(date(2026, 6, 9)).target == "立项"
    assert approve(date(2026, 6, 8), clocks={}).target == "立项"  # without the clock state nothing is enforced


def test_clock_conditions_pick_the_clocks_of_this_case() -> None:
    pr = case_type("proposal_reply")
    base = {"source": "人大代表建议", "incoming_no": "建议第1号"}
    lead = receipt_clocks(pr, parse_fields(pr, {**base, "lead_or_joint": "主办"}))
    assert {c.clock: (c.n, c.unit) for c in lead} == {"reply": (3, "month"), "misassignment": (10, "day")}
    joint = receipt_clocks(pr, parse_fields(pr, {**base, "lead_or_joint": "会办"}))
    assert {c.clock for c in joint} == {"joint_opinion", "misassignment"}
    hot = case_type("hotline_order")
    general = receipt_clocks(hot, parse_fields(hot, {"order_no": "G1", "urgency": "一般"}))
    assert [(c.clock, c.n, c.unit) for c in general] == [("handling_general", 7, "day")]
    assert receipt_clocks(TC, CONTRACT) == ()


def test_apply_clock_operations() -> None:
    start = PlannedClock("decision", "认定登记时限", ClockEffect.START, "day", 7)
    clock = apply_clock(None, start, TODAY)
    assert clock is not None and clock.started == TODAY and clock.limit == Limit(7, Unit.DAY)
    with pytest.raises(RefusedError, match="已经起算"):
        apply_clock(clock, start, TODAY)
    pause = PlannedClock("decision", "认定登记时限", ClockEffect.PAUSE, "day")
    resume = PlannedClock("decision", "认定登记时限", ClockEffect.RESUME, "day")
    stop = PlannedClock("decision", "认定登记时限", ClockEffect.STOP, "day")
    extend = PlannedClock("decision", "认定登记时限", ClockEffect.EXTEND, "day", 23)
    assert apply_clock(None, pause, TODAY) is None and apply_clock(None, stop, TODAY) is None
    assert apply_clock(clock, resume, TODAY) == clock  # not paused: nothing to resume
    paused = apply_clock(clock, pause, date(2026, 6, 2), reason="补正")
    assert paused is not None and paused.is_paused
    stopped = apply_clock(apply_clock(paused, resume, date(2026, 6, 5)), stop, date(2026, 6, 8))
    assert stopped is not None and stopped.stopped == date(2026, 6, 8)
    assert apply_clock(stopped, stop, date(2026, 6, 9)) == stopped  # a second stop changes nothing
    extended = apply_clock(clock, extend, TODAY, approved_by="王处长", reason="需现场核查")
    assert extended is not None and extended.total == 30 and extended.extensions[0].approved_by == "王处长"
    with pytest.raises(RefusedError, match="尚未起算"):
        apply_clock(None, extend, TODAY, approved_by="王处长", reason="x")
    hour = PlannedClock("response_emergency", "紧急诉求反馈时限", ClockEffect.START, "hour", 2)
    assert apply_clock(None, hour, datetime(2026, 6, 1, 9, 30)).limit == Limit(2, Unit.HOUR)
