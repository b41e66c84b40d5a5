"""Cases, their typed fields, parties, timeline and search index, always seen through
the acting user: nobody sees, counts or finds a case above their clearance, outside
their module scope, or at all when their role handles no cases (三员分立)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, select, text, union_all
from sqlalchemy.orm import Session

from bjstc_desktop.core.casetypes import CaseType, FieldKind
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import NotFoundError
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.roles import Actor
from bjstc_desktop.store import casenumbers
from bjstc_desktop.store.models import (
    Case,
    CaseCounter,
    CaseField,
    CaseParty,
    CaseTally,
    Organisation,
    TimelineEvent,
    table,
    utcnow,
)
from bjstc_desktop.store.repositories.case_index import index_cases, parties_of

# The cases table, for the visibility rule and the filters: Core columns, so a read of
# plain columns (a list page, a count) compiles without configuring the ORM's mappers
# (issue 15 point 4); an ORM query takes the same conditions unchanged.
CASES = table(Case).c


def visible_to(actor: Actor, by_id: bool = False) -> ColumnElement[bool]:
    """The SQL form of Actor.may_see: the one visibility rule of the store.

    `by_id`: for rows reached by their id (a join from the search index). The module
    test is then written as an expression, so the planner looks each row up by its
    primary key instead of probing the (module, id) index once per module (4x faster)."""
    if not actor.role.handles_cases or not actor.modules:
        return false()
    module = CASES.module + "" if by_id else CASES.module
    return and_(CASES.classification <= int(actor.clearance), module.in_(sorted(actor.modules)))


@dataclass(frozen=True)
class CaseFilter:
    """Structured filters of a case list."""

    module: str | None = None
    case_type: str | None = None
    state: str | tuple[str, ...] | None = None  # a stored state, or any of several (shown alike in English)
    handler_id: str | None = None
    overdue_on: dt.date | None = None  # due before this date and not closed
    district: str | None = None  # a district code (Case.district)
    received_from: dt.date | None = None
    received_to: dt.date | None = None


    def states(self) -> tuple[str, ...]:
        """The stored states the filter accepts (() : any)."""
        return state_values(self.state)


def state_values(state: str | tuple[str, ...] | None) -> tuple[str, ...]:
    """A state filter as a tuple of stored states (() : any state)."""
    if not state:
        return ()
    return (state,) if isinstance(state, str) else tuple(state)


def state_condition(column: Any, state: str | tuple[str, ...] | None) -> Any:
    """`column` holds the filter's state (equality for one, so the indexes serve as before)."""
    states = state_values(state)
    return column == states[0] if len(states) == 1 else column.in_(states)


