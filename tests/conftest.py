"""Shared fixtures: a cheap Argon2 cost in-process, keyring's fail back end, and
workstations made in a temporary folder, on either store: the embedded SQLCipher file or
an office hub's PostgreSQL (issue 19: tests/hubdb.py starts a throw-away cluster once per
session when some test asks for the hub backend)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import keyring
import pytest
from keyring.backends import fail

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.roles import Role
from bjstc_desktop.store import kdf
from bjstc_desktop.workstation import InitResult, NewAccount, Workstation

ADMIN_PASS = "admin passphrase 1"
OFFICER_PASS = "officer passphrase 1"
SEC_PASS = "sec passphrase 1"
AUDITOR_PASS = "auditor passphrase 1"
FAST_KDF = kdf.KdfParams(memory_kib=1024, iterations=1, lanes=1)
_T = TypeVar("_T")


@pytest.fixture(autouse=True)
def _fast_kdf(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run with a cheap Argon2 cost unless marked `real_kdf` (the product never lowers it)."""
    if "real_kdf" not in request.keywords:
        monkeypatch.setattr(kdf, "DEFAULT_KDF", FAST_KDF)


@pytest.fixture(autouse=True)
def _no_system_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests never touch the machine's credential store: keyring's fail back end."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    monkeypatch.delenv("BJSTC_PASSPHRASE", raising=False)
    monkeypatch.delenv("BJSTC_NEW_PASSPHRASE", raising=False)
    monkeypatch.delenv("BJSTC_LANG", raising=False)
    yield
    keyring.set_keyring(previous)


EMBEDDED, HUB = "embedded", "hub"
# Tests of these folders that make a workstation run on both stores.
_BOTH_STORES = ("tests/store/", "tests/ops/", "tests/sync/", "tests/cli/")
_STATION_FIXTURES = {"station", "station3", "station_copy", "store_backend"}
_MAKERS = ("make_station(", "make_office(", "Workstation.init(")
_current_backend = EMBEDDED
_cluster: object | None = None
_cluster_error: str | None = None


def _hub_cluster() -> object:
    """The session's throw-away PostgreSQL cluster, started at the first use."""
    global _cluster, _cluster_error
    if _cluster is None and _cluster_error is None:
        from tests.hubdb import ThrowawayCluster, pg_bin

        bindir = pg_bin()
        if bindir is None:
            _cluster_error = "PostgreSQL is not installed (pg_ctl not found)"
        else:
            cluster = ThrowawayCluster(bindir)
            try:
                cluster.start()
            except (OSError, RuntimeError) as exc:
                cluster.stop()
                _cluster_error = f"the throw-away PostgreSQL cluster did not start: {exc}"
            else:
                _cluster = cluster
    if _cluster is None:
        pytest.skip(_cluster_error or "no PostgreSQL")
    return _cluster


def hub_available() -> bool:
    """Whether the hub backend can run here (PostgreSQL's programs are installed). With
    BJSTC_REQUIRE_HUB=1 (CI: .ci/run installs PostgreSQL) its absence is an error, never
    a quiet run on one store only."""
    from tests.hubdb import pg_bin

    if pg_bin() is not None:
        return True
    if os.environ.get("BJSTC_REQUIRE_HUB") == "1":
        raise pytest.UsageError("BJSTC_REQUIRE_HUB=1 but PostgreSQL is not installed (.ci/install-postgres)")
    return False


# Every qtbot wait (waitUntil, waitSignal, ...) has one bound: a hang detector, never a
# speed assertion (speed is what benchmarks/ measure). Waits written with their own 5-20 s
# timed out when the machine was busy: a peers read in the export wizard took over 10 s
# with twelve processes on two cores. A passing wait returns as soon as its condition
# holds, so the bound costs nothing unless something hangs.
QT_WAIT_LIMIT_MS = 60_000


def pytest_configure(config: pytest.Config) -> None:
    """Give pytest-qt's waits the suite's one hang limit as their default timeout."""
    try:
        from pytestqt.qtbot import QtBot
    except ImportError:  # pytest-qt is in the lock file; a bare interpreter runs no GUI test
        return
    for name in ("waitUntil", "waitSignal", "waitSignals", "waitCallback", "waitActive", "waitExposed"):
        defaults = getattr(QtBot, name).__kwdefaults__
        if defaults is not None and "timeout" in defaults:
            defaults["timeout"] = QT_WAIT_LIMIT_MS


