"""Compile the Qt Linguist catalogues resources/translations/*.ts into .qm files.

    python -m bjstc_desktop.tools.build_translations            # build the .qm files (and copy Qt's own)
    python -m bjstc_desktop.tools.build_translations --update   # re-extract strings into the .ts first
    python -m bjstc_desktop.tools.build_translations --check    # exit 1 if a .qm is missing or stale

Uses pyside6-lrelease / pyside6-lupdate from the same environment as this Python (found
next to sys.executable, else in the PySide6 package folder); never imports PySide6 (the
layering contract keeps Qt inside gui/ and app.py). Idempotent: a .qm is rewritten only
when its content would change, so a second run touches nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bjstc_desktop.core.resources import resources_dir

REPO = Path(__file__).resolve().parents[2]
# Where the GUI's translatable strings live (lupdate reads Python and Designer forms).
SOURCES = ("bjstc_desktop/gui", "bjstc_desktop/app.py", "ui")


def find_tool(name: str) -> Path | None:
    """pyside6-<name> next to this interpreter, else the binary inside the PySide6 package."""
    folder = Path(sys.executable).parent
    for candidate in (folder / f"pyside6-{name}", folder / f"pyside6-{name}.exe",
                      folder / "Scripts" / f"pyside6-{name}.exe"):
        if candidate.is_file():
            return candidate
    found = shutil.which(f"pyside6-{name}")
    if found:
        return Path(found)
    spec = importlib.util.find_spec("PySide6")  # locates the package without importing it
    if spec and spec.submodule_search_locations:
        for base in spec.submodule_search_locations:
            for candidate in (Path(base) / name, Path(base) / f"{name}.exe"):
                if candidate.is_file():
                    return candidate
    return None


# Qt's own catalogues, copied from the PySide6 package next to ours so the program (and
# the frozen bundle, which takes resources/translations whole) finds them wherever Qt's
# library paths point. qt_extra_zh_CN.ts supplements them with strings Qt 6 renamed.
QT_SHIPPED = ("qtbase_zh_CN.qm",)


def catalogues(folder: Path | None = None) -> list[Path]:
    """Every .ts catalogue, sorted (ours, and the supplement to Qt's own)."""
    return sorted((folder or resources_dir() / "translations").glob("*.ts"))


def own_catalogues(folder: Path | None = None) -> list[Path]:
    """The catalogues of the program's own strings (lupdate keeps them current)."""
    return [ts for ts in catalogues(folder) if ts.name.startswith("bjstc_")]


def qt_catalogue_source(name: str) -> Path | None:
    """Where the PySide6 package keeps one of Qt's catalogues (found without importing Qt)."""
    spec = importlib.util.find_spec("PySide6")
    for base in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(base) / "Qt" / "translations" / name
        if candidate.is_file():
            return candidate
    return None


def compile_catalogue(lrelease: Path, ts: Path) -> bytes:
    """The .qm bytes for one .ts (compiled in a temporary folder)."""
    with tempfile.TemporaryDirectory() as tmp:
        qm = Path(tmp) / (ts.stem + ".qm")
        result = subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0 or not qm.is_file():
            raise RuntimeError(f"lrelease failed for {ts.name}: {result.stderr.strip()}")
        return qm.read_bytes()


def update_sources(lupdate: Path, ts_files: list[Path]) -> None:
    """Re-extract the GUI's strings into each .ts (new strings arrive unfinished)."""
    sources = [str(REPO / s) for s in SOURCES]
    for ts in ts_files:
        subprocess.run([str(lupdate), "-extensions", "py,ui", "-no-obsolete", "-locations", "none",
                        *sources, "-ts", str(ts)],
                       check=True, capture_output=True)


def build(check: bool = False, update: bool = False) -> int:
    """Build (or check) every catalogue; returns the exit code."""
    ts_files = catalogues()
    if not ts_files:
        print("no .ts catalogues found", file=sys.stderr)
        return 1
    lrelease = find_tool("lrelease")
    if lrelease is None:
        print("pyside6-lrelease not found in this environment", file=sys.stderr)
        return 1
    if update:
        lupdate = find_tool("lupdate")
        if lupdate is None:
            print("pyside6-lupdate not found in this environment", file=sys.stderr)
            return 1
        update_sources(lupdate, own_catalogues())
    built: list[tuple[Path, Path]] = [(ts.with_suffix(".qm"), ts) for ts in ts_files]
    for name in QT_SHIPPED:
        source = qt_catalogue_source(name)
        if source is None:
            print(f"Qt's catalogue {name} not found in the PySide6 package", file=sys.stderr)
            return 1
        built.append((ts_files[0].parent / name, source))
    stale = []
    for qm, source in built:
        data = source.read_bytes() if source.suffix == ".qm" else compile_catalogue(lrelease, source)
        if qm.is_file() and qm.read_bytes() == data:
            continue
        stale.append(qm.name)
        if not check:  # a unique temporary name: parallel test workers may build at once
            fd, tmp = tempfile.mkstemp(prefix=qm.name, suffix=".tmp", dir=qm.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, qm)
    if check and stale:
        print("stale or missing: " + ", ".join(stale), file=sys.stderr)
        return 1
    for name in stale:
        print(f"built {name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    p = argparse.ArgumentParser(prog="build_translations", description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="exit 1 when a .qm is missing or stale")
    p.add_argument("--update", action="store_true", help="re-extract source strings into the .ts files first")
    args = p.parse_args(argv)
    return build(check=args.check, update=args.update)


if __name__ == "__main__":
    raise SystemExit(main())
