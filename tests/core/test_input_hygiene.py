"""The pure rules behind input hygiene: the passphrase policy, invisible characters, and
the ranges of numbers and rule values."""

from __future__ import annotations

import json

import pytest

from bjstc_desktop.core.casetypes import FieldDef, FieldKind
from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.core.fieldvalues import parse_date, parse_title, parse_value
from bjstc_desktop.core.money import parse_money
from bjstc_desktop.core.passphrase import check_new_passphrase, passphrase_problem
from bjstc_desktop.core.plaintext import check_plain, printable
from bjstc_desktop.core.rulevalues import check_rule_value
from bjstc_desktop.core.workcalendar import WorkCalendar


@pytest.mark.parametrize("good", ["admin passphrase 1", "我的口令是2026年", "correct horse battery", "Tr0ub4dor&3x",
                                  "演示工作站-demo-2026"])
def test_good_passphrases_pass(good: str) -> None:
    assert passphrase_problem(good) is None


@pytest.mark.parametrize(("bad", "word"), [
    ("aaaaaaaaaa", "同一个字符"), ("a" * 40, "同一个字符"), ("123456789", "太短"), ("0987654321", "连续"),
    ("qwertyuiop", "连续"), ("abcdeabcde", "重复"), ("aabbaabbaabb", "不同的字符太少"), ("onlylettershere", "两类"),
    ("1029384756", "两类"), ("pass\x1bword 12", "控制字符"),
])
def test_weak_passphrases_are_refused_with_the_reason(bad: str, word: str) -> None:
    with pytest.raises(RefusedError) as err:
        check_new_passphrase(bad)
    assert word in err.value.zh and err.value.en


def test_invisible_characters_are_refused_and_named() -> None:
    for ch in ("\x1b", "\x07", "\x00", "\x7f", "\x85", "\u202e", "\u2066", "\u200b", "\ufeff", "\u2028", "\U000e0041"):
        with pytest.raises(ValidationError) as err:
            check_plain(f"标题{ch}x", "标题", "The title")
        assert f"U+{ord(ch):04X}" in err.value.zh and "第 3 个字符" in err.value.zh
    assert check_plain("第一行\r\n第二行\t续", "意见", "Opinion", multiline=True) == "第一行\n第二行\t续"
    with pytest.raises(ValidationError):
        check_plain("第一行\n第二行", "标题", "The title")
    assert check_plain("王\ue000明", "姓名", "Name") == "王\ue000明"  # private use: rare names live there


def test_printable_escapes_so_that_json_reads_the_same_string() -> None:
    raw = "a\x1b[2Jb\u202ec\U000e0041d\te\n"
    shown = printable(raw)
    assert all(ch not in shown for ch in ("\x1b", "\u202e", "\U000e0041"))
    assert json.loads('"' + shown.replace("\t", "\\t").replace("\n", "\\n") + '"') == raw


def test_titles_and_text_fields_refuse_control_characters() -> None:
    with pytest.raises(ValidationError):
        parse_title("标题\x1b")
    with pytest.raises(ValidationError):
        parse_value(FieldDef("name", "名称"), "北京\u202e公司")
    assert parse_value(FieldDef("note", "说明", FieldKind.LONG_TEXT), "一\r\n二") == "一\n二"


def test_amounts_numbers_ratios_and_dates_have_ranges() -> None:
    assert parse_money("999999999999.99元") == 99_999_999_999_999
    for text in ("1" + "0" * 23 + "万", "1万亿", "100000000万元", "9" * 100):
        with pytest.raises(ValidationError):
            parse_money(text)
    integer = FieldDef("n", "数量", FieldKind.INTEGER)
    assert parse_value(integer, "1,000,000,000,000") == 10**12
    for text in ("1000000000001", "9" * 30, "-" + "9" * 13):
        with pytest.raises(ValidationError):
            parse_value(integer, text)
    ratio = FieldDef("r", "比例", FieldKind.RATIO)
    assert parse_value(ratio, "250%") == "2.5000"
    for text in ("1e999999999", "NaN", "Infinity", "20000", "-1%"):
        with pytest.raises(ValidationError):
            parse_value(ratio, text)
    for text in ("0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"):
        with pytest.raises(ValidationError):
            parse_date(text)
    assert parse_date("1930年5月4日") == "1930-05-04"


def test_rule_values_have_ranges_by_unit() -> None:
    assert check_rule_value("day", "决定期限", "3650") == "3650"
    for unit, value in (("day", str(10**20)), ("day", "3651"), ("year", "101"), ("万元", "1e400"), ("万元", "NaN"),
                        ("人", "99999999999"), ("hour", "9" * 40)):
        with pytest.raises(ValidationError) as err:
            check_rule_value(unit, "规则", value)
        assert "过大" in err.value.zh or "不是数字" in err.value.zh or "整数" in err.value.zh
    with pytest.raises(ValidationError):
        check_rule_value("text", "说明", "依据\x1b[31m")


def test_periods_longer_than_a_century_are_refused() -> None:
    import datetime as dt

    cal = WorkCalendar({}, ())
    with pytest.raises(ValidationError):
        cal.add_workdays(dt.date(2026, 1, 1), 10**20)
    with pytest.raises(ValidationError):
        cal.add_calendar_months(dt.date(2026, 1, 1), 10**6)


@pytest.mark.parametrize("multiline", [False, True])
def test_check_plain_refuses_exactly_the_unsafe_categories_at_every_code_point(multiline: bool) -> None:
    """The printable-text shortcut of check_plain refuses what the per-character rule
    refuses, for every code point (Unicode categories Cc, Cf, Cs, Zl, Zp; in multi-line
    text the line feed and tab allowed), alone and amid ordinary text."""
    import unicodedata

    refused = {"Cc", "Cf", "Cs", "Zl", "Zp"}
    wrong = []
    for cp in range(0x110000):
        ch = chr(cp)
        if ch == "\r":
            continue  # made a line feed in multi-line text
        unsafe = unicodedata.category(ch) in refused and not (multiline and ch in "\n\t")
        for text in (ch, f"王伟{ch}　x"):
            try:
                check_plain(text, "标签", "label", multiline=multiline)
                ok = True
            except ValidationError:
                ok = False
            if ok == unsafe:
                wrong.append(hex(cp))
    assert wrong == []
