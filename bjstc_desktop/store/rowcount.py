"""How many rows an UPDATE or DELETE changed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, Result


def rows_changed(result: Result[Any]) -> int:
    """The rows a bulk UPDATE or DELETE run through Session.execute changed. The session
    types its answer as a Result; for these statements it is a CursorResult, which counts."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"not the result of an UPDATE or DELETE: {type(result).__name__}")
    return result.rowcount
