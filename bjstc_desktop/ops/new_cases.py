"""The one writer of new cases (issue 15): row values in, plain multi-row inserts out.

Every new case, whether an officer makes it (`case new`, the Excel import, the demo:
`create_local`) or a sync package brings it (ops/sync_apply_fresh.py), reaches the store
here: a case is described once as values — its revision body in the format of
sync/casebody.py, which names everything the case's rows hold — and those values
become the case row, its typed fields, parties (organisations looked up in one query
per chunk, a 公开 case registering those it is the first to name), clocks, timeline
entries and attachments, each sealed at the case's level as the ORM would seal it
(store/sealing.seal_values), one `executemany` per table for the whole batch. The
search document is computed from the same values (store/repositories/case_index.py
`document_text`, the one text every indexer builds), and a case made here gets its
first revision from the body in hand (sync/revisions.py `record_first_revisions`):
nothing is read back through the ORM.

`create_local` also returns the audit events of the new cases, for the caller's unit
of work (ops/case_changes.py) to chain in order with the rest of its transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy.orm import Session

from bjstc_desktop.core.casetypes import CaseType, FieldKind
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.clockcodec import clock_to_json
from bjstc_desktop.core.clocks import Unit, moment_on
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.core.searchquery import case_no_sort_key
from bjstc_desktop.core.workcalendar import WorkCalendar
from bjstc_desktop.core.workflow import apply_clock, receipt_clocks
from bjstc_desktop.ops.clockstore import case_due, clock_columns
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.store import audit as audit_trail
from bjstc_desktop.store import casenumbers
from bjstc_desktop.store.models import (
    Attachment,
    Case,
    CaseClock,
    CaseField,
    CaseParty,
    Organisation,
    TimelineEvent,
    utc_on,
    utcnow,
)
from bjstc_desktop.store.plaininsert import insert_rows
from bjstc_desktop.store.repositories.case_index import (
    district_name,
    document_text,
    letter_number,
    write_documents,
)
from bjstc_desktop.store.repositories.cases import (
    CaseRepository,
    _field_value,
    defer_foreign_keys,
    field_columns,
    known_organisations,
)
from bjstc_desktop.store.sealing import keys_of, sealed_row
from bjstc_desktop.sync.casebody import BODY_VERSION, DATE_SCALARS, SCALARS, SYNC_ACTOR
from bjstc_desktop.sync.revisions import FirstRevision, record_first_revisions


@dataclass(frozen=True)
class CaseRecord:
    """One new case as values: its id, its body (sync/casebody.py), the attachment rows'
    blob columns (content hash → (blob name, key)), and what only this workstation
    knows: the handler and author (local user ids; None for a case from a peer, whose
    timeline entries then keep their author's name in their details)."""

    case_id: str
    body: dict[str, Any]
    blobs: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    user_id: str | None = None
    due: tuple[dt.date | None, bool] = (None, True)


@dataclass(frozen=True)
class LocalCase:
    """A case an officer makes, checked already (ops/cases.py `_checked_new` and the
    on-save checks): its type, title, parsed fields, level, received date, the common
    columns, and what its audit event says beyond the usual (`via`, `row`)."""

    ct: CaseType
    title: str
    fields: dict[str, Any]
    classification: Level
    received_on: dt.date
    secrecy_period: str | None = None
    knowers: str | None = None
    district: str | None = None
    registered_on: dt.date | None = None  # back-dated registration (checked: receipt ≤ it ≤ today)
    audit_extra: dict[str, Any] = field(default_factory=dict)


def _typed(case_id: str, key: str, kind: FieldKind, value: Any) -> dict[str, Any]:
    text, number, day, js = field_columns(kind, value)  # the typed columns, as the mapped row stores them
    return {"case_id": case_id, "key": key, "kind": kind.value, "text_value": text, "int_value": number,
            "date_value": day, "json_value": js, "token": None}


# json.dumps(details, ensure_ascii=False) builds an encoder per call; this one, built
# once, writes the same text.
_DETAILS = json.JSONEncoder(ensure_ascii=False)


def stored_value(kind: FieldKind, value: Any) -> Any:
    """A field value as it reads back from its row (what a body and an index hold)."""
    return _field_value(cast(CaseField, SimpleNamespace(**_typed("", "", kind, value))))


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else value


@dataclass(frozen=True)
class Written:
    """What `write_cases` stored for a case beyond its body: the 案号 (a number another
    case here carries gets the record's suffix) and its parties as [role, USCC, name],
    the name as the register (or the sealed link) holds it."""

    case_no: str
    parties: list[list[str]]


def write_cases(s: Session, records: Sequence[CaseRecord]) -> dict[str, Written]:
    """Insert every case of `records` (none stored yet) with its rows and search
    document, set-based, in the caller's write transaction."""
    if not records:
        return {}
    defer_foreign_keys(s)
    keys = keys_of(s)
    now = utcnow()
    taken = casenumbers.taken(s, {r.body["case_no"] for r in records})  # seen by this role or not
    orgs = known_organisations(s, {p[1] for r in records for p in r.body["parties"]})
    cases, fields, parties, clocks, events, attachments, new_orgs = [], [], [], [], [], [], []
    made: dict[str, tuple[str, str]] = {}  # USCC → (id, name) of each organisation registered here
    written: dict[str, Written] = {}
    docs: list[tuple[str, int, str]] = []
    for r in records:
        rid, body = r.case_id, r.body
        ct = lookup_case_type(body["case_type"])
        level = int(body["classification"])
        number = body["case_no"]
        if number in taken:
            number = f"{number}（{rid[-4:]}）"  # another office gave the same 案号 (as sync_apply._create)
        taken.add(number)
        row: dict[str, Any] = {"id": rid, "case_no": number, "case_no_key": case_no_sort_key(number),
                               "module": ct.module, "case_type": ct.code, "classification": level,
                               "handler_id": r.user_id, "due_on": r.due[0], "due_verified": r.due[1],
                               "created_by": r.user_id, "created_at": now, "updated_at": now}
        for key in SCALARS:
            row[key] = dt.date.fromisoformat(body[key]) if key in DATE_SCALARS and body[key] else body[key]
        cases.append(sealed_row(keys, Case, row, level))
        given = body["fields"]
        values = []
        for key in sorted(given):  # the order the index reads them back in
            fdef = ct.field(key)
            assert fdef is not None  # parsed, or validated on arrival
            value = given[key]
            values.append(value)
            as_text, as_int, as_date, as_json = field_columns(fdef.kind, value)  # the typed columns, as the mapped row stores them
            fields.append(sealed_row(keys, CaseField, {
                "case_id": rid, "key": key, "kind": fdef.kind.value, "text_value": as_text, "int_value": as_int,
                "date_value": as_date, "json_value": as_json, "token": None, "level": level}, level))
        links = []
        for role, uscc, name in sorted({(p[0], p[1]): p for p in body["parties"]}.values(), key=lambda p: p[0]):
            found, party = orgs.get(uscc), None
            org = (found.id, found.name) if found is not None else made.get(uscc)
            if org is None and level > 0:  # kept inside the sealed link (repositories.cases.organisation_link)
                party = json.dumps([uscc, name or uscc], ensure_ascii=False)
            elif org is None:
                org = made[uscc] = (uuid7(), name or uscc)
                new_orgs.append({"id": org[0], "uscc": uscc, "org_code": None, "name": org[1], "legal_type": "",
                                 "district": None, "address": "", "created_at": now})
            links.append([role, uscc, org[1] if org is not None else name or uscc])
            parties.append(sealed_row(keys, CaseParty, {"id": uuid7(), "case_id": rid, "role": role,
                                                     "organisation_id": org[0] if org is not None else None,
                                                     "person_id": None, "rank": 0, "party": party,
                                                     "level": level}, level))
        for key, c in (body.get("clocks") or {}).items():
            clocks.append(sealed_row(keys, CaseClock, {"case_id": rid, "key": key, "level": level, **c["columns"]},
                                  level))
        for eid, e in body["timeline"].items():
            details = e["details"] if r.user_id else {**e["details"], SYNC_ACTOR: e["actor"]}
            events.append(sealed_row(keys, TimelineEvent, {
                "id": eid, "case_id": rid, "at": dt.datetime.fromisoformat(e["at"]), "actor_id": r.user_id,
                "action": e["action"], "from_state": e["from"], "to_state": e["to"], "opinion": e["opinion"],
                "details": _DETAILS.encode(details), "level": level}, level))
        for aid, a in body["attachments"].items():
            name, blob_key = r.blobs[a["sha256"]]
            attachments.append(sealed_row(keys, Attachment, {
                "id": aid, "case_id": rid, "checklist_item": a["item"], "filename": a["filename"],
                "blob_name": name, "blob_key": blob_key, "sha256": a["sha256"], "size": a["size"],
                "received_on": dt.date.fromisoformat(a["received_on"]) if a["received_on"] else None,
                "verified": False, "created_at": now, "level": level}, level))
        written[rid] = Written(number, links)
        timeline = body["timeline"].values()
        docs.append((rid, level, document_text(
            [body["title"], number, district_name(body["district"])], values, (e["opinion"] for e in timeline),
            (letter_number(e["action"], e["details"]) for e in timeline), (), ((n, u) for _r, u, n in links))))
    for model, rows in ((Organisation, new_orgs), (Case, cases), (CaseField, fields), (CaseParty, parties),
                        (CaseClock, clocks), (TimelineEvent, events), (Attachment, attachments)):
        insert_rows(s, model, rows)  # an id another case holds (a timeline entry): the store refuses the lot
    write_documents(s, docs)
    for uscc in made:  # written with a plain insert: the session's map forgets its "not registered" and asks
        orgs.pop(uscc, None)  # the store next time (a mapped object per new organisation cost more than the rest)
    return written


def timeline_entry(action: str, at: dt.datetime, actor: str, from_state: str | None, to_state: str | None,
                   opinion: str | None = None, details: dict[str, Any] | None = None) -> dict[str, Any]:
    """A timeline entry of a body (`action` as core/glossary.py names it), as
    sync/casebody.py reads one back from its row."""
    return {"at": at.isoformat(timespec="microseconds"), "actor": actor, "action": action, "from": from_state,
            "to": to_state, "opinion": opinion, "details": dict(details or {})}


def create_local(s: Session, ctx: OpsContext, news: Sequence[LocalCase], rules: dict[str, str],
                 calendar: WorkCalendar) -> tuple[list[str], list[audit_trail.ChainEvent]]:
    """Make the checked cases `news` in the caller's write transaction: 案号 from the
    counters, receipt clocks started, due dates set, the `create` timeline entry, the
    rows and search documents (`write_cases`) and each case's first revision. Returns
    the new ids in order and their `case_create` audit events, for the caller to chain."""
    if not news:
        return [], []
    repo = CaseRepository(s, ctx.actor)
    now = utcnow()
    today = dt.date.today()
    records: list[CaseRecord] = []
    audits: list[audit_trail.ChainEvent] = []
    for new in news:
        ct, level = new.ct, new.classification
        registered = utc_on(new.registered_on) if new.registered_on else now  # the audit event keeps the real time
        case_id = uuid7()
        number = repo.next_case_no(ct, new.received_on.year)
        secret = level.is_state_secret
        body: dict[str, Any] = {"v": BODY_VERSION, "case_type": ct.code, "module": ct.module, "case_no": number,
                                "classification": int(level)}
        common = {"title": new.title, "state": ct.initial_state, "secrecy_period": new.secrecy_period,
                  "declassify_condition": None, "knowers": new.knowers, "classified_on": (new.registered_on or today) if secret else None,
                  "classifier": ctx.actor.name if secret else None, "district": new.district, "office": "",
                  "received_on": new.received_on, "accepted_on": None, "closed_on": None, "parent_id": None}
        body.update({k: _iso(common[k]) for k in SCALARS})
        body["fields"] = {k: stored_value(fdef.kind, v) for k, v in new.fields.items()
                          if v is not None and (fdef := ct.field(k)) is not None}
        clocks: dict[str, Any] = {}
        for planned in receipt_clocks(ct, new.fields, rules):  # e.g. 受理 within 5 working days of receipt
            moment: dt.date | dt.datetime = moment_on(new.received_on) if planned.unit == Unit.HOUR else new.received_on
            state = apply_clock(None, planned, moment)
            if state is not None:
                columns = clock_columns(ct, planned.clock, state, calendar)
                clocks[planned.clock] = {"kind": columns["kind"], "state": json.loads(json.dumps(clock_to_json(state))),
                                         "columns": columns}
        due = case_due(ct, new.fields, None, ((c["columns"]["running"], c["kind"], c["columns"]["due_on"],
                                               c["columns"]["due_verified"]) for c in clocks.values()))
        body["clocks"] = clocks
        parties = []
        for f in ct.fields:  # a party field with a companion "<key>_uscc" field links the organisation
            if f.kind is FieldKind.PARTY and new.fields.get(f"{f.key}_uscc"):
                parties.append([f.party_role or f.label, str(new.fields[f"{f.key}_uscc"]), new.fields.get(f.key) or ""])
        body["parties"] = parties
        body["timeline"] = {uuid7(): timeline_entry("create", registered, ctx.actor.name, None, ct.initial_state)}
        body["attachments"], body["panel_draws"], body["panel_members"], body["archive"] = {}, {}, {}, {}
        records.append(CaseRecord(case_id, body, user_id=ctx.actor.user_id, due=due))
        audits.append(audit_trail.ChainEvent(ctx.actor.user_id, ctx.actor.name, "case_create", "case", case_id, {
            "case_no": number, "type": ct.code, "classification": level.label, "fields": sorted(new.fields),
            **new.audit_extra}))
    written = write_cases(s, records)
    for r in records:  # the body names each party as the register does (as sync/casebody.py reads it back)
        r.body["parties"] = sorted(written[r.case_id].parties)
        for c in r.body["clocks"].values():
            del c["columns"]
    record_first_revisions(s, [FirstRevision(r.case_id, int(r.body["classification"]), r.body["module"], r.body)
                               for r in records], ctx.wfile.node_id, ctx.actor.name)
    return [r.case_id for r in records], audits
