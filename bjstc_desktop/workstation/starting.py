"""A session whose first screen needs neither SQLAlchemy nor the ORM (issue 15 point 4).

`open_starting` unlocks over the store's DB-API connection (store/firstscreen/unlock.py:
every check of the store's unlock) and returns a `StartingSession`, which answers what
the first window asks — the tab counts, a duty's first page, the settings, the drafts
offer, who works, the workstation's name and ceiling — in plain SQL. Anything else
(an operation, a later page, a search, a dialog) opens the full `Workstation` first, once,
with the keys already in memory: no second key derivation, and the key is never written
anywhere. `finish_opening()` does the same on purpose (the GUI calls it when the event
loop is idle after the first paint). Closing a session that never opened the full one
closes the DB-API connection as a session closes its store (the audit chain checked
since the anchor, the anchor moved, statistics, checkpoint)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.roles import Actor, check_may_handle_cases
from bjstc_desktop.core.searchquery import CaseSort
from bjstc_desktop.ops.views import CaseListPage, CaseView, case_view
from bjstc_desktop.store import keyslots, unlocking
from bjstc_desktop.store.auditchain import anchor_of
from bjstc_desktop.store.checkpoint import Checkpoint
from bjstc_desktop.store.firstscreen import reads
from bjstc_desktop.store.firstscreen.unlock import FirstScreenSession, unlock
from bjstc_desktop.store.wfile_update import apply_change, locked_file

if TYPE_CHECKING:
    from bjstc_desktop.workstation.session import Workstation

log = logging.getLogger(__name__)
T = TypeVar("T")


def open_starting(data_dir: Path, user: str, passphrase: str,
                  slot: unlocking.SlotOpened) -> StartingSession | Workstation:
    """The second half of an unlock for a program about to show its window: a
    `StartingSession` over the DB-API connection, or the full `Workstation` where the
    first screen's unlock declines (a hub, a schema to migrate, a slot to change)."""
    first = unlock(data_dir, slot.wfile, user, slot.opened.bundle, slot.opened.slot.id)
    if first is None:
        from bjstc_desktop.workstation.session import Workstation

        return Workstation.open_unlocked(data_dir, user, passphrase, slot)
    return StartingSession(first)


class _Context:
    """What the window reads of the session's context before the full session opens."""

    def __init__(self, session: StartingSession) -> None:
        self._session = session

    @property
    def wfile(self) -> keyslots.WorkstationFile:
        """The workstation file as read at unlock."""
        return self._session.first.wfile

    @property
    def ceiling(self) -> Level:
        """The highest classification this workstation may hold."""
        return Level(self._session.first.wfile.ceiling)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session.full().ctx, name)


class _Part:
    """A sub-object of the session (`ws.cases`, `ws.admin`, `ws.drafts`): the first
    screen's reads in plain SQL while the full session is not open, every other name
    (and every read once it is open) on the full session's own sub-object."""

    def __init__(self, session: StartingSession, name: str) -> None:
        self._session = session
        self._name = name

    def __getattr__(self, name: str) -> Any:
        return getattr(getattr(self._session.full(), self._name), name)


class _Cases(_Part):
    def counts(self) -> dict[str, int]:
        """CaseOps.counts: visible cases per module."""
        return self._session.plain(lambda: reads.counts(self._session.first.db, self._session.actor),
                                   lambda ws: ws.cases.counts())

    def page(self, module: str | None = None, case_type: str | None = None,
             state: str | tuple[str, ...] | None = None, sort: CaseSort | None = None, cursor: Any = None,
             limit: int = 100, mine: bool = False, today: dt.date | None = None) -> CaseListPage:
        """SearchOps.page: a duty's first page in plain SQL; any other page on the full session."""
        def full(ws: Workstation) -> CaseListPage:
            return ws.cases.page(module=module, case_type=case_type, state=state, sort=sort, cursor=cursor,
                                 limit=limit, mine=mine, today=today)
        if module is None or state or mine or cursor is not None:
            return full(self._session.full())
        return self._session.plain(lambda: self._first_page(module, case_type, sort or CaseSort(), limit, today), full)

    def _first_page(self, module: str, case_type: str | None, sort: CaseSort, limit: int,
                    today: dt.date | None) -> CaseListPage:
        first, actor = self._session.first, self._session.actor
        check_may_handle_cases(actor)
        page = reads.duty_page(first.db, actor, module, case_type, sort, max(1, limit))
        names = reads.names(first.db)
        remind = reads.reminder(first.db, today)
        rows: list[CaseView] = [case_view(r, names.get(r.handler_id), reminder=remind) for r in page.rows]
        return CaseListPage(rows, page.cursor, page.more)


