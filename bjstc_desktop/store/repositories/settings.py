"""Workstation settings as JSON values with defaults."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from bjstc_desktop.store.models import Setting, utcnow

DEFAULTS: dict[str, Any] = {
    "auto_lock_minutes": 10,
    "language": "zh",
    "due_soon_workdays": 3,
}


class SettingsRepository:
    """Read and write settings (callers check who may)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str) -> Any:
        """The value of `key`, or its default."""
        row = self.session.get(Setting, key)
        return json.loads(row.value) if row else DEFAULTS.get(key)

    def set(self, key: str, value: Any) -> Any:
        """Store `value`; returns the previous value."""
        old = self.get(key)
        row = self.session.get(Setting, key)
        text = json.dumps(value, ensure_ascii=False)
        if row is None:
            self.session.add(Setting(key=key, value=text))
        else:
            row.value = text
            row.updated_at = utcnow()
        return old

    def all(self) -> dict[str, Any]:
        """Every setting with defaults filled in."""
        out = dict(DEFAULTS)
        for row in self.session.query(Setting):
            out[row.key] = json.loads(row.value)
        return out
