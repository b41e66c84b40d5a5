"""Drafts of open forms: what an officer has typed into a new case, an edit or a move,
kept in the encrypted store as it is typed and offered back after a lock, a crash or a
restart. Only the author sees a draft, and only while they may still see that duty and
level. A draft changes no case: it is not audited and never synchronised; saving the
form or discarding the draft removes it."""

from __future__ import annotations

import builtins
import json
from typing import Any

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.modules import case_type
from bjstc_desktop.core.roles import check_may_handle_cases

# The names and the view the GUI imports at start-up live in ops/draft_views.py (no store).
from bjstc_desktop.ops.draft_views import (
    ACTION,
    DRAFT_KINDS,
    EDIT_CASE,
    MAX_DRAFT_BYTES,
    NEW_CASE,
    DraftView,
)
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.store.models import Draft
from bjstc_desktop.store.repositories.cases import CaseRepository
from bjstc_desktop.store.repositories.drafts import DraftRepository

__all__ = ["ACTION", "DRAFT_KINDS", "EDIT_CASE", "MAX_DRAFT_BYTES", "NEW_CASE", "DraftOps", "DraftView"]


def _view(row: Draft, with_content: bool = False) -> DraftView:
    content = json.loads(row.content) if with_content else None
    return DraftView(row.id, row.kind, row.subject, row.action, row.module, row.title,
                     Level(row.classification).label, row.updated_at.isoformat(timespec="seconds") + "Z", content)


class DraftOps(OpsPart):
    """The acting officer's drafts."""

    def save(self, draft_id: str | None, kind: str, subject: str, title: str, content: dict[str, Any],
                   action: str = "") -> DraftView:
        """Keep what was typed into a form (create, or replace draft `draft_id`). A new
        case's draft carries its chosen classification in content["classification"]."""
        check_may_handle_cases(self.actor)
        if kind not in DRAFT_KINDS:
            raise ValidationError(f"没有“{kind}”这种草稿。", f"No draft of kind {kind!r}.", field="kind")
        text = json.dumps(content, ensure_ascii=False, sort_keys=True)
        if len(text.encode("utf-8")) > MAX_DRAFT_BYTES:
            raise ValidationError("草稿过大，未能保存。", "The draft is too large to keep.", field="content")
        with self.store.write() as s:
            module, level = self._scope(s, kind, subject, content)
            row = DraftRepository(s, self.actor).put(
                draft_id or uuid7(), kind=kind, subject=subject, action=action if kind == ACTION else "",
                module=module, title=title.strip()[:200], classification=int(level), content=text)
            return _view(row)

    def _scope(self, s: Any, kind: str, subject: str, content: dict[str, Any]) -> tuple[str, Level]:
        """The duty and level of the form's case; refuses what the officer may not hold."""
        if kind != NEW_CASE:
            case = CaseRepository(s, self.actor).get(subject)  # NotFound for a case they may not see
            return case.module, Level(case.classification)
        ct = case_type(subject)
        raw = content.get("classification", 0)
        try:
            level = Level(int(raw))
        except (TypeError, ValueError):
            raise ValidationError("草稿的密级无效。", "The draft's classification is not valid.",
                                  field="classification") from None
        if ct.module not in self.actor.modules or level > min(self.actor.clearance, self.ceiling):
            raise RefusedError("此草稿超出您的业务范围或涉密等级，未保存。",
                               "This draft is outside your duties or clearance; it was not kept.")
        return ct.module, level

    def list(self) -> builtins.list[DraftView]:
        """The officer's drafts, most recently edited first (without their content)."""
        check_may_handle_cases(self.actor)
        with self.store.read() as s:
            return [_view(row) for row in DraftRepository(s, self.actor).all()]

    def get(self, draft_id: str) -> DraftView:
        """One of the officer's drafts, with what was typed."""
        check_may_handle_cases(self.actor)
        with self.store.read() as s:
            return _view(DraftRepository(s, self.actor).get(draft_id), with_content=True)

    def find(self, kind: str, subject: str, action: str = "") -> builtins.list[DraftView]:
        """The officer's drafts of one form, newest first, with their content."""
        check_may_handle_cases(self.actor)
        with self.store.read() as s:
            return [_view(row, with_content=True) for row in DraftRepository(s, self.actor).find(kind, subject, action)]

    def discard(self, draft_id: str) -> bool:
        """Remove one of the officer's drafts; False when it was already gone."""
        check_may_handle_cases(self.actor)
        with self.store.write() as s:
            return DraftRepository(s, self.actor).remove(draft_id)
