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

from sqlalchemy import event

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
