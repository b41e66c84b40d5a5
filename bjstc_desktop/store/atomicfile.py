"""Write a file so it is either wholly old or wholly new: a hidden temporary name in the
target's folder, fsync, rename, fsync the folder. The one implementation behind the
store's own files, letters, spreadsheets, pictures, backups and sync packages: a full
disk, a read-only or missing folder gives a MediaError in the officer's language and
leaves nothing behind.

`check_output` is the one check of every output path (sync export, letters, backups,
Excel and audit exports, identity cards): a folder that is not there (no USB stick) is
refused instead of becoming a file on the system disk. It also removes what killed
writers left in that folder (their temporary files carry the writer's process id).
`check_source` refuses inputs that are not regular files (a FIFO would hang the read).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

from bjstc_desktop.core.errors import MediaError, RefusedError

log = logging.getLogger(__name__)

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


def no_folder_error(folder: Path) -> MediaError:
    """The one message for an output folder that is not there."""
    return MediaError(f"目标文件夹不存在，请检查移动存储介质是否已插入：{folder}",
                        f"The target folder does not exist; check that the removable medium is inserted: {folder}")


def media_error(exc: OSError, target: Path, after_zh: str = "", after_en: str = "", *,
                what_zh: str = "文件", what_en: str = "the file") -> MediaError:
    """A plain message for why `target` could not be written (`what_*`: the thing, e.g. a
    同步包; `after_*`: what that means for the officer, e.g. that no number was used)."""
    folder = target.parent
    if exc.errno in _FULL:
        zh, en = (f"磁盘空间不足：{folder} 所在磁盘已满，{what_zh}未写入。",
                  f"Disk full: the disk holding {folder} is full; {what_en} was not written.")
    elif exc.errno in _READ_ONLY:
        zh, en = (f"{folder} 只读或无写入权限，{what_zh}未写入。",
                  f"{folder} is read-only or not writable; {what_en} was not written.")
    elif exc.errno == errno.ENOENT and not folder.is_dir():
        err = no_folder_error(folder)
        zh, en = (f"{err.zh}，{what_zh}未写入。", f"{err.en}; {what_en} was not written.")
    else:
        zh, en = (f"无法写入 {folder}（{exc.strerror or exc}；介质可能已被拔出），{what_zh}未写入。",
                  f"Cannot write {folder} ({exc.strerror or exc}; the medium may have been removed); "
                  f"{what_en} was not written.")
    return MediaError(zh + after_zh, f"{en} {after_en}".rstrip())


def _ends_with_separator(raw: str) -> bool:
    return raw.endswith(("/", os.sep)) or bool(os.altsep and raw.endswith(os.altsep))


def check_output(path: str | os.PathLike[str], *, folder_ok: bool = False) -> Path:
    """The absolute output path, checked before any work: a path ending in a separator
    names a folder and must be one; the folder of a file must exist; a folder is refused
    unless `folder_ok` (sync export names the file itself). Stale temporary files of
    killed writers in that folder are removed on the way."""
    raw = os.fspath(path)
    target = Path(raw).expanduser().absolute()
    if _ends_with_separator(raw) and not target.is_dir():
        raise no_folder_error(target)
    if target.is_dir():
        if folder_ok:
            sweep_temporaries(target)
            return target
        raise RefusedError(f"{target} 是一个文件夹，请给出文件名。", f"{target} is a folder; give a file name.")
    if not target.parent.is_dir():
        raise no_folder_error(target.parent)
    sweep_temporaries(target.parent)
    return target


def check_source(path: str | os.PathLike[str], what_zh: str = "文件", what_en: str = "file") -> Path:
    """An input that is a regular file (never a FIFO, a device or a folder: reading
    those hangs or makes no sense), refused with a plain message otherwise."""
    source = Path(os.fspath(path)).expanduser()
    try:
        mode = source.stat().st_mode
    except FileNotFoundError:
        raise RefusedError(f"{what_zh}不存在：{source}", f"The {what_en} {source} does not exist.") from None
    except OSError as exc:
        raise RefusedError(f"无法读取{what_zh} {source}：{exc.strerror}",
                           f"Cannot read the {what_en} {source}: {exc.strerror}") from exc
    if not stat.S_ISREG(mode):
        kind_zh, kind_en = ("文件夹", "a folder") if stat.S_ISDIR(mode) else ("特殊文件（管道或设备）", "a pipe or a device")
        raise RefusedError(f"{source} 是{kind_zh}，不是{what_zh}。", f"{source} is {kind_en}, not a {what_en}.")
    return source


def sweep_temporaries(folder: Path) -> int:
    """Remove our temporary files (and staging folders, e.g. an e-records export's) in
    `folder` whose writer is no longer running (the process id in their name); returns
    how many. Best effort, never raises."""
    from bjstc_desktop.store.lockfile import pid_alive

    removed = 0
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            pid = _writer_pid(entry.name)
            if pid is None or pid_alive(pid) or entry.is_symlink():
                continue
            with contextlib.suppress(OSError):
                if entry.is_dir():
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
                removed += 1
    if removed:
        log.info("stale temporary files removed from an output folder: %d", removed)
    return removed


def _writer_pid(name: str) -> int | None:
    """The pid in `.NAME.PID.partial` (`temp_name`), else None: other programs' files in
    the officer's folders are never touched."""
    if not (name.startswith(".") and name.endswith(".partial")):
        return None
    pid = name[: -len(".partial")].rpartition(".")[2]
    return int(pid) if pid.isdigit() else None


def is_temporary_name(name: str) -> bool:
    """The names our writers give files while they are written (hidden, .partial or .tmp)."""
    return name.startswith(".") and (name.endswith(".partial") or name.endswith(".tmp"))


def temp_name(target: Path) -> Path:
    """The hidden name a file has while it is written (same folder: same file system)."""
    return target.with_name(f".{target.name}.{os.getpid()}.partial")


def stage(target: Path, produce: Callable[[Path], object], error_for: ErrorFor = media_error) -> Path:
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
