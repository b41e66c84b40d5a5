"""The wheelhouse builder's own logic, offline (the real download is `make wheelhouse`)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import build_wheelhouse as wh

from tests.installer.conftest import REPO


def test_the_lock_is_read_with_every_pin_and_its_hashes() -> None:
    pins = wh.read_lock(REPO / "requirements.lock")
    assert pins["pyside6-essentials"].version == "6.11.3"
    assert all(pin.hashes and all(h.startswith("sha256:") for h in pin.hashes) for pin in pins.values())
    for windows_only in ("pywin32-ctypes", "colorama", "pefile"):
        assert windows_only in pins, f"{windows_only} must be pinned for the win_amd64 wheelhouse"


def test_a_left_out_package_is_not_in_the_requirements_handed_to_pip(tmp_path: Path) -> None:
    pins = wh.read_lock(REPO / "requirements.lock")
    out = tmp_path / "req.txt"
    wh.write_lock(out, pins, {"alembic"})
    text = out.read_text()
    assert "alembic==" not in text and "sqlalchemy==" in text and "--hash=sha256:" in text


def test_manylinux_tags_reach_down_to_manylinux2014() -> None:
    tags = wh.manylinux("x86_64")
    assert tags[0] == f"manylinux_2_{wh.GLIBC['x86_64']}_x86_64" and "manylinux2014_x86_64" in tags
    assert "manylinux1_x86_64" in tags
    assert wh.manylinux("aarch64")[-1] == "manylinux2014_aarch64"


def _wheel(folder: Path, name: str, version: str, requires: list[str]) -> None:
    path = folder / f"{name}-{version}-py3-none-any.whl"
    meta = "Metadata-Version: 2.1\nName: {}\nVersion: {}\n{}".format(
        name, version, "".join(f"Requires-Dist: {r}\n" for r in requires))
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{name}-{version}.dist-info/METADATA", meta)


def test_a_dependency_needed_only_on_windows_is_checked_for_the_windows_target(tmp_path: Path) -> None:
    _wheel(tmp_path, "demo_pkg", "1.0", ['winonly; sys_platform == "win32"', "common>=1"])
    pins = {"demo-pkg": wh.Pin("1.0", ()), "common": wh.Pin("1.2", ())}
    win, linux = wh.TARGETS[0], wh.TARGETS[1]
    r_win = wh.Result(win.name, "3.11")
    wh.check_dependencies(win, "3.11", tmp_path, pins, r_win)
    assert r_win.unpinned and "winonly" in r_win.unpinned[0]
    r_linux = wh.Result(linux.name, "3.11")
    wh.check_dependencies(linux, "3.11", tmp_path, pins, r_linux)
    assert r_linux.unpinned == []
