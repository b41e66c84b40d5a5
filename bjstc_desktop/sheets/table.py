"""What a sheet holds: a title, typed columns, rows, and the marking every exported
sheet carries (workstation, user, time, classification)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bjstc_desktop.core.classification import Level

# Column kinds: how a cell is typed and formatted.
TEXT, INTEGER, NUMBER, MONEY, DATE = "text", "integer", "number", "money", "date"


@dataclass(frozen=True)
class Money:
    """An amount in fen; written as a number of 元 with two decimals."""

    fen: int


@dataclass(frozen=True)
class Column:
    """A column: its Chinese header, the kind of its cells, and its width in characters
    (None: fitted to the header and the first rows)."""

    header: str
    kind: str = TEXT
    width: float | None = None


@dataclass(frozen=True)
class Marking:
    """Who exported what, where and when, at which classification (密级)."""

    workstation: str
    user: str
    at: dt.datetime
    level: Level

    def line(self) -> str:
        """The marking line under the title."""
        return (f"工作站：{self.workstation}　导出人：{self.user}　"
                f"导出时间：{self.at.strftime('%Y-%m-%d %H:%M')}")


@dataclass(frozen=True)
class Table:
    """One sheet: a title, its columns and its rows (any iterable: streamed once)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    sheet_name: str = ""


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique worksheet name (at most 31 characters, none of []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub("_", text).strip("'") or "Sheet"
    base = base[:31]
    name, n = base, 2
    while name in taken:
        suffix = f"({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name)
    return name


def columns_of(headers: Sequence[str | Column]) -> list[Column]:
    """Plain header strings become text columns."""
    return [h if isinstance(h, Column) else Column(str(h)) for h in headers]
