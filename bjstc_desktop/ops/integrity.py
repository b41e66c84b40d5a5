"""科研失信 records: enter, list, revoke, and the report of the cases whose parties they
hit, for case handlers within their clearance and module scope. `ws.integrity`."""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.core.casetypes import FieldKind
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.integrity import (
    BLOCKING_RULE,
    INTEGRITY_RULES,
    RECORD_FIELDS,
    REVOKED,
    SUBJECT_KINDS,
    case_parties,
    check_period,
    hits,
    parse_scope,
    subject_number,
)
from bjstc_desktop.core.modules import MODULE_CODES, all_case_types
from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.core.records import parse_record
from bjstc_desktop.core.roles import check_may_handle_cases
from bjstc_desktop.core.rulevalues import RuleBook
from bjstc_desktop.core.validators import mask_id_number
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.store import audit as audit_trail
from bjstc_desktop.store.blindindex import any_term_expression
from bjstc_desktop.store.duty_models import IntegrityRecordRow
from bjstc_desktop.store.models import Case, CaseField, utcnow
from bjstc_desktop.store.repositories.case_index import cases_matching
from bjstc_desktop.store.repositories.cases import CaseRepository, visible_to
from bjstc_desktop.store.repositories.integrity import IntegrityRepository, as_record
from bjstc_desktop.store.repositories.reference import RuleRepository
from bjstc_desktop.store.repositories.scope import (
    check_may_write_scoped,
    decode_scope,
    encode_scope,
)
from bjstc_desktop.store.sealing import keys_of
from bjstc_desktop.sync.revisions import record_new_register_revisions, record_register_revision

_KIND_BY_LABEL = {label: kind for kind, label in SUBJECT_KINDS.items()}
CHUNK = 500


@dataclass(frozen=True)
class RecordView:
    """A record as listed; a person's ID number masked (个人信息保护)."""

    id: str
    subject_kind: str
    name: str
    number: str
    source: str
    decision_no: str
    measure: str
    scope: tuple[str, ...]
    start_on: str
    end_on: str | None
    status: str
    in_force: bool
    classification: str

    def as_json(self) -> dict[str, Any]:
        """The `bjstc integrity list --json` document of one record."""
        data = dataclasses.asdict(self)
        data["scope"] = list(self.scope)
        return data


@dataclass(frozen=True)
class HitLine:
    """One line of the report of hits: a case, the party hit and the record."""

    case_id: str
    case_no: str
    title: str
    module: str
    state: str
    party: str
    record_id: str
    decision_no: str
    measure: str
    blocking: bool
    case_type: str = ""  # to name the state in the officer's language

    def as_json(self) -> dict[str, Any]:
        """The `bjstc integrity hits --json` document of one line."""
        return dataclasses.asdict(self)


def record_view(r: IntegrityRecordRow, today: dt.date) -> RecordView:
    """The view of a stored record."""
    number = mask_id_number(r.number) if r.subject_kind == "person" else r.number
    return RecordView(r.id, SUBJECT_KINDS.get(r.subject_kind, r.subject_kind), r.name, number, r.source,
                      r.decision_no, r.measure, decode_scope(r.scope), r.start_on.isoformat(),
                      r.end_on.isoformat() if r.end_on else None, r.status, as_record(r).in_force(today),
                      Level(r.classification).label)


def parse_integrity(raw: dict[str, Any]) -> dict[str, Any]:
    """A record's values checked by their kinds, with the subject's number by its kind,
    the scope as module codes and the period in order."""
    values = parse_record(RECORD_FIELDS, raw)
    kind = _KIND_BY_LABEL.get(values["subject_kind"], values["subject_kind"])
    number = subject_number(kind, values["number"])
    start = dt.date.fromisoformat(values["start_on"])
    end = dt.date.fromisoformat(values["end_on"]) if values.get("end_on") else None
    check_period(start, end)
    return {"subject_kind": kind, "number": number, "name": values["name"], "source": values["source"],
            "decision_no": values["decision_no"], "measure": values["measure"],
            "scope": parse_scope(values.get("scope") or "", MODULE_CODES), "start_on": start, "end_on": end}


