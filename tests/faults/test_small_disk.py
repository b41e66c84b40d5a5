"""A real full disk (the brief of session 11, point 2): the data folder on a small tmpfs,
filled so that each writing command meets ENOSPC at a different point (nothing free, a
few pages, a few hundred KB, more than a MB); and sync packages, backups, letters and
exports written to a full "USB stick" (another small tmpfs).

Each command either completes or refuses with exit 1 and 磁盘空间不足 (zh) / Disk full
(en, every other trial), no traceback; refused, it changed nothing (the rows and the audit
events other than unlocks are the same); either way the store unlocks, the audit chain
verifies, nothing is half-written (wholeness.half_done), no temporary or plaintext file
stays, and a stick holds no file under a final name the store does not account for.

Levels are drawn with a fixed seed (BJSTC_FAULT_SEED); BJSTC_FAULT_DISK_LEVELS per
command (2 in CI, `all` for every level). tests/faults/smalldisk.py mounts the file
systems; they need root (else skipped: test_full_disk.py covers every machine)."""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import text

from bjstc_desktop.workstation import Workstation
from tests.conftest import OFFICER_PASS, Station
from tests.faults import forked, smalldisk
from tests.faults.conftest import CONTRACT, Bench, assert_sound, hidden_files, make_peers, node_of
from tests.faults.wholeness import MARKER, files_holding, half_done, unregistered_letter_files
from tests.letters.conftest import TECH_CONTRACT
from tests.store.xlsx_lists import CONTRACT_HEADERS, contract_row, write_xlsx

pytestmark = pytest.mark.slow
LEVELS = os.environ.get("BJSTC_FAULT_DISK_LEVELS", "2")
SEED = int(os.environ.get("BJSTC_FAULT_SEED", "20261208"))
# Bytes left free: none, a page, a few pages, a WAL's worth, more than an attachment's chunk.
LEAVES = (0, 4 << 10, 24 << 10, 96 << 10, 384 << 10, 1536 << 10)
FIELDS = [a for k, v in CONTRACT.items() for a in ("--field", f"{k}={v}")]
FULL = {"zh": "磁盘空间不足", "en": "Disk full"}


@pytest.fixture
def disks(tmp_path: Path) -> Iterator[Callable[[str, str], Path]]:
    """Mount small tmpfs file systems for one test (unmounted after it)."""
    reason = smalldisk.private_mounts()
    if reason is not None:
        pytest.skip(reason)
    mounted: list[Path] = []

    def mount(name: str, size: str) -> Path:
        mounted.append(smalldisk.mount_tmpfs(tmp_path / name, size))
        return mounted[-1]

    yield mount
    for where in mounted:
        smalldisk.unmount(where)


def _levels(name: str) -> list[int]:
    if LEVELS == "all":
        return list(LEAVES)
    rng = random.Random(f"{SEED}-{name}")
    return [0, *rng.sample(LEAVES[1:], int(LEVELS) - 1)]  # nothing free always among them


def moved_onto(bench: Bench, disk: Path) -> Bench:
    """The same workstation, copied onto `disk`."""
    shutil.copytree(bench.data_dir, disk / "ws")
    return Bench(Station(disk / "ws", bench.station.init))


def _data_files(bench: Bench) -> set[str]:
    """The files in the data folder (and its blobs, backups), but the SQLite and log files
    every run touches."""
    return {str(p.relative_to(bench.data_dir)) for p in bench.data_dir.rglob("*")
            if p.is_file() and p.parent.name not in ("logs", ".run", "run") and not p.name.startswith("store.db")
            and p.name not in ("store.head", "workstation.json") and not p.name.endswith(".lock")}


def _snapshot(bench: Bench, check_whole: bool = False) -> dict[str, int]:
    """The rows of every table and the audit events other than unlocks (and, in the
    same session, the wholeness check)."""
    with bench.open("admin") as ws:
        if check_whole:
            assert half_done(ws, bench.data_dir) == []
        return _counts(ws)


