"""Filing rules at their edges: the 保管期限 lookup per case type and letter kind, the
档号 and its width, the order of 件, and the rule values the table accepts."""

from __future__ import annotations

from datetime import date

import pytest

from bjstc_desktop.core.archives import (
    CASE_RECORD,
    Document,
    archive_number,
    check_retention,
    plan_items,
    retention_for,
    retention_rule_key,
)
from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.core.modules import case_type
from bjstc_desktop.core.rulevalues import check_rule_value, rule_book, rule_values

HNTE = case_type("hnte")


def test_retention_per_case_type_then_letter_kind_then_default() -> None:
    values = rule_values(HNTE)
    assert retention_for("hnte", "approval_decision", values) == ("永久", "archive.retention.approval_decision")
    assert retention_for("hnte", "supplement_notice", values)[0] == "10年"
    assert retention_for("hnte", CASE_RECORD, values)[0] == "30年"
    assert retention_for("hnte", "no_such_letter", values) == ("30年", "archive.retention.default")
    own = {**values, retention_rule_key("hnte", "supplement_notice"): "30年"}
    assert retention_for("hnte", "supplement_notice", own) == ("30年", "archive.retention.hnte.supplement_notice")
    assert retention_for("tech_contract", "supplement_notice", own)[0] == "10年"


def test_retention_values_and_the_rule_table() -> None:
    assert [check_retention(v) for v in ("永久", "定期30年", "30", "10年")] == ["永久", "30年", "30年", "10年"]
    for bad in ("20年", "", "forever"):
        with pytest.raises(ValidationError):
            check_retention(bad)
    assert check_rule_value("保管期限", "保管期限（通知）", " 永久 ") == "永久"
    with pytest.raises(ValidationError):
        check_rule_value("保管期限", "保管期限（通知）", "5年")
    with pytest.raises(ValidationError):
        check_rule_value("位", "件号位数", "4.5")


def test_archive_number_and_its_width() -> None:
    assert archive_number("0123", 2026, "Y", 1, 4) == "0123-2026-Y-0001"
    assert archive_number("X001", 2026, "D30", 9999, 4) == "X001-2026-D30-9999"
    with pytest.raises(RefusedError):
        archive_number("X001", 2026, "D30", 10000, 4)
    with pytest.raises(RefusedError):
        archive_number("X001", 2026, "D30", 0, 4)


def test_items_in_filing_order_with_codes_from_the_rules() -> None:
    docs = [Document("approval_decision", "准予决定", 2026, "京科发〔2026〕9号", date(2026, 5, 2)),
            Document("acceptance_notice", "受理通知", 2026, "京科函〔2026〕3号", date(2026, 3, 1)),
            Document("notice", "通知", 2025, "京科发〔2025〕80号", date(2025, 12, 30))]
    rules = rule_book(HNTE, {"archive.fonds_no": "X001"})
    items = plan_items("hnte", docs, rules, rule_values(HNTE))
    assert [(i.document.doc_no, i.retention, i.code, i.series) for i in items] == [
        ("京科发〔2025〕80号", "30年", "D30", "档/X001/D30"),
        ("京科函〔2026〕3号", "10年", "D10", "档/X001/D10"),
        ("京科发〔2026〕9号", "永久", "Y", "档/X001/Y"),
    ]
    for bad in ("", "全宗一", "123456789", "00-1"):
        with pytest.raises(RefusedError, match="全宗号"):
            plan_items("hnte", docs, rule_book(HNTE, {"archive.fonds_no": bad}), rule_values(HNTE))
