"""Sync packages (issues 5 and 15), four measurements:

1. Export and import of N changed records plus attachments, against raw
   ChaCha20-Poly1305 over the same number of bytes in 64 KiB chunks (encrypt and
   decrypt) in the same run; goal: at least half the raw throughput. The full run is
   100,000 records and 500 MB of attachments; --quick is small. Reported twice: the
   whole package, and attachments alone (records=0), since per-record validation and
   the store's writes dominate the first; the import alone is also given against raw
   decryption alone. Attachments alone once more in gm-1, against raw SM4-GCM.
2. Memory: every import runs in a process of its own (benchmarks/sync_child.py) and
   reports its peak resident memory (VmHWM); goal for the 100,000-record import: under
   300 MB (the package streams: never all records, never the whole file in memory).
3. Import of 10,000 new records (quick: 1,000) against the baseline of issue 15: a plain
   `executemany` INSERT of the same rows the import wrote — cases, fields, parties,
   organisations, timeline entries, revisions, heads and search documents with their
   FTS rows — into a store of the same kind, in one transaction, in the same run; goal:
   within 3x.
4. An incremental export of 100 changes from stores of 10k, 100k and 1M cases (quick:
   1k, 10k): its time must not grow with the store."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from benchmarks.scale import bulk_cases
from benchmarks.sync_data import revisions_for_export, root_revisions_for_bulk_cases
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.modules import MODULE_CODES
from bjstc_desktop.core.roles import Role
from bjstc_desktop.core.searchtext import index_terms
from bjstc_desktop.store import gm, kdf
from bjstc_desktop.store.models import Case
from bjstc_desktop.store.sync_models import SyncPeer, SyncRevision
from bjstc_desktop.sync.revisions import record_case_revision
from bjstc_desktop.sync.suites import CHOICES, DEFAULT_OFFER
from bjstc_desktop.workstation import Workstation

PASS = "benchmark passphrase 2026"
LIGHT_KDF = kdf.KdfParams(memory_kib=8192, iterations=1, lanes=1)  # unlocking is not what is measured here


def _office(root: Path, name: str, suites: tuple[str, ...] = DEFAULT_OFFER) -> Path:
    data = root / name
    init = Workstation.init(data, name, "admin", PASS, ceiling=Level.SECRET, suites=suites)
    with Workstation.open(data, "admin", PASS) as ws:
        ws.accounts.add("zhang", Role.OFFICER, PASS, Level.SECRET, frozenset(MODULE_CODES))
        ws.accounts.add("sec", Role.SECADMIN, PASS, recovery_code=init.recovery_code)
    return data


def _link(a: Path, b: Path) -> None:
    for x, y in ((a, b), (b, a)):
        card = y.parent / f"{y.name}.card"
        if not card.exists():
            with Workstation.open(y, "zhang", PASS) as ws:
                ws.peers.export_identity(card)
        with Workstation.open(x, "sec", PASS) as ws:
            from bjstc_desktop.sync.card import parse_card

            ws.peers.trust(card, parse_card(card.read_bytes()).fingerprint)


def _raw(aead: Any, nbytes: int, decrypt_only: bool = False, clock: Any = time.perf_counter) -> float:
    """Seconds to encrypt and decrypt (or only decrypt) `nbytes` in 64 KiB chunks
    (`clock`: time.process_time for CPU seconds)."""
    chunk = os.urandom(64 * 1024)
    sealed = aead.encrypt(bytes(12), chunk, None)
    start = clock()
    for i in range(0, nbytes, len(chunk)):
        nonce = i.to_bytes(12, "big")
        if decrypt_only:
            aead.decrypt(bytes(12), sealed, None)
        else:
            aead.decrypt(nonce, aead.encrypt(nonce, chunk, None), None)
    return float(clock() - start)


def raw_chacha(nbytes: int, decrypt_only: bool = False, clock: Any = time.perf_counter) -> float:
    """Seconds to encrypt and decrypt `nbytes` in 64 KiB ChaCha20-Poly1305 chunks."""
    return _raw(ChaCha20Poly1305(os.urandom(32)), nbytes, decrypt_only, clock)


def raw_sm4(nbytes: int, decrypt_only: bool = False, clock: Any = time.perf_counter) -> float:
    """The same with SM4-GCM, gm-1's payload cipher."""
    return _raw(gm.Sm4Gcm(os.urandom(gm.SM4_KEY_LEN)), nbytes, decrypt_only, clock)


