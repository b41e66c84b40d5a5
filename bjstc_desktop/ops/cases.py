"""Cases: create, list, show, edit and search, through the repositories only."""

from __future__ import annotations

import builtins
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.core.casetypes import CaseType, FieldKind
from bjstc_desktop.core.checks import check_before_save
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import BjstcError, RefusedError, ValidationError
from bjstc_desktop.core.fieldvalues import parse_fields, parse_note, parse_title
from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.core.roles import check_may_create_case, check_may_handle_cases
from bjstc_desktop.core.workcalendar import WorkCalendar
from bjstc_desktop.ops import views
from bjstc_desktop.ops.clockstore import refresh_case_due
from bjstc_desktop.ops.reminders import reminder_for
from bjstc_desktop.ops.search import SearchOps
from bjstc_desktop.ops.views import CaseView, TimelineView, case_view
from bjstc_desktop.store.models import Case, TimelineEvent, User
from bjstc_desktop.store.repositories.case_lists import due_rows, newest_rows
from bjstc_desktop.store.repositories.cases import (
    CaseFilter,
    CaseRepository,
    known_organisations,
)
from bjstc_desktop.store.repositories.reference import CalendarRepository, RuleRepository
from bjstc_desktop.store.repositories.users import user_names
from bjstc_desktop.sync.shapes import SYNC_ACTOR

DUE_LIST_LIMIT = 500
BATCH_EVERY = 500  # cases between the checkpoints of a batch of new cases


@dataclass(frozen=True)
class NewCase:
    """One case for `create_cases`: the arguments of `create_case`."""

    type_code: str
    title: str
    fields: dict[str, Any]
    classification: Level = Level.PUBLIC
    received_on: dt.date | None = None
    secrecy_period: str | None = None
    knowers: str | None = None
    district: str | None = None
    registered_on: dt.date | None = None  # the day it was registered (its `create` entry): today unless given


if TYPE_CHECKING:
    from bjstc_desktop.ops.new_cases import LocalCase

# The write path (the unit of work, the writer of new cases, the sync revisions and the
# duty and sync tables under them) is imported by the operations that write, not with
# the first screen's reads (issue 15 point 4): see tests/gui/test_startup_path.py.
COUNT_CAP = views.COUNT_CAP  # the 工作台 counts overdue cases this far (tests lower it here)


@dataclass(frozen=True)
class DueSummary:
    """Overdue cases (most overdue first) and cases due from today within the horizon."""

    overdue: list[CaseView]
    upcoming: list[CaseView]
    overdue_total: int  # every overdue case beyond the list's limit too, up to COUNT_CAP + 1
    upcoming_truncated: bool  # the upcoming list stopped at its limit


def _id_keys(ct: CaseType) -> frozenset[str]:
    return frozenset(f.key for f in ct.fields if f.kind is FieldKind.ID_NUMBER)


def _first_district(ct: CaseType, parsed: dict[str, Any]) -> str | None:
    """The case's district when the form has no header district: its first district field."""
    return next((parsed[f.key] for f in ct.fields if f.kind is FieldKind.DISTRICT and parsed.get(f.key)), None)


def _registration_day(day: dt.date | None, received: dt.date) -> dt.date | None:
    """A back-dated registration day, checked: never in the future, never before receipt."""
    if day is None:
        return None
    if day > dt.date.today():
        raise ValidationError(f"登记日期（{day.isoformat()}）不能晚于今天。",
                              f"The registration date ({day.isoformat()}) cannot be in the future.",
                              field="registered_on")
    if day < received:
        raise ValidationError(f"登记日期（{day.isoformat()}）不能早于收到日期（{received.isoformat()}）。",
                              f"The registration date ({day.isoformat()}) cannot precede the date of receipt "
                              f"({received.isoformat()}).", field="registered_on")
    return day


def step_actor(event: TimelineEvent, names: dict[str | None, str]) -> str:
    """Who took a step of a case's history: a user of this workstation, or the officer of
    another office whose revision brought the step (kept with it when it was received)."""
    if event.actor_id:
        return names.get(event.actor_id, "")
    try:
        return str(json.loads(event.details or "{}").get(SYNC_ACTOR, ""))
    except ValueError:
        return ""


