"""A case registered on a past day (the demo, imports: `NewCase.registered_on`): its
`create` timeline entry stands on that day, before the steps back-dated after it, while
its audit event keeps the real time; a registration day in the future or before the
case's receipt is refused with a plain message and creates nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.ops.cases import NewCase
from bjstc_desktop.store.models import AuditEvent, Case, TimelineEvent, utcnow
from tests.conftest import Station

CONTRACT = {"contract_type": "技术开发", "seller": "北京冰雪科技有限公司", "contract_amount": "100万",
            "tech_amount": "80万"}


def _local_day(at: dt.datetime) -> dt.date:
    return at.replace(tzinfo=dt.UTC).astimezone().date()


def test_a_case_registered_on_a_past_day_shows_its_registration_that_day(station_copy: Station) -> None:
    today = dt.date.today()
    received, registered = today - dt.timedelta(days=40), today - dt.timedelta(days=38)
    before = utcnow()
    with station_copy.open() as ws:
        [case_id] = ws.cases.create_many([NewCase("tech_contract", "回溯登记的合同", dict(CONTRACT),
                                                  received_on=received, registered_on=registered)])
        assert case_id is not None
        first = next(a for a in ws.workflow.actions(case_id) if not a.required_fields)
        ws.workflow.act(case_id, first.action, "材料齐全，予以受理。", on=today - dt.timedelta(days=30))
        with ws.store.read() as s:
            steps = list(s.execute(select(TimelineEvent).where(TimelineEvent.case_id == case_id)
                                   .order_by(TimelineEvent.at)).scalars())
            audit = s.execute(select(AuditEvent).where(AuditEvent.action == "case_create",
                                                       AuditEvent.target_id == case_id)).scalar_one()
        shown = ws.cases.show(case_id).timeline
    assert [e.action for e in steps][:2] == ["create", first.action]
    assert _local_day(steps[0].at) == registered and _local_day(steps[1].at) == today - dt.timedelta(days=30)
    assert shown[0].action == "create" and shown[0].at.startswith(steps[0].at.isoformat(timespec="seconds"))
    assert audit.at >= before  # the trail records when it was really done


@pytest.mark.parametrize(("received_days_ago", "registered_days_ago", "zh", "en"), [
    (3, -1, "不能晚于今天", "cannot be in the future"),
    (3, 5, "不能早于收到日期", "cannot precede the date of receipt"),
])
def test_a_registration_day_in_the_future_or_before_receipt_is_refused(
        station_copy: Station, received_days_ago: int, registered_days_ago: int, zh: str, en: str) -> None:
    today = dt.date.today()
    asked = NewCase("tech_contract", "登记日期有误的合同", dict(CONTRACT),
                    received_on=today - dt.timedelta(days=received_days_ago),
                    registered_on=today - dt.timedelta(days=registered_days_ago))
    with station_copy.open() as ws:
        with pytest.raises(ValidationError) as err:
            ws.cases.create_many([asked])
        assert zh in err.value.zh and en in err.value.en and err.value.field == "registered_on"
        with pytest.raises(ValidationError):
            ws.cases.create(asked.type_code, asked.title, asked.fields, received_on=asked.received_on,
                            registered_on=asked.registered_on)
        with ws.store.read() as s:
            assert s.execute(select(func.count()).select_from(Case)).scalar_one() == 0


@pytest.mark.parametrize(("days_ago", "zh", "en"), [
    (-1, "不能晚于今天", "cannot be in the future"),
    (39, "不能早于本案上一步的日期", "cannot precede the case's last step"),  # the day before its registration
    (31, "不能早于本案上一步的日期", "cannot precede the case's last step"),  # before the move on day 30
])
def test_a_move_dated_in_the_future_or_before_the_cases_last_step_is_refused(
        station_copy: Station, days_ago: int, zh: str, en: str) -> None:
    """A back-dated move (demo, imports) keeps the timeline in time order: never before the
    case's registration or its last step, never in the future; refused plainly, nothing
    changed (state, timeline, audit trail)."""
    today = dt.date.today()
    with station_copy.open() as ws:
        [case_id] = ws.cases.create_many([NewCase("tech_contract", "回溯办理的合同", dict(CONTRACT),
                                                  received_on=today - dt.timedelta(days=40),
                                                  registered_on=today - dt.timedelta(days=38))])
        assert case_id is not None
        if days_ago == 31:
            first = next(a for a in ws.workflow.actions(case_id) if not a.required_fields)
            ws.workflow.act(case_id, first.action, "材料齐全，予以受理。", on=today - dt.timedelta(days=30))
        before = ws.cases.show(case_id)
        with ws.store.read() as s:
            events = s.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
        move = next(a for a in ws.workflow.actions(case_id) if not a.required_fields)
        with pytest.raises(ValidationError) as err:
            ws.workflow.act(case_id, move.action, "同意。", on=today - dt.timedelta(days=days_ago))
        assert zh in err.value.zh and en in err.value.en
        after = ws.cases.show(case_id)
        with ws.store.read() as s:
            assert s.execute(select(func.count()).select_from(AuditEvent)).scalar_one() == events
        assert (after.state, len(after.timeline)) == (before.state, len(before.timeline))
        ws.workflow.act(case_id, move.action, "同意。", on=today - dt.timedelta(days=days_ago - 1 if days_ago > 0 else 0))
        assert len(ws.cases.show(case_id).timeline) == len(before.timeline) + 1  # its own day or later is taken
