"""Official letters: preview an unnumbered draft from a case, issue (签发) it (number,
PDF/A and OFD, register, audit — one transaction), list the register, void a number, read
back a registered copy."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.core.casetypes import CaseType
from bjstc_desktop.core.errors import MediaError, RefusedError, ValidationError
from bjstc_desktop.core.fieldvalues import parse_note
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.core.roles import check_may_handle_cases
from bjstc_desktop.core.validators.docno import format_doc_no
from bjstc_desktop.letters import output
from bjstc_desktop.letters.merge import CaseContext
from bjstc_desktop.letters.spec import LetterSpec
from bjstc_desktop.letters.templates import Template, all_templates, issuer
from bjstc_desktop.letters.templates import template as find_template
from bjstc_desktop.ops.case_changes import record_change
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.store import blobs
from bjstc_desktop.store.blobstore import BlobStore, read_all
from bjstc_desktop.store.duty_models import ArchiveItem
from bjstc_desktop.store.levelkeys import missing_key
from bjstc_desktop.store.models import Attachment, Case, Letter, User
from bjstc_desktop.store.repositories.archives import ArchiveRepository
from bjstc_desktop.store.repositories.cases import CaseRepository
from bjstc_desktop.store.repositories.letters import LetterRepository
from bjstc_desktop.store.sealing import is_locked


@dataclass(frozen=True)
class TemplateView:
    """A letter template as listed (`bjstc letter templates`)."""

    code: str
    name: str
    format: str
    daizi: str

    def as_json(self) -> dict[str, str]:
        """cli.md's shape: code, name, format (plus daizi)."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class LetterResult:
    """An issued letter."""

    number: str
    case_id: str
    case_no: str
    template: str
    sha256: str  # of the PDF
    path: str  # the PDF written, or "" when none was asked for
    pages: int
    issued_on: str
    signer: str
    fonts: tuple[dict[str, str], ...]
    ofd_sha256: str = ""
    ofd_path: str = ""  # the OFD written, or ""
    pdf: bytes = dataclasses.field(default=b"", repr=False)  # the bytes, when no file was asked for
    ofd: bytes = dataclasses.field(default=b"", repr=False)

    def as_json(self) -> dict[str, Any]:
        """cli.md's shape: number, case_id, template, sha256, path (and more: ofd_sha256,
        ofd_path)."""
        data = dataclasses.asdict(self)
        data["fonts"] = list(self.fonts)
        del data["pdf"], data["ofd"]
        return data


DRAFT_MARK = "草稿（未编号）"  # printed where the 发文字号 will be once the letter is issued


@dataclass(frozen=True)
class LetterDraft:
    """A letter as it will be issued, with 草稿（未编号） in place of its 发文字号: no number is
    taken and nothing is registered until it is issued."""

    case_id: str
    case_no: str
    template: str
    template_name: str
    title: str
    pages: int
    issued_on: str
    signer: str
    pdf: bytes = dataclasses.field(default=b"", repr=False)


@dataclass(frozen=True)
class LetterEntry:
    """One line of the register."""

    number: str
    case_id: str
    case_no: str
    template: str
    template_name: str
    title: str
    issued_on: str
    signer: str
    issued_by: str | None
    fonts: tuple[dict[str, str], ...]
    sha256: str
    pages: int
    status: str  # 有效 | 作废
    void_reason: str | None
    ofd_sha256: str | None = None  # None: issued before letters were also written as OFD
    # 归档章 data once the letter's case is filed (DA/T 22): 档号, 保管期限, 件号.
    archive_no: str | None = None
    retention: str | None = None
    item_no: int | None = None

    def as_json(self) -> dict[str, Any]:
        """The register entry as JSON."""
        data = dataclasses.asdict(self)
        data["fonts"] = list(self.fonts)
        return data


class LetterDateNeedsConfirmation(RefusedError):
    """The 成文日期 lies before the case was received or in the future: the officer must
    confirm it (GUI: a confirm dialog; CLI: --force-date), then issue with force_date."""

    def __init__(self, day: dt.date, received: dt.date | None, today: dt.date) -> None:
        self.day, self.received, self.today = day, received, today
        if day > today:
            zh = f"成文日期 {day.isoformat()} 在今天（{today.isoformat()}）之后。确认无误请使用 --force-date。"
            en = f"The letter's date {day.isoformat()} is in the future (today is {today.isoformat()}). Use --force-date if it is right."
        else:
            assert received is not None
            zh = f"成文日期 {day.isoformat()} 早于案件收件日期 {received.isoformat()}。确认无误请使用 --force-date。"
            en = (f"The letter's date {day.isoformat()} is before the case was received ({received.isoformat()}). "
                  "Use --force-date if it is right.")
        super().__init__(zh, en)


