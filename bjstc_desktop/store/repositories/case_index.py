"""A case's parties and its search document, read from its rows as objects (so sealed
content is read opened) for one case or a batch of them."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.core.validators import district
from bjstc_desktop.store import searchindex
from bjstc_desktop.store.blindindex import document_terms
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
from bjstc_desktop.store.plaininsert import insert_rows
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


def document_text(head: Sequence[str], field_values: Iterable[Any], opinions: Iterable[str | None],
                  numbers: Iterable[str], archive_nos: Iterable[str], organisations: Iterable[tuple[str, str | None]],
                  persons: Iterable[tuple[str, str | None]] = ()) -> str:
    """The searchable text of one case, in the one order every writer uses: `head`
    (title, 案号, district name, extra text), the field values (each text also as a
    district name), the opinions of its timeline, its 发文字号 (sorted), the 档号 of its
    filed 件, its organisations (name, USCC) and persons (name, ID number). Built from
    rows read back (`index_cases`) or from the values a writer holds (ops/new_cases.py):
    the same values give the same document."""
    parts: list[str] = [h for h in head if h]
    for value in field_values:
        for v in texts(value):
            parts.append(v)
            if len(v) <= 6:  # district_name("") of anything longer: "" (dropped by the join below)
                parts.append(district_name(v))
    parts.extend(o for o in opinions if o)
    parts.extend(sorted({n for n in numbers if n}))
    parts.extend(archive_nos)
    for name, uscc in organisations:
        parts.extend([name, uscc or ""])
    for name, id_number in persons:
        parts.extend([name, id_number or ""])
    return " ".join(p for p in parts if p)


def letter_number(action: str, details: str | Mapping[str, Any] | None) -> str:
    """The 发文字号 a timeline entry names ("" for any entry but a letter's issue)."""
    if action != LETTER_ISSUE:
        return ""
    found = json.loads(details or "{}") if not isinstance(details, Mapping) else details
    return str(found.get("number") or "")


def index_cases(s: Session, cases: Sequence[Case], extra: Mapping[str, Sequence[str]] | None = None) -> None:
    """Rebuild the search documents of `cases` from their rows: title, 案号, field text
    (districts also by name), parties (organisations, persons and their ID numbers), the
    opinions on their timelines, the 发文字号 of their letters and the 档号 of their filed
    件 (`document_text`); as terms at 公开, as blind tokens above (store/blindindex.py)."""
    # a table of the writes, which the first screen's reads do not load (issue 15 point 4)
    from bjstc_desktop.store.duty_models import ArchiveItem
    from bjstc_desktop.store.repositories.cases import _field_value

    if not cases:
        return
    ids = [c.id for c in cases]
    values: dict[str, list[Any]] = defaultdict(list)
    opinions: dict[str, list[str | None]] = defaultdict(list)
    numbers: dict[str, set[str]] = defaultdict(set)
    archive: dict[str, list[str]] = defaultdict(list)
    for chunk in _chunks(ids):
        # In a stated order: SQLite happens to return the key's order, PostgreSQL its heap's
        # (a document must not depend on which store, or which path, wrote the rows).
        for f in s.execute(select(CaseField).where(CaseField.case_id.in_(chunk))
                           .order_by(CaseField.case_id, CaseField.key)).scalars():
            values[f.case_id].append(_field_value(f))
        for e in s.execute(select(TimelineEvent).where(TimelineEvent.case_id.in_(chunk))
                           .order_by(TimelineEvent.case_id, TimelineEvent.at, TimelineEvent.id)).scalars():
            opinions[e.case_id].append(e.opinion)
            numbers[e.case_id].add(letter_number(e.action, e.details))  # a peer's letter: only its entry travels
        for case_id, number in s.execute(select(Letter.case_id, Letter.number).where(Letter.case_id.in_(chunk))):
            numbers[case_id].add(number)
        for case_id, number in s.execute(select(ArchiveItem.case_id, ArchiveItem.archive_no)
                                         .where(ArchiveItem.case_id.in_(chunk))):
            archive[case_id].append(number)
    orgs: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    people: dict[str, list[str]] = defaultdict(list)
    for case_id, links in parties_of(s, ids).items():
        for party, org in links:
            if org is not None:
                orgs[case_id].append((org.name, org.uscc))
            if party.person_id:
                people[party.person_id].append(case_id)
    persons: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for person in s.execute(select(Person).where(Person.id.in_(sorted(people)))).scalars():
        for case_id in people[person.id]:
            persons[case_id].append((person.name, person.id_number))
    write_documents(s, [(c.id, int(c.classification), document_text(
        [c.title, c.case_no, district_name(c.district), *((extra or {}).get(c.id, ()))], values[c.id],
        opinions[c.id], numbers[c.id], archive[c.id], orgs[c.id], persons[c.id])) for c in cases])


def write_documents(s: Session, docs: Sequence[tuple[str, int, str]]) -> None:
    """Store the search documents (case id, level, text) in place of any the cases had:
    terms at 公开, blind tokens above (store/blindindex.py)."""
    if not docs:
        return
    ids = [case_id for case_id, _level, _text in docs]
    found = {case_id: doc_id for chunk in _chunks(ids) for doc_id, case_id in
             s.execute(select(SearchDoc.doc_id, SearchDoc.case_id).where(SearchDoc.case_id.in_(chunk)))}
    searchindex.remove(s, sorted(found.values()))
    new = [c for c in ids if c not in found]
    if new:  # one statement for the lot, then their numbers in one read per chunk
        insert_rows(s, SearchDoc, [{"case_id": c} for c in new])  # a prepared executemany, not the ORM's bulk path
        found.update({case_id: doc_id for chunk in _chunks(new) for doc_id, case_id in
                      s.execute(select(SearchDoc.doc_id, SearchDoc.case_id).where(SearchDoc.case_id.in_(chunk)))})
    keys = keys_of(s)
    searchindex.add(s, [(found[case_id], document_terms(level, body, keys)) for case_id, level, body in docs])


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
