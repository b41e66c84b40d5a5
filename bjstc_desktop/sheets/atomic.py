"""Write an output file so that it is either wholly there or not at all: a hidden
temporary name in the target's folder, fsync, then os.replace. A full disk, a missing
or read-only folder gives a MediaError and leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.store.atomicfile import discard, media_error, publish, stage, temp_name

__all__ = ["check_target", "discard", "media_error", "publish", "stage", "temp_name", "write_file_atomic"]


def check_target(path: Path) -> Path:
    """The absolute target; refused when it is a folder or its folder is missing."""
    target = Path(path).expanduser().absolute()
    if target.is_dir():
        raise RefusedError(f"{target} 是一个文件夹，请给出文件名。", f"{target} is a folder; give a file name.")
    if not target.parent.is_dir():
        raise RefusedError(f"文件夹 {target.parent} 不存在。", f"The folder {target.parent} does not exist.")
    return target


def write_file_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically (e.g. a chart's PNG); returns the target."""
    target = check_target(path)
    publish(stage(target, lambda tmp: tmp.write_bytes(data)), target)
    return target
