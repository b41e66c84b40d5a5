"""The one unit of work for a change to a case (issue 15).

Every change to a case, to one of its letters or to one of its attachments leaves four
things in the caller's write transaction: a timeline entry, a fresh search document
(terms at 公开, blind tokens above: store/repositories/case_index.py), an immutable sync
revision (sync/revisions.py) and an audit event. Operations do not write these by hand:
they describe the change (`step`, `audit`) and `finish` writes what follows from it, and
refuses to finish a change that has no timeline entry or no audit event. So an
operation cannot forget one of the four (issuing a letter once forgot the revision, and
the letter reached other offices only with some later edit).

The unit holds any number of cases, so a batch (one transaction for an import or a sync
package) goes through the same calls; `finish` indexes the cases of the unit together.
`batch_changes` opens such a unit for a whole import, bulk action or demo: every
`case_changes` / `record_change` inside it (the single-case code of each operation, run
once per case) joins that unit instead of finishing on its own, and the unit writes at
each `checkpoint` (and at the end), set-based: the search documents of the cases
together (store/repositories/case_index.py), the first revisions of new cases from one
read per table (sync/revisions.py record_case_revisions), the audit events chained in
one go (store/audit.py append_many), in the order the operations asked for them. Each
case still gets its own revision and its own audit event, and everything stays in the
caller's one transaction: a failure or a cancel anywhere leaves nothing.

A deleted case (`delete`) leaves its tombstone revision and an audit event; its row
and search document go.

A case changed by a revision that already exists (received from a peer, or authored by
a conflict decision) goes through `received`: its revision and timeline entries came
with it and the package's (or the decision's) audit event covers it; only the index
follows here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.store import audit as audit_trail
from bjstc_desktop.store.models import Case, TimelineEvent, utc_on
from bjstc_desktop.store.repositories.case_index import index_cases
from bjstc_desktop.store.repositories.cases import CaseRepository, number_in_batch
from bjstc_desktop.sync.revisions import record_case_deletion, record_case_revisions

_AMBIENT = "bjstc.case_changes"  # session.info key of the open batch unit


class _Same:
    """The case's state as it is when the step is recorded (most steps do not move it)."""

    def __repr__(self) -> str:
        return "SAME"


SAME: Any = _Same()


class IncompleteChange(RuntimeError):
    """A case change was about to commit without its timeline entry or audit event: a
    programming error in an operation (never an officer's mistake), so nothing commits."""


@dataclass
class _Entry:
    case: Case
    received: bool = False
    deleted: bool = False
    steps: int = 0
    audits: int = 0
    index_text: list[str] = field(default_factory=list)


class CaseChanges:
    """The change(s) to cases inside one write transaction; see the module docstring."""

    def __init__(self, session: Session, ctx: OpsContext, *, batch: bool = False) -> None:
        self.session = session
        self.ctx = ctx
        self.batch = batch  # audit events wait for `finish` and are chained together
        self._entries: dict[str, _Entry] = {}
        self._audits: list[audit_trail.ChainEvent] = []
        self._undo: dict[str, _Entry | None] | None = None  # inside `attempt`: each touched entry as it was
        self._repo = CaseRepository(session, ctx.actor)
        self.revisions: dict[str, str | None] = {}  # case id → the revision `finish` made (None: none needed)

    def _entry(self, case: Case) -> _Entry:
        entry = self._entries.get(case.id)
        if self._undo is not None and case.id not in self._undo:
            self._undo[case.id] = None if entry is None else dataclasses.replace(entry,
                                                                                 index_text=list(entry.index_text))
        if entry is None:
            entry = self._entries[case.id] = _Entry(case)
        return entry

    @contextlib.contextmanager
    def attempt(self) -> Iterator[None]:
        """One case of a bulk action, inside the savepoint the caller opened for it: if
        it fails, what it asked of the unit (steps, audit events) is forgotten with the
        rows the savepoint rolls back, and the batch goes on with the next case."""
        undo: dict[str, _Entry | None] = {}
        audits, revisions = len(self._audits), dict(self.revisions)
        self._undo = undo
        try:
            yield
        except BaseException:
            for case_id, was in undo.items():
                if was is None:
                    self._entries.pop(case_id, None)
                else:
                    self._entries[case_id] = was
            del self._audits[audits:]
            self.revisions = revisions
            raise
        finally:
            self._undo = None

    def step(self, case: Case, action: str, *, from_state: str | None = SAME, to_state: str | None = SAME,
             opinion: str | None = None, details: Mapping[str, Any] | None = None,
             index_text: Sequence[str] = (), on: dt.date | None = None) -> TimelineEvent:
        """A step on the case's timeline (`action` as core/glossary.py names it). The
        states default to the case's current one; `index_text` is searchable text the
        case's own rows do not hold (e.g. a move's opinion before it is stored); `on`
        back-dates the entry to that day (demo data, imports; its audit event keeps the
        real time), refused (ValidationError) in the future or before the case's last step."""
        at = step_moment(self._repo, case, on)
        entry = self._entry(case)
        entry.steps += 1
        entry.index_text.extend(t for t in index_text if t)
        return self._repo.add_timeline(case, action, case.state if from_state is SAME else from_state,
                                       case.state if to_state is SAME else to_state, opinion,
                                       details=dict(details or {}), at=at)

    def audit(self, case: Case, action: str, **details: Any) -> None:
        """The audit event of the change, appended now (events keep the order of the calls)."""
        self._entry(case).audits += 1
        if self.batch:
            self._audits.append(audit_trail.ChainEvent(self.ctx.actor.user_id, self.ctx.actor.name, action,
                                                         "case", case.id, details))
        else:
            self.ctx._audit(self.session, action, "case", case.id, **details)

    def created(self, events: Sequence[audit_trail.ChainEvent]) -> None:
        """Cases were made by the writer of new cases (ops/new_cases.py), with their
        rows, search documents and revisions: their audit events join the unit's, in
        order (in a batch they are chained at `finish`, else now)."""
        if self.batch:
            self._audits.extend(events)
        else:
            audit_trail.append_many(self.session, list(events))

    def received(self, case: Case) -> None:
        """The case's rows were brought in line with revisions that already exist: no new
        revision, timeline entry or audit event here; the index follows."""
        self._entry(case).received = True

    def delete(self, case: Case) -> str:
        """The case is being deleted: its tombstone revision, over every head, is recorded
        now (while its rows still say who it was); the caller removes the row, which
        takes its search document with it, and appends the audit event. Returns the
        tombstone's revision id."""
        entry = self._entry(case)
        entry.deleted = True
        rev = record_case_deletion(self.session, case, self.ctx.wfile.node_id, self.ctx.actor.name)
        self.revisions[case.id] = rev
        return rev

    def finish(self) -> dict[str, str | None]:
        """Index every case of the unit and record each changed case's revision; refuses
        (IncompleteChange) a change without a timeline entry or an audit event. Returns
        case id → the new revision id (None for received changes and unchanged bodies)."""
        entries = list(self._entries.values())
        for e in entries:
            if e.deleted and e.audits == 0:
                raise IncompleteChange(f"deletion of {e.case.id} without an audit event")
            if not (e.received or e.deleted) and (e.steps == 0 or e.audits == 0):
                missing = "timeline entry" if e.steps == 0 else "audit event"
                raise IncompleteChange(f"case change of {e.case.id} without a {missing}")
        if not entries:
            audit_trail.append_many(self.session, self._audits)  # e.g. those of new cases (`created`)
            self._audits = []
            return dict(self.revisions)
        self.session.flush()
        live = [e for e in entries if not e.deleted]
        index_cases(self.session, [e.case for e in live], {e.case.id: e.index_text for e in live})
        self.revisions.update({e.case.id: None for e in live if e.received})
        self.revisions.update(record_case_revisions(self.session, [e.case for e in live if not e.received],
                                                    self.ctx.wfile.node_id, self.ctx.actor.name))
        audit_trail.append_many(self.session, self._audits)
        self._audits = []
        self._entries.clear()
        return dict(self.revisions)

    def checkpoint(self) -> None:
        """Write what the batch holds so far (index, revisions, audit events) in the
        same transaction, so the caller can release the written objects from the
        session (`expunge_all`) and memory stays flat over a long import."""
        self.finish()
        self.revisions.clear()


