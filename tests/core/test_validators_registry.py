"""The validator registry, the result type and the FieldKind bridge."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date

import pytest

from bjstc_desktop.core.casetypes import FieldKind
from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.core.validators import (
    IDENTIFIER_FIELD_KINDS,
    KINDS,
    ValidationResult,
    normalize_field_value,
    validate,
)

TODAY = date(2026, 11, 26)


def test_all_kinds_are_registered() -> None:
    assert set(KINDS) == {
        "uscc",
        "orgcode",
        "idcard",
        "issn",
        "docno",
        "hnte-cert",
        "contract-no",
        "export-code",
        "cn-number",
        "district",
        "animal-licence",
    }


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown identifier kind"):
        validate("passport", "E12345678")


def test_every_kind_refuses_blank_input_with_a_message_in_both_languages() -> None:
    for kind in KINDS:
        r = validate(kind, "   ")
        assert not r.valid, kind
        assert r.kind == kind
        assert r.message_zh.startswith("请填写") and r.message_en.startswith("Please enter"), kind


def test_result_is_frozen_and_reports_in_both_languages() -> None:
    r = validate("uscc", "91110000600037341X")
    assert isinstance(r, ValidationResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.valid = True  # type: ignore[misc]
    assert r.message("zh") == r.message_zh
    assert r.message("en") == r.message_en
    with pytest.raises(ValidationError) as caught:
        r.value_or_raise("uscc")
    assert caught.value.zh == r.message_zh and caught.value.field == "uscc"


def test_warnings_are_zh_en_pairs() -> None:
    r = validate("district", "110103")
    ((zh, en),) = r.warnings
    assert "崇文区" in zh and "Chongwen" in en
    assert r.warning_texts("en") == (en,)


def test_identifier_field_kinds() -> None:
    assert IDENTIFIER_FIELD_KINDS == {
        FieldKind.USCC,
        FieldKind.ORG_CODE,
        FieldKind.ID_NUMBER,
        FieldKind.ISSN,
        FieldKind.DOC_NO,
        FieldKind.HNTE_CERT,
        FieldKind.CONTRACT_NO,
        FieldKind.EXPORT_CODE,
        FieldKind.CN_NUMBER,
        FieldKind.DISTRICT,
        FieldKind.ANIMAL_LICENCE,  # issue 16: the 实验动物许可证 case type uses the validator
    }


@pytest.mark.parametrize(
    ("kind", "raw", "value"),
    [
        (FieldKind.USCC, "９１１１００００６０００３７３４１ｌ", "91110000600037341L"),
        (FieldKind.ORG_CODE, "600037341", "60003734-1"),
        (FieldKind.ID_NUMBER, "110105491231002", "11010519491231002X"),
        (FieldKind.ISSN, "ISSN 1144875x", "1144-875X"),
        (FieldKind.DOC_NO, "京科发[2023]12号", "京科发〔2023〕12号"),
        (FieldKind.HNTE_CERT, "gr202311004043", "GR202311004043"),
        (FieldKind.CONTRACT_NO, "2023110100000123", "2023110100000123"),
        (FieldKind.EXPORT_CODE, "010201j", "010201J"),
        (FieldKind.CN_NUMBER, "CN11-1234/N", "CN 11-1234/N"),
        (FieldKind.DISTRICT, "海淀", "110108"),
    ],
)
def test_normalize_field_value_returns_the_normalised_form(
    kind: FieldKind, raw: str, value: str
) -> None:
    assert normalize_field_value(kind, raw, today=TODAY) == value


def test_normalize_field_value_raises_a_plain_field_error() -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_field_value(
            FieldKind.USCC, "91110000600037341X", field="承担单位统一社会信用代码"
        )
    err = caught.value
    assert err.field == "承担单位统一社会信用代码"
    assert err.zh.startswith("统一社会信用代码校验位错误：应为 L，实为 X。")
    assert "expected L, found X" in err.en
    assert err.exit_code == 1


def test_normalize_field_value_lets_warnings_through() -> None:
    assert normalize_field_value(FieldKind.DISTRICT, "110103") == "110103"


def test_normalize_field_value_blank_is_empty() -> None:
    assert normalize_field_value(FieldKind.ID_NUMBER, "  ") == ""


def test_normalize_field_value_refuses_non_identifier_kinds() -> None:
    with pytest.raises(ValueError):
        normalize_field_value(FieldKind.TEXT, "x")


def test_validators_import_neither_sqlalchemy_nor_qt() -> None:
    code = (
        "import sys, bjstc_desktop.core.validators as v; v.validate('district', '110108');"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'PySide6', 'shiboken6')];"
        "sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
