"""Official letters: issue one from a case (number, PDF/A, register, audit — one
transaction), list the register, void a number, read back a registered copy."""

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
from bjstc_desktop.letters.templates import Template, all_templates, issuer
from bjstc_desktop.letters.templates import template as find_template
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.store import blobs
from bjstc_desktop.store.duty_models import ArchiveItem
from bjstc_desktop.store.models import Attachment, Case, Letter, User
from bjstc_desktop.store.repositories.archives import ArchiveRepository
from bjstc_desktop.store.repositories.cases import CaseRepository
from bjstc_desktop.store.repositories.letters import LetterRepository


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
    sha256: str
    path: str
    pages: int
    issued_on: str
    signer: str
    fonts: tuple[dict[str, str], ...]
    pdf: bytes = dataclasses.field(default=b"", repr=False)  # the bytes, when no file was asked for

    def as_json(self) -> dict[str, Any]:
        """cli.md's shape: number, case_id, template, sha256, path (and more)."""
        data = dataclasses.asdict(self)
        data["fonts"] = list(self.fonts)
        del data["pdf"]
        return data


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
        archive_no=item.archive_no if item else None, retention=item.retention if item else None,
        item_no=item.item_no if item else None)


class LetterOps(OpsContext):
    """Letters, for officers and approvers who may see the case."""

    def letter_templates(self, case_id: str | None = None) -> list[TemplateView]:
        """Every template, or those the case's type issues."""
        codes: tuple[str, ...] | None = None
        if case_id is not None:
            check_may_handle_cases(self.actor)
            with self.store.read() as s:
                codes = lookup_case_type(CaseRepository(s, self.actor).get(case_id).case_type).all_letters
        return [TemplateView(t.code, t.name, t.format, t.daizi) for t in all_templates()
                if codes is None or t.code in codes]

    def issue_letter(self, case_id: str, template: str, out_path: Path | None, signer: str = "",
                     values: dict[str, str] | None = None, issue_date: dt.date | None = None,
                     copy_no: str = "", urgency: str = "", force_date: bool = False) -> LetterResult:
        """Merge, number, typeset and write the letter; register it. All or nothing: a
        missing merge field or a failed write leaves no number used and nothing registered.
        With `out_path` None no file is written anywhere: the PDF comes back in the result
        (the GUI's preview; a letter may be classified, so never via the temp folder).
        A date before the case was received or in the future raises
        LetterDateNeedsConfirmation unless `force_date`."""
        # reportlab and pikepdf are imported only when a letter is made.
        from bjstc_desktop.letters.fonts import letter_fonts
        from bjstc_desktop.letters.render import render_pdf

        check_may_handle_cases(self.actor)
        tmpl = find_template(template)
        target = output.check_target(Path(out_path)) if out_path is not None else None
        if urgency and urgency not in ("特急", "加急"):
            raise ValidationError("紧急程度应为 特急 或 加急。", "Urgency is 特急 or 加急.", field="urgency")
        day = issue_date or dt.date.today()
        signer = parse_note(signer, "署名", "The signer", "signer", limit=64) or self.actor.name
        copy_no = parse_note(copy_no, "份号", "The copy number", "copy_no", limit=16) or ""
        values = {k: parse_note(v, k, k, k, limit=20_000) or "" for k, v in (values or {}).items()}
        fonts = letter_fonts()  # loaded once per process, before the write lock is taken
        staged: Path | None = None
        stored: blobs.StoredBlob | None = None
        try:
            with self.store.write() as s:
                repo = CaseRepository(s, self.actor)
                case = repo.get(case_id)
                ct = lookup_case_type(case.case_type)
                self._check_template(tmpl, ct)
                if not force_date:
                    check_letter_date(day, case.received_on, dt.date.today())
                issuing = tuple(t.action for t in ct.transitions if tmpl.code in t.letters)
                draft = tmpl.merge(self._context(repo, case, ct), issuer(), day, "", values, signer,
                                   issuing, copy_no, urgency,
                                   documents=self._documents(s, case))  # refuses before a number is used
                letters = LetterRepository(s, self.actor)
                seq = letters.allocate(tmpl.daizi, day.year)
                number = format_doc_no(tmpl.daizi, day.year, seq)
                rendered = render_pdf(dataclasses.replace(draft, doc_no=number), fonts)
                digest = hashlib.sha256(rendered.pdf).hexdigest()
                stored = blobs.write_blob(self.data_dir / "blobs", self.store.data_key, rendered.pdf)
                staged = output.stage(target, rendered.pdf) if target is not None else None
                letters.register(Letter(
                    id=uuid7(), number=number, daizi=tmpl.daizi, year=day.year, seq=seq, case_id=case.id,
                    template=tmpl.code, format=tmpl.format, title=draft.title, issued_on=day, signer=signer,
                    issued_by=self.actor.user_id, fonts=json.dumps(rendered.fonts_record(), ensure_ascii=False),
                    sha256=digest, size=len(rendered.pdf), pages=rendered.pages,
                    file_name=target.name if target is not None else "",
                    blob_name=stored.name, blob_key=stored.key))
                repo.add_timeline(case, "letter_issue", case.state, case.state,
                                  details={"number": number, "template": tmpl.code})
                repo.reindex(case)  # the 发文字号 becomes searchable
                self._audit(s, "letter_issue", "case", case.id, number=number, template=tmpl.code,
                            sha256=digest, pages=rendered.pages, file=target.name if target is not None else "",
                            fonts=[f"{f.role}:{f.family}:{f.source}" for f in rendered.fonts])
        except BaseException:
            if staged is not None:
                output.discard(staged)
            if stored is not None:
                output.discard(self.data_dir / "blobs" / stored.name)
            raise
        if target is None or staged is None:
            return LetterResult(number, case.id, case.case_no, tmpl.code, digest, "", rendered.pages,
                                day.isoformat(), signer, tuple(rendered.fonts_record()), pdf=rendered.pdf)
        try:
            output.publish(staged, target)  # after the commit: a final file always has a registered number
        except MediaError as exc:
            raise MediaError(f"{number} 已签发并登记，但{exc.zh}请在公文登记簿中另存此文。",
                             f"{number} is issued and registered, but: {exc.en} Save it from the register.") from exc
        return LetterResult(number, case.id, case.case_no, tmpl.code, digest, str(target), rendered.pages,
                            day.isoformat(), signer, tuple(rendered.fonts_record()))

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
                data = blobs.read_blob(self.data_dir / "blobs", a.blob_name, a.blob_key, a.sha256)
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

    def letter_register(self, case_id: str | None = None, limit: int | None = None) -> list[LetterEntry]:
        """The register, newest first: only letters of cases the acting user may see."""
        check_may_handle_cases(self.actor)
        with self.store.read() as s:
            users = self._user_names(s)
            names = _names()
            rows = LetterRepository(s, self.actor).entries(case_id, limit)
            filed = ArchiveRepository(s, self.actor).by_letters([letter.id for letter, _ in rows])
            return [_entry(letter, case, users, names, filed) for letter, case in rows]

    def void_letter(self, number: str, reason: str) -> LetterEntry:
        """Void a number (audited); it stays in the register as 作废 and is never reused."""
        check_may_handle_cases(self.actor)
        reason = parse_note(reason, "作废理由", "The reason", "reason", limit=2000) or ""
        if not reason:
            raise ValidationError("作废须写明理由。", "A reason is required to void a number.", field="reason")
        with self.store.write() as s:
            letters = LetterRepository(s, self.actor)
            letter, case = letters.by_number(number.strip())
            letters.void(letter, reason)
            CaseRepository(s, self.actor).add_timeline(case, "letter_void", case.state, case.state,
                                                       opinion=reason, details={"number": letter.number})
            self._audit(s, "letter_void", "case", case.id, number=letter.number,
                        reason=self._case_text(case.classification, reason))
            return _entry(letter, case, self._user_names(s), _names())

    def letter_pdf(self, number: str) -> bytes:
        """The registered copy of a letter, checked against its SHA-256 (audited)."""
        check_may_handle_cases(self.actor)
        with self.store.read() as s:
            letter, case = LetterRepository(s, self.actor).by_number(number.strip())
            data = blobs.read_blob(self.data_dir / "blobs", letter.blob_name, letter.blob_key, letter.sha256)
        with self.store.write() as s:
            self._audit(s, "letter_read", "case", case.id, number=letter.number)
        return data

    @staticmethod
    def _user_names(s: Session) -> dict[str, str]:
        return {uid: name for uid, name in s.execute(select(User.id, User.name))}
