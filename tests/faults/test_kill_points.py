"""kill -9 of `bjstc` at its durable steps (the brief of session 11, point 1): for each
command that writes, a run to the end counts the steps (before and after every COMMIT,
rename, link, unlink and fsync); then the command is killed at points spread over
them (a fixed seed: BJSTC_FAULT_SEED; BJSTC_FAULT_POINTS per command, 2 in CI, `all` for
every step: `make faults`). After each kill:

- the store unlocks with the same passphrase and `audit verify` passes (assert_sound);
- nothing is half-done (wholeness.half_done): no case without its revision, timeline or
  create event, no letter number without its letter, no blob without its row or row
  without its blob, no temporary file;
- no plaintext of what the command wrote (a marker in titles and attachments) in any
  file of the data folder or of the temporary folder the program was given;
- an output folder holds, under a final name, only what the store says was written.

The commands run in a forked copy of the test process (tests/faults/forked.py), so a
kill costs the command's own work and not Python's start-up.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from sqlalchemy import text

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import AuthenticationError
from bjstc_desktop.core.roles import Role
from bjstc_desktop.ops.accounts import parse_modules
from bjstc_desktop.workstation import Workstation
from tests.conftest import OFFICER_PASS
from tests.faults import forked
from tests.faults.conftest import (
    CONTRACT,
    Bench,
    assert_sound,
    make_peers,
    node_of,
    table_count,
)
from tests.faults.wholeness import MARKER, files_holding, half_done, unregistered_letter_files
from tests.letters.conftest import TECH_CONTRACT
from tests.store.xlsx_lists import CONTRACT_HEADERS, contract_row, write_xlsx

pytestmark = pytest.mark.slow
POINTS = os.environ.get("BJSTC_FAULT_POINTS", "2")
SEED = int(os.environ.get("BJSTC_FAULT_SEED", "20261208"))
FIELDS = [a for k, v in CONTRACT.items() for a in ("--field", f"{k}={v}")]
Check = Callable[[Workstation], None]
# Inputs made ahead for this many trials at most (every step of a command: BJSTC_FAULT_POINTS=all).
_TRIALS_AT_MOST = int(POINTS) if POINTS != "all" else 90


def kill_points(steps: int, rng: random.Random) -> list[int]:
    """The steps to kill at: every one, or one drawn from each of POINTS equal stretches
    (with `all`, every one up to 90)."""
    k = _TRIALS_AT_MOST
    if k >= steps:
        return list(range(1, steps + 1))
    return [rng.randint(1 + steps * i // k, max(1 + steps * i // k, steps * (i + 1) // k)) for i in range(k)]


def _nothing(_ws: Workstation) -> None:
    """No check beyond the common ones."""


def kill_trials(bench: Bench, tmp_path: Path, argv_for: Callable[[int], Sequence[str]], check: Check = _nothing, *,
                user: str = "zhang", media: Sequence[Path] = (), ok_codes: tuple[int, ...] = (0,),
                **extra: str) -> int:
    """Run `argv_for(0)` to its end (counting its steps), then `argv_for(i)` killed at
    the i-th chosen step; the common checks and `check` after each. Returns the trials."""
    scratch = tmp_path / "tmp"  # the program's temporary folder: nothing may stay in it
    scratch.mkdir(exist_ok=True)
    env = bench.env(user, TMPDIR=str(scratch), **extra)
    full = forked.run(argv_for(0), env, workdir=tmp_path / "run-0")
    assert full.returncode in ok_codes and full.steps > 0, full.stderr
    rng = random.Random(f"{SEED}-{' '.join(argv_for(0)[:2])}")
    points = kill_points(full.steps, rng)
    for trial, point in enumerate(points, 1):
        outcome = forked.run(argv_for(trial), env, kill_at=point, workdir=tmp_path / f"run-{trial}")
        where = f"{' '.join(argv_for(trial)[:3])}: killed at step {point} of {full.steps} (seed {SEED})"
        assert "Traceback" not in outcome.stdout + outcome.stderr, f"{where}\n{outcome.stderr}"
        assert outcome.returncode in (None, *ok_codes), f"{where}\n{outcome.stderr}"
        try:
            assert_sound(bench, media=media)
            with bench.open("admin") as ws:
                assert half_done(ws, bench.data_dir) == []
                check(ws)
            assert files_holding([bench.data_dir, scratch]) == []
            assert list(scratch.iterdir()) == []
        except AssertionError as exc:
            raise AssertionError(f"{where}: {exc}") from exc
    return len(points)


def _cases(bench: Bench, n: int, fields: dict[str, str] | None = None, title: str = "案件") -> list[str]:
    with bench.open() as ws:
        return [ws.cases.create("tech_contract", f"{title}{MARKER}{i}", fields or CONTRACT).id for i in range(n)]


def _registered_files(folder: Path) -> Check:
    """Every PDF in `folder` under a final name is a letter the register holds."""
    def check(ws: Workstation) -> None:
        assert unregistered_letter_files(ws, folder) == []
    return check


def test_case_new(bench: Bench, tmp_path: Path) -> None:
    kill_trials(bench, tmp_path, lambda i: ["case", "new", "--type", "tech_contract", "--title", f"立案{MARKER}{i}",
                                            *FIELDS])


def test_case_attach(bench: Bench, tmp_path: Path) -> None:
    [case_id] = _cases(bench, 1)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n" + MARKER.encode() + os.urandom(3 << 20))  # more than one 1 MiB chunk

    def attachments_audited(ws: Workstation) -> None:
        with ws.store.read() as s:
            audited = s.execute(text("SELECT count(*) FROM audit_events WHERE action = 'attachment_add'")).scalar()
        assert table_count(ws, "attachments") == audited

    kill_trials(bench, tmp_path, lambda i: ["case", "attach", case_id, str(scan)], attachments_audited)


def test_case_edit(bench: Bench, tmp_path: Path) -> None:
    [case_id] = _cases(bench, 1)
    kill_trials(bench, tmp_path, lambda i: ["case", "edit", case_id, "--title", f"改名{MARKER}{i}",
                                            "--field", f"tech_amount={60 + i}万"])


def test_bulk_act(bench: Bench, tmp_path: Path) -> None:
    per = 4
    ids = _cases(bench, per * (_TRIALS_AT_MOST + 1))

    def each_case_whole(ws: Workstation) -> None:
        with ws.store.read() as s:
            for case_id, state in s.execute(text("SELECT id, state FROM cases")).all():
                reviews = s.execute(text("SELECT count(*) FROM timeline_events WHERE case_id = :c AND "
                                         "action = 'review'"), {"c": case_id}).scalar()
                acts = s.execute(text("SELECT count(*) FROM audit_events WHERE action = 'case_act' AND "
                                      "target_id = :c"), {"c": case_id}).scalar()
                assert reviews == acts and (state != "受理") == (reviews == 1), (case_id, state, reviews, acts)

    # each trial moves the cases still 受理 (the others are refused: exit 5, partly done)
    kill_trials(bench, tmp_path, lambda i: ["case", "bulk-act", "review", *ids[i * per:(i + 1) * per]],
                each_case_whole, ok_codes=(0, 5))


def test_bulk_assign(bench: Bench, tmp_path: Path) -> None:
    ids = _cases(bench, 30)
    with bench.open("admin") as ws:
        ws.accounts.add("zhao", Role.OFFICER, OFFICER_PASS)
    with bench.open("sec") as ws:
        ws.accounts.set_access("zhao", Level.SECRET, parse_modules("all") or frozenset())

    def handlers_follow_the_audit(ws: Workstation) -> None:
        with ws.store.read() as s:
            for case_id, handler in s.execute(text("SELECT c.id, u.name FROM cases c JOIN users u "
                                                   "ON u.id = c.handler_id")).all():
                details = s.execute(text("SELECT details FROM audit_events WHERE action = 'case_assign' AND "
                                         "target_id = :c ORDER BY seq DESC LIMIT 1"), {"c": case_id}).scalar()
                assert handler == (json.loads(details)["after"] if details else "zhang"), (case_id, handler, details)

    # the approver li is not needed: an officer hands his own cases over, back and forth
    kill_trials(bench, tmp_path, lambda i: ["case", "bulk-assign", ("zhao", "zhang")[i % 2], *ids,
                                            "--reason", f"调整{i}"], handlers_follow_the_audit, ok_codes=(0, 5))


def test_bulk_letter(bench: Bench, tmp_path: Path) -> None:
    ids = _cases(bench, 2, fields={**TECH_CONTRACT}, title="发函")
    out = tmp_path / "letters"
    out.mkdir()

    def folder(i: int) -> Path:
        (out / str(i)).mkdir(exist_ok=True)
        return out / str(i)

    kill_trials(bench, tmp_path, lambda i: ["case", "bulk-letter", "tech_contract_certificate", *ids, "-o", str(folder(i))],
                _registered_files(out), media=[out])


def test_letter(bench: Bench, tmp_path: Path) -> None:
    [case_id] = _cases(bench, 1, fields={**TECH_CONTRACT}, title="出证")
    out = tmp_path / "letters"
    out.mkdir()
    kill_trials(bench, tmp_path, lambda i: ["letter", case_id, "tech_contract_certificate", "--format", "both",
                                            "-o", str(out / f"证明{i}.pdf")], _registered_files(out), media=[out])


def test_excel_import(bench: Bench, tmp_path: Path) -> None:
    sheets = [write_xlsx(tmp_path / f"list{i}.xlsx", CONTRACT_HEADERS,
                         [contract_row(f"2026{i:02d}0108{n:06d}", name=f"合同{MARKER}{n}") for n in range(60)])
              for i in range(_TRIALS_AT_MOST + 1)]

    def all_or_nothing(ws: Workstation) -> None:
        with ws.store.read() as s:
            imports = s.execute(text("SELECT count(*) FROM audit_events WHERE action = 'import_xlsx'")).scalar()
        assert table_count(ws, "cases") == 60 * imports

    kill_trials(bench, tmp_path, lambda i: ["import", "xlsx", str(sheets[i]), "--profile", "tech_contracts"],
                all_or_nothing)


def test_archive_file(bench: Bench, tmp_path: Path) -> None:
    ids = _cases(bench, _TRIALS_AT_MOST + 1)
    with bench.open() as ws:
        for case_id in ids:
            ws.workflow.act(case_id, "review")
            ws.workflow.act(case_id, "refuse", "不予登记")

    def filed_cases_are_read_only_and_whole(ws: Workstation) -> None:  # archive_problems: numbers and events
        with ws.store.read() as s:
            filed = set(s.execute(text("SELECT DISTINCT case_id FROM archive_items")).scalars())
            marked = set(s.execute(text("SELECT target_id FROM audit_events WHERE action = 'case_file'")).scalars())
        assert filed == marked

    kill_trials(bench, tmp_path, lambda i: ["archive", "file", ids[i]], filed_cases_are_read_only_and_whole)


def test_user_passwd(bench: Bench, tmp_path: Path) -> None:
    """A passphrase change killed at any step: exactly one of the two opens (the old until
    the change committed), and the store is whole."""
    passes = [OFFICER_PASS, *(f"passphrase number {i:02d}" for i in range(_TRIALS_AT_MOST + 2))]
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    full = forked.run(["user", "passwd", "zhang"], bench.env("zhang", passes[0], TMPDIR=str(scratch),
                                                             BJSTC_NEW_PASSPHRASE=passes[1]), workdir=tmp_path / "0")
    assert full.returncode == 0, full.stderr
    current = 1
    for trial, point in enumerate(kill_points(full.steps, random.Random(SEED)), 1):
        new = passes[current + 1]
        outcome = forked.run(["user", "passwd", "zhang"], bench.env("zhang", passes[current], TMPDIR=str(scratch),
                                                                    BJSTC_NEW_PASSPHRASE=new),
                             kill_at=point, workdir=tmp_path / str(trial))
        assert outcome.returncode in (None, 0) and "Traceback" not in outcome.stderr, outcome.stderr
        assert_sound(bench)
        opens = []
        for k in (current, current + 1):
            try:
                Workstation.open(bench.data_dir, "zhang", passes[k], wait_for_delay=False).close()
                opens.append(k)
            except AuthenticationError:  # the one that does not open
                continue
        assert len(opens) == 1, (trial, point, opens)
        current = opens[0]
        assert list(scratch.iterdir()) == []


@pytest.fixture
def peers(tmp_path: Path) -> tuple[Bench, Bench]:
    a, b = make_peers(tmp_path / "peers")
    scan = tmp_path / "scan.pdf"
    with a.open() as ws:
        for i in range(3):
            case = ws.cases.create("tech_contract", f"同步{MARKER}{i}", CONTRACT)
            scan.write_bytes(b"%PDF-1.4 " + MARKER.encode() + os.urandom(1_200_000))
            ws.attachments.add(case.id, scan)
    return a, b


def test_sync_import_with_attachments(peers: tuple[Bench, Bench], tmp_path: Path) -> None:
    a, b = peers
    count = _TRIALS_AT_MOST + 1
    packages = []
    for i in range(count):
        folder = tmp_path / f"usb{i}"
        folder.mkdir()
        with a.open() as ws:
            case = ws.cases.create("tech_contract", f"批次{MARKER}{i}", CONTRACT)
            (tmp_path / "more.pdf").write_bytes(b"%PDF-1.4 " + MARKER.encode() + os.urandom(300_000))
            ws.attachments.add(case.id, tmp_path / "more.pdf")
            packages.append(Path(ws.sync.export_package([node_of(b)], folder, full=True).path))

    def whole_or_nothing(ws: Workstation) -> None:
        journal = table_count(ws, "sync_journal")
        with ws.store.read() as s:
            audited = s.execute(text("SELECT count(*) FROM audit_events WHERE action = 'sync_import'")).scalar()
            received = s.execute(text("SELECT count(*) FROM attachments")).scalar()
        assert journal == audited
        assert table_count(ws, "cases") == received  # each case came with its attachment, or neither

    kill_trials(b, tmp_path, lambda i: ["sync", "import", str(packages[i])], whole_or_nothing)
    with b.open() as ws:  # a retry of every package completes the exchange
        for p in packages:
            ws.sync.import_package(p)
        assert table_count(ws, "cases") == 3 + count


def test_sync_export(peers: tuple[Bench, Bench], tmp_path: Path) -> None:
    a, b = peers
    usb = tmp_path / "usb"
    usb.mkdir()

    def packages_recorded(ws: Workstation) -> None:
        with ws.store.read() as s:
            exported = s.execute(text("SELECT count(*) FROM audit_events WHERE action = 'sync_export'")).scalar()
        assert table_count(ws, "sync_outbox") == exported
        assert len([p for p in usb.iterdir() if not p.name.startswith(".")]) <= exported

    kill_trials(a, tmp_path, lambda i: ["sync", "export", "--to", node_of(b), "--full", "-o", str(usb)],
                packages_recorded, media=[usb])


def test_backup(bench: Bench, tmp_path: Path) -> None:
    _cases(bench, 5)
    usb = tmp_path / "usb"
    usb.mkdir()

    def backups_whole(ws: Workstation) -> None:
        with ws.store.read() as s:
            audited = s.execute(text("SELECT count(*) FROM audit_events WHERE action = 'backup'")).scalar()
        written = sorted(p for p in usb.iterdir() if not p.name.startswith("."))
        assert len(written) <= audited
        if written:  # the newest backup under its final name restores
            Workstation.restore(written[-1], tmp_path / f"restored-{len(list(tmp_path.iterdir()))}", "zhang",
                                OFFICER_PASS)

    kill_trials(bench, tmp_path, lambda i: ["backup", "-o", str(usb / f"b{i}.bak")], backups_whole, user="admin",
                media=[usb])


def test_audit_verify(bench: Bench, tmp_path: Path) -> None:
    _cases(bench, 3)
    kill_trials(bench, tmp_path, lambda i: ["audit", "verify"], user="shen")


def test_letter_void(bench: Bench, tmp_path: Path) -> None:
    [case_id] = _cases(bench, 1, fields={**TECH_CONTRACT}, title="作废")
    with bench.open() as ws:
        numbers = [ws.letters.issue(case_id, "tech_contract_certificate", tmp_path / f"{i}.pdf").number
                   for i in range(_TRIALS_AT_MOST + 1)]

    def voided_once_and_audited(ws: Workstation) -> None:
        with ws.store.read() as s:
            voided = s.execute(text("SELECT count(*) FROM letters WHERE status = '作废'")).scalar()
            audited = s.execute(text("SELECT count(*) FROM audit_events WHERE action = 'letter_void'")).scalar()
        assert voided == audited, (voided, audited)

    kill_trials(bench, tmp_path, lambda i: ["letter", "void", numbers[i], "--reason", f"文字有误{MARKER}"],
                voided_once_and_audited)


def test_integrity_add(bench: Bench, tmp_path: Path) -> None:
    def recorded_and_audited(ws: Workstation) -> None:
        with ws.store.read() as s:
            audited = s.execute(text("SELECT count(*) FROM audit_events WHERE action LIKE 'integrity%'")).scalar()
        assert table_count(ws, "integrity_records") <= audited

    kill_trials(bench, tmp_path, lambda i: [
        "integrity", "add", "--field", "subject_kind=单位", "--field", f"name=失信单位{MARKER}{i}",
        "--field", "number=91110000600037341L", "--field", "source=市科委", "--field", f"decision_no=京科失〔2026〕{i + 1}号",
        "--field", "measure=取消申报资格", "--field", "start_on=2025-01-01"], recorded_and_audited)


def test_expert_draw(bench: Bench, tmp_path: Path) -> None:
    """A panel drawn whole or not at all: every draw has its members, its audit event, and
    replays from its recorded seed."""
    from tests.store.duty_seed import add_pool, hnte_in_review

    with bench.open() as ws:
        add_pool(ws, tech=8, finance=2)
        ids = [hnte_in_review(ws) for _ in range(_TRIALS_AT_MOST + 1)]

    def draws_whole(ws: Workstation) -> None:
        with ws.store.read() as s:
            empty = s.execute(text("SELECT count(*) FROM panel_draws d WHERE NOT EXISTS "
                                   "(SELECT 1 FROM panel_members m WHERE m.draw_id = d.id)")).scalar()
            draws = s.execute(text("SELECT count(*) FROM panel_draws")).scalar()
            audited = s.execute(text("SELECT count(*) FROM audit_events WHERE action = 'panel_draw'")).scalar()
            drawn = set(s.execute(text("SELECT case_id FROM panel_draws")).scalars())
        assert empty == 0 and draws == audited, (empty, draws, audited)
        with bench.open() as officer:  # each recorded draw computed again from its seed
            assert all(r.same for case_id in drawn for r in officer.panels.replay(case_id))

    kill_trials(bench, tmp_path, lambda i: ["expert", "draw", ids[i]], draws_whole)


def test_export_cases(bench: Bench, tmp_path: Path) -> None:
    """The case list to a stick, killed at any step: no file under its final name that is
    not whole, and the next export there clears what the killed one left (the sheet's
    spool holds case data in plain)."""
    _cases(bench, 30)
    usb = tmp_path / "usb"
    usb.mkdir()

    def whole_workbooks(_ws: Workstation) -> None:
        import openpyxl

        for book in usb.glob("*.xlsx"):
            assert openpyxl.load_workbook(book, read_only=True).active is not None

    kill_trials(bench, tmp_path, lambda i: ["export", "cases", "--out", str(usb / f"清单{i}.xlsx")], whole_workbooks,
                media=[usb])


def test_export_cases_killed_while_it_writes(bench: Bench, tmp_path: Path) -> None:
    """As above, the kill at a random moment of the writing (between durable steps)."""
    _cases(bench, 300)
    usb = tmp_path / "usb"
    usb.mkdir()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = bench.env(TMPDIR=str(scratch))
    began = time.monotonic()
    assert forked.run(["export", "cases", "--out", str(usb / "whole.xlsx")], env, workdir=tmp_path / "0").returncode == 0
    took = time.monotonic() - began
    rng = random.Random(f"{SEED}-export-timed")
    for trial in range(1, _TRIALS_AT_MOST + 1):
        after = rng.uniform(0, took)
        outcome = forked.run(["export", "cases", "--out", str(usb / f"{trial}.xlsx")], env, kill_after=after,
                             workdir=tmp_path / str(trial))
        assert outcome.returncode in (None, 0) and "Traceback" not in outcome.stderr, outcome.stderr
        assert_sound(bench, media=[usb])  # the next export's check clears the killed one's files
        assert list(scratch.iterdir()) == []


def test_outputs_killed_while_they_write(bench: Bench, tmp_path: Path) -> None:
    """Every writer to a stick killed at random moments of its work (between durable
    steps too): the next export there clears all it left, nothing stays in the temporary
    folder, and the store is whole."""
    ids = _cases(bench, 40, fields=dict(TECH_CONTRACT))
    with bench.open() as ws:
        for case_id in ids[:3]:
            ws.workflow.act(case_id, "review")
            ws.workflow.act(case_id, "refuse", "不予登记")
            ws.archives.file(case_id)
    usb = tmp_path / "usb"
    usb.mkdir()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = bench.env(TMPDIR=str(scratch))
    writers = {
        "e-records": lambda i: ["archive", "export-records", "-o", str(usb / f"电子档案{i}")],
        "catalogue pdf": lambda i: ["archive", "print", "-o", str(usb / f"目录{i}.pdf")],
        "catalogue xlsx": lambda i: ["archive", "export", "-o", str(usb / f"目录{i}.xlsx")],
        "dashboard": lambda i: ["dashboard", "market", "--xlsx", str(usb / f"统计{i}.xlsx")],
        "bulk letters": lambda i: ["case", "bulk-letter", "tech_contract_certificate", *ids[3 + 2 * i:5 + 2 * i],
                                   "-o", str(usb)],
    }
    rng = random.Random(f"{SEED}-outputs")
    for name, argv_for in writers.items():
        began = time.monotonic()
        whole = forked.run(argv_for(0), env, workdir=tmp_path / f"{name}-0")
        assert whole.returncode == 0, whole.stderr
        took = time.monotonic() - began
        for trial in range(1, min(_TRIALS_AT_MOST, 8) + 1):
            after = rng.uniform(0, took)
            outcome = forked.run(argv_for(trial), env, kill_after=after, workdir=tmp_path / f"{name}-{trial}")
            where = f"{name}: killed {after:.2f}s of {took:.2f}s in (seed {SEED})"
            assert outcome.returncode in (None, 0) and "Traceback" not in outcome.stderr, f"{where}\n{outcome.stderr}"
            try:
                assert_sound(bench, media=[usb])
                with bench.open("admin") as ws:
                    assert half_done(ws, bench.data_dir) == []
                    assert unregistered_letter_files(ws, usb, "*-tech_contract_certificate.pdf") == []
                assert list(scratch.iterdir()) == []
            except AssertionError as exc:
                raise AssertionError(f"{where}: {exc}") from exc
