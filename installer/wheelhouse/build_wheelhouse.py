"""Build the offline wheelhouse from requirements.lock: `make wheelhouse`.

    python installer/wheelhouse/build_wheelhouse.py [--out dist/wheelhouse] [--target NAME ...] [--python 3.11 ...]

For every target platform (win_amd64, manylinux x86_64, manylinux aarch64) and every
CPython version (3.11, 3.12) it runs

    pip download --only-binary=:all: --platform TAG --python-version X.Y --implementation cp
                 --require-hashes --no-deps -r requirements.lock -d OUT

so every file is checked against the lock's sha256 as it arrives. A pinned package with no
wheel for a target is REPORTED (report.json, report.md and the exit code), never skipped
in silence: pip stops at the first one, this script records it and asks again without it.
Then it checks, for each target, that every dependency a downloaded wheel declares for
that platform (its Requires-Dist, markers evaluated for the target, not for this machine)
is pinned in the lock: otherwise `pip install --require-hashes` would stop there.

The result, ready to copy onto approved media:
    OUT/*.whl                    the wheels of every target (pure-Python ones once)
    OUT/requirements.lock        the lock they were checked against
    OUT/README.md                how an administrator installs from it (installer/wheelhouse/README.md)
    OUT/report.md, report.json   which targets are complete, which packages lack a wheel
    OUT/SHA256SUMS               sha256sum -c SHA256SUMS
It downloads about 1 GB from the package index: not part of CI. Never committed (dist/ is
ignored by git).
"""

from __future__ import annotations

import argparse
import email.parser
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
LOCK = REPO / "requirements.lock"
DEFAULT_OUT = REPO / "dist" / "wheelhouse"
PYTHONS = ("3.11", "3.12")
# The oldest glibc each Linux target is built for: the pinned PySide6 6.11.3 publishes
# manylinux_2_34 wheels for x86-64 but only manylinux_2_39 ones for aarch64. pip does not
# widen a --platform manylinux_2_NN tag to the older tags such a system also accepts, so
# every one is named (manylinux_2_NN ... manylinux_2_17 = manylinux2014, older on x86-64).
GLIBC = {"x86_64": 34, "aarch64": 39}


def manylinux(arch: str) -> tuple[str, ...]:
    tags = [f"manylinux_2_{m}_{arch}" for m in range(GLIBC[arch], 16, -1)] + [f"manylinux2014_{arch}"]
    if arch == "x86_64":
        tags += [f"manylinux_2_{m}_{arch}" for m in range(12, 4, -1)] + [f"manylinux2010_{arch}",
                                                                         f"manylinux1_{arch}"]
    return tuple(tags)


@dataclass(frozen=True)
class Target:
    name: str
    platforms: tuple[str, ...]
    env: dict[str, str]  # PEP 508 marker environment of the target (python_version added later)
    needs: str = ""      # what the target machine must have


TARGETS = (
    Target("win_amd64", ("win_amd64",),
           {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
            "platform_machine": "AMD64", "implementation_name": "cpython",
            "platform_python_implementation": "CPython"}, "Windows 10 1809 or newer, 64-bit"),
    Target("manylinux_x86_64", manylinux("x86_64"),
           {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
            "platform_machine": "x86_64", "implementation_name": "cpython",
            "platform_python_implementation": "CPython"}, f"glibc >= 2.{GLIBC['x86_64']}"),
    Target("manylinux_aarch64", manylinux("aarch64"),
           {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
            "platform_machine": "aarch64", "implementation_name": "cpython",
            "platform_python_implementation": "CPython"}, f"glibc >= 2.{GLIBC['aarch64']}"),
)


@dataclass
class Result:
    target: str
    python: str
    needs: str = ""
    missing: list[str] = field(default_factory=list)       # pinned, but no wheel for this target
    unpinned: list[str] = field(default_factory=list)      # needed on this target, not in the lock
    errors: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.missing or self.unpinned or self.errors)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Pin:
    version: str
    hashes: tuple[str, ...]


def read_lock(lock: Path) -> dict[str, Pin]:
    """{canonical name: (version, sha256 hashes)} of a pip-compile --generate-hashes file."""
    pins: dict[str, Pin] = {}
    name = version = ""
    hashes: list[str] = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if m:
            if name:
                pins[name] = Pin(version, tuple(hashes))
            name, version, hashes = canonical(m.group(1)), m.group(2), []
            continue
        h = re.match(r"^\s+--hash=(sha256:[0-9a-f]{64})", line)
        if h and name:
            hashes.append(h.group(1))
    if name:
        pins[name] = Pin(version, tuple(hashes))
    return pins


def write_lock(path: Path, pins: dict[str, Pin], leave_out: set[str]) -> None:
    """A requirements file with the pins of `pins` less `leave_out`, hashes kept."""
    lines = []
    for name, pin in sorted(pins.items()):
        if name in leave_out:
            continue
        lines.append(f"{name}=={pin.version} " + " ".join(f"--hash={h}" for h in pin.hashes))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


NOT_FOUND = re.compile(r"(?:No matching distribution found for|Could not find a version that satisfies the "
                       r"requirement)\s+([A-Za-z0-9][A-Za-z0-9._-]*)")


