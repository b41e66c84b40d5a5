"""Plain, frozen views of stored things, for the CLI's JSON and the GUI's models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.validators import mask_id_number

if TYPE_CHECKING:  # annotations only: the GUI imports these views before the store loads (issue 15 point 4)
    from bjstc_desktop.store.listrow import ListRow
    from bjstc_desktop.store.models import Case

Reminder = Callable[[dt.date], str]
COUNT_CAP = 999  # the 工作台 counts overdue cases this far, then shows "999+"


@dataclass(frozen=True)
class TimelineView:
    """One step of a case's history."""

    at: str
    actor: str
    action: str
    from_state: str | None
    to_state: str | None
    opinion: str | None


@dataclass(frozen=True, slots=True)  # slots: a list page builds a hundred of these
class CaseView:
    """A case as shown; `fields` only in the detail view."""

    id: str
    case_no: str
    type: str
    module: str
    title: str
    state: str
    classification: str
    due: str | None
    due_verified: bool
    due_status: str | None  # normal | due_soon | due_today | overdue
    received_on: str | None
    handler: str | None
    fields: dict[str, Any] | None = None
    parties: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[TimelineView] = field(default_factory=list)
    district: str | None = None  # GB/T 2260 code (or BDA)

    def as_json(self, with_fields: bool = True) -> dict[str, Any]:
        """The JSON shape of cli.md (keys never renamed)."""
        data = asdict(self)
        if not with_fields:
            for key in ("fields", "parties", "timeline"):
                data.pop(key)
        return data


@dataclass(frozen=True)
class CaseListPage:
    """One page of a sorted list; pass `cursor` back to read the next one."""

    rows: list[CaseView]
    cursor: tuple[str | None, str] | None  # case_lists.Cursor: (sort value, id) of the last row
    more: bool


_LEVEL_LABELS = {int(level): level.label for level in Level}


def case_view(case: Case | ListRow, handler: str | None = None, fields: dict[str, Any] | None = None,
              masked_keys: frozenset[str] = frozenset(), reminder: Reminder | None = None,
              **extra: Any) -> CaseView:
    """Build a view; ID numbers in `masked_keys` are masked (个人信息保护)."""
    if fields is not None and masked_keys:
        fields = {k: (mask_id_number(v) if k in masked_keys and isinstance(v, str) else v) for k, v in fields.items()}
    return CaseView(
        id=case.id, case_no=case.case_no, type=case.case_type, module=case.module, title=case.title,
        state=case.state, classification=_LEVEL_LABELS[case.classification],
        due=case.due_on.isoformat() if case.due_on else None, due_verified=case.due_verified,
        due_status=reminder(case.due_on) if (reminder and case.due_on and case.closed_on is None) else None,
        received_on=case.received_on.isoformat() if case.received_on else None, handler=handler,
        fields=fields, district=case.district, **extra,
    )
