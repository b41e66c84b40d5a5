"""PyInstaller run-time hook of bjstc-desktop: runs in both programs before any of ours.

1. No bytecode caches: Alembic imports the migration scripts from the installed folder
   (/opt/bjstc-desktop or C:\\Program Files\\bjstc-desktop). A program run by an
   administrator would otherwise leave __pycache__ folders there that the package manager
   does not own (and an officer's run would try and fail to write them).
2. Chinese input on Linux: the bundled Qt has the ibus and compose input-method plugins
   but cannot have fcitx's (that plugin is built against the system's own Qt). fcitx5
   also speaks the ibus protocol, so when QT_IM_MODULE names a plugin the bundle lacks,
   ibus is asked for instead of silently having no input method at all.
"""

import os
import sys

sys.dont_write_bytecode = True


def _input_method_fallback() -> None:
    if not sys.platform.startswith("linux"):
        return
    wanted = os.environ.get("QT_IM_MODULE", "").strip().lower()
    if not wanted or wanted in ("ibus", "compose"):
        return
    folder = os.path.join(getattr(sys, "_MEIPASS", ""), "PySide6", "Qt", "plugins", "platforminputcontexts")
    try:
        present = " ".join(os.listdir(folder)).lower()
    except OSError:
        return
    if wanted not in present:
        os.environ["BJSTC_QT_IM_MODULE_REQUESTED"] = wanted
        os.environ["QT_IM_MODULE"] = "ibus"


_input_method_fallback()
del _input_method_fallback
