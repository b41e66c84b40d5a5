"""The offline manual: resources/help/<language>/index.html (Chinese and English, with
screenshots), shown in a QTextBrowser. 帮助 ▸ 使用手册 opens it at the top; F1 opens it at
the section of the page the officer is on. Nothing is fetched: links outside the manual's
folder are not followed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from bjstc_desktop.core.resources import resources_dir
from bjstc_desktop.gui.fit import fit_to_screen
from bjstc_desktop.gui.translations import active_language

HELP_LANGUAGES = {"zh": "zh", "en": "en"}


def manual_path(language: str | None = None) -> Path:
    """The manual's page for `language` (the UI's by default)."""
    folder = HELP_LANGUAGES.get(language or active_language(), "zh")
    return resources_dir() / "help" / folder / "index.html"


class _Browser(QTextBrowser):
    """Follows links inside the manual's folder only (never a network address)."""

    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.root = root.resolve()
        self.setOpenLinks(True)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([str(self.root)])

    def setSource(self, url: QUrl, *args: object) -> None:  # type: ignore[override]
        """Show `url` if it is a page of the manual (or an anchor in the current one)."""
        if url.isRelative() and not url.path():
            super().setSource(url, *args)  # type: ignore[arg-type]
            return
        if not url.isLocalFile():
            return
        path = Path(url.toLocalFile()).resolve()
        if self.root in path.parents or path == self.root:
            super().setSource(url, *args)  # type: ignore[arg-type]


class HelpWindow(QDialog):
    """The manual, at a section."""

    shown_section = Signal(str)
    """Emitted with the section (an anchor of the manual) each time one is shown."""

    def __init__(self, parent: QWidget | None = None, language: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help_window")
        self.setWindowTitle(self.tr("Manual"))
        self.path = manual_path(language)
        self.browser = _Browser(self.path.parent, self)
        self.browser.setObjectName("help_browser")
        home = QPushButton(self.tr("Contents"), self)
        home.setObjectName("help_home")
        back = QPushButton(self.tr("Back"), self)
        back.setObjectName("help_back")
        close = QPushButton(self.tr("Close"), self)
        close.setObjectName("help_close")
        for button in (home, back, close):
            button.setAutoDefault(False)
        close.setDefault(True)
        home.clicked.connect(lambda: self.show_section(""))
        back.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(back.setEnabled)
        back.setEnabled(False)
        close.clicked.connect(self.close)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self, activated=self.browser.backward)
        buttons = QHBoxLayout()
        buttons.addWidget(home)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        self.section = ""
        self.show_section("")
        fit_to_screen(self, 900, 700)

    def show_section(self, section: str) -> None:
        """Show the manual at `section` (an anchor; "" for the top)."""
        url = QUrl.fromLocalFile(str(self.path))
        if section:
            url.setFragment(section)
        if not self.path.is_file():
            self.browser.setPlainText(self.tr("The manual is missing from this installation: %1")
                                      .replace("%1", str(self.path)))
        else:
            self.browser.setSource(url)
            if section:
                self.browser.scrollToAnchor(section)
        self.section = section
        self.shown_section.emit(section)
