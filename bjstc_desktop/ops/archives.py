"""Filing (归档) and the archive: a case is filed when it enters 归档 (or, for a type
without that state, once closed); each of its valid letters becomes a 件 with a 档号 and
its 保管期限 from the rule table, 件号 allocated without gaps like 发文字号. A filed case
is read-only (store/filed_guard.py). The 归档文件目录 lists, prints and exports to
Excel; the electronic-records export writes a folder per 件. `ws.archives`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.core.archives import (
    ARCHIVE_STATE,
    BLOCK_RULE,
    CASE_RECORD,
    CASE_RECORD_NAME,
    FONDS_RULE,
    SEEDED_FONDS,
    WIDTH_RULE,
    Document,
    archive_number,
    check_retention,
    item_block,
    plan_items,
    retention_rule_key,
)
from bjstc_desktop.core.casetypes import LETTER_TEMPLATES, CaseType
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import MediaError, RefusedError, ValidationError
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.core.roles import check_may_change_settings, check_may_handle_cases
from bjstc_desktop.core.rulevalues import rule_book
from bjstc_desktop.ops.case_changes import CaseChanges, case_changes
from bjstc_desktop.ops.views import case_view
from bjstc_desktop.store import atomicfile
from bjstc_desktop.store.blobstore import read_all
from bjstc_desktop.store.duty_models import ArchiveItem
from bjstc_desktop.store.filed_guard import FILING, filed_among, refusal
from bjstc_desktop.store.models import Case, Letter, RuleParameter, utcnow
from bjstc_desktop.store.repositories.archives import ArchiveFilter, ArchiveRepository
from bjstc_desktop.store.repositories.cases import CaseRepository
from bjstc_desktop.store.repositories.letters import VALID
from bjstc_desktop.store.repositories.reference import RuleRepository

if TYPE_CHECKING:  # ops/workflow files cases through file_in below
    from bjstc_desktop.ops.workflow import WorkflowOps

CATALOGUE_HEADERS = ("档号", "件号", "文号", "责任者", "题名", "日期", "页数", "保管期限", "密级", "备注")


@dataclass(frozen=True)
class ArchiveEntry:
    """One 件 of the 归档文件目录, with its 归档章 data."""

    archive_no: str
    fonds: str
    year: int
    retention: str
    item_no: int
    doc_no: str
    author: str
    title: str
    date: str
    pages: int
    classification: str
    case_id: str
    case_no: str
    kind: str
    kind_name: str
    filed_on: str

    def as_json(self) -> dict[str, Any]:
        """The `bjstc archive list --json` document of one 件."""
        return dataclasses.asdict(self)

    def row(self) -> tuple[Any, ...]:
        """The catalogue's columns (CATALOGUE_HEADERS)."""
        return (self.archive_no, self.item_no, self.doc_no, self.author, self.title, self.date, self.pages,
                self.retention, self.classification, self.case_no)


@dataclass(frozen=True)
class FilingResult:
    """What filing a case did: its 件 and anything the officer should know."""

    case_id: str
    case_no: str
    items: tuple[ArchiveEntry, ...]
    warnings: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """The `bjstc archive file --json` document."""
        return {"case_id": self.case_id, "case_no": self.case_no, "items": [i.as_json() for i in self.items],
                "warnings": list(self.warnings)}


@dataclass(frozen=True)
class RecordsExport:
    """The electronic-records export: where, how many 件 and files."""

    path: str
    items: int
    files: int

    def as_json(self) -> dict[str, Any]:
        """The `bjstc archive export-records --json` document."""
        return dataclasses.asdict(self)


def _author() -> str:
    from bjstc_desktop.letters.templates import issuer

    return issuer().name


def entry(item: ArchiveItem, case: Case, author: str) -> ArchiveEntry:
    """The catalogue entry of a stored 件."""
    return ArchiveEntry(
        item.archive_no, item.fonds, item.year, item.retention, item.item_no, item.doc_no, author, item.title,
        item.issued_on.isoformat() if item.issued_on else item.filed_on.isoformat(), item.pages,
        Level(case.classification).label, case.id, case.case_no, item.kind,
        LETTER_TEMPLATES.get(item.kind, CASE_RECORD_NAME if item.kind == CASE_RECORD else item.kind),
        item.filed_on.isoformat())


def ensure_not_filed(s: Session, case: Case) -> None:
    """Refuse, early and plainly, any write to a filed case."""
    filed = filed_among(s, {case.id})
    if filed:
        raise refusal(filed[case.id])


