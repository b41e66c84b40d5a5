"""发文字号 (document number), e.g. 京科发〔2023〕12号 (GB/T 9704-2012 §7.2.4).

Pattern of domain.md §4.4: 代字, the full year in 六角括号 〔〕, the sequence number
without padding zeros and without 第, then 号. Square brackets (and the common
【】, （）) are accepted and normalised to 〔〕.

Orders (命令（令）, GB/T 9704-2012 §10.2) carry no year: 北京市人民政府令第319号, the 代字
ending in 令 and the number after 第. A 代字 is Chinese (a Latin letter in it is a
typing slip) and no 发文字号 of the People's Republic is older than 1949.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from bjstc_desktop.core.validators.result import Message, ValidationResult, accepted, refused

KIND = "docno"
PATTERN = re.compile(r"^(?P<daizi>[^〔\[]+)[〔\[](?P<year>\d{4})[〕\]](?P<seq>\d+)号$")
# Brackets officers type instead of 〔〕, after NFKC (which turns ［］（） into []()).
_OPENERS = str.maketrans({"[": "〔", "【": "〔", "(": "〔", "〖": "〔"})
_CLOSERS = str.maketrans({"]": "〕", "】": "〕", ")": "〕", "〗": "〕"})
_YEAR_IN_BRACKETS = re.compile(r"[\[【(〖〔](\d{4})[\]】)〗〕]")
ORDER_PATTERN = re.compile(r"^(?P<daizi>[^〔\[第]+令)第(?P<seq>\d+)号$")
_LATIN = re.compile(r"[A-Za-z]")
EARLIEST_YEAR = 1949


def format_doc_no(daizi: str, year: int, seq: int) -> str:
    """The canonical form, e.g. format_doc_no("京科发", 2023, 12) → "京科发〔2023〕12号"."""
    return f"{daizi}〔{year}〕{seq}号"


def _normalise(raw: str) -> str:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw))
    # Only the brackets around the year are rewritten; the 代字 is left alone.
    return _YEAR_IN_BRACKETS.sub(
        lambda m: (
            f"{m.group(0)[0].translate(_OPENERS)}{m.group(1)}{m.group(0)[-1].translate(_CLOSERS)}"
        ),
        text,
        count=1,
    )


def validate_doc_no(raw: str, today: date | None = None) -> ValidationResult:
    """Validate a 发文字号; value is the 〔〕 form; details: daizi, year, seq (ints).

    Hard errors: not of the form 代字〔年份〕序号号, a 第 before the number, a
    padding zero. A year after `today`'s year is a warning (numbers are sometimes
    reserved ahead at the turn of the year).
    """
    today = today or date.today()
    text = _normalise(raw)
    if not text:
        return refused(KIND, "", "请填写发文字号。", "Please enter the document number.")
    match = PATTERN.match(text)
    order = ORDER_PATTERN.match(text) if match is None else None
    if order is not None:
        return _order_number(raw, text, order["daizi"], order["seq"])
    if match is None:
        if re.search(r"〕第\d+号$", text):
            return refused(
                KIND,
                text,
                "发文字号的序号前不加“第”字，如 京科发〔2023〕12号。",
                "The sequence number of a document number takes no 第, e.g. 京科发〔2023〕12号.",
            )
        return refused(
            KIND,
            text,
            "发文字号格式应为：机关代字〔年份〕序号号，如 京科发〔2023〕12号（年份写全 4 位）。",
            "A document number reads: issuer code〔year〕number号, e.g. 京科发〔2023〕12号 (4-digit year).",
        )
    daizi, year, seq_text = match["daizi"], int(match["year"]), match["seq"]
    refusal = _daizi_or_seq_error(text, daizi, seq_text)
    if refusal is not None:
        return refusal
    if year < EARLIEST_YEAR:
        return refused(
            KIND,
            text,
            f"发文字号的年份 {year} 早于 {EARLIEST_YEAR} 年，请核对。",
            f"The year of the document number, {year}, is before {EARLIEST_YEAR}; please check.",
        )
    value = format_doc_no(daizi, year, int(seq_text))
    warnings = []
    if year > today.year:
        warnings.append(
            Message(
                f"发文字号的年份 {year} 晚于今年，请核对。",
                f"The year of the document number, {year}, is after this year; please check.",
            )
        )
    note = None
    if value != unicodedata.normalize("NFKC", raw).strip():
        note = Message(f"已规范为 {value}。", f"Normalised to {value}.")
    return accepted(
        KIND,
        value,
        warnings=warnings,
        details={"daizi": daizi, "year": year, "seq": int(seq_text)},
        note=note,
    )


def _daizi_or_seq_error(text: str, daizi: str, seq_text: str) -> ValidationResult | None:
    """A Latin letter in the 代字, a zero or a padded sequence number: refused."""
    if _LATIN.search(daizi):
        return refused(
            KIND,
            text,
            f"发文字号的机关代字“{daizi}”含有拉丁字母；代字应为汉字，如 京科发。",
            f"The issuer code “{daizi}” contains Latin letters; it is written in Chinese, e.g. 京科发.",
        )
    if int(seq_text) == 0:
        return refused(
            KIND,
            text,
            "发文字号的序号从 1 开始，不能为 0。",
            "The sequence number starts at 1, not 0.",
        )
    if seq_text.startswith("0"):
        return refused(
            KIND,
            text,
            f"发文字号的序号不编虚位：应写作 {int(seq_text)}，不写 {seq_text}。",
            f"The sequence number has no padding zeros: write {int(seq_text)}, not {seq_text}.",
        )
    return None


def _order_number(raw: str, text: str, daizi: str, seq_text: str) -> ValidationResult:
    """An order's number, e.g. 北京市人民政府令第319号 (no year; 第 before the number)."""
    refusal = _daizi_or_seq_error(text, daizi, seq_text)
    if refusal is not None:
        return refusal
    value = f"{daizi}第{int(seq_text)}号"
    note = None
    if value != unicodedata.normalize("NFKC", raw).strip():
        note = Message(f"已规范为 {value}。", f"Normalised to {value}.")
    return accepted(KIND, value, details={"daizi": daizi, "year": None, "seq": int(seq_text)}, note=note)
