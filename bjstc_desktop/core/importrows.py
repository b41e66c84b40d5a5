"""One spreadsheet row through the field rules: cell values → parsed field values, or
the problems that name the row, the column and the reason (zh and en). The same
parse_value every form and command uses; nothing here touches the store."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind
from bjstc_desktop.core.checks import check_before_save
from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.core.fieldvalues import parse_title, parse_value
from bjstc_desktop.core.i18n import current_language
from bjstc_desktop.core.importprofiles import TITLE, ImportProfile, header_unit
from bjstc_desktop.core.workcalendar import WorkCalendar

_BARE_NUMBER = re.compile(r"^[+-]?[0-9][0-9,]*(\.[0-9]+)?$")
MAX_TITLE = 500


@dataclass(frozen=True)
class RowProblem:
    """Why one row (its number as the spreadsheet shows it) cannot be imported."""

    row: int
    column: str  # the header text; "" when the row as a whole is at fault
    zh: str
    en: str

    def message(self, language: str | None = None) -> str:
        """The reason in `language` (default: the current one)."""
        return self.en if (language or current_language()) == "en" else self.zh

    def as_json(self) -> dict[str, Any]:
        """{"row", "column", "zh", "en"} for --json and the report table."""
        return {"row": self.row, "column": self.column, "zh": self.zh, "en": self.en}


@dataclass(frozen=True)
class Column:
    """A mapped column: its position in the row, header text, target field, money unit."""

    index: int
    header: str
    key: str
    unit: str = ""


@dataclass(frozen=True)
class ParsedRow:
    """A row that passed its field rules: the natural key, the title (if mapped) and
    the non-empty parsed values (an empty cell never clears a stored value)."""

    row: int
    key: tuple[Any, ...]
    title: str | None
    fields: dict[str, Any]


def columns_for(prof: ImportProfile, headers: Sequence[str], mapping: Mapping[str, str]) -> list[Column]:
    """The mapped columns in sheet order (headers not in the mapping are ignored)."""
    out = []
    for i, h in enumerate(headers):
        key = mapping.get(h, "")
        if key:
            f = prof.field(key)
            unit = header_unit(h) if f is not None and f.kind is FieldKind.MONEY else ""
            out.append(Column(i, h, key, unit))
    return out


def cell_text(value: Any, unit: str = "") -> Any:
    """A cell as the field parsers take it: text, a bool, or None when empty. Dates
    become ISO dates; whole floats lose their ".0"; a bare number in a column whose
    header says 万元 gets that unit."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    else:
        text = str(value).strip()
    if not text:
        return None
    if unit and _BARE_NUMBER.match(text):
        text += unit
    return text


def parse_row(prof: ImportProfile, columns: Sequence[Column], values: Sequence[Any], row_no: int
              ) -> ParsedRow | list[RowProblem]:
    """Parse every mapped cell of one row; all the problems of the row, not only the first."""
    problems: list[RowProblem] = []
    fields: dict[str, Any] = {}
    title: str | None = None
    for col in columns:
        raw = cell_text(values[col.index] if col.index < len(values) else None, col.unit)
        if raw is None:
            continue
        if col.key == TITLE:
            title = str(raw).strip()
            if len(title) > MAX_TITLE:
                problems.append(RowProblem(row_no, col.header, f"标题超过 {MAX_TITLE} 字。",
                                           f"The title is longer than {MAX_TITLE} characters."))
            elif title:
                try:
                    parse_title(title)
                except ValidationError as exc:
                    problems.append(RowProblem(row_no, col.header, exc.zh, exc.en))
            continue
        fdef = prof.field(col.key)
        assert fdef is not None  # check_mapping refused unknown targets
        try:
            value = parse_value(fdef, raw)
        except ValidationError as exc:
            problems.append(RowProblem(row_no, col.header, exc.zh, exc.en))
            continue
        if value is not None:
            fields[col.key] = value
    by_key = {c.key: c.header for c in columns}
    missing = [k for k in prof.key_fields if fields.get(k) in (None, "")]
    for k in missing:
        f = prof.field(k)
        label = f.label if f else k
        if not any(p.column == by_key.get(k) for p in problems):
            problems.append(RowProblem(row_no, by_key.get(k, ""), f"缺少{label}（自然键），无法判断是新增还是更新。",
                                       f"{label} (the natural key) is empty: new or update cannot be told."))
    if problems:
        return problems
    return ParsedRow(row_no, tuple(fields[k] for k in prof.key_fields), title, fields)


def record_problems(ct: CaseType | None, fields: Mapping[str, Any], required: Sequence[FieldDef],
                    rules: Mapping[str, str] | None, today: dt.date, calendar: WorkCalendar | None,
                    row_no: int) -> list[RowProblem]:
    """The whole-record rules once a row is merged with what is stored: required
    fields, then the type's on-save checks (技术交易额 ≤ 成交额, ...)."""
    missing = [f for f in required if fields.get(f.key) in (None, "", [])]
    if missing:
        return [RowProblem(row_no, "", f"缺少必填项：{'、'.join(f.label for f in missing)}。",
                           f"Required field(s) missing: {', '.join(f.key for f in missing)}.")]
    if ct is None:
        return []
    try:
        check_before_save(ct, fields, rules, today, calendar=calendar)
    except RefusedError as exc:
        return [RowProblem(row_no, "", exc.zh, exc.en)]
    return []