def pytest_report_header(config: pytest.Config) -> str:
    """Say whether the hub tests run (they need PostgreSQL's programs)."""
    from tests.hubdb import pg_bin

    found = pg_bin()
    return f"hub backend: PostgreSQL at {found}" if found else \
        "hub backend: not run (PostgreSQL is not installed; .ci/install-postgres installs it)"


def new_hub_database(template: str | None = None) -> str:
    """The URL of a new database in the session's cluster (a copy of `template`'s)."""
    from tests.hubdb import ThrowawayCluster

    cluster = _hub_cluster()
    assert isinstance(cluster, ThrowawayCluster)
    return cluster.url(cluster.new_database(template))


def hub_for_new_node() -> str | None:
    """The hub URL a workstation made now should use: a new database when the test runs
    on the hub backend, else None (the embedded store)."""
    return new_hub_database() if _current_backend == HUB else None


def current_backend() -> str:
    """The store the running test makes its workstations on."""
    return _current_backend


def _in_both_folders(metafunc: pytest.Metafunc) -> bool:
    """The store, ops, sync and CLI tests run on both stores (issue 19 point 1); the
    end-to-end and fault tests are about the SQLCipher file and its folder."""
    path = str(metafunc.definition.path).replace(os.sep, "/")
    return any(folder in path for folder in _BOTH_STORES)


def _wants_both(metafunc: pytest.Metafunc) -> bool:
    if not _in_both_folders(metafunc):
        return False
    if _STATION_FIXTURES & set(metafunc.fixturenames):
        return True
    try:
        source = metafunc.definition.path.read_text(encoding="utf-8")
    except OSError:
        return False
    return any(m in source for m in _MAKERS)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests that make workstations run on both stores (the hub only where PostgreSQL is
    installed: CI installs it, .ci/run); `embedded_only` keeps a test on the file store,
    `hub_pending` skips its hub run with the reason (not yet passing there)."""
    if "store_backend" not in metafunc.fixturenames and not _wants_both(metafunc):
        return
    params: list[object] = [EMBEDDED]
    only = metafunc.definition.get_closest_marker("embedded_only")
    # BJSTC_HUB_TESTS=0: the embedded runs only (a CI split runs the hub ones elsewhere, `-k hub`).
    if only is None and _in_both_folders(metafunc) and os.environ.get("BJSTC_HUB_TESTS", "1") != "0" \
            and hub_available():
        pending = metafunc.definition.get_closest_marker("hub_pending")
        marks = [pytest.mark.skip(reason="not yet on the hub: " + str(pending.args[0] if pending.args else ""))] \
            if pending is not None else []
        params.append(pytest.param(HUB, marks=marks))
    if "store_backend" not in metafunc.fixturenames:
        metafunc.fixturenames.insert(0, "store_backend")  # set up before any fixture that makes a station
    metafunc.parametrize("store_backend", params, indirect=True)


@pytest.fixture
def store_backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """The store this test's workstations are made on ("embedded" or "hub")."""
    global _current_backend
    backend = getattr(request, "param", EMBEDDED)
    previous, _current_backend = _current_backend, backend
    yield backend
    _current_backend = previous


@pytest.fixture(scope="session", autouse=True)
def _stop_hub_cluster() -> Iterator[None]:
    """No server outlives the session (also on failure)."""
    yield
    global _cluster
    if _cluster is not None:
        from tests.hubdb import ThrowawayCluster

        assert isinstance(_cluster, ThrowawayCluster)
        _cluster.stop()
        _cluster = None


@dataclass
class Station:
    """A workstation made for one test: its folder, init result and accounts."""

    data_dir: Path
    init: InitResult

    def open(self, user: str = "zhang", passphrase: str = OFFICER_PASS) -> Workstation:
        """Unlock as `user`; on a hub with BJSTC_HUB_OWN_ROLES=1, connected as his own
        database role (issue 19 point 2), so every operation a test runs meets the
        database's policies (tests/hub always does; many tests here still inspect the
        audit trail through the officer's session, which his role may not read)."""
        url = own_hub_url(self.data_dir, user)
        if url is None:
            return Workstation.open(self.data_dir, user, passphrase, wait_for_delay=False)
        from bjstc_desktop.store import backends

        backends.use_hub(url)
        try:
            return Workstation.open(self.data_dir, user, passphrase, wait_for_delay=False)
        finally:
            backends.use_hub(None)


