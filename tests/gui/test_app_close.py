"""app.py closes the workstation only once the window's background reads and writes have
finished: a read still running on a worker thread when the store closes fails there (a
fixed 30 s wait ran out with the machine busy). Work that outlasts the bound leaves the
store as a killed program would, for the next unlock to recover, never closed under it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject

from bjstc_desktop import app
from bjstc_desktop.gui.worker import run_in_background, wait_for_jobs


class _Station:
    """Stands for the workstation: counts its closes and whether work was running then."""

    def __init__(self, running: threading.Event) -> None:
        self.running = running
        self.closed_while_running: list[bool] = []

    def close(self) -> None:
        self.closed_while_running.append(self.running.is_set())


def test_the_workstation_closes_after_its_background_work_and_never_under_it(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(app, "JOB_WAIT_SECONDS", 0.05)
    monkeypatch.setattr(app, "JOB_WAIT_ROUNDS", 3)
    running, release, done = threading.Event(), threading.Event(), []
    owner = QObject()

    def read() -> str:
        running.set()
        release.wait(60)
        running.clear()
        return "read"

    run_in_background(owner, read, done.append, done.append)
    qtbot.waitUntil(running.is_set)
    station = _Station(running)
    assert app._close_after_jobs(station) is False  # type: ignore[arg-type]
    assert station.closed_while_running == []  # not closed under the running read
    release.set()
    assert wait_for_jobs(60)
    assert app._close_after_jobs(station) is True  # type: ignore[arg-type]
    assert station.closed_while_running == [False]
    qtbot.waitUntil(lambda: done == ["read"])
