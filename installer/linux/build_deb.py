"""Build the Debian package (UOS, Kylin, Debian, Ubuntu) from the one-folder build.

    python installer/linux/build_deb.py [--bundle dist/bjstc-desktop] [--out dist] [-Z xz|gzip|none]

Layout of the package:
    /opt/bjstc-desktop/                     the frozen build (bjstc, bjstc-desktop, _internal/, SHA256SUMS)
    /usr/bin/bjstc, /usr/bin/bjstc-desktop  symbolic links into /opt/bjstc-desktop
    /usr/share/applications/bjstc-desktop.desktop
    /usr/share/icons/hicolor/{scalable,NxN}/apps/bjstc-desktop.{svg,png}
    /usr/share/doc/bjstc-desktop/copyright

Depends is computed, not guessed: every shared library that a file of the build needs and
the build does not hold (elfdeps.py) must map to a package in SYSTEM_PACKAGES below, or the
build stops and names it. The packages of Qt's X11 platform plugin (XCB_PACKAGES, the same
table the program checks at start) are always declared: some of them Qt only loads at run
time, so no scan of the build would find them. libc6 and libstdc++6 get the lowest versions whose symbols the
build uses. Built with dpkg-deb only (no debhelper), owned by root without fakeroot.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import stat
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
if str(HERE.parents[1]) not in sys.path:
    sys.path.append(str(HERE.parents[1]))  # the checkout: bjstc_desktop.platform_libs
import layout  # noqa: E402
from elfdeps import scan  # noqa: E402

from bjstc_desktop.platform_libs import XCB_PACKAGES  # noqa: E402

INSTALL_DIR = "opt/bjstc-desktop"
MAINTAINER = "bjstc-desktop 项目组 <bjstc-desktop@bjstc.invalid>"
HOMEPAGE_NOTE = "离线安装：不联网、不下载任何内容。"

# soname -> Debian package (the same names on UOS, Kylin and Ubuntu; the t64 packages of
# Debian 13 / Ubuntu 24.04 provide the old names). "a | b" where a package was renamed.
SYSTEM_PACKAGES: dict[str, str] = {
    "libc.so.6": "libc6", "libm.so.6": "libc6", "libdl.so.2": "libc6", "libpthread.so.0": "libc6",
    "librt.so.1": "libc6", "libresolv.so.2": "libc6", "libutil.so.1": "libc6",
    "ld-linux-x86-64.so.2": "libc6", "ld-linux-aarch64.so.1": "libc6",
    "libstdc++.so.6": "libstdc++6", "libgcc_s.so.1": "libgcc-s1 | libgcc1",
    "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0", "libdrm.so.2": "libdrm2",
    "libX11.so.6": "libx11-6", "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1", "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1", "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxkbcommon.so.0": "libxkbcommon0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1", "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0", "libgio-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3", "libcups.so.2": "libcups2", "libzstd.so.1": "libzstd1",
    "libbrotlicommon.so.1": "libbrotli1", "libbrotlidec.so.1": "libbrotli1",
    "libgssapi_krb5.so.2": "libgssapi-krb5-2", "libz.so.1": "zlib1g",
}
# GCC release that introduced a GLIBCXX symbol version (for libstdc++6 (>= N)).
GLIBCXX_GCC = {"3.4.26": 9, "3.4.27": 10, "3.4.28": 10, "3.4.29": 11, "3.4.30": 12, "3.4.31": 13,
               "3.4.32": 13, "3.4.33": 14, "3.4.34": 15}
DEBIAN_ARCH = {"x86_64": "amd64", "aarch64": "arm64", "arm64": "arm64"}


def debian_arch() -> str:
    try:
        return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return DEBIAN_ARCH.get(platform.machine(), platform.machine())


def platform_packages() -> dict[str, str]:
    """The packages the X11 platform plugin needs, declared whatever the scan finds."""
    return {package: "" for package in sorted(set(XCB_PACKAGES.values()))}


def depends(bundle: Path) -> tuple[list[str], dict[str, set[str]]]:
    """The Depends list for `bundle`, and the needed libraries no package is known for."""
    report = scan(bundle)
    unknown = {name: users for name, users in report.system.items() if name not in SYSTEM_PACKAGES}
    packages: dict[str, str] = platform_packages()
    for name in report.system:
        if name in SYSTEM_PACKAGES:
            packages[SYSTEM_PACKAGES[name]] = ""
    if "GLIBC" in report.versions:
        packages["libc6"] = f" (>= {report.versions['GLIBC']})"
    if "libstdc++6" in packages and report.versions.get("GLIBCXX") in GLIBCXX_GCC:
        packages["libstdc++6"] = f" (>= {GLIBCXX_GCC[report.versions['GLIBCXX']]})"
    return [f"{pkg}{ver}" for pkg, ver in sorted(packages.items())], unknown


def _normalise_modes(root: Path) -> None:
    """Directories 0755; executables and shared libraries 0755; everything else 0644."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            executable = path.stat().st_mode & stat.S_IXUSR
            path.chmod(0o755 if executable else 0o644)


