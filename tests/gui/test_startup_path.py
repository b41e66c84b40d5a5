"""The start-up path (issue 15 point 4): the key slot is opened by a module that loads
nothing of the store, so the KDF can run on a thread while the program imports the
rest; the screenshot reads only the tab it shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from bjstc_desktop.core.errors import AuthenticationError
from bjstc_desktop.gui.screenshot import render_main_window
from bjstc_desktop.store import authlog
from bjstc_desktop.store.unlocking import open_slot
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS, OFFICER_PASS
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


# The ops modules the first screen of a duty tab has no use for: each loads when first used.
NOT_AT_START = ("bjstc_desktop.ops.letters", "bjstc_desktop.ops.workflow", "bjstc_desktop.ops.bulk",
                "bjstc_desktop.ops.exports", "bjstc_desktop.ops.dashboards", "bjstc_desktop.ops.imports",
                "bjstc_desktop.ops.sync_ops", "bjstc_desktop.ops.sync_apply", "bjstc_desktop.ops.sync_import",
                "bjstc_desktop.ops.sync_export", "bjstc_desktop.ops.experts", "bjstc_desktop.ops.panels",
                "bjstc_desktop.ops.integrity", "bjstc_desktop.ops.archives", "bjstc_desktop.ops.registers",
                "bjstc_desktop.ops.attachments", "bjstc_desktop.ops.parties", "bjstc_desktop.letters.render",
                # the write path under ws.cases (unit of work, writer of new cases, revisions), the
                # resealing, the duty and sync tables' declarations, the filed-case backstop, and
                # PostgreSQL's dialect (an embedded store never needs it)
                "bjstc_desktop.ops.case_changes", "bjstc_desktop.ops.new_cases", "bjstc_desktop.sync.revisions",
                "bjstc_desktop.store.resealing", "bjstc_desktop.store.duty_models", "bjstc_desktop.store.sync_models",
                "bjstc_desktop.store.filed_guard", "sqlalchemy.dialects.postgresql")

_FRESH = """
import json, sys
from pathlib import Path
from sqlalchemy.orm import Mapper
from bjstc_desktop.store.models import Base
from bjstc_desktop.workstation import Workstation

def state(**more):
    configured = sorted(m.class_.__name__ for m in Base.registry.mappers if m.configured)
    loaded = [m for m in {not_at_start!r} if m in sys.modules]
    return dict(configured=configured, loaded=loaded, **more)

ws = Workstation.open(Path({data!r}), {user!r}, {passphrase!r}, wait_for_delay=False)
out = {{"open": state()}}
if {tab!r}:
    from bjstc_desktop.gui.startup import create_application
    create_application()
    from bjstc_desktop.gui import screenshot
    from bjstc_desktop.gui.module_tab import ModuleTab
    from bjstc_desktop.gui.worker import wait_for_jobs
    seen = {{}}
    real = screenshot.check_fits
    def check_fits(window, size):  # the first screen is up: what it built and loaded
        seen.update(state(built=[p.key for p in window.findChildren(ModuleTab)],
                          rows=window.current_page().model.rowCount()))
        return real(window, size)
    screenshot.check_fits = check_fits
    screenshot.render_main_window(ws, Path({png!r}), {tab!r})
    wait_for_jobs()
    out["screen"] = seen
ws.close()  # verifies the audit chain since the anchor, then moves it
out["closed"] = state()
print(json.dumps(out))
"""


def _fresh_start(data: Path, tab: str, tmp_path: Path, user: str = ZHANG,
                 passphrase: str = OFFICER_PASS) -> dict[str, Any]:
    """Open the workstation in a fresh process (and show the first screen on `tab`):
    which mappers got configured and which of NOT_AT_START got imported."""
    script = _FRESH.format(not_at_start=NOT_AT_START, data=str(data), user=user, passphrase=passphrase, tab=tab,
                           png=str(tmp_path / "first.png"))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_an_unlock_configures_no_mapper_and_loads_only_its_operations(demo_dir: Path, tmp_path: Path) -> None:
    """The unlock's checks (user row, node identity, level keys and grants, commit mark,
    the unlock's audit events, slot ids) are plain SQL over the tables: no ORM mapper is
    configured, and the session's operations are not imported until used."""
    opened = _fresh_start(demo_dir, "", tmp_path)["open"]
    assert opened == {"configured": [], "loaded": []}


