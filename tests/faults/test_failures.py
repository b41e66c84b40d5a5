"""The failures of issue 13, finding 9 (must-hold 9): each gets a plain message and the
exit code of the contract (1 refused, 3 authentication, 4 integrity), never stack frames
on the officer's terminal."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bjstc_desktop.core.errors import IntegrityError, MediaError
from bjstc_desktop.store import blobs
from bjstc_desktop.workstation import Workstation
from tests.conftest import OFFICER_PASS
from tests.faults.conftest import CONTRACT, Bench, make_peers, node_of

NEW_PASS = "a brand new passphrase 2"


def _no_frames(proc: subprocess.CompletedProcess[str]) -> None:
    text = proc.stdout + proc.stderr
    assert "Traceback" not in text and 'File "' not in text and "Logging error" not in text, text


# ----- read-only target and data folder --------------------------------------------------------
_READ_ONLY_TARGET = """
import errno, os, sys
from bjstc_desktop import cli
target, real = sys.argv[1], os.open
def refusing(path, *a, **k):
    if str(path).startswith(target):
        raise OSError(errno.EROFS, "Read-only file system", str(path))
    return real(path, *a, **k)
os.open = refusing
sys.exit(cli.main(sys.argv[2:]))
"""


def test_a_read_only_target_is_refused_plainly(bench: Bench, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    for user, argv in (("admin", ["backup", "-o", str(usb / "x.bak")]),
                       ("zhang", ["export", "cases", "--out", str(usb / "x.xlsx")]),
                       ("zhang", ["identity", "export", "-o", str(usb / "card")])):
        proc = subprocess.run([sys.executable, "-c", _READ_ONLY_TARGET, str(usb), *argv], env=bench.env(user),
                              capture_output=True, text=True, timeout=180)
        _no_frames(proc)
        assert proc.returncode == 1 and "只读" in proc.stderr and str(usb) in proc.stderr, (argv, proc.stderr)
        assert list(usb.iterdir()) == []


_READ_ONLY_DATA = r"""
set -u
mount --bind "$DATA" "$DATA" && mount -o remount,bind,ro "$DATA" || exit 97
for cmd in "case list" "info"; do
  "$PY" -m bjstc_desktop.cli $cmd; echo "rc=$?"
