"""Fixtures of the installer tests: the frozen one-folder build, made once per test run.

The slow tests (marked `installer`) build the bundle with PyInstaller into
build/installer-test/ (never dist/, which is the developer's) and run it. They are part of
`make test`: the build and the whole smoke scenario take about three minutes here
(tests/installer/README.md has the numbers). Set BJSTC_SKIP_INSTALLER_TESTS=1 to leave them
out of a quick local run; BJSTC_INSTALLER_TESTS=1 (set by `make installer-check`) turns a
missing prerequisite into a failure instead of a skip. BJSTC_BUNDLE=dist/bjstc-desktop tests
an existing build instead of making one.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INSTALLER = REPO / "installer"
for folder in (INSTALLER, INSTALLER / "linux", INSTALLER / "wheelhouse"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import layout  # noqa: E402

TEST_ROOT = REPO / "build" / "installer-test"
BUILD_TIMEOUT_S = 480  # the slow tests must stay well inside CI's 10-minute allowance


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "installer: builds and runs the frozen application (minutes)")


def _required() -> bool:
    return os.environ.get("BJSTC_INSTALLER_TESTS") == "1"


def need(condition: bool, why: str) -> None:
    """Skip (or, under `make installer-check`, fail) when a prerequisite is missing."""
    if condition:
        return
    if _required():
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture(scope="session")
def frozen_bundle() -> Iterator[Path]:
    """The one-folder build: BJSTC_BUNDLE, else built once for this run (all xdist workers
    share it: the first one builds under a file lock, the others wait and reuse it)."""
    if os.environ.get("BJSTC_SKIP_INSTALLER_TESTS") == "1":
        pytest.skip("BJSTC_SKIP_INSTALLER_TESTS=1")
    override = os.environ.get("BJSTC_BUNDLE")
    if override:
        bundle = Path(override).resolve()
        need(layout.executable(layout.CLI_NAME, bundle).is_file(), f"BJSTC_BUNDLE={override} holds no build")
        yield bundle
        return
    need(sys.platform.startswith("linux"), "the frozen-build tests run on Linux (Windows: installer/windows/build.ps1)")
    need(importlib.util.find_spec("PyInstaller") is not None, "PyInstaller is not installed (requirements.lock)")
    need(shutil.which("objdump") is not None, "objdump (binutils) is needed by the build checks")
    import fcntl

    from build import build_bundle  # installer/build.py

    TEST_ROOT.mkdir(parents=True, exist_ok=True)
    dist = TEST_ROOT / "dist"
    bundle = layout.bundle_dir(dist)
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"
    stamp = TEST_ROOT / "built-for-run"
    with (TEST_ROOT / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        fresh = stamp.is_file() and stamp.read_text() == run_id and layout.executable(layout.GUI_NAME, bundle).is_file()
        if not fresh:
            started = time.monotonic()
            build_bundle(dist=dist, work=TEST_ROOT / "work", reuse=True, timeout=BUILD_TIMEOUT_S)
            (TEST_ROOT / "build-seconds").write_text(f"{time.monotonic() - started:.1f}")
            stamp.write_text(run_id)
    yield bundle
