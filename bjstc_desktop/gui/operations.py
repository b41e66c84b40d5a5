"""The one way the GUI calls the workstation: an `Operation` (a call over the Workstation
with a description for the busy indicator and for error messages) run off the GUI thread
by gui/worker.py. Writes run on the one writer thread, one at a time and in order; reads
run on the reader threads. A write that succeeds comes back with a `ChangeNotice` (which
cases, letters, peers, settings and registers changed) that the workstation's one
`ChangeHub` emits on the GUI thread: views refresh from the hub, never from each other.

Before the workstation is locked or closed, `drain` lets the queued writes finish (each
is one transaction in the API: nothing is half-written) and, when closing, refuses any
asked for afterwards with a message in the officer's language."""

from __future__ import annotations

import concurrent.futures
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.gui.worker import cancel, run_in_background

if TYPE_CHECKING:
    from bjstc_desktop.workstation import Workstation

T = TypeVar("T")

# The registers a change may touch besides cases and letters (ChangeNotice.registers).
EXPERTS = "experts"
INTEGRITY = "integrity"
ARCHIVES = "archives"
PANELS = "panels"
DRAFTS = "drafts"
ACCOUNTS = "accounts"
ORGANISATIONS = "organisations"


@dataclass(frozen=True)
class ChangeNotice:
    """What a write changed, for the views to refresh. `all_cases` stands for a change
    to cases whose ids the call does not return one by one (an import, a sync package)."""

    cases: frozenset[str] = frozenset()
    letters: frozenset[str] = frozenset()
    peers: bool = False
    settings: bool = False
    registers: frozenset[str] = frozenset()
    all_cases: bool = False

    def __bool__(self) -> bool:
        return bool(self.cases or self.letters or self.peers or self.settings or self.registers
                    or self.all_cases)

    def touches_cases(self) -> bool:
        """True if any case (its record, state or letters) changed: lists and counts refresh."""
        return bool(self.cases or self.letters or self.all_cases)

    def touches_case(self, case_id: str) -> bool:
        """True if the case `case_id` may have changed."""
        return self.all_cases or case_id in self.cases

    def merged(self, other: ChangeNotice) -> ChangeNotice:
        """Both notices in one (a batch of writes)."""
        return ChangeNotice(self.cases | other.cases, self.letters | other.letters, self.peers or other.peers,
                            self.settings or other.settings, self.registers | other.registers,
                            self.all_cases or other.all_cases)


NOTHING = ChangeNotice()


def cases_changed(*case_ids: str | Iterable[str]) -> ChangeNotice:
    """A notice for these cases (ids or collections of ids)."""
    ids: set[str] = set()
    for item in case_ids:
        ids.update([item] if isinstance(item, str) else item)
    return ChangeNotice(cases=frozenset(ids))


def letter_notice(result: object) -> ChangeNotice:
    """The change an issued or voided letter makes: its number, and its case."""
    number, case_id = getattr(result, "number", ""), getattr(result, "case_id", "")
    return ChangeNotice(cases=frozenset([case_id] if case_id else []), letters=frozenset([number] if number else []))


def registers_changed(*names: str, cases: Iterable[str] = ()) -> ChangeNotice:
    """A notice for these registers (EXPERTS, INTEGRITY, ...), and the cases they touched."""
    return ChangeNotice(cases=frozenset(cases), registers=frozenset(names))


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One call over the workstation. `run` is made off the GUI thread (on the writer
    thread when `writes`); `notice` says what the result changed (writes only)."""

    description: str
    run: Callable[[Workstation], T]
    writes: bool = True
    notice: Callable[[T], ChangeNotice] | ChangeNotice = field(default=NOTHING)

    def notice_for(self, result: T) -> ChangeNotice:
        """What this operation changed, given what it returned."""
        if not self.writes:
            return NOTHING
        return self.notice(result) if callable(self.notice) else self.notice


def read(description: str, run: Callable[[Workstation], T]) -> Operation[T]:
    """An operation that only reads."""
    return Operation(description, run, writes=False)


def audited_read(description: str, run: Callable[[Workstation], T]) -> Operation[T]:
    """A read the store audits (an unmasked ID number, a file written out): it appends an
    audit event, so it runs on the writer thread, but it changes no record."""
    return Operation(description, run)


def export_operation(run: Callable[[Workstation], T]) -> Operation[T]:
    """Writing cases out to a file: audited (so on the writer thread), changes no record."""
    return audited_read(QCoreApplication.translate("Operations", "Exporting"), run)


class ChangeHub(QObject):
    """The one place a workstation's changes are announced (one hub per workstation)."""

    changed = Signal(object)
    """Emitted on the GUI thread with the ChangeNotice of each write that succeeded."""

    busy = Signal(str)
    """Emitted with an operation's description when it starts waiting or running, and
    with "" when no operation is left."""

    refused = Signal(str)
    """Emitted with the officer's message when a write was refused because the
    workstation was closing."""

    def __init__(self) -> None:
        super().__init__()
        self.last: ChangeNotice | None = None

    def announce(self, notice: ChangeNotice) -> None:
        """Emit `notice` (if it says anything changed); on the GUI thread only."""
        if notice:
            self.last = notice
            self.changed.emit(notice)


