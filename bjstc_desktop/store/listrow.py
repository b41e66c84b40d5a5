"""What a case list shows, as plain values: one row type for the session's lists and
searches (store/repositories/case_lists.py) and the first screen's (store/firstscreen/),
which must load without SQLAlchemy (issue 15 point 4)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

__all__ = ["ListRow"]


class ListRow(NamedTuple):
    """What a list row shows (ops.views.case_view reads these by name) and its sort values:
    plain rows, not ORM objects, so a page costs little more than the SQL that reads it.
    A classified case's title is opened row by row (store/sealing.py), a page at a time."""

    id: str
    case_no: str
    case_type: str
    module: str
    title: str
    state: str
    classification: int
    due_on: dt.date | None
    due_verified: bool
    closed_on: dt.date | None
    received_on: dt.date | None
    handler_id: str | None
    district: str | None
    case_no_key: str | None
