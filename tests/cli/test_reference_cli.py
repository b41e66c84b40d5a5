"""`bjstc validate`, `bjstc calendar` and the rule table through the command line."""

from __future__ import annotations

import json

import pytest

from bjstc_desktop.cli import main as bjstc
from tests.conftest import ADMIN_PASS, OFFICER_PASS, Station


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    rc = bjstc(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return rc, out, err


@pytest.mark.parametrize(("kind", "value", "valid"), [
    ("uscc", "91350100M000100Y43", True), ("uscc", "91350100M000100Y44", False),
    ("idcard", "11010519491231002X", True), ("idcard", "110105194912310021", False),
    ("issn", "0378-5955", True), ("hnte-cert", "GR202311004043", True), ("docno", "京科发[2014]312号", True),
    ("contract-no", "2026110100123456", True), ("orgcode", "M000100Y-4", True),
])
def test_validate_exit_codes_and_json(capsys, kind: str, value: str, valid: bool) -> None:  # type: ignore[no-untyped-def]
    rc, out, _ = _run(capsys, "validate", kind, value, "--json")
    doc = json.loads(out)
    assert {"valid", "kind", "value", "message"} <= set(doc)
    assert doc["valid"] is valid and rc == (0 if valid else 1)


def test_validate_normalises_docno_brackets(capsys) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = _run(capsys, "validate", "docno", "京科发[2014]312号", "--json")
    assert json.loads(out)["value"] == "京科发〔2014〕312号"


def test_calendar_counts_across_make_up_days_and_flags_unknown_years(capsys) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = _run(capsys, "calendar", "add-workdays", "2025-09-26", "20", "--json")
    assert json.loads(out) == {"date": "2025-10-30", "calendar_verified": True, "unknown_years": []}
    _, out, _ = _run(capsys, "calendar", "add-workdays", "2026-12-28", "5", "--json")
    doc = json.loads(out)
    assert doc["calendar_verified"] is False and doc["unknown_years"] == [2027]
    _, out, _ = _run(capsys, "calendar", "workdays-between", "2026-09-30", "2026-10-12", "--json")
    # (9/30, 10/12]: 10/1-10/7 off; 10/8 Thu, 10/9 Fri, 10/10 the make-up Saturday, 10/12 Mon.
    assert json.loads(out)["workdays"] == 4
    assert _run(capsys, "calendar", "add-workdays", "2026-02-30", "1")[0] == 1


def test_a_new_years_notice_is_entered_by_the_sysadmin_and_audited(station: Station, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    d = str(station.data_dir)
    monkeypatch.setenv("BJSTC_PASSPHRASE", OFFICER_PASS)
    _, out, _ = _run(capsys, "--data-dir", d, "--user", "zhang", "calendar", "add-workdays", "2027-02-04", "3", "--json")
    # Without the notice 2027 still rests on 春节 by law (除夕 2/5 to 初三 2/8, made up on 2/9 and 2/10).
    assert json.loads(out) == {"date": "2027-02-15", "calendar_verified": False, "unknown_years": [2027]}
    rc, _, err = _run(capsys, "--data-dir", d, "--user", "zhang", "calendar", "set-year", "2027",
                      "--holiday", "2027-02-06:2027-02-14:春节", "--source", "国办发明电〔2026〕7号")
    assert rc == 1 and "系统管理员" in err
    monkeypatch.setenv("BJSTC_PASSPHRASE", ADMIN_PASS)
    rc, _, err = _run(capsys, "--data-dir", d, "--user", "admin", "calendar", "set-year", "2027",
                      "--holiday", "2027-02-06:2027-02-14:春节", "--workday", "2027-02-20",
                      "--source", "国办发明电〔2026〕7号")
    assert rc == 0, err
    monkeypatch.setenv("BJSTC_PASSPHRASE", OFFICER_PASS)
    _, out, _ = _run(capsys, "--data-dir", d, "--user", "zhang", "calendar", "add-workdays", "2027-02-04", "3", "--json")
    # 2/5 (Fri) counts, 2/6-2/14 holiday, then 2/15, 2/16 -> the third working day is 2/16.
    assert json.loads(out)["date"] == "2027-02-16"
    with station.open("admin", ADMIN_PASS) as ws, ws.store.read() as s:
        from sqlalchemy import text

        assert s.execute(text("SELECT count(*) FROM audit_events WHERE action = 'calendar_year_set'")).scalar() == 1


def test_rules_are_seeded_with_their_basis_and_edited_by_the_sysadmin(station: Station, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    d = str(station.data_dir)
    monkeypatch.setenv("BJSTC_PASSPHRASE", ADMIN_PASS)
    _, out, _ = _run(capsys, "--data-dir", d, "--user", "admin", "rules", "--json")
    rules = {r["key"]: r for r in json.loads(out)}
    assert rules["tech_contract.decision_days"]["value"] == "7"
    assert "第15条" in rules["tech_contract.decision_days"]["basis"]
    rc, _, _ = _run(capsys, "--data-dir", d, "--user", "admin", "rules", "tech_contract.decision_days", "10",
                    "--basis", "北京市技术合同认定登记管理办法（修订）")
    assert rc == 0
    rc, _, _ = _run(capsys, "--data-dir", d, "--user", "admin", "rules", "tech_contract.decision_days", "ten")
    assert rc == 1
    monkeypatch.setenv("BJSTC_PASSPHRASE", OFFICER_PASS)
    rc, _, err = _run(capsys, "--data-dir", d, "--user", "zhang", "rules", "tech_contract.decision_days", "3")
    assert rc == 1
    _, out, _ = _run(capsys, "--data-dir", d, "--user", "zhang", "rules", "--json")
    assert {r["key"]: r["value"] for r in json.loads(out)}["tech_contract.decision_days"] == "10"