class IntegrityOps:
    """科研失信 records, for one unlocked workstation (`ws.integrity`)."""

    def __init__(self, ctx: OpsContext) -> None:
        self.ctx = ctx

    def list(self, text: str = "", in_force_on: dt.date | None = None, after_id: str | None = None,
             limit: int | None = 200, today: dt.date | None = None) -> builtins.list[RecordView]:
        """Visible records, newest first; `in_force_on`: only those in force that day."""
        check_may_handle_cases(self.ctx.actor)
        day = today or dt.date.today()
        with self.ctx.store.read() as s:
            rows = IntegrityRepository(s, self.ctx.actor).page(text, in_force_on, None, after_id, limit)
            return [record_view(r, day) for r in rows]

    def count_in_force(self, today: dt.date | None = None) -> int:
        """Visible records in force today."""
        check_may_handle_cases(self.ctx.actor)
        with self.ctx.store.read() as s:
            return IntegrityRepository(s, self.ctx.actor).count_in_force(today or dt.date.today())

    def add(self, values: dict[str, Any], classification: Level = Level.PUBLIC,
            today: dt.date | None = None) -> RecordView:
        """Enter a finding by hand; the same subject, decision and measure only once."""
        parsed = parse_integrity(values)
        check_may_write_scoped(self.ctx.actor, classification, parsed["scope"], self.ctx.ceiling)
        with self.ctx.store.write() as s:
            row = self.add_in(s, parsed, classification)
            return record_view(row, today or dt.date.today())

    def add_in(self, s: Session, parsed: dict[str, Any], classification: Level, **audit_extra: Any) -> IntegrityRecordRow:
        """The body of `add` in the caller's transaction."""
        key = (parsed["number"], parsed["decision_no"], parsed["measure"])
        if IntegrityRepository(s, self.ctx.actor).by_key([key]):
            raise RefusedError("已有同一对象、同一处理决定和措施的记录。",
                               "A record of this subject, decision and measure already exists.")
        return self.add_many_in(s, [(parsed, audit_extra)], classification)[0]

    def add_many_in(self, s: Session, items: Sequence[tuple[dict[str, Any], dict[str, Any]]],
                    classification: Level) -> builtins.list[IntegrityRecordRow]:
        """New records (parsed values, extra audit details), none already stored (the
        caller checked), in the caller's transaction, set-based: one flush, the audit
        events chained together, the first revisions in one insert (an import's new rows)."""
        rows = [IntegrityRecordRow(id=uuid7(), classification=int(classification), created_by=self.ctx.actor.user_id,
                                   **{**parsed, "scope": encode_scope(parsed["scope"])}) for parsed, _extra in items]
        s.add_all(rows)
        s.flush()
        audit_trail.append_many(s, [audit_trail.ChainEvent(self.ctx.actor.user_id, self.ctx.actor.name, "integrity_add",
                                               "integrity", row.id,
                                               {"kind": row.subject_kind,
                                                "decision_no": self.ctx._case_text(row.classification, row.decision_no),
                                                "measure": row.measure, **extra})
                              for row, (_parsed, extra) in zip(rows, items, strict=True)])
        record_new_register_revisions(s, rows, self.ctx.wfile.node_id, self.ctx.actor.name)
        return rows

    def revised(self, s: Session, row: IntegrityRecordRow) -> None:
        """The record's revision for sync, in the caller's transaction."""
        record_register_revision(s, row, self.ctx.wfile.node_id, self.ctx.actor.name)

    def update_in(self, s: Session, record: IntegrityRecordRow, parsed: dict[str, Any], **audit_extra: Any) -> builtins.list[str]:
        """Change the particulars a re-import brings (name, source, scope, period); returns what changed.
        `audit_extra` goes into the audit event (an import passes its row number as `row`)."""
        changed = []
        for key in ("name", "source", "start_on", "end_on"):
            if getattr(record, key) != parsed[key]:
                setattr(record, key, parsed[key])
                changed.append(key)
        if record.scope != encode_scope(parsed["scope"]):
            record.scope = encode_scope(parsed["scope"])
            changed.append("scope")
        if changed:
            record.updated_at = utcnow()
            self.ctx._audit(s, "integrity_edit", "integrity", record.id, changed=changed, **audit_extra)
            self.revised(s, record)
        return changed

    def revoke(self, record_id: str, reason: str, today: dt.date | None = None) -> RecordView:
        """Revoke a record (撤销, e.g. the decision was overturned): it stops hitting at
        once and stays listed with the reason."""
        check_may_handle_cases(self.ctx.actor)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("撤销须写明理由。", "A reason is required to revoke a record.", field="reason")
        with self.ctx.store.write() as s:
            row = IntegrityRepository(s, self.ctx.actor).get(record_id)
            if row.status == REVOKED:
                raise RefusedError("此记录已撤销。", "The record is already revoked.")
            row.status, row.revoke_reason, row.updated_at = REVOKED, reason, utcnow()
            self.ctx._audit(s, "integrity_revoke", "integrity", row.id,
                            reason=self.ctx._case_text(row.classification, reason))
            self.revised(s, row)
            return record_view(row, today or dt.date.today())

    def hits(self, today: dt.date | None = None, module: str | None = None, open_only: bool = True) -> builtins.list[HitLine]:
        """The report of hits: every visible case (open ones unless `open_only` is
        False) whose parties a record in force names, with the record (only records the
        acting user may read are reported)."""
        check_may_handle_cases(self.ctx.actor)
        day = today or dt.date.today()
        with self.ctx.store.read() as s:
            records = [as_record(r) for r in IntegrityRepository(s, self.ctx.actor).page(in_force_on=day, limit=None)]
            if not records:
                return []
            numbers = sorted({r.subject.number for r in records})
            repo = CaseRepository(s, self.ctx.actor)
            blocking = set(RuleBook({**{r.key: r.value for r in INTEGRITY_RULES}, **RuleRepository(s).values()})
                           .words(BLOCKING_RULE))
            lines: list[HitLine] = []
            for case in self._cases_naming(s, numbers, module, open_only):
                ct = lookup_case_type(case.case_type)
                for h in hits(records, case_parties(ct, repo.fields_of(case)), case.module, day):
                    lines.append(HitLine(case.id, case.case_no, case.title, case.module, case.state,
                                         h.party.name or h.party.number, h.record.id, h.record.decision_no,
                                         h.record.measure, h.record.measure in blocking, case.case_type))
            return lines

    def _classified_naming(self, s: Session, numbers: builtins.list[str], keys: builtins.list[str], tables: builtins.list[str]) -> set[str]:
        """The classified cases among them: their fields are sealed, so the blind index
        (store/blindindex.py) finds the candidates and their opened fields confirm them."""
        ids: set[str] = set()
        content = keys_of(s)
        for i in range(0, len(numbers), CHUNK):
            chunk = numbers[i:i + CHUNK]
            expr = any_term_expression(chunk, content, int(self.ctx.actor.clearance))
            if expr is None:
                return ids
            found = cases_matching(s, expr)
            wanted = set(chunk)
            for j in range(0, len(found), CHUNK):
                q = select(CaseField).where(CaseField.case_id.in_(found[j:j + CHUNK]), CaseField.sealed.is_not(None),
                                            CaseField.key.in_(keys + tables))
                for f in s.execute(q).scalars():
                    if f.text_value in wanted or (f.json_value and any(f'"{n}"' in f.json_value for n in chunk)):
                        ids.add(f.case_id)
        return ids

    def _cases_naming(self, s: Session, numbers: builtins.list[str], module: str | None, open_only: bool) -> builtins.list[Case]:
        """Visible cases with a USCC or ID field (or a table) holding one of `numbers`."""
        keys = sorted({f.key for ct in all_case_types() for f in ct.fields
                       if f.kind in (FieldKind.USCC, FieldKind.ID_NUMBER)})
        tables = sorted({f.key for ct in all_case_types() for f in ct.fields if f.kind is FieldKind.ROWS
                         and any(c.kind in (FieldKind.USCC, FieldKind.ID_NUMBER) for c in f.columns)})
        conds = [visible_to(self.ctx.actor)]
        if module:
            conds.append(Case.module == module)
        if open_only:
            conds.append(Case.closed_on.is_(None))
        ids: set[str] = set()
        for i in range(0, len(numbers), CHUNK):
            chunk = numbers[i:i + CHUNK]
            q = select(CaseField.case_id).where(CaseField.key.in_(keys), CaseField.text_value.in_(chunk))
            ids.update(s.execute(q).scalars())
            for n in chunk:  # table rows (partners, co-applicants) are JSON
                q = select(CaseField.case_id).where(CaseField.key.in_(tables), CaseField.json_value.like(f'%"{n}"%'))
                ids.update(s.execute(q).scalars())
        ids.update(self._classified_naming(s, numbers, keys, tables))
        out: list[Case] = []
        found = sorted(ids)
        for i in range(0, len(found), CHUNK):
            cases = select(Case).where(*conds, Case.id.in_(found[i:i + CHUNK]))
            out.extend(s.execute(cases).scalars())
        return sorted(out, key=lambda c: c.id, reverse=True)