class CaseOps(SearchOps):
    """Operations on cases, all filtered by the acting user."""

    def create(self, type_code: str, title: str, fields: dict[str, Any] | None = None,
                    classification: Level = Level.PUBLIC, received_on: dt.date | None = None,
                    secrecy_period: str | None = None, knowers: str | None = None,
                    district: str | None = None, registered_on: dt.date | None = None) -> CaseView:
        """Create a case of `type_code`; fields are validated by their kinds. `registered_on`
        back-dates its registration (the demo, imports): between receipt and today."""
        new = self._checked_new(NewCase(type_code, title, fields or {}, classification, received_on, secrecy_period,
                                        knowers, district, registered_on))
        with self.store.write() as s:
            rules, calendar = RuleRepository(s).values(), CalendarRepository(s).calendar()
            check_before_save(new.ct, new.fields, rules, new.received_on, calendar=calendar)
            [case_id] = self._create_many(s, [new], rules, calendar)
            repo = CaseRepository(s, self.actor)
            case = repo.get(case_id)
            return case_view(case, self.actor.name, repo.fields_of(case), _id_keys(new.ct), reminder_for(s))

    def create_many(self, requests: Sequence[NewCase], *, skip_refused: bool = False,
                     progress: Callable[[int, int], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> builtins.list[str | None]:
        """Create many cases in ONE write transaction through the writer of new cases
        (ops/new_cases.py), BATCH_EVERY at a time: each with its own timeline entry,
        revision, search document and audit event, written set-based. All or nothing: a
        refused case refuses the lot, unless `skip_refused` (the demo), where it is left
        out (None in the result); a cancel (`cancelled` is asked between cases) leaves
        nothing. Returns the new case ids in the order asked."""
        from bjstc_desktop.ops.case_changes import batch_changes

        checked: list[LocalCase | None] = []
        for req in requests:
            try:
                checked.append(self._checked_new(req))
            except BjstcError:
                if not skip_refused:
                    raise
                checked.append(None)
        out: list[str | None] = []
        with self.store.write() as s, batch_changes(s, self):
            rules, calendar = RuleRepository(s).values(), CalendarRepository(s).calendar()
            known_organisations(s, (str(v) for c in checked if c is not None for k, v in c.fields.items()
                                    if k.endswith("_uscc") and v))
            pending: list[LocalCase] = []
            slots: list[int] = []  # where each pending case's id goes in `out`
            for i, new in enumerate(checked, start=1):
                if cancelled is not None and cancelled():
                    raise RefusedError("已取消，未创建任何案件。", "Cancelled; no case was created.")
                try:
                    if new is not None:
                        check_before_save(new.ct, new.fields, rules, new.received_on, calendar=calendar)
                except BjstcError:
                    if not skip_refused:
                        raise
                    new = None
                out.append(None)
                if new is not None:
                    pending.append(new)
                    slots.append(len(out) - 1)
                if len(pending) >= BATCH_EVERY or i == len(checked):
                    for slot, case_id in zip(slots, self._create_many(s, pending, rules, calendar), strict=True):
                        out[slot] = case_id
                    pending, slots = [], []
                if progress is not None:
                    progress(i, len(checked))
        return out

    def _checked_new(self, req: NewCase) -> LocalCase:
        """The checks of a new case before any write: who may create it, title, notes,
        the classification period of a state secret, the fields by their kinds."""
        ct = lookup_case_type(req.type_code)
        check_may_create_case(self.actor, ct.module, req.classification, self.ceiling)
        title = parse_title(req.title)
        secrecy_period = parse_note(req.secrecy_period, "保密期限", "The classification period", "secrecy_period",
                                    limit=64)
        knowers = parse_note(req.knowers, "知悉范围", "The need-to-know list", "knowers", limit=2000)
        if req.classification.is_state_secret and not secrecy_period:
            raise ValidationError(
                f"“{req.classification.label}”级案件须填写保密期限或解密条件。",
                f"A {req.classification.label} case needs a classification period or a declassification condition.",
                field="secrecy_period",
            )
        from bjstc_desktop.ops.new_cases import LocalCase

        parsed = parse_fields(ct, req.fields or {})
        received = req.received_on or dt.date.today()
        return LocalCase(ct, title, parsed, req.classification, received,
                         secrecy_period=secrecy_period, knowers=knowers,
                         district=req.district or _first_district(ct, parsed),
                         registered_on=_registration_day(req.registered_on, received))

    def _create_many(self, s: Session, news: Sequence[LocalCase], rules: dict[str, str],
                     calendar: WorkCalendar) -> list[str]:
        """Make `news` (checked, on-save checks passed) in the caller's write transaction
        through the one writer of new cases; their audit events join the caller's unit
        of work (a batch chains them in order with its other changes). Returns the ids."""
        from bjstc_desktop.ops.case_changes import case_changes
        from bjstc_desktop.ops.new_cases import create_local

        ids, events = create_local(s, self, news, rules, calendar)
        with case_changes(s, self) as change:
            change.created(events)
        return ids

    def _link_parties(self, repo: CaseRepository, case: Case, ct: CaseType, parsed: dict[str, Any],
                      new: bool = False) -> None:
        # A party field with a companion "<key>_uscc" field links the organisation.
        for f in ct.fields:
            if f.kind is FieldKind.PARTY and parsed.get(f"{f.key}_uscc"):
                repo.link_organisation(case, f.party_role or f.label, parsed[f"{f.key}_uscc"], parsed.get(f.key) or "",
                                       new=new)

    def edit(self, case_id: str, title: str | None = None, fields: dict[str, Any] | None = None) -> CaseView:
        """Change the title or fields of a case; validation as on entry."""
        check_may_handle_cases(self.actor)
        with self.store.write() as s:
            repo = CaseRepository(s, self.actor)
            case = repo.get(case_id)
            ct = lookup_case_type(case.case_type)
            parsed = parse_fields(ct, fields or {}, partial=True)
            self._edit_in(s, repo, case, ct, parsed, title, RuleRepository(s).values(),
                          CalendarRepository(s).calendar())
            return case_view(case, self._handler_name(s, case), repo.fields_of(case), _id_keys(ct), reminder_for(s))

    def _edit_in(self, s: Session, repo: CaseRepository, case: Case, ct: CaseType, parsed: dict[str, Any],
                 title: str | None, rules: dict[str, str], calendar: WorkCalendar, **audit_extra: Any) -> builtins.list[str]:
        """The body of edit_case in the caller's write transaction (imports reuse it);
        returns what changed."""
        from bjstc_desktop.ops.case_changes import record_change

        merged = {**repo.fields_of(case), **parsed}
        missing = [f.label for f in ct.fields if f.required and merged.get(f.key) in (None, "", [])]
        if missing:
            raise ValidationError(f"必填项不能清空：{'、'.join(missing)}。",
                                  f"Required fields cannot be cleared: {', '.join(missing)}.")
        changed = sorted(parsed)
        if title is not None:
            title = parse_title(title)
            if title != case.title:
                case.title = title
                changed.append("title")
        if not changed:
            raise RefusedError("没有要修改的内容。", "Nothing to change.")
        check_before_save(ct, merged, rules, dt.date.today(), calendar=calendar)
        repo.set_fields(case, ct, parsed)
        refresh_case_due(s, case, ct, merged)
        self._link_parties(repo, case, ct, merged)
        record_change(s, self, case, "edit", details={"changed": changed}, audit="case_edit",
                      audit_details={"case_no": case.case_no, "changed": changed, **audit_extra})
        return changed

    def show(self, case_id: str) -> CaseView:
        """A case with its fields, parties and timeline."""
        check_may_handle_cases(self.actor)
        with self.store.read() as s:
            repo = CaseRepository(s, self.actor)
            case = repo.get(case_id)
            ct = lookup_case_type(case.case_type)
            names = user_names(s)
            timeline = [TimelineView(at=e.at.isoformat(timespec="seconds") + "Z", actor=step_actor(e, names),
                                     action=e.action, from_state=e.from_state, to_state=e.to_state,
                                     opinion=e.opinion) for e in repo.timeline(case)]
            parties = [{"role": p.role, "name": o.name if o else "", "uscc": o.uscc if o else None}
                       for p, o in repo.parties(case)]
            return case_view(case, names.get(case.handler_id), repo.fields_of(case), _id_keys(ct),
                             reminder_for(s), parties=parties, timeline=timeline)

    def list(self, module: str | None = None, case_type: str | None = None, state: str | None = None,
                   limit: int | None = None, after_id: str | None = None, mine: bool = False) -> builtins.list[CaseView]:
        """Visible cases, newest first (keyset-paged with `after_id`); `mine`: only the
        cases the acting officer handles (承办人)."""
        check_may_handle_cases(self.actor)
        with self.store.read() as s:
            repo = CaseRepository(s, self.actor)
            flt = CaseFilter(module=module, case_type=case_type, state=state,
                             handler_id=self.actor.user_id if mine else None)
            rows = newest_rows(repo, flt, after_id, limit)  # plain rows: the 工作台's first page needs no ORM
            names = user_names(s)
            remind = reminder_for(s)
            return [case_view(c, names.get(c.handler_id), reminder=remind) for c in rows]

    def counts(self) -> dict[str, int]:
        """Visible cases per module (zero for administrators, who see no cases)."""
        with self.store.read() as s:
            return CaseRepository(s, self.actor).count_by_module()

    def due(self, today: dt.date | None = None, horizon_days: int = 14) -> builtins.list[CaseView]:
        """Open visible cases overdue, then those due within `horizon_days`, each soonest
        first (at most DUE_LIST_LIMIT of each: a backlog never hides what is due next)."""
        summary = self.due_summary(today, horizon_days)
        return [*summary.overdue, *summary.upcoming]

    def due_summary(self, today: dt.date | None = None, horizon_days: int = 14,
                    limit: int = DUE_LIST_LIMIT) -> DueSummary:
        """The 工作台's two lists, read separately so that hundreds of overdue cases cannot
        crowd out the ones due next, with the true number of overdue cases."""
        check_may_handle_cases(self.actor)
        today = today or dt.date.today()
        with self.store.read() as s:
            repo = CaseRepository(s, self.actor)
            names = user_names(s)
            remind = reminder_for(s, today)
            overdue = due_rows(repo, dt.date(1, 1, 1), today - dt.timedelta(days=1), limit)  # plain SQL
            upcoming = due_rows(repo, today, today + dt.timedelta(days=horizon_days), limit)
            total = len(overdue) if len(overdue) < limit else repo.overdue_upto(today, COUNT_CAP)
            return DueSummary([case_view(c, names.get(c.handler_id), reminder=remind) for c in overdue],
                              [case_view(c, names.get(c.handler_id), reminder=remind) for c in upcoming],
                              total, len(upcoming) >= limit)

    def _handler_name(self, s: Session, case: Case) -> str | None:
        return s.execute(select(User.name).where(User.id == case.handler_id)).scalar_one_or_none()

    def delete(self, case_id: str) -> None:
        """Delete a case: a tombstone revision of its current heads replicates the
        deletion; the revisions (its history) are kept. Refused when letters were
        issued from the case."""
        check_may_handle_cases(self.actor)
        # the sync machinery loads when a case is deleted, not with the first screen
        from bjstc_desktop.ops.case_changes import case_changes
        from bjstc_desktop.ops.sync_apply import remove_case

        with self.store.write() as s:
            case = CaseRepository(s, self.actor).get(case_id)
            number = case.case_no
            with case_changes(s, self) as change:
                change.delete(case)
                if remove_case(s, case) != "deleted":
                    raise RefusedError("此案件已出具文书，不能删除。",
                                       "Letters were issued from this case; it cannot be deleted.")
                change.audit(case, "case_delete", case_no=number)
