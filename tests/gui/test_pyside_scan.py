"""PySide6's scan of every loaded module for "PySide6" in its source, answered from the
file's bytes (gui/_pyside_scan.py): the same answer as PySide's own test, module by module."""

from __future__ import annotations

import sys

import PySide6.QtWidgets  # noqa: F401  # the scan is in place once the GUI package is loaded

import bjstc_desktop.core.errors  # one module without Qt, one with
import bjstc_desktop.gui.side_tabs  # noqa: F401
from bjstc_desktop.gui import _pyside_scan


def test_the_fast_scan_is_installed_and_answers_as_pyside_does() -> None:
    feature = sys.modules["shibokensupport.feature"]
    fast = feature._mod_uses_pyside
    original = fast.__wrapped__  # installed by bjstc_desktop.gui, before PySide6 loaded
    modules = [m for name, m in sorted(sys.modules.items()) if name.startswith(("bjstc_desktop", "PySide6", "json"))]
    answers = [(m.__name__, fast(m)) for m in modules]
    assert answers == [(m.__name__, original(m)) for m in modules]
    assert ("bjstc_desktop.gui.side_tabs", True) in answers and ("bjstc_desktop.core.errors", False) in answers


def test_installing_twice_changes_nothing() -> None:
    before = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    assert _pyside_scan.install() is False
    assert sys.modules["shibokensupport.feature"]._mod_uses_pyside is before
