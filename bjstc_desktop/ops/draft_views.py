"""The drafts' value type and form kinds, apart from ops/drafts.py and the store: the
GUI names them in the modules the first screen imports, before the store loads (issue 15
point 4)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

NEW_CASE, EDIT_CASE, ACTION = "case_new", "case_edit", "action"
DRAFT_KINDS = (NEW_CASE, EDIT_CASE, ACTION)
MAX_DRAFT_BYTES = 512 * 1024  # far above any form; refuses a runaway paste


@dataclass(frozen=True)
class DraftView:
    """A draft as listed; `content` only when one draft is read."""

    id: str
    kind: str
    subject: str
    action: str
    module: str
    title: str
    classification: str
    updated_at: str  # UTC, ISO 8601 with Z
    content: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        """The draft as JSON."""
        return dataclasses.asdict(self)
