"""The conflict queue: list the open conflicts of the cases this officer may see, and
resolve one (mine, theirs or a new value) with a revision that replicates; and deleting
a case, which leaves a tombstone revision."""

from __future__ import annotations

import copy
import json
from typing import Any

from sqlalchemy import select

from bjstc_desktop.core.casetypes import CaseType
from bjstc_desktop.core.errors import BjstcError, NotFoundError, RefusedError, ValidationError
from bjstc_desktop.core.fieldvalues import display_value, parse_fields
from bjstc_desktop.core.i18n import label, pick, tr
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.core.roles import Role, check_may_handle_cases
from bjstc_desktop.ops import sync_register_conflicts as registers
from bjstc_desktop.ops.sync_apply import apply_record
from bjstc_desktop.ops.sync_apply_registers import apply_register
from bjstc_desktop.ops.sync_conflict_view import ConflictView
from bjstc_desktop.ops.sync_held import HELD_PREFIX, SyncHeldOps
from bjstc_desktop.store.models import Case, utcnow
from bjstc_desktop.store.repositories.cases import CaseRepository, visible_to
from bjstc_desktop.store.sync_models import SyncConflict, SyncRevision
from bjstc_desktop.sync import dag
from bjstc_desktop.sync.casebody import tombstone_body
from bjstc_desktop.sync.merge import DELETED, DELETED_VALUE, KEPT_VALUE, Conflict, set_path
from bjstc_desktop.sync.revisions import CASE
from bjstc_desktop.sync.shapes import shape_of

_UNDECIDED = object()
_LABELS = {"title": ("标题", "Title"), "state": ("状态", "State"), DELETED: ("删除", "Deletion"),
           "secrecy_period": ("保密期限", "Classification period"), "knowers": ("知悉范围", "Need-to-know"),
           "closed_on": ("办结日期", "Closed on"), "accepted_on": ("受理日期", "Accepted on")}


def field_label(ct: CaseType, path: str) -> str:
    """The officer's name for a conflicting field."""
    group, _, key = path.partition(".")
    if group == "fields" and ct.field(key) is not None:
        return label(ct.field(key))
    if group == "clocks":
        clock = ct.clock(key)
        return pick(f"期限：{clock.label}", f"Deadline: {clock.label_en}") if clock else path
    return pick(*_LABELS.get(path, (path, path)))


def value_text(ct: CaseType, path: str, value: Any) -> str:
    """A conflicting value as the officer reads it (money in 元, 是/否, dates)."""
    if value is None or value == "":
        return "—"
    if path == DELETED:
        return tr("已删除", "deleted") if value == DELETED_VALUE else tr("保留", "kept")
    group, _, key = path.partition(".")
    fdef = ct.field(key) if group == "fields" else None
    if fdef is not None:
        return display_value(fdef, value)
    if group == "clocks" and isinstance(value, dict):
        state = value.get("state", {})
        started, stopped = state.get("started") or "—", state.get("stopped") or "—"
        return tr(f"起算 {started}，止于 {stopped}", f"started {started}, stopped {stopped}")
    return str(value)


def _decision_step(officer: str, paths: list[str]) -> dict[str, Any]:
    """The case's handling record of a conflict decision: who settled which fields (their
    names, never their values), travelling in the deciding revision so that every office
    sees it in the case's history."""
    return {"at": utcnow().isoformat(timespec="microseconds"), "actor": officer, "action": "sync_resolve",
            "from": None, "to": None, "opinion": None, "details": {"fields": paths}}


def _mine_theirs(values: list[tuple[str, Any]], authors: dict[str, str], me: str) -> tuple[Any, Any]:
    mine = next((v for r, v in values if authors.get(r) == me), values[0][1])
    theirs = next((v for _, v in values if v != mine), values[-1][1])
    return mine, theirs


