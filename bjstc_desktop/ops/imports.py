"""Spreadsheet imports: read an .xlsx list, map its columns, validate every row with
the field rules, report (dry run), then upsert on the natural key in ONE transaction —
all or nothing. A cancel between rows, a bad row or any failure leaves the store as it
was. Re-importing the same file changes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.core.importprofiles import (
    PROFILES,
    ImportProfile,
    check_mapping,
    profiles_for_module,
    suggest_mapping,
)
from bjstc_desktop.core.importprofiles import profile as find_profile
from bjstc_desktop.core.importrows import ParsedRow, RowProblem, columns_for, parse_row
from bjstc_desktop.core.roles import check_may_create_case, check_may_handle_cases
from bjstc_desktop.ops.case_changes import batch_changes
from bjstc_desktop.ops.cases import CaseOps
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.ops.import_plan import Step, plan_cases, plan_rows
from bjstc_desktop.ops.new_cases import LocalCase
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.ops.record_imports import RECORD_TARGETS
from bjstc_desktop.ops.xlsx_read import SheetReader
from bjstc_desktop.store import diskspace
from bjstc_desktop.store.repositories.cases import CaseRepository, known_organisations
from bjstc_desktop.store.repositories.import_mappings import ImportMappingRepository
from bjstc_desktop.store.repositories.reference import CalendarRepository, RuleRepository

# progress(phase, done, total): phase "read" while rows are validated, "write" while
# they are stored; total is 0 when the sheet does not say how many rows it has.
Progress = Callable[[str, int, int], None]
EXPUNGE_EVERY = 500  # rows between releasing written objects from the session
REPORT_EVERY = 50  # rows between progress reports while writing (about a second)
MAX_SOURCE = 128
ROW_BYTES = 12 * 1024  # room per imported row: ~6 KB in the store (case, fields, index, revision), as much in the WAL


class ImportCancelled(RefusedError):
    """The officer cancelled the import; nothing was imported."""

    def __init__(self) -> None:
        super().__init__("已取消导入，未导入任何数据。", "The import was cancelled; nothing was imported.")


@dataclass(frozen=True)
class ImportPreview:
    """What the wizard shows before validating: the header and the proposed mapping
    (the one saved for the source if there is one, else suggested from the labels)."""

    profile: str
    sheet: str
    headers: tuple[str, ...]
    mapping: dict[str, str]
    saved: bool
    total: int | None


@dataclass(frozen=True)
class ImportReport:
    """Outcome of a dry run or an import. `problems` name each bad row and why."""

    profile: str
    source: str
    file: str
    sheet: str
    dry_run: bool
    committed: bool
    rows: int
    new: int
    updated: int
    unchanged: int
    mapping: dict[str, str]
    problems: tuple[RowProblem, ...] = field(default=())
    target_case: str | None = None

    @property
    def ok(self) -> bool:
        """True when every row passed."""
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        """The `bjstc import xlsx --json` document."""
        return {"profile": self.profile, "source": self.source, "file": self.file, "sheet": self.sheet,
                "dry_run": self.dry_run, "committed": self.committed, "rows": self.rows, "new": self.new,
                "updated": self.updated, "unchanged": self.unchanged, "mapping": self.mapping,
                "target_case": self.target_case, "problems": [p.as_json() for p in self.problems]}


class ImportRefused(RefusedError):
    """Rows failed their rules: nothing was imported. `report` names them."""

    def __init__(self, report: ImportReport) -> None:
        n = len({p.row for p in report.problems})
        super().__init__(f"{n} 行未通过校验，未导入任何数据。请改正后重新导入。",
                         f"{n} row(s) failed validation; nothing was imported. Correct them and import again.")
        self.report = report


def _counts(steps: list[Step]) -> dict[str, int]:
    return {a: sum(1 for s in steps if s.action == a) for a in ("new", "update", "unchanged")}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class ImportOps(OpsPart):
    """Excel imports for officers, within their module scope and clearance."""

    def __init__(self, ctx: OpsContext, cases: CaseOps) -> None:
        super().__init__(ctx)
        self._cases = cases  # the imported rows are written as its cases are

    @staticmethod
    def profiles(module: str | None = None) -> tuple[ImportProfile, ...]:
        """Every import profile, or those of one duty module."""
        return PROFILES if module is None else profiles_for_module(module)

    def sources(self, profile: str) -> list[str]:
        """The sources with a saved mapping for `profile`."""
        check_may_handle_cases(self.actor)
        with self.store.read() as s:
            return ImportMappingRepository(s).sources(find_profile(profile).code)

    def preview(self, path: Path, profile: str, source: str | None = None,
                       sheet: str | None = None) -> ImportPreview:
        """Read the header of `path` and propose a mapping (saved one first)."""
        check_may_handle_cases(self.actor)
        prof = find_profile(profile)
        with SheetReader(Path(path), sheet) as reader:
            headers, name, total = list(reader.headers), reader.sheet_name, reader.total
        saved = self._saved_mapping(prof, source)
        mapping = suggest_mapping(prof, headers)
        if saved:
            mapping.update({h: k for h, k in saved.items() if h in mapping})
        return ImportPreview(prof.code, name, tuple(headers), mapping, saved is not None, total)

    def _saved_mapping(self, prof: ImportProfile, source: str | None) -> dict[str, str] | None:
        if not source:
            return None
        with self.store.read() as s:
            return ImportMappingRepository(s).get(prof.code, source.strip())

    def save_mapping(self, profile: str, source: str, mapping: dict[str, str]) -> bool:
        """Save the mapping for (profile, source); audited. False when unchanged."""
        check_may_handle_cases(self.actor)
        prof = find_profile(profile)
        source = self._check_source(source)
        check_mapping(prof, mapping)
        with self.store.write() as s:
            return self._save_mapping(s, prof, source, mapping)

    def _save_mapping(self, s: Session, prof: ImportProfile, source: str, mapping: dict[str, str]) -> bool:
        # Ignored columns ("") are kept too, so a column the officer set aside stays aside.
        changed = ImportMappingRepository(s).save(prof.code, source, dict(mapping), self.actor.name)
        if changed:
            self._audit(s, "import_mapping_save", "import_mapping", f"{prof.code}/{source}",
                        columns=sum(1 for k in mapping.values() if k))
        return changed

    @staticmethod
    def _check_source(source: str | None) -> str:
        source = (source or "").strip()
        if not source or len(source) > MAX_SOURCE:
            raise ValidationError(f"来源名称不能为空，且不超过 {MAX_SOURCE} 字。",
                                  f"A source name is required (at most {MAX_SOURCE} characters).", field="source")
        return source

    def run(self, path: Path, profile: str, *, source: str | None = None,
                    mapping: dict[str, str] | None = None, dry_run: bool = False, target_case: str | None = None,
                    classification: Level = Level.PUBLIC, sheet: str | None = None,
                    progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> ImportReport:
        """Validate every row of `path` and, unless `dry_run`, upsert them on the natural
        key in one transaction. `mapping` (header → field) overrides the saved mapping of
        `source`, which overrides the suggestion; with `source` a successful import saves
        the mapping used. Rows that fail: ImportRefused (dry run: the report). Cancel:
        ImportCancelled. Either way nothing is imported."""
        check_may_handle_cases(self.actor)
        prof = find_profile(profile)
        if prof.rows_field and not target_case:
            raise ValidationError(f"“{prof.name}”须指定要填入的{prof.type.name}案件。",
                                  f"{prof.code} imports into one {prof.case_type} case: name it.", field="case")
        target = RECORD_TARGETS[prof.record] if prof.record else None
        if target is not None:
            target.check(self, classification)
        elif not prof.rows_field:
            check_may_create_case(self.actor, prof.module, classification, self.ceiling)
        source = self._check_source(source) if source else ""
        path = Path(path)
        stop = cancelled or (lambda: False)
        report = progress or (lambda _p, _d, _t: None)
        today = dt.date.today()
        with SheetReader(path, sheet) as reader:
            used = suggest_mapping(prof, reader.headers)
            saved = self._saved_mapping(prof, source)
            used.update({h: k for h, k in (saved or {}).items() if h in used})
            unknown = [h for h in (mapping or {}) if h not in used]
            if unknown:
                raise ValidationError(f"表头中没有列：{'、'.join(unknown)}。",
                                      f"The header has no column(s): {', '.join(unknown)}.", field="mapping")
            used.update(mapping or {})
            check_mapping(prof, used)
            parsed, problems, rows = self._read_rows(prof, reader, used, report, stop)
            sheet_name = reader.sheet_name
        if not (dry_run or problems):  # a full disk is said before the long transaction, not in it
            diskspace.require_free(self.data_dir, rows * ROW_BYTES, "导入", "the import")
        writer = self.store.read if dry_run or problems else self.store.write
        with writer() as s:
            rules, calendar = RuleRepository(s).values(), CalendarRepository(s).calendar()
            if prof.rows_field:
                repo = CaseRepository(s, self.actor)
                case = repo.get(target_case or "")
                if case.case_type != prof.case_type:
                    raise RefusedError(f"{case.case_no} 不是{prof.type.name}案件。",
                                       f"{case.case_no} is not a {prof.case_type} case.")
                current = list(repo.fields_of(case).get(prof.rows_field) or [])
                merged, steps, more = plan_rows(prof, current, parsed)
            elif target is not None:
                steps, more = target.plan(s, self, prof, parsed)
            else:
                steps, more = plan_cases(s, self.actor, prof, parsed, rules, calendar, today)
            problems = sorted(problems + more, key=lambda p: p.row)
            counts = _counts(steps)
            result = ImportReport(profile=prof.code, source=source, file=path.name, sheet=sheet_name, rows=rows,
                                  mapping={h: k for h, k in used.items() if k}, target_case=target_case,
                                  dry_run=dry_run, committed=False, new=counts["new"], updated=counts["update"],
                                  unchanged=counts["unchanged"], problems=tuple(problems))
            if dry_run:
                return result
            if problems:
                raise ImportRefused(result)
            if prof.rows_field:
                if counts["new"] or counts["update"]:
                    self._cases._edit_in(s, repo, case, prof.type, {prof.rows_field: merged}, None, rules, calendar,
                                  via="import")
                report("write", len(steps), len(steps))
            elif target is not None:
                target.write(s, self, steps, classification)
                report("write", len(steps), len(steps))
            else:
                self._write_cases(s, prof, steps, classification, rules, calendar, today, report, stop)
            if source:
                self._save_mapping(s, prof, source, used)
            self._audit(s, "import_xlsx", "import", prof.code, file=path.name, sha256=_sha256(path),
                        sheet=sheet_name, source=source, rows=rows, new=counts["new"], updated=counts["update"],
                        unchanged=counts["unchanged"], target_case=target_case,
                        classification=classification.label if not prof.rows_field else None)
        return dataclasses.replace(result, committed=True)

    @staticmethod
    def _read_rows(prof: ImportProfile, reader: SheetReader, mapping: dict[str, str], report: Progress,
                   stop: Callable[[], bool]) -> tuple[list[ParsedRow], list[RowProblem], int]:
        columns = columns_for(prof, reader.headers, mapping)
        total = reader.total or 0
        parsed: list[ParsedRow] = []
        problems: list[RowProblem] = []
        first_row: dict[tuple[Any, ...], int] = {}
        label = prof.key_labels()
        n = 0
        for n, (row_no, values) in enumerate(reader.rows(), start=1):
            if n % 200 == 0:
                if stop():
                    raise ImportCancelled()
                report("read", n, total)
            result = parse_row(prof, columns, values, row_no)
            if isinstance(result, list):
                problems.extend(result)
                continue
            earlier = first_row.setdefault(result.key, row_no)
            if earlier != row_no:
                problems.append(RowProblem(row_no, "", f"{label}与第 {earlier} 行重复。",
                                           f"The {label} repeats row {earlier}."))
                continue
            parsed.append(result)
        if stop():
            raise ImportCancelled()
        report("read", n, n)
        if n == 0:
            raise RefusedError(f"{reader.path.name}：表头之下没有数据行。",
                               f"{reader.path.name}: there are no data rows under the header.")
        return parsed, problems, n

    def _write_cases(self, s: Session, prof: ImportProfile, steps: list[Step], classification: Level,
                     rules: dict[str, str], calendar: Any, today: dt.date, report: Progress,
                     stop: Callable[[], bool]) -> None:
        """New rows go to the writer of new cases (ops/new_cases.py) EXPUNGE_EVERY at a
        time; a changed row is edited through the unit of work, after the new rows
        before it are written, so the audit events keep the order of the rows."""
        ct = prof.type
        repo = CaseRepository(s, self.actor)
        known_organisations(s, (str(v) for step in steps for k, v in step.fields.items() if k.endswith("_uscc") and v))
        pending: list[LocalCase] = []
        with batch_changes(s, self) as batch:  # one unit: written set-based every EXPUNGE_EVERY rows
            for i, step in enumerate(steps, start=1):
                if stop():
                    raise ImportCancelled()  # the write transaction rolls back: nothing imported
                if step.action == "new":  # plan_cases ran its on-save checks, in this transaction
                    pending.append(LocalCase(ct, step.title or prof.title_for(step.fields), step.fields,
                                             classification, today, audit_extra={"via": "import", "row": step.row}))
                elif step.action == "update":
                    self._cases._create_many(s, pending, rules, calendar)
                    pending = []
                    self._cases._edit_in(s, repo, repo.get(step.case_id or ""), ct, step.fields, step.title, rules,
                                  calendar, via="import", row=step.row)
                if i % EXPUNGE_EVERY == 0:
                    self._cases._create_many(s, pending, rules, calendar)
                    pending = []
                    batch.checkpoint()
                    s.expunge_all()  # written rows stay in the transaction; the session stops growing
                if i % REPORT_EVERY == 0:
                    report("write", i, len(steps))
            self._cases._create_many(s, pending, rules, calendar)
        report("write", len(steps), len(steps))
