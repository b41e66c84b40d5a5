"""Where the read-only resources (fonts, icons, translations, seed data) live.

In a source checkout they are in `<repo>/resources`; in a frozen build (PyInstaller)
under `sys._MEIPASS/resources`. `BJSTC_RESOURCES` overrides both (tests, packagers).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """The resources folder: `$BJSTC_RESOURCES`, else the frozen bundle's, else the
    checkout's `resources/`."""
    override = os.environ.get("BJSTC_RESOURCES", "").strip()
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"