def check_letter_date(day: dt.date, received: dt.date | None, today: dt.date) -> None:
    """Refuse a 成文日期 in the future or before the case's received date."""
    if day > today or (received is not None and day < received):
        raise LetterDateNeedsConfirmation(day, received, today)


def _names() -> dict[str, str]:
    return {t.code: t.name for t in all_templates()}


def _entry(letter: Letter, case: Case, users: dict[str, str], names: dict[str, str],
           filed: dict[str, ArchiveItem] | None = None) -> LetterEntry:
    item = (filed or {}).get(letter.id)
    return LetterEntry(
        number=letter.number, case_id=case.id, case_no=case.case_no, template=letter.template,
        template_name=names.get(letter.template, letter.template), title=letter.title,
        issued_on=letter.issued_on.isoformat(), signer=letter.signer,
        issued_by=users.get(letter.issued_by or ""), fonts=tuple(json.loads(letter.fonts or "[]")),
        sha256=letter.sha256, pages=letter.pages, status=letter.status, void_reason=letter.void_reason,
        ofd_sha256=letter.ofd_sha256,
        archive_no=item.archive_no if item else None, retention=item.retention if item else None,
        item_no=item.item_no if item else None)


def preload_fonts() -> None:
    """Load the letter fonts (once per process) before a write transaction needs them."""
    from bjstc_desktop.letters.fonts import letter_fonts

    letter_fonts()


class LetterFiles:
    """What issuing letters leaves outside the store until the commit: the blobs kept
    (the registered copies) and the staged files to publish. After the commit the
    staged files are published (`publish`); when the transaction (or one letter's
    savepoint: `since` / `discard_since`) rolls back they are removed (`discard`), so a
    file never outlives a letter that was not registered."""

    def __init__(self) -> None:
        self.staged: list[dict[str, Path]] = [{}]  # per letter: format → staged file
        self.blobs: list[str] = []

    def keep(self, blob: blobs.StoredBlob) -> blobs.StoredBlob:
        """A blob written for a letter of this transaction."""
        self.blobs.append(blob.name)
        return blob

    def stage(self, fmt: str, path: Path) -> None:
        """A staged file of the current letter."""
        self.staged[-1][fmt] = path

    def since(self) -> tuple[int, int]:
        """A mark before one letter, to discard only its files if it fails."""
        self.staged.append({})
        return len(self.staged) - 1, len(self.blobs)

    def discard_since(self, mark: tuple[int, int], blob_store: BlobStore) -> None:
        """Remove the files of the letter begun at `mark` (its savepoint rolled back; on a
        hub its blobs went with the savepoint)."""
        for tmp in (t for letter in self.staged[mark[0]:] for t in letter.values()):
            output.discard(tmp)
        for name in self.blobs[mark[1]:]:
            blob_store.remove(name)
        del self.staged[mark[0]:], self.blobs[mark[1]:]

    def discard(self, blob_store: BlobStore) -> None:
        """Remove every file of the transaction (it rolled back)."""
        self.discard_since((0, 0), blob_store)
        self.staged = [{}]

    def publish(self, result: LetterResult, targets: dict[str, Path], letter: int = -1) -> LetterResult:
        """After the commit: move a letter's staged files to their targets (a final file
        always has a registered number); the result with the paths written."""
        staged = self.staged[letter]
        try:
            for fmt_, tmp in staged.items():
                output.publish(tmp, targets[fmt_])
        except MediaError as exc:
            for tmp in staged.values():
                output.discard(tmp)
            raise MediaError(f"{result.number} 已签发并登记，但{exc.zh}请在公文登记簿中另存此文。",
                             f"{result.number} is issued and registered, but: {exc.en} Save it from the register."
                             ) from exc
        written = {f: str(t) for f, t in targets.items()}
        return dataclasses.replace(result, path=written.get(output.FORMAT_PDF, ""),
                                   ofd_path=written.get(output.FORMAT_OFD, ""))