def floor_seconds(nbytes: int, folder: Path, gm1: bool = False) -> float:
    """Seconds the work every byte of an attachment must go through costs with no
    Python around it, on this machine now: 4 AEAD passes in 64 KiB chunks (the blob
    opened at the sender and sealed at the receiver, the package encrypted and
    decrypted), 8 hash passes in 1 MiB blocks — 4 of the package's hash (SHA-256, gm-1:
    SM3): the signed prehash at export, at verification and again while decrypting
    (docs/sync-format.md §Import), the package read back from the medium; 4 SHA-256:
    the END frame's hash at both ends, the attachment's hash checked at the receiver and
    the blob's when it is read for export — and the package and the blob written and
    fsynced once each."""
    chunk, block = os.urandom(64 * 1024), os.urandom(1 << 20)
    aead: Any = gm.Sm4Gcm(os.urandom(gm.SM4_KEY_LEN)) if gm1 else ChaCha20Poly1305(os.urandom(32))
    prehash: Any = gm.Sm3 if gm1 else hashlib.sha256
    t0 = time.perf_counter()
    for _ in range(2):
        for i in range(0, nbytes, len(chunk)):
            nonce = i.to_bytes(12, "big")
            aead.decrypt(nonce, aead.encrypt(nonce, chunk, None), None)
    for new_hash in (prehash,) * 4 + (hashlib.sha256,) * 4:  # the package's hash; content and END: SHA-256
        h = new_hash()
        for _ in range(0, nbytes, len(block)):
            h.update(block)
    for name in ("package", "blob"):
        with (folder / f"floor-{name}").open("wb") as fh:
            for _ in range(0, nbytes, len(block)):
                fh.write(block)
            fh.flush()
            os.fsync(fh.fileno())
    return time.perf_counter() - t0


