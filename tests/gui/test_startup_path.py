"""The start-up path (issue 15 point 4): the key slot is opened by a module that loads
nothing of the store, so the KDF can run on a thread while the program imports the
rest; the screenshot reads only the tab it shows."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bjstc_desktop.core.errors import AuthenticationError
from bjstc_desktop.gui.screenshot import render_main_window
from bjstc_desktop.store import authlog
from bjstc_desktop.store.unlocking import open_slot
from bjstc_desktop.workstation import Workstation
from tests.conftest import OFFICER_PASS
from tests.gui.conftest import ZHANG

HEAVY = ("sqlalchemy", "bjstc_desktop.store.engine", "bjstc_desktop.store.models", "bjstc_desktop.workstation",
         "bjstc_desktop.ops.cases", "PySide6.QtWidgets")


def test_the_slot_opens_without_loading_the_store_or_qt(demo_dir: Path) -> None:
    """In a fresh process, opening the slot (the whole KDF) loads neither SQLAlchemy, the
    store engine, the ORM models, the workstation API nor Qt: they load beside it."""
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from bjstc_desktop.store.unlocking import open_slot
        slot = open_slot(Path({str(demo_dir)!r}), {ZHANG!r}, {OFFICER_PASS!r})
        assert slot.opened.bundle.data_key
        print(",".join(m for m in {HEAVY!r} if m in sys.modules))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_a_wrong_passphrase_at_the_slot_is_refused_and_counted(demo_dir: Path) -> None:
    before = authlog.pending_delay(demo_dir, ZHANG)
    with pytest.raises(AuthenticationError):
        open_slot(demo_dir, ZHANG, "not the passphrase", wait_for_delay=False)
    assert authlog.failures(demo_dir, ZHANG)
    assert authlog.pending_delay(demo_dir, ZHANG) >= before


def test_the_opened_slot_unlocks_the_same_workstation_as_open(demo_dir: Path) -> None:
    slot = open_slot(demo_dir, ZHANG, OFFICER_PASS, wait_for_delay=False)
    with Workstation.open_unlocked(demo_dir, ZHANG, OFFICER_PASS, slot) as ws:
        halves = (ws.actor, ws.cases.counts())
    with Workstation.open(demo_dir, ZHANG, OFFICER_PASS, wait_for_delay=False) as ws:
        whole = (ws.actor, ws.cases.counts())
    assert halves == whole


def test_the_screenshot_of_a_duty_tab_reads_no_other_tab(ws: Workstation, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Showing the window on the 工作台 first and then switching would read the desk's
    lists for nothing: the asked tab is current before the window shows."""
    desk_reads: list[object] = []
    monkeypatch.setattr(ws.cases, "due_summary", lambda *a, **k: desk_reads.append(a) or pytest.fail("desk read"))
    out = render_main_window(ws, tmp_path / "market.png", "market")
    assert out.is_file()
    assert desk_reads == []
