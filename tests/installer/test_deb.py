"""The Debian package, built from the frozen build and installed into a throw-away root with
dpkg (maintainer scripts run with DPKG_ROOT, no chroot): files under /opt with /usr/bin
links, a desktop entry and icons, Depends computed from the bundle's libraries, and an
uninstall (remove, then purge) that leaves every user's data folder alone."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.installer.conftest import need

pytestmark = [pytest.mark.installer, pytest.mark.slow]

QT_SYSTEM_PACKAGES = ("libxcb-cursor0", "libxkbcommon-x11-0", "libxcb-icccm4", "libxcb-keysyms1",
                      "libgl1", "libegl1", "libfontconfig1", "libfreetype6", "libdbus-1-3", "libglib2.0-0")


@pytest.fixture(scope="module")
def deb(frozen_bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    need(shutil.which("dpkg-deb") is not None and shutil.which("dpkg") is not None, "dpkg-deb and dpkg are needed")
    from build_deb import build_deb  # installer/linux/build_deb.py

    out = tmp_path_factory.mktemp("deb")
    return build_deb(frozen_bundle, out, compression="gzip", level=1, staging=out / "staging")


def _dpkg(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["dpkg", f"--root={root}", "--force-script-chrootless", "--force-depends",
                           "--log=/dev/null", *args], capture_output=True, text=True, timeout=300)


def test_control_and_contents(deb: Path) -> None:
    info = subprocess.run(["dpkg-deb", "--info", str(deb)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.strip().split(": ", 1) for line in info.splitlines() if line.startswith(" ") and ": " in line)
    assert fields["Package"] == "bjstc-desktop"
    depends = [d.strip() for d in fields["Depends"].split(",")]
    names = {d.split()[0] for d in depends}
    for package in QT_SYSTEM_PACKAGES:
        assert package in names, f"Depends lacks {package}"
    assert any(d.startswith("libc6 (>= 2.") for d in depends)
    assert all(not d.startswith("python3") for d in depends), "the build carries its own Python"
    for script in ("postinst", "prerm", "postrm"):
        assert script in info
    contents = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True,
                              check=True).stdout
    for path in ("./opt/bjstc-desktop/bjstc", "./opt/bjstc-desktop/bjstc-desktop",
                 "./opt/bjstc-desktop/SHA256SUMS", "./usr/share/applications/bjstc-desktop.desktop",
                 "./usr/share/icons/hicolor/scalable/apps/bjstc-desktop.svg",
                 "./usr/share/icons/hicolor/256x256/apps/bjstc-desktop.png",
                 "./usr/share/doc/bjstc-desktop/copyright",
                 "./opt/bjstc-desktop/_internal/bjstc_desktop/store/migrations/env.py"):
        assert f" {path}" in contents, f"{path} missing from the package"
    assert "./usr/bin/bjstc -> /opt/bjstc-desktop/bjstc" in contents
    assert "./usr/bin/bjstc-desktop -> /opt/bjstc-desktop/bjstc-desktop" in contents
    assert "/home/" not in contents and "/.local/" not in contents


def test_install_run_and_uninstall_keep_user_data(deb: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    for d in ("var/lib/dpkg/info", "var/lib/dpkg/updates", "home/officer/.local/share/bjstc-desktop"):
        (root / d).mkdir(parents=True)
    for f in ("var/lib/dpkg/status", "var/lib/dpkg/available"):
        (root / f).touch()
    user_data = root / "home/officer/.local/share/bjstc-desktop"
    (user_data / "store.db").write_bytes(b"encrypted casework")
    (user_data / "backups").mkdir()

    installed = _dpkg(root, "-i", str(deb))
    assert installed.returncode == 0, installed.stderr
    app = root / "opt/bjstc-desktop"
    assert (app / "bjstc").is_file() and (root / "usr/bin/bjstc").is_symlink()
    # the installed program runs, also through a symbolic link as /usr/bin/bjstc is one
    link = tmp_path / "bjstc"
    link.symlink_to(app / "bjstc")
    run = subprocess.run([str(link), "--help"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "init" in run.stdout, run.stderr

    removed = _dpkg(root, "--remove", "bjstc-desktop")
    assert removed.returncode == 0, removed.stderr
    assert not (root / "usr/bin/bjstc").exists() and not (app / "bjstc").exists()
    purged = _dpkg(root, "--purge", "bjstc-desktop")
    assert purged.returncode == 0, purged.stderr
    assert not app.exists(), "the program folder is left behind"
    assert (user_data / "store.db").read_bytes() == b"encrypted casework"
    assert (user_data / "backups").is_dir()
    assert "未删除" in purged.stderr  # the administrator is told the data stays
