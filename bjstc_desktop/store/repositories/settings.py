"""Workstation settings as JSON values with defaults."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.store.models import Setting, table, utcnow

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
        """The value of `key`, or its default (plain SQL: the first screen reads some)."""
        settings = table(Setting).c
        value = self.session.execute(select(settings.value).where(settings.key == key)).scalar_one_or_none()
        return json.loads(value) if value is not None else DEFAULTS.get(key)

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
        settings = table(Setting).c  # plain SQL: the first screen reads them
        for key, value in self.session.execute(select(settings.key, settings.value)):
            out[key] = json.loads(value)
        return out
