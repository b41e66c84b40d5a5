"""Compile the Qt Linguist catalogues resources/translations/*.ts into .qm files.

    python -m bjstc_desktop.tools.build_translations            # build the .qm files
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


def catalogues(folder: Path | None = None) -> list[Path]:
    """Every .ts catalogue, sorted."""
    return sorted((folder or resources_dir() / "translations").glob("*.ts"))


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
        update_sources(lupdate, ts_files)
    stale = []
    for ts in ts_files:
        qm = ts.with_suffix(".qm")
        data = compile_catalogue(lrelease, ts)
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