done
"""


@pytest.mark.slow
def test_a_read_only_data_folder_is_refused_plainly(bench: Bench) -> None:
    env = {**bench.env(), "DATA": str(bench.data_dir), "PY": sys.executable}
    if os.geteuid() != 0:  # permissions bind an ordinary account
        os.chmod(bench.data_dir, 0o555)
        try:
            procs = [bench.bjstc(*cmd) for cmd in (["case", "list"], ["info"])]
        finally:
            os.chmod(bench.data_dir, 0o700)
        out = "".join(f"{p.stderr}rc={p.returncode}\n" for p in procs)
    else:  # root ignores them: a read-only bind mount in a private namespace
        unshare = shutil.which("unshare")
        if unshare is None:
            pytest.skip("running as root without unshare(1): no read-only folder can be made")
        proc = subprocess.run([unshare, "--mount", "bash", "-c", _READ_ONLY_DATA], env=env, capture_output=True,
                              text=True, timeout=300)
        if proc.returncode == 97:
            pytest.skip(f"no read-only bind mount here: {proc.stderr.strip()[:200]}")
        _no_frames(proc)
        out = proc.stderr + proc.stdout
    assert out.count("rc=1") == 2, out
    assert out.count("只读") >= 2 and str(bench.data_dir) in out, out
    assert "Traceback" not in out and "发生内部错误" not in out, out


# ----- the store file itself --------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not a database at all" * 100])
def test_an_empty_or_foreign_store_file_is_exit_4_never_a_fresh_schema(bench: Bench, content: bytes) -> None:
    (bench.data_dir / "store.db").write_bytes(content)
    for name in ("store.db-wal", "store.db-shm"):
        (bench.data_dir / name).unlink(missing_ok=True)
    proc = bench.bjstc("case", "list")
    _no_frames(proc)
    assert proc.returncode == 4 and "store.db" in proc.stderr, proc.stderr
    assert (bench.data_dir / "store.db").read_bytes() == content  # never turned into an empty workstation


def test_a_damaged_page_is_exit_4_and_sqlciphers_own_lines_go_to_our_log(bench: Bench) -> None:
    with bench.open() as ws:
        for i in range(60):
            ws.cases.create("tech_contract", f"填充{i}" * 20, CONTRACT)
    db = bench.data_dir / "store.db"
    data = bytearray(db.read_bytes())
    page = 4096
    for start in range(len(data) // 2 // page * page, len(data), page):  # the later half of the pages
        data[start + 100 : start + 164] = os.urandom(64)
    db.write_bytes(bytes(data))
    proc = bench.bjstc("case", "list")
    _no_frames(proc)
    assert proc.returncode == 4, proc.stderr
    assert "sqlcipher" not in proc.stderr.lower() and "hmac" not in proc.stderr.lower(), proc.stderr
    assert "store.db" in proc.stderr
    assert "hmac check failed" in (bench.data_dir / "logs" / "sqlcipher.log").read_text(errors="replace")


_KILLED_AFTER_COMMITS = f"""
import os, sys
from pathlib import Path
from bjstc_desktop.workstation import Workstation
ws = Workstation.open(Path(sys.argv[1]), "zhang", {OFFICER_PASS!r}, wait_for_delay=False)
for i in range(12):
    ws.cases.create("tech_contract", f"只在WAL中{{i}}", {CONTRACT!r})