class _Admin(_Part):
    def settings(self) -> dict[str, Any]:
        """AdminOps.settings: every setting with its value."""
        return self._session.plain(lambda: reads.settings(self._session.first.db), lambda ws: ws.admin.settings())


class _Drafts(_Part):
    def list(self) -> list[Any]:
        """DraftOps.list: none, in plain SQL, when the officer has none (the common case);
        drafts are sealed objects, so any there are come from the full session."""
        check_may_handle_cases(self._session.actor)
        if self._session.plain(lambda: not reads.has_drafts(self._session.first.db, self._session.actor),
                               lambda ws: False):
            return []
        return list(self._session.full().drafts.list())


class StartingSession:
    """An unlocked workstation whose full session opens when first needed (see module doc)."""

    def __init__(self, first: FirstScreenSession) -> None:
        self.first = first
        self._full: Workstation | None = None
        self._lock = threading.RLock()  # the GUI reads on worker threads; the full session opens once
        self._closed = False
        self.ctx = _Context(self)
        self.cases = _Cases(self, "cases")
        self.admin = _Admin(self, "admin")
        self.drafts = _Drafts(self, "drafts")

    @property
    def data_dir(self) -> Path:
        """The workstation's folder."""
        return self.first.data_dir

    @property
    def actor(self) -> Actor:
        """The user this session acts as (clearance as his keys allow)."""
        return self.first.actor

    @property
    def must_change_passphrase(self) -> bool:
        """An administrator's reset is pending: the user must choose a new passphrase."""
        return self.first.must_change_passphrase

    @property
    def is_full(self) -> bool:
        """Whether the full session is open (SQLAlchemy and the models loaded)."""
        return self._full is not None

    def plain(self, first_screen: Callable[[], T], full: Callable[[Workstation], T]) -> T:
        """`first_screen()` over the DB-API connection while the full session is not
        open, else `full(ws)` (under the lock: the connection never closes under a read)."""
        with self._lock:
            if self._full is None:
                return first_screen()
        return full(self._full)

    def full(self) -> Workstation:
        """The full session, opened once with the keys in memory (no second KDF): the
        store's engine over the same file, the user's level keys, the audit events still
        waiting, the shared lock; the DB-API connection is closed."""
        with self._lock:
            if self._full is None:
                self._full = self._open_full()
            return self._full

    def finish_opening(self) -> None:
        """Open the full session now (the GUI calls it when idle after the first paint)."""
        if not self._closed:
            self.full()

    def _open_full(self) -> Workstation:
        from bjstc_desktop.store.store import Store
        from bjstc_desktop.workstation.session import Workstation

        if self._closed:
            raise RuntimeError("the session is closed")
        first = self.first
        store = Store.open(first.data_dir, first.bundle.data_key)
        try:
            store.hold_levels(first.held)
            for event in first.db.take_pending():
                store.defer_audit(event)
            first.db.release()  # (the unlock swept the leftovers already)
        except BaseException:
            store.close()
            raise
        return Workstation(first.data_dir, store, first.wfile, first.actor, first.lock, first.must_change_passphrase,
                           first.bundle)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.full(), name)

    def close(self) -> None:
        """Close the full session if it opened; else close as a session closes its store."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._full is not None:
                self._full.close()
                return
            first = self.first
            try:
                with locked_file(first.data_dir):
                    apply_change(first.data_dir, self._advance_anchor, keyslots.mac_key(first.bundle.data_key))
            except Exception:  # closing must always release the store, even on a read-only medium
                log.warning("audit anchor not updated at close")
            finally:
                first.db.close()
                first.lock.release()

    def _advance_anchor(self, wf: keyslots.WorkstationFile) -> None:
        """Workstation._advance_anchor over the DB-API connection: move the anchor only
        when every event after it checks out."""
        start = anchor_of(wf)
        if start is None:
            cp = Checkpoint.from_json(wf.extra.get("audit_checkpoint"))
            rows = self.first.db.rows("SELECT auditor_public FROM node_identity WHERE node_id = ?", (wf.node_id,))
            public = rows[0][0] if rows else None
            if cp is None or not public or not cp.signed_by(public):
                log.warning("audit anchor and checkpoint missing: anchor not set")
                return
            start = (cp.seq, cp.hash)
        head = self.first.db.verify_since(*start)
        if head is None:
            log.warning("audit chain does not pass through the recorded anchor: anchor kept")
            return
        if head[0] > start[0] or anchor_of(wf) is None:
            wf.extra["audit_anchor"] = {"seq": head[0], "hash": head[1]}

    def __enter__(self) -> StartingSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
