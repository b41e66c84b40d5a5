"""Saved column mappings of spreadsheet imports, per profile and source."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.store.models import ImportMapping, utcnow


class ImportMappingRepository:
    """Read and write saved mappings (callers check who may and audit the change)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, profile: str, source: str) -> dict[str, str] | None:
        """The mapping saved for (profile, source), or None."""
        row = self.session.get(ImportMapping, (profile, source))
        return dict(json.loads(row.mapping)) if row else None

    def sources(self, profile: str) -> list[str]:
        """The sources that have a mapping saved for `profile`, by name."""
        q = select(ImportMapping.source).where(ImportMapping.profile == profile).order_by(ImportMapping.source)
        return list(self.session.execute(q).scalars())

    def save(self, profile: str, source: str, mapping: dict[str, str], user: str) -> bool:
        """Store the mapping; False when it was already saved exactly so."""
        text = json.dumps(mapping, ensure_ascii=False, sort_keys=True)
        row = self.session.get(ImportMapping, (profile, source))
        if row is not None and row.mapping == text:
            return False
        if row is None:
            self.session.add(ImportMapping(profile=profile, source=source, mapping=text, updated_by=user))
        else:
            row.mapping, row.updated_by, row.updated_at = text, user, utcnow()
        return True
