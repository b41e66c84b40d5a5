"""Write an output file so that it is either wholly there or not at all: a hidden
temporary name in the target's folder, fsync, then os.replace. A full disk, a missing
or read-only folder gives a MediaError and leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

from bjstc_desktop.store.atomicfile import (
    check_output,
    discard,
    media_error,
    publish,
    stage,
    temp_name,
)

__all__ = ["check_target", "discard", "media_error", "publish", "stage", "temp_name", "write_file_atomic"]


def check_target(path: Path) -> Path:
    """The absolute target; refused when it is a folder or its folder is missing (the
    one output check, atomicfile.check_output)."""
    return check_output(path)


def write_file_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically (e.g. a chart's PNG); returns the target."""
    target = check_target(path)
    publish(stage(target, lambda tmp: tmp.write_bytes(data)), target)
    return target
