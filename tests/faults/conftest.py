"""The fault suite's bench: a workstation with an officer, an administrator and an
auditor; `bjstc` run as a separate program (so it can be killed with SIGKILL at a random
point of its work); and the checks that follow every fault: the store unlocks, the audit
chain verifies, and nothing is left behind.

Trials are bounded for CI (BJSTC_FAULT_TRIALS, 2 by default); `make faults` runs the
long version with more.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bjstc_desktop.store.models import AuditEvent
from bjstc_desktop.workstation import Workstation
from tests.conftest import (
    ADMIN_PASS,
    AUDITOR_PASS,
    OFFICER_PASS,
    SEC_PASS,
    Station,
    env_for,
    make_station,
)

TRIALS = int(os.environ.get("BJSTC_FAULT_TRIALS", "2"))
SEED = int(os.environ.get("BJSTC_FAULT_SEED", str(random.SystemRandom().randrange(1 << 30))))
PASSPHRASES = {"zhang": OFFICER_PASS, "admin": ADMIN_PASS, "shen": AUDITOR_PASS, "sec": SEC_PASS}
CONTRACT = {"contract_type": "技术开发", "seller": "北京故障测试科技有限公司", "seller_uscc": "91110000600037341L",
            "contract_amount": "100万", "tech_amount": "80万"}

# The program a trial kills: it says "go" once everything is imported, so the kill
# falls inside the command's own work and not in Python's start-up.
_CHILD = "import sys\nfrom bjstc_desktop import cli\nprint('go', flush=True)\nsys.exit(cli.main(sys.argv[1:]))\n"


def pytest_report_header() -> str:
    return f"fault suite: {TRIALS} trials per operation, seed {SEED} (BJSTC_FAULT_SEED to repeat)"


@pytest.fixture
def rng() -> random.Random:
    """Random kill points, repeatable with BJSTC_FAULT_SEED."""
    return random.Random(SEED)


@dataclass
class Bench:
    """The workstation under fault, and how to reach it."""

    station: Station

    @property
    def data_dir(self) -> Path:
        return self.station.data_dir

    def open(self, user: str = "zhang", passphrase: str | None = None) -> Workstation:
        """Unlock in this process (sweeps leftovers, like any unlock)."""
        pw = passphrase or PASSPHRASES[user]
        return Workstation.open(self.data_dir, user, pw, wait_for_delay=False)

    def env(self, user: str = "zhang", passphrase: str | None = None, **extra: str) -> dict[str, str]:
        pw = passphrase or PASSPHRASES[user]
        return env_for(self.data_dir, user, pw, **extra)

    def bjstc(self, *args: str, user: str = "zhang", passphrase: str | None = None, timeout: float = 180,
              **extra: str) -> subprocess.CompletedProcess[str]:
        """`bjstc ARGS` as a separate program; never a traceback on its terminal."""
        proc = subprocess.run([sys.executable, "-m", "bjstc_desktop.cli", *args],
                              env=self.env(user, passphrase, **extra), capture_output=True, text=True, timeout=timeout)
        assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
        return proc

    def start(self, *args: str, user: str = "zhang", passphrase: str | None = None, **extra: str) -> subprocess.Popen[str]:
        """Start `bjstc ARGS` and return once it has loaded and begins the command."""
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, *args], env=self.env(user, passphrase, **extra),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "go"
        return proc

    def timed(self, *args: str, user: str = "zhang", passphrase: str | None = None, **extra: str) -> float:
        """Seconds the command takes once loaded (to spread the kills over it); it must succeed."""
        proc = self.start(*args, user=user, passphrase=passphrase, **extra)
        began = time.monotonic()
        out, err = proc.communicate(timeout=300)
        took = time.monotonic() - began
        assert proc.returncode == 0, err
        assert "Traceback" not in out + err
        return took

    def killed(self, *args: str, after: float, user: str = "zhang", passphrase: str | None = None,
               **extra: str) -> int | None:
        """Run `bjstc ARGS`, SIGKILL it `after` seconds into its work; its exit code if it
        finished first (then it must have succeeded or refused plainly), else None."""
        proc = self.start(*args, user=user, passphrase=passphrase, **extra)
        time.sleep(after)
        finished = proc.poll()
        if finished is None:
            proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
        assert "Traceback" not in out + err
        return None if finished is None else proc.returncode


def make_bench(data_dir: Path) -> Bench:
    """Init with the three administrators (admin, the security administrator sec, the
    auditor shen) and an officer zhang with every module."""
    return Bench(make_station(data_dir, administrators=True))


def make_peers(root: Path) -> tuple[Bench, Bench]:
    """Two workstations whose security administrators trust each other's cards."""
    a, b = make_bench(root / "a"), make_bench(root / "b")
    for x, y in ((a, b), (b, a)):
        card = root / f"{y.data_dir.name}.card"
        if not card.exists():
            with y.open() as ws:
                ws.peers.export_identity(card)
        with x.open("sec") as ws:
            ws.peers.trust(card, y.station.init.fingerprint)
    return a, b


