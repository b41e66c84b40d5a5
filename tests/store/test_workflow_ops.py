"""Acting on cases through the workstation: legal moves only, each recorded on the
timeline and in the audit; clocks across the 2026 Spring Festival and National Day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import PermissionDeniedError, RefusedError, ValidationError
from bjstc_desktop.core.modules import MODULE_CODES
from bjstc_desktop.core.roles import Role
from bjstc_desktop.store.models import AuditEvent, CaseClock
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS, make_station

CONTRACT = {"contract_type": "技术开发", "seller": "北京冰雪科技有限公司", "seller_uscc": "91110000600037341L",
            "contract_amount": "100万", "tech_amount": "80万"}
HNTE = {"enterprise": "北京高企科技有限公司", "enterprise_uscc": "91110000600037341L"}


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    st = make_station(tmp_path / "ws")
    with Workstation.open(st.data_dir, "admin", ADMIN_PASS) as ws:
        ws.accounts.add("li", Role.APPROVER, "approver passphrase", Level.SECRET, frozenset(MODULE_CODES))
    officer = st.open()
    approver = st.open("li", "approver passphrase")
    yield officer, approver
    officer.close()
    approver.close()


def _audit_count(ws: Workstation) -> int:
    with ws.store.read() as s:
        return s.execute(select(func.count()).select_from(AuditEvent)).scalar_one()


def test_tech_contract_main_path_with_extension_and_registration(office) -> None:  # type: ignore[no-untyped-def]
    officer, approver = office
    case = officer.cases.create("tech_contract", "冰雪装备技术开发合同", CONTRACT, received_on=dt.date(2026, 9, 25),
                                registered_on=dt.date(2026, 9, 25))  # the moves below are dated: so is its registration
    assert [a.action for a in officer.workflow.actions(case.id)] == ["review"]
    r = officer.workflow.act(case.id, "review", on=dt.date(2026, 9, 28))
    # 7 calendar days from 9/28 end on 10/5, inside the National Day holiday (10/1-10/7):
    # the period rolls to the next working day, 10/8.
    assert (r.to_state, r.due, r.due_verified) == ("审核认定", "2026-10-08", True)
    assert "extend" not in [a.action for a in officer.workflow.actions(case.id)]  # approver only
    with pytest.raises(PermissionDeniedError):
        officer.workflow.act(case.id, "extend", "情况复杂")
    with pytest.raises(RefusedError):
        approver.workflow.act(case.id, "extend", "")  # an extension needs its reason
    r = approver.workflow.act(case.id, "extend", "合同技术内容复杂，需延长认定期限。", on=dt.date(2026, 10, 9))
    assert r.to_state == "延期" and r.due is not None and r.due > "2026-10-08"
    before = _audit_count(officer)
    with pytest.raises(RefusedError) as err:
        officer.workflow.act(case.id, "register", on=dt.date(2026, 10, 12))
    assert "登记编号" in err.value.zh
    assert officer.cases.show(case.id).state == "延期" and _audit_count(officer) == before
    r = officer.workflow.act(case.id, "register", None, {"contract_no": "2026110100123456", "registered_on": "2026-10-12"},
                    on=dt.date(2026, 10, 12))
    assert r.to_state == "予以登记" and r.due is None and "tech_contract_certificate" in r.letters
    shown = officer.cases.show(case.id)
    assert [(e.action, e.from_state, e.to_state) for e in shown.timeline][-3:] == [
        ("review", "受理", "审核认定"), ("extend", "审核认定", "延期"), ("register", "延期", "予以登记")]
    assert shown.timeline[-2].opinion == "合同技术内容复杂，需延长认定期限。"
    with officer.store.read() as s:
        last = s.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
    assert last.action == "case_act" and '"before":"延期"' in last.details and '"after":"予以登记"' in last.details


def test_an_illegal_move_is_refused_and_changes_nothing(office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    case = officer.cases.create("tech_contract", "非法跳转测试", CONTRACT)
    before = _audit_count(officer)
    with pytest.raises(RefusedError) as err:
        officer.workflow.act(case.id, "archive")
    assert "当前处于“受理”" in err.value.zh
    assert officer.cases.show(case.id).state == "受理" and _audit_count(officer) == before


def test_hnte_acceptance_clock_across_the_2026_spring_festival(office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    # Received Thu 2026-02-12; 5 working days: 2/13 Fri, 2/14 (make-up Saturday), then the
    # holiday 2/15-2/23, then 2/24, 2/25, 2/26.
    case = officer.cases.create("hnte", "春节前收件的高企认定", HNTE, received_on=dt.date(2026, 2, 12),
                                registered_on=dt.date(2026, 2, 12))
    assert (case.due, case.due_verified) == ("2026-02-26", True)
    officer.workflow.act(case.id, "examine", on=dt.date(2026, 2, 13))
    r = officer.workflow.act(case.id, "request_supplement", "请补充近三年审计报告。", on=dt.date(2026, 2, 13))
    assert r.to_state == "补正中"
    r = officer.workflow.act(case.id, "supplement_received", on=dt.date(2026, 3, 2))
    # Paused on 2/13 (counted), resumed 3/2: 4 working days left after 3/2 → 3/6.
    assert r.due == "2026-03-06"


def test_a_deadline_in_an_unknown_year_is_flagged(office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    case = officer.cases.create("hnte", "年末收件", HNTE, received_on=dt.date(2026, 12, 29))
    assert case.due is not None and case.due.startswith("2027") and case.due_verified is False


def test_due_status_levels(office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    old = officer.cases.create("hnte", "早已超期", HNTE, received_on=dt.date.today() - dt.timedelta(days=60))
    assert old.due_status == "overdue"
    fresh = officer.cases.create("hnte", "刚收件", HNTE)
    assert fresh.due_status in ("normal", "due_soon")
    assert {c.id for c in officer.cases.due()} >= {old.id}


def test_on_save_checks_refuse_before_anything_is_written(office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    with pytest.raises(RefusedError) as err:
        officer.cases.create("tech_contract", "交易额超过成交额", {**CONTRACT, "tech_amount": "101万"})
    assert "技术交易额" in err.value.zh
    d = officer.cases.create("disbursement", "拨款", {"project_no": "Z261100001", "approved_amount": "100万",
                                                    "batches": [{"date": "2026-03-01", "amount": "60万"}]})
    with pytest.raises(RefusedError):
        officer.cases.edit(d.id, fields={"batches": [{"date": "2026-03-01", "amount": "60万"},
                                                    {"date": "2026-06-01", "amount": "50万"}]})
    assert len(officer.cases.show(d.id).fields["batches"]) == 1
    assert any(c.key == "fully_disbursed" and c.passed is False for c in officer.workflow.checks(d.id))


def test_clocks_are_stored_with_their_due_dates(office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    case = officer.cases.create("hnte", "时钟存储", HNTE, received_on=dt.date(2026, 3, 2))
    with officer.store.read() as s:
        rows = s.execute(select(CaseClock).where(CaseClock.case_id == case.id)).scalars().all()
    assert [(r.key, r.running, r.due_on) for r in rows] == [("acceptance", True, dt.date(2026, 3, 9))]


def test_organisations_are_found_by_two_characters_and_created_from_a_uscc(office) -> None:  # type: ignore[no-untyped-def]
    officer, approver = office
    with pytest.raises(ValidationError):
        officer.parties.create("91110000600037341X", "北京错误码有限公司")
    made = officer.parties.create("91350100M000100Y43", "北京冰雪科技有限公司", "海淀")
    assert made.legal_type == "企业" and made.district == "110108"
    with pytest.raises(RefusedError):
        officer.parties.create("91350100M000100Y43", "重复")
    assert [o.uscc for o in approver.parties.search("冰雪")] == ["91350100M000100Y43"]
    assert approver.parties.search("91350100") and not approver.parties.search("%")
