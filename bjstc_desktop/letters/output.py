"""Writing a letter's PDF so that it is either wholly there or not at all.

The bytes go to a temporary name beside the target and are fsynced inside the
register's transaction (`stage`): if that fails, nothing is registered and no number is
used. The rename onto the target (`publish`) follows the commit, so a file under its
final name always carries a registered number: a program killed between the two
leaves a registered letter (its copy is in the register) and a hidden temporary file,
never a PDF whose number the register does not know and would give out again.
`check_target` refuses beforehand what would make the rename fail (a folder, a missing
folder, a file another program holds open); `targets` names the files of a format (PDF,
OFD or both), each staged and published the same way.
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


FORMAT_PDF, FORMAT_OFD, FORMAT_BOTH = "pdf", "ofd", "both"
FORMATS = (FORMAT_PDF, FORMAT_OFD, FORMAT_BOTH)
SUFFIX = {FORMAT_PDF: ".pdf", FORMAT_OFD: ".ofd"}


def targets(path: Path, fmt: str) -> dict[str, Path]:
    """The files to write for `fmt`, each checked (check_target): for one format `path`
    itself, refused when its suffix names the other format; for both, `path` with the
    suffix .pdf and with .ofd (京科发〔2026〕12号.pdf → 〃.pdf and 〃.ofd)."""
    if fmt not in FORMATS:
        raise RefusedError(f"格式应为 pdf、ofd 或 both，而不是“{fmt}”。", f"The format is pdf, ofd or both, not {fmt!r}.")
    if fmt == FORMAT_BOTH:
        stem = path.with_suffix("") if path.suffix.lower() in SUFFIX.values() else path
        return {f: check_target(stem.with_name(stem.name + SUFFIX[f])) for f in (FORMAT_PDF, FORMAT_OFD)}
    other = FORMAT_OFD if fmt == FORMAT_PDF else FORMAT_PDF
    if path.suffix.lower() == SUFFIX[other]:
        raise RefusedError(f"要写 {fmt.upper()} 文件，文件名不应以 {SUFFIX[other]} 结尾：{path.name}。",
                           f"Writing {fmt.upper()}, the file name should not end in {SUFFIX[other]}: {path.name}.")
    return {fmt: check_target(path)}


def _not_registered(exc: OSError, target: Path) -> MediaError:
    return atomicfile.media_error(exc, target, "公文未登记，文号未占用。", "Nothing was registered.")


def stage(target: Path, data: bytes) -> Path:
    """Write `data` to a temporary file beside `target` and fsync it."""
    return atomicfile.stage(target, lambda tmp: tmp.write_bytes(data), _not_registered)


def publish(tmp: Path, target: Path) -> None:
    """Rename the staged file onto the target (atomic on one file system)."""
    atomicfile.publish(tmp, target)


discard = atomicfile.discard
