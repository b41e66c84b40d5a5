"""Writing a letter's PDF so that it is either wholly there or not at all.

The bytes go to a temporary name beside the target and are fsynced inside the
register's transaction (`stage`): if that fails, nothing is registered and no number is
used. The rename onto the target (`publish`) follows the commit, so a file under its
final name always carries a registered number: a program killed between the two
leaves a registered letter (its copy is in the register) and a hidden temporary file,
never a PDF whose number the register does not know and would give out again.
`check_target` refuses beforehand what would make the rename fail (a folder, a missing
folder, a file another program holds open).
"""

from __future__ import annotations

from pathlib import Path

from bjstc_desktop.core.errors import MediaError, RefusedError
from bjstc_desktop.store import atomicfile


def check_target(path: Path) -> Path:
    """The absolute target, refused when its folder is missing or it is a folder (the one
    output check, atomicfile.check_output), or when another program holds it."""
    target = atomicfile.check_output(path)
    if target.exists():
        try:
            with open(target, "r+b"):
                pass  # Windows refuses this while a viewer holds the file; the rename would fail too
        except OSError as exc:
            raise RefusedError(f"{target} 正被其他程序占用或不可写，请关闭后重试。",
                               f"{target} is in use or read-only; close it and retry.") from exc
    return target


def _not_registered(exc: OSError, target: Path) -> MediaError:
    return atomicfile.media_error(exc, target, "公文未登记，文号未占用。", "Nothing was registered.")


def stage(target: Path, data: bytes) -> Path:
    """Write `data` to a temporary file beside `target` and fsync it."""
    return atomicfile.stage(target, lambda tmp: tmp.write_bytes(data), _not_registered)


def publish(tmp: Path, target: Path) -> None:
    """Rename the staged file onto the target (atomic on one file system)."""
    atomicfile.publish(tmp, target)


discard = atomicfile.discard
