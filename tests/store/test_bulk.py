"""Bulk actions: each case its own operation with its own audit event; one failure is
reported and never undoes or blocks the others; a cancel stops between cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import PermissionDeniedError, RefusedError, ValidationError
from bjstc_desktop.core.modules import MODULE_CODES
from bjstc_desktop.core.roles import Role
from bjstc_desktop.ops.bulk import letter_file_name
from bjstc_desktop.store.models import AuditEvent
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS, make_station

CONTRACT = {"contract_type": "技术开发", "seller": "北京冰雪科技有限公司", "seller_uscc": "91110000600037341L",
            "contract_amount": "100万", "tech_amount": "80万"}


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    st = make_station(tmp_path / "ws", officers={"zhang": (Level.SECRET, "market"), "zhao": (Level.SECRET, "market"),
                                                 "wu": (Level.SECRET, "industry")})
    with Workstation.open(st.data_dir, "admin", ADMIN_PASS) as ws:
        ws.accounts.add("li", Role.APPROVER, "approver passphrase", Level.SECRET, frozenset(MODULE_CODES))
    officer = st.open()
    approver = st.open("li", "approver passphrase")
    yield officer, approver
    officer.close()
    approver.close()


def _events(ws: Workstation, action: str) -> list[dict[str, object]]:
    with ws.store.read() as s:
        rows = s.execute(select(AuditEvent.target_id, AuditEvent.details).where(AuditEvent.action == action)
                         .order_by(AuditEvent.seq)).all()
    return [{"target": t, **json.loads(d)} for t, d in rows]


def _cases(ws: Workstation, n: int) -> list[str]:
    return [ws.cases.create("tech_contract", f"技术开发合同{i}", CONTRACT).id for i in range(n)]


def test_one_case_in_the_wrong_state_fails_alone(office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    ids = _cases(officer, 4)
    officer.workflow.act(ids[1], "review")  # already past 受理: "review" is not legal for it any more
    seen = []
    result = officer.bulk.act(ids, "review", progress=lambda *a: seen.append(a))
    assert [o.ok for o in result.outcomes] == [True, False, True, True]
    [failed] = result.failed
    assert failed.case_id == ids[1] and failed.case_no.startswith("技合") and failed.message
    assert [officer.cases.show(i).state for i in ids] == ["审核认定"] * 4
    acts = _events(officer, "case_act")
    assert [e["target"] for e in acts] == [ids[1], ids[0], ids[2], ids[3]]  # one event per case, its own
    assert [(d, t, ok) for d, t, _no, ok, _m in seen] == [(1, 4, True), (2, 4, False), (3, 4, True), (4, 4, True)]
    [summary] = _events(officer, "bulk_act")
    assert summary["succeeded"] == 3 and summary["failed"] == [failed.case_no]


def test_a_cancel_stops_between_cases_and_keeps_what_was_done(office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    ids = _cases(officer, 5)
    done: list[int] = []
    result = officer.bulk.act(ids, "review", progress=lambda n, *_: done.append(n), cancelled=lambda: len(done) >= 2)
    assert result.cancelled and list(result.not_run) == ids[2:]
    assert len(result.succeeded) == 2 and not result.failed
    assert [officer.cases.show(i).state for i in ids] == ["审核认定"] * 2 + ["受理"] * 3
    assert len(_events(officer, "case_act")) == 2


def test_assignment_rules_and_one_audit_event_per_case(office) -> None:  # type: ignore[no-untyped-def]
    officer, approver = office
    mine = _cases(officer, 2)
    theirs = approver.cases.create("tech_contract", "处长登记的合同", CONTRACT).id
    with pytest.raises(PermissionDeniedError):
        officer.workflow.assign(theirs, "zhao")  # an officer hands over only their own cases
    with pytest.raises(PermissionDeniedError):
        officer.workflow.assign(mine[0], "wu")  # wu's scope is industry: could not even see it
    with pytest.raises(RefusedError):
        officer.workflow.assign(mine[0], "zhang")  # already the handler
    result = officer.bulk.assign([*mine, theirs], "zhao", "调整分工")
    assert [o.ok for o in result.outcomes] == [True, True, False]
    assert "处长" in result.failed[0].message
    assert [officer.cases.show(i).handler for i in mine] == ["zhao", "zhao"]
    events = _events(officer, "case_assign")
    assert [(e["target"], e["before"], e["after"]) for e in events] == [(i, "zhang", "zhao") for i in mine]
    timeline = officer.cases.show(mine[0]).timeline
    assert timeline[-1].action == "assign" and timeline[-1].opinion == "调整分工"
    assert approver.workflow.assign(theirs, "zhang").after == "zhang"  # the 处长 reassigns any case


def test_bulk_letters_issue_one_numbered_letter_per_case(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    ids = _cases(officer, 2)
    with pytest.raises(ValidationError):
        officer.bulk.letters(ids, "notice", tmp_path / "missing")
    out = tmp_path / "letters"
    out.mkdir()
    result = officer.bulk.letters([ids[0], "no-such-case", ids[1]], "notice", out, values={"body": "经审核，予以登记。"})
    assert [o.ok for o in result.outcomes] == [True, False, True]
    numbers = [o.detail["number"] for o in result.succeeded]
    assert len(set(numbers)) == 2
    assert sorted(p.name for p in out.iterdir()) == sorted(letter_file_name(o.case_no, "notice")
                                                           for o in result.succeeded)
    assert [e["target"] for e in _events(officer, "letter_issue")] == [ids[0], ids[1]]


def test_letter_file_names_carry_no_path_characters() -> None:
    assert letter_file_name("技合〔2026〕12号", "notice") == "技合〔2026〕12号-notice.pdf"
    assert "/" not in letter_file_name("../a/b c", "x")