class SyncConflictOps(SyncHeldOps):
    """Conflicts and deletions."""

    def conflicts(self) -> list[ConflictView]:
        """Open conflicts of the cases this officer may see, by case number; for the
        security administrator, the revisions held for review (sync_held.py)."""
        if self.actor.role is Role.SECADMIN:
            return self.held_for_review()
        check_may_handle_cases(self.actor)
        with self.store.read() as s:
            rows = s.execute(select(SyncConflict, Case).join(Case, Case.id == SyncConflict.record_id)
                             .where(visible_to(self.actor)).order_by(Case.case_no, SyncConflict.field)).all()
            return [self._view(s, c, case) for c, case in rows] + registers.conflicts(s, self.actor, self._view)

    def _view(self, s: Any, row: SyncConflict, case: Case | registers.Subject) -> ConflictView:
        detail = json.loads(row.detail)
        values = [(r, v) for r, v in detail["values"]]
        authors = dict(s.execute(select(SyncRevision.rev_id, SyncRevision.author_node)
                                 .where(SyncRevision.rev_id.in_([r for r, _ in values]))).all())
        names = dict(s.execute(select(SyncRevision.rev_id, SyncRevision.author_name)
                               .where(SyncRevision.rev_id.in_([r for r, _ in values]))).all())
        mine, theirs = _mine_theirs(values, authors, self.wfile.node_id)
        if isinstance(case, registers.Subject):
            texts = {k: registers.text(v) for k, v in (("mine", mine), ("theirs", theirs), ("winner", values[0][1]),
                                                        ("decision", detail.get("decision")))}
            return ConflictView(row.id, case.record_id, case.number, case.title, row.field, registers.label(row.field),
                                mine, theirs, values[0][1],
                                [{"rev": r, "value": v, "node": authors.get(r, ""), "officer": names.get(r, "")}
                                 for r, v in values], "decision" in detail, detail.get("decision"), texts)
        ct = lookup_case_type(case.case_type)
        texts = {k: value_text(ct, row.field, v) for k, v in (("mine", mine), ("theirs", theirs),
                                                               ("winner", values[0][1]),
                                                               ("decision", detail.get("decision")))}
        return ConflictView(row.id, case.id, case.case_no, case.title, row.field,
                            field_label(lookup_case_type(case.case_type), row.field), mine, theirs, values[0][1],
                            [{"rev": r, "value": v, "node": authors.get(r, ""), "officer": names.get(r, "")}
                             for r, v in values], "decision" in detail, detail.get("decision"), texts)

    def resolve(self, conflict_id: str, take: str) -> ConflictView | None:
        """Decide a conflict with `take` = mine, theirs or a new value. When every open
        conflict of the case has a decision, one revision carries them all, with every
        head of the case as its parents, so it replicates like any edit and settles the
        conflicts on every node. Until then the decision waits (it is shown in the
        queue) and the next undecided conflict of the case is returned. A revision held
        for review is decided by the security administrator only (sync_held.py)."""
        if conflict_id.startswith(HELD_PREFIX):
            self.decide_held(conflict_id, take)
            return None
        check_may_handle_cases(self.actor)
        with self.store.write() as s:
            row = s.get(SyncConflict, conflict_id)
            if row is None:
                raise NotFoundError(f"没有冲突“{conflict_id}”（可能已被处理）。",
                                    f"There is no conflict {conflict_id!r} (it may have been resolved).")
            kind = registers.register_type(s, row.record_id)
            case: Case | registers.Subject
            if kind is not None:
                case, ct = registers.subject(s, self.actor, kind, row.record_id), None
            else:
                case = CaseRepository(s, self.actor).get(row.record_id)
                ct = lookup_case_type(case.case_type)
            record_id = row.record_id
            view = dag.merged(s, record_id)
            conflict = next((c for c in (view.conflicts if view else []) if c.conflict_id(record_id) == conflict_id), None)
            if view is None or view.state is None or conflict is None:
                raise NotFoundError("该冲突已不存在。", "That conflict no longer exists.")
            value = self._decide(ct, conflict, take, self._view(s, row, case))
            detail = json.loads(row.detail)
            detail["decision"] = value
            row.detail = json.dumps(detail, ensure_ascii=False)
            decisions = {r.field: json.loads(r.detail).get("decision", _UNDECIDED) for r in s.execute(
                select(SyncConflict).where(SyncConflict.record_id == record_id)).scalars()}
            self._audit(s, "sync_resolve", kind or "case", record_id, conflict=conflict_id, field=conflict.path,
                        take=take if take in ("mine", "theirs") else "value")
            waiting = [f for f, d in decisions.items() if d is _UNDECIDED]
            if waiting:
                nxt = s.execute(select(SyncConflict).where(SyncConflict.record_id == record_id,
                                                           SyncConflict.field == sorted(waiting)[0])).scalar_one()
                return self._view(s, nxt, case)
            self._settle(s, record_id, view, decisions, kind or CASE)
            return None

    def _settle(self, s: Any, record_id: str, view: Any, decisions: dict[str, Any], record_type: str = CASE) -> None:
        """The revision that carries every decision of a record, over all its heads."""
        if decisions.get(DELETED) == DELETED_VALUE:
            body, deleted = tombstone_body(view.state), True
        else:
            body, deleted = copy.deepcopy(view.state), False
            for path, value in decisions.items():
                if path != DELETED:
                    set_path(body, path, value, shape_of(record_type))
            if record_type == CASE:
                body.setdefault("timeline", {})[uuid7()] = _decision_step(self.actor.name, sorted(decisions))
        dag.author(s, node_id=self.wfile.node_id, officer=self.actor.name, record_type=record_type,
                   record_id=record_id, body=body, deleted=deleted, parents=[h.rev_id for h in view.heads])
        after = dag.merged(s, record_id)
        if record_type == CASE:
            apply_record(s, self, record_id, after)
        else:
            apply_register(s, record_type, record_id, after)
        dag.refresh_conflicts(s, record_id, after)

    @staticmethod
    def _decide(ct: CaseType | None, conflict: Conflict, take: str, current: ConflictView) -> Any:
        if take == "mine":
            return current.mine
        if take == "theirs":
            return current.theirs
        if ct is None:
            raise RefusedError("登记簿记录的冲突只能选择 mine 或 theirs。", "A register conflict takes mine or theirs.")
        path = conflict.path
        if path == DELETED:
            choice = {"keep": KEPT_VALUE, "保留": KEPT_VALUE, "delete": DELETED_VALUE, "删除": DELETED_VALUE}.get(take)
            if choice is None:
                raise ValidationError("删除冲突只能选择 mine、theirs、keep 或 delete。",
                                      "A deletion conflict takes mine, theirs, keep or delete.")
            return choice
        if path == "title":
            if not take.strip():
                raise ValidationError("标题不能为空。", "A title is required.", field="title")
            return take.strip()
        if path == "state":
            if take not in ct.states:
                raise ValidationError(f"“{take}”不是此类案件的状态。", f"{take!r} is not a state of this case type.")
            return take
        group, _, key = path.partition(".")
        if group == "fields":
            try:
                return parse_fields(ct, {key: take}, partial=True)[key]
            except BjstcError:
                raise
        raise RefusedError("此项只能选择 mine 或 theirs。", "This item can only take mine or theirs.")