os._exit(0)  # killed: no close, no checkpoint; the commits are in store.db-wal only
"""


@pytest.mark.parametrize("damage", ["deleted", "damaged"])
def test_a_lost_or_damaged_wal_after_a_crash_is_reported(bench: Bench, damage: str) -> None:
    with bench.open() as ws:
        ws.cases.create("tech_contract", "早已检查点", CONTRACT)
    subprocess.run([sys.executable, "-c", _KILLED_AFTER_COMMITS, str(bench.data_dir)], check=True, timeout=180)
    wal = bench.data_dir / "store.db-wal"
    assert wal.stat().st_size > 0
    if damage == "deleted":
        wal.unlink()
    else:
        data = bytearray(wal.read_bytes())
        middle = len(data) // 2
        data[middle : middle + 256] = os.urandom(256)
        wal.write_bytes(bytes(data))
    (bench.data_dir / "store.db-shm").unlink(missing_ok=True)
    proc = bench.bjstc("case", "list")
    _no_frames(proc)
    assert proc.returncode == 4, proc.stderr
    assert "丢失" in proc.stderr and "store.db-wal" in proc.stderr, proc.stderr


# ----- inputs that are not regular files ---------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_inputs_that_are_not_regular_files_are_refused_without_hanging(bench: Bench, tmp_path: Path) -> None:
    fifo = tmp_path / "stick"
    os.mkfifo(fifo)
    for user, argv in (("zhang", ["sync", "import", str(fifo)]), ("admin", ["restore", str(fifo), "--yes"]),
                       ("zhang", ["identity", "show", str(fifo)]),
                       ("sec", ["peer", "trust", str(fifo), "--fingerprint", "0000"])):
        proc = bench.bjstc(*argv, user=user, timeout=120)  # a hang fails here (TimeoutExpired)
        _no_frames(proc)
        assert proc.returncode == 1 and "不是" in proc.stderr and str(fifo) in proc.stderr, (argv, proc.stderr)


# ----- a passphrase changed by another program -------------------------------------------------
def test_a_passphrase_change_ends_other_sessions_acceptance_of_the_old_one(bench: Bench) -> None:
    gui = bench.open()  # the GUI's session, open all day
    try:
        proc = bench.bjstc("user", "passwd", "zhang", BJSTC_NEW_PASSPHRASE=NEW_PASS)
        assert proc.returncode == 0, proc.stderr
        assert gui.verify_passphrase(OFFICER_PASS) is False  # the idle lock's unlock re-reads the slots
        assert gui.verify_passphrase(NEW_PASS) is True
    finally:
        gui.close()


# ----- a damaged attachment in an export --------------------------------------------------------
@pytest.mark.slow
def test_an_export_names_the_case_of_a_damaged_attachment_and_can_skip_it(tmp_path: Path) -> None:
    a, b = make_peers(tmp_path)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 " + os.urandom(5000))
    with a.open() as ws:
        whole = ws.cases.create("tech_contract", "附件完好", CONTRACT)
        broken = ws.cases.create("tech_contract", "附件损坏", CONTRACT)
        ws.attachments.add(broken.id, scan)
        blob = next(p for p in (a.data_dir / "blobs").iterdir() if not p.name.startswith("."))
    data = bytearray(blob.read_bytes())
    data[-20] ^= 0xFF
    blob.write_bytes(bytes(data))
    usb = tmp_path / "usb"
    usb.mkdir()
    proc = a.bjstc("sync", "export", "--to", node_of(b), "-o", str(usb))
    _no_frames(proc)
    assert proc.returncode == 4 and broken.case_no in proc.stderr and "--skip-damaged" in proc.stderr, proc.stderr
    assert whole.case_no not in proc.stderr and list(usb.iterdir()) == []
    proc = a.bjstc("sync", "export", "--to", node_of(b), "-o", str(usb), "--skip-damaged")
    assert proc.returncode == 0 and broken.case_no in proc.stderr, proc.stderr
    [package] = list(usb.iterdir())
    with b.open() as ws:
        assert ws.sync.import_package(package).new == 2


# ----- messages that name the right thing ---------------------------------------------------------
def test_messages_name_what_was_being_written_or_read(bench: Bench, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from bjstc_desktop.ops import sync_media

    usb = tmp_path / "usb"
    usb.mkdir()
    real = sync_media.os.fsync
    monkeypatch.setattr(sync_media.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    with bench.open() as ws, pytest.raises(MediaError) as err:
        ws.peers.export_identity(usb / "card")
    monkeypatch.setattr(sync_media.os, "fsync", real)
    assert "身份卡" in err.value.zh and "同步包" not in err.value.zh
    with pytest.raises(IntegrityError) as damaged:
        blobs.read_blob(tmp_path, "missing", b"\0" * 32, "0" * 64, blobs.LETTER_COPY)
    assert "公文副本" in damaged.value.zh and "附件" not in damaged.value.zh


def test_a_workstation_opened_in_two_threads_of_one_program_stays_sound(bench: Bench) -> None:
    """The GUI writes from worker threads: waiting audit events go out exactly once."""
    ws = bench.open()
    try:
        errors: list[BaseException] = []

        def create(i: int) -> None:
            try:
                ws.cases.create("tech_contract", f"线程{i}", CONTRACT)
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=create, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
    finally:
        ws.close()
    with bench.open("shen") as auditor:
        assert auditor.admin.verify_audit().ok
    assert isinstance(Workstation, type)


def test_attachments_and_logs_are_readable_by_their_owner_only(bench: Bench, tmp_path: Path) -> None:
    """Issue 11, finding 11 (hygiene), for the files this suite's writers make."""
    import stat

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 private")
    with bench.open() as ws:
        ws.attachments.add(ws.cases.create("tech_contract", "权限", CONTRACT).id, scan)
    assert bench.bjstc("case", "list").returncode == 0  # the command writes its log
    made = [p for p in (bench.data_dir / "blobs").iterdir()] + [bench.data_dir / "logs" / "bjstc.log"]
    assert made and {oct(stat.S_IMODE(p.stat().st_mode)) for p in made} == {oct(0o600)}
