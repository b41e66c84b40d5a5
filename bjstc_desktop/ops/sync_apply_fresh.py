"""Cases a sync package brings new to this workstation, applied set-based (issue 15).

A record new here with one head needs no merge and nothing compared: its body is the
state. ops/sync_apply.py applies one record with the ORM (a few queries and flushes per
table and record); here a batch of such cases becomes a handful of plain inserts per
table — the case rows, typed fields, parties (organisations looked up and registered in
one query each), timeline entries and attachments — each row sealed at the case's level
as the ORM would seal it (store/sealing.seal_values). The batch then goes through the
case-change unit as `received` cases, so it is indexed in one call; its revisions were
stored by sync/bulk.py and the package's audit event covers it.

Only plain cases go this way. A body with clocks, an expert panel or filed 件, or a
parent case, takes the per-record path (`eligible`), which knows those tables."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.core.searchquery import case_no_sort_key
from bjstc_desktop.ops.case_changes import case_changes
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.ops.sync_apply import Sent, pending_name
from bjstc_desktop.store.models import (
    Attachment,
    Case,
    CaseField,
    CaseParty,
    Organisation,
    TimelineEvent,
    utcnow,
)
from bjstc_desktop.store.repositories.cases import _store_value
from bjstc_desktop.store.sealing import keys_of, seal_values
from bjstc_desktop.store.sync_models import SyncWantedBlob
from bjstc_desktop.sync.casebody import DATE_SCALARS, SCALARS, SYNC_ACTOR

_CHUNK = 400  # ids per IN (...) query: below SQLite's variable limit


@dataclass(frozen=True)
class FreshCase:
    """A record new here with one live head: its id, its state (the head's body) and the
    attachment contents the package brought for it."""

    record_id: str
    state: dict[str, Any]
    sent: Sent


def eligible(state: dict[str, Any] | None) -> bool:
    """True when a new case's body holds only what the set-based path writes."""
    return (state is not None and not state.get("clocks") and not state.get("panel_draws")
            and not state.get("panel_members") and not state.get("archive") and state.get("parent_id") is None)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _taken_case_nos(s: Session, numbers: Sequence[str]) -> set[str]:
    taken: set[str] = set()
    for chunk in _chunks(sorted(set(numbers))):
        taken |= set(s.execute(select(Case.case_no).where(Case.case_no.in_(chunk))).scalars())
    return taken


def _organisations(s: Session, usccs: set[str]) -> dict[str, str]:
    """USCC → id of the registered organisations among `usccs`."""
    found: dict[str, str] = {}
    for chunk in _chunks(sorted(usccs)):
        for uscc, org_id in s.execute(select(Organisation.uscc, Organisation.id).where(Organisation.uscc.in_(chunk))):
            if uscc is not None:  # the query asked for these
                found[uscc] = org_id
    return found


def _field_row(case_id: str, key: str, kind: Any, value: Any, level: int) -> dict[str, Any]:
    row = SimpleNamespace()  # _store_value knows the typed columns; a mapped object would cost ten times more
    _store_value(cast(CaseField, row), kind, value)
    return {"case_id": case_id, "key": key, "kind": row.kind, "text_value": row.text_value,
            "int_value": row.int_value, "date_value": row.date_value, "json_value": row.json_value,
            "level": level, "token": None}


def _due(ct: Any, state: dict[str, Any]) -> tuple[dt.date | None, bool]:
    """The due date of a case without clocks (ops/clockstore.refresh_case_due): the
    deadline set from outside (交办时限) when its type has one and it is open."""
    external = state["fields"].get(ct.due_field) if ct.due_field else None
    if isinstance(external, str) and not state.get("closed_on"):
        return dt.date.fromisoformat(external), True
    return None, True


def apply_fresh(s: Session, ctx: OpsContext, batch: Sequence[FreshCase]) -> None:
    """Write every case of `batch` (each `eligible`, none stored here) and index them."""
    if not batch:
        return
    keys = keys_of(s)
    now = utcnow()
    taken = _taken_case_nos(s, [f.state["case_no"] for f in batch])
    usccs = {uscc for f in batch for _role, uscc, _name in f.state["parties"]}
    orgs = _organisations(s, usccs)
    cases, fields, parties, events, attachments, wanted, new_orgs = [], [], [], [], [], [], []
    for f in batch:
        rid, state = f.record_id, f.state
        ct = lookup_case_type(state["case_type"])
        level = int(state["classification"])
        number = state["case_no"]
        if number in taken:
            number = f"{number}（{rid[-4:]}）"  # another office gave the same 案号 (as sync_apply._create)
        taken.add(number)
        due_on, due_verified = _due(ct, state)
        row: dict[str, Any] = {"id": rid, "case_no": number, "case_no_key": case_no_sort_key(number),
                               "module": ct.module, "case_type": ct.code, "classification": level,
                               "handler_id": None, "due_on": due_on, "due_verified": due_verified,
                               "created_by": None, "created_at": now, "updated_at": now}
        for key in SCALARS:
            row[key] = _date(state[key]) if key in DATE_SCALARS else state[key]
        cases.append(seal_values(keys, Case, row))
        for key, value in state["fields"].items():
            fdef = ct.field(key)
            assert fdef is not None  # validated on arrival
            fields.append(seal_values(keys, CaseField, _field_row(rid, key, fdef.kind, value, level)))
        for role, uscc, name in {(p[0], p[1]): p for p in state["parties"]}.values():
            org_id, party = orgs.get(uscc), None
            if org_id is None and level > 0:  # kept inside the sealed link (repositories.cases.organisation_link)
                party = json.dumps([uscc, name or uscc], ensure_ascii=False)
            elif org_id is None:
                org_id = orgs[uscc] = uuid7()
                new_orgs.append({"id": org_id, "uscc": uscc, "org_code": None, "name": name or uscc,
                                 "legal_type": "", "district": None, "address": "", "created_at": now})
            parties.append(seal_values(keys, CaseParty, {"id": uuid7(), "case_id": rid, "role": role,
                                                         "organisation_id": org_id, "person_id": None, "rank": 0,
                                                         "party": party, "level": level}))
        for eid, e in state["timeline"].items():
            events.append(seal_values(keys, TimelineEvent, {
                "id": eid, "case_id": rid, "at": dt.datetime.fromisoformat(e["at"]), "actor_id": None,
                "action": e["action"], "from_state": e["from"], "to_state": e["to"], "opinion": e["opinion"],
                "details": json.dumps({**e["details"], SYNC_ACTOR: e["actor"]}, ensure_ascii=False),
                "level": level}))
        for aid, a in state["attachments"].items():
            name, blob_key = f.sent.get(a["sha256"], (pending_name(a["sha256"]), b""))
            if a["sha256"] not in f.sent:  # the content has not come for this case: keep the row, ask for it
                wanted.append({"sha256": a["sha256"], "record_id": rid})
            attachments.append(seal_values(keys, Attachment, {
                "id": aid, "case_id": rid, "checklist_item": a["item"], "filename": a["filename"],
                "blob_name": name, "blob_key": blob_key, "sha256": a["sha256"], "size": a["size"],
                "received_on": _date(a["received_on"]), "verified": False, "created_at": now, "level": level}))
    db = s.connection()  # plain executemany: the rows are complete and sealed already
    for model, rows in ((Organisation, new_orgs), (Case, cases), (CaseField, fields), (CaseParty, parties),
                        (TimelineEvent, events), (Attachment, attachments)):
        if rows:  # an id another case holds (a timeline entry, an attachment): the store refuses the package
            db.execute(insert(model), rows)
    if wanted:
        db.execute(insert(SyncWantedBlob).prefix_with("OR IGNORE"), wanted)
    ids = [f.record_id for f in batch]
    with case_changes(s, ctx) as change:  # the revisions exist already: the unit indexes the cases
        for chunk in _chunks(ids):
            for case in s.execute(select(Case).where(Case.id.in_(chunk))).scalars():
                change.received(case)
