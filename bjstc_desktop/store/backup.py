"""Backups: one file holding workstation.json, a consistent copy of store.db and the
blobs, all still encrypted, with a MAC under a key derived from the data key.

Layout: MAGIC (8 bytes) | header length (4, big-endian) | header JSON | parts... | MAC (32).
The header names each part with its length and SHA-256. The MAC (HMAC-SHA256, key from
HKDF over the data key) covers everything before it, so a backup that is not one, or
that was altered, is refused before anything is written.

A backup is one moment of the workstation while other programs keep working:
workstation.json is read once, under the lock every program takes to rewrite it, and
before the store is copied (every change to that file follows the commit it records, so
the copy of the store holds at least what the file refers to); the store is copied by
SQLite's backup API in a single step (one read transaction); the blobs are frozen by
hard links (a blob is never changed in place, only replaced by a rename). Each part is
then read from that frozen copy, so what is hashed is what is written. The file is
staged under a temporary name (0600) and only given its name once the caller has
audited it.

A backup carries every key slot: whoever restores it needs one of the passphrases (or
the recovery code) that opened the workstation when it was made.

A restore extracts into a hidden staging folder (after checking there is room), then
swaps the files in with renames, journaled, so that a restore killed at any point is
either finished or undone at the next open (`finish_interrupted_restore`): the old
workstation is never left unopenable.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import logging
import os
import shutil
import struct
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bjstc_desktop.core.errors import IntegrityError, MediaError
from bjstc_desktop.store import atomicfile, diskspace, lockfile
from bjstc_desktop.store.atomicfile import fsync_dir, write_atomic
from bjstc_desktop.store.engine import classify, classify_os_error, connect_raw
from bjstc_desktop.store.wfile_update import locked_file

log = logging.getLogger(__name__)
MAGIC = b"BJSTCBK1"
MAX_HEADER = 1 << 20
_CHUNK = 1 << 20
RESTORE_JOURNAL = "RESTORE-JOURNAL.json"
# What a restore swaps: the store and its companions out, the backup's in.
_OLD_FILES = ("store.db", "store.db-wal", "store.db-shm", "store.head", "blobs")
_NEW_FILES = ("store.db", "blobs")


def mac_key(data_key: bytes) -> bytes:
    """The backup MAC key, separate from every other use of the data key."""
    return HKDF(hashes.SHA256(), 32, salt=None, info=b"bjstc backup mac v1").derive(data_key)


def snapshot_store(store_path: Path, data_key: bytes, target: Path) -> None:
    """A consistent copy of the live store (SQLite backup API, all pages in one step,
    so one read transaction), encrypted with the same key."""
    import sqlcipher3.dbapi2 as sqlcipher

    src = connect_raw(store_path, data_key)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        dst = sqlcipher.connect(str(target), isolation_level=None)
        try:
            dst.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    except sqlcipher.Error as exc:  # the copy is written beside the store: its disk, its words
        known = classify(exc, store_path.parent)
        if known is None:
            raise
        raise known from exc
    finally:
        src.close()


def _freeze_blobs(blobs: Path, frozen: Path) -> list[tuple[str, Path]]:
    """Hard links to every blob as it is now (a copy where links are impossible)."""
    frozen.mkdir()
    parts: list[tuple[str, Path]] = []
    if not blobs.is_dir():
        return parts
    for p in sorted(blobs.iterdir()):
        if not p.is_file() or atomicfile.is_temporary_name(p.name):
            continue
        link = frozen / p.name
        try:
            os.link(p, link)
        except FileNotFoundError:
            continue  # removed meanwhile (an import that did not commit)
        except OSError:
            try:
                shutil.copy2(p, link)
            except FileNotFoundError:
                continue
        parts.append((f"blobs/{p.name}", link))
    return parts


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def expected_size(data_dir: Path) -> int:
    """About how many bytes a backup of `data_dir` takes (the store, its WAL, the blobs)."""
    total = 0
    for name in ("store.db", "store.db-wal"):
        with contextlib.suppress(OSError):
            total += (data_dir / name).stat().st_size
    with contextlib.suppress(OSError):
        total += sum(e.stat().st_size for e in os.scandir(data_dir / "blobs") if e.is_file())
    return total


def stage_backup(data_dir: Path, data_key: bytes, target: Path, meta: dict[str, Any]) -> Path:
    """Write a backup of the workstation in `data_dir` under the temporary name of
    `target` (checked by atomicfile.check_output) and return that name; the caller
    audits, then `atomicfile.publish`es it (or discards it). Room is checked first, on
    the data disk (the store's copy) and on the target's (the whole backup)."""
    size = expected_size(data_dir)
    store_size = (data_dir / "store.db").stat().st_size if (data_dir / "store.db").exists() else 0
    diskspace.require_free(data_dir, store_size, "备份时复制数据库", "copying the database for the backup")
    diskspace.require_free(target.parent, size, "备份文件", "the backup")
    try:
        staging = Path(tempfile.mkdtemp(dir=data_dir, prefix=f".backup-{os.getpid()}-"))
    except OSError as exc:
        raise classify_os_error(exc, data_dir) from exc
    try:
        snap = staging / "store.db"
        try:
            # The slots and the store's choice of valid slot from one moment: a key-slot
            # change holds this lock around its transaction (store/slotchange.py), so it
            # falls wholly before or wholly after the two reads. Closing programs and
            # passphrase changes wait (at most ~2 s, then busy) for the store's copy.
            with locked_file(data_dir):
                workstation_json = (data_dir / "workstation.json").read_bytes()
                snapshot_store(data_dir / "store.db", data_key, snap)
            blob_parts = _freeze_blobs(data_dir / "blobs", staging / "blobs")
        except OSError as exc:
            raise classify_os_error(exc, data_dir) from exc
        parts: list[tuple[str, Path | bytes]] = [("workstation.json", workstation_json), ("store.db", snap),
                                                 *blob_parts]
        header = {**meta, "format": "bjstc-backup/1", "parts": [
            {"name": n, "size": len(p) if isinstance(p, bytes) else p.stat().st_size,
             "sha256": hashlib.sha256(p).hexdigest() if isinstance(p, bytes) else _sha256_file(p)}
            for n, p in parts]}
        header_bytes = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")

        def produce(tmp: Path) -> None:
            mac = hmac.new(mac_key(data_key), digestmod=hashlib.sha256)
            with tmp.open("wb") as fh:
                def put(b: bytes) -> None:
                    fh.write(b)
                    mac.update(b)
                put(MAGIC)
                put(struct.pack(">I", len(header_bytes)))
                put(header_bytes)
                for _, part in parts:
                    if isinstance(part, bytes):
                        put(part)
                        continue
                    with part.open("rb") as src:
                        for chunk in iter(functools.partial(src.read, _CHUNK), b""):
                            put(chunk)
                fh.write(mac.digest())

        def error_for(exc: OSError, path: Path) -> MediaError:
            return atomicfile.media_error(exc, path, what_zh="备份文件", what_en="the backup")

        return atomicfile.stage(target, produce, error_for)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@dataclass(frozen=True)
class BackupHeader:
    """What a backup file says about itself (unverified until `verify_backup`)."""

    meta: dict[str, Any]
    parts: list[dict[str, Any]]
    body_offset: int


def _not_a_backup() -> IntegrityError:
    return IntegrityError("该文件不是本程序的备份文件，或已损坏。",
                          "This file is not a bjstc backup, or it is damaged.")


def read_header(path: Path) -> BackupHeader:
    """Parse the header, with every length bounded before use."""
    atomicfile.check_source(path, "备份文件", "backup file")
    try:
        with path.open("rb") as fh:
            if fh.read(8) != MAGIC:
                raise _not_a_backup()
            (n,) = struct.unpack(">I", fh.read(4))
            if n <= 0 or n > MAX_HEADER:
                raise _not_a_backup()
            header = json.loads(fh.read(n).decode("utf-8"))
        parts = header["parts"]
        if header.get("format") != "bjstc-backup/1" or not isinstance(parts, list):
            raise _not_a_backup()
        total = 12 + n + sum(int(p["size"]) for p in parts) + 32
        if total != path.stat().st_size:
            raise IntegrityError("备份文件不完整或有多余内容。", "The backup file is incomplete or has extra bytes.")
        names = [p["name"] for p in parts]
        if names[:2] != ["workstation.json", "store.db"] or any(
            not (nm.startswith("blobs/") and "/" not in nm[6:] and nm[6:] not in ("", ".", ".."))
            for nm in names[2:]
        ):
            raise _not_a_backup()
        return BackupHeader(meta=header, parts=parts, body_offset=12 + n)
    except (OSError, ValueError, KeyError, TypeError, struct.error, UnicodeDecodeError) as exc:
        raise _not_a_backup() from exc


def read_workstation_json(path: Path, header: BackupHeader) -> bytes:
    """The workstation.json inside the backup (to find the slots that open it)."""
    with path.open("rb") as fh:
        fh.seek(header.body_offset)
        return fh.read(int(header.parts[0]["size"]))


def verify_backup(path: Path, header: BackupHeader, data_key: bytes) -> None:
    """Check the MAC and every part's SHA-256; IntegrityError on any difference."""
    mac = hmac.new(mac_key(data_key), digestmod=hashlib.sha256)
    size = path.stat().st_size
    with path.open("rb") as fh:
        remaining = size - 32
        while remaining > 0:
            chunk = fh.read(min(_CHUNK, remaining))
            mac.update(chunk)
            remaining -= len(chunk)
        tag = fh.read(32)
    if not hmac.compare_digest(mac.digest(), tag):
        raise IntegrityError("备份文件已被改动或不属于此账户可打开的工作站。",
                             "The backup has been altered, or is not one this account can open.")
    for name, digest in _iter_part_hashes(path, header):
        expected = next(p["sha256"] for p in header.parts if p["name"] == name)
        if digest != expected:
            raise IntegrityError(f"备份中的 {name} 已损坏。", f"{name} inside the backup is damaged.")


def _iter_part_hashes(path: Path, header: BackupHeader) -> Iterator[tuple[str, str]]:
    with path.open("rb") as fh:
        fh.seek(header.body_offset)
        for p in header.parts:
            h = hashlib.sha256()
            _copy(fh, int(p["size"]), h.update)
            yield p["name"], h.hexdigest()


def _copy(fh: BinaryIO, size: int, sink: Callable[[bytes], object]) -> None:
    remaining = size
    while remaining > 0:
        chunk = fh.read(min(_CHUNK, remaining))
        if not chunk:
            raise IntegrityError("备份文件不完整。", "The backup file is incomplete.")
        sink(chunk)
        remaining -= len(chunk)


def extract_backup(path: Path, header: BackupHeader, target_dir: Path) -> None:
    """Unpack a verified backup into an empty folder `target_dir`."""
    target_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    (target_dir / "blobs").mkdir(exist_ok=True, mode=0o700)
    with path.open("rb") as fh:
        fh.seek(header.body_offset)
        for p in header.parts:
            dest = target_dir / p["name"]
            fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                _copy(fh, int(p["size"]), out.write)
                out.flush()
                os.fsync(out.fileno())


def install_backup(path: Path, header: BackupHeader, data_dir: Path, stamp: str) -> None:
    """Put a verified backup in place of the workstation in `data_dir` (whose store lock
    the caller holds exclusively). Room is checked first; the staging folder goes on any
    failure; the old files move to backups/replaced-<stamp>/ (never deleted); the swap is
    journaled so that a kill at any point is finished or undone at the next open."""
    needed = sum(int(p["size"]) for p in header.parts)
    diskspace.require_free(data_dir, needed, "恢复备份", "restoring the backup")
    staging = data_dir / f".restore-{os.getpid()}-{uuid.uuid4().hex[:12]}"
    try:
        extract_backup(path, header, staging)
        journal = {"aside": f"backups/replaced-{stamp}"}
        write_atomic(staging / RESTORE_JOURNAL, json.dumps(journal).encode("utf-8"))
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise classify_os_error(exc, data_dir) from exc
        raise
    try:
        _swap_in(staging, data_dir, data_dir / journal["aside"])
    except BaseException as exc:
        _roll_back(staging, data_dir, data_dir / journal["aside"])
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise classify_os_error(exc, data_dir) from exc
        raise
    shutil.rmtree(staging, ignore_errors=True)  # the journal goes with it: the restore is done
    fsync_dir(data_dir)


def _swap_in(staging: Path, data_dir: Path, aside: Path) -> None:
    """Old files aside, new files in, workstation.json last (the one atomic commit point)."""
    old = [n for n in _OLD_FILES if (data_dir / n).exists()]
    if old or (data_dir / "workstation.json").exists():
        aside.mkdir(parents=True, exist_ok=False)
    for name in old:
        os.replace(data_dir / name, aside / name)
    if (data_dir / "workstation.json").exists():
        shutil.copy2(data_dir / "workstation.json", aside / "workstation.json")
    for name in _NEW_FILES:
        os.replace(staging / name, data_dir / name)
    fsync_dir(data_dir)
    os.replace(staging / "workstation.json", data_dir / "workstation.json")


def _roll_back(staging: Path, data_dir: Path, aside: Path) -> None:
    """Undo a swap that did not reach its commit point (idempotent)."""
    for name in _NEW_FILES:
        if not (staging / name).exists() and (data_dir / name).exists():  # the backup's copy is in place
            _remove(data_dir / name)
    for name in _OLD_FILES:
        if (aside / name).exists() and not (data_dir / name).exists():
            os.replace(aside / name, data_dir / name)
    if aside.is_dir() and {p.name for p in aside.iterdir()} <= {"workstation.json"}:
        shutil.rmtree(aside, ignore_errors=True)  # only the copy of the file still in place
    fsync_dir(data_dir)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def finish_interrupted_restore(data_dir: Path) -> None:
    """A restore killed during its swap left its journal: finish it (if workstation.json
    was already swapped in) or undo it (otherwise), under the exclusive store lock. A
    program holding the store means someone else is at it: leave it to them."""
    try:
        stagings = [p for p in data_dir.glob(".restore-*") if (p / RESTORE_JOURNAL).is_file()]
    except OSError:
        return
    for staging in stagings:
        lock = lockfile.FileLock(data_dir / "store.lock")
        try:
            if not lock.acquire(exclusive=True):
                return
        except OSError:
            return
        try:
            if not (staging / RESTORE_JOURNAL).is_file():
                continue
            journal = json.loads((staging / RESTORE_JOURNAL).read_text(encoding="utf-8"))
            aside = data_dir / str(journal["aside"])
            if (staging / "workstation.json").exists():
                _roll_back(staging, data_dir, aside)
                log.warning("an interrupted restore was undone")
            else:
                log.warning("an interrupted restore was finished")
            shutil.rmtree(staging, ignore_errors=True)
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("an interrupted restore could not be tidied up")
        finally:
            lock.release()
