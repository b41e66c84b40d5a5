"""The bundled CJK UI font: registered before any widget exists, so Chinese renders on
a machine that has no Chinese fonts installed (an air-gapped workstation often has none)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from bjstc_desktop.core.resources import resources_dir

log = logging.getLogger(__name__)

UI_ROLE = "ui"
UI_POINT_SIZE = 10  # dense but readable at 1366x768; Qt scales it with the screen's DPI


def ui_font_file() -> tuple[Path, str] | None:
    """The (file, family) of the manifest's font with role "ui", if the manifest has one."""
    manifest = resources_dir() / "fonts" / "manifest.json"
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.warning("font manifest unreadable: %s", manifest)
        return None
    for entry in entries:
        if isinstance(entry, dict) and entry.get("role") == UI_ROLE and entry.get("file"):
            return manifest.parent / str(entry["file"]), str(entry.get("family", ""))
    return None


def register_ui_font(app: QGuiApplication) -> str | None:
    """Register the bundled UI font and make it the application font.

    Returns the family now in use, or None when no bundled UI font could be loaded (the
    platform font stays; Chinese may then render as boxes, which the log records)."""
    found = ui_font_file()
    if found is None:
        log.warning("no font with role %r in the manifest", UI_ROLE)
        return None
    path, wanted = found
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        log.warning("bundled UI font did not load: %s", path.name)
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    family = wanted if wanted in families else (families[0] if families else "")
    if not family:
        return None
    font = QFont(family, UI_POINT_SIZE)
    font.setHintingPreference(QFont.HintingPreference.PreferFullHinting)
    app.setFont(font)
    return family