def step_moment(repo: CaseRepository, case: Case, on: dt.date | None) -> dt.datetime | None:
    """The moment a step on `case` taken on the day `on` is recorded at: None (now) for
    today or no day; a moment on that day for a past one (`utc_on`). Refused
    (ValidationError, nothing changed) in the future or before the day of the case's
    latest step (its registration first): a timeline reads in time order."""
    if on is None:
        return None
    today = dt.date.today()
    if on > today:
        raise ValidationError(f"办理日期（{on.isoformat()}）不能晚于今天。",
                              f"The date of a step ({on.isoformat()}) cannot be in the future.", field="on")
    if on == today:
        return None
    latest = repo.latest_step_day(case)
    if latest is not None and on < latest:
        raise ValidationError(f"办理日期（{on.isoformat()}）不能早于本案上一步的日期（{latest.isoformat()}）。",
                              f"The date of a step ({on.isoformat()}) cannot precede the case's last step "
                              f"({latest.isoformat()}).", field="on")
    return utc_on(on)


@contextlib.contextmanager
def case_changes(session: Session, ctx: OpsContext) -> Iterator[CaseChanges]:
    """`with case_changes(s, ctx) as change: change.step(...); change.audit(...)` — on a
    normal exit the index and the revisions are written; on an exception nothing is
    (the caller's transaction rolls back). Inside `batch_changes` the change joins the
    batch, which writes it at its next checkpoint."""
    ambient = session.info.get(_AMBIENT)
    if ambient is not None:
        yield ambient
        return
    unit = CaseChanges(session, ctx)
    yield unit
    unit.finish()


@contextlib.contextmanager
def batch_changes(session: Session, ctx: OpsContext) -> Iterator[CaseChanges]:
    """One unit for many case changes in the caller's write transaction (see the module
    docstring): call `checkpoint()` every few hundred cases; the rest is written on a
    normal exit. On an exception nothing more is written and the transaction rolls back."""
    if session.info.get(_AMBIENT) is not None:
        raise RuntimeError("batch_changes does not nest")
    unit = session.info[_AMBIENT] = CaseChanges(session, ctx, batch=True)
    number_in_batch(session)
    try:
        yield unit
        unit.finish()
    finally:
        session.info.pop(_AMBIENT, None)


def record_change(session: Session, ctx: OpsContext, case: Case, action: str, *, audit: str,
                  audit_details: Mapping[str, Any] | None = None, from_state: str | None = SAME,
                  to_state: str | None = SAME, opinion: str | None = None,
                  details: Mapping[str, Any] | None = None, index_text: Sequence[str] = (),
                  on: dt.date | None = None) -> str | None:
    """A one-step change of one case: timeline entry `action` (now, or back-dated to the day `on`), audit
    event `audit` with `audit_details`, index and revision. Returns the new revision id."""
    with case_changes(session, ctx) as change:
        change.step(case, action, from_state=from_state, to_state=to_state, opinion=opinion, details=details,
                    index_text=index_text, on=on)
        change.audit(case, audit, **dict(audit_details or {}))
    return change.revisions.get(case.id)
