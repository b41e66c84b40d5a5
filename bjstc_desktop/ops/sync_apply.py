"""Make the current-state tables say what a record's merged revisions say: create,
update or remove the case row with its fields, clocks, parties, timeline entries and
attachments (docs/sync-format.md §Applying). The inverse of sync.casebody.case_body."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError as DbIntegrityError
from sqlalchemy.orm import Session

from bjstc_desktop.core.clockcodec import clock_from_json
from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.core.roles import Actor
from bjstc_desktop.core.workcalendar import WorkCalendar
from bjstc_desktop.ops.case_changes import case_changes
from bjstc_desktop.ops.clockstore import refresh_case_due, save_clock
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.ops.sync_apply_case_registers import apply_archive, apply_panel, filing_arrives
from bjstc_desktop.store import casenumbers
from bjstc_desktop.store.models import (
    Attachment,
    Case,
    CaseClock,
    CaseField,
    CaseParty,
    TimelineEvent,
    utcnow,
)
from bjstc_desktop.store.repositories.case_index import parties_of, unindex_case
from bjstc_desktop.store.repositories.cases import CaseRepository, _store_value, organisation_link
from bjstc_desktop.store.repositories.reference import CalendarRepository
from bjstc_desktop.store.resealing import reseal_case
from bjstc_desktop.store.sealing import is_locked
from bjstc_desktop.store.sync_models import SyncWantedBlob
from bjstc_desktop.sync.casebody import (
    DATE_SCALARS,
    IDENTITY,
    SCALARS,
    SYNC_ACTOR,
    case_body,
    field_values,
)
from bjstc_desktop.sync.merge import MergeView
from bjstc_desktop.sync.revisions import carry_over

PENDING = "pending-"  # an attachment row whose content has not arrived: no such blob file exists


def pending_name(sha256: str) -> str:
    """The blob name an attachment row carries until its content arrives."""
    return PENDING + sha256[:56]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class Calendars:
    """The working-day calendar, read once per import (and only when a clock needs it)."""

    def __init__(self, s: Session) -> None:
        self._s = s
        self._calendar: WorkCalendar | None = None

    def get(self) -> WorkCalendar:
        """The calendar."""
        if self._calendar is None:
            self._calendar = CalendarRepository(self._s).calendar()
        return self._calendar


Sent = Mapping[str, tuple[str, bytes]]  # content hash → (blob name, key): content sent for this record


def apply_record(s: Session, ctx: OpsContext, record_id: str, view: MergeView | None,
                 calendars: Calendars | None = None, sent: Sent | None = None) -> str:
    """Bring the tables in line with `view`; returns new, updated, deleted, kept
    (a deletion that could not remove the row, e.g. letters were issued from it) or
    unchanged. `sent`: attachment contents a package brought for this record — with
    what is already attached to the same case, the only content its attachments may
    link to (an attachment naming any other hash waits for its content)."""
    case = s.get(Case, record_id)
    if view is None or view.state is None:
        return "unchanged" if case is None else remove_case(s, case)
    state = view.state
    if case is not None and _as_stored(s, case, state) == state:
        return "updated" if _fill_waiting(s, case, sent or {}) else "unchanged"
    outcome = "updated"
    if case is None:
        case = _create(s, record_id, state)
        outcome = "new"
    with case_changes(s, ctx) as change:  # the revisions exist already: the unit indexes the case
        filing_arrives(s, case, state)
        _update(s, ctx.actor, case, state, calendars or Calendars(s), fresh=outcome == "new", sent=sent or {})
        apply_panel(s, case, state)
        apply_archive(s, case, state)
        change.received(case)
    return outcome


def _as_stored(s: Session, case: Case, state: dict[str, Any]) -> dict[str, Any]:
    """The case as its tables say, with what they cannot hold carried over from `state`."""
    body = case_body(s, case, {k: state[k] for k in IDENTITY})
    carry_over(s, body, state)
    return body


def _create(s: Session, record_id: str, state: dict[str, Any]) -> Case:
    """The case row. Its 案号 is the one its office gave it (another office's number
    never moves this workstation's own counter: CaseRepository.next_case_no skips
    numbers already taken instead)."""
    ct = lookup_case_type(state["case_type"])
    number = state["case_no"]
    if casenumbers.is_taken(s, number):  # on a hub also a case this officer's role may not see
        number = f"{number}（{record_id[-4:]}）"  # another office gave the same 案号
    case = Case(id=record_id, case_no=number, module=ct.module, case_type=ct.code, title=state["title"],
                state=state["state"], classification=state["classification"])
    s.add(case)
    s.flush()
    return case


def _update(s: Session, actor: Actor, case: Case, state: dict[str, Any], calendars: Calendars,
            fresh: bool = False, sent: Sent | None = None) -> None:
    """`fresh`: the row was just made, so there is nothing to compare with (fewer queries)."""
    ct = lookup_case_type(case.case_type)
    repo = CaseRepository(s, actor)
    for key in SCALARS:
        value = state[key]
        if key in DATE_SCALARS:
            value = _date(value)
        elif key == "parent_id" and value is not None and s.get(Case, value) is None:
            value = None  # the parent case is not on this workstation
        setattr(case, key, value)
    raised = not fresh and int(state["classification"]) != int(case.classification or 0)
    case.classification = int(state["classification"])
    if raised:  # the case's rows are sealed again at its new level (store/resealing.py)
        reseal_case(s, case)
    current = {} if fresh else field_values(s, case.id)
    changes: dict[str, Any] = {k: None for k in current if k not in state["fields"]}
    changes.update({k: v for k, v in state["fields"].items() if current.get(k) != v})
    if fresh:
        for key, value in changes.items():
            fdef = ct.field(key)
            assert fdef is not None  # validated on arrival
            row = CaseField(case_id=case.id, key=key, kind=fdef.kind.value)
            _store_value(row, fdef.kind, value)
            s.add(row)
    elif changes:
        repo.set_fields(case, ct, changes)
    case.updated_at = utcnow()
    if state["clocks"] or not fresh:
        _clocks(s, case, ct, state["clocks"], calendars)
    _parties(s, case, state["parties"], fresh)
    _timeline(s, case, state["timeline"], fresh)
    _attachments(s, case, state["attachments"], fresh, sent or {})
    if state["clocks"] or ct.due_field or not fresh:
        refresh_case_due(s, case, ct, {**current, **state["fields"]})


def _clocks(s: Session, case: Case, ct: Any, clocks: dict[str, Any], calendars: Calendars) -> None:
    have = {r.key: r for r in s.execute(select(CaseClock).where(CaseClock.case_id == case.id)).scalars()}
    for key in set(have) - set(clocks):
        save_clock(s, case, ct, key, None, calendars.get())
    for key, item in clocks.items():
        row = have.get(key)
        if row is not None and json.loads(row.state) == item["state"] and row.kind == item["kind"]:
            continue
        save_clock(s, case, ct, key, clock_from_json(item["state"]), calendars.get())
        saved = s.get(CaseClock, (case.id, key))
        assert saved is not None  # save_clock has just written it (a state, not None, was given)
        saved.kind = item["kind"]


def _parties(s: Session, case: Case, parties: list[list[Any]], fresh: bool) -> None:
    want = {(role, uscc): name for role, uscc, name in parties}
    links = [] if fresh else parties_of(s, [case.id]).get(case.id, [])
    have = {(p.role, org.uscc): p for p, org in links if org is not None and org.uscc}
    for key, row in have.items():
        if key not in want:
            s.delete(row)
    for (role, uscc), name in want.items():
        if (role, uscc) in have:
            continue
        org, party = organisation_link(s, case, uscc, name)
        s.add(CaseParty(id=_new_id(), case_id=case.id, role=role, organisation_id=org.id if org else None,
                        party=party))


def _new_id() -> str:
    from bjstc_desktop.core.ids import uuid7

    return uuid7()


def _timeline(s: Session, case: Case, timeline: dict[str, Any], fresh: bool) -> None:
    have = set() if fresh else set(s.execute(select(TimelineEvent.id).where(TimelineEvent.case_id == case.id)).scalars())
    for eid in (eid for eid in timeline if eid not in have):  # an id of another case: the store refuses it
        e = timeline[eid]
        s.add(TimelineEvent(id=eid, case_id=case.id, at=dt.datetime.fromisoformat(e["at"]), actor_id=None,
                            action=e["action"], from_state=e["from"], to_state=e["to"], opinion=e["opinion"],
                            details=json.dumps({**e["details"], SYNC_ACTOR: e["actor"]}, ensure_ascii=False)))
    s.flush()


def _attachments(s: Session, case: Case, attachments: dict[str, Any], fresh: bool, sent: Sent) -> None:
    rows = [] if fresh else list(s.execute(select(Attachment).where(Attachment.case_id == case.id)).scalars())
    linkable = dict(sent)
    linkable.update({a.sha256: (a.blob_name, a.blob_key) for a in rows
                     if not a.blob_name.startswith(PENDING) and not is_locked(a)})  # a key sealed above us: no use
    have = {a.id for a in rows}
    for aid in (aid for aid in attachments if aid not in have):  # an id of another case: the store refuses it
        a = attachments[aid]
        name, key = linkable.get(a["sha256"], (pending_name(a["sha256"]), b""))
        if a["sha256"] not in linkable:  # the content has not come for this case: keep the row, ask for it
            s.merge(SyncWantedBlob(sha256=a["sha256"], record_id=case.id))
        s.add(Attachment(id=aid, case_id=case.id, checklist_item=a["item"], filename=a["filename"], blob_name=name,
                         blob_key=key, sha256=a["sha256"], size=a["size"], received_on=_date(a["received_on"])))
    s.flush()
    _fill_waiting(s, case, sent)


def _fill_waiting(s: Session, case: Case, sent: Sent) -> bool:
    """Attachment rows of this case that waited for content the package brought for
    this case get it; returns True when any did."""
    filled = False
    for sha, (name, key) in sent.items():
        # as objects, so the key is sealed at the case's level (an UPDATE would write it plain)
        waiting = s.execute(select(Attachment).where(Attachment.case_id == case.id, Attachment.sha256 == sha,
                                                     Attachment.blob_name == pending_name(sha))).scalars().all()
        for row in waiting:
            row.blob_name, row.blob_key = name, key  # a row sealed above the importer is refused by the store
        if waiting:
            filled = True
            s.execute(delete(SyncWantedBlob).where(SyncWantedBlob.sha256 == sha, SyncWantedBlob.record_id == case.id))
    s.flush()
    return filled


def remove_case(s: Session, case: Case) -> str:
    """Remove a case row with everything hanging off it; "kept" when something outside
    the case (a letter) still refers to it."""
    try:
        with s.begin_nested():
            s.execute(update(Case).where(Case.parent_id == case.id).values(parent_id=None))
            unindex_case(s, case.id)
            s.execute(delete(SyncWantedBlob).where(SyncWantedBlob.record_id == case.id))
            s.delete(case)
            s.flush()
    except DbIntegrityError:
        return "kept"
    return "deleted"