class LetterOps(OpsPart):
    """Letters, for officers and approvers who may see the case."""

    def templates(self, case_id: str | None = None) -> list[TemplateView]:
        """Every template, or those the case's type issues."""
        codes: tuple[str, ...] | None = None
        if case_id is not None:
            check_may_handle_cases(self.actor)
            with self.store.read() as s:
                codes = lookup_case_type(CaseRepository(s, self.actor).get(case_id).case_type).all_letters
        return [TemplateView(t.code, t.name, t.format, t.daizi) for t in all_templates()
                if codes is None or t.code in codes]

    def render_draft(self, case_id: str, template: str, signer: str = "",
                            values: dict[str, str] | None = None, issue_date: dt.date | None = None,
                            copy_no: str = "", urgency: str = "", force_date: bool = False) -> LetterDraft:
        """The letter `issue_letter` would issue with the same arguments, marked 草稿（未编号）
        where its number goes: read-only (no number taken, nothing registered or written,
        the PDF only in memory). Whatever issuing would refuse (a missing merge field, a
        date to confirm) is refused here first."""
        from bjstc_desktop.letters.fonts import letter_fonts
        from bjstc_desktop.letters.render import render_pdf

        check_may_handle_cases(self.actor)
        tmpl = find_template(template)
        self._check_urgency(urgency)
        day = issue_date or dt.date.today()
        signer, copy_no, values = self._letter_inputs(signer, copy_no, values)
        fonts = letter_fonts()
        with self.store.read() as s:
            repo = CaseRepository(s, self.actor)
            case = repo.get(case_id)
            spec = self._merged(s, repo, case, tmpl, day, values, signer, copy_no, urgency, force_date)
            case_no = case.case_no
        rendered = render_pdf(dataclasses.replace(spec, doc_no=DRAFT_MARK), fonts, pdfa=False)
        return LetterDraft(case_id, case_no, tmpl.code, tmpl.name, spec.title, rendered.pages, day.isoformat(),
                           signer, pdf=rendered.pdf)

    def _letter_inputs(self, signer: str, copy_no: str,
                       values: dict[str, str] | None) -> tuple[str, str, dict[str, str]]:
        """The officer's signer, copy number and merge values, checked as notes."""
        signer = parse_note(signer, "署名", "The signer", "signer", limit=64) or self.actor.name
        copy_no = parse_note(copy_no, "份号", "The copy number", "copy_no", limit=16) or ""
        values = {k: parse_note(v, k, k, k, limit=20_000) or "" for k, v in (values or {}).items()}
        return signer, copy_no, values

    @staticmethod
    def _check_urgency(urgency: str) -> None:
        if urgency and urgency not in ("特急", "加急"):
            raise ValidationError("紧急程度应为 特急 或 加急。", "Urgency is 特急 or 加急.", field="urgency")

    def _merged(self, s: Session, repo: CaseRepository, case: Case, tmpl: Template, day: dt.date,
                values: dict[str, str] | None, signer: str, copy_no: str, urgency: str,
                force_date: bool = False) -> LetterSpec:
        """The template merged with the case, without its number; refuses a template the
        case type does not issue, a date to confirm, or a missing merge field."""
        ct = lookup_case_type(case.case_type)
        self._check_template(tmpl, ct)
        if not force_date:
            check_letter_date(day, case.received_on, dt.date.today())
        issuing = tuple(t.action for t in ct.transitions if tmpl.code in t.letters)
        return tmpl.merge(self._context(repo, case, ct), issuer(), day, "", values, signer, issuing, copy_no,
                          urgency, documents=self._documents(s, case))

    def issue(self, case_id: str, template: str, out_path: Path | None, signer: str = "",
                     values: dict[str, str] | None = None, issue_date: dt.date | None = None,
                     copy_no: str = "", urgency: str = "", force_date: bool = False,
                     fmt: str = output.FORMAT_PDF) -> LetterResult:
        """Merge, number, typeset and write the letter; register it. All or nothing: a
        missing merge field or a failed write leaves no number used and nothing registered.
        The pages are laid out once and written both as PDF/A and as OFD; the register
        keeps both hashes and both copies, and `fmt` (pdf, ofd or both: output.targets)
        says which files go to `out_path`. With `out_path` None no file is written
        anywhere: both come back in the result (the GUI's preview; a letter may be
        classified, so never via the temp folder). A date before the case was received or
        in the future raises LetterDateNeedsConfirmation unless `force_date`."""
        check_may_handle_cases(self.actor)
        tmpl = find_template(template)
        targets = output.targets(Path(out_path), fmt) if out_path is not None else {}
        self._check_urgency(urgency)
        signer, copy_no, values = self._letter_inputs(signer, copy_no, values)
        preload_fonts()  # before the write lock is taken
        files = LetterFiles()
        try:
            with self.store.write() as s:
                result, data = self._issue_in(s, files, case_id, tmpl, targets, signer, values, issue_date,
                                              copy_no, urgency, force_date)
        except BaseException:
            files.discard(self.blob_store)
            raise
        if not targets:
            return dataclasses.replace(result, pdf=data[output.FORMAT_PDF], ofd=data[output.FORMAT_OFD])
        return files.publish(result, targets)

    def _issue_in(self, s: Session, files: LetterFiles, case_id: str, tmpl: Template, targets: dict[str, Path],
                  signer: str, values: dict[str, str], issue_date: dt.date | None, copy_no: str, urgency: str,
                  force_date: bool) -> tuple[LetterResult, dict[str, bytes]]:
        """The body of `issue_letter` in the caller's write transaction (a bulk issue runs
        it per case, in a savepoint): merge, number, typeset, keep both copies as blobs
        and stage the files to publish (`files` holds them, for the caller to publish
        after the commit or discard), register, and the case change."""
        # reportlab, pikepdf and fontTools are imported only when a letter is made.
        from bjstc_desktop.letters.fonts import letter_fonts
        from bjstc_desktop.letters.render import render_letter

        day = issue_date or dt.date.today()
        fonts = letter_fonts()  # loaded once per process
        repo = CaseRepository(s, self.actor)
        case = repo.get(case_id)
        draft = self._merged(s, repo, case, tmpl, day, values, signer, copy_no, urgency,
                             force_date)  # refuses before a number is used
        letters = LetterRepository(s, self.actor)
        seq = letters.allocate(tmpl.daizi, day.year)
        number = format_doc_no(tmpl.daizi, day.year, seq)
        rendered = render_letter(dataclasses.replace(draft, doc_no=number), fonts)
        data = {output.FORMAT_PDF: rendered.pdf, output.FORMAT_OFD: rendered.ofd}
        digest = hashlib.sha256(rendered.pdf).hexdigest()
        ofd_digest = hashlib.sha256(rendered.ofd).hexdigest()
        blob_store = self.blob_store
        stored = [files.keep(blob_store.put(s, data[fmt_], self.blob_cipher))
                  for fmt_ in (output.FORMAT_PDF, output.FORMAT_OFD)]
        for fmt_, target in targets.items():
            files.stage(fmt_, output.stage(target, data[fmt_]))
        file_name = targets.get(output.FORMAT_PDF, targets.get(output.FORMAT_OFD))
        letters.register(Letter(
            id=uuid7(), number=number, daizi=tmpl.daizi, year=day.year, seq=seq, case_id=case.id,
            template=tmpl.code, format=tmpl.format, title=draft.title, issued_on=day, signer=signer,
            issued_by=self.actor.user_id, fonts=json.dumps(rendered.fonts_record(), ensure_ascii=False),
            sha256=digest, size=len(rendered.pdf), pages=rendered.pages,
            file_name=file_name.name if file_name is not None else "",
            blob_name=stored[0].name, blob_key=stored[0].key,
            ofd_sha256=ofd_digest, ofd_size=len(rendered.ofd),
            ofd_blob_name=stored[1].name, ofd_blob_key=stored[1].key))
        # the 发文字号 becomes searchable, and travels to other offices with the revision
        record_change(s, self, case, "letter_issue", details={"number": number, "template": tmpl.code},
                      audit="letter_issue",
                      audit_details={"number": number, "template": tmpl.code, "sha256": digest,
                                     "ofd_sha256": ofd_digest, "pages": rendered.pages,
                                     "file": file_name.name if file_name is not None else "",
                                     "files": [t.name for t in targets.values()],
                                     "fonts": [f"{f.role}:{f.family}:{f.source}" for f in rendered.fonts]})
        result = LetterResult(number, case.id, case.case_no, tmpl.code, digest, "", rendered.pages,
                              day.isoformat(), signer, tuple(rendered.fonts_record()), ofd_sha256=ofd_digest)
        return result, data

    @staticmethod
    def _check_template(tmpl: Template, ct: CaseType) -> None:
        if tmpl.code not in ct.all_letters:
            allowed = "、".join(find_template(c).name for c in ct.all_letters) or "（无）"
            raise RefusedError(f"“{ct.name}”案件不签发“{tmpl.name}”。此类案件可签发：{allowed}。",
                               f"A {ct.code} case does not issue {tmpl.code}; it issues: "
                               f"{', '.join(ct.all_letters) or 'none'}.")

    def _documents(self, s: Session, case: Case) -> dict[str, str]:
        """The case's text attachments (.txt, .md), for attachments printed with a letter."""
        out: dict[str, str] = {}
        rows = s.execute(select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.created_at))
        for a in rows.scalars():
            stem, _, suffix = a.filename.rpartition(".")
            if suffix.lower() not in ("txt", "md") or a.blob_name.startswith("pending-"):
                continue
            try:
                data = read_all(self.blob_store, s, a.blob_name, a.blob_key, a.sha256)
                out[stem] = data.decode("utf-8-sig")
            except (UnicodeDecodeError, OSError):
                continue
        return out

    @staticmethod
    def _context(repo: CaseRepository, case: Case, ct: CaseType) -> CaseContext:
        parties = tuple((p.role, o.name) for p, o in repo.parties(case) if o is not None)
        opinions = tuple((e.action, e.opinion) for e in repo.timeline(case) if e.opinion)
        return CaseContext(case.id, case.case_no, case.title, ct, repo.fields_of(case), parties, opinions,
                           case.received_on, case.accepted_on, case.due_on, case.classification,
                           case.secrecy_period)

    def register(self, case_id: str | None = None, limit: int | None = None) -> list[LetterEntry]:
        """The register, newest first: only letters of cases the acting user may see."""
        check_may_handle_cases(self.actor)
        with self.store.read() as s:
            users = self._user_names(s)
            names = _names()
            rows = LetterRepository(s, self.actor).entries(case_id, limit)
            filed = ArchiveRepository(s, self.actor).by_letters([letter.id for letter, _ in rows])
            return [_entry(letter, case, users, names, filed) for letter, case in rows]

    def void(self, number: str, reason: str) -> LetterEntry:
        """Void a number (audited); it stays in the register as 作废 and is never reused."""
        check_may_handle_cases(self.actor)
        reason = parse_note(reason, "作废理由", "The reason", "reason", limit=2000) or ""
        if not reason:
            raise ValidationError("作废须写明理由。", "A reason is required to void a number.", field="reason")
        with self.store.write() as s:
            letters = LetterRepository(s, self.actor)
            letter, case = letters.by_number(number.strip())
            letters.void(letter, reason)
            record_change(s, self, case, "letter_void", opinion=reason, details={"number": letter.number},
                          audit="letter_void",
                          audit_details={"number": letter.number,
                                         "reason": self._case_text(case.classification, reason)})
            return _entry(letter, case, self._user_names(s), _names())

    def pdf(self, number: str) -> bytes:
        """The registered PDF copy of a letter, checked against its SHA-256 (audited)."""
        return self._registered_copy(number, output.FORMAT_PDF)

    def ofd(self, number: str) -> bytes:
        """The registered OFD copy of a letter, checked against its SHA-256 (audited);
        refused for a letter issued before letters were also written as OFD."""
        return self._registered_copy(number, output.FORMAT_OFD)

    def _registered_copy(self, number: str, fmt: str) -> bytes:
        check_may_handle_cases(self.actor)
        with self.store.read() as s:
            letter, case = LetterRepository(s, self.actor).by_number(number.strip())
            if is_locked(letter):  # its keys are sealed at a level this session does not hold
                raise missing_key(letter.level)
            if fmt == output.FORMAT_OFD:
                if not (letter.ofd_blob_name and letter.ofd_blob_key and letter.ofd_sha256):
                    raise RefusedError(f"“{letter.number}”签发时尚未同时生成 OFD，登记簿中只有 PDF。",
                                       f"{letter.number} was issued before letters were also written as OFD; "
                                       "the register holds its PDF only.")
                name, key, digest = letter.ofd_blob_name, letter.ofd_blob_key, letter.ofd_sha256
            else:
                name, key, digest = letter.blob_name, letter.blob_key, letter.sha256
            data = read_all(self.blob_store, s, name, key, digest, blobs.LETTER_COPY)
        with self.store.write() as s:
            self._audit(s, "letter_read", "case", case.id, number=letter.number, format=fmt)
        return data

    @staticmethod
    def _user_names(s: Session) -> dict[str, str]:
        return {uid: name for uid, name in s.execute(select(User.id, User.name))}
