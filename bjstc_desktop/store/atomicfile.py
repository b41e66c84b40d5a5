"""Write a file so it is either wholly old or wholly new: a hidden temporary name in the
target's folder, fsync, rename, fsync the folder. The one implementation behind the
store's own files, letters, spreadsheets and pictures: a full disk, a read-only or
missing folder gives a MediaError in the officer's language and leaves nothing behind."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from pathlib import Path

from bjstc_desktop.core.errors import MediaError

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}

ErrorFor = Callable[[OSError, Path], MediaError]


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace `path` with `data` atomically, fsyncing the file and its folder."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def media_error(exc: OSError, target: Path, after_zh: str = "", after_en: str = "") -> MediaError:
    """A plain message for why `target` could not be written (`after_*`: what that means
    for the officer, e.g. that no number was used)."""
    if exc.errno in _FULL:
        zh, en = (f"{target.parent} 所在磁盘空间不足，文件未写入。",
                  f"The disk holding {target.parent} is full; the file was not written.")
    elif exc.errno in _READ_ONLY:
        zh, en = (f"{target.parent} 只读或无写入权限，文件未写入。",
                  f"{target.parent} is read-only or not writable; the file was not written.")
    else:
        zh, en = (f"无法写入 {target}（{exc.strerror or exc}），文件未写入。",
                  f"Cannot write {target} ({exc.strerror or exc}); the file was not written.")
    return MediaError(zh + after_zh, f"{en} {after_en}".rstrip())


def temp_name(target: Path) -> Path:
    """The hidden name a file has while it is written (same folder: same file system)."""
    return target.with_name(f".{target.name}.{os.getpid()}.partial")


def stage(target: Path, produce: Callable[[Path], None], error_for: ErrorFor = media_error) -> Path:
    """Have `produce(temp_path)` write the file under its temporary name, fsync it and
    return that name. Any failure removes the temporary file."""
    tmp = temp_name(target)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        produce(tmp)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        discard(tmp)
        raise error_for(exc, target) from exc
    except BaseException:
        discard(tmp)
        raise
    return tmp


def publish(tmp: Path, target: Path, error_for: ErrorFor = media_error) -> None:
    """Rename the staged file onto `target` and make the rename durable."""
    try:
        os.replace(tmp, target)
    except OSError as exc:
        discard(tmp)
        raise error_for(exc, target) from exc
    fsync_dir(target.parent)


def discard(path: Path) -> None:
    """Remove a file if it is there (best effort)."""
    with contextlib.suppress(OSError):
        path.unlink()


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (no-op where directories cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