def own_hub_url(data_dir: Path, user: str) -> str | None:
    """The hub URL of `user`'s own database role when `data_dir` is a hub's node (None:
    a workstation, or an account without a role)."""
    from bjstc_desktop.store import backends

    url = backends.hub_url(data_dir)
    if url is None or os.environ.get("BJSTC_HUB_OWN_ROLES", "0") != "1":
        return None
    import psycopg
    from sqlalchemy.engine import make_url

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT h.role_name FROM hub_roles AS h JOIN users AS u ON u.id = h.user_id "
                           "WHERE u.name = %s", (user,)).fetchone()
    return make_url(url).set(username=row[0]).render_as_string(hide_password=False) if row else None


def make_station(data_dir: Path, *, ceiling: Level = Level.SECRET, officers: dict[str, tuple[Level, str]] | None = None,
                 administrators: bool = False) -> Station:
    """Init a workstation (system administrator 'admin'; with `administrators` also the
    security administrator 'sec' and the auditor 'shen', as init makes them) and have
    the system administrator add officers {name: (clearance, modules)} (clearances while
    no security administrator exists; else 'sec' grants them). In a test, a copy of the
    same init made once per session (`init_copy`): the same accounts, keys and rows."""
    officers = officers if officers is not None else {"zhang": (Level.SECRET, "all")}
    key = ("station", ceiling, tuple(officers.items()), administrators)
    return init_copy(key, data_dir, lambda folder: _init_station(folder, ceiling, officers, administrators),
                     lambda made, folder: Station(folder, made.init))


def _init_station(data_dir: Path, ceiling: Level, officers: dict[str, tuple[Level, str]],
                  administrators: bool) -> Station:
    """make_station's own init, every time."""
    three = {"secadmin": NewAccount("sec", SEC_PASS), "auditor": NewAccount("shen", AUDITOR_PASS)} if administrators else {}
    init = Workstation.init(data_dir, "测试工作站", "admin", ADMIN_PASS, office="技术市场处", ceiling=ceiling,
                            hub=hub_for_new_node(), **three)
    if officers:
        from bjstc_desktop.ops.accounts import parse_modules

        with Workstation.open(data_dir, "admin", ADMIN_PASS) as ws:
            for name, (level, modules) in officers.items():
                if administrators:
                    ws.accounts.add(name, Role.OFFICER, OFFICER_PASS)
                else:
                    ws.accounts.add(name, Role.OFFICER, OFFICER_PASS, level, parse_modules(modules))
        if administrators:
            with Workstation.open(data_dir, "sec", SEC_PASS) as ws:
                for name, (level, modules) in officers.items():
                    ws.accounts.set_access(name, level, parse_modules(modules) or frozenset())
    return Station(data_dir, init)


@pytest.fixture
def station(tmp_path: Path, store_backend: str) -> Station:
    """A workstation with one officer, zhang (秘密, all modules)."""
    return make_station(tmp_path / "ws")


@pytest.fixture
def station3(tmp_path: Path, _station_templates: dict[str, Station], store_backend: str) -> Station:
    """A workstation initialised with its three administrators, admin, sec and shen (三员),
    and one officer, zhang (秘密, all modules, granted by sec)."""
    return copy_station(_template(_station_templates, "three"), tmp_path / "ws")


@pytest.fixture
def station_copy(tmp_path: Path, _station_templates: dict[str, Station], store_backend: str) -> Station:
    """As `station` (zhang, 秘密, all modules), copied from one made once per session."""
    return copy_station(_template(_station_templates, "plain"), tmp_path / "ws")


