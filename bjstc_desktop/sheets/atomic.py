"""Write an output file so that it is either wholly there or not at all: a hidden
temporary name in the target's folder, fsync, then os.replace. A full disk, a missing
or read-only folder gives a MediaError and leaves nothing behind."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from pathlib import Path

from bjstc_desktop.core.errors import MediaError, RefusedError

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def media_error(exc: OSError, target: Path) -> MediaError:
    """A plain message for why `target` could not be written."""
    if exc.errno in _FULL:
        return MediaError(f"{target.parent} 所在磁盘空间不足，文件未写入。",
                          f"The disk holding {target.parent} is full; the file was not written.")
    if exc.errno in _READ_ONLY:
        return MediaError(f"{target.parent} 只读或无写入权限，文件未写入。",
                          f"{target.parent} is read-only or not writable; the file was not written.")
    return MediaError(f"无法写入 {target}（{exc.strerror or exc}），文件未写入。",
                      f"Cannot write {target} ({exc.strerror or exc}); the file was not written.")


def check_target(path: Path) -> Path:
    """The absolute target; refused when it is a folder or its folder is missing."""
    target = Path(path).expanduser().absolute()
    if target.is_dir():
        raise RefusedError(f"{target} 是一个文件夹，请给出文件名。", f"{target} is a folder; give a file name.")
    if not target.parent.is_dir():
        raise RefusedError(f"文件夹 {target.parent} 不存在。", f"The folder {target.parent} does not exist.")
    return target


def temp_name(target: Path) -> Path:
    """The hidden name the file has while it is written (same folder: same file system)."""
    return target.with_name(f".{target.name}.{os.getpid()}.partial")


def stage(target: Path, produce: Callable[[Path], None]) -> Path:
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
        raise media_error(exc, target) from exc
    except BaseException:
        discard(tmp)
        raise
    return tmp


def publish(tmp: Path, target: Path) -> None:
    """Rename the staged file onto `target` and make the rename durable."""
    try:
        os.replace(tmp, target)
    except OSError as exc:
        discard(tmp)
        raise media_error(exc, target) from exc
    _fsync_dir(target.parent)


def discard(path: Path) -> None:
    """Remove a file if it is there."""
    with contextlib.suppress(OSError):
        path.unlink()


def write_file_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically (e.g. a chart's PNG); returns the target."""
    target = check_target(path)
    publish(stage(target, lambda tmp: tmp.write_bytes(data)), target)
    return target


def _fsync_dir(folder: Path) -> None:
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
