"""工作台: each December the system administrator is reminded to enter the coming year's
State Council holiday notice (issue 16 point 10); officers see no such tile."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bjstc_desktop.gui.workbench import Workbench
from bjstc_desktop.store import kdf
from tests.conftest import ADMIN_PASS, FAST_KDF, make_station


@pytest.fixture
def station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(kdf, "DEFAULT_KDF", FAST_KDF)
    return make_station(tmp_path / "ws")


def _bench(qtbot, ws, today: dt.date) -> Workbench:  # type: ignore[no-untyped-def]
    bench = Workbench(ws, today=lambda: today)
    qtbot.addWidget(bench)
    bench.refresh()
    qtbot.waitUntil(lambda: bench.notice_read)  # read off the GUI thread
    return bench


def test_the_system_administrator_sees_next_years_notice_due_in_december(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    with station.open("admin", ADMIN_PASS) as admin:
        last_known = max(admin.reference.calendar().known_years)
        bench = _bench(qtbot, admin, dt.date(last_known, 12, 1))
        assert not bench.tile_notice.isHidden()
        assert bench.tile_notice.number.text() == str(last_known + 1)
        assert _bench(qtbot, admin, dt.date(last_known, 11, 30)).tile_notice.isHidden()


def test_an_officer_is_not_asked_to_enter_the_notice(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    with station.open() as officer:
        last_known = max(officer.reference.calendar().known_years)
        assert _bench(qtbot, officer, dt.date(last_known, 12, 1)).tile_notice.isHidden()
