"""Change workstation.json safely when several programs share the workstation:
re-read it under an exclusive lock, apply one change, authenticate and write it
atomically.

Rule that keeps this free of deadlocks: never take this lock while holding the store's
write transaction. (A key-slot change holds this lock *around* its store transaction:
store/slotchange.py.)
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bjstc_desktop.core.errors import StoreBusyError
from bjstc_desktop.store.keyslots import WorkstationFile
from bjstc_desktop.store.lockfile import FileLock

LOCK_NAME = "workstation.json.lock"


def try_lock(data_dir: Path, attempts: int = 200) -> FileLock | None:
    """The file's exclusive lock, waiting up to about 2 s; None when another program keeps it."""
    lock = FileLock(data_dir / LOCK_NAME)
    for i in range(attempts):
        if lock.acquire(exclusive=True):
            return lock
        if i + 1 < attempts:
            time.sleep(0.01)  # another program is writing the file right now
    return None


@contextlib.contextmanager
def locked_file(data_dir: Path) -> Iterator[None]:
    """Hold the file's lock (StoreBusyError when another program keeps it)."""
    lock = try_lock(data_dir)
    if lock is None:
        raise StoreBusyError("workstation.json 正被另一个程序修改，请重试。",
                             "workstation.json is being changed by another program; try again.")
    try:
        yield
    finally:
        lock.release()


def apply_change(data_dir: Path, change: Callable[[WorkstationFile], None], mac_key: bytes) -> WorkstationFile:
    """With the lock already held: re-read, check that nobody altered the file behind the
    programs' back (never re-authenticate someone's edit), apply `change`, save."""
    wf = WorkstationFile.load(data_dir)
    wf.check_mac(mac_key)
    change(wf)
    wf.save(mac_key)
    return wf


def update_workstation_file(data_dir: Path, change: Callable[[WorkstationFile], None],
                            mac_key: bytes) -> WorkstationFile:
    """Apply `change` to the current file content and save; returns the new content."""
    with locked_file(data_dir):
        return apply_change(data_dir, change, mac_key)
