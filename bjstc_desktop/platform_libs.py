"""The system libraries Qt's X11 platform plugin (xcb) needs on Linux, and a check made
before the QApplication exists: without one of them Qt aborts (exit 134) and says why
only in a log. With the check the officer reads, on stderr, which packages to install.

One table serves the check and the Debian package's Depends (installer/linux/build_deb.py),
so what the program asks for and what the package declares never drift apart. No Qt is
imported here: the point is to look before Qt tries."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# soname -> package (the same names on Debian, Ubuntu, UOS and Kylin).
XCB_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1", "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libxcb-xinput.so.0": "libxcb-xinput0", "libxcb-util.so.1": "libxcb-util1",
    "libxcb-glx.so.0": "libxcb-glx0", "libxcb.so.1": "libxcb1", "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6", "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1", "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0", "libfontconfig.so.1": "libfontconfig1", "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3", "libglib-2.0.so.0": "libglib2.0-0",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.M)
Runner = Callable[..., subprocess.CompletedProcess[str]]


def xcb_plugin() -> Path | None:
    """Qt's xcb platform plugin of this installation (checkout, venv or frozen bundle)."""
    spec = importlib.util.find_spec("PySide6")  # finds the package without loading Qt
    for base in (spec.submodule_search_locations or []) if spec else []:
        plugin = Path(base) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def uses_xcb(env: Mapping[str, str]) -> bool:
    """Whether Qt will try the xcb plugin: on Linux, when asked for (QT_QPA_PLATFORM) or
    by default outside a Wayland session."""
    if not sys.platform.startswith("linux"):
        return False
    asked = env.get("QT_QPA_PLATFORM", "").split(":", 1)[0].split(";", 1)[0].strip()
    if asked:
        return asked == "xcb"
    return not (env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland")


def missing_libraries(plugin: Path, run: Runner = subprocess.run) -> list[str]:
    """The libraries `plugin` needs that the dynamic loader cannot find (via ldd, which
    lists the whole chain: the plugin, libQt6XcbQpa and what they need)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []  # cannot look: let Qt try
    try:
        out = run([ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(set(_NOT_FOUND.findall(out or "")))


def packages_for(libraries: list[str]) -> list[str]:
    """The packages that provide `libraries` (a library we do not know is named as is)."""
    return sorted({XCB_PACKAGES.get(name, name) for name in libraries})


def platform_problem(env: Mapping[str, str] | None = None, run: Runner = subprocess.run,
                     plugin: Path | None = None) -> tuple[str, str] | None:
    """(Chinese, English) sentences naming what to install when the graphical window
    cannot start for want of system libraries; None when nothing is missing."""
    env = os.environ if env is None else env
    if not uses_xcb(env):
        return None
    if not env.get("DISPLAY"):
        return ("无法打开图形界面：没有图形显示（环境变量 DISPLAY 未设置）。请在桌面会话中启动，"
                "或使用命令行程序 bjstc。",
                "The graphical window cannot open: there is no display (DISPLAY is not set). Start it "
                "from a desktop session, or use the command-line program bjstc.")
    plugin = plugin or xcb_plugin()
    if plugin is None:
        return None
    missing = missing_libraries(plugin, run)
    if not missing:
        return None
    packages = " ".join(packages_for(missing))
    libs = "、".join(missing)
    return (f"无法打开图形界面：缺少 Qt 需要的系统库 {libs}。\n"
            f"请让系统管理员安装：sudo apt install {packages}\n"
            "（命令行程序 bjstc 不需要这些库，仍可使用。）",
            f"The graphical window cannot open: the system lacks libraries Qt needs: {', '.join(missing)}.\n"
            f"Ask the administrator to install them: sudo apt install {packages}\n"
            "(The command-line program bjstc does not need them and still works.)")
