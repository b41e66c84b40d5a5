"""The small checks every validator of package content uses (sync/validate.py,
sync/validate_registers.py): each failure is a `malformed` refusal naming the rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bjstc_desktop.sync.refusals import PackageRefused


def bad(detail: str) -> PackageRefused:
    """A malformed-content refusal."""
    return PackageRefused("malformed", detail)


def check(cond: bool, detail: str) -> None:
    """Refuse as malformed unless `cond`."""
    if not cond:
        raise bad(detail)


def text(value: Any, most: int, empty: bool = True) -> bool:
    """A string of at most `most` characters (not blank unless `empty`)."""
    return isinstance(value, str) and len(value) <= most and (empty or bool(value.strip()))


def integer(value: Any, lo: int, hi: int) -> bool:
    """An integer (not a boolean) from `lo` to `hi`."""
    return isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi


def date_ok(value: Any) -> bool:
    """None or an ISO date exactly as Python writes it."""
    if value is None:
        return True
    try:
        return isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False