def node_of(bench: Bench) -> str:
    """The node id of a bench's workstation."""
    return bench.station.init.node_id


@pytest.fixture
def bench(station3: Station) -> Bench:
    """A fresh workstation for one test (a copy of one made once per session)."""
    return Bench(station3)


def audit_count(ws: Workstation, action: str) -> int:
    """How many events of `action` the chain holds."""
    with ws.store.read() as s:
        return s.execute(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)).scalar_one()


def table_count(ws: Workstation, table: str) -> int:
    """Rows in `table` (whatever the acting user may see)."""
    with ws.store.read() as s:
        return int(s.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())


def is_temporary_name(name: str) -> bool:
    """What our writers call a file while they write it (hidden, .partial or .tmp)."""
    return name.startswith(".") and name.endswith((".partial", ".tmp"))


def named_blobs(ws: Workstation) -> set[str]:
    """Every blob name a committed row refers to (any column named *blob_name)."""
    names: set[str] = set()
    with ws.store.read() as s:
        for table in s.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars().all():
            for column in [row[1] for row in s.execute(text(f'PRAGMA table_info("{table}")'))
                           if row[1].endswith("blob_name")]:  # a letter's OFD copy: ofd_blob_name
                names.update(n for n in s.execute(text(f'SELECT "{column}" FROM "{table}"')).scalars() if n)
    return names


def leftovers(data_dir: Path) -> list[str]:
    """Everything in the data folder that a finished program would not have left: hidden
    staging folders, temporary files, blobs no committed row names."""
    found = [p.name for p in data_dir.iterdir()
             if p.name.startswith((".backup-", ".restore-")) or is_temporary_name(p.name)]
    for sub in ("backups", "blobs"):
        folder = data_dir / sub
        if folder.is_dir():
            found += [f"{sub}/{p.name}" for p in folder.iterdir() if is_temporary_name(p.name)]
    blob_dir = data_dir / "blobs"
    if blob_dir.is_dir():
        with make_reader(data_dir) as ws:
            named = named_blobs(ws)
        found += [f"blobs/{p.name}" for p in blob_dir.iterdir() if not p.name.startswith(".") and p.name not in named]
    return found


def make_reader(data_dir: Path) -> Workstation:
    """The administrator's session (any account reads the blob names the same way)."""
    return Workstation.open(data_dir, "admin", ADMIN_PASS, wait_for_delay=False)


def hidden_files(folder: Path) -> list[str]:
    """Hidden (temporary) files in an output folder."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def assert_sound(bench: Bench, media: Sequence[Path] = ()) -> None:
    """After a fault: the store unlocks (and sweeps), the audit chain verifies, nothing is
    left in the data folder, and the next export to each medium clears its temporaries."""
    with bench.open("admin"):
        pass  # the unlock sweeps what the killed program left
    with bench.open("shen") as ws:
        result = ws.admin.verify_audit()
        assert result.ok, result
        assert ws.store.integrity_check()
    assert leftovers(bench.data_dir) == []
    for folder in media:  # the next export to the medium clears what the killed one left there
        from bjstc_desktop.store.atomicfile import check_output

        check_output(folder, folder_ok=True)  # what every export does first
        assert hidden_files(folder) == []
