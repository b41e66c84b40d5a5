"""ISSN, 发文字号, 高新技术企业证书编号, 技术合同登记编号, export catalogue code, CN 刊号,
实验动物许可证号."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bjstc_desktop.core.validators import validate
from bjstc_desktop.core.validators.docno import format_doc_no
from bjstc_desktop.core.validators.issn import issn_check_char

TODAY = date(2026, 11, 26)


def issn_with_check(body: str) -> str:
    """An independent ISSN check computation (weights 8..2)."""
    c = (11 - sum(int(d) * w for d, w in zip(body, (8, 7, 6, 5, 4, 3, 2), strict=True)) % 11) % 11
    return body + ("X" if c == 10 else str(c))


# --- ISSN -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("0378-5955", "0378-5955"),
        ("1144-875X", "1144-875X"),
        ("1144-875x", "1144-875X"),
        ("ISSN 0378-5955", "0378-5955"),
        ("03785955", "0378-5955"),
        ("０３７８－５９５５", "0378-5955"),
    ],
)
def test_issn_samples(raw: str, value: str) -> None:
    r = validate("issn", raw)
    assert r.valid
    assert r.value == value


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("0378-5954", "校验位错误：应为 5，实为 4"),
        ("1144-8750", "应为 X，实为 0"),
        ("0378-595", "应为 8 位"),
        ("0378-59555", "应为 8 位"),
        ("03X8-5955", "应为 8 位"),
        ("", "请填写"),
    ],
)
def test_issn_refusals(raw: str, needle: str) -> None:
    r = validate("issn", raw)
    assert not r.valid
    assert needle in r.message_zh


@settings(deadline=None)
@given(st.text("0123456789", min_size=7, max_size=7), st.integers(0, 6), st.integers(1, 9))
def test_issn_check_detects_single_digit_changes(body: str, pos: int, delta: int) -> None:
    code = issn_with_check(body)
    assert issn_check_char(body) == code[-1]
    assert validate("issn", code).valid
    changed = code[:pos] + str((int(code[pos]) + delta) % 10) + code[pos + 1 :]
    assert not validate("issn", changed).valid


# --- 发文字号 ---------------------------------------------------------------------------


def docno(raw: str):
    return validate("docno", raw, TODAY)


def test_doc_no_parts() -> None:
    r = docno("京科发〔2023〕12号")
    assert r.valid and not r.warnings and not r.message_zh
    assert r.details == {"daizi": "京科发", "year": 2023, "seq": 12}


@pytest.mark.parametrize(
    "raw",
    [
        "京科发[2023]12号",
        "京科发［2023］12号",
        "京科发【2023】12号",
        "京科发（2023）12号",
        " 京科发 [2023] 12 号 ",
    ],
)
def test_doc_no_brackets_are_normalised_to_hexagonal(raw: str) -> None:
    r = docno(raw)
    assert r.valid
    assert r.value == "京科发〔2023〕12号"
    assert "已规范为" in r.message_zh


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("京科发〔2023〕012号", "不编虚位：应写作 12，不写 012"),
        ("京科发〔2023〕0号", "不能为 0"),
        ("京科发〔2023〕第12号", "不加“第”字"),
        ("京科发〔23〕12号", "年份写全 4 位"),
        ("京科发〔2023〕12", "格式应为"),
        ("〔2023〕12号", "格式应为"),
        ("京科发2023年12号", "格式应为"),
        ("", "请填写"),
    ],
)
def test_doc_no_refusals(raw: str, needle: str) -> None:
    r = docno(raw)
    assert not r.valid
    assert needle in r.message_zh


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("JKF〔2023〕12号", "含有拉丁字母"),
        ("京科Fa〔2023〕12号", "含有拉丁字母"),
        ("京科发〔1948〕3号", "早于 1949 年"),
        ("京政发〔1900〕1号", "早于 1949 年"),
    ],
)
def test_doc_no_latin_issuer_codes_and_years_before_1949_are_refused(raw: str, needle: str) -> None:
    r = docno(raw)
    assert not r.valid
    assert needle in r.message_zh


def test_doc_no_of_the_first_year_is_accepted() -> None:
    assert docno("京政发〔1949〕1号").valid


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("北京市人民政府令第319号", "北京市人民政府令第319号"),
        ("北京市人民政府令 第 93 号", "北京市人民政府令第93号"),
        ("中华人民共和国国务院令第795号", "中华人民共和国国务院令第795号"),
    ],
)
def test_doc_no_accepts_the_order_style_without_a_year(raw: str, value: str) -> None:
    r = docno(raw)
    assert r.valid, r.message_zh
    assert r.value == value
    assert r.details["year"] is None and r.details["seq"] == int(value[value.index("第") + 1:-1])


@pytest.mark.parametrize("raw", ["北京市人民政府令第0319号", "北京市人民政府令319号", "京科发第12号"])
def test_doc_no_order_style_keeps_its_rules(raw: str) -> None:
    assert not docno(raw).valid


def test_doc_no_future_year_is_a_warning() -> None:
    r = docno("京科发〔2027〕1号")
    assert r.valid
    assert "晚于今年" in r.warnings[0].zh


@settings(deadline=None)
@given(
    st.sampled_from(["京科发", "京科函", "京政办发", "国科发资", "市科委"]),
    st.integers(1990, 2026),
    st.integers(1, 99999),
)
def test_doc_no_round_trips(daizi: str, year: int, seq: int) -> None:
    text = format_doc_no(daizi, year, seq)
    r = docno(text.replace("〔", "[").replace("〕", "]"))
    assert r.valid
    assert r.value == text
    assert r.details == {"daizi": daizi, "year": year, "seq": seq}


# --- 高新技术企业证书编号 -------------------------------------------------------------


def hnte(raw: str):
    return validate("hnte-cert", raw, TODAY)


def test_hnte_beijing_sample() -> None:
    r = hnte("GR202311004043")
    assert r.valid and not r.warnings
    assert r.details == {
        "year": 2023,
        "province_code": "11",
        "province_name": "北京市",
        "serial": "004043",
    }
    assert hnte("gr 2023 11 004043").value == "GR202311004043"


def test_hnte_other_province_is_a_warning() -> None:
    r = hnte("GR202331001234")
    assert r.valid
    assert "上海市" in r.warnings[0].zh and "不是北京市" in r.warnings[0].zh


def test_hnte_unknown_province_is_a_warning() -> None:
    r = hnte("GR202399001234")
    assert r.valid
    assert "99 不是任何省级行政区的代码" in r.warnings[0].zh


def test_hnte_before_2008_is_a_warning() -> None:
    r = hnte("GR200511001234")
    assert r.valid and "2008" in r.warnings[0].zh


def test_hnte_future_year_is_refused() -> None:
    r = hnte("GR202711004043")
    assert not r.valid and "晚于今年" in r.message_zh
    assert hnte("GR202611004043").valid


@pytest.mark.parametrize(
    "raw", ["GR20231100404", "GR2023110040431", "GF202311004043", "202311004043", "GR2023110O4043"]
)
def test_hnte_format_refusals(raw: str) -> None:
    r = hnte(raw)
    assert not r.valid and "GR 加 12 位数字" in r.message_zh


# --- 技术合同登记编号 -----------------------------------------------------------------


def test_contract_number_sixteen_digits() -> None:
    r = validate("contract-no", "2023 1101 0000 0123")
    assert r.valid and r.value == "2023110100000123"
    assert r.details == {"legacy": False} and not r.message_zh


def test_contract_number_legacy_fourteen_digits_with_a_note() -> None:
    r = validate("contract-no", "20031101000012")
    assert r.valid and r.details == {"legacy": True}
    assert "14 位的旧式" in r.message_zh


@pytest.mark.parametrize(
    "raw", ["202311010000012", "20231101000001234", "2023110100000A23", "1234"]
)
def test_contract_number_refusals(raw: str) -> None:
    r = validate("contract-no", raw)
    assert not r.valid and "16 位数字" in r.message_zh


# --- 技术出口目录编号 -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "category"), [("010201J", "禁止出口"), ("010201X", "限制出口"), ("053501x", "限制出口")]
)
def test_export_code_categories(raw: str, category: str) -> None:
    r = validate("export-code", raw)
    assert r.valid
    assert r.value == raw.upper()
    assert r.details["category"] == category


@pytest.mark.parametrize("raw", ["01020J", "0102011J", "010201Y", "010201", "J010201"])
def test_export_code_refusals(raw: str) -> None:
    r = validate("export-code", raw)
    assert not r.valid and "6 位数字加 J" in r.message_zh


# --- CN 刊号 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["CN 11-1234/N", "CN11-1234/N", "cn 11-1234/n", "ＣＮ１１－１２３４／Ｎ"]
)
def test_cn_number_beijing(raw: str) -> None:
    r = validate("cn-number", raw)
    assert r.valid and not r.warnings
    assert r.value == "CN 11-1234/N"


def test_cn_number_other_province_is_a_warning() -> None:
    r = validate("cn-number", "CN 31-1234/TP")
    assert r.valid and r.value == "CN 31-1234/TP"
    assert "上海市" in r.warnings[0].zh


def test_cn_number_without_its_prefix_is_accepted_and_normalised() -> None:
    r = validate("cn-number", "11-1234/N")
    assert r.valid and not r.warnings
    assert r.value == "CN 11-1234/N"
    assert "CN 11-1234/N" in r.message_zh


@pytest.mark.parametrize(
    "raw", ["CN 11-123/N", "CN 11-1234", "CN 99-1234/N", "1-1234/N", "CN 11-12345/N", "CX 11-1234/N"]
)
def test_cn_number_refusals(raw: str) -> None:
    r = validate("cn-number", raw)
    assert not r.valid and "CN 11-1234/N" in r.message_zh


# --- 实验动物许可证号 -----------------------------------------------------------------


def animal(raw: str):
    return validate("animal-licence", raw, TODAY)


@pytest.mark.parametrize(
    ("raw", "value", "kind"),
    [
        ("SCXK(京)2021-0006", "SCXK(京)2021-0006", "实验动物生产许可证"),
        ("SYXK（京）2022-0012", "SYXK(京)2022-0012", "实验动物使用许可证"),
        ("syxk (京) 2022－0012", "SYXK(京)2022-0012", "实验动物使用许可证"),
    ],
)
def test_animal_licence(raw: str, value: str, kind: str) -> None:
    r = animal(raw)
    assert r.valid and not r.warnings
    assert r.value == value
    assert r.details["licence_type"] == kind


def test_animal_licence_of_another_province_is_a_warning() -> None:
    r = animal("SCXK(沪)2021-0006")
    assert r.valid and "不是北京市" in r.warnings[0].zh


def test_animal_licence_future_year_is_refused() -> None:
    assert not animal("SCXK(京)2030-0006").valid


@pytest.mark.parametrize(
    "raw",
    [
        "SCXK京2021-0006",
        "SXXK(京)2021-0006",
        "SCXK(京)21-0006",
        "SCXK(京)2021-006",
        "SCXK(BJ)2021-0006",
    ],
)
def test_animal_licence_refusals(raw: str) -> None:
    r = animal(raw)
    assert not r.valid and "SCXK(京)" in r.message_zh
