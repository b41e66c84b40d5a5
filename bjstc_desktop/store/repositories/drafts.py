"""Drafts of open forms, seen through the acting user: only their author reads or writes
them, and only while the author may still see a case of that duty and level."""

from __future__ import annotations

from sqlalchemy import and_, delete, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bjstc_desktop.core.errors import NotFoundError
from bjstc_desktop.core.roles import Actor
from bjstc_desktop.store.models import Draft, table, utcnow
from bjstc_desktop.store.rowcount import rows_changed


class DraftRepository:
    """Read and write the acting user's drafts (the caller holds the transaction)."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor

    def _mine(self) -> ColumnElement[bool]:
        a, drafts = self.actor, table(Draft).c  # Core columns: see all()
        return and_(drafts.user_id == a.user_id, drafts.classification <= int(a.clearance),
                    drafts.module.in_(sorted(a.modules)))

    def all(self) -> list[Draft]:
        """The user's visible drafts, most recently edited first. Whether there is any is
        asked in plain SQL first: the offer at start-up finds none, mostly, and then
        configures no mapper (drafts are sealed objects: only the ORM opens them)."""
        if self.session.execute(select(table(Draft).c.id).where(self._mine()).limit(1)).first() is None:
            return []
        q = select(Draft).where(self._mine()).order_by(Draft.updated_at.desc(), Draft.id.desc())
        return list(self.session.execute(q).scalars())

    def get(self, draft_id: str) -> Draft:
        """One of the user's drafts; NotFoundError for any other (never says whose)."""
        row = self.session.execute(select(Draft).where(self._mine(), Draft.id == draft_id)).scalar_one_or_none()
        if row is None:
            raise NotFoundError("没有这份草稿（可能已保存或已放弃）。",
                                "There is no such draft (it may have been saved or discarded).")
        return row

    def find(self, kind: str, subject: str, action: str = "") -> list[Draft]:
        """The user's drafts of one form (newest first)."""
        q = select(Draft).where(self._mine(), Draft.kind == kind, Draft.subject == subject,
                                Draft.action == action).order_by(Draft.updated_at.desc(), Draft.id.desc())
        return list(self.session.execute(q).scalars())

    def put(self, draft_id: str, *, kind: str, subject: str, action: str, module: str, title: str,
            classification: int, content: str) -> Draft:
        """Create or replace the user's draft `draft_id`."""
        row = self.session.get(Draft, draft_id)
        if row is not None and row.user_id != self.actor.user_id:
            raise NotFoundError("没有这份草稿。", "There is no such draft.")
        if row is None:
            row = Draft(id=draft_id, user_id=self.actor.user_id, kind=kind, subject=subject, action=action,
                        module=module, title=title, classification=classification, content=content)
            self.session.add(row)
        else:
            row.kind, row.subject, row.action, row.module = kind, subject, action, module
            row.title, row.classification, row.content, row.updated_at = title, classification, content, utcnow()
        self.session.flush()
        return row

    def remove(self, draft_id: str) -> bool:
        """Delete the user's draft `draft_id`; False when there was none."""
        result = self.session.execute(delete(Draft).where(Draft.user_id == self.actor.user_id,
                                                          Draft.id == draft_id))
        return rows_changed(result) > 0
