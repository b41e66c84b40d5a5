"""What every check function receives and returns, and the registry of functions.

A check function takes a CheckContext and returns an Outcome, or None when the check
does not apply to this case (e.g. the age rule of 杰出青年中关村奖 on another award).
`passed` is None when the fields do not hold enough data to decide.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from bjstc_desktop.core.casetypes import CaseType, FieldDef
from bjstc_desktop.core.fieldvalues import display_value
from bjstc_desktop.core.money import format_wanyuan, format_yuan
from bjstc_desktop.core.rulevalues import RuleBook
from bjstc_desktop.core.workcalendar import WorkCalendar


@dataclass(frozen=True)
class Outcome:
    """The result of one check function."""

    passed: bool | None
    zh: str
    en: str


@dataclass(frozen=True)
class CheckContext:
    """The parsed fields, rule values, reference day and parameters of one check."""

    case_type: CaseType
    fields: Mapping[str, Any]
    rules: RuleBook
    today: date
    params: Mapping[str, Any]
    calendar: WorkCalendar | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)  # found by the store (checklib/shared.py)

    def param(self, name: str, default: Any = None) -> Any:
        """A parameter of the CheckDef."""
        return self.params.get(name, default)

    def value(self, key: str) -> Any:
        """A field value; "" and [] count as missing (None)."""
        v = self.fields.get(key)
        return None if v in ("", []) else v

    def label(self, key: str) -> str:
        """The Chinese label of a field of this case type."""
        f = self.case_type.field(key)
        return f.label if f else key

    def label_en(self, key: str) -> str:
        """The English label of a field of this case type."""
        f = self.case_type.field(key)
        return (f.label_en or f.label) if f else key

    def column_label(self, rows_key: str, column: str) -> str:
        """The Chinese label of a column of a ROWS field."""
        col = self._column(rows_key, column)
        return col.label if col else column

    def column_label_en(self, rows_key: str, column: str) -> str:
        """The English label of a column of a ROWS field."""
        col = self._column(rows_key, column)
        return (col.label_en or col.label) if col else column

    def _column(self, rows_key: str, column: str) -> FieldDef | None:
        f = self.case_type.field(rows_key)
        return next((c for c in (f.columns if f else ()) if c.key == column), None)

    def choice_en(self, key: str, value: str) -> str:
        """The English of a value of ENUM field `key` (the value itself if it has none)."""
        f = self.case_type.field(key)
        return (f.choice_en(value) if f else "") or value

    def column_choice_en(self, rows_key: str, column: str, value: str) -> str:
        """The English of a value of an ENUM column of a ROWS field."""
        col = self._column(rows_key, column)
        return (col.choice_en(value) if col else "") or value

    def show(self, key: str, value: Any, language: str = "zh") -> str:
        """A value of field `key` as an officer reads it (money in its unit, a code-table
        value in the language)."""
        f = self.case_type.field(key)
        return display_value(f, value, language) if f else str(value)

    def show_en(self, key: str, value: Any) -> str:
        """A value of field `key` as an English-reading officer reads it."""
        return self.show(key, value, "en")

    def missing(self, *keys: str) -> Outcome:
        """The 'not enough data' outcome naming the fields that are missing."""
        return missing_named([self.label(k) for k in keys], [self.label_en(k) for k in keys])

    def missing_columns(self, rows_key: str, *columns: str) -> Outcome:
        """The 'not enough data' outcome naming columns of a ROWS field."""
        return missing_named([self.column_label(rows_key, c) for c in columns],
                             [self.column_label_en(rows_key, c) for c in columns])

    def rows(self, key: str) -> list[dict[str, Any]]:
        """The rows of a ROWS field (empty when missing)."""
        return list(self.fields.get(key) or [])

    def date_of(self, key: str) -> date | None:
        """A DATE field as a date."""
        v = self.value(key)
        return date.fromisoformat(v) if isinstance(v, str) else v

    def matches(self, when: tuple[tuple[str, tuple[str, ...]], ...]) -> bool:
        """Whether the fields satisfy a `When` condition."""
        return fields_match(self.fields, when)


def as_text(value: Any) -> str:
    """A field value as condition text: bools as 是/否, missing as ""."""
    if value is None or value == []:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def fields_match(fields: Mapping[str, Any], when: tuple[tuple[str, tuple[str, ...]], ...]) -> bool:
    """True when every (field, allowed values) of `when` holds."""
    return all(as_text(fields.get(key)) in allowed for key, allowed in when)


def pct(ratio: Decimal | float) -> str:
    """0.125 → '12.50%'."""
    return f"{Decimal(ratio) * 100:.2f}%"


def wan(fen: int | Decimal, language: str = "zh") -> str:
    """Fen shown in 万元."""
    return format_wanyuan(int(fen), language=language)


def yuan(fen: int | Decimal, language: str = "zh") -> str:
    """Fen shown in 元."""
    return format_yuan(int(fen), language=language)


def missing_named(labels_zh: list[str], labels_en: list[str]) -> Outcome:
    """The 'not enough data' outcome naming what is missing, in both languages."""
    return Outcome(None, f"缺少数据：{'、'.join(labels_zh)}。", f"Not enough data: {', '.join(labels_en)}.")


def row_name(name: str, number: int) -> tuple[str, str]:
    """A row's name in both languages, or 第n行 / row n when it has none."""
    return (name, name) if name else (f"第{number}行", f"row {number}")


CheckFunction = Callable[[CheckContext], Outcome | None]
CHECK_FUNCTIONS: dict[str, CheckFunction] = {}


def check_function(name: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under `name` (the CheckDef.function string)."""

    def register(fn: CheckFunction) -> CheckFunction:
        if name in CHECK_FUNCTIONS:
            raise ValueError(f"check function {name!r} registered twice")
        CHECK_FUNCTIONS[name] = fn
        return fn

    return register
