"""gui/worker.py: a background job never makes a worker thread the last holder of a
QObject. A QObject destroyed off the GUI thread is how tests/sync/test_sync_centre.py
crashed 3 runs in 50 with one core busy: a refused import's traceback made a reference
cycle (exception → traceback → the job's frame → the exception) that kept the window
alive until the collector ran on whichever thread happened to allocate."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest
from PySide6.QtCore import QObject

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.gui.worker import run_in_background, to_gui, wait_for_jobs


class _Owner(QObject):
    """A window stand-in whose callbacks record what they were given."""

    def __init__(self) -> None:
        super().__init__()
        self.outcome: list[object] = []

    def succeeded(self, value: object) -> None:
        self.outcome.append(value)

    def failed(self, exc: BaseException) -> None:
        self.outcome.append(exc)


def _finalised_on(obj: object) -> list[str]:
    """The name of the thread on which `obj`'s Python wrapper is freed (once it is)."""
    where: list[str] = []
    weakref.finalize(obj, lambda: where.append(threading.current_thread().name))
    return where


def _collect_on_a_worker(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Run the cycle collector on a worker thread, as an allocation there would."""
    holder = QObject()
    done: list[object] = []
    run_in_background(holder, gc.collect, done.append, done.append)
    assert wait_for_jobs(10)
    qtbot.waitUntil(lambda: bool(done))


def _refusal_of(window: QObject):  # type: ignore[no-untyped-def]
    """A job that fails with the window in its frame, as `lambda: self.ws...` has it,
    raised from another error (the traceback of each is cleared)."""
    def refuse() -> None:
        try:
            raise ValueError(f"inner {window!r}")
        except ValueError as exc:
            raise RefusedError("拒绝", f"refused {window!r}") from exc
    return refuse


def test_a_refused_job_leaves_no_cycle_that_frees_its_window_on_a_worker(qtbot) -> None:  # type: ignore[no-untyped-def]
    gc.collect()
    gc.disable()  # only the collection we run on the worker may collect
    try:
        owner = _Owner()
        where = _finalised_on(owner)
        run_in_background(owner, _refusal_of(owner), owner.succeeded, owner.failed)
        assert wait_for_jobs(10)
        outcome = owner.outcome
        qtbot.waitUntil(lambda: bool(outcome))
        assert isinstance(owner.outcome[0], RefusedError)
        assert owner.outcome[0].__traceback__ is not None  # still there for the log
        owner.outcome.clear()
        del owner
        _collect_on_a_worker(qtbot)
        assert where == ["MainThread"]
    finally:
        gc.enable()


def test_a_running_job_holds_its_owner_weakly(qtbot) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    owner = _Owner()
    gone = weakref.ref(owner)
    calls: list[object] = []
    run_in_background(owner, lambda: release.wait(10), calls.append, calls.append)
    del owner  # the window is closed while its job still runs
    gc.collect()
    try:
        assert gone() is None
    finally:
        release.set()
        assert wait_for_jobs(10)
    qtbot.wait(50)  # the outcome is delivered (and dropped) by the event loop
    assert calls == []


def test_outcomes_still_arrive_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = _Owner()
    seen: list[str] = []

    def succeeded(value: object) -> None:
        seen.append(threading.current_thread().name)
        owner.succeeded(value)

    run_in_background(owner, lambda: 42, succeeded, owner.failed)
    qtbot.waitUntil(lambda: bool(owner.outcome))
    assert owner.outcome == [42] and seen == ["MainThread"]


def _job_holding(payload: QObject, outcome: str, release: threading.Event):  # type: ignore[no-untyped-def]
    """A job whose closure holds `payload`, as `lambda: self.ws.sync.import_package(path)` holds its
    window; it runs once `release` is set."""
    def job() -> object:
        release.wait(10)
        if outcome == "error":
            raise RefusedError("拒绝", f"refused {payload!r}")
        return payload.objectName()
    return job


@pytest.mark.parametrize("outcome", ["value", "error"])
def test_the_job_and_its_callbacks_are_released_on_the_gui_thread(qtbot, outcome: str) -> None:  # type: ignore[no-untyped-def]
    owner = _Owner()
    payload = QObject()  # what the job's closure holds, besides the window
    where = _finalised_on(payload)
    release = threading.Event()
    run_in_background(owner, _job_holding(payload, outcome, release), owner.succeeded, owner.failed)
    del payload  # only the background job holds the payload now
    release.set()
    assert wait_for_jobs(10)
    qtbot.waitUntil(lambda: bool(owner.outcome))
    owner.outcome.clear()
    gc.collect()
    assert where == ["MainThread"]


class _Watcher(_Owner):
    """A window stand-in that shows a job's progress."""

    def __init__(self) -> None:
        super().__init__()
        self.moves: list[tuple[object, ...]] = []

    def moved(self, *step: object) -> None:
        self.moves.append((*step, threading.current_thread().name))


def test_progress_from_a_worker_arrives_on_the_gui_thread_before_the_outcome(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = _Watcher()
    progress = to_gui(owner, owner.moved)

    def job() -> str:
        for done in range(3):
            progress("merge", done, 3)
        return "done"

    run_in_background(owner, job, lambda value: owner.succeeded((value, len(owner.moves))), owner.failed)
    qtbot.waitUntil(lambda: bool(owner.outcome))
    assert owner.moves == [("merge", d, 3, "MainThread") for d in range(3)]
    assert owner.outcome == [("done", 3)]  # every step was shown before the outcome arrived


def test_progress_holds_its_window_weakly_and_is_dropped_once_it_is_gone(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = _Watcher()
    gone = weakref.ref(owner)
    progress = to_gui(owner, owner.moved)
    del owner  # the window is closed while its job still reports
    gc.collect()
    assert gone() is None
    after = _Owner()
    run_in_background(after, lambda: progress("read", 1, 2), after.succeeded, after.failed)
    qtbot.waitUntil(lambda: bool(after.outcome))  # the step was queued (and dropped) before this outcome
    assert after.outcome == [None]
