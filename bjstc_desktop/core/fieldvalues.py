"""Parse, check and show case field values by their kind (one place for every form,
import and command). Parsed values are plain JSON-able Python: str, int, bool, ISO date
string, or a list of row dicts."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind
from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.core.i18n import choice_label, current_language, pick
from bjstc_desktop.core.money import format_money, parse_money
from bjstc_desktop.core.plaintext import check_plain
from bjstc_desktop.core.validators import normalize_field_value

_IDENTIFIER_KINDS = {
    FieldKind.USCC, FieldKind.ORG_CODE, FieldKind.ID_NUMBER, FieldKind.ISSN, FieldKind.DOC_NO,
    FieldKind.HNTE_CERT, FieldKind.CONTRACT_NO, FieldKind.EXPORT_CODE, FieldKind.CN_NUMBER, FieldKind.ANIMAL_LICENCE,
    FieldKind.DISTRICT,
}
_TRUE = {"1", "true", "yes", "y", "是", "有", "√"}
_FALSE = {"0", "false", "no", "n", "否", "无", "×", ""}
MAX_TEXT = 2000
MAX_LONG_TEXT = 100_000
MAX_ROWS = 1000
MAX_TITLE = 500
# Whole-number fields (counts, scores, people, years): a trillion is beyond any of them.
MAX_INTEGER = 10**12
# Ratios are stored as text; 10,000 (1,000,000%) is beyond any growth rate or share.
MAX_RATIO = 10_000
FIRST_YEAR, LAST_YEAR = 1900, 2199


def _err(f: FieldDef, zh: str, en: str) -> ValidationError:
    return ValidationError(f"{f.label}：{zh}", f"{f.label_en or f.label}: {en}", field=f.key)


def parse_date(text: str, f: FieldDef | None = None) -> str:
    """An ISO date from 2026-03-01, 2026/3/1, 20260301 or 2026年3月1日."""
    s = (text or "").strip()
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", s) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s)
    try:
        if not m:
            raise ValueError
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            zh, en = (f"日期“{s}”超出范围：年份应在 {FIRST_YEAR} 至 {LAST_YEAR} 之间。",
                      f"date {s!r} is out of range: the year must be {FIRST_YEAR} to {LAST_YEAR}.")
            raise ValidationError(zh, en) if f is None else _err(f, zh, en)
        return day.isoformat()
    except ValueError:
        zh, en = f"日期“{s}”无效，请按 2026-03-01 的格式填写。", f"date {s!r} is not valid; use 2026-03-01."
        if f is None:
            raise ValidationError(zh, en) from None
        raise _err(f, zh, en) from None


def parse_title(text: str | None) -> str:
    """A case title: 1-500 characters, nothing invisible."""
    title = (text or "").strip()
    if not title or len(title) > MAX_TITLE:
        raise ValidationError(f"标题不能为空，且不超过 {MAX_TITLE} 字。",
                              f"A title is required (at most {MAX_TITLE} characters).", field="title")
    return check_plain(title, "标题", "The title", field="title")


def parse_note(text: str | None, label_zh: str, label_en: str, field: str, *, limit: int = MAX_LONG_TEXT) -> str | None:
    """An optional free text typed by an officer (opinion, reason, knowers, period):
    stripped, None when empty, refused when too long or holding invisible characters."""
    note = (text or "").strip()
    if not note:
        return None
    if len(note) > limit:
        raise ValidationError(f"{label_zh}过长（最多 {limit} 字）。", f"{label_en} is too long (at most {limit}).",
                              field=field)
    return check_plain(note, label_zh, label_en, multiline=True, field=field)


def parse_value(f: FieldDef, raw: Any) -> Any:
    """The stored value of field `f` from what was typed (or imported). None clears it."""
    if raw is None or (isinstance(raw, str) and raw.strip() == "" and f.kind is not FieldKind.BOOL):
        return None
    kind = f.kind
    if kind is FieldKind.ROWS:
        return _parse_rows(f, raw)
    if isinstance(raw, bool) and kind is FieldKind.BOOL:
        return raw
    text = check_plain(str(raw).strip(), f.label, f.label, multiline=kind is FieldKind.LONG_TEXT, field=f.key)
    if kind in (FieldKind.TEXT, FieldKind.PARTY, FieldKind.CHECKLIST):
        if len(text) > MAX_TEXT:
            raise _err(f, f"内容过长（最多 {MAX_TEXT} 字）。", f"too long (at most {MAX_TEXT} characters).")
        return text
    if kind is FieldKind.LONG_TEXT:
        if len(text) > MAX_LONG_TEXT:
            raise _err(f, "内容过长。", "too long.")
        return text
    if kind is FieldKind.INTEGER:
        digits = text.replace(",", "")
        try:
            number = int(digits) if len(digits) <= 20 else None
        except ValueError:
            raise _err(f, f"“{text}”不是整数。", f"{text!r} is not a whole number.") from None
        if number is None or abs(number) > MAX_INTEGER:
            raise _err(f, "数值过大：绝对值不能超过一万亿。", "the number is too large: at most a trillion either way.")
        return number
    if kind is FieldKind.MONEY:
        return parse_money(text, field=f.key)
    if kind is FieldKind.RATIO:
        return _parse_ratio(f, text)
    if kind is FieldKind.DATE:
        return parse_date(text, f)
    if kind is FieldKind.ENUM:
        return _choice(f, text)
    if kind is FieldKind.BOOL:
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise _err(f, f"“{text}”应为 是 或 否。", f"{text!r} should be yes or no.")
    if kind in _IDENTIFIER_KINDS:
        try:
            return normalize_field_value(kind, text)
        except ValidationError as exc:
            raise ValidationError(f"{f.label}：{exc.zh}", f"{f.label_en or f.label}: {exc.en}", field=f.key) from None
    raise _err(f, "未知的字段类型。", "unknown field kind.")  # pragma: no cover


def _choice(f: FieldDef, text: str) -> str:
    """One of the field's choices (stored in Chinese), typed in Chinese or in English."""
    if text in f.choices:
        return text
    for zh, en in zip(f.choices, f.choices_en, strict=False):
        if en and en.casefold() == text.casefold():
            return zh
    shown_en = ", ".join(en or zh for zh, en in zip(f.choices, f.choices_en or f.choices, strict=False))
    raise _err(f, f"“{text}”不是可选值（{'、'.join(f.choices)}）。", f"{text!r} is not one of {shown_en}.")