def _counts(ws: Workstation) -> dict[str, int]:
    with ws.store.read() as s:
        tables = s.execute(text("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
                                "AND name NOT LIKE 'case_search%' AND name <> 'audit_events'")).scalars().all()
        counts = {t: s.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}
        for action, n in s.execute(text("SELECT action, count(*) FROM audit_events WHERE action NOT IN "
                                        "('unlock', 'unlock_failed') GROUP BY action")).all():
            counts[f"audit {action}"] = n
    return counts


def disk_trials(bench: Bench, disk: Path, tmp_path: Path, name: str, argv_for: Callable[[int], Sequence[str]], *,
                user: str = "zhang", media: Sequence[Path] = (), passphrase: str | None = None,
                check: Callable[[Workstation], None] | None = None, **extra: str) -> int:
    """Run `argv_for(i)` with `disk` filled to each level of _levels(name); the checks
    after each. Returns how many were refused (the first level, nothing free, always is)."""
    scratch = tmp_path / f"tmp-{name}"
    scratch.mkdir()
    refused = 0
    for trial, leave in enumerate(_levels(name)):
        lang = ("zh", "en")[trial % 2]
        env = bench.env(user, passphrase, TMPDIR=str(scratch), BJSTC_LANG=lang, **extra)
        before = _snapshot(bench)
        files_before = _data_files(bench)
        smalldisk.fill(disk, leave)
        try:
            outcome = forked.run(argv_for(trial), env, workdir=tmp_path / f"{name}-{trial}")
        finally:
            smalldisk.empty(disk)
        where = f"{name}: {leave} bytes left free (trial {trial}, {lang})"
        said = outcome.stdout + outcome.stderr
        assert "Traceback" not in said and "Logging error" not in said, f"{where}\n{said}"
        bulk = argv_for(trial)[:2] in (["case", "bulk-act"], ["case", "bulk-letter"])
        # a bulk action does each case on its own: partly done is exit 5, the failed ones listed
        assert outcome.returncode in ((0, 1, 5) if bulk else (0, 1)), f"{where}: exit {outcome.returncode}\n{said}"
        if outcome.returncode == 5:
            assert FULL[lang] in outcome.stderr, f"{where}\n{outcome.stderr}"
        if outcome.returncode == 1:
            refused += 1
            assert FULL[lang] in outcome.stderr, f"{where}\n{outcome.stderr}"
            # before any unlock sweeps: a refused command took back every file it began
            assert _data_files(bench) - files_before == set(), f"{where}: left {_data_files(bench) - files_before}"
            after = _snapshot(bench, check_whole=True)
            if bulk:
                # a bulk action records its attempt (bulk_*: which cases failed), by design
                bulk = f"audit bulk_{'letters' if argv_for(trial)[1] == 'bulk-letter' else 'act'}"
                assert after.pop(bulk, 0) - before.pop(bulk, 0) in (0, 1), where
            assert after == before, where
        for folder in media:  # a program that was refused (not killed) removes its own temporaries
            assert hidden_files(folder) == [], f"{where}: {hidden_files(folder)}"
        try:
            assert_sound(bench, media=media)
            with bench.open("admin") as ws:
                if outcome.returncode != 1:  # (a refusal was checked whole above)
                    assert half_done(ws, bench.data_dir) == []
                for folder in media:
                    assert unregistered_letter_files(ws, folder) == []
                if check is not None:
                    check(ws)
            assert files_holding([bench.data_dir, scratch]) == []  # a stick holds plaintext by design
            assert list(scratch.iterdir()) == []
        except AssertionError as exc:
            raise AssertionError(f"{where}: {exc}") from exc
    assert refused >= 1, f"{name}: never refused on a full disk"
    return refused


def _cases(bench: Bench, n: int, fields: dict[str, str] | None = None) -> list[str]:
    with bench.open() as ws:
        return [ws.cases.create("tech_contract", f"满盘{MARKER}{i}", fields or CONTRACT).id for i in range(n)]


@pytest.fixture
def on_disk(bench: Bench, disks: Callable[[str, str], Path]) -> tuple[Bench, Path]:
    """The workstation on a 32 MB tmpfs (filled by each trial)."""
    disk = disks("data", "32m")
    return moved_onto(bench, disk), disk


