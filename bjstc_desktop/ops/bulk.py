"""Bulk actions on selected cases: a workflow move, a change of 承办人, a letter. Each
case is its own operation — its own transaction and its own audit event, exactly as if
the officer had done it alone — so one case that fails is reported and never undoes or
blocks the others. A cancel is honoured between cases; what was done stays done."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bjstc_desktop.core.errors import BjstcError, ValidationError
from bjstc_desktop.core.roles import check_may_handle_cases
from bjstc_desktop.ops.assign import AssignOps
from bjstc_desktop.ops.letters import LetterOps
from bjstc_desktop.ops.workflow import WorkflowOps
from bjstc_desktop.store.repositories.cases import CaseRepository

log = logging.getLogger(__name__)

# progress(done, total, case label, ok, message) after each case.
BulkProgress = Callable[[int, int, str, bool, str], None]
MAX_BULK = 10_000
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class BulkOutcome:
    """One case of a bulk action: done, or failed with the officer's message."""

    case_id: str
    case_no: str
    ok: bool
    message: str
    detail: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """{"case_id", "case_no", "ok", "message", ...detail}."""
        return {"case_id": self.case_id, "case_no": self.case_no, "ok": self.ok, "message": self.message,
                **self.detail}


@dataclass(frozen=True)
class BulkResult:
    """Every case's outcome, in order; `not_run` lists the cases a cancel left untouched."""

    operation: str
    outcomes: tuple[BulkOutcome, ...]
    not_run: tuple[str, ...] = ()

    @property
    def succeeded(self) -> tuple[BulkOutcome, ...]:
        """The cases that were done."""
        return tuple(o for o in self.outcomes if o.ok)

    @property
    def failed(self) -> tuple[BulkOutcome, ...]:
        """The cases that failed, each with its reason."""
        return tuple(o for o in self.outcomes if not o.ok)

    @property
    def cancelled(self) -> bool:
        """True when a cancel stopped the run before the last case."""
        return bool(self.not_run)

    def as_json(self) -> dict[str, Any]:
        """The `bjstc case bulk-*` --json document."""
        return {"operation": self.operation, "succeeded": [o.as_json() for o in self.succeeded],
                "failed": [o.as_json() for o in self.failed], "not_run": list(self.not_run),
                "cancelled": self.cancelled}


def letter_file_name(case_no: str, template: str) -> str:
    """A file name for a case's letter: 技合〔2026〕12号-notice.pdf (no path characters)."""
    return f"{_UNSAFE.sub('_', case_no).strip('_') or 'case'}-{template}.pdf"


class BulkOps(WorkflowOps, AssignOps, LetterOps):
    """Bulk versions of act, assign_case and issue_letter."""

    def _each(self, operation: str, case_ids: Sequence[str], one: Callable[[str], tuple[str, dict[str, Any]]],
              progress: BulkProgress | None, cancelled: Callable[[], bool] | None, **summary: Any) -> BulkResult:
        check_may_handle_cases(self.actor)
        ids = list(dict.fromkeys(c.strip() for c in case_ids if c and c.strip()))
        if not ids:
            raise ValidationError("没有选定案件。", "No cases are selected.", field="cases")
        if len(ids) > MAX_BULK:
            raise ValidationError(f"一次最多处理 {MAX_BULK} 件案件。", f"At most {MAX_BULK} cases at a time.",
                                  field="cases")
        labels = self._case_labels(ids)
        outcomes: list[BulkOutcome] = []
        not_run: tuple[str, ...] = ()
        for i, case_id in enumerate(ids):
            if cancelled is not None and cancelled():
                not_run = tuple(ids[i:])
                break
            label = labels.get(case_id, case_id)
            try:
                case_no, detail = one(case_id)
                outcome = BulkOutcome(case_id, case_no, True, "", detail)
            except BjstcError as exc:
                outcome = BulkOutcome(case_id, label, False, exc.message())
            except Exception as exc:  # one case's internal error must not stop the others
                log.exception("bulk %s failed on one case", operation)
                outcome = BulkOutcome(case_id, label, False, f"内部错误（{type(exc).__name__}），此案件未更改。")
            outcomes.append(outcome)
            if progress is not None:
                progress(len(outcomes), len(ids), outcome.case_no, outcome.ok, outcome.message)
        result = BulkResult(operation, tuple(outcomes), not_run)
        with self.store.write() as s:
            self._audit(s, f"bulk_{operation}", "cases", "", total=len(ids), succeeded=len(result.succeeded),
                        failed=[o.case_no for o in result.failed], not_run=len(not_run), **summary)
        return result

    def _case_labels(self, ids: list[str]) -> dict[str, str]:
        """案号 of the visible cases among `ids`, for messages (unknown ids stay as given)."""
        out: dict[str, str] = {}
        with self.store.read() as s:
            repo = CaseRepository(s, self.actor)
            for case_id in ids:
                try:
                    out[case_id] = repo.get(case_id).case_no
                except BjstcError:
                    continue
        return out

    def bulk_act(self, case_ids: Sequence[str], action: str, opinion: str | None = None,
                 fields: dict[str, Any] | None = None, *, progress: BulkProgress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> BulkResult:
        """Carry out `action` on each case (each its own act: own transaction, own audit)."""
        def one(case_id: str) -> tuple[str, dict[str, Any]]:
            r = self.act(case_id, action, opinion, fields)
            return r.case_no, {"from_state": r.from_state, "to_state": r.to_state, "due": r.due,
                               "letters": list(r.letters), "warnings": list(r.warnings)}
        return self._each("act", case_ids, one, progress, cancelled, act=action)

    def bulk_assign(self, case_ids: Sequence[str], user: str, reason: str | None = None, *,
                    progress: BulkProgress | None = None, cancelled: Callable[[], bool] | None = None) -> BulkResult:
        """Make `user` the 承办人 of each case (each its own assign_case)."""
        def one(case_id: str) -> tuple[str, dict[str, Any]]:
            r = self.assign_case(case_id, user, reason)
            return r.case_no, {"before": r.before, "after": r.after}
        return self._each("assign", case_ids, one, progress, cancelled, to=user)

    def bulk_letters(self, case_ids: Sequence[str], template: str, out_dir: Path, signer: str = "",
                     values: dict[str, str] | None = None, issue_date: dt.date | None = None, *,
                     progress: BulkProgress | None = None, cancelled: Callable[[], bool] | None = None,
                     force_date: bool = False) -> BulkResult:
        """Issue letter `template` for each case into `out_dir` (each its own issue_letter,
        with its own 发文字号), as <案号>-<template>.pdf. `force_date`: as issue_letter's."""
        folder = Path(out_dir)
        if not folder.is_dir():
            raise ValidationError(f"输出文件夹不存在：{folder}", f"The output folder does not exist: {folder}",
                                  field="output")
        labels: dict[str, str] = {}

        def one(case_id: str) -> tuple[str, dict[str, Any]]:
            if case_id not in labels:
                labels.update(self._case_labels([case_id]))
            target = folder / letter_file_name(labels.get(case_id, case_id), template)
            r = self.issue_letter(case_id, template, target, signer=signer, values=values, issue_date=issue_date,
                                  force_date=force_date)
            return r.case_no, {"number": r.number, "path": r.path, "sha256": r.sha256}
        return self._each("letters", case_ids, one, progress, cancelled, template=template)
