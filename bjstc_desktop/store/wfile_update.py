"""Change workstation.json safely when several programs share the workstation:
re-read it under an exclusive lock, apply one change, authenticate and write it
atomically.

Rule that keeps this free of deadlocks: never take this lock while holding the store's
write transaction. (A key-slot change holds this lock *around* its store transaction:
store/slotchange.py.)

On a hub the file is a row of the database (store/hubfiles.py): the same change is one
row update in a write transaction of the store, and no file lock is needed.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bjstc_desktop.core.errors import StoreBusyError
from bjstc_desktop.store.keyslots import WorkstationFile
from bjstc_desktop.store.lockfile import FileLock

if TYPE_CHECKING:
    from bjstc_desktop.store.store import Store

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


def update_workstation_file(store: Store, change: Callable[[WorkstationFile], None],
                            mac_key: bytes) -> WorkstationFile:
    """Apply `change` to the current file content and save; returns the new content.
    On a hub: in a write transaction of `store` (never call it inside one), and only if
    the change changes anything (a session's close does not wait for the write lock to
    leave the file as it was)."""
    if store.is_hub:
        from bjstc_desktop.store import hubfiles

        with store.read() as s:
            wf = hubfiles.current(s, store.data_dir)
        wf.check_mac(mac_key)
        before = wf.to_bytes(mac_key)
        change(wf)
        if wf.to_bytes(mac_key) == before:
            return wf
        with store.write() as s:
            return hubfiles.apply(s, store.data_dir, change, mac_key)
    with locked_file(store.data_dir):
        return apply_change(store.data_dir, change, mac_key)


def current_file(store: Store) -> WorkstationFile:
    """The workstation file as it is now (the hub's row, read in a transaction of the
    open store; on a workstation, workstation.json)."""
    if store.is_hub:
        from bjstc_desktop.store import hubfiles

        with store.read() as s:
            return hubfiles.current(s, store.data_dir)
    return WorkstationFile.load(store.data_dir)