def test_an_administrators_unlock_configures_no_mapper(demo_dir: Path, tmp_path: Path) -> None:
    """The system administrator's unlock asks more (role keys, a security administrator
    for the hand-over): in plain SQL too."""
    opened = _fresh_start(demo_dir, "", tmp_path, user="admin", passphrase=ADMIN_PASS)["open"]
    assert opened["configured"] == []


def test_the_first_screen_of_a_duty_needs_no_orm_and_builds_one_page(demo_dir: Path, tmp_path: Path) -> None:
    """Unlock, main window, a duty tab's first page read and drawn: no mapper configured,
    none of the operations it does not call imported, no other page built."""
    started = _fresh_start(demo_dir, "market", tmp_path)
    screen = started["screen"]
    assert screen["rows"] > 0  # the page was read
    assert screen == {"configured": [], "loaded": [], "built": ["market"], "rows": screen["rows"]}
    assert started["closed"] == {"configured": [], "loaded": []}  # closing (the audit check since the anchor) too


def test_the_workbench_lists_and_counts_need_no_orm(demo_dir: Path) -> None:
    """The 工作台's counts, its overdue and due-soon lists and the first page of my cases
    are read in plain SQL (store/repositories/case_lists.py): in a fresh process no mapper
    is configured by them, and they hold the same cases as the ORM's reads."""
    script = textwrap.dedent(f"""
        import datetime as dt, json
        from pathlib import Path
        from bjstc_desktop.store.models import Base
        from bjstc_desktop.workstation import Workstation
        with Workstation.open(Path({str(demo_dir)!r}), {ZHANG!r}, {OFFICER_PASS!r}, wait_for_delay=False) as ws:
            counts = ws.cases.counts()
            due = ws.cases.due_summary(today=dt.date(2026, 12, 7))
            mine = ws.cases.list(mine=True, limit=20)
            every = ws.cases.list(limit=20)
            configured = [m.class_.__name__ for m in Base.registry.mappers if m.configured]
            print(json.dumps(dict(configured=configured, counts=sum(counts.values()), due=len(due.overdue) + len(due.upcoming),
                                  mine=[c.id for c in mine], every=[c.id for c in every],
                                  titles=[c.title for c in every])))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    read = json.loads(result.stdout.strip().splitlines()[-1])
    assert read["configured"] == []
    assert read["counts"] > 0 and read["due"] > 0 and read["mine"] and all(read["titles"])
    with Workstation.open(demo_dir, ZHANG, OFFICER_PASS, wait_for_delay=False) as ws:  # the ORM's own reads
        from bjstc_desktop.store.repositories.cases import CaseFilter, CaseRepository

        with ws.store.read() as s:
            repo = CaseRepository(s, ws.actor)
            assert [c.id for c in repo.page(CaseFilter(handler_id=ws.actor.user_id), None, 20)] == read["mine"]
            orm = repo.page(CaseFilter(), None, 20)
            assert [c.id for c in orm] == read["every"] and [c.title for c in orm] == read["titles"]


# ----- the first screen over the DB-API connection (store/firstscreen/, workstation/starting.py) -----

NO_ORM = ("sqlalchemy", "sqlalchemy.orm", "bjstc_desktop.store.models", "reportlab",
          "bjstc_desktop.workstation.session")

_SCREENSHOT = """
import json, sys
from bjstc_desktop.app import main
code = main(["--data-dir", {data!r}, "--screenshot", {png!r}, "--tab", {tab!r}])
print(json.dumps(dict(code=code, loaded=[m for m in {watch!r} if m in sys.modules])))
"""


@pytest.mark.parametrize("tab", ["market", "funding"])
def test_a_duty_screenshot_loads_no_sqlalchemy_no_models_no_reportlab(demo_dir: Path, tmp_path: Path, tab: str) -> None:
    """`bjstc-desktop --screenshot --tab <duty>` in a fresh process: unlock, window, the
    duty's first page read and drawn, picture saved, session closed — and neither
    SQLAlchemy, the ORM models, the full session nor reportlab was imported."""
    png = tmp_path / "first.png"
    script = _SCREENSHOT.format(data=str(demo_dir), png=str(png), tab=tab, watch=NO_ORM)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BJSTC_PASSPHRASE": OFFICER_PASS, "BJSTC_USER": ZHANG}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False,
                            env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"code": 0, "loaded": []}
    assert png.is_file() and png.stat().st_size > 10_000


def _first_screen(demo_dir: Path, user: str) -> Any:
    from bjstc_desktop.workstation.starting import StartingSession, open_starting

    ws = open_starting(demo_dir, user, OFFICER_PASS, open_slot(demo_dir, user, OFFICER_PASS, wait_for_delay=False))
    assert isinstance(ws, StartingSession)
    return ws


@pytest.mark.parametrize("user", [ZHANG, "li"])
def test_the_first_screen_reads_what_the_session_reads(demo_dir: Path, user: str) -> None:
    """Counts, settings, the drafts offer and a duty's first page in every sort, both
    directions, with and without a type filter, over the DB-API connection equal the
    session's own reads of the same store (sealed titles opened, dates, reminders, names)."""
    from bjstc_desktop.core.modules import module
    from bjstc_desktop.core.searchquery import CaseSort, SortKey

    asks = [(m, t, CaseSort(k, d)) for m in ("market", "funding") for t in (None, module(m).case_types[0].code)
            for k in SortKey for d in (True, False)]
    first = _first_screen(demo_dir, user)
    try:
        plain = (first.cases.counts(), first.admin.settings(), first.drafts.list(),
                 [first.cases.page(module=m, case_type=t, sort=s, limit=30) for m, t, s in asks])
        assert not first.is_full
    finally:
        first.close()
    with Workstation.open(demo_dir, user, OFFICER_PASS, wait_for_delay=False) as ws:
        orm = (ws.cases.counts(), ws.admin.settings(), ws.drafts.list(),
               [ws.cases.page(module=m, case_type=t, sort=s, limit=30) for m, t, s in asks])
    assert plain == orm
    pages = plain[3]
    assert sum(len(p.rows) for p in pages) > 100 and any(p.more for p in pages)
    assert any(r.classification != "公开" for p in pages for r in p.rows)  # sealed titles were opened
    assert any(r.due_status for p in pages for r in p.rows)


def test_a_later_page_opens_the_full_session(demo_dir: Path) -> None:
    """The first screen serves first pages only: the next page (a cursor) is the full
    session's, and from then on every read is."""
    first = _first_screen(demo_dir, ZHANG)
    try:
        page = first.cases.page(module="market", limit=20)
        assert not first.is_full and page.more
        following = first.cases.page(module="market", limit=20, cursor=page.cursor)
        assert first.is_full
        assert not {r.id for r in following.rows} & {r.id for r in page.rows}
        assert first.cases.page(module="market", limit=20) == page
    finally:
        first.close()


_DESK = """
import json
from bjstc_desktop.app import main
from bjstc_desktop.gui import screenshot
from bjstc_desktop.gui.workbench import Workbench
seen = []
real = screenshot.check_fits
def check_fits(window, size):  # the picture is about to be taken: what the registers line says
    seen.append(window.findChild(Workbench).registers.text())
    return real(window, size)
screenshot.check_fits = check_fits
code = main(["--data-dir", {data!r}, "--screenshot", {png!r}, "--tab", "workbench"])
print(json.dumps(dict(code=code, seen=seen)))
"""


def test_a_workbench_screenshot_waits_for_its_registers_line(demo_dir: Path, tmp_path: Path) -> None:
    """On the 工作台 the registers' line is a read of its own, which the first screen
    answers by opening the full session (SQLAlchemy and the models load then): in a
    fresh process the picture is taken once that line is in, as on main."""
    script = _DESK.format(data=str(demo_dir), png=str(tmp_path / "desk.png"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BJSTC_PASSPHRASE": OFFICER_PASS, "BJSTC_USER": ZHANG}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False,
                            env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["code"] == 0 and len(out["seen"]) == 1 and "专家" in out["seen"][0]