def test_case_new_edit_and_attach(on_disk: tuple[Bench, Path], tmp_path: Path) -> None:
    bench, disk = on_disk
    [case_id] = _cases(bench, 1)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n" + MARKER.encode() + os.urandom(1200 << 10))
    disk_trials(bench, disk, tmp_path, "case new",
                lambda i: ["case", "new", "--type", "tech_contract", "--title", f"新{MARKER}{i}", *FIELDS])
    disk_trials(bench, disk, tmp_path, "case edit",
                lambda i: ["case", "edit", case_id, "--title", f"改{MARKER}{i}", "--field", f"tech_amount={50 + i}万"])
    disk_trials(bench, disk, tmp_path, "case attach", lambda i: ["case", "attach", case_id, str(scan)])


def test_bulk_act_and_import(on_disk: tuple[Bench, Path], tmp_path: Path) -> None:
    bench, disk = on_disk
    ids = _cases(bench, 4 * len(LEAVES))
    disk_trials(bench, disk, tmp_path, "bulk-act", lambda i: ["case", "bulk-act", "review", *ids[i * 4:(i + 1) * 4]])
    sheets = [write_xlsx(tmp_path / f"list{i}.xlsx", CONTRACT_HEADERS,
                         [contract_row(f"2026{i:02d}0108{n:06d}", name=f"合同{MARKER}{n}") for n in range(80)])
              for i in range(len(LEAVES))]
    disk_trials(bench, disk, tmp_path, "import", lambda i: ["import", "xlsx", str(sheets[i]), "--profile",
                                                            "tech_contracts"])


def test_letters_and_archive(on_disk: tuple[Bench, Path], tmp_path: Path) -> None:
    bench, disk = on_disk
    ids = _cases(bench, 3, fields=dict(TECH_CONTRACT))
    out = tmp_path / "out"
    out.mkdir()
    disk_trials(bench, disk, tmp_path, "letter", lambda i: ["letter", ids[0], "tech_contract_certificate",
                                                            "--format", "both", "-o", str(out / f"证明{i}.pdf")],
                media=[out])
    disk_trials(bench, disk, tmp_path, "bulk-letter", lambda i: ["case", "bulk-letter", "tech_contract_certificate",
                                                                 *ids, "-o", str(out)], media=[out])
    filed = _cases(bench, len(LEAVES))
    with bench.open() as ws:
        for case_id in filed:
            ws.workflow.act(case_id, "review")
            ws.workflow.act(case_id, "refuse", "不予登记")
    disk_trials(bench, disk, tmp_path, "archive file", lambda i: ["archive", "file", filed[i]])


def test_passphrase_change_and_audit_verify(on_disk: tuple[Bench, Path], tmp_path: Path) -> None:
    bench, disk = on_disk
    _cases(bench, 2)
    new = "a passphrase for the full disk 1"
    scratch = tmp_path / "tmp-passwd"
    scratch.mkdir()
    for trial, leave in enumerate(_levels("passwd")):
        lang = ("zh", "en")[trial % 2]
        smalldisk.fill(disk, leave)
        try:
            outcome = forked.run(["user", "passwd", "zhang"], bench.env("zhang", OFFICER_PASS, TMPDIR=str(scratch),
                                 BJSTC_LANG=lang, BJSTC_NEW_PASSPHRASE=new), workdir=tmp_path / f"passwd-{trial}")
        finally:
            smalldisk.empty(disk)
        assert "Traceback" not in outcome.stderr and outcome.returncode in (0, 1), outcome.stderr
        if outcome.returncode == 1:
            assert FULL[lang] in outcome.stderr, outcome.stderr
            Workstation.open(bench.data_dir, "zhang", OFFICER_PASS, wait_for_delay=False).close()  # the old one opens
        else:  # changed: the new one opens; change it back for the next level
            back = forked.run(["user", "passwd", "zhang"], bench.env("zhang", new, BJSTC_NEW_PASSPHRASE=OFFICER_PASS),
                              workdir=tmp_path / f"back-{trial}")
            assert back.returncode == 0, back.stderr
        assert_sound(bench)
        assert list(scratch.iterdir()) == []
    disk_trials(bench, disk, tmp_path, "audit verify", lambda i: ["audit", "verify"], user="shen")


