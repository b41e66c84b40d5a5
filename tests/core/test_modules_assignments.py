"""13 交办督办: assigned tasks, deputies' proposals (3 months + 1), 12345 orders by urgency."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.workcalendar import WorkCalendar, load_seed_calendar
from tests.core.test_modules import walk

TASK = {"source": "市领导批示", "incoming_no": "市领导批示〔2026〕15号", "due_on": "2026-06-30",
        "progress": [{"reported_on": "2026-06-10", "content": "已召开专题会"}],
        "extensions": [{"new_due": "2026-07-15", "reason": "需会同多部门"}], "completion_report": "已办结"}


def test_assigned_task_with_progress_and_extension() -> None:
    path = ("draft", "handle", "report_progress", "request_extension", "approve_extension", "submit", "report_done",
            "close")
    state, _, plans = walk("assigned_task", TASK, path)
    assert state == "办结" and plans[6].letters == ("letter",)
    with pytest.raises(RefusedError, match="办结报告"):
        walk("assigned_task", {**TASK, "completion_report": ""}, path)


PROPOSAL = {"source": "人大代表建议", "incoming_no": "建议第0123号", "lead_or_joint": "主办", "result_class": "A",
            "reply_doc_no": "京科函〔2026〕88号", "satisfaction": "满意"}


def test_lead_unit_replies_within_three_months_plus_one() -> None:
    path = ("draft", "handle", "extend", "submit", "reply", "follow_up", "close")
    state, clocks, plans = walk("proposal_reply", PROPOSAL, path)
    assert state == "办结" and plans[4].letters == ("reply_letter",)
    reply = clocks["reply"]
    assert reply.limit.n == 3 and reply.total == 4 and reply.stopped
    assert "joint_opinion" not in clocks  # only a 会办 unit has that clock
    cal = WorkCalendar(*load_seed_calendar())
    # Received Mon 2026-06-01: 4 months → Thu 2026-10-01, in 国庆 (10-01..10-07) → Thu 10-08.
    assert reply.due(cal).date == date(2026, 10, 8)
    assert clocks["misassignment"].stopped  # accepted by 拟办 within 10 days


def test_joint_unit_sends_its_opinion_instead_of_replying() -> None:
    joint = {**PROPOSAL, "lead_or_joint": "会办"}
    state, clocks, _ = walk("proposal_reply", joint, ("draft", "handle", "send_joint_opinion", "close"))
    assert state == "办结" and clocks["joint_opinion"].limit.n == 1 and clocks["joint_opinion"].stopped
    with pytest.raises(RefusedError, match="主办/会办"):
        walk("proposal_reply", joint, ("draft", "handle", "submit"))


def test_misassigned_proposal_is_returned_and_dissatisfaction_reopens_it() -> None:
    state, _, plans = walk("proposal_reply", PROPOSAL, ("return_misassigned",))
    assert state == "退回改办" and plans[0].letters == ("letter",)
    unhappy = {**PROPOSAL, "satisfaction": "不满意"}
    path = ("draft", "handle", "submit", "reply", "follow_up", "redo")
    assert walk("proposal_reply", unhappy, path)[0] == "承办"
    with pytest.raises(RefusedError, match="满意度"):
        walk("proposal_reply", PROPOSAL, path)


def test_emergency_hotline_order_has_a_two_hour_clock() -> None:
    order = {"order_no": "GD20260601001", "urgency": "紧急", "reply_content": "已联系处置", "resolved": "已解决",
             "satisfaction": "满意"}
    state, clocks, _ = walk("hotline_order", order, ("sign_in", "handle", "feedback", "follow_up", "close"))
    assert state == "办结" and list(clocks) == ["response_emergency"]
    emergency = clocks["response_emergency"]
    assert emergency.limit.n == 2 and emergency.stopped == datetime(2026, 6, 1, 10)
    cal = WorkCalendar(*load_seed_calendar())
    assert emergency.due(cal).at == datetime(2026, 6, 1, 11)


def test_complex_hotline_order_returned() -> None:
    order = {"order_no": "GD20260601002", "urgency": "复杂"}
    state, clocks, _ = walk("hotline_order", order, ("sign_in", "return_order"))
    assert state == "退单" and clocks["handling_complex"].limit.n == 15 and clocks["handling_complex"].stopped