class CaseRepository:
    """Every case read and write, for one acting user."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor

    # ----- reads -------------------------------------------------------------------
    def get(self, case_id: str) -> Case:
        """A visible case by id or 案号; NotFound also for cases the actor may not see."""
        q = select(Case).where(visible_to(self.actor), (Case.id == case_id) | (Case.case_no == case_id))
        case = self.session.execute(q).scalar_one_or_none()
        if case is None:
            raise NotFoundError(f"找不到案件“{case_id}”，或您无权查看。",
                                f"Case {case_id!r} does not exist or you may not see it.")
        return case

    def filtered(self, flt: CaseFilter, by_id: bool = False) -> list[ColumnElement[bool]]:
        """The WHERE conditions of a visible, filtered read (`by_id`: see visible_to)."""
        conds = [visible_to(self.actor, by_id)]
        if flt.module:
            conds.append((CASES.module + "" if by_id else CASES.module) == flt.module)
        if flt.case_type:
            conds.append(CASES.case_type == flt.case_type)
        if flt.state:
            conds.append(state_condition(CASES.state, flt.state))
        if flt.handler_id:
            conds.append(CASES.handler_id == flt.handler_id)
        if flt.overdue_on:
            conds.append(and_(CASES.due_on < flt.overdue_on, CASES.closed_on.is_(None)))
        if flt.district:
            conds.append(CASES.district == flt.district)
        if flt.received_from:
            conds.append(CASES.received_on >= flt.received_from)
        if flt.received_to:
            conds.append(CASES.received_on <= flt.received_to)
        return conds

    def page(self, flt: CaseFilter, after_id: str | None = None, limit: int | None = 100) -> list[Case]:
        """Newest first, keyset-paged on the time-ordered id: never OFFSET, never all rows.

        Across several modules, each module's newest rows come from its own (module, id)
        or (handler, module, id) index and are merged, so one page reads about `limit`
        rows per module instead of sorting every visible case."""
        conds = self.filtered(flt)
        if after_id:
            conds.append(Case.id < after_id)
        if limit is None or flt.module or len(self.actor.modules) <= 1:
            q = select(Case).where(*conds).order_by(Case.id.desc())
            return list(self.session.execute(q if limit is None else q.limit(limit)).scalars())
        per_module = [
            select(select(Case.id).where(*conds, Case.module == m).order_by(Case.id.desc()).limit(limit).subquery().c.id)
            for m in sorted(self.actor.modules)
        ]
        ids = union_all(*per_module).subquery()
        q = select(Case).where(Case.id.in_(select(ids.c.id))).order_by(Case.id.desc()).limit(limit)
        return list(self.session.execute(q).scalars())

    def count_by_module(self) -> dict[str, int]:
        """Visible cases per module, from the tallies the triggers keep (no case scan)."""
        if not self.actor.role.handles_cases or not self.actor.modules:
            return {}
        tallies = table(CaseTally).c  # plain SQL: the first screen's counts configure no mapper
        total = func.sum(tallies.n)
        q = (select(tallies.module, total)
             .where(tallies.classification <= int(self.actor.clearance),
                    tallies.module.in_(sorted(self.actor.modules)))
             .group_by(tallies.module).having(total > 0))
        return {m: int(n) for m, n in self.session.execute(q)}

    def count(self, flt: CaseFilter) -> int:
        """Visible cases matching `flt`."""
        return self.session.execute(select(func.count()).select_from(Case).where(*self.filtered(flt))).scalar_one()

    def overdue_upto(self, today: dt.date, cap: int) -> int:
        """Open visible cases due before `today`, counted no further than `cap` + 1 (a
        tile shows "cap+"). Walks the open-cases due-date index in order, so it reads
        about `cap` rows however large the backlog (in the order of module and
        classification it would read every visible case's row)."""
        hits = (select(CASES.id)
                .where(visible_to(self.actor), CASES.closed_on.is_(None), CASES.due_on.is_not(None), CASES.due_on < today)
                .order_by(CASES.due_on, CASES.id).limit(cap + 1).subquery())
        return self.session.execute(select(func.count()).select_from(hits)).scalar_one()

    def search(self, query: str, flt: CaseFilter | None = None, limit: int = 200) -> list[Case]:
        """Full-text search (CJK bigrams), best match first, then filtered like any read."""
        from bjstc_desktop.store.repositories.case_search import ranked  # builds on this module

        return ranked(self, query, flt or CaseFilter(), limit)

    def fields_of(self, case: Case) -> dict[str, Any]:
        """The typed fields of a case as plain values."""
        rows = self.session.execute(select(CaseField).where(CaseField.case_id == case.id)).scalars()
        return {r.key: _field_value(r) for r in rows}

    def timeline(self, case: Case) -> list[TimelineEvent]:
        """The case's history, oldest first."""
        q = select(TimelineEvent).where(TimelineEvent.case_id == case.id).order_by(TimelineEvent.at, TimelineEvent.id)
        return list(self.session.execute(q).scalars())

    def latest_step_day(self, case: Case) -> dt.date | None:
        """The local day of the case's latest timeline entry (None before its first)."""
        latest = self.session.execute(select(func.max(TimelineEvent.at))
                                      .where(TimelineEvent.case_id == case.id)).scalar()
        return None if latest is None else latest.replace(tzinfo=dt.UTC).astimezone().date()

    def parties(self, case: Case) -> list[tuple[CaseParty, Organisation | None]]:
        """The parties of a case with their organisations."""
        return parties_of(self.session, [case.id]).get(case.id, [])

    # ----- writes (the caller holds a write transaction and appends the audit) -----------
    def next_case_no(self, case_type: CaseType, year: int) -> str:
        """Allocate the next 案号 of the type and year in this transaction: 技合〔2026〕12号."""
        counter = self.session.get(CaseCounter, (case_type.code, year))
        if counter is None:
            counter = CaseCounter(case_type=case_type.code, year=year, last=0)
            self.session.add(counter)
        prefix = f"{case_type.short}〔{year}〕"
        batch: dict[str, set[str]] | None = self.session.info.get(_NUMBERS)
        if batch is not None and prefix not in batch:  # a batch reads the numbers of the year once
            batch[prefix] = casenumbers.taken_with_prefix(self.session, prefix)
        with self.session.no_autoflush:  # the counter moves past every number this session gave out
            while True:  # skip a number a case from another office already carries
                counter.last += 1
                number = f"{prefix}{counter.last}号"
                if batch is not None:
                    if number not in batch[prefix]:
                        batch[prefix].add(number)
                        break
                elif not casenumbers.is_taken(self.session, number):  # also a case this role may not see
                    break
        return number

    def create(self, case_type: CaseType, title: str, level: Level, fields: dict[str, Any],
               received_on: dt.date, **common: Any) -> Case:
        """Insert a case with its fields; the caller has checked the rules."""
        case = Case(
            id=uuid7(), case_no=self.next_case_no(case_type, received_on.year), module=case_type.module,
            case_type=case_type.code, title=title, state=case_type.initial_state,
            classification=int(level), received_on=received_on, created_by=self.actor.user_id,
            handler_id=self.actor.user_id, **common,
        )
        defer_foreign_keys(self.session)
        self.session.add(case)  # flushed with its fields, parties and clocks, in whatever order
        self.set_fields(case, case_type, fields, new=True)
        return case

    def set_fields(self, case: Case, case_type: CaseType, values: dict[str, Any], new: bool = False) -> None:
        """Write typed field values (None deletes the value); `new`: the case was just
        inserted, so it has no rows to look up (saves one query per field)."""
        for key, value in values.items():
            fdef = case_type.field(key)
            assert fdef is not None  # parse_fields refused unknown keys
            row = None if new else self.session.get(CaseField, (case.id, key))
            if value is None:
                if row is not None:
                    self.session.delete(row)
                continue
            if row is None:
                row = CaseField(case_id=case.id, key=key, kind=fdef.kind.value)
                self.session.add(row)
            _store_value(row, fdef.kind, value)
        case.updated_at = utcnow()
        if not new:
            self.session.flush()

    def add_timeline(self, case: Case, action: str, from_state: str | None, to_state: str | None,
                     opinion: str | None = None, details: dict[str, Any] | None = None,
                     at: dt.datetime | None = None) -> TimelineEvent:
        """Record a step on the case's timeline, now or at `at` (a back-dated step)."""
        ev = TimelineEvent(id=uuid7(), case_id=case.id, actor_id=self.actor.user_id, action=action,
                           from_state=from_state, to_state=to_state, opinion=opinion,
                           details=json.dumps(details or {}, ensure_ascii=False))
        if at is not None:
            ev.at = at
        self.session.add(ev)
        return ev

    def link_organisation(self, case: Case, role: str, uscc: str, name: str, *, new: bool = False) -> Organisation:
        """Make the organisation with this USCC a party in `role`. A 公开 case registers
        an organisation it is the first to name in the shared register; a classified
        case never does (that would tell who its parties are): its sealed link keeps the
        USCC and name itself (store/models.py CaseParty)."""
        org, party = organisation_link(self.session, case, uscc, name)
        existing = None if new else next((p for p, _ in self.parties(case) if p.role == role), None)
        if existing is None:
            existing = CaseParty(id=uuid7(), case_id=case.id, role=role)
            self.session.add(existing)
        existing.organisation_id = org.id if org is not None else None
        existing.party = party
        return org if org is not None else Organisation(id=None, uscc=uscc, name=name or uscc)

    def reindex(self, case: Case, extra_text: Sequence[str] = ()) -> None:
        """Rebuild the case's search document (store/repositories/case_index.py)."""
        self.session.flush()
        index_cases(self.session, [case], {case.id: extra_text})


_DEFERRED = "bjstc.fk_deferred"
_NUMBERS = "bjstc.case_numbers"  # session.info in a batch: 案号 prefix → the numbers already taken


def number_in_batch(session: Session) -> None:
    """Many cases are about to be made in this session (an import, the demo): read the
    案号 already taken once per type and year instead of asking per new case."""
    session.info.setdefault(_NUMBERS, {})


def defer_foreign_keys(session: Session) -> None:
    """Check foreign keys at commit, not per statement, for the rest of this write
    transaction: a case is flushed together with its rows (one flush per batch, not one
    per table per case) and the flush does not order unrelated mappers by their keys.
    A dangling key still fails the commit, so nothing half-linked is ever stored."""
    if not session.info.get(_DEFERRED):
        if session.get_bind().dialect.name == "postgresql":  # a hub's keys are DEFERRABLE (migration 0009_hub)
            session.execute(text("SET CONSTRAINTS ALL DEFERRED"))
        else:
            session.execute(text("PRAGMA defer_foreign_keys = ON"))
        session.info[_DEFERRED] = True


_ORGANISATIONS = "bjstc.organisations"  # session.info: USCC → the organisation this session found or registered


def prefetch_organisations(session: Session, usccs: Iterable[str]) -> None:
    """Look up the organisations of many USCCs at once (an import names thousands), so
    `organisation_link` asks the store about none of them again in this session."""
    known: dict[str, Organisation | None] = session.info.setdefault(_ORGANISATIONS, {})
    wanted = sorted({u for u in usccs if u and u not in known})
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        found = {o.uscc: o for o in session.execute(select(Organisation).where(Organisation.uscc.in_(chunk))).scalars()}
        known.update({u: found.get(u) for u in chunk})


def organisation_link(session: Session, case: Case, uscc: str, name: str) -> tuple[Organisation | None, str | None]:
    """How a party link of `case` names the organisation with this USCC: the registered
    organisation; else, for a 公开 case, one newly registered; for a classified case,
    (None, the USCC and name as JSON) to be kept inside the sealed link."""
    known: dict[str, Organisation | None] = session.info.setdefault(_ORGANISATIONS, {})
    org = known.get(uscc)
    if org is None and uscc not in known:
        with session.no_autoflush:  # those this session registered are in `known`
            org = session.execute(select(Organisation).where(Organisation.uscc == uscc)).scalar_one_or_none()
    if org is not None:
        known[uscc] = org
        return org, None
    if case.classification > 0:
        return None, json.dumps([uscc, name or uscc], ensure_ascii=False)
    org = known[uscc] = Organisation(id=uuid7(), uscc=uscc, name=name or uscc, district=None)
    session.add(org)
    if not session.info.get(_DEFERRED):  # a caller may link it with a plain statement next (sync apply)
        session.flush()
    return org, None


def field_columns(kind: FieldKind, value: Any) -> tuple[str | None, int | None, dt.date | None, str | None]:
    """The typed columns (text_value, int_value, date_value, json_value) that hold a
    field value of `kind`."""
    if kind is FieldKind.ROWS:
        return None, None, None, json.dumps(value, ensure_ascii=False)
    if kind in (FieldKind.INTEGER, FieldKind.MONEY):
        return None, int(value), None, None
    if kind is FieldKind.BOOL:
        return None, 1 if value else 0, None, None
    if kind is FieldKind.DATE:
        return None, None, dt.date.fromisoformat(value), None
    return str(value), None, None, None


def _store_value(row: CaseField, kind: FieldKind, value: Any) -> None:
    row.kind = kind.value
    row.text_value, row.int_value, row.date_value, row.json_value = field_columns(kind, value)


def _field_value(row: CaseField) -> Any:
    kind = FieldKind(row.kind)
    if kind is FieldKind.ROWS:
        return json.loads(row.json_value or "[]")
    if kind in (FieldKind.INTEGER, FieldKind.MONEY):
        return row.int_value
    if kind is FieldKind.BOOL:
        return bool(row.int_value)
    if kind is FieldKind.DATE:
        return row.date_value.isoformat() if row.date_value else None
    return row.text_value


def known_organisations(session: Session, usccs: Iterable[str]) -> dict[str, Organisation | None]:
    """USCC → the registered organisation (None: not registered) for `usccs`, looked up
    in one query per chunk, and every one this session found or registered before. The
    map is the session's own: a writer that registers an organisation with a plain
    insert removes its USCC from it (ops/new_cases.py), so the next look-up — here or in
    `organisation_link` — finds the row in the store instead of a stale "not registered"."""
    prefetch_organisations(session, usccs)
    known: dict[str, Organisation | None] = session.info[_ORGANISATIONS]
    return known
