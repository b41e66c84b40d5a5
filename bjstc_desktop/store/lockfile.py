"""Who else has this workstation open.

- store.lock: every program holds it shared while the store is open; restore and
  migrations need it exclusive, so they never run under another program's feet.
  SQLite's own locking (WAL, BEGIN IMMEDIATE) keeps concurrent writers safe.
- gui.lock: one GUI per workstation; a second one is told the first is open.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO

from bjstc_desktop.core.errors import StoreBusyError

if sys.platform != "win32":
    import fcntl
else:  # pragma: no cover - Windows
    import msvcrt


class FileLock:
    """An advisory lock on a file, released on close (and by the OS on exit)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] | None = None

    def acquire(self, exclusive: bool) -> bool:
        """Try to take the lock without waiting; False if another program holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = self.path.open("a+", encoding="utf-8")
        try:
            if sys.platform != "win32":
                fcntl.flock(fh.fileno(), (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
            elif exclusive:  # pragma: no cover - Windows has no shared flock; exclusive only
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            fh.close()
            return False
        self._fh = fh
        return True

    def write_owner(self, text: str) -> None:
        """Record who holds the lock (pid and program), for the message to others."""
        if self._fh is not None:
            self._fh.seek(0)
            self._fh.truncate()
            self._fh.write(text)
            self._fh.flush()

    def owner(self) -> str:
        """What the holder recorded, if anything."""
        with contextlib.suppress(OSError):
            return self.path.read_text(encoding="utf-8").strip()
        return ""

    def release(self) -> None:
        """Release the lock."""
        if self._fh is not None:
            with contextlib.suppress(OSError):
                if sys.platform != "win32":
                    fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None


def open_shared(data_dir: Path) -> FileLock:
    """The shared store lock every open program holds."""
    lock = FileLock(data_dir / "store.lock")
    if not lock.acquire(exclusive=False):
        raise StoreBusyError(
            "工作站正在恢复或升级，请稍后再打开。",
            "The workstation is being restored or upgraded; open it again shortly.",
        )
    return lock


def open_exclusive(data_dir: Path, what_zh: str, what_en: str) -> FileLock:
    """The exclusive store lock for restore and migrations."""
    lock = FileLock(data_dir / "store.lock")
    if not lock.acquire(exclusive=True):
        raise StoreBusyError(
            f"工作站正被另一个程序使用，无法{what_zh}。请先关闭其他程序。",
            f"The workstation is in use by another program, so it cannot be {what_en}. "
            "Close the other program first.",
        )
    return lock


def gui_is_open(data_dir: Path) -> bool:
    """True when a GUI holds this workstation (used for a notice, not a refusal)."""
    probe = FileLock(data_dir / "gui.lock")
    if probe.acquire(exclusive=True):
        probe.release()
        return False
    return True


def claim_gui(data_dir: Path) -> FileLock:
    """Make this the one GUI of the workstation, or say that another has it open."""
    lock = FileLock(data_dir / "gui.lock")
    if not lock.acquire(exclusive=True):
        raise StoreBusyError(
            "此工作站已在另一个窗口中打开。",
            "This workstation is already open in another window.",
        )
    lock.write_owner(f"pid={os.getpid()}")
    return lock
