"""A second program on a busy store (issue 13, must-hold 6): it waits a bounded time,
saying so, then gives up with "数据库正忙，请稍后再试" and exit 6, changing nothing;
unlocking needs no write lock, and the unlock is still audited."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import OFFICER_PASS
from tests.faults.conftest import CONTRACT, Bench, audit_count, table_count

# Another program in the middle of a long write (a 3,000-row import): it holds SQLite's
# write lock until told to stop.
_HOLDER = f"""
import sys, time
from pathlib import Path
from sqlalchemy import text
from bjstc_desktop.workstation import Workstation
ws = Workstation.open(Path(sys.argv[1]), "zhang", {OFFICER_PASS!r}, wait_for_delay=False)
stop = Path(sys.argv[2])
with ws.store.write() as s:
    s.execute(text("SELECT 1"))  # the session begins (BEGIN IMMEDIATE) at its first statement
    print("holding", flush=True)
    deadline = time.monotonic() + float(sys.argv[3])
    while not stop.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
ws.close()
"""


@pytest.fixture
def writer_lock(bench: Bench, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """Another program holding the write lock (for at most 120 s, or until `stop` exists)."""
    stop = tmp_path / "stop"
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(bench.data_dir), str(stop), "120"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    yield proc, stop
    stop.touch()
    proc.communicate(timeout=60)


def _case_new(bench: Bench, title: str, wait: str) -> subprocess.CompletedProcess[str]:
    fields = [a for k, v in CONTRACT.items() for a in ("--field", f"{k}={v}")]
    return bench.bjstc("case", "new", "--type", "tech_contract", "--title", title, *fields,
                       BJSTC_BUSY_WAIT_SECONDS=wait)


@pytest.mark.slow
def test_a_writer_waits_a_bounded_time_then_says_busy_with_exit_6(
        bench: Bench, writer_lock: tuple[subprocess.Popen[str], Path]) -> None:
    began = time.monotonic()
    proc = _case_new(bench, "忙时立案", "3")
    took = time.monotonic() - began
    assert proc.returncode == 6, proc.stderr
    assert "正在等待" in proc.stderr and "数据库正忙，请稍后再试" in proc.stderr
    assert took < 60  # bounded (the other program holds the lock for two minutes)
    _, stop = writer_lock
    stop.touch()
    writer_lock[0].communicate(timeout=60)
    with bench.open() as ws:
        assert [c.title for c in ws.cases.list()] == []  # nothing changed
        assert audit_count(ws, "case_create") == 0


@pytest.mark.slow
def test_a_writer_that_gets_its_turn_goes_on(bench: Bench, writer_lock: tuple[subprocess.Popen[str], Path]) -> None:
    holder, stop = writer_lock
    fields = [a for k, v in CONTRACT.items() for a in ("--field", f"{k}={v}")]
    proc = subprocess.Popen([sys.executable, "-m", "bjstc_desktop.cli", "case", "new", "--type", "tech_contract",
                             "--title", "等到了", *fields], env=bench.env(BJSTC_BUSY_WAIT_SECONDS="120"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    first = proc.stderr.readline()
    assert "正在等待" in first  # it says that it waits...
    stop.touch()  # ...and the other program finishes its write
    holder.communicate(timeout=60)
    _, rest = proc.communicate(timeout=120)
    assert proc.returncode == 0, rest
    with bench.open() as ws:
        assert [c.title for c in ws.cases.list()] == ["等到了"]


@pytest.mark.slow
def test_unlocking_needs_no_write_lock_and_is_still_audited(
        bench: Bench, writer_lock: tuple[subprocess.Popen[str], Path]) -> None:
    with bench.open() as ws:  # itself an unlock while the other program writes
        unlocks_before = audit_count(ws, "unlock")
    began = time.monotonic()
    proc = bench.bjstc("case", "list", BJSTC_BUSY_WAIT_SECONDS="2")
    assert proc.returncode == 0, proc.stderr  # reading while another program writes
    assert time.monotonic() - began < 60
    holder, stop = writer_lock
    stop.touch()
    holder.communicate(timeout=60)
    with bench.open() as ws:
        # Three unlocks: the count above and the list (both spooled when the store stayed
        # busy at their close), and this one.
        assert audit_count(ws, "unlock") == unlocks_before + 3
        assert table_count(ws, "cases") == 0
    with bench.open("shen") as ws:
        assert ws.admin.verify_audit().ok
