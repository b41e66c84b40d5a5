"""The English screens hold no Chinese the program itself says (issue 12, must-hold 2):
the form of every case type, and the case window and action dialog of a case of every
type — field labels, units, code-table values, states, actions, check names, party
roles and handling steps. Data the officer typed (titles, names, opinions) stays as typed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTreeWidget,
    QWidget,
)

from bjstc_desktop.core.casetypes import FieldKind
from bjstc_desktop.core.modules import all_case_types, case_type
from bjstc_desktop.gui.action_dialog import ActionDialog
from bjstc_desktop.gui.case_detail import CaseDetailDialog
from bjstc_desktop.gui.case_form import CaseFormDialog
from bjstc_desktop.gui.translations import set_language
from bjstc_desktop.workstation import Workstation
from tests.gui.casework import case_details

CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e]")
SAMPLE_ID = re.compile(r"e\.g\. \S+$")  # one sample value, written as the documents write it
KEY = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # tech_amount, valid_start, letter_issue


@pytest.fixture()
def english(gui_app: QApplication) -> Iterator[None]:
    set_language("en")
    yield
    set_language("zh")


def _bad(texts: dict[str, str]) -> list[str]:
    return [f"{where}: {text}" for where, text in texts.items() if CJK.search(text) or KEY.search(text)]


def test_the_form_of_every_case_type_is_english(english: None, qtbot, ws: Workstation) -> None:
    bad = []
    for ct in all_case_types():
        form = CaseFormDialog(ws, ct)
        qtbot.addWidget(form)
        texts = {"title": form.windowTitle()}
        for label in form.findChildren(QLabel):
            name = label.objectName()
            if name.startswith(("label_", "unit_", "form_title", "form_hint", "section_")):
                texts[name] = label.text()
        for line in form.findChildren(QLineEdit):  # what a blank field suggests typing (no 150万 in English)
            if line.placeholderText():  # a sample identifier (e.g. 京科发〔2026〕12号) is data, not words
                words = SAMPLE_ID.sub("e.g.", line.placeholderText())
                texts[f"placeholder of {line.parent().objectName() or line.objectName()}"] = words
        for combo in form.findChildren(QComboBox):
            if combo.objectName().startswith("input_"):
                texts.update({f"{combo.objectName()}[{i}]": combo.itemText(i) for i in range(combo.count())})
        for table in form.findChildren(QTableWidget):
            texts.update({f"{table.objectName()} column {c}": table.horizontalHeaderItem(c).text()
                          for c in range(table.columnCount()) if table.horizontalHeaderItem(c)})
        bad += [f"{ct.code} {b}" for b in _bad(texts)]
        form.close()
    assert bad == []


def _one_case_per_type(ws: Workstation) -> dict[str, str]:
    found: dict[str, str] = {}
    for c in ws.cases.list():
        found.setdefault(c.type, c.id)
    return found


def test_the_case_window_and_action_dialog_of_every_type_are_english(english: None, qtbot, ws: Workstation) -> None:
    cases = _one_case_per_type(ws)
    assert len(cases) >= 30  # the demo spreads its cases over the types
    bad = []
    for code, case_id in cases.items():
        ct = case_type(code)
        details = case_details(ws, case_id)
        view = details.case
        dialog = CaseDetailDialog(ws, details)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        qtbot.addWidget(dialog)
        texts = {name: dialog.findChild(QLabel, name).text()
                 for name in ("state_badge", "classification_badge", "type_value", "module_value")}
        tree = dialog.findChild(QTreeWidget, "fields_tree")
        for i in range(tree.topLevelItemCount()):
            item, f = tree.topLevelItem(i), ct.fields[i]
            texts[f"field {f.key}"] = item.text(0)
            if f.kind in (FieldKind.ENUM, FieldKind.BOOL, FieldKind.MONEY, FieldKind.ROWS):
                texts[f"value of {f.key}"] = item.text(1)
            for r in range(item.childCount()):
                texts.update({f"{f.key} row {r} column {c}": item.child(r).child(c).text(0)
                              for c in range(item.child(r).childCount())})
        checks = dialog.findChild(QTableWidget, "checks_table")
        for r in range(checks.rowCount()):
            texts[f"check {r}"] = checks.item(r, 1).text()
            if KEY.search(checks.item(r, 2).text()):
                bad.append(f"{code} check message {r} shows a key: {checks.item(r, 2).text()}")
        parties = dialog.findChild(QTableWidget, "parties_table")
        for r in range(parties.rowCount() if view.parties else 0):
            texts[f"party role {r}"] = parties.item(r, 0).text()
        timeline = dialog.findChild(QTableWidget, "timeline_table")
        for r in range(timeline.rowCount()):
            texts[f"step {r}"], texts[f"states {r}"] = timeline.item(r, 2).text(), timeline.item(r, 3).text()
        bar = dialog.findChild(QWidget, "actions_bar")
        texts.update({b.objectName(): b.text() for b in bar.findChildren(QPushButton)})
        if dialog.actions:
            action = ActionDialog(ws, view, ct, dialog.actions[0], dialog)
            qtbot.addWidget(action)
            texts.update({f"action {label.objectName()}": label.text() for label in action.findChildren(QLabel)
                          if label.objectName() in ("action_title", "action_move", "action_letters")
                          or label.objectName().startswith("label_")})
            texts["action confirm"] = action.confirm_button.text()
        bad += [f"{code} {b}" for b in _bad(texts)]
    assert bad == []
