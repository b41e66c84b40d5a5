"""Free space, checked before long work (import, sync import, backup, restore) so that a
full disk is said plainly at the start instead of failing half-way."""

from __future__ import annotations

import shutil
from pathlib import Path

from bjstc_desktop.core.errors import MediaError

MARGIN = 16 * 1024 * 1024  # SQLite's journal, the WAL index, the log: room the work needs besides its data


def free_bytes(folder: Path) -> int | None:
    """Free bytes on the disk holding `folder` (or its nearest existing parent)."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free
    except OSError:
        return None


def _mb(n: int) -> str:
    return f"{max(n, 0) / (1024 * 1024):.0f}"


def require_free(folder: Path, needed: int, what_zh: str, what_en: str) -> None:
    """MediaError ("磁盘空间不足", the folder named) unless `needed` bytes (and a margin)
    are free on the disk holding `folder`. Unknown free space lets the work try."""
    free = free_bytes(folder)
    want = needed + needed // 20 + MARGIN
    if free is not None and free < want:
        raise MediaError(
            f"磁盘空间不足：{folder} 所在磁盘只剩 {_mb(free)} MB，{what_zh}约需 {_mb(want)} MB。"
            "未做任何更改，请先腾出空间。",
            f"Disk full: the disk holding {folder} has {_mb(free)} MB free and {what_en} needs about "
            f"{_mb(want)} MB. Nothing was changed; free some space first.")
