"""Qt Designer forms (ui/*.ui), loaded at run time with QUiLoader: no generated code to
keep in step. Each form's top level is a plain QWidget that a Python class embeds, so
the class keeps its own behaviour and the form only its layout and texts (translated
through the catalogue under the form's class name)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QFile, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QVBoxLayout, QWidget

T = TypeVar("T", bound=QObject)


def ui_dir() -> Path:
    """The folder of the Designer forms: the frozen bundle's `ui/`, else the checkout's."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "ui"
    return Path(__file__).resolve().parents[2] / "ui"


def load_form(name: str, host: QWidget) -> QWidget:
    """Load ui/<name>.ui and lay it out as the whole content of `host`."""
    path = ui_dir() / f"{name}.ui"
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"form not found: {path}")
    try:
        form = QUiLoader().load(file, host)
    finally:
        file.close()
    if form is None:
        raise RuntimeError(f"form could not be loaded: {path.name}")
    layout = host.layout() or QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(form)
    return form


def child(form: QWidget, kind: type[T], name: str) -> T:
    """The form's widget called `name`; a missing one is a programming error."""
    found = form.findChild(kind, name)
    if found is None:
        raise LookupError(f"{kind.__name__} {name!r} missing from form {form.objectName()!r}")
    return found