def copyright_text() -> str:
    fonts = sorted(p.name for p in (layout.REPO / "resources" / "fonts").glob("LICENSE-*"))
    lines = [
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
        f"Upstream-Name: {layout.APP_NAME}",
        "",
        "Files: *",
        f"Copyright: {layout.PUBLISHER}",
        "License: proprietary",
        " 北京市科学技术委员会内部使用。",
        "",
        "Files: opt/bjstc-desktop/_internal/*",
        "Copyright: the authors of the bundled components",
        "License: various",
        " The frozen build bundles CPython (PSF License), Qt 6 and PySide6 (LGPL-3.0),",
        " SQLCipher (BSD-style), cryptography (Apache-2.0 or BSD), SQLAlchemy and Alembic",
        " (MIT), reportlab (BSD), pikepdf (MPL-2.0) with qpdf (Apache-2.0), and further",
        " libraries listed in their .dist-info folders under opt/bjstc-desktop/_internal.",
        "",
        "Files: opt/bjstc-desktop/_internal/resources/fonts/*",
        "Copyright: see the licence files beside the fonts",
        "License: various",
        " Licence texts: " + ", ".join(f"opt/bjstc-desktop/_internal/resources/fonts/{f}" for f in fonts),
        "",
    ]
    return "\n".join(lines)


def control_text(version: str, arch: str, deps: list[str], installed_kib: int) -> str:
    return "\n".join([
        f"Package: {layout.APP_NAME}",
        f"Version: {version}",
        "Section: misc",
        "Priority: optional",
        f"Architecture: {arch}",
        f"Maintainer: {MAINTAINER}",
        f"Installed-Size: {installed_kib}",
        "Depends: " + ", ".join(deps),
        "Suggests: cups, gnome-keyring | kwalletmanager, ibus | fcitx5",
        f"Description: {layout.PRODUCT_ZH}",
        " An offline casework workstation for the officers of the Beijing Municipal",
        " Commission of Science and Technology: encrypted store, audit trail, official",
        " letters, sync packages carried between workstations on removable media.",
        " .",
        " 程序安装在 /opt/bjstc-desktop；命令 bjstc 与 bjstc-desktop。" + HOMEPAGE_NOTE,
        " 卸载不会删除任何用户的工作站数据（~/.local/share/bjstc-desktop）。",
        "",
    ])


