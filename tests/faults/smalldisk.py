"""Small real file systems for the full-disk trials: a tmpfs of a few MB mounted in this
process's own mount namespace (so nothing shows outside the test run, and a run that dies
leaves no mount behind on the machine), filled so that exactly `leave` bytes stay free.

Needs root (the fault machine and CI run as root); elsewhere the trials are skipped with
the reason, and tests/faults/test_full_disk.py covers the same commands with a file-size
limit, which needs no privilege."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import subprocess
from pathlib import Path

_CLONE_NEWNS = 0x00020000
_state: dict[str, str | None] = {}


def private_mounts() -> str | None:
    """Give this process a mount namespace of its own (once); the reason if it cannot."""
    if "reason" not in _state:
        _state["reason"] = _unshare()
    return _state["reason"]


def _unshare() -> str | None:
    if os.geteuid() != 0:
        return "not root: no tmpfs can be mounted"
    if shutil.which("mount") is None or shutil.which("umount") is None:
        return "no mount(8) here"
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(_CLONE_NEWNS) != 0:
        return f"unshare(CLONE_NEWNS) failed: {os.strerror(ctypes.get_errno())}"
    proc = subprocess.run(["mount", "--make-rprivate", "/"], capture_output=True, text=True)
    return None if proc.returncode == 0 else f"mount --make-rprivate /: {proc.stderr.strip()}"


def mount_tmpfs(where: Path, size: str) -> Path:
    """A fresh tmpfs of `size` (e.g. "16m") at `where`."""
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)], check=True,
                   capture_output=True)
    return where


def unmount(where: Path) -> None:
    """Lazy unmount: whatever still holds a file there lets go later."""
    subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(disk: Path, leave: int) -> Path:
    """Fill `disk` so that about `leave` bytes stay free (tmpfs counts whole 4 KiB pages)."""
    filler = disk / "filler"
    filler.unlink(missing_ok=True)
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for chunk in (1 << 20, 1 << 12):
            block = b"\0" * chunk
            while True:
                try:
                    if os.write(fd, block) < chunk:
                        break
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    break
    finally:
        os.close(fd)
    size = filler.stat().st_size
    os.truncate(filler, max(0, size - leave))
    return filler


def free_bytes(disk: Path) -> int:
    """What the file system says is free."""
    st = os.statvfs(disk)
    return st.f_bavail * st.f_frsize


def empty(disk: Path) -> None:
    """Give the disk its room back."""
    with contextlib.suppress(FileNotFoundError):
        (disk / "filler").unlink()
