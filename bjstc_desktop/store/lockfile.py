"""Who else has this workstation open.

- store.lock: every program holds it shared while the store is open; restore and
  migrations need it exclusive, so they never run under another program's feet.
  SQLite's own locking (WAL, BEGIN IMMEDIATE) keeps concurrent writers safe.
- gui.lock: one GUI per workstation; a second one is told the first is open.
- run/holder-<start>-<pid>.lock: each program holding store.lock also holds its own
  holder file, made when it took the lock. The leftovers sweep removes only what is
  older than the oldest live holder file (a dead program's holder file is not locked
  any more, so it is taken for dead whatever its pid became since).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from typing import IO

from bjstc_desktop.core.errors import OpenElsewhereError, StoreBusyError

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
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # a data folder is private
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


RUN_DIR = "run"
_HOLDER = "holder-"


class StoreLock(FileLock):
    """store.lock held shared, with this program's holder file beside it."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.holder: FileLock | None = None

    def release(self) -> None:
        """Release the holder file (and remove it), then the store lock."""
        if self.holder is not None:
            holder, self.holder = self.holder, None
            holder.release()
            with contextlib.suppress(OSError):
                holder.path.unlink()
        super().release()


def run_dir(data_dir: Path) -> Path:
    """data_dir/run: holder files and spooled audit events (created on first use)."""
    folder = data_dir / RUN_DIR
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def open_shared(data_dir: Path) -> StoreLock:
    """The shared store lock every open program holds, and its holder file."""
    lock = StoreLock(data_dir / "store.lock")
    try:
        taken = lock.acquire(exclusive=False)
    except OSError:
        taken = False
    if not taken:
        if not os.access(data_dir, os.W_OK):
            from bjstc_desktop.core.errors import MediaError

            raise MediaError(f"数据文件夹 {data_dir} 只读或无写入权限，无法打开工作站。",
                             f"The data folder {data_dir} is read-only or not writable; the workstation cannot be opened.")
        raise StoreBusyError(
            "工作站正在恢复或升级，请稍后再打开。",
            "The workstation is being restored or upgraded; open it again shortly.",
        )
    try:
        holder = FileLock(run_dir(data_dir) / f"{_HOLDER}{time.time_ns():020d}-{os.getpid()}.lock")
        if holder.acquire(exclusive=True):
            lock.holder = holder
    except OSError:  # a read-only folder: no holder file, so nothing is ever swept for us
        pass
    return lock


def oldest_live_holder(data_dir: Path) -> float | None:
    """When the oldest program that still holds the store took its lock, as the file
    system's clock saw it (the holder file's modification time: comparable with the
    times of the files that program writes, whatever the clock's granularity); None
    when no holder file is readable. Holder files of programs that died are removed on
    the way."""
    folder = data_dir / RUN_DIR
    oldest: float | None = None
    try:
        entries = list(folder.iterdir())
    except OSError:
        return None
    for p in entries:
        if not (p.name.startswith(_HOLDER) and p.name.endswith(".lock")):
            continue
        stamp = p.name[len(_HOLDER):].split("-", 1)[0]
        if not stamp.isdigit():
            continue
        probe = FileLock(p)
        if probe.acquire(exclusive=True):  # nobody holds it: its program is gone
            probe.release()
            with contextlib.suppress(OSError):
                p.unlink()
            continue
        try:
            started = p.stat().st_mtime
        except OSError:
            continue
        oldest = started if oldest is None else min(oldest, started)
    return oldest


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs (a reused id counts as alive: only ever keeps
    a file longer)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


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
    try:
        free = probe.acquire(exclusive=True)
    except OSError:  # a read-only folder: no GUI can hold it open for writing either
        return False
    if free:
        probe.release()
        return False
    return True


def claim_gui(data_dir: Path) -> FileLock:
    """Make this the one GUI of the workstation, or say that another has it open."""
    lock = FileLock(data_dir / "gui.lock")
    if not lock.acquire(exclusive=True):
        raise OpenElsewhereError(
            "此工作站已在另一个窗口中打开。",
            "This workstation is already open in another window.",
        )
    lock.write_owner(f"pid={os.getpid()}")
    return lock
