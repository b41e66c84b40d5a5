"""Faults on the office hub (issue 19 point 8; the brief of session 11, point 4), at
statements drawn with a fixed seed (BJSTC_FAULT_SEED) from each command's own, for the
writing commands of an officer (case new, edit, bulk act, Excel import, attach, letter,
passphrase change):

- the server stopped (an immediate shutdown, SIGQUIT to the postmaster, what `pg_ctl
  stop -m immediate` sends) just before the chosen statement, the command going on
  against it: exit 1 with 无法连接集中库 / Cannot reach the hub (in the officer's
  language), no traceback;
- the client killed (SIGKILL) just before the chosen statement, in the middle of its
  transaction: the server rolls it back, and its advisory write lock goes with it (the
  next command never waits busy).

After each, with the server up again: the store is whole (tests/faults/wholeness.py: no
case without revision, timeline or event, no number without its letter), no blob chunk
that no row names, the audit chain verifies; a stopped command changed nothing.
In CI one fault per command (stop or kill, by the seed); BJSTC_FAULT_HUB_TRIALS=N tries
N statements per command for each fault.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import text

import tests.conftest as shared
from tests.conftest import AUDITOR_PASS, OFFICER_PASS, Station, env_for, make_station
from tests.faults import forked
from tests.faults.wholeness import half_done
from tests.hubdb import ThrowawayCluster
from tests.letters.conftest import TECH_CONTRACT
from tests.store.xlsx_lists import CONTRACT_HEADERS, contract_row, write_xlsx

pytestmark = [pytest.mark.slow, pytest.mark.fresh_inits("its workstations live on a server of its own, which it stops")]
TRIALS = int(os.environ.get("BJSTC_FAULT_HUB_TRIALS", "0"))
SEED = int(os.environ.get("BJSTC_FAULT_SEED", "20261208"))
FIELDS = [a for k, v in TECH_CONTRACT.items() for a in ("--field", f"{k}={v}")]
UNREACHABLE = {"zh": "无法连接集中库", "en": "Cannot reach the hub"}
_UNNAMED_CHUNKS = text("SELECT count(DISTINCT name) FROM hub_blob_chunks WHERE name NOT IN ("
                       "SELECT blob_name FROM attachments UNION SELECT blob_name FROM letters UNION "
                       "SELECT ofd_blob_name FROM letters WHERE ofd_blob_name IS NOT NULL UNION "
                       "SELECT blob_name FROM sync_blobs)")


@pytest.fixture(scope="module")
def server(cluster_factory) -> ThrowawayCluster:  # type: ignore[no-untyped-def]
    return cluster_factory(durable=True)  # every acknowledged commit survives an immediate shutdown


@pytest.fixture
def hub(server: ThrowawayCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Station]:
    url = server.url(server.new_database())
    monkeypatch.setattr(shared, "hub_for_new_node", lambda: url)
    yield make_station(tmp_path / "hub", administrators=True)
    if server.server is None or server.server.poll() is not None:
        server.restart()


def _stop_server(server: ThrowawayCluster) -> Callable[[], None]:
    """What the child runs at the chosen statement: the server goes down under it."""
    assert server.server is not None
    postmaster = server.server.pid

    def stop() -> None:
        os.kill(postmaster, signal.SIGQUIT)
        time.sleep(0.5)  # every backend has ended: the next statement meets a closed connection
    return stop


def _sound(station: Station) -> dict[str, int]:
    """The checks after a fault (server up); the row counts to compare."""
    with station.open("admin", shared.ADMIN_PASS) as ws:
        assert half_done(ws, station.data_dir) == []
        with ws.store.read() as s:
            assert s.execute(_UNNAMED_CHUNKS).scalar() == 0, "blob chunks that no row names"
            counts = {t: s.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                      for t in ("cases", "case_fields", "timeline_events", "letters", "attachments",
                                "sync_revisions", "hub_blob_chunks")}
            for action, n in s.execute(text("SELECT action, count(*) FROM audit_events WHERE action NOT IN "
                                            "('unlock', 'unlock_failed', 'audit_verify') GROUP BY action")).all():
                counts[f"event {action}"] = n  # (audit_verify: this check's own)
    with station.open("shen", AUDITOR_PASS) as ws:
        assert ws.admin.verify_audit().ok
    return counts


def _trials(station: Station, server: ThrowawayCluster, tmp_path: Path, name: str,
            argv_for: Callable[[int], Sequence[str]], **extra: str) -> None:
    env = env_for(station.data_dir, "zhang", OFFICER_PASS, TMPDIR=str(tmp_path), BJSTC_BUSY_WAIT_SECONDS="20", **extra)
    full = forked.run(argv_for(0), env, workdir=tmp_path / f"{name}-0", statements=True)
    assert full.returncode == 0 and full.steps > 0, full.stderr
    rng = random.Random(f"{SEED}-{name}")
    trial = 0
    # CI: one fault a command, stop or kill by the seed; BJSTC_FAULT_HUB_TRIALS=N: N of each
    faults = [rng.choice(("stop", "kill"))] if TRIALS == 0 else ["stop"] * TRIALS + ["kill"] * TRIALS
    for fault in faults:
        trial += 1
        point = rng.randint(1, full.steps)
        lang = rng.choice(("zh", "en"))
        before = _sound(station)
        outcome = forked.run(argv_for(trial), {**env, "BJSTC_LANG": lang}, workdir=tmp_path / f"{name}-{trial}",
                             kill_at=point, statements=True,
                             at_step=_stop_server(server) if fault == "stop" else None)
        where = f"{name}: {fault} at statement {point} of {full.steps} ({lang}, seed {SEED})"
        said = outcome.stdout + outcome.stderr
        assert "Traceback" not in said and "psycopg" not in said, f"{where}\n{said}"
        if fault == "stop":
            server.restart()
            assert outcome.returncode in (0, 1), f"{where}\n{said}"
            if outcome.returncode == 1:
                assert UNREACHABLE[lang] in outcome.stderr, f"{where}\n{said}"
        else:
            assert outcome.returncode in (None, 0), f"{where}\n{said}"
        try:
            after = _sound(station)
            if outcome.returncode == 1:
                assert after == before, "a stopped command changed something"
        except AssertionError as exc:
            raise AssertionError(f"{where}: {exc}") from exc
    # the write lock of the killed client went with its connection: the next one writes at once
    again = forked.run(argv_for(trial + 1), {**env, "BJSTC_BUSY_WAIT_SECONDS": "2"}, workdir=tmp_path / f"{name}-last")
    assert again.returncode == 0, again.stderr


def _cases(station: Station, n: int) -> list[str]:
    with station.open() as ws:
        return [ws.cases.create("tech_contract", f"集中库{i}", dict(TECH_CONTRACT)).id for i in range(n)]


def test_case_new_and_edit(hub: Station, server: ThrowawayCluster, tmp_path: Path) -> None:
    _trials(hub, server, tmp_path, "case new", lambda i: ["case", "new", "--type", "tech_contract",
                                                          "--title", f"新{i}", *FIELDS])
    [case_id] = _cases(hub, 1)
    _trials(hub, server, tmp_path, "case edit", lambda i: ["case", "edit", case_id, "--title", f"改{i}",
                                                           "--field", f"tech_amount={50 + i}万"])


def test_bulk_act_and_import(hub: Station, server: ThrowawayCluster, tmp_path: Path) -> None:
    ids = _cases(hub, 3 * (2 * TRIALS + 3))
    _trials(hub, server, tmp_path, "bulk-act", lambda i: ["case", "bulk-act", "review", *ids[3 * i:3 * i + 3]])
    sheets = [write_xlsx(tmp_path / f"list{i}.xlsx", CONTRACT_HEADERS,
                         [contract_row(f"2026{i:02d}0108{n:06d}") for n in range(30)]) for i in range(2 * TRIALS + 3)]
    _trials(hub, server, tmp_path, "import", lambda i: ["import", "xlsx", str(sheets[i]), "--profile",
                                                        "tech_contracts"])


def test_attach_and_letter(hub: Station, server: ThrowawayCluster, tmp_path: Path) -> None:
    [case_id] = _cases(hub, 1)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n" + os.urandom(2_500_000))  # three chunks
    _trials(hub, server, tmp_path, "attach", lambda i: ["case", "attach", case_id, str(scan)])
    out = tmp_path / "letters"
    out.mkdir()
    _trials(hub, server, tmp_path, "letter", lambda i: ["letter", case_id, "tech_contract_certificate",
                                                        "--format", "both", "-o", str(out / f"{i}.pdf")])