def _parse_ratio(f: FieldDef, text: str) -> str:
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
        if not value.is_finite() or len(text) > 32:
            raise InvalidOperation
    except InvalidOperation:
        raise _err(f, f"“{text}”不是比例（如 0.25 或 25%）。", f"{text!r} is not a ratio (0.25 or 25%).") from None
    if value < 0:
        raise _err(f, "比例不能为负数。", "a ratio cannot be negative.")
    if value > MAX_RATIO:
        raise _err(f, f"比例过大：不能超过 {MAX_RATIO}（即 {MAX_RATIO * 100}%）。",
                   f"the ratio is too large: at most {MAX_RATIO} ({MAX_RATIO * 100}%).")
    return f"{value:.4f}"


def _parse_rows(f: FieldDef, raw: Any) -> list[dict[str, Any]]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError:
            raise _err(f, "表格数据应为 JSON 列表。", "rows must be a JSON list.") from None
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise _err(f, "表格数据应为若干行。", "rows must be a list of rows.")
    if len(raw) > MAX_ROWS:
        raise _err(f, f"行数过多（最多 {MAX_ROWS} 行）。", f"too many rows (at most {MAX_ROWS}).")
    columns = {c.key: c for c in f.columns}
    rows = []
    for i, row in enumerate(raw, start=1):
        unknown = set(row) - set(columns)
        if unknown:
            raise _err(f, f"第 {i} 行有未知列：{'、'.join(sorted(unknown))}。", f"row {i} has unknown columns: {', '.join(sorted(unknown))}.")
        parsed = {}
        for key, col in columns.items():
            try:
                value = parse_value(col, row.get(key))
            except ValidationError as exc:
                raise ValidationError(f"{f.label}第 {i} 行 — {exc.zh}", f"{f.label_en or f.label} row {i} — {exc.en}",
                                      field=f.key) from None
            if value is not None:
                parsed[key] = value
        rows.append(parsed)
    return rows


def parse_fields(case_type: CaseType, raw: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Parse every given field of a case type; refuse unknown keys and (unless
    `partial`) missing required fields. Returns the parsed values."""
    defs = {k: case_type.field(k) for k in raw}
    unknown = [k for k, f in defs.items() if f is None]
    if unknown:
        raise ValidationError(
            f"案件类型“{case_type.name}”没有字段：{'、'.join(unknown)}。",
            f"Case type {case_type.code} has no field(s): {', '.join(unknown)}.",
            field=unknown[0],
        )
    parsed = {k: parse_value(f, raw[k]) for k, f in defs.items() if f is not None}  # none is None: unknown is empty
    if not partial:
        missing = [f for f in case_type.fields if f.required and parsed.get(f.key) in (None, "", [])]
        if missing:
            raise ValidationError(
                f"缺少必填项：{'、'.join(f.label for f in missing)}。",
                f"Required field(s) missing: {', '.join(f.label_en or f.label for f in missing)}.",
                field=missing[0].key,
            )
    return parsed


def display_value(f: FieldDef, value: Any, language: str | None = None) -> str:
    """How a stored value is shown to an officer, in `language` (default: the officer's;
    letters pass "zh": an official document is always Chinese)."""
    if value is None:
        return ""
    lang = language or current_language()
    if f.kind is FieldKind.MONEY:
        return format_money(int(value), f.unit or "元", language=lang)
    if f.kind is FieldKind.BOOL:
        return pick("是" if value else "否", "Yes" if value else "No", lang)
    if f.kind is FieldKind.RATIO:
        return f"{float(value) * 100:.2f}%"
    if f.kind is FieldKind.ROWS:
        return pick(f"{len(value)} 行", f"{len(value)} row(s)", lang)
    if f.kind is FieldKind.ENUM:
        return choice_label(f, value, lang)
    return str(value)
