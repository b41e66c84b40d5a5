"""The expert pool (专家库): list, show, add, edit, declared relationships and review
history, for case handlers within their clearance and module scope. `ws.experts`."""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.core.experts import (
    ACTIVE,
    EXPERT_FIELDS,
    EXPERT_STATUSES,
    RELATION_FIELDS,
    discipline_name,
    parse_disciplines,
)
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.integrity import parse_scope
from bjstc_desktop.core.modules import MODULE_CODES
from bjstc_desktop.core.records import parse_record
from bjstc_desktop.core.roles import check_may_handle_cases
from bjstc_desktop.core.validators import mask_id_number
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.store import audit as audit_trail
from bjstc_desktop.store.duty_models import Expert, ExpertRelation
from bjstc_desktop.store.models import utcnow
from bjstc_desktop.store.repositories.experts import ExpertRepository, history_entry, scope_of
from bjstc_desktop.store.repositories.scope import check_may_write_scoped, encode_scope
from bjstc_desktop.sync.revisions import record_new_register_revisions, record_register_revision

_COLUMNS = ("name", "employer", "employer_uscc", "category", "professional_title", "phone", "email", "status")


@dataclass(frozen=True)
class ExpertView:
    """An expert as listed: the ID number masked (个人信息保护)."""

    id: str
    name: str
    id_number: str
    employer: str
    employer_uscc: str | None
    disciplines: tuple[str, ...]
    discipline_names: tuple[str, ...]
    category: str
    professional_title: str  # 职称
    phone: str
    email: str
    status: str
    classification: str
    modules: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """The `bjstc expert list --json` document of one expert."""
        data = dataclasses.asdict(self)
        for key in ("disciplines", "discipline_names", "modules"):
            data[key] = list(data[key])
        return data


@dataclass(frozen=True)
class ExpertDetail:
    """One expert in full (the ID number unmasked), his relations, history and panels."""

    expert: ExpertView
    relations: tuple[dict[str, str], ...]
    history: tuple[dict[str, Any], ...]
    panels: tuple[dict[str, str], ...]

    def as_json(self) -> dict[str, Any]:
        """The `bjstc expert show --json` document."""
        return {**self.expert.as_json(), "relations": list(self.relations), "history": list(self.history),
                "panels": list(self.panels)}


def expert_view(e: Expert, masked: bool = True) -> ExpertView:
    """The view of a stored expert."""
    codes = tuple(c for c in e.disciplines.split(",") if c)
    return ExpertView(e.id, e.name, mask_id_number(e.id_number) if masked else e.id_number, e.employer,
                      e.employer_uscc, codes, tuple(discipline_name(c) for c in codes), e.category, e.professional_title,
                      e.phone, e.email, e.status, Level(e.classification).label, scope_of(e))


