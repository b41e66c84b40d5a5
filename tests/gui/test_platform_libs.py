"""On Linux, missing X11 libraries of Qt's platform plugin give a plain message on stderr
naming the packages to install (instead of Qt's silent abort, exit 134), and the Debian
package declares those packages."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bjstc_desktop import platform_libs
from tests.conftest import env_for

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin exists on Linux only")

LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /opt/x/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)
"""


def _fake_ldd(folder: Path, output: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "ldd"
    script.write_text("#!/bin/sh\ncat <<'EOF'\n" + output + "EOF\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


def test_the_missing_libraries_are_named_with_their_packages(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", f"{_fake_ldd(tmp_path / 'bin', LDD_MISSING)}{os.pathsep}{os.environ['PATH']}")
    plugin = platform_libs.xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    assert platform_libs.missing_libraries(plugin) == ["libxcb-cursor.so.0", "libxkbcommon-x11.so.0"]
    zh, en = platform_libs.platform_problem({"DISPLAY": ":0"}) or ("", "")
    assert "sudo apt install libxcb-cursor0 libxkbcommon-x11-0" in zh and "libxcb-cursor.so.0" in zh
    assert "libxcb-cursor0 libxkbcommon-x11-0" in en
    assert platform_libs.platform_problem({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}) is None
    assert platform_libs.platform_problem({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0",
                                           "XDG_SESSION_TYPE": "wayland"}) is None


def test_nothing_missing_says_nothing(tmp_path: Path, monkeypatch) -> None:
    found = _fake_ldd(tmp_path / "bin", "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6\n")
    monkeypatch.setenv("PATH", f"{found}{os.pathsep}{os.environ['PATH']}")
    assert platform_libs.platform_problem({"DISPLAY": ":0"}) is None


def test_the_program_says_what_to_install_instead_of_aborting(tmp_path: Path, demo_dir: Path) -> None:
    env = env_for(demo_dir, user="zhang", QT_QPA_PLATFORM="xcb", DISPLAY=":97")
    env["PATH"] = f"{_fake_ldd(tmp_path / 'bin', LDD_MISSING)}{os.pathsep}{env['PATH']}"
    result = subprocess.run([sys.executable, "-m", "bjstc_desktop", "--data-dir", str(demo_dir)], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1, result.stderr
    assert "sudo apt install libxcb-cursor0 libxkbcommon-x11-0" in result.stderr
    assert "Traceback" not in result.stderr and "qt.qpa" not in result.stderr


def test_english_when_asked(tmp_path: Path, demo_dir: Path) -> None:
    env = env_for(demo_dir, user="zhang", QT_QPA_PLATFORM="xcb", DISPLAY=":97")
    env["PATH"] = f"{_fake_ldd(tmp_path / 'bin', LDD_MISSING)}{os.pathsep}{env['PATH']}"
    result = subprocess.run([sys.executable, "-m", "bjstc_desktop", "--lang", "en", "--data-dir", str(demo_dir)],
                            env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1 and "Ask the administrator to install them" in result.stderr


def test_no_display_is_said_plainly(demo_dir: Path) -> None:
    env = env_for(demo_dir, user="zhang", QT_QPA_PLATFORM="xcb")
    env.pop("DISPLAY", None)
    result = subprocess.run([sys.executable, "-m", "bjstc_desktop", "--data-dir", str(demo_dir)], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1 and "DISPLAY" in result.stderr and "Traceback" not in result.stderr


def test_the_debian_package_declares_the_platform_packages(monkeypatch) -> None:
    installer = Path(__file__).resolve().parents[2] / "installer"
    for folder in (installer, installer / "linux"):
        monkeypatch.syspath_prepend(str(folder))
    import build_deb  # installer/linux/build_deb.py
    import elfdeps

    monkeypatch.setattr(build_deb, "scan", lambda _bundle: elfdeps.Report())  # a build whose scan finds nothing
    deps, unknown = build_deb.depends(Path("/nonexistent"))
    names = {d.split(" ")[0] for d in deps}
    assert unknown == {}
    assert set(platform_libs.XCB_PACKAGES.values()) <= names
    assert {"libxcb-cursor0", "libxkbcommon-x11-0", "libxcb-icccm4", "libegl1"} <= names
    control = build_deb.control_text("0.1.0", "amd64", deps, 1)
    assert "libxcb-cursor0" in control.split("Depends: ", 1)[1].splitlines()[0]