def import_in_child(data: Path, package: Path) -> dict[str, Any]:
    """Import `package` at `data` in a fresh process (benchmarks/sync_child.py): its
    time and the process's peak resident memory."""
    job = json.dumps({"data_dir": str(data), "package": str(package), "user": "zhang", "passphrase": PASS})
    done = subprocess.run([sys.executable, "-m", "benchmarks.sync_child"], input=job, capture_output=True,
                          text=True, check=False, cwd=Path(__file__).resolve().parent.parent, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"the import process failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def throughput(records: int, attachments: int, attachment_size: int,
               suites: tuple[str, ...] = DEFAULT_OFFER) -> dict[str, Any]:
    """Export + import of `records` new cases and `attachments` files between two
    offices offering `suites` (the package is in the first); the import in a process
    of its own, with its peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        a, b = _office(root, "甲", suites), _office(root, "乙", suites)
        _link(a, b)
        with Workstation.open(a, "zhang", PASS) as ws:
            payload = revisions_for_export(ws.store, ws.ctx.wfile.node_id, max(records, attachments), attachments,
                                           attachment_size)
            peer = ws.peers.list()[0].node_id
            (root / "usb").mkdir()
            t0, c0 = time.perf_counter(), time.process_time()
            report = ws.sync.export_package([peer], root / "usb")
            export_s, export_cpu_s = time.perf_counter() - t0, time.process_time() - c0
        imported = import_in_child(b, Path(report.path))
        import_s = imported["import_s"]
        size = report.size
        gm1 = report.suite == "gm-1"
        raw_s = (raw_sm4 if gm1 else raw_chacha)(size)
        raw_decrypt_s = (raw_sm4 if gm1 else raw_chacha)(size, decrypt_only=True)
        raw_cpu_s = (raw_sm4 if gm1 else raw_chacha)(size, clock=time.process_time)
        floor_s = floor_seconds(size, root, gm1)
        cpu_s = export_cpu_s + imported["import_cpu_s"]
        ours = size / (export_s + import_s)
        raw_name = "raw_sm4_gcm_mb_s" if gm1 else "raw_chacha20poly1305_mb_s"
        return {"records": max(records, attachments), "attachments": attachments, "attachment_bytes": payload,
                "package_bytes": size, "export_s": round(export_s, 3), "import_s": round(import_s, 3),
                "imported_new": imported["new"], "suite": report.suite, "throughput_mb_s": round(ours / 1e6, 2),
                raw_name: round(size / raw_s / 1e6, 1), "ratio": round(ours * raw_s / size, 4),
                "import_mb_s": round(size / import_s / 1e6, 2),
                "raw_decrypt_mb_s": round(size / raw_decrypt_s / 1e6, 1),
                "import_ratio_vs_raw_decrypt": round(raw_decrypt_s / import_s, 4),
                "import_peak_rss_mb": imported["peak_rss_mb"],
                # the same ratio in CPU seconds (every thread counted), which a loaded machine's
                # waits for a core do not move; the goal is judged on `ratio`
                "export_cpu_s": round(export_cpu_s, 3), "import_cpu_s": imported["import_cpu_s"],
                "ratio_cpu": round(raw_cpu_s / cpu_s, 4) if cpu_s else None,
                # what the checks the format and the stores require cost alone (floor_seconds):
                # `floor_ratio` is the best `ratio` this machine could show now,
                # `vs_floor` how far export + import are above it (meaningful for attachments
                # alone: the floor counts no per-record work)
                "floor_s": round(floor_s, 3), "floor_ratio": round(raw_s / floor_s, 4),
                "vs_floor": round((export_s + import_s) / floor_s, 2)}


_WRITTEN = ("organisations", "cases", "case_fields", "case_parties", "timeline_events", "sync_revisions",
            "sync_heads", "search_docs")


def _rows_written(data: Path) -> tuple[dict[str, tuple[list[str], list[tuple[Any, ...]]]], list[tuple[int, str]]]:
    """Every row the import wrote to the case, revision and search tables of `data`,
    and the FTS rows (the index is contentless: each body is made again from the same
    text, as store/repositories/case_index.py makes it at 公开)."""
    with Workstation.open(data, "zhang", PASS) as ws, ws.store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        tables = {}
        for name in _WRITTEN:
            cur = raw.execute(f'SELECT * FROM "{name}"')
            tables[name] = ([d[0] for d in cur.description], cur.fetchall())
        text_of: dict[str, list[str]] = {}
        for cid, title, number in raw.execute("SELECT id, title, case_no FROM cases"):
            text_of[cid] = [title, number]
        for cid, value in raw.execute("SELECT case_id, coalesce(text_value, json_value, '') FROM case_fields"):
            text_of[cid].append(str(value))
        for cid, name, uscc in raw.execute("SELECT p.case_id, o.name, o.uscc FROM case_parties AS p "
                                           "JOIN organisations AS o ON o.id = p.organisation_id"):
            text_of[cid] += [name, uscc or ""]
        docs = dict(raw.execute("SELECT case_id, doc_id FROM search_docs").fetchall())
    fts = [(docs[cid], index_terms(" ".join(p for p in parts if p))) for cid, parts in text_of.items()]
    return tables, fts


def bulk_insert_baseline(rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]], fts: list[tuple[int, str]],
                         data: Path) -> tuple[float, float]:
    """Seconds (wall, CPU) for plain `executemany` INSERTs of `rows` and the FTS rows
    into the store at `data`, in one transaction."""
    with Workstation.open(data, "zhang", PASS) as ws, ws.store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        t0, c0 = time.perf_counter(), time.process_time()
        raw.execute("BEGIN IMMEDIATE")
        for name in _WRITTEN:
            columns, values = rows[name]
            marks = ", ".join("?" for _ in columns)
            raw.executemany(f'INSERT INTO "{name}" ({", ".join(columns)}) VALUES ({marks})', values)
        raw.executemany("INSERT INTO case_search(rowid, body) VALUES (?, ?)", fts)
        raw.execute("COMMIT")
        return time.perf_counter() - t0, time.process_time() - c0


def records_vs_bulk_insert(n: int) -> dict[str, Any]:
    """Import of `n` new records against a plain bulk insert of the rows it wrote."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        a, b, c = _office(root, "甲"), _office(root, "乙"), _office(root, "丙")
        _link(a, b)
        _link(a, c)  # the revisions' sender is a peer of the baseline store too
        with Workstation.open(a, "zhang", PASS) as ws:
            revisions_for_export(ws.store, ws.ctx.wfile.node_id, n, 0, 0)
            peer = next(p.node_id for p in ws.peers.list() if p.workstation == "乙")
            (root / "usb").mkdir()
            report = ws.sync.export_package([peer], root / "usb")
        imported = import_in_child(b, Path(report.path))
        rows, fts = _rows_written(b)
        baseline_s, baseline_cpu_s = bulk_insert_baseline(rows, fts, c)
    return {"records": n, "imported_new": imported["new"], "import_s": imported["import_s"],
            "ms_per_record": round(imported["import_s"] * 1000 / n, 3),
            "bulk_insert_s": round(baseline_s, 3), "rows_inserted": sum(len(v) for _, v in rows.values()) + len(fts),
            "ratio_import_over_bulk_insert": round(imported["import_s"] / baseline_s, 2),
            "import_peak_rss_mb": imported["peak_rss_mb"],
            # the same in CPU seconds (the goal is judged on the wall-time ratio above)
            "import_cpu_s": imported["import_cpu_s"], "bulk_insert_cpu_s": round(baseline_cpu_s, 3),
            "ratio_cpu": round(imported["import_cpu_s"] / baseline_cpu_s, 2) if baseline_cpu_s else None}


