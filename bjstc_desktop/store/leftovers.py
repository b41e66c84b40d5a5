"""Sweeping what killed programs left behind in the data folder, at every unlock.

A program killed half-way leaves hidden files: a backup's staging folder (.backup-*),
a restore's (.restore-*), temporary files (.*.partial, .*.tmp) and encrypted blobs that
no committed row names (an import or a letter that never committed). Nothing that a
live program may still be writing is touched: only what is older than the oldest
program that holds the store now (lockfile's holder files), and never a restore's
staging that still carries its journal (backup.finish_interrupted_restore decides
about those). Every sweep that removes something is logged. A hub's table of blob chunks
is never looked at here (its sweep grows with the hub): `bjstc hub sweep-blobs`
(ops/hub_blob_sweep.py) removes chunks no row names.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bjstc_desktop.store import lockfile, pending_audit
from bjstc_desktop.store.atomicfile import is_temporary_name
from bjstc_desktop.store.backup import RESTORE_JOURNAL

if TYPE_CHECKING:
    from bjstc_desktop.store.store import Store

log = logging.getLogger(__name__)
_STAMP = "swept-blobs"
_BLOB_NAME = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class Swept:
    """What one sweep removed."""

    items: int = 0
    bytes: int = 0

    def add(self, path: Path) -> None:
        """Remove `path` (a file or a folder) and count it."""
        size = _size(path)
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            return
        self.items += 1
        self.bytes += size


def _size(path: Path) -> int:
    try:
        if path.is_dir() and not path.is_symlink():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        return path.stat().st_size
    except OSError:
        return 0


def _mtime(path: Path) -> float:
    try:
        return path.lstat().st_mtime
    except OSError:
        return float("inf")


def sweep(data_dir: Path, store: Store) -> Swept:
    """Remove leftovers older than every live holder of the store (best effort: a sweep
    that fails is logged and never stops an unlock)."""
    return sweep_with(data_dir, lambda: _named_blobs(store))


def sweep_with(data_dir: Path, named_blobs: Callable[[], set[str] | None]) -> Swept:
    """`sweep` over any reader of the store: `named_blobs()` gives every blob name a
    committed row refers to, or None when this session may not see every row (a hub's
    officer: a blob he finds no row for may be a case above his clearance)."""
    swept = Swept()
    try:
        oldest = lockfile.oldest_live_holder(data_dir)
        if oldest is None:  # no holder file of our own either (read-only folder): touch nothing
            return swept
        cutoff = oldest  # same clock as the leftovers' times: strictly older is safe to remove
        pending_audit.release_stale_claims(data_dir)
        for folder in (data_dir, data_dir / "backups"):
            _sweep_folder(folder, cutoff, swept)
        _sweep_blobs(data_dir, named_blobs, cutoff, swept)
    except Exception as exc:  # a sweep never stops an unlock
        log.warning("leftovers sweep failed: %s", type(exc).__name__)
    if swept.items:
        log.info("leftovers swept: %d items, %d bytes", swept.items, swept.bytes)
    return swept


def _sweep_folder(folder: Path, cutoff: float, swept: Swept) -> None:
    with contextlib.suppress(OSError):
        for p in list(folder.iterdir()):
            name = p.name
            if _mtime(p) >= cutoff:
                continue
            if name.startswith(".backup-") and p.is_dir():
                swept.add(p)
            elif name.startswith(".restore-") and p.is_dir():
                if not (p / RESTORE_JOURNAL).exists():
                    swept.add(p)
            elif is_temporary_name(name) and p.is_file():
                swept.add(p)


def _sweep_blobs(data_dir: Path, named_blobs: Callable[[], set[str] | None], cutoff: float, swept: Swept) -> None:
    blobs = data_dir / "blobs"
    stamp = data_dir / lockfile.RUN_DIR / _STAMP
    try:
        changed = blobs.stat().st_mtime
    except OSError:
        return
    if _mtime(stamp) != float("inf") and changed < _mtime(stamp):
        return  # nothing was added to or removed from blobs/ since the last sweep
    candidates, young = [], False
    with os.scandir(blobs) as entries:
        for e in entries:
            if not e.is_file(follow_symlinks=False) or not (is_temporary_name(e.name) or _BLOB_NAME.match(e.name)):
                continue
            if e.stat(follow_symlinks=False).st_mtime >= cutoff:
                young = True  # a live program may still commit it: look again next time
            else:
                candidates.append(Path(e.path))
    if candidates:
        named = named_blobs()
        if named is None:
            # On a hub an officer's role sees only his rows: a blob he finds no row
            # for may be a case above his clearance. Only the owner's session sweeps.
            return
        for p in candidates:
            if is_temporary_name(p.name) or p.name not in named:
                swept.add(p)
    if not young:  # remember how far blobs/ was looked at
        with contextlib.suppress(OSError):
            stamp.touch()
            os.utime(stamp, (cutoff, cutoff))


def names_a_blob(column: str) -> bool:
    """Whether a column holds blob names: blob_name, and any other *blob_name (a
    letter's OFD copy is its ofd_blob_name: a sweep that missed it deleted every OFD copy)."""
    return column.endswith("blob_name")


def _named_blobs(store: Store) -> set[str] | None:
    """Every blob name a committed row refers to, in any column that `names_a_blob`.
    None: this session does not see every row."""
    from sqlalchemy import inspect, text

    from bjstc_desktop.store import hubroles

    names: set[str] = set()
    with store.read() as s:
        if not hubroles.sees_every_row(s):
            return None
        schema = inspect(s.connection())  # either store's catalogue
        for table in schema.get_table_names():
            for column in (c["name"] for c in schema.get_columns(table) if names_a_blob(c["name"])):
                names.update(n for n in s.execute(text(f'SELECT "{column}" FROM "{table}"')).scalars() if n)
    return names
