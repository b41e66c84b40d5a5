"""GUI fixtures: one QApplication (pytest-qt's) set up like the product's — the bundled
UI font, the style, the Chinese catalogue — and a workstation with demo cases, built
once per session with a cheap Argon2 cost and copied for every test that uses it."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.modules import MODULE_CODES
from bjstc_desktop.core.roles import Role
from bjstc_desktop.demo import populate
from bjstc_desktop.gui import draft_keeper, prefs
from bjstc_desktop.gui.startup import create_application
from bjstc_desktop.gui.translations import set_language
from bjstc_desktop.gui.worker import wait_for_jobs
from bjstc_desktop.store import kdf
from bjstc_desktop.tools import build_translations
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS, FAST_KDF, OFFICER_PASS, Station, init_copy, make_station
from tests.gui.store_calls import no_store_calls_on_the_gui_thread  # noqa: F401  (autouse: every GUI test)

# Offscreen, the one screen is the officer's: 1366x768 less a 40 px task bar (the room
# every window must fit). Set before pytest-qt creates the QApplication.
SCREEN_CONFIG = Path(__file__).with_name("screen-1366x728.json")
if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN_CONFIG}"

MARKET_CASES = 250  # by li, whose scope is the market duty only
SPREAD_CASES = 52  # by zhang, 4 in each of the 13 duties
ZHANG = "zhang"
APPROVER = "wang"  # 处长, every duty


@pytest.fixture(scope="session")
def gui_app(qapp: QApplication) -> QApplication:
    """The application as app.main sets it up, in Chinese, with compiled catalogues."""
    assert build_translations.build() == 0
    create_application()
    set_language("zh")
    return qapp


@pytest.fixture(autouse=True)
def _chinese_ui(gui_app: QApplication) -> Iterator[None]:
    """Every test starts in Chinese and leaves no background job running."""
    set_language("zh")
    yield
    wait_for_jobs()
    set_language("zh")


@pytest.fixture(autouse=True)
def _own_settings(tmp_path: Path) -> Iterator[Path]:
    """Each test remembers into its own settings file (never the machine user's), and
    starts with nobody's preferences in use."""
    folder = tmp_path / "settings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    prefs.use_user(None)
    yield folder
    prefs.use_user(None)


@pytest.fixture(autouse=True)
def _unsaved_forms_are_discarded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A form left with changes at the end of a test is discarded, never asked about (a
    modal question would wait for a click); the tests of that question set their own."""
    monkeypatch.setattr(draft_keeper, "ask_unsaved", lambda _parent: draft_keeper.DISCARD)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workstation: zhang (秘密, all duties) and li (秘密, market only), with
    250 market cases handled by li and 52 cases across every duty handled by zhang.
    Made once per test run and shared by its xdist workers (it took each worker most of
    a minute, the largest single cost of a GUI run); tests only ever copy it."""
    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER") and _can_lock:
        run_folder = run_folder.parent  # the run's folder, above each worker's own
    shared = run_folder / "gui-demo-template"
    with _exclusive(run_folder / "gui-demo-template.lock"):
        if not (shared / "made").exists():
            shutil.rmtree(shared, ignore_errors=True)  # a worker that died making it left a part
            _make_demo(shared / "ws")
            (shared / "made").touch()
    return shared / "ws"


try:
    import fcntl

    _can_lock = True
except ImportError:  # Windows: no advisory locks here
    _can_lock = False


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """One xdist worker at a time (an advisory lock on `lock_path`)."""
    if not _can_lock:  # each worker makes its own
        yield
        return
    with open(lock_path, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _make_demo(folder: Path) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kdf, "DEFAULT_KDF", FAST_KDF)
        make_station(folder, officers={ZHANG: (Level.SECRET, "all"), "li": (Level.SECRET, "market")})
        with Workstation.open(folder, "li", OFFICER_PASS, wait_for_delay=False) as ws:
            populate(ws, MARKET_CASES, seed=7)
        with Workstation.open(folder, ZHANG, OFFICER_PASS, wait_for_delay=False) as ws:
            populate(ws, SPREAD_CASES, seed=8)


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo workstation for one test."""
    target = tmp_path / "ws"
    shutil.copytree(demo_template, target, ignore=shutil.ignore_patterns("*.lock"))
    return target


@pytest.fixture
def ws(demo_dir: Path) -> Iterator[Workstation]:
    """The demo workstation unlocked as zhang."""
    station = Workstation.open(demo_dir, ZHANG, OFFICER_PASS, wait_for_delay=False)
    yield station
    station.close()


def _init_office(data_dir: Path) -> Station:
    """zhang (科员) and wang (处长), both with every duty in scope."""
    station = make_station(data_dir, officers={ZHANG: (Level.SECRET, "all")})
    with Workstation.open(station.data_dir, "admin", ADMIN_PASS, wait_for_delay=False) as admin:
        admin.accounts.add(APPROVER, Role.APPROVER, OFFICER_PASS, Level.SECRET, frozenset(MODULE_CODES))
    return station


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[Workstation, Workstation]]:
    """An empty workstation unlocked twice: as zhang (科员) and as wang (处长), both with
    every duty in scope, for tests that make their own cases."""
    station = init_copy(("gui-office",), tmp_path / "office", _init_office,
                        lambda made, folder: Station(folder, made.init))
    officer = station.open(ZHANG)
    approver = station.open(APPROVER)
    yield officer, approver
    wait_for_jobs()
    officer.close()
    approver.close()
