"""Offices for sync tests: each a workstation with an officer (zhang) and a security
administrator (sec), trusting each other's cards as the procedure asks."""

from __future__ import annotations

import contextlib
import gc
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.modules import MODULE_CODES
from bjstc_desktop.core.roles import Role
from bjstc_desktop.sync.suites import DEFAULT_OFFER
from bjstc_desktop.workstation import Workstation
from tests.blobs_at_rest import sealed_blobs
from tests.conftest import ADMIN_PASS, OFFICER_PASS, hub_for_new_node, init_copy

SEC_PASS = "security passphrase 1"
CONTRACT = {"contract_type": "技术开发", "seller": "北京测试科技有限公司", "seller_uscc": "91110000600037341L",
            "contract_amount": "100万", "tech_amount": "80万"}


@dataclass
class Office:
    """One workstation of the exchange."""

    name: str
    data_dir: Path
    node_id: str
    fingerprint: str
    recovery_code: str = ""
    sessions: dict[str, Workstation] = field(default_factory=dict)

    def ws(self, user: str = "zhang") -> Workstation:
        """The workstation unlocked as zhang (officer), sec (security administrator) or
        admin; kept open for the test (unlocking and closing each time is slow)."""
        if user not in self.sessions:
            pw = {"zhang": OFFICER_PASS, "sec": SEC_PASS, "admin": ADMIN_PASS}.get(user, OFFICER_PASS)
            self.sessions[user] = Workstation.open(self.data_dir, user, pw, wait_for_delay=False)
            _OPEN.append(self)
        return self.sessions[user]

    @contextlib.contextmanager
    def open(self, user: str = "zhang") -> Iterator[Workstation]:
        """`with office.open() as ws:` — the kept session."""
        yield self.ws(user)

    def close(self) -> None:
        """Close every session."""
        for ws in self.sessions.values():
            ws.close()
        self.sessions.clear()

    def card(self) -> Path:
        """This office's identity card file."""
        path = self.data_dir.parent / f"{self.name}.card"
        if not path.exists():
            with self.open() as ws:
                ws.peers.export_identity(path)
        return path


_OPEN: list[Office] = []


@pytest.fixture(autouse=True)
def _close_sessions() -> Iterator[None]:
    """Close the offices' sessions after each test."""
    yield
    while _OPEN:
        _OPEN.pop().close()


def make_office(root: Path, name: str, ceiling: Level = Level.SECRET, clearance: Level = Level.SECRET,
                modules: frozenset[str] = frozenset(MODULE_CODES), suites: tuple[str, ...] = DEFAULT_OFFER) -> Office:
    """A workstation with zhang (officer) and sec (security administrator), offering
    `suites` for sync (most preferred first); in a test, a copy of the same init made once
    per session (tests/conftest.py `init_copy`)."""
    return init_copy(("office", name, ceiling, clearance, modules, suites), root / name,
                     lambda folder: _init_office(folder, name, ceiling, clearance, modules, suites),
                     lambda made, folder: replace(made, data_dir=folder, sessions={}))


def _init_office(data_dir: Path, name: str, ceiling: Level, clearance: Level, modules: frozenset[str],
                 suites: tuple[str, ...]) -> Office:
    """make_office's own init, every time."""
    init = Workstation.init(data_dir, name, "admin", ADMIN_PASS, office=f"{name}处", ceiling=ceiling, suites=suites,
                            hub=hub_for_new_node())
    with Workstation.open(data_dir, "admin", ADMIN_PASS) as ws:
        ws.accounts.add("zhang", Role.OFFICER, OFFICER_PASS, min(clearance, ceiling), modules)
        ws.accounts.add("sec", Role.SECADMIN, SEC_PASS, recovery_code=init.recovery_code)
    return Office(name, data_dir, init.node_id, init.fingerprint, init.recovery_code)


def trust(a: Office, b: Office, **kw: Any) -> None:
    """`a`'s security administrator trusts `b` after checking its fingerprint."""
    with a.open("sec") as ws:
        ws.peers.trust(b.card(), b.fingerprint, **kw)


def link(*offices: Office) -> None:
    """Every office trusts every other."""
    for a in offices:
        for b in offices:
            if a is not b:
                trust(a, b)


def dump(office: Office, skip: tuple[str, ...] = ("audit_events",)) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (a logical dump, to prove nothing changed)."""
    with office.ws("admin").store.engine.connect() as conn:
        tables = sorted(inspect(conn).get_table_names())  # on either store
        out = {}
        for t in tables:
            # a hub's record of who wrote each audit event follows the trail (store/hubroles.py),
            # and so does its workstation file (hub_files: the audit anchor moves at each close),
            # which on a workstation is workstation.json, outside the store
            follows_trail = t in ("hub_audit_origin", "hub_files", "hub_files_history")
            if t in skip or t.startswith("case_search") or (follows_trail and "audit_events" in skip):
                continue
            out[t] = sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{t}"'))), key=repr)
        return out


def blob_files(office: Office) -> set[str]:
    """The blobs at rest: the names in blobs/ (temporary files included), or on a hub the
    names in hub_blob_chunks (tests/blobs_at_rest.py)."""
    ws = office.ws("admin")
    if ws.store.is_hub:
        return set(sealed_blobs(ws))
    return {p.name for p in (office.data_dir / "blobs").iterdir()}


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Office, Office]]:
    """Two offices, A and B, trusting each other."""
    a, b = make_office(tmp_path, "甲站"), make_office(tmp_path, "乙站")
    link(a, b)
    yield a, b


def usb(root: Path) -> Path:
    """The folder standing in for a removable medium."""
    folder = root / "usb"
    folder.mkdir(exist_ok=True)
    return folder


def send(src: Office, dst: Office | list[Office], out: Path, full: bool = False, user: str = "zhang") -> Path:
    """Export from `src` to `dst` into `out` (a folder) and return the package path."""
    targets = dst if isinstance(dst, list) else [dst]
    out.mkdir(parents=True, exist_ok=True)
    with src.open(user) as ws:
        report = ws.sync.export_package([t.node_id for t in targets], out, full=full)
    return Path(report.path)


def receive(dst: Office, package: Path, user: str = "zhang") -> Any:
    """Import `package` at `dst`; the report."""
    with dst.open(user) as ws:
        return ws.sync.import_package(package)


def peak_memory(fn: Callable[[], object]) -> int:
    """The most memory Python held while `fn` ran (bytes, tracemalloc), after a collection."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