class _Templates(dict[str, Station]):
    """Template workstations by name ("plain", "three"; "plain-hub", "three-hub" on the
    hub), each made at its first use with the cheap test Argon2 cost."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root

    def __missing__(self, key: str) -> Station:
        global _current_backend
        kind, _, backend = key.partition("-")
        previous, previous_backend = kdf.DEFAULT_KDF, _current_backend
        kdf.DEFAULT_KDF, _current_backend = FAST_KDF, backend or EMBEDDED
        try:
            self[key] = made = make_station(self.root / key, administrators=kind == "three")
        finally:
            kdf.DEFAULT_KDF, _current_backend = previous, previous_backend
        return made


@pytest.fixture(scope="session")
def _station_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Station]:
    """Workstations made once per test session and store, copied for each test that asks
    (an init costs seconds; a copy, milliseconds)."""
    return _Templates(tmp_path_factory.mktemp("templates"))


def _template(made: dict[str, Station], kind: str) -> Station:
    """The template `kind` ("plain" or "three") on the current store."""
    return made[kind if _current_backend == EMBEDDED else f"{kind}-{_current_backend}"]


def copy_station(template: Station, data_dir: Path) -> Station:
    """A fresh copy of a template workstation (same node, keys and recovery code); on the
    hub, its database copied too (CREATE DATABASE ... TEMPLATE)."""
    copy_workstation(template.data_dir, data_dir)
    return Station(data_dir, template.init)


def copy_workstation(source: Path, data_dir: Path) -> None:
    """Copy the workstation folder `source` to `data_dir`; a hub workstation's database
    is copied too (CREATE DATABASE ... TEMPLATE) and the copy points at its own."""
    import shutil

    from bjstc_desktop.store import backends

    shutil.copytree(source, data_dir)
    url = backends.hub_url(source)
    if url is not None:
        from sqlalchemy.engine import make_url

        backends.record_hub(data_dir, new_hub_database(template=make_url(url).database))


# ----- inits made once per session, copied per test ------------------------------------------------
# An init costs seconds (the Alembic migrations, six SM2 keys in pure Python, the holiday
# calendar), more on the hub; it was most of the suite's time (374 tests make a station,
# 36 sync offices). A test gets a copy of the same init instead, made at the first use of
# its arguments in the session: the same accounts, keys, rows and audit chain.
_InitKey = tuple[object, ...]
_inits: dict[_InitKey, tuple[Path, object]] = {}
_inits_root: Path | None = None
_inits_count = itertools.count()
_handed_out: set[_InitKey] | None = None  # the keys copied in the running test; None: no test runs


def init_copy(key: _InitKey, data_dir: Path, init: Callable[[Path], _T], relocate: Callable[[_T, Path], _T]) -> _T:
    """In a test, a copy in `data_dir` of the workstation `init(folder)` makes, made once
    per session, store and `key` (what `init` depends on); `relocate(made, data_dir)` is
    what `init` returned, for the copy. A fresh init, as ever: outside a test, with the
    product's Argon2 cost (`real_kdf`: the slots must carry it), into a folder that
    exists, and at the second use of a key in one test (two workstations of one test
    never share a node identity or keys)."""
    full = (*key, _current_backend)
    if _inits_root is None or _handed_out is None or full in _handed_out or kdf.DEFAULT_KDF != FAST_KDF \
            or data_dir.exists():
        return init(data_dir)
    _handed_out.add(full)
    if full not in _inits:
        folder = _inits_root / f"init{next(_inits_count)}" / data_dir.name
        made = init(folder)  # a refusal propagates as from a fresh init, and nothing is kept
        _inits[full] = (folder, made)
    folder, made = _inits[full]
    copy_workstation(folder, data_dir)
    return relocate(made, data_dir)  # type: ignore[arg-type]  # made by this key's init


@pytest.fixture(scope="session", autouse=True)
def _inits_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Where the session's inits are kept."""
    global _inits_root
    _inits_root = tmp_path_factory.mktemp("inits")
    yield
    _inits_root = None
    _inits.clear()


@pytest.fixture(autouse=True)
def _each_init_once_per_test(_inits_folder: None, request: pytest.FixtureRequest) -> Iterator[None]:
    """Within one test a key's init is copied once; a second workstation is a fresh init.
    A test marked `fresh_inits` gets fresh inits only: one that puts its workstations on a
    server of its own (it replaces `hub_for_new_node`), which a copy of the session's
    init, made elsewhere, would silently ignore."""
    global _handed_out
    _handed_out = None if request.node.get_closest_marker("fresh_inits") else set()
    yield
    _handed_out = None


def tree_bytes(folder: Path, names: tuple[str, ...] = ("store.db", "workstation.json")) -> dict[str, bytes]:
    """The bytes of the named files, to prove that nothing changed."""
    return {n: (folder / n).read_bytes() for n in names if (folder / n).exists()}


def env_for(data_dir: Path, user: str | None = None, passphrase: str | None = None, **extra: str) -> dict[str, str]:
    """An environment for running `bjstc` in a subprocess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BJSTC_")}
    env["BJSTC_DATA_DIR"] = str(data_dir)
    if user:
        env["BJSTC_USER"] = user
    if passphrase:
        env["BJSTC_PASSPHRASE"] = passphrase
    env.update(extra)
    return env
