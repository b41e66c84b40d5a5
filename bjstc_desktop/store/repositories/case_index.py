"""A case's parties and its search document, read from its rows as objects (so sealed
content is read opened) for one case or a batch of them."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bjstc_desktop.core.validators import district
from bjstc_desktop.store import searchindex
from bjstc_desktop.store.blindindex import document_terms
from bjstc_desktop.store.duty_models import ArchiveItem
from bjstc_desktop.store.models import (
    Case,
    CaseField,
    CaseParty,
    Letter,
    Organisation,
    Person,
    SearchDoc,
    TimelineEvent,
)
from bjstc_desktop.store.sealing import keys_of

_BATCH = 500
LETTER_ISSUE = "letter_issue"  # the timeline step of an issued letter; its details name the 发文字号


def _chunks(ids: Sequence[str]) -> list[Sequence[str]]:
    return [ids[i : i + _BATCH] for i in range(0, len(ids), _BATCH)]


def parties_of(s: Session, case_ids: Sequence[str]) -> dict[str, list[tuple[CaseParty, Organisation | None]]]:
    """The parties of each case, by role and rank, with their organisations. A sealed
    link to an organisation that is not in the shared register (a classified case
    named it) comes with an organisation object that is never stored."""
    links = [p for chunk in _chunks(case_ids)
             for p in s.execute(select(CaseParty).where(CaseParty.case_id.in_(chunk))).scalars()]
    org_ids = sorted({p.organisation_id for p in links if p.organisation_id})
    orgs = {o.id: o for chunk in _chunks(org_ids)
            for o in s.execute(select(Organisation).where(Organisation.id.in_(chunk))).scalars()}
    out: dict[str, list[tuple[CaseParty, Organisation | None]]] = defaultdict(list)
    for p in sorted(links, key=lambda p: (p.role, p.rank)):
        org = orgs.get(p.organisation_id or "")
        if org is None and p.party:
            uscc, name = json.loads(p.party)
            org = Organisation(id=None, uscc=uscc, name=name)  # transient: never added to the session
        out[p.case_id].append((p, org))
    return out


def district_name(code: str | None) -> str:
    """The name of a district code (海淀区 for 110108), so 海淀 finds it; "" otherwise."""
    found = district(code) if code and len(code) <= 6 else None
    return found.name if found else ""


def texts(value: Any) -> list[str]:
    """The texts inside a field value (a string, or the strings of repeated rows)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for row in value for v in row.values() if isinstance(v, str)]
    return []


def index_cases(s: Session, cases: Sequence[Case], extra: Mapping[str, Sequence[str]] | None = None) -> None:
    """Rebuild the search documents of `cases`: title, 案号, field text (districts also
    by name), parties (organisations, persons and their ID numbers), the opinions on
    their timelines, the 发文字号 of their letters and the 档号 of their filed 件;
    as terms at 公开, as blind tokens above (store/blindindex.py)."""
    from bjstc_desktop.store.repositories.cases import _field_value

    if not cases:
        return
    ids = [c.id for c in cases]
    parts: dict[str, list[str]] = {c.id: [c.title, c.case_no, district_name(c.district),
                                          *((extra or {}).get(c.id, ()))] for c in cases}
    for chunk in _chunks(ids):
        # In a stated order: SQLite happens to return the key's order, PostgreSQL its heap's
        # (a document must not depend on which store, or which path, wrote the rows).
        for f in s.execute(select(CaseField).where(CaseField.case_id.in_(chunk))
                           .order_by(CaseField.case_id, CaseField.key)).scalars():
            parts[f.case_id].extend(t for v in texts(_field_value(f)) for t in (v, district_name(v)))
        numbers: dict[str, set[str]] = defaultdict(set)
        for e in s.execute(select(TimelineEvent).where(TimelineEvent.case_id.in_(chunk))
                           .order_by(TimelineEvent.case_id, TimelineEvent.at, TimelineEvent.id)).scalars():
            if e.opinion:
                parts[e.case_id].append(e.opinion)
            if e.action == LETTER_ISSUE:  # a peer's letter: only its timeline entry travels with the case
                numbers[e.case_id].add(str(json.loads(e.details or "{}").get("number") or ""))
        for case_id, number in s.execute(select(Letter.case_id, Letter.number).where(Letter.case_id.in_(chunk))):
            numbers[case_id].add(number)
        for case_id, found in numbers.items():
            parts[case_id].extend(sorted(n for n in found if n))
        for case_id, number in s.execute(select(ArchiveItem.case_id, ArchiveItem.archive_no)
                                         .where(ArchiveItem.case_id.in_(chunk))):
            parts[case_id].append(number)
    people: dict[str, list[str]] = defaultdict(list)
    for case_id, links in parties_of(s, ids).items():
        for party, org in links:
            if org is not None:
                parts[case_id].extend([org.name, org.uscc or ""])
            if party.person_id:
                people[party.person_id].append(case_id)
    for person in s.execute(select(Person).where(Person.id.in_(sorted(people)))).scalars():
        for case_id in people[person.id]:
            parts[case_id].extend([person.name, person.id_number or ""])
    docs = {case_id: doc_id for chunk in _chunks(ids) for doc_id, case_id in
            s.execute(select(SearchDoc.doc_id, SearchDoc.case_id).where(SearchDoc.case_id.in_(chunk)))}
    searchindex.remove(s, sorted(docs.values()))
    new = [c for c in ids if c not in docs]
    if new:  # one statement for the lot, then their numbers in one read per chunk
        s.execute(insert(SearchDoc), [{"case_id": c} for c in new])
        docs.update({case_id: doc_id for chunk in _chunks(new) for doc_id, case_id in
                     s.execute(select(SearchDoc.doc_id, SearchDoc.case_id).where(SearchDoc.case_id.in_(chunk)))})
    keys = keys_of(s)
    searchindex.add(s, [(docs[c.id], document_terms(int(c.classification), " ".join(p for p in parts[c.id] if p), keys))
                        for c in cases])


def unindex_case(s: Session, case_id: str) -> None:
    """Remove the case's search document (the case row is being removed)."""
    doc = s.execute(select(SearchDoc.doc_id).where(SearchDoc.case_id == case_id)).scalar_one_or_none()
    if doc is not None:
        searchindex.remove(s, [doc])


def cases_matching(s: Session, expression: str) -> list[str]:
    """Ids of the cases whose search document matches an FTS5 `expression` (built by
    store/blindindex.py from terms or blind tokens), unfiltered: the caller checks who
    may see them."""
    return searchindex.matching(s, expression)
