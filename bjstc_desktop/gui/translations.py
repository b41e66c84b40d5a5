"""The officer's language: Qt Linguist catalogues for the GUI's own strings (source
strings are English; Chinese is the default), and core.i18n for error messages."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from bjstc_desktop.core import i18n
from bjstc_desktop.core.resources import resources_dir

log = logging.getLogger(__name__)

LANGUAGES = ("zh", "en")
# Our catalogue per language. English is the source language; its catalogue only adds
# the plural forms ("1 day", "2 days").
CATALOGUES = {"zh": "bjstc_zh_CN.qm", "en": "bjstc_en.qm"}
QT_CATALOGUES = {"zh": "qtbase_zh_CN.qm"}  # Qt's own dialog strings (OK, Cancel, ...)
# Qt 6 strings Qt's zh_CN catalogue lacks (&Look in:, Files of &type:, Folder, ...).
QT_EXTRA = "qt_extra_zh_CN"

_installed: list[QTranslator] = []  # kept alive: Qt does not own installed translators
_active = "zh"


def translations_dir() -> Path:
    """Where the .ts sources and the compiled .qm catalogues live."""
    return resources_dir() / "translations"


def active_language() -> str:
    """The language whose catalogue is installed ("zh" or "en")."""
    return _active


def set_language(language: str) -> bool:
    """Install the catalogues of `language` (replacing any earlier ones) and make it the
    message language of core errors. Returns False when our catalogue is missing (the
    GUI then shows its English source strings; run `make translations`)."""
    global _active
    language = language if language in LANGUAGES else "zh"
    app = QCoreApplication.instance()
    for old in _installed:
        if app is not None:
            app.removeTranslator(old)
    _installed.clear()
    _active = language
    i18n.set_language(language)
    QLocale.setDefault(QLocale("zh_CN" if language == "zh" else "en_GB"))
    if language not in CATALOGUES or app is None:
        return True
    ours = translations_dir() / CATALOGUES[language]
    ok = _install(app, ours)
    if not ok:
        log.warning("translation catalogue missing or unreadable: %s", ours.name)
    if language in QT_CATALOGUES:
        # Our copy first (build_translations ships it in resources/translations, so the
        # frozen program has it), else the one in Qt's own library folder.
        qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        name = QT_CATALOGUES[language]
        if not (_install(app, translations_dir() / name) or _install(app, qt_dir / name)):
            log.warning("Qt's own catalogue missing: %s", name)
        if language == "zh" and not _install(app, translations_dir() / f"{QT_EXTRA}.qm"):  # searched first
            log.warning("translation catalogue missing or unreadable: %s.qm", QT_EXTRA)
    return ok


def _install(app: QCoreApplication, path: Path) -> bool:
    translator = QTranslator(app)
    if not path.is_file() or not translator.load(str(path)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def resolve_language(requested: str | None, setting: str | None = None) -> str:
    """--lang wins, then BJSTC_LANG, then the workstation setting, then Chinese."""
    env = os.environ.get("BJSTC_LANG", "").strip().lower()[:2] or None
    for choice in (requested, env, setting):
        if choice in LANGUAGES:
            return str(choice)
    return "zh"
