"""What an officer asks for when searching or listing cases: the text, the structured
filters (module, type, state, district, received date range, overdue) and the sort of
a list. Pure data, shared by the CLI, the GUI and the store."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from enum import StrEnum

from bjstc_desktop.core.errors import ValidationError

MAX_RESULTS = 500
_DIGITS = re.compile(r"\d+")


class SortKey(StrEnum):
    """The columns a case list can be sorted on; each has an index per module."""

    NEWEST = "newest"  # registration order (the time-ordered id)
    RECEIVED = "received_on"
    DUE = "due_on"
    CASE_NO = "case_no"
    STATE = "state"


@dataclass(frozen=True)
class CaseSort:
    """A sort key and direction. Cases without a value (no due date) always come last."""

    key: SortKey = SortKey.NEWEST
    descending: bool = True


@dataclass(frozen=True)
class SearchQuery:
    """A search: text (may be empty when filters are given) and structured filters."""

    text: str = ""
    module: str | None = None
    case_type: str | None = None
    state: str | tuple[str, ...] | None = None  # a stored state, or any of several
    district: str | None = None  # a GB/T 2260 code or BDA, see `parse_district`
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    overdue_on: dt.date | None = None  # due before this day and still open
    limit: int = 200

    def __post_init__(self) -> None:
        if self.received_from and self.received_to and self.received_from > self.received_to:
            raise ValidationError("收文日期范围的起始日期晚于结束日期。",
                                  "The start of the received-date range is after its end.", field="received_from")
        if not 1 <= self.limit <= MAX_RESULTS:
            raise ValidationError(f"结果条数应在 1 到 {MAX_RESULTS} 之间。",
                                  f"The result limit must be between 1 and {MAX_RESULTS}.", field="limit")

    def has_filters(self) -> bool:
        """True when any structured filter is set."""
        return any((self.module, self.case_type, self.state, self.district, self.received_from,
                    self.received_to, self.overdue_on))

    def is_empty(self) -> bool:
        """True when there is neither text nor a filter: nothing was asked."""
        return not self.text.strip() and not self.has_filters()

    def with_limit(self, limit: int) -> SearchQuery:
        """The same query with another result limit."""
        return replace(self, limit=limit)


def parse_district(text: str | None) -> str | None:
    """A district by name, alias or code (海淀, 海淀区, 110108, 经开区) → its code; None for
    empty input; refused when no Beijing district or functional area has that name."""
    if text is None or not text.strip():
        return None
    from bjstc_desktop.core.validators import (
        find_district,  # the district table: loaded when a district is asked
    )

    found = find_district(text)
    if found is None:
        raise ValidationError(f"没有名为“{text}”的区。", f"There is no district named {text!r}.", field="district")
    return found.code


def parse_sort(key: str | None, descending: bool = True) -> CaseSort:
    """A CaseSort from its key name (received_on, due_on, case_no, state, newest)."""
    if not key:
        return CaseSort(SortKey.NEWEST, descending)
    try:
        return CaseSort(SortKey(key), descending)
    except ValueError:
        choices = ", ".join(k.value for k in SortKey)
        raise ValidationError(f"不能按“{key}”排序，可选：{choices}。", f"Cannot sort on {key!r}; choose {choices}.",
                              field="sort") from None


def case_no_sort_key(case_no: str) -> str:
    """A 案号 as it sorts for an officer: each run of digits zero-padded to ten places,
    so 技合〔2026〕9号 < 技合〔2026〕12号 < 技合〔2026〕100号 (as text, 100 < 12 < 9)."""
    return _DIGITS.sub(lambda m: m.group().zfill(10), case_no)