class _Queue:
    """A workstation's hub and the writes asked for on it that have not finished."""

    def __init__(self) -> None:
        self.hub = ChangeHub()
        self.closing = False
        self.lock = threading.Lock()
        self.writes: dict[concurrent.futures.Future[None], list[Callable[[], None]]] = {}
        self.running = 0


_queues: weakref.WeakKeyDictionary[Any, _Queue] = weakref.WeakKeyDictionary()


def _queue(ws: Workstation) -> _Queue:
    queue = _queues.get(ws)
    if queue is None:  # made on first use, on the GUI thread
        queue = _queues[ws] = _Queue()
    return queue


def hub_for(ws: Workstation) -> ChangeHub:
    """The workstation's one change hub."""
    return _queue(ws).hub


def closing_refusal() -> RefusedError:
    """Why a write asked for while the workstation closes is not made."""
    return RefusedError("工作站正在关闭，本次操作未执行，未作任何更改。",
                        "The workstation is closing: this operation was not made and nothing was changed.")


def run_operation(owner: QObject, ws: Workstation, op: Operation[T], on_success: Callable[[T], None],
                  on_failure: Callable[[BaseException], None]) -> concurrent.futures.Future[None] | None:
    """Run `op` off the GUI thread. On the GUI thread afterwards: a write's notice is
    announced by the hub (even if `owner` was closed meanwhile), then `on_success(result)`
    or `on_failure(exc)` is called if `owner` still exists. A write asked for while the
    workstation closes is refused (on_failure) and never started."""
    queue = _queue(ws)
    hub = queue.hub
    target = weakref.ref(owner)

    def alive() -> bool:
        o = target()
        return o is not None and shiboken6.isValid(o)

    refusal: list[Callable[[], None]] = []  # emptied on the GUI thread: never the last holder elsewhere

    def succeeded(result: T) -> None:
        refusal.clear()
        try:
            hub.announce(op.notice_for(result))
        finally:
            _finished(queue, hub)
            if alive():
                on_success(result)

    def failed(exc: BaseException) -> None:
        refusal.clear()
        _finished(queue, hub)
        if alive():
            on_failure(exc)

    if op.writes and queue.closing:
        refusal = closing_refusal()
        hub.refused.emit(refusal.message())
        QTimer.singleShot(0, hub, lambda: alive() and on_failure(refusal))
        return None
    with queue.lock:
        queue.running += 1
    hub.busy.emit(op.description)
    future = run_in_background(hub, lambda: op.run(ws), succeeded, failed, writer=op.writes)
    if op.writes:
        refusal.append(lambda: failed(closing_refusal()))
        with queue.lock:
            queue.writes[future] = refusal
        future.add_done_callback(lambda f: _forget(queue, f))
    return future


def _finished(queue: _Queue, hub: ChangeHub) -> None:
    with queue.lock:
        queue.running -= 1
        idle = queue.running == 0
    if idle:
        hub.busy.emit("")


def _forget(queue: _Queue, future: concurrent.futures.Future[None]) -> None:
    with queue.lock:
        queue.writes.pop(future, None)


def pending_writes(ws: Workstation) -> int:
    """How many writes asked for on `ws` have not finished."""
    queue = _queue(ws)
    with queue.lock:
        return len(queue.writes)


def drain(ws: Workstation, timeout: float = 30.0, closing: bool = True) -> bool:
    """Block until every write asked for on `ws` has finished; with `closing`, refuse any
    asked for from now on. Writes not yet started when `timeout` runs out are cancelled
    and refused with a message (a started one is one transaction: it finishes or rolls
    back whole). True if every queued write finished."""
    queue = _queue(ws)
    with queue.lock:
        if closing:
            queue.closing = True
        futures = list(queue.writes)
    _done, not_done = concurrent.futures.wait(futures, timeout=timeout)
    with queue.lock:  # taken before cancelling: a cancelled future forgets itself at once
        refusers = {f: list(queue.writes.get(f) or ()) for f in not_done}
    refusals = [refuse[0] for f, refuse in refusers.items() if refuse and cancel(f)]
    for refuse in refusals:
        refuse()
    if refusals:
        queue.hub.refused.emit(closing_refusal().message())
    return not not_done


def reopen(ws: Workstation) -> None:
    """Accept writes on `ws` again (after an unlock)."""
    _queue(ws).closing = False
