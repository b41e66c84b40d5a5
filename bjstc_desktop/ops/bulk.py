"""Bulk actions on selected cases: a workflow move, a change of 承办人, a letter. Each
case is its own operation — its own audit event, revision and timeline entry, exactly as
if the officer had done it alone — so one case that fails is reported and never undoes or
blocks the others. A cancel is honoured between cases; what was done stays done.

Moves and reassignments run in ONE write transaction through the batch unit of work
(ops/case_changes.py batch_changes), each case in its own savepoint: a failing case rolls
back its savepoint only, and the index, revisions and audit events of the cases done are
written set-based. Letters too: each letter's PDF is staged in its savepoint and published only after
the batch commits (ops/letters.py LetterFiles), so a letter file never outlives a
rolled-back batch or a case that failed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bjstc_desktop.core.errors import BjstcError, MediaError, ValidationError
from bjstc_desktop.core.fieldvalues import parse_note
from bjstc_desktop.core.roles import check_may_handle_cases
from bjstc_desktop.letters import output
from bjstc_desktop.letters.templates import template as find_template
from bjstc_desktop.ops.case_changes import batch_changes
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.ops.letters import LetterFiles, LetterOps, LetterResult, preload_fonts
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.ops.workflow import WorkflowOps
from bjstc_desktop.store.repositories.cases import CaseRepository

log = logging.getLogger(__name__)

# progress(done, total, case label, ok, message) after each case.
BulkProgress = Callable[[int, int, str, bool, str], None]
MAX_BULK = 10_000
CHECKPOINT_EVERY = 500  # cases between the batch unit's set-based writes
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


class BulkOps(OpsPart):
    """Bulk versions of `ws.workflow.act`, `ws.workflow.assign` and `ws.letters.issue`."""

    def __init__(self, ctx: OpsContext, workflow: WorkflowOps, letters: LetterOps) -> None:
        super().__init__(ctx)
        self._workflow = workflow
        self._letters = letters

    def _each(self, operation: str, case_ids: Sequence[str], one: Callable[[str], tuple[str, dict[str, Any]]] | None,
              progress: BulkProgress | None, cancelled: Callable[[], bool] | None, *,
              one_in: Callable[[Session, str], tuple[str, dict[str, Any]]] | None = None,
              **summary: Any) -> BulkResult:
        """Run the action on each case: `one_in` in the bulk's one transaction (a
        savepoint per case), else `one` in a transaction of its own per case."""
        check_may_handle_cases(self.actor)
        ids = list(dict.fromkeys(c.strip() for c in case_ids if c and c.strip()))
        if not ids:
            raise ValidationError("没有选定案件。", "No cases are selected.", field="cases")
        if len(ids) > MAX_BULK:
            raise ValidationError(f"一次最多处理 {MAX_BULK} 件案件。", f"At most {MAX_BULK} cases at a time.",
                                  field="cases")
        labels = self._case_labels(ids)
        if one_in is None:
            assert one is not None
            result = self._loop(operation, ids, labels, one, progress, cancelled)
            with self.store.write() as s:
                self._summary_audit(s, operation, ids, result, summary)
            return result
        with self.store.write() as s, batch_changes(s, self) as batch:
            def attempt(case_id: str) -> tuple[str, dict[str, Any]]:
                with batch.attempt(), s.begin_nested():
                    return one_in(s, case_id)

            def step(done: int) -> None:
                if done % CHECKPOINT_EVERY == 0:
                    batch.checkpoint()
            result = self._loop(operation, ids, labels, attempt, progress, cancelled, step)
            batch.checkpoint()  # the cases' own audit events first, then the summary, as one by one
            self._summary_audit(s, operation, ids, result, summary)
        return result

    @staticmethod
    def _loop(operation: str, ids: list[str], labels: dict[str, str], one: Callable[[str], tuple[str, dict[str, Any]]],
              progress: BulkProgress | None, cancelled: Callable[[], bool] | None,
              step: Callable[[int], None] | None = None) -> BulkResult:
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
            if step is not None:
                step(len(outcomes))
            if progress is not None:
                progress(len(outcomes), len(ids), outcome.case_no, outcome.ok, outcome.message)
        return BulkResult(operation, tuple(outcomes), not_run)

    def _summary_audit(self, s: Session, operation: str, ids: list[str], result: BulkResult,
                       summary: dict[str, Any]) -> None:
        self._audit(s, f"bulk_{operation}", "cases", "", total=len(ids), succeeded=len(result.succeeded),
                    failed=[o.case_no for o in result.failed], not_run=len(result.not_run), **summary)

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

    def act(self, case_ids: Sequence[str], action: str, opinion: str | None = None,
                 fields: dict[str, Any] | None = None, *, progress: BulkProgress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> BulkResult:
        """Carry out `action` on each case (each its own act: own transaction, own audit)."""
        check_may_handle_cases(self.actor)
        opinion = parse_note(opinion, "意见", "The opinion", "opinion")

        def one_in(s: Session, case_id: str) -> tuple[str, dict[str, Any]]:
            r = self._workflow._act_in(s, case_id, action, opinion, fields)
            return r.case_no, {"from_state": r.from_state, "to_state": r.to_state, "due": r.due,
                               "letters": list(r.letters), "warnings": list(r.warnings)}
        return self._each("act", case_ids, None, progress, cancelled, one_in=one_in, act=action)

    def assign(self, case_ids: Sequence[str], user: str, reason: str | None = None, *,
                    progress: BulkProgress | None = None, cancelled: Callable[[], bool] | None = None) -> BulkResult:
        """Make `user` the 承办人 of each case (each its own assign_case)."""
        def one_in(s: Session, case_id: str) -> tuple[str, dict[str, Any]]:
            r = self._workflow._assign_in(s, case_id, user, reason)
            return r.case_no, {"before": r.before, "after": r.after}
        return self._each("assign", case_ids, None, progress, cancelled, one_in=one_in, to=user)

    def letters(self, case_ids: Sequence[str], template: str, out_dir: Path, signer: str = "",
                     values: dict[str, str] | None = None, issue_date: dt.date | None = None, *,
                     progress: BulkProgress | None = None, cancelled: Callable[[], bool] | None = None,
                     force_date: bool = False) -> BulkResult:
        """Issue letter `template` for each case into `out_dir` (each its own issue_letter,
        with its own 发文字号), as <案号>-<template>.pdf. `force_date`: as issue_letter's."""
        folder = Path(out_dir)
        if not folder.is_dir():
            raise ValidationError(f"输出文件夹不存在：{folder}", f"The output folder does not exist: {folder}",
                                  field="output")
        check_may_handle_cases(self.actor)
        tmpl = find_template(template)
        signer, _copy, merge_values = self._letters._letter_inputs(signer, "", values)
        preload_fonts()
        files = LetterFiles()
        issued: dict[str, tuple[LetterResult, dict[str, Path], int]] = {}  # case id → letter, targets, files

        def one_in(s: Session, case_id: str) -> tuple[str, dict[str, Any]]:
            mark = files.since()
            try:
                case_no = CaseRepository(s, self.actor).get(case_id).case_no
                targets = output.targets(folder / letter_file_name(case_no, template), output.FORMAT_PDF)
                r, _data = self._letters._issue_in(s, files, case_id, tmpl, targets, signer, merge_values, issue_date, "", "",
                                          force_date)
            except BaseException:
                files.discard_since(mark, self.blob_store)  # this letter's savepoint rolls back: its files go
                raise
            issued[case_id] = (r, targets, mark[0])
            return r.case_no, {"number": r.number, "path": str(targets[output.FORMAT_PDF]), "sha256": r.sha256}
        try:
            result = self._each("letters", case_ids, None, progress, cancelled, one_in=one_in, template=template)
        except BaseException:
            files.discard(self.blob_store)  # the batch rolled back: no letter was registered
            raise
        return self._published(result, issued, files)

    @staticmethod
    def _published(result: BulkResult, issued: dict[str, tuple[LetterResult, dict[str, Path], int]],
                   files: LetterFiles) -> BulkResult:
        """After the batch committed: each registered letter's file moved into place; a
        letter whose file cannot be written stays registered and is reported."""
        outcomes = []
        for o in result.outcomes:
            if o.ok and o.case_id in issued:
                letter, targets, index = issued[o.case_id]
                try:
                    files.publish(letter, targets, index)
                except MediaError as exc:
                    o = dataclasses.replace(o, ok=False, message=exc.message())
            outcomes.append(o)
        return dataclasses.replace(result, outcomes=tuple(outcomes))