def file_in(change: CaseChanges, case: Case, ct: CaseType, day: dt.date) -> FilingResult:
    """File `case` as part of `change` (the caller's write transaction): a 件 per valid
    letter (or one for the case's record), each with its 保管期限 and the next 件号 of its
    series; the timeline and the audit say so. From here on the case is read-only."""
    s, ctx = change.session, change.ctx
    ensure_not_filed(s, case)
    letters = s.execute(select(Letter).where(Letter.case_id == case.id, Letter.status == VALID)).scalars().all()
    documents = [Document(letter.template, letter.title, letter.issued_on.year, letter.number, letter.issued_on,
                          letter.pages, letter.id) for letter in letters]
    if not documents:
        documents = [Document(CASE_RECORD, f"{case.title}（{CASE_RECORD_NAME}）", day.year, "", day)]
    values = RuleRepository(s).values()
    book = rule_book(ct, values)
    planned = plan_items(ct.code, documents, book, values)
    width = book.integer(WIDTH_RULE)
    block = item_block(book.text(BLOCK_RULE))
    s.info.setdefault(FILING, set()).add(case.id)
    repo = ArchiveRepository(s, ctx.actor)
    author = _author()
    items = []
    for p in planned:
        if len(p.code) > 5:
            raise RefusedError(f"保管期限代码“{p.code}”过长（至多 5 位），请在规则表中更正。",
                               f"The retention code {p.code!r} is longer than 5 characters.")
        n = repo.next_item_no(p.series, p.fonds, p.document.year, p.code, block)
        item = ArchiveItem(
            id=uuid7(), case_id=case.id, letter_id=p.document.letter_id, kind=p.document.kind, fonds=p.fonds,
            year=p.document.year, retention=p.retention, retention_code=p.code, item_no=n,
            archive_no=archive_number(p.fonds, p.document.year, p.code, n, width), title=p.document.title,
            doc_no=p.document.doc_no, issued_on=p.document.issued_on, pages=p.document.pages, filed_on=day,
            filed_by=ctx.actor.user_id)
        s.add(item)
        items.append(item)
    s.flush()
    numbers = [i.archive_no for i in items]
    change.step(case, "file", details={"archive_nos": numbers},
                on=day)  # a back-dated move files on its day
    change.audit(case, "case_file", case_no=case.case_no, archive_nos=numbers,
                 retentions=[i.retention for i in items])
    warnings = []
    if planned and planned[0].fonds == SEEDED_FONDS:
        warnings.append(f"全宗号仍为初始值 {SEEDED_FONDS}：请系统管理员在规则表（{FONDS_RULE}）中设置档案馆核定的全宗号。")
    return FilingResult(case.id, case.case_no, tuple(entry(i, case, author) for i in items), tuple(warnings))


def _records_media_error(exc: OSError, target: Path) -> MediaError:
    """The one message for a full, read-only or removed medium (磁盘空间不足 …), never an OS string."""
    return atomicfile.media_error(exc, target, what_zh="电子档案", what_en="the electronic records")


