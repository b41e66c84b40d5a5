"""科研失信 records, seen through the acting user (classification and module scope,
store/repositories/scope.py). The intake check reads every record that names a party,
visible or not: a hit in a record the user may not read still counts, without its content."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from bjstc_desktop.core.errors import NotFoundError
from bjstc_desktop.core.experts import Identity
from bjstc_desktop.core.integrity import IN_FORCE, IntegrityRecord
from bjstc_desktop.core.roles import Actor
from bjstc_desktop.store.duty_models import IntegrityRecordRow, subject_token
from bjstc_desktop.store.repositories.scope import decode_scope, may_see_scoped, scoped_visible
from bjstc_desktop.store.sealing import is_locked, keys_of

CHUNK = 500


def as_record(row: IntegrityRecordRow) -> IntegrityRecord:
    """A stored record as the rules see it."""
    return IntegrityRecord(row.id, Identity(row.subject_kind, row.number, row.name), row.source, row.decision_no,
                           row.measure, decode_scope(row.scope), row.start_on, row.end_on, row.status)


class IntegrityRepository:
    """Reads and writes of 科研失信 records for one acting user."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor

    def _visible(self) -> ColumnElement[bool]:
        return scoped_visible(self.actor, IntegrityRecordRow.classification, IntegrityRecordRow.scope)

    def get(self, record_id: str) -> IntegrityRecordRow:
        """A visible record by id; NotFound also when not visible."""
        q = select(IntegrityRecordRow).where(self._visible(), IntegrityRecordRow.id == record_id)
        row = self.session.execute(q).scalar_one_or_none()
        if row is None:
            raise NotFoundError(f"找不到失信记录“{record_id}”，或您无权查看。",
                                f"Integrity record {record_id!r} does not exist or you may not see it.")
        return row

    def page(self, text: str = "", in_force_on: dt.date | None = None, number: str | None = None,
             after_id: str | None = None, limit: int | None = 200) -> list[IntegrityRecordRow]:
        """Visible records, newest first (keyset on id); `in_force_on`: only those in force
        that day; `text` matches name, decision number or source."""
        conds = [self._visible()]
        keys = keys_of(self.session)
        wanted = text.strip()
        if wanted:
            like = f"%{wanted}%"
            # a sealed record's name, decision and source are matched once opened (below)
            conds.append(or_(IntegrityRecordRow.name.like(like), IntegrityRecordRow.decision_no.like(like),
                             IntegrityRecordRow.source.like(like), IntegrityRecordRow.number == wanted.upper(),
                             IntegrityRecordRow.sealed.is_not(None)))
        if number:
            conds.append(or_(IntegrityRecordRow.number == number,
                             IntegrityRecordRow.token == subject_token(keys, number)))
        if in_force_on is not None:
            conds += [IntegrityRecordRow.status == IN_FORCE, IntegrityRecordRow.start_on <= in_force_on,
                      or_(IntegrityRecordRow.end_on.is_(None), IntegrityRecordRow.end_on >= in_force_on)]
        if after_id:
            conds.append(IntegrityRecordRow.id < after_id)
        q = select(IntegrityRecordRow).where(*conds).order_by(IntegrityRecordRow.id.desc())
        if not wanted:
            return list(self.session.execute(q if limit is None else q.limit(limit)).scalars())
        found = (r for r in self.session.execute(q).scalars()
                 if r.sealed is None or (not is_locked(r) and (
                     any(wanted in (v or "") for v in (r.name, r.decision_no, r.source))
                     or r.number == wanted.upper())))
        return list(found) if limit is None else list(itertools.islice(found, limit))

    def count_in_force(self, day: dt.date) -> int:
        """Visible records in force on `day`."""
        q = (select(func.count()).select_from(IntegrityRecordRow)
             .where(self._visible(), IntegrityRecordRow.status == IN_FORCE, IntegrityRecordRow.start_on <= day,
                    or_(IntegrityRecordRow.end_on.is_(None), IntegrityRecordRow.end_on >= day)))
        return self.session.execute(q).scalar_one()

    def naming(self, numbers: Iterable[str]) -> list[tuple[IntegrityRecord, bool]]:
        """Every record that names one of `numbers`, each with whether the actor may read it."""
        values = sorted({n for n in numbers if n})
        keys = keys_of(self.session)
        out: list[tuple[IntegrityRecord, bool]] = []
        for i in range(0, len(values), CHUNK):
            chunk = values[i:i + CHUNK]
            tokens = {subject_token(keys, n): n for n in chunk}
            q = select(IntegrityRecordRow).where(or_(IntegrityRecordRow.number.in_(chunk),
                                                     IntegrityRecordRow.token.in_(sorted(tokens))))
            for r in self.session.execute(q).scalars():
                record = as_record(r)
                if r.token in tokens:  # sealed (opened or not): the number asked for is the one it names
                    record = replace(record, subject=replace(record.subject, number=tokens[r.token]))
                out.append((record, may_see_scoped(self.actor, r.classification, r.scope) and not is_locked(r)))
        return out

    def persons_under(self, measures: set[str]) -> list[tuple[IntegrityRecord, str]]:
        """Every record (visible or not) against a person under one of `measures`, each
        with the subject token of the person (duty_models.subject_token): a record sealed
        above the actor still names him by it."""
        keys = keys_of(self.session)
        q = select(IntegrityRecordRow).where(IntegrityRecordRow.subject_kind == "person",
                                             IntegrityRecordRow.measure.in_(sorted(measures)))
        return [(as_record(r), r.token if r.sealed is not None and r.token else subject_token(keys, r.number))
                for r in self.session.execute(q).scalars()]

    def by_key(self, keys: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str, str], IntegrityRecordRow]:
        """Every record (visible or not) by its natural key (number, decision no, measure)."""
        return records_by_key(self.session, keys)


def records_by_key(session: Session, keys: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str, str], IntegrityRecordRow]:
    """Every record, whoever may see it, by its natural key (number, decision no,
    measure): a sealed one by its key token (duty_models)."""
    wanted = set(keys)
    content = keys_of(session)
    numbers = sorted({k[0] for k in wanted})
    sealed = {content.natural_token("integrity", "|".join(k)): k for k in wanted}  # see duty_models
    out: dict[tuple[str, str, str], IntegrityRecordRow] = {}
    for i in range(0, len(numbers), CHUNK):
        q = select(IntegrityRecordRow).where(IntegrityRecordRow.number.in_(numbers[i:i + CHUNK]))
        for r in session.execute(q).scalars():
            key = (r.number, r.decision_no, r.measure)
            if key in wanted:
                out[key] = r
    found = sorted(sealed)
    for i in range(0, len(found), CHUNK):
        q = select(IntegrityRecordRow).where(IntegrityRecordRow.key_token.in_(found[i:i + CHUNK]))
        for r in session.execute(q).scalars():
            assert r.key_token is not None  # the IN above matched it
            out[sealed[r.key_token]] = r
    return out
