"""Change workstation.json safely when several programs share the workstation:
re-read it under an exclusive lock, apply one change, write it atomically."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bjstc_desktop.core.errors import StoreBusyError
from bjstc_desktop.store.keyslots import WorkstationFile
from bjstc_desktop.store.lockfile import FileLock


def update_workstation_file(data_dir: Path, change: Callable[[WorkstationFile], None]) -> WorkstationFile:
    """Apply `change` to the current file content and save; returns the new content."""
    lock = FileLock(data_dir / "workstation.json.lock")
    for _ in range(200):
        if lock.acquire(exclusive=True):
            break
        import time

        time.sleep(0.01)  # another program is writing the file right now
    else:
        raise StoreBusyError("workstation.json 正被另一个程序修改，请重试。",
                             "workstation.json is being changed by another program; try again.")
    try:
        wf = WorkstationFile.load(data_dir)
        change(wf)
        wf.save()
        return wf
    finally:
        lock.release()
