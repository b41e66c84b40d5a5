"""Backups: one file holding workstation.json, a consistent copy of store.db and the
blobs, all still encrypted, with a MAC under a key derived from the data key.

Layout: MAGIC (8 bytes) | header length (4, big-endian) | header JSON | parts... | MAC (32).
The header names each part with its length and SHA-256. The MAC (HMAC-SHA256, key from
HKDF over the data key) covers everything before it, so a backup that is not one, or
that was altered, is refused before anything is written.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import struct
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bjstc_desktop.core.errors import IntegrityError, MediaError
from bjstc_desktop.store.atomicfile import fsync_dir
from bjstc_desktop.store.engine import connect_raw

MAGIC = b"BJSTCBK1"
MAX_HEADER = 1 << 20
_CHUNK = 1 << 20


def mac_key(data_key: bytes) -> bytes:
    """The backup MAC key, separate from every other use of the data key."""
    return HKDF(hashes.SHA256(), 32, salt=None, info=b"bjstc backup mac v1").derive(data_key)


def snapshot_store(store_path: Path, data_key: bytes, target: Path) -> None:
    """A consistent copy of the live store (SQLite backup API), encrypted with the same key."""
    src = connect_raw(store_path, data_key)
    try:
        import sqlcipher3.dbapi2 as sqlcipher

        dst = sqlcipher.connect(str(target), isolation_level=None)
        try:
            dst.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _parts(data_dir: Path, snapshot: Path) -> list[tuple[str, Path]]:
    parts = [("workstation.json", data_dir / "workstation.json"), ("store.db", snapshot)]
    blobs = data_dir / "blobs"
    if blobs.is_dir():
        for p in sorted(blobs.iterdir()):
            if p.is_file():
                parts.append((f"blobs/{p.name}", p))
    return parts


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def write_backup(data_dir: Path, data_key: bytes, out: Path, meta: dict[str, Any]) -> int:
    """Write a backup of the workstation in `data_dir` to `out`; returns its size.
    Written under a temporary name, fsynced, renamed: never a half file."""
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".backup-") as tmp:
        snap = Path(tmp) / "store.db"
        snapshot_store(data_dir / "store.db", data_key, snap)
        parts = _parts(data_dir, snap)
        header = {**meta, "format": "bjstc-backup/1",
                  "parts": [{"name": n, "size": p.stat().st_size, "sha256": _sha256_file(p)} for n, p in parts]}
        header_bytes = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
        tmp_out = out.with_name(f".{out.name}.partial")
        mac = hmac.new(mac_key(data_key), digestmod=hashlib.sha256)
        try:
            with tmp_out.open("wb") as fh:
                def put(b: bytes) -> None:
                    fh.write(b)
                    mac.update(b)
                put(MAGIC)
                put(struct.pack(">I", len(header_bytes)))
                put(header_bytes)
                for _, path in parts:
                    with path.open("rb") as src:
                        for chunk in iter(lambda src=src: src.read(_CHUNK), b""):
                            put(chunk)
                fh.write(mac.digest())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp_out, out)
            fsync_dir(out.parent)
        except OSError as exc:
            tmp_out.unlink(missing_ok=True)
            raise MediaError(
                f"无法写入备份文件（磁盘已满、只读或已移除）：{exc.strerror}",
                f"The backup could not be written (disk full, read-only or removed): {exc.strerror}",
            ) from exc
    return out.stat().st_size


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


def _copy(fh: BinaryIO, size: int, sink) -> None:  # type: ignore[no-untyped-def]
    remaining = size
    while remaining > 0:
        chunk = fh.read(min(_CHUNK, remaining))
        if not chunk:
            raise IntegrityError("备份文件不完整。", "The backup file is incomplete.")
        sink(chunk)
        remaining -= len(chunk)


def extract_backup(path: Path, header: BackupHeader, target_dir: Path) -> None:
    """Unpack a verified backup into an empty folder `target_dir`."""
    target_dir.mkdir(parents=True, exist_ok=True)
    (target_dir / "blobs").mkdir(exist_ok=True)
    with path.open("rb") as fh:
        fh.seek(header.body_offset)
        for p in header.parts:
            dest = target_dir / p["name"]
            with dest.open("wb") as out:
                _copy(fh, int(p["size"]), out.write)
                out.flush()
                os.fsync(out.fileno())
            dest.chmod(0o600)


def move_aside(data_dir: Path, stamp: str) -> Path:
    """Move an existing workstation's files into backups/replaced-<stamp>/ (never deleted)."""
    aside = data_dir / "backups" / f"replaced-{stamp}"
    aside.mkdir(parents=True, exist_ok=False)
    for name in ("workstation.json", "store.db", "store.db-wal", "store.db-shm", "blobs"):
        src = data_dir / name
        if src.exists():
            shutil.move(str(src), str(aside / name))
    return aside
