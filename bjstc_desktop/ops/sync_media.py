"""Writing a package to removable media so it is never half there: a hidden temporary
name on the medium, flush and fsync, read back and compare, then rename. A medium that
is full, removed or read-only gives a plain error and leaves no file that could later
be taken for a package."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from bjstc_desktop.core.errors import MediaError, RefusedError
from bjstc_desktop.store import atomicfile
from bjstc_desktop.store.atomicfile import discard, temp_name

T = TypeVar("T")
check_output = atomicfile.check_output
PACKAGE = ("同步包", "the package")
CARD = ("身份卡", "the identity card")


def media_error(exc: OSError, target: Path, what: tuple[str, str] = PACKAGE) -> MediaError:
    """A plain message for what went wrong with the medium, naming what was written."""
    return atomicfile.media_error(exc, target, what_zh=what[0], what_en=what[1])


def write_temp(target: Path, produce: Callable[[BinaryIO], T], what: tuple[str, str] = PACKAGE) -> tuple[Path, T]:
    """Write with `produce(fh)` into the temporary name, fsync; returns (temp, result).
    Any failure removes the temporary file."""
    target = atomicfile.check_output(target)
    if target.exists():
        raise RefusedError(f"{target} 已存在，请换一个文件名。", f"{target} exists; choose another name.")
    tmp = temp_name(target)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            result = produce(fh)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        discard(tmp)
        raise media_error(exc, target, what) from exc
    except BaseException:
        discard(tmp)
        raise
    return tmp, result


def read_back(tmp: Path, target: Path, file_hash: str, size: int, new_hash: Callable[[], Any] = hashlib.sha256) -> None:
    """Read the written file again and compare it with what was written (`file_hash`
    in the package suite's hash: `new_hash` makes one, SHA-256 unless told)."""
    digest = new_hash()
    total = 0
    try:
        with tmp.open("rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
                total += len(block)
    except OSError as exc:
        discard(tmp)
        raise media_error(exc, target) from exc
    if total != size or digest.hexdigest() != file_hash:
        discard(tmp)
        raise MediaError("写入介质的同步包读回校验不符，介质可能有故障，请换用其他介质。",
                         "The package read back from the medium differs from what was written; use another medium.")


def publish(tmp: Path, target: Path, what: tuple[str, str] = PACKAGE) -> None:
    """Give the verified file its real name."""
    atomicfile.publish(tmp, target, lambda exc, path: media_error(exc, path, what))
