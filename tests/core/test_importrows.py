"""Spreadsheet cells through the field rules (pure: no store, no openpyxl)."""

from __future__ import annotations

import datetime as dt

import pytest

from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.core.importprofiles import (
    PROFILES,
    check_mapping,
    header_unit,
    normalise_header,
    profile,
)
from bjstc_desktop.core.importrows import ParsedRow, cell_text, columns_for, parse_row


def test_cells_become_the_text_the_field_parsers_take() -> None:
    assert cell_text(150.0) == "150" and cell_text(150.5) == "150.5" and cell_text(12) == "12"
    assert cell_text(dt.datetime(2026, 3, 1)) == "2026-03-01" and cell_text(dt.date(2026, 3, 1)) == "2026-03-01"
    assert cell_text("  ") is None and cell_text(None) is None and cell_text(True) is True
    assert cell_text(150, "万元") == "150万元" and cell_text("150元", "万元") == "150元"


def test_headers_are_compared_without_units_spaces_or_marks() -> None:
    assert normalise_header(" *成交额（万元） ") == "成交额" and normalise_header("卖方 名称") == "卖方名称"
    assert header_unit("成交额（万元）") == "万元" and header_unit("成交额(元)") == "元" and header_unit("成交额") == ""


def test_a_row_reports_every_problem_with_its_column() -> None:
    prof = profile("tech_contracts")
    headers = ["登记编号", "成交额（万元）", "签订日期", "合同类型"]
    cols = columns_for(prof, headers, {"登记编号": "contract_no", "成交额（万元）": "contract_amount",
                                       "签订日期": "signed_on", "合同类型": "contract_type"})
    ok = parse_row(prof, cols, ("1101234567890123", 150, dt.datetime(2026, 3, 1), "技术开发"), 2)
    assert isinstance(ok, ParsedRow) and ok.key == ("1101234567890123",)
    assert ok.fields["contract_amount"] == 150_000_000
    bad = parse_row(prof, cols, ("12", "abc", "2026-13-01", "技术开发合同"), 9)
    assert isinstance(bad, list) and {p.column for p in bad} == set(headers) and {p.row for p in bad} == {9}


def test_a_mapping_must_cover_the_natural_key_once() -> None:
    prof = profile("hnte_applicants")
    check_mapping(prof, {"统一社会信用代码": "enterprise_uscc", "批次": "batch", "其他": ""})
    with pytest.raises(ValidationError):
        check_mapping(prof, {"统一社会信用代码": "enterprise_uscc"})  # 批次 is part of the key
    with pytest.raises(ValidationError):
        check_mapping(prof, {"a": "enterprise_uscc", "b": "enterprise_uscc", "c": "batch"})
    with pytest.raises(ValidationError):
        check_mapping(prof, {"a": "no_such_field", "b": "enterprise_uscc", "c": "batch"})


def test_every_profile_names_real_fields() -> None:
    for prof in PROFILES:
        assert all(prof.field(k) is not None for k in prof.key_fields), prof.code
        assert all(prof.field(k) is not None for _, k in prof.aliases), prof.code
        assert all(prof.type.field(k) is not None for k in prof.title_fields), prof.code
