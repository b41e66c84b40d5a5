"""Every SQL statement a workstation runs, with the thread it ran on and the function of
gui/ that led to it: the GUI must make no store call on its own thread (issue 15 point 7)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bjstc_desktop.workstation import Workstation

ROOT = Path(__file__).resolve().parents[2]
GUI_DIR = str(ROOT / "bjstc_desktop" / "gui")
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@dataclass(frozen=True)
class StoreCall:
    """One SQL statement: on which thread, whether it writes, and which GUI function led to it."""

    thread: str
    writes: bool
    gui_caller: str
    sql: str


def _gui_caller() -> str:
    """module.function of the innermost frame in bjstc_desktop/gui (outside operations/worker)."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(GUI_DIR) and not name.endswith(("operations.py", "worker.py")):
            return f"{Path(name).stem}.{frame.f_code.co_name}"
        frame = frame.f_back  # type: ignore[assignment]
    return "?"


@contextmanager
def recording(ws: Workstation) -> Iterator[list[StoreCall]]:
    """The statements `ws` runs while the block runs."""
    calls: list[StoreCall] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        calls.append(StoreCall(threading.current_thread().name, verb in WRITE_VERBS, _gui_caller(), statement[:80]))

    event.listen(ws.store.engine, "before_cursor_execute", record)
    try:
        yield calls
    finally:
        event.remove(ws.store.engine, "before_cursor_execute", record)


def on_gui_thread(calls: list[StoreCall]) -> list[StoreCall]:
    """The statements that ran on the GUI (main) thread."""
    main = threading.main_thread().name
    return [c for c in calls if c.thread == main]


def gui_thread_writes(calls: list[StoreCall]) -> list[StoreCall]:
    """The writing statements that ran on the GUI thread (there must be none)."""
    return [c for c in on_gui_thread(calls) if c.writes]


# The store calls the GUI may still make on its own thread, each with why it must stay there.
# Any other statement run on the GUI thread from a function of gui/ fails the test that
# led to it (the guard below runs in every GUI test); a write there fails it whatever its caller.
# None is left: every window is read before it opens (gui/opening.py), the settings come with
# the first page's read, and the wizards check their input in the background (issue 15 point 7).
GUI_THREAD_STORE_CALLS: dict[str, str] = {}

_watching: list[list[StoreCall]] = []  # the running test's record, while the guard is on


def _watch(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    if not _watching or threading.current_thread() is not threading.main_thread():
        return
    caller = _gui_caller()
    if caller != "?":
        verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        _watching[-1].append(StoreCall(threading.current_thread().name, verb in WRITE_VERBS, caller, statement[:80]))


event.listen(Engine, "before_cursor_execute", _watch)  # every engine, every workstation


@pytest.fixture(autouse=True)
def no_store_calls_on_the_gui_thread() -> Iterator[None]:
    """Fails the test if a function of gui/ ran a statement on the GUI thread (other than
    those GUI_THREAD_STORE_CALLS lists, with their reasons)."""
    with watching() as calls:
        yield
    unknown = not_allowed(calls)
    assert not unknown, "store calls made on the GUI thread:\n" + "\n".join(unknown)


@contextmanager
def watching() -> Iterator[list[StoreCall]]:
    """The statements functions of gui/ run on the GUI thread while the block runs (any workstation)."""
    calls: list[StoreCall] = []
    _watching.append(calls)
    try:
        yield calls
    finally:
        _watching.remove(calls)


def not_allowed(calls: list[StoreCall]) -> list[str]:
    """The GUI-thread statements that fail a test: every write, and reads from a caller
    GUI_THREAD_STORE_CALLS does not list."""
    return sorted({f"{c.gui_caller}: {c.sql}" for c in calls if c.writes or c.gui_caller not in GUI_THREAD_STORE_CALLS})
