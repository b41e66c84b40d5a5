"""kill -9 at random points of each long operation (issue 13, must-hold 11): case new,
case act, letter, Excel import, sync export and import, backup, restore, passphrase
change. After each kill the store unlocks, the audit chain verifies, what is there
matches what was committed (and audited), and nothing is left behind.

Each operation is timed once to completion; the kills fall uniformly over that time,
counted from the moment the command begins (after Python's start-up). BJSTC_FAULT_TRIALS
kills per operation (2 in CI; `make faults` runs more); BJSTC_FAULT_SEED repeats a run.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bjstc_desktop.store.models import AuditEvent
from bjstc_desktop.workstation import Workstation
from tests.conftest import OFFICER_PASS
from tests.faults.conftest import (
    CONTRACT,
    SEED,
    TRIALS,
    Bench,
    assert_sound,
    audit_count,
    make_peers,
    node_of,
    table_count,
)
from tests.letters.conftest import TECH_CONTRACT
from tests.store.xlsx_lists import contracts

pytestmark = pytest.mark.slow
FIELDS = [a for k, v in CONTRACT.items() for a in ("--field", f"{k}={v}")]


def _kills(bench: Bench, rng: random.Random, argv_for, check, *, user: str = "zhang", media=(), **extra: str) -> None:  # type: ignore[no-untyped-def]
    """Time the command once, then kill it TRIALS times at random points; `check(ws)`
    after each (as the administrator), besides the common checks."""
    took = bench.timed(*argv_for(0), user=user, **extra)
    for trial in range(1, TRIALS + 1):
        after = rng.uniform(0, took * 1.1)
        finished = bench.killed(*argv_for(trial), after=after, user=user, **extra)
        where = f"trial {trial}, killed {after:.3f}s of {took:.3f}s in (seed {SEED})"
        assert finished in (None, 0), where
        try:
            assert_sound(bench, media=media)
            with bench.open("admin") as ws:
                check(ws)
        except AssertionError as exc:
            raise AssertionError(f"{where}: {exc}") from exc


def _every_case_audited(ws: Workstation) -> None:
    """Each case has its case_create event (imports too), in the same commit."""
    assert table_count(ws, "cases") == audit_count(ws, "case_create")


def test_case_new(bench: Bench, rng: random.Random) -> None:
    _kills(bench, rng, lambda i: ["case", "new", "--type", "tech_contract", "--title", f"立案{i}", *FIELDS],
           _every_case_audited)


def test_case_act(bench: Bench, rng: random.Random) -> None:
    with bench.open() as ws:
        ids = [ws.cases.create("tech_contract", f"审核{i}", CONTRACT).id for i in range(TRIALS + 1)]

    def states_follow_the_audit(ws: Workstation) -> None:
        with ws.store.read() as s:
            for case_id in ids:
                acts = [json.loads(d) for d in s.execute(
                    select(AuditEvent.details).where(AuditEvent.action == "case_act", AuditEvent.target_id == case_id)
                    .order_by(AuditEvent.seq)).scalars()]
                state = s.execute(text("SELECT state FROM cases WHERE id = :i"), {"i": case_id}).scalar_one()
                assert state == (acts[-1]["after"] if acts else "受理"), case_id
                assert len(acts) == s.execute(text("SELECT count(*) FROM timeline_events WHERE case_id = :i AND "
                                                   "action = 'review'"), {"i": case_id}).scalar_one()

    _kills(bench, rng, lambda i: ["case", "act", ids[i], "review", "--opinion", "材料齐全"], states_follow_the_audit)


def test_letter(bench: Bench, rng: random.Random, tmp_path: Path) -> None:
    out = tmp_path / "letters"
    out.mkdir()
    with bench.open() as ws:
        case_id = ws.cases.create("tech_contract", "出证明", TECH_CONTRACT).id

    def register_is_whole(ws: Workstation) -> None:
        with ws.store.read() as s:
            seqs = list(s.execute(text("SELECT seq FROM letters ORDER BY seq")).scalars())
            shas = set(s.execute(text("SELECT sha256 FROM letters")).scalars())
        assert seqs == list(range(1, len(seqs) + 1))  # no number skipped, none given twice
        assert len(seqs) == audit_count(ws, "letter_issue")
        import hashlib

        for pdf in out.iterdir():  # a file under its final name carries a registered number
            if not pdf.name.startswith("."):
                assert hashlib.sha256(pdf.read_bytes()).hexdigest() in shas, pdf.name

    _kills(bench, rng, lambda i: ["letter", case_id, "tech_contract_certificate", "-o", str(out / f"证明{i}.pdf")],
           register_is_whole, media=[out])


def test_excel_import(bench: Bench, rng: random.Random, tmp_path: Path) -> None:
    sheets = [contracts(tmp_path / f"list{i}.xlsx", *(f"2026{i:02d}0108{n:06d}" for n in range(150)))
              for i in range(TRIALS + 1)]

    def all_or_nothing(ws: Workstation) -> None:
        _every_case_audited(ws)
        assert table_count(ws, "cases") == 150 * audit_count(ws, "import_xlsx")

    _kills(bench, rng, lambda i: ["import", "xlsx", str(sheets[i]), "--profile", "tech_contracts"], all_or_nothing)


@pytest.fixture
def peers(tmp_path: Path) -> tuple[Bench, Bench]:
    a, b = make_peers(tmp_path)
    scan = tmp_path / "scan.pdf"
    with a.open() as ws:
        for i in range(6):
            case = ws.cases.create("tech_contract", f"同步{i}", CONTRACT)
            scan.write_bytes(b"%PDF-1.4 " + os.urandom(400_000))
            ws.attachments.add(case.id, scan)
    return a, b


def test_sync_export(peers: tuple[Bench, Bench], rng: random.Random, tmp_path: Path) -> None:
    a, b = peers
    usb = tmp_path / "usb"
    usb.mkdir()

    def packages_are_recorded(ws: Workstation) -> None:
        assert table_count(ws, "sync_outbox") == audit_count(ws, "sync_export")
        assert len([p for p in usb.iterdir() if not p.name.startswith(".")]) <= audit_count(ws, "sync_export")

    _kills(a, rng, lambda i: ["sync", "export", "--to", node_of(b), "--full", "-o", str(usb)], packages_are_recorded,
           media=[usb])


def test_sync_import(peers: tuple[Bench, Bench], rng: random.Random, tmp_path: Path) -> None:
    a, b = peers
    packages = []
    for i in range(TRIALS + 1):
        folder = tmp_path / f"usb{i}"
        folder.mkdir()
        with a.open() as ws:
            ws.cases.create("tech_contract", f"批次{i}", CONTRACT)
            packages.append(Path(ws.sync.export_package([node_of(b)], folder, full=True).path))
    receiver = b

    def imported_whole_or_not_at_all(ws: Workstation) -> None:
        assert table_count(ws, "sync_journal") == audit_count(ws, "sync_import")
        assert table_count(ws, "cases") in {0, *(7 + i for i in range(TRIALS + 1))}

    _kills(receiver, rng, lambda i: ["sync", "import", str(packages[i])], imported_whole_or_not_at_all)
    with receiver.open() as ws:  # and a retry of every package completes the exchange
        for p in packages:
            ws.sync.import_package(p)
        assert table_count(ws, "cases") == 6 + len(packages)


def test_backup(bench: Bench, rng: random.Random, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    with bench.open() as ws:
        for i in range(20):
            ws.cases.create("tech_contract", f"备份{i}", CONTRACT)

    def backups_are_whole(ws: Workstation) -> None:
        written = sorted(p for p in usb.iterdir() if not p.name.startswith("."))
        assert len(written) <= audit_count(ws, "backup")
        if written:
            Workstation.restore(written[-1], tmp_path / f"check-{len(written)}-{rng.random()}", "zhang", OFFICER_PASS)

    _kills(bench, rng, lambda i: ["backup", "-o", str(usb / f"b{i}.bak")], backups_are_whole, user="admin",
           media=[usb])


def test_restore(bench: Bench, rng: random.Random, tmp_path: Path) -> None:
    with bench.open() as ws:
        for i in range(10):
            ws.cases.create("tech_contract", f"恢复{i}", CONTRACT)
    backup = tmp_path / "whole.bak"
    with bench.open("admin") as ws:
        ws.admin.backup(backup)
    with bench.open() as ws:
        ws.cases.create("tech_contract", "备份之后", CONTRACT)

    def old_or_restored(ws: Workstation) -> None:
        assert table_count(ws, "cases") in (10, 11)
        _every_case_audited(ws)

    _kills(bench, rng, lambda i: ["restore", str(backup), "--yes"], old_or_restored, user="admin")


def test_passphrase_change(bench: Bench, rng: random.Random) -> None:
    passphrases = [OFFICER_PASS, *(f"passphrase number {i:02d}" for i in range(TRIALS + 2))]
    state = {"current": 0}

    def one_of_them_opens(ws: Workstation) -> None:
        # The one that opens is the new one if the change committed, else the one before.
        for k in (state["current"] + 1, state["current"]):
            try:
                Workstation.open(bench.data_dir, "zhang", passphrases[k], wait_for_delay=False).close()
            except Exception:
                continue
            state["current"] = k
            return
        raise AssertionError("neither the old nor the new passphrase opens")

    def argv(i: int) -> list[str]:
        return ["user", "passwd", "zhang"]

    took = bench.timed(*argv(0), passphrase=passphrases[0], BJSTC_NEW_PASSPHRASE=passphrases[1])
    state["current"] = 1
    for trial in range(1, TRIALS + 1):
        after = rng.uniform(0, took * 1.1)
        cur = state["current"]
        finished = bench.killed(*argv(trial), after=after, passphrase=passphrases[cur],
                                BJSTC_NEW_PASSPHRASE=passphrases[cur + 1])
        assert finished in (None, 0), (trial, after)
        assert_sound(bench)
        with bench.open("admin") as ws:
            one_of_them_opens(ws)