@pytest.fixture
def peers(tmp_path: Path) -> tuple[Bench, Bench]:
    """Two trusting workstations on the ordinary disk; A holds three cases with 1.2 MB
    attachments."""
    a, b = make_peers(tmp_path / "peers")
    scan = tmp_path / "scan.pdf"
    with a.open() as ws:
        for i in range(3):
            case = ws.cases.create("tech_contract", f"同步{MARKER}{i}", CONTRACT)
            scan.write_bytes(b"%PDF-1.4 " + MARKER.encode() + os.urandom(1_200_000))
            ws.attachments.add(case.id, scan)
    return a, b


def test_sync_import_with_attachments(peers: tuple[Bench, Bench], disks: Callable[[str, str], Path],
                                      tmp_path: Path) -> None:
    a, b = peers
    packages = []
    for i in range(len(LEAVES)):
        folder = tmp_path / f"usb{i}"
        folder.mkdir()
        with a.open() as ws:
            ws.cases.create("tech_contract", f"批次{MARKER}{i}", CONTRACT)
            packages.append(Path(ws.sync.export_package([node_of(b)], folder, full=True).path))
    disk = disks("data", "32m")
    receiver = moved_onto(b, disk)
    disk_trials(receiver, disk, tmp_path, "sync import", lambda i: ["sync", "import", str(packages[i])])
    with receiver.open() as ws:  # with room again, every package imports
        for p in packages:
            ws.sync.import_package(p)
        assert len(ws.cases.list()) == 3 + len(packages)


# ----- a full "USB stick" ------------------------------------------------------------------------
def test_exports_to_a_full_stick(peers: tuple[Bench, Bench], disks: Callable[[str, str], Path],
                                 tmp_path: Path) -> None:
    """Sync packages, backups, letters, the case list and the e-records to a stick that
    is too small or full: refused plainly, no file under its final name, the store as it
    was (no export, outbox entry or backup recorded as done)."""
    a, b = peers
    usb = disks("usb", "2m")  # smaller than a full package (3 x 1.2 MB attachments) or a backup
    ids = _cases(a, 2, fields=dict(TECH_CONTRACT))
    with a.open() as ws:
        ws.workflow.act(ids[1], "review")
        ws.workflow.act(ids[1], "refuse", "不予登记")
        ws.archives.file(ids[1])
    commands: list[tuple[str, str, Callable[[int], list[str]]]] = [
        ("sync export", "zhang", lambda i: ["sync", "export", "--to", node_of(b), "--full", "-o", str(usb)]),
        ("backup", "admin", lambda i: ["backup", "-o", str(usb / f"ws{i}.bak")]),
        ("letter", "zhang", lambda i: ["letter", ids[0], "tech_contract_certificate", "--format", "both",
                                       "-o", str(usb / f"证明{i}.pdf")]),
        ("export cases", "zhang", lambda i: ["export", "cases", "--out", str(usb / f"清单{i}.xlsx")]),
        ("export-records", "zhang", lambda i: ["archive", "export-records", "-o", str(usb / f"电子档案{i}")]),
    ]
    for name, user, argv_for in commands:
        disk_trials(a, usb, tmp_path, name, argv_for, user=user, media=[usb])
        for p in usb.iterdir():  # what a completed command wrote; the next one starts on an empty stick
            shutil.rmtree(p) if p.is_dir() else p.unlink()


def test_backup_and_sync_export_from_a_full_data_disk(peers: tuple[Bench, Bench], disks: Callable[[str, str], Path],
                                                      tmp_path: Path) -> None:
    """A backup stages its snapshot in the data folder (.backup-*) and a sync export
    records its outbox entry in the store: with that folder's disk full, each refuses
    plainly (or completes) and leaves nothing there, whatever room the stick has."""
    a, b = peers
    disk = disks("data", "32m")
    sender = moved_onto(a, disk)
    usb = tmp_path / "usb"
    usb.mkdir()
    disk_trials(sender, disk, tmp_path, "backup from a full disk", lambda i: ["backup", "-o", str(usb / f"{i}.bak")],
                user="admin", media=[usb])
    disk_trials(sender, disk, tmp_path, "sync export from a full disk",
                lambda i: ["sync", "export", "--to", node_of(b), "--full", "-o", str(usb)], media=[usb])
