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

from bjstc_desktop.core.casetypes import CaseType
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

    def column_label(self, rows_key: str, column: str) -> str:
        """The Chinese label of a column of a ROWS field."""
        f = self.case_type.field(rows_key)
        col = next((c for c in (f.columns if f else ()) if c.key == column), None)
        return col.label if col else column

    def show(self, key: str, value: Any) -> str:
        """A value of field `key` as an officer reads it (money in its unit)."""
        f = self.case_type.field(key)
        return display_value(f, value) if f else str(value)

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


def wan(fen: int | Decimal) -> str:
    """Fen shown in 万元."""
    return format_wanyuan(int(fen))


def yuan(fen: int | Decimal) -> str:
    """Fen shown in 元."""
    return format_yuan(int(fen))


def missing(*labels: str) -> Outcome:
    """The 'not enough data' outcome naming what is missing."""
    return Outcome(None, f"缺少数据：{'、'.join(labels)}。", f"Not enough data: {', '.join(labels)}.")


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
