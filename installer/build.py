"""Build the frozen one-folder application for this platform: `make installer`.

    python installer/build.py            # translations, PyInstaller, checks, SHA256SUMS
    python installer/build.py --deb      # ... and the Debian package (Linux)
    python installer/build.py --reuse    # keep PyInstaller's cache (faster rebuilds)

Result: dist/bjstc-desktop/ with `bjstc` and `bjstc-desktop` (`.exe` on Windows) and the
`_internal/` folder beside them. Nothing is downloaded: PyInstaller and every library
come from the hash-pinned .venv.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import layout

WINDOWS = sys.platform == "win32"


def run(cmd: list[str], **kw: object) -> None:
    print("+ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=layout.REPO, **kw)  # type: ignore[arg-type]


def build_translations() -> None:
    """The .qm catalogues are build products: make them before freezing."""
    run([sys.executable, "-m", "bjstc_desktop.tools.build_translations"])


def freeze(reuse: bool, dist: Path = layout.DIST_DIR, work: Path = layout.BUILD_DIR,
           timeout: float | None = None) -> Path:
    """Run PyInstaller with the spec; returns the bundle folder."""
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work)]
    if not reuse:
        cmd.append("--clean")
    cmd.append(str(layout.INSTALLER / "bjstc-desktop.spec"))
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # reproducible archive ordering
    if "SOURCE_DATE_EPOCH" not in env:
        env["SOURCE_DATE_EPOCH"] = _commit_time()
    run(cmd, env=env, timeout=timeout)
    return layout.bundle_dir(dist)


def _commit_time() -> str:
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=layout.REPO, capture_output=True,
                             text=True, check=True).stdout.strip()
        return out or str(int(time.time()))
    except (OSError, subprocess.CalledProcessError):
        return str(int(time.time()))


def check_bundle(bundle: Path) -> list[str]:
    """What is missing from a built bundle (an empty list when it is complete)."""
    problems = []
    for name in layout.EXECUTABLES:
        if not layout.executable(name, bundle, WINDOWS).is_file():
            problems.append(f"program {name} missing")
    internal = bundle / layout.CONTENTS_DIR
    for ds in layout.DATA_SETS:
        expected = ds.files()
        if not expected:
            continue
        root = layout.REPO / ds.source
        for f in expected:
            if not (internal / ds.dest / f.relative_to(root)).is_file():
                problems.append(f"{ds.name}: {ds.dest}/{f.relative_to(root).as_posix()} missing")
    qt_plugins = internal / "PySide6" / ("plugins" if WINDOWS else "Qt/plugins")
    platform_plugin = "qwindows.dll" if WINDOWS else "libqxcb.so"
    for needed in (f"platforms/{platform_plugin}", "platforms/" + ("qoffscreen.dll" if WINDOWS else "libqoffscreen.so")):
        if not (qt_plugins / needed).is_file():
            problems.append(f"Qt plugin {needed} missing")
    if any(bundle.rglob("*QtWebEngine*")):
        problems.append("QtWebEngine was collected (it must not be)")
    return problems


def write_checksums(bundle: Path) -> Path:
    """SHA256SUMS at the top of the bundle: `sha256sum -c SHA256SUMS` verifies a copy."""
    lines = []
    for path in sorted(p for p in bundle.rglob("*") if p.is_file() and p.name != layout.CHECKSUMS):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(bundle).as_posix()}\n")
    out = bundle / layout.CHECKSUMS
    out.write_text("".join(lines), encoding="utf-8")
    return out


def size_report(bundle: Path) -> dict[str, int]:
    """Bytes per top-level part of the bundle, biggest first, and the total."""
    parts: dict[str, int] = {}
    internal = bundle / layout.CONTENTS_DIR
    for path in bundle.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        rel = path.relative_to(bundle)
        if rel.parts[0] == layout.CONTENTS_DIR and len(rel.parts) > 2:
            key = "/".join(rel.parts[1:3]) if rel.parts[1] in ("PySide6", "resources") else rel.parts[1]
            if rel.parts[1] == "PySide6" and len(rel.parts) > 3 and rel.parts[2] == "Qt":
                key = "PySide6/Qt/" + rel.parts[3]
        elif rel.parts[0] == layout.CONTENTS_DIR:
            key = "_internal (top-level files)"
        else:
            key = rel.parts[0]
        parts[key] = parts.get(key, 0) + path.stat().st_size
    del internal
    parts = dict(sorted(parts.items(), key=lambda kv: -kv[1]))
    parts["TOTAL"] = sum(parts.values())
    return parts


def print_sizes(parts: dict[str, int]) -> None:
    print("size of the build:")
    for key, n in list(parts.items())[:14]:
        print(f"  {n / 2**20:8.1f} MiB  {key}")
    print(f"  {parts['TOTAL'] / 2**20:8.1f} MiB  TOTAL")


def build_bundle(dist: Path = layout.DIST_DIR, work: Path = layout.BUILD_DIR, reuse: bool = False,
                 timeout: float | None = None) -> Path:
    """Translations, PyInstaller, completeness check, SHA256SUMS; returns the bundle."""
    bundle = layout.bundle_dir(dist)
    build_translations()
    if bundle.exists():
        shutil.rmtree(bundle)
    freeze(reuse, dist, work, timeout)
    problems = check_bundle(bundle)
    if problems:
        raise RuntimeError("the build is incomplete:\n  " + "\n  ".join(problems))
    write_checksums(bundle)
    return bundle


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="installer/build.py", description=__doc__.splitlines()[0])
    p.add_argument("--deb", action="store_true", help="also build the Debian package (Linux only)")
    p.add_argument("--reuse", action="store_true", help="keep PyInstaller's cache from the last build")
    p.add_argument("--skip-freeze", action="store_true", help="use the existing build (for --deb)")
    p.add_argument("--dist", type=Path, default=layout.DIST_DIR, help="where the bundle goes (default dist/)")
    p.add_argument("--work", type=Path, default=layout.BUILD_DIR, help="PyInstaller's work folder")
    args = p.parse_args(argv)
    started = time.monotonic()
    bundle = layout.bundle_dir(args.dist.resolve())
    if not args.skip_freeze:
        build_translations()
        if bundle.exists():
            shutil.rmtree(bundle)
        freeze(args.reuse, args.dist.resolve(), args.work.resolve())
    problems = check_bundle(bundle)
    if problems:
        print("the build is incomplete:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    write_checksums(bundle)
    print_sizes(size_report(bundle))
    print(f"built {bundle} in {time.monotonic() - started:.0f} s")
    if args.deb:
        if WINDOWS:
            print("--deb: Debian packages are built on Linux", file=sys.stderr)
            return 2
        from linux.build_deb import build_deb  # installer/linux/build_deb.py

        deb = build_deb(bundle, args.dist.resolve())
        print(f"built {deb}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
