"""Qt's own dialogs speak Chinese (issue 12, must-hold 2): the file dialogs, message
boxes, wizards, input and progress dialogs, button boxes, the print dialog and the
context menus of text fields, as the program uses them. Qt's own zh_CN catalogue
lacks strings Qt 6 renamed (&Look in:, Files of &type:, Folder, ...); the program
ships them in resources/translations/qt_extra_zh_CN.ts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QTreeView,
    QWidget,
    QWizard,
    QWizardPage,
)

from bjstc_desktop.gui.translations import QT_EXTRA, set_language, translations_dir

CJK = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z]{2,}")


def _untranslated(texts: list[str]) -> list[str]:
    """English words where Chinese should be (a file filter like *.xlsx is data)."""
    out = []
    for text in texts:
        plain = re.sub(r"\(\*\.[a-z]+\)|\*\.[a-z]+|\(&[A-Z]\)|&", "", text or "")
        if plain.startswith("/") or re.match(r"^[A-Za-z]:\\", plain):  # a folder path is data
            continue
        if WORD.search(plain) and not CJK.search(plain):
            out.append(text)
    return out


def _texts(widget: QWidget) -> Iterator[str]:
    """Every string a widget shows: window title, labels, buttons, tooltips, combo
    items, column headers and the actions of its menus."""
    yield widget.windowTitle()
    for w in [widget, *widget.findChildren(QWidget)]:
        if isinstance(w, QLabel):
            yield w.text()
        if isinstance(w, QAbstractButton):
            yield w.text()
            yield w.toolTip()
        if isinstance(w, QLineEdit):
            yield w.placeholderText()
        if isinstance(w, QComboBox):
            yield from (w.itemText(i) for i in range(w.count()))
        if isinstance(w, QTreeView) and w.model() is not None:
            model = w.model()
            yield from (str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount()))
        for action in w.actions():
            yield action.text()


@pytest.fixture()
def chinese(gui_app: QApplication) -> Iterator[QApplication]:
    set_language("zh")
    yield gui_app
    set_language("zh")


def _file_dialog(mode: QFileDialog.FileMode, accept: QFileDialog.AcceptMode, folder: Path) -> QFileDialog:
    dialog = QFileDialog(None, "", str(folder), "Excel 工作簿 (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # what Qt shows where no desktop dialog exists
    dialog.setFileMode(mode)
    dialog.setAcceptMode(accept)
    return dialog


@pytest.mark.parametrize(("mode", "accept"), [
    (QFileDialog.FileMode.AnyFile, QFileDialog.AcceptMode.AcceptSave),
    (QFileDialog.FileMode.ExistingFile, QFileDialog.AcceptMode.AcceptOpen),
    (QFileDialog.FileMode.Directory, QFileDialog.AcceptMode.AcceptOpen),
], ids=["save", "open", "folder"])
def test_the_file_dialogs_are_chinese(chinese: QApplication, qtbot, tmp_path: Path,
                                      mode: QFileDialog.FileMode, accept: QFileDialog.AcceptMode) -> None:
    (tmp_path / "子文件夹").mkdir()
    (tmp_path / "list.xlsx").write_bytes(b"")
    dialog = _file_dialog(mode, accept, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    tree = dialog.findChild(QTreeView, "treeView")
    model = tree.model()
    qtbot.waitUntil(lambda: model.rowCount(tree.rootIndex()) >= 1)
    kinds = [str(model.index(r, 2, tree.rootIndex()).data() or "") for r in range(model.rowCount(tree.rootIndex()))]
    assert _untranslated([*_texts(dialog), *kinds]) == []


def test_message_boxes_button_boxes_and_input_dialogs_are_chinese(chinese: QApplication, qtbot) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "", "")
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
                           | QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                           | QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Close)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                               | QDialogButtonBox.StandardButton.Close)
    ask = QInputDialog()
    ask.setLabelText("原因：")
    progress = QProgressDialog()
    for w in (box, buttons, ask, progress):
        qtbot.addWidget(w)
    ask.show()
    assert _untranslated([t for w in (box, buttons, ask, progress) for t in _texts(w)]) == []


def test_the_wizard_buttons_are_chinese(chinese: QApplication, qtbot) -> None:
    wizard = QWizard()
    wizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
    wizard.addPage(QWizardPage())
    wizard.addPage(QWizardPage())
    qtbot.addWidget(wizard)
    wizard.show()
    texts = [wizard.buttonText(b) for b in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                                            QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton,
                                            QWizard.WizardButton.CommitButton, QWizard.WizardButton.HelpButton)]
    assert _untranslated(texts) == []


def test_the_context_menus_of_text_fields_are_chinese(chinese: QApplication, qtbot) -> None:
    line, text = QLineEdit("abc"), QPlainTextEdit("abc")
    for w in (line, text):
        qtbot.addWidget(w)
    menus = [line.createStandardContextMenu(), text.createStandardContextMenu()]
    assert _untranslated([a.text() for m in menus for a in m.actions()]) == []


def test_the_print_dialog_is_chinese(chinese: QApplication, qtbot) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    assert _untranslated(list(_texts(dialog))) == []


def test_qt_catalogues_ship_with_the_program(chinese: QApplication) -> None:
    """Qt's own catalogue and the supplement are in resources/translations, so the frozen
    program finds them whatever Qt's library paths say."""
    assert (translations_dir() / "qtbase_zh_CN.qm").is_file()
    assert (translations_dir() / f"{QT_EXTRA}.qm").is_file()
    assert QCoreApplication.translate("QFileDialog", "&Look in:") != "&Look in:"
