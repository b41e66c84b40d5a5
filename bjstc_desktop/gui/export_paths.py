"""Where exports are suggested to go: a neutral name in the documents folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QStandardPaths


def default_export_path(prefix: str, suffix: str) -> Path:
    """A neutral file name in the documents folder: what kind of export and when,
    never a case's title, number or classification."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    return Path(folder) / f"{prefix}-{dt.datetime.now():%Y%m%d-%H%M%S}{suffix}"
