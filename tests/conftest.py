"""Shared fixtures: a cheap Argon2 cost in-process, keyring's fail back end, and
workstations made in a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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


@dataclass
class Station:
    """A workstation made for one test: its folder, init result and accounts."""

    data_dir: Path
    init: InitResult

    def open(self, user: str = "zhang", passphrase: str = OFFICER_PASS) -> Workstation:
        """Unlock as `user`."""
        return Workstation.open(self.data_dir, user, passphrase, wait_for_delay=False)


def make_station(data_dir: Path, *, ceiling: Level = Level.SECRET, officers: dict[str, tuple[Level, str]] | None = None,
                 administrators: bool = False) -> Station:
    """Init a workstation (system administrator 'admin'; with `administrators` also the
    security administrator 'sec' and the auditor 'shen', as init makes them) and have
    the system administrator add officers {name: (clearance, modules)} (clearances while
    no security administrator exists; else 'sec' grants them)."""
    three = {"secadmin": NewAccount("sec", SEC_PASS), "auditor": NewAccount("shen", AUDITOR_PASS)} if administrators else {}
    init = Workstation.init(data_dir, "测试工作站", "admin", ADMIN_PASS, office="技术市场处", ceiling=ceiling, **three)
    officers = officers if officers is not None else {"zhang": (Level.SECRET, "all")}
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
def station(tmp_path: Path) -> Station:
    """A workstation with one officer, zhang (秘密, all modules)."""
    return make_station(tmp_path / "ws")


@pytest.fixture
def station3(tmp_path: Path, _station_templates: dict[str, Station]) -> Station:
    """A workstation initialised with its three administrators, admin, sec and shen (三员),
    and one officer, zhang (秘密, all modules, granted by sec)."""
    return copy_station(_station_templates["three"], tmp_path / "ws")


@pytest.fixture
def station_copy(tmp_path: Path, _station_templates: dict[str, Station]) -> Station:
    """As `station` (zhang, 秘密, all modules), copied from one made once per session."""
    return copy_station(_station_templates["plain"], tmp_path / "ws")


@pytest.fixture(scope="session")
def _station_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Station]:
    """Workstations made once per test session, copied for each test that asks (an init
    costs seconds; a copy, milliseconds). Made with the cheap test Argon2 cost."""
    made: dict[str, Station] = {}
    previous = kdf.DEFAULT_KDF
    kdf.DEFAULT_KDF = FAST_KDF
    try:
        root = tmp_path_factory.mktemp("templates")
        made["plain"] = make_station(root / "plain")
        made["three"] = make_station(root / "three", administrators=True)
    finally:
        kdf.DEFAULT_KDF = previous
    return made


def copy_station(template: Station, data_dir: Path) -> Station:
    """A fresh copy of a template workstation (same node, keys and recovery code)."""
    import shutil

    shutil.copytree(template.data_dir, data_dir)
    return Station(data_dir, template.init)


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