def download(target: Target, python: str, out: Path, pins: dict[str, Pin],
             pip: list[str]) -> Result:
    """pip download for one target, leaving out (and recording) packages with no wheel."""
    result = Result(target.name, python, target.needs)
    leave_out: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        req = Path(tmp) / "requirements.txt"
        for _ in range(len(pins) + 1):
            write_lock(req, pins, leave_out)
            cmd = [*pip, "download", "--disable-pip-version-check", "--only-binary=:all:", "--no-deps",
                   "--require-hashes", "--implementation", "cp", "--python-version", python,
                   "-d", str(out), "-r", str(req)]
            for tag in target.platforms:
                cmd += ["--platform", tag]
            print(f"[{target.name} cp{python.replace('.', '')}] pip download ({len(pins) - len(leave_out)} packages)",
                  flush=True)
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode == 0:
                break
            m = NOT_FOUND.search(proc.stderr)
            if not m or canonical(m.group(1)) in leave_out:
                tail = "\n".join(proc.stderr.strip().splitlines()[-6:])
                result.errors.append(tail)
                break
            name = canonical(m.group(1))
            leave_out.add(name)
            result.missing.append(f"{name}=={pins[name].version}")
            print(f"    no wheel: {name}=={pins[name].version}", flush=True)
    return result


def wheel_tags(filename: str) -> tuple[str, str, str, str, str]:
    """(name, version, python tag, abi tag, platform tag) of a wheel file name."""
    parts = filename[:-4].split("-")
    if len(parts) == 6:  # build tag
        parts = parts[:2] + parts[3:]
    name, version, py, abi, plat = parts
    return canonical(name), version, py, abi, plat


def check_dependencies(target: Target, python: str, out: Path, pins: dict[str, Pin],
                       result: Result) -> None:
    """Every Requires-Dist that applies on `target` must be pinned in the lock."""
    from packaging.markers import Marker
    from packaging.requirements import Requirement

    env = {**target.env, "python_version": python, "python_full_version": python + ".0",
           "platform_release": "", "platform_version": "", "extra": ""}
    seen: set[str] = set()
    for wheel in sorted(out.glob("*.whl")):
        name, version, *_ = wheel_tags(wheel.name)
        if name not in pins or pins[name].version != version or name in seen:
            continue
        seen.add(name)
        with zipfile.ZipFile(wheel) as zf:
            meta_name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
            meta = email.parser.Parser().parsestr(zf.read(meta_name).decode("utf-8", "replace"))
        for raw in meta.get_all("Requires-Dist") or []:
            req = Requirement(raw)
            if req.marker is not None and not Marker(str(req.marker)).evaluate(env):
                continue
            dep = canonical(req.name)
            if dep not in pins:
                result.unpinned.append(f"{dep} (needed by {name} on {target.name} cp{python})")
            elif not req.specifier.contains(pins[dep].version, prereleases=True):
                result.unpinned.append(f"{dep}{req.specifier} (pinned {pins[dep].version}; needed by {name})")


def write_report(out: Path, results: list[Result]) -> None:
    (out / "report.json").write_text(json.dumps([r.__dict__ | {"complete": r.complete} for r in results],
                                                ensure_ascii=False, indent=1), encoding="utf-8")
    lines = ["# Wheelhouse report", "",
             "| target | CPython | the machine needs | complete | no wheel for | not pinned in the lock |",
             "|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r.target} | {r.python} | {r.needs} | {'yes' if r.complete else 'NO'} | "
                     f"{', '.join(r.missing) or '—'} | {', '.join(r.unpinned) or '—'} |")
    errors = [r for r in results if r.errors]
    if errors:
        lines += ["", "## pip errors", ""]
        for r in errors:
            lines += [f"### {r.target} cp{r.python}", "", "```", *r.errors, "```", ""]
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_checksums(out: Path) -> None:
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n"
             for p in sorted(out.iterdir()) if p.is_file() and p.name != "SHA256SUMS"]
    (out / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="build_wheelhouse.py", description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    p.add_argument("--target", action="append", choices=[t.name for t in TARGETS])
    p.add_argument("--python", action="append", choices=PYTHONS)
    p.add_argument("--lock", type=Path, default=LOCK)
    args = p.parse_args(argv)
    targets = [t for t in TARGETS if not args.target or t.name in args.target]
    pythons = args.python or list(PYTHONS)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    pins = read_lock(args.lock)
    pip = [sys.executable, "-m", "pip"]
    results = []
    for target in targets:
        for python in pythons:
            result = download(target, python, out, pins, pip)
            check_dependencies(target, python, out, pins, result)
            results.append(result)
    shutil.copy2(args.lock, out / "requirements.lock")
    shutil.copy2(HERE / "README.md", out / "README.md")
    write_report(out, results)
    write_checksums(out)
    print((out / "report.md").read_text(encoding="utf-8"))
    wheels = list(out.glob("*.whl"))
    print(f"{len(wheels)} wheels, {sum(w.stat().st_size for w in wheels) / 2**20:.0f} MiB in {out}")
    return 0 if all(r.complete for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
