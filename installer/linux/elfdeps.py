"""What the shared libraries of a built bundle need from the system (Linux).

Reads every ELF file of the bundle with `objdump -p` (binutils): its DT_NEEDED names and
the symbol versions it requires (GLIBC_2.x, GLIBCXX_3.4.x). A needed library that the
bundle does not hold must come from the system: build_deb.py maps each to the Debian
package declared in Depends, and fails when one is not mapped.

    python installer/linux/elfdeps.py [dist/bjstc-desktop]   # prints the report
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ELF_MAGIC = b"\x7fELF"


@dataclass
class Report:
    """Needed libraries missing from the bundle: name -> the bundle files that need it."""

    system: dict[str, set[str]] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)  # GLIBC / GLIBCXX / CXXABI / GCC -> highest
    elf_files: int = 0


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == ELF_MAGIC
    except OSError:
        return False


def _version_key(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v))


def objdump(path: Path) -> tuple[list[str], list[str]]:
    """(needed names, required symbol versions) of one ELF file."""
    tool = shutil.which("objdump")
    if tool is None:
        raise SystemExit("objdump not found: install binutils")
    out = subprocess.run([tool, "-p", str(path)], capture_output=True, text=True, check=False).stdout
    needed = re.findall(r"^\s+NEEDED\s+(\S+)", out, flags=re.M)
    versions = re.findall(r"^\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+\d+\s+(\S+)$", out, flags=re.M)
    return needed, versions


def scan(bundle: Path) -> Report:
    """Read every ELF file under `bundle`."""
    files = [p for p in sorted(bundle.rglob("*")) if p.is_file() and not p.is_symlink() and is_elf(p)]
    present = {p.name for p in bundle.rglob("*") if p.is_file() or p.is_symlink()}
    report = Report(elf_files=len(files))
    for path in files:
        needed, versions = objdump(path)
        for name in needed:
            if name not in present:
                report.system.setdefault(name, set()).add(path.relative_to(bundle).as_posix())
        for v in versions:
            m = re.match(r"(GLIBC|GLIBCXX|CXXABI|GCC)_(\d[\d.]*)$", v)
            if not m:
                continue
            kind, number = m.groups()
            if kind not in report.versions or _version_key(number) > _version_key(report.versions[kind]):
                report.versions[kind] = number
    return report


def main(argv: list[str]) -> int:
    bundle = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "dist" / "bjstc-desktop"
    report = scan(bundle)
    print(f"{report.elf_files} ELF files in {bundle}")
    print("highest symbol versions required: " + ", ".join(f"{k} {v}" for k, v in sorted(report.versions.items())))
    print("needed from the system:")
    for name, users in sorted(report.system.items()):
        example = sorted(users)[0]
        print(f"  {name:<28} ({len(users)} files, e.g. {example})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
