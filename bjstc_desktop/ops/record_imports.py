"""Spreadsheet lists that fill records which are not cases: the expert pool (keyed by ID
number) and 科研失信 records (keyed by subject, decision number and measure). The
import wizard reads and validates the rows as for cases (ops/imports.py); here each row
is planned as new, update or unchanged against the store and then written, in the
import's one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.importprofiles import ImportProfile
from bjstc_desktop.core.importrows import ParsedRow, RowProblem
from bjstc_desktop.ops.experts import ExpertOps, parse_expert
from bjstc_desktop.ops.import_plan import Step
from bjstc_desktop.ops.integrity import IntegrityOps, parse_integrity
from bjstc_desktop.store.repositories.experts import ExpertRepository
from bjstc_desktop.store.repositories.integrity import IntegrityRepository
from bjstc_desktop.store.repositories.scope import check_may_write_scoped, may_see_scoped

_EXPERT_COLUMNS = ("name", "employer", "employer_uscc", "disciplines", "category", "professional_title", "phone",
                   "email", "status")


class RecordTarget(Protocol):
    """What an import needs of one kind of record."""

    def check(self, ctx: Any, classification: Level) -> None:
        """Refuse an officer who may not enter such records at this classification."""

    def plan(self, s: Session, ctx: Any, prof: ImportProfile, rows: Sequence[ParsedRow]
             ) -> tuple[list[Step], list[RowProblem]]:
        """new / update / unchanged for every row, or its problems."""

    def write(self, s: Session, ctx: Any, steps: Sequence[Step], classification: Level) -> None:
        """Carry the steps out in the caller's transaction."""


def _problem(row: ParsedRow, exc: RefusedError) -> RowProblem:
    return RowProblem(row.row, "", exc.zh, exc.en)


class ExpertTarget:
    """The expert pool."""

    def check(self, ctx: Any, classification: Level) -> None:
        """Experts of every duty, at the chosen classification."""
        check_may_write_scoped(ctx.actor, classification, (), ctx.ceiling)

    def plan(self, s: Session, ctx: Any, prof: ImportProfile, rows: Sequence[ParsedRow]
             ) -> tuple[list[Step], list[RowProblem]]:
        """Match rows on the ID number; a number held by an expert the officer may not see
        is a problem, never a duplicate."""
        existing = ExpertRepository(s, ctx.actor).by_id_numbers(r.fields["id_number"] for r in rows)
        steps: list[Step] = []
        problems: list[RowProblem] = []
        for row in rows:
            found = existing.get(row.fields["id_number"])
            try:
                values = parse_expert(row.fields, partial=found is not None)
            except RefusedError as exc:
                problems.append(_problem(row, exc))
                continue
            if found is None:
                steps.append(Step(row.row, "new", None, None, values))
            elif not may_see_scoped(ctx.actor, found.classification, found.modules):
                problems.append(RowProblem(row.row, "", "此身份证号已被一位您无权查看的专家使用，不能导入。",
                                           "The ID number belongs to an expert you may not see."))
            else:
                diff = {k: v for k, v in values.items() if k in _EXPERT_COLUMNS and (getattr(found, k) or None) != v}
                steps.append(Step(row.row, "update" if diff else "unchanged", found.id, None, diff))
        return steps, problems

    def write(self, s: Session, ctx: Any, steps: Sequence[Step], classification: Level) -> None:
        """Add the new experts, change the updated ones."""
        ops = ExpertOps(ctx)
        repo = ExpertRepository(s, ctx.actor)
        ops.add_many_in(s, [(step.fields, {"via": "import", "row": step.row}) for step in steps if step.action == "new"],
                        classification, ())
        for step in steps:
            if step.action == "update":
                ops.edit_in(s, repo.get(step.case_id or ""), step.fields, via="import", row=step.row)


class IntegrityTarget:
    """科研失信 records."""

    def check(self, ctx: Any, classification: Level) -> None:
        """Records of every duty unless a row names its scope, at the chosen classification."""
        check_may_write_scoped(ctx.actor, classification, (), ctx.ceiling)

    def plan(self, s: Session, ctx: Any, prof: ImportProfile, rows: Sequence[ParsedRow]
             ) -> tuple[list[Step], list[RowProblem]]:
        """Match rows on (number, decision number, measure)."""
        parsed: list[tuple[ParsedRow, dict[str, Any]]] = []
        problems: list[RowProblem] = []
        for row in rows:
            try:
                values = parse_integrity(row.fields)
                check_may_write_scoped(ctx.actor, Level.PUBLIC, values["scope"], ctx.ceiling)
                parsed.append((row, values))
            except RefusedError as exc:
                problems.append(_problem(row, exc))
        existing = IntegrityRepository(s, ctx.actor).by_key(
            (v["number"], v["decision_no"], v["measure"]) for _, v in parsed)
        steps: list[Step] = []
        for row, values in parsed:
            found = existing.get((values["number"], values["decision_no"], values["measure"]))
            if found is None:
                steps.append(Step(row.row, "new", None, None, values))
            elif not may_see_scoped(ctx.actor, found.classification, found.scope):
                problems.append(RowProblem(row.row, "", "同一记录已由您无权查看的记录登记，不能导入。",
                                           "The same record exists where you may not see it."))
            else:
                from bjstc_desktop.store.repositories.scope import encode_scope

                same = all(getattr(found, k) == values[k] for k in ("name", "source", "start_on", "end_on")) \
                    and found.scope == encode_scope(values["scope"])
                steps.append(Step(row.row, "unchanged" if same else "update", found.id, None, values))
        return steps, problems

    def write(self, s: Session, ctx: Any, steps: Sequence[Step], classification: Level) -> None:
        """Add the new records, change the updated ones."""
        ops = IntegrityOps(ctx)
        repo = IntegrityRepository(s, ctx.actor)
        ops.add_many_in(s, [(step.fields, {"via": "import", "row": step.row}) for step in steps if step.action == "new"],
                        classification)
        for step in steps:
            if step.action == "update":
                ops.update_in(s, repo.get(step.case_id or ""), step.fields, via="import", row=step.row)


RECORD_TARGETS: dict[str, RecordTarget] = {"expert": ExpertTarget(), "integrity": IntegrityTarget()}