def incremental(sizes: tuple[int, ...], changes: int = 100) -> dict[str, Any]:
    """Time an incremental export of `changes` edits at each store size."""
    out: dict[str, Any] = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            a, b = _office(root, "甲"), _office(root, "乙")
            _link(a, b)
            with Workstation.open(a, "zhang", PASS) as ws:
                t0 = time.perf_counter()
                bulk_cases(ws.store, n)
                root_revisions_for_bulk_cases(ws.store, ws.ctx.wfile.node_id)
                load_s = time.perf_counter() - t0
                peer = ws.peers.list()[0].node_id
                with ws.store.write() as s:  # everything so far was acknowledged by the peer
                    top = s.query(SyncRevision.local_seq).order_by(SyncRevision.local_seq.desc()).limit(1).scalar()
                    s.get(SyncPeer, peer).acked_upto = top
                with ws.store.write() as s:
                    cases = s.query(Case).order_by(Case.id.desc()).limit(changes).all()
                    for c in cases:
                        c.title = c.title + "（已修改）"
                        record_case_revision(s, c, ws.ctx.wfile.node_id, "zhang")
                (root / "usb").mkdir()
                t0 = time.perf_counter()
                report = ws.sync.export_package([peer], root / "usb")
                export_s = time.perf_counter() - t0
            out[str(n)] = {"export_s": round(export_s, 3), "records": report.records, "load_s": round(load_s, 1)}
    first, last = out[str(sizes[0])]["export_s"], out[str(sizes[-1])]["export_s"]
    out["growth"] = round(last / first, 2) if first else None
    return out


def run(quick: bool = False) -> dict[str, Any]:
    """The benchmark document (benchmarks/__main__.py writes it to out/sync.json)."""
    saved = kdf.DEFAULT_KDF
    kdf.DEFAULT_KDF = LIGHT_KDF
    try:
        if quick:
            whole = throughput(records=1000, attachments=8, attachment_size=1 << 20)
            files = throughput(records=0, attachments=16, attachment_size=4 << 20)
            files_gm = throughput(records=0, attachments=4, attachment_size=4 << 20, suites=CHOICES["gm-only"])
            records = records_vs_bulk_insert(1_000)
            inc = incremental((1_000, 10_000))
        else:
            whole = throughput(records=100_000, attachments=100, attachment_size=5 << 20)
            files = throughput(records=0, attachments=100, attachment_size=5 << 20)
            files_gm = throughput(records=0, attachments=20, attachment_size=5 << 20, suites=CHOICES["gm-only"])
            records = records_vs_bulk_insert(10_000)
            inc = incremental((10_000, 100_000, 1_000_000))
    finally:
        kdf.DEFAULT_KDF = saved
    memory_ok = whole["import_peak_rss_mb"] < 300
    records_ok = records["ratio_import_over_bulk_insert"] <= 3.0
    files_ok = files["ratio"] >= 0.5
    return {
        "benchmark": "sync: export+import vs raw ChaCha20-Poly1305 (and SM4-GCM for gm-1); import of new records vs "
                     "a plain bulk insert of the same rows; peak memory of the import; incremental export vs store size",
        "quick": quick, "records_and_attachments": whole, "attachments_only": files,
        "attachments_only_gm1": files_gm, "records_vs_bulk_insert": records, "incremental_100_changes": inc,
        "goal": "throughput >= 0.5x raw; attachments-only >= 0.5x raw; records import <= 3x a plain bulk insert; "
                "peak memory of the 100k-record import < 300 MB; incremental export time flat in store size",
        # The workload is records *and* attachments: the throughput goal is judged
        # on that ratio and, since issue 15, on attachments alone too.
        "throughput_goal_met": bool(whole["ratio"] >= 0.5),
        "attachments_only_goal_met": files_ok,
        "records_vs_bulk_insert_goal_met": records_ok,
        "memory_goal_met": memory_ok,
        "incremental_goal_met": bool((inc["growth"] or 0) <= 2.0),
        "goal_met": bool(whole["ratio"] >= 0.5 and files_ok and records_ok and memory_ok
                         and (inc["growth"] or 0) <= 2.0),
    }