def parse_expert(raw: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """An expert's values checked by their kinds; disciplines against the code table."""
    values = parse_record(EXPERT_FIELDS, raw, partial=partial)
    if "disciplines" in values:
        values["disciplines"] = ",".join(parse_disciplines(values["disciplines"]))
    if values.get("status") is None and not partial:
        values["status"] = ACTIVE
    return values


class ExpertOps:
    """The expert pool, for one unlocked workstation (`ws.experts`)."""

    def __init__(self, ctx: OpsContext) -> None:
        self.ctx = ctx

    def list(self, text: str = "", status: str | None = None, category: str | None = None,
             discipline: str | None = None, after_id: str | None = None, limit: int | None = 200) -> builtins.list[ExpertView]:
        """Visible experts, newest first; ID numbers masked."""
        check_may_handle_cases(self.ctx.actor)
        with self.ctx.store.read() as s:
            rows = ExpertRepository(s, self.ctx.actor).page(text, status, category, discipline, after_id, limit)
            return [expert_view(e) for e in rows]

    def count(self) -> int:
        """Visible experts."""
        check_may_handle_cases(self.ctx.actor)
        with self.ctx.store.read() as s:
            return ExpertRepository(s, self.ctx.actor).count()

    def show(self, key: str) -> ExpertDetail:
        """One expert in full, with relations, history and the panels he sits on. Reading
        an unmasked ID number is audited."""
        check_may_handle_cases(self.ctx.actor)
        with self.ctx.store.write() as s:
            repo = ExpertRepository(s, self.ctx.actor)
            e = repo.get(key)
            relations = tuple({"id": r.id, "kind": r.kind, "number": r.number, "name": r.name, "relation": r.relation}
                              for r in repo.relations(e))
            history = tuple({"reviewed_on": r.reviewed_on.isoformat(), "applicant": r.applicant_name or r.applicant_number,
                             "case_no": c.case_no if c else "", "source": r.source, "note": r.note}
                            for r, c in repo.reviews(e))
            panels = tuple({"case_id": c.id, "case_no": c.case_no, "title": c.title, "state": c.state}
                           for c in repo.panel_cases(e))
            self.ctx._audit(s, "expert_read", "expert", e.id)
            return ExpertDetail(expert_view(e, masked=False), relations, history, panels)

    def add(self, values: dict[str, Any], classification: Level = Level.PUBLIC,
            modules: str | tuple[str, ...] = ()) -> ExpertView:
        """Enter an expert; his ID number must be new to the pool."""
        parsed = parse_expert(values)
        scope = parse_scope(modules, MODULE_CODES)
        check_may_write_scoped(self.ctx.actor, classification, scope, self.ctx.ceiling)
        with self.ctx.store.write() as s:
            e = self.add_in(s, parsed, classification, scope)
            return expert_view(e)

    def add_in(self, s: Session, parsed: dict[str, Any], classification: Level, scope: tuple[str, ...],
               **audit_extra: Any) -> Expert:
        """The body of `add` in the caller's transaction."""
        repo = ExpertRepository(s, self.ctx.actor)
        if repo.by_id_numbers([parsed["id_number"]]):
            raise RefusedError("专家库中已有此身份证号的专家。", "An expert with this ID number is already in the pool.")
        return self.add_many_in(s, [(parsed, audit_extra)], classification, scope)[0]

    def add_many_in(self, s: Session, items: Sequence[tuple[dict[str, Any], dict[str, Any]]], classification: Level,
                    scope: tuple[str, ...]) -> builtins.list[Expert]:
        """New experts (parsed values, extra audit details), none of whose ID numbers is in
        the pool (the caller checked), in the caller's transaction, set-based: one flush,
        the audit events chained together, the first revisions in one insert (an import's
        new rows)."""
        experts = []
        for parsed, _extra in items:
            e = Expert(id=uuid7(), id_number=parsed["id_number"], disciplines=parsed["disciplines"],
                       classification=int(classification), modules=encode_scope(scope),
                       created_by=self.ctx.actor.user_id,
                       **{k: parsed.get(k) or ("" if k != "employer_uscc" else None) for k in _COLUMNS})
            e.status = parsed.get("status") or ACTIVE
            experts.append(e)
        s.add_all(experts)
        s.flush()
        audit_trail.append_many(s, [audit_trail.ChainEvent(self.ctx.actor.user_id, self.ctx.actor.name, "expert_add", "expert",
                                               e.id, {"name": self.ctx._case_text(e.classification, e.name),
                                                      "category": e.category, **extra})
                              for e, (_parsed, extra) in zip(experts, items, strict=True)])
        record_new_register_revisions(s, experts, self.ctx.wfile.node_id, self.ctx.actor.name)
        return experts

    def revised(self, s: Session, e: Expert) -> None:
        """The expert's revision for sync, in the caller's transaction."""
        record_register_revision(s, e, self.ctx.wfile.node_id, self.ctx.actor.name)

    def edit(self, key: str, values: dict[str, Any]) -> ExpertView:
        """Change an expert's particulars (his ID number stays: it is his key)."""
        check_may_handle_cases(self.ctx.actor)
        parsed = parse_expert(values, partial=True)
        if "id_number" in parsed:
            raise ValidationError("身份证号是专家的标识，不能修改；请另行录入。",
                                  "The ID number identifies the expert and cannot be changed.", field="id_number")
        with self.ctx.store.write() as s:
            e = ExpertRepository(s, self.ctx.actor).get(key)
            changed = self.edit_in(s, e, parsed)
            if not changed:
                raise RefusedError("没有要修改的内容。", "Nothing to change.")
            return expert_view(e)

    def edit_in(self, s: Session, e: Expert, parsed: dict[str, Any], **audit_extra: Any) -> builtins.list[str]:
        """The body of `edit` in the caller's transaction; returns what changed."""
        changed = []
        for key, value in parsed.items():
            if key == "id_number":
                continue
            if key in ("employer_uscc",):
                value = value or None
            elif value is None:
                if any(f.key == key and f.required for f in EXPERT_FIELDS):
                    raise ValidationError(f"必填项不能清空：{key}。", f"Required field {key} cannot be cleared.")
                value = ""
            if getattr(e, key) != value:
                setattr(e, key, value)
                changed.append(key)
        if changed:
            e.updated_at = utcnow()
            self.ctx._audit(s, "expert_edit", "expert", e.id, changed=changed, **audit_extra)
            self.revised(s, e)
        return changed

    def set_status(self, key: str, status: str, reason: str = "") -> ExpertView:
        """在库, 暂停 or 退出 (only experts 在库 are drawn); audited with the reason."""
        if status not in EXPERT_STATUSES:
            raise ValidationError(f"状态应为 {'、'.join(EXPERT_STATUSES)} 之一。",
                                  f"Status is one of {', '.join(EXPERT_STATUSES)}.", field="status")
        check_may_handle_cases(self.ctx.actor)
        with self.ctx.store.write() as s:
            e = ExpertRepository(s, self.ctx.actor).get(key)
            before, e.status, e.updated_at = e.status, status, utcnow()
            self.ctx._audit(s, "expert_status", "expert", e.id, before=before, after=status,
                            reason=self.ctx._case_text(e.classification, reason))
            self.revised(s, e)
            return expert_view(e)

    def add_relation(self, key: str, values: dict[str, Any]) -> dict[str, str]:
        """Record a relationship he declared (an organisation's USCC or a person's ID number)."""
        check_may_handle_cases(self.ctx.actor)
        parsed = parse_record(RELATION_FIELDS, values)
        if bool(parsed.get("related_uscc")) == bool(parsed.get("related_id")):
            raise ValidationError("请填写关联单位的统一社会信用代码或关联人的身份证号（二者选一）。",
                                  "Give either the organisation's USCC or the person's ID number.", field="related_uscc")
        kind, number = ("org", parsed["related_uscc"]) if parsed.get("related_uscc") else ("person", parsed["related_id"])
        with self.ctx.store.write() as s:
            e = ExpertRepository(s, self.ctx.actor).get(key)
            r = ExpertRelation(id=uuid7(), expert_id=e.id, kind=kind, number=number,
                               name=parsed.get("related_name") or "", relation=parsed["relation"])
            s.add(r)
            self.ctx._audit(s, "expert_relation_add", "expert", e.id, kind=kind,
                            relation=self.ctx._case_text(e.classification, r.relation))
            self.revised(s, e)
            return {"id": r.id, "kind": kind, "number": number, "name": r.name, "relation": r.relation}

    def remove_relation(self, key: str, relation_id: str) -> None:
        """Withdraw a declared relationship (audited)."""
        check_may_handle_cases(self.ctx.actor)
        with self.ctx.store.write() as s:
            repo = ExpertRepository(s, self.ctx.actor)
            e = repo.get(key)
            found = [r for r in repo.relations(e) if r.id == relation_id]
            if not found:
                raise RefusedError("此专家没有这项关联关系。", "The expert has no such relation.")
            s.delete(found[0])
            self.ctx._audit(s, "expert_relation_remove", "expert", e.id, relation=relation_id)
            self.revised(s, e)

    def add_history(self, key: str, applicant_uscc: str | None, applicant_id: str | None, applicant_name: str,
                    reviewed_on: dt.date, note: str = "") -> None:
        """Enter a review he took part in before this workstation kept his history (it
        counts for the 回避 of recent reviewers like a panel of ours)."""
        check_may_handle_cases(self.ctx.actor)
        parsed = parse_record(RELATION_FIELDS[:2], {"related_uscc": applicant_uscc, "related_id": applicant_id},
                              partial=True)
        if bool(parsed.get("related_uscc")) == bool(parsed.get("related_id")):
            raise ValidationError("请填写被评审单位的统一社会信用代码或被评审人的身份证号（二者选一）。",
                                  "Give either the applicant's USCC or ID number.", field="applicant")
        kind, number = ("org", parsed["related_uscc"]) if parsed.get("related_uscc") else ("person", parsed["related_id"])
        if reviewed_on > dt.date.today():
            raise ValidationError("评审日期不能晚于今天。", "The review date cannot be in the future.", field="reviewed_on")
        with self.ctx.store.write() as s:
            e = ExpertRepository(s, self.ctx.actor).get(key)
            entry = history_entry(e.id, None, kind, number, applicant_name.strip(), reviewed_on, source="manual")
            entry.note = note.strip()
            s.add(entry)
            self.ctx._audit(s, "expert_history_add", "expert", e.id, reviewed_on=reviewed_on.isoformat())
            self.revised(s, e)