def _publish_folder(staging: Path, target: Path) -> None:
    """Give the written folder of electronic records its name (one rename, made durable)."""
    try:
        os.replace(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _records_media_error(exc, target) from exc
    atomicfile.fsync_dir(target.parent)


class ArchiveOps:
    """The archive, for one unlocked workstation (`ws.archives`)."""

    def __init__(self, ctx: WorkflowOps) -> None:  # it files through `act` when the type has a 归档 move
        self.ctx = ctx

    def file(self, case_id: str, opinion: str | None = None, today: dt.date | None = None) -> FilingResult:
        """File a case: through its 归档 move when it has one from its state (the move
        files it), else directly when the case is closed. Refused when neither."""
        check_may_handle_cases(self.ctx.actor)
        day = today or dt.date.today()
        with self.ctx.store.read() as s:
            case = CaseRepository(s, self.ctx.actor).get(case_id)
            ensure_not_filed(s, case)
            ct = lookup_case_type(case.case_type)
            move = next((t for t in ct.actions_from(case.state) if t.target == ARCHIVE_STATE), None)
            closed = case.closed_on is not None
            case_id = case.id
        if move is not None:
            moved = self.ctx.act(case_id, move.action, opinion, on=today)
            return dataclasses.replace(self.filing(case_id), warnings=moved.warnings)
        if not closed:
            raise RefusedError(f"案件处于“{case.state}”，尚未办结，不能归档。",
                               f"The case is in state {case.state!r} and not closed; it cannot be filed.")
        with self.ctx.store.write() as s:
            case = CaseRepository(s, self.ctx.actor).get(case_id)
            with case_changes(s, self.ctx) as change:
                result = file_in(change, case, ct, day)
            return result

    def filing(self, case_id: str) -> FilingResult:
        """The 件 of a filed case (empty when not filed)."""
        check_may_handle_cases(self.ctx.actor)
        with self.ctx.store.read() as s:
            case = CaseRepository(s, self.ctx.actor).get(case_id)
            author = _author()
            items = tuple(entry(i, case, author) for i in ArchiveRepository(s, self.ctx.actor).of_case(case))
            return FilingResult(case.id, case.case_no, items, ())

    def is_filed(self, case_id: str) -> bool:
        """Whether the case is filed (and so read-only)."""
        check_may_handle_cases(self.ctx.actor)
        with self.ctx.store.read() as s:
            case = CaseRepository(s, self.ctx.actor).get(case_id)
            return bool(filed_among(s, {case.id}))

    def catalogue(self, year: int | None = None, retention: str | None = None, module: str | None = None,
                  limit: int | None = None) -> list[ArchiveEntry]:
        """The 归档文件目录 of the cases the acting user may see, in 档号 order."""
        check_may_handle_cases(self.ctx.actor)
        if retention:
            retention = check_retention(retention)
        with self.ctx.store.read() as s:
            author = _author()
            rows = ArchiveRepository(s, self.ctx.actor).items(ArchiveFilter(year, retention, module), limit)
            return [entry(i, c, author) for i, c in rows]

    def export_catalogue(self, out: Path, year: int | None = None, retention: str | None = None,
                         module: str | None = None) -> Path:
        """The catalogue as an Excel workbook (marked with the highest classification in it)."""
        from bjstc_desktop.sheets.atomic import check_target
        from bjstc_desktop.sheets.table import Marking, Table, columns_of
        from bjstc_desktop.sheets.xlsx import stage_workbook

        entries = self.catalogue(year, retention, module)
        level = max((_level(e.classification) for e in entries), default=Level.PUBLIC)
        marking = Marking(self.ctx.wfile.workstation, self.ctx.actor.name, dt.datetime.now(), level)
        target = check_target(Path(out))
        table = Table(_title(year, retention), columns_of(CATALOGUE_HEADERS), (e.row() for e in entries))
        self.ctx._audited_publish(stage_workbook(target, [table], marking), target, "archive_catalogue_export",
                                 "archive", "", file=target.name, items=len(entries), level=level.label)
        return target

    def print_catalogue(self, out: Path | None, year: int | None = None, retention: str | None = None,
                        module: str | None = None) -> bytes:
        """The catalogue as a printable PDF/A table; written to `out` when given."""
        from bjstc_desktop.letters.catalogue import CatalogueColumn, render_catalogue
        from bjstc_desktop.letters.fonts import letter_fonts
        from bjstc_desktop.letters.output import check_target, discard, publish, stage

        entries = self.catalogue(year, retention, module)
        level = max((_level(e.classification) for e in entries), default=Level.PUBLIC)
        weights = (3.2, 0.9, 3.6, 2.6, 7, 2, 0.9, 1.4, 1.1, 2.6)
        columns = [CatalogueColumn(h, w) for h, w in zip(CATALOGUE_HEADERS, weights, strict=True)]
        rows = [tuple(str(v) for v in e.row()) for e in entries]
        subtitle = f"{_author()}　{self.ctx.wfile.workstation}　{dt.date.today().isoformat()}"
        pdf, _pages = render_catalogue(_title(year, retention), subtitle, columns, rows, letter_fonts(),
                                       marking=level.label if level > Level.PUBLIC else "")
        details = {"items": len(entries), "level": level.label}
        if out is None:  # the preview: printed from memory
            with self.ctx.store.write() as s:
                self.ctx._audit(s, "archive_catalogue_print", "archive", "", file="", **details)
            return pdf
        target = check_target(Path(out))
        self.ctx._audited_publish(stage(target, pdf), target, "archive_catalogue_print", "archive", "",
                                 publish=publish, discard=discard, file=target.name, **details)
        return pdf

    def set_retention(self, case_type: str, kind: str, period: str, basis: str) -> str:
        """A case type's own 保管期限 for one letter kind (system administrator; audited):
        a rule of its own in the rule table, archive.retention.<type>.<kind>."""
        check_may_change_settings(self.ctx.actor)
        ct = lookup_case_type(case_type)
        period = check_retention(period)
        if kind != CASE_RECORD and kind not in ct.all_letters:
            raise ValidationError(f"“{ct.name}”不签发“{kind}”。", f"A {ct.code} case does not issue {kind!r}.",
                                  field="kind")
        if not basis.strip():
            raise ValidationError("请写明依据（如本委文书档案保管期限表的条目）。", "Give the basis.", field="basis")
        key = retention_rule_key(ct.code, kind)
        with self.ctx.store.write() as s:
            row = s.get(RuleParameter, key)
            before = row.value if row else None
            if row is None:
                label = f"保管期限（{ct.name}·{LETTER_TEMPLATES.get(kind, CASE_RECORD_NAME)}）"
                row = RuleParameter(key=key, label=label, value=period, unit="保管期限", basis=basis.strip(),
                                    updated_by=self.ctx.actor.name)
                s.add(row)
            else:
                row.value, row.basis, row.updated_by, row.updated_at = period, basis.strip(), self.ctx.actor.name, utcnow()
            self.ctx._audit(s, "rule_change", "rule", key, before=[before], after=[period, basis.strip()])
        return key

    def export_records(self, out_dir: Path, year: int | None = None, case_id: str | None = None) -> RecordsExport:
        """The electronic records as the archive takes them: a folder per 件 (named by its
        档号) with the letter's registered PDF/A (checked against its SHA-256), the case's
        data and 归档章 as JSON, and a manifest of SHA-256 values; an index.json lists
        the 件. Written beside the target and renamed into place: all or nothing."""
        check_may_handle_cases(self.ctx.actor)
        target = atomicfile.check_output(Path(out_dir), folder_ok=True)  # the medium is there; old leftovers go
        if target.exists():
            raise RefusedError(f"{target} 已存在，请指定一个新的文件夹名。", f"{target} exists; name a new folder.")
        staging = atomicfile.temp_name(target)  # a killed export's folder is cleared by the next export there
        files = 0
        try:
            staging.mkdir()
            with self.ctx.store.read() as s:
                repo = ArchiveRepository(s, self.ctx.actor)
                rows = repo.items(ArchiveFilter(year=year, case_id=case_id))
                if not rows:
                    raise RefusedError("没有可导出的归档文件。", "There are no filed items to export.")
                author = _author()
                index = []
                for item, case in rows:
                    files += self._write_item(s, staging / item.archive_no, item, case, author)
                    index.append(entry(item, case, author).as_json())
            _write_json(staging / "index.json", {"workstation": self.ctx.wfile.workstation, "exported_by":
                                                 self.ctx.actor.name, "exported_at": dt.datetime.now(dt.UTC).isoformat(),
                                                 "standard": "DA/T 22-2015", "items": index})
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise _records_media_error(exc, target) from exc
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self.ctx._audited_publish(staging, target, "archive_records_export", "archive", "",
                                 publish=_publish_folder, discard=lambda p: shutil.rmtree(p, ignore_errors=True),
                                 folder=target.name, items=len(rows), files=files)
        return RecordsExport(str(target), len(rows), files + 1)

    def _write_item(self, s: Session, folder: Path, item: ArchiveItem, case: Case, author: str) -> int:
        folder.mkdir()
        written: list[Path] = []
        if item.letter_id:
            letter = s.get(Letter, item.letter_id)
            assert letter is not None
            data = read_all(self.ctx.blob_store, s, letter.blob_name, letter.blob_key, letter.sha256)
            pdf = folder / f"{item.archive_no}.pdf"
            pdf.write_bytes(data)
            written.append(pdf)
        repo = CaseRepository(s, self.ctx.actor)
        view = case_view(case, None, repo.fields_of(case), frozenset())
        stamp = entry(item, case, author).as_json()
        data_file = folder / "case.json"
        _write_json(data_file, {"归档章": stamp, "case": view.as_json(),
                                "parties": [{"role": p.role, "name": o.name if o else "", "uscc": o.uscc if o else None}
                                            for p, o in repo.parties(case)],
                                "timeline": [{"at": e.at.isoformat(), "action": e.action, "from": e.from_state,
                                              "to": e.to_state, "opinion": e.opinion} for e in repo.timeline(case)]})
        written.append(data_file)
        _write_json(folder / "manifest.json", {"archive_no": item.archive_no, "algorithm": "SHA-256", "files": [
            {"name": p.name, "size": p.stat().st_size, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
            for p in written]})
        return len(written) + 1


def _write_json(path: Path, doc: Any) -> None:
    with path.open("w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1, default=str)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())


def _level(label: str) -> Level:
    from bjstc_desktop.core.classification import parse_level

    return parse_level(label)


def _title(year: int | None, retention: str | None) -> str:
    parts = [f"{year}年度" if year else "", retention or ""]
    return "归档文件目录" + ("（" + "，".join(p for p in parts if p) + "）" if any(parts) else "")