def build_deb(bundle: Path, out_dir: Path | None = None, compression: str = "xz", level: int | None = None,
              staging: Path | None = None) -> Path:
    """Stage the package tree and run dpkg-deb; returns the .deb path."""
    bundle = bundle.resolve()
    if not layout.executable(layout.GUI_NAME, bundle).is_file():
        raise SystemExit(f"no build in {bundle}: run `make installer` first")
    deps, unknown = depends(bundle)
    if unknown:
        detail = "\n  ".join(f"{n} (needed by {sorted(u)[0]})" for n, u in sorted(unknown.items()))
        raise SystemExit("libraries with no Debian package in SYSTEM_PACKAGES (installer/linux/build_deb.py):"
                         f"\n  {detail}")
    version = layout.project_version()
    arch = debian_arch()
    out_dir = (out_dir or layout.DIST_DIR).resolve()
    staging = (staging or layout.REPO / "build" / "deb").resolve()
    root = staging / "root"
    if root.exists():
        shutil.rmtree(root)
    app = root / INSTALL_DIR
    shutil.copytree(bundle, app, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    for name in layout.EXECUTABLES:
        (root / "usr" / "bin" / name).symlink_to(f"/{INSTALL_DIR}/{name}")
    apps = root / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy2(HERE / "bjstc-desktop.desktop", apps / "bjstc-desktop.desktop")
    icons = layout.INSTALLER / "icons"
    hicolor = root / "usr" / "share" / "icons" / "hicolor"
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(icons / "bjstc-desktop.svg", hicolor / "scalable" / "apps" / "bjstc-desktop.svg")
    for png in sorted((icons / "hicolor").glob("*.png")):
        target = hicolor / f"{png.stem}x{png.stem}" / "apps"
        target.mkdir(parents=True)
        shutil.copy2(png, target / "bjstc-desktop.png")
    doc = root / "usr" / "share" / "doc" / layout.APP_NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_text(), encoding="utf-8")
    _normalise_modes(root)

    debian = root / "DEBIAN"
    debian.mkdir()
    md5 = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = path.relative_to(root)
        if rel.parts[0] == "DEBIAN":
            continue
        md5.append(f"{hashlib.md5(path.read_bytes()).hexdigest()}  {rel.as_posix()}\n")
    (debian / "md5sums").write_text("".join(md5), encoding="utf-8")
    installed_kib = sum(p.lstat().st_size for p in root.rglob("*") if not p.is_dir()) // 1024 + 1
    (debian / "control").write_text(control_text(version, arch, deps, installed_kib), encoding="utf-8")
    for script in ("postinst", "prerm", "postrm"):
        shutil.copy2(HERE / script, debian / script)
        (debian / script).chmod(0o755)
    debian.chmod(0o755)
    for f in ("md5sums", "control"):
        (debian / f).chmod(0o644)

    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{layout.APP_NAME}_{version}_{arch}.deb"
    cmd = ["dpkg-deb", "--root-owner-group", f"-Z{compression}"]
    if level is not None:
        cmd.append(f"-z{level}")
    cmd += ["--build", str(root), str(deb)]
    env = {**os.environ}
    env.setdefault("SOURCE_DATE_EPOCH", subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=layout.REPO,
                                                       capture_output=True, text=True).stdout.strip() or "0")
    print("+ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    shutil.rmtree(root)
    return deb


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="build_deb.py", description=__doc__.splitlines()[0])
    p.add_argument("--bundle", type=Path, default=layout.bundle_dir())
    p.add_argument("--out", type=Path, default=layout.DIST_DIR)
    p.add_argument("-Z", dest="compression", default="xz", choices=("xz", "gzip", "zstd", "none"))
    p.add_argument("-z", dest="level", type=int, default=None)
    p.add_argument("--print-depends", action="store_true", help="only print the computed Depends")
    args = p.parse_args(argv)
    if args.print_depends:
        deps, unknown = depends(args.bundle)
        print("Depends: " + ", ".join(deps))
        for name in sorted(unknown):
            print(f"unmapped: {name}", file=sys.stderr)
        return 1 if unknown else 0
    deb = build_deb(args.bundle, args.out, args.compression, args.level)
    print(f"built {deb} ({deb.stat().st_size / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
