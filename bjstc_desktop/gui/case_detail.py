"""One case, read-only: header, its fields with their Chinese labels, the parties and
the handling record. Opened by double-clicking a row in any case list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind
from bjstc_desktop.core.errors import NotFoundError
from bjstc_desktop.core.fieldvalues import display_value
from bjstc_desktop.core.modules import case_type, module
from bjstc_desktop.core.validators.districts import district
from bjstc_desktop.gui.forms import child, load_form
from bjstc_desktop.gui.module_tab import module_title
from bjstc_desktop.ops.views import CaseView, TimelineView

EMPTY = "—"


def field_text(f: FieldDef, value: Any) -> str:
    """A field's value as shown (money through display_value, units appended, a
    district code with its name)."""
    if value is None or value == "" or value == []:
        return EMPTY
    text = display_value(f, value)
    if f.unit and f.kind in (FieldKind.INTEGER, FieldKind.TEXT):
        text = f"{text} {f.unit}"
    if f.kind is FieldKind.DISTRICT:
        found = district(str(value))
        if found is not None:
            text = f"{found.name}（{text}）"
    return text


def local_time(at: str) -> str:
    """A stored UTC time (2026-11-26T16:06:11Z) as local 2026-11-26 16:06."""
    try:
        moment = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class CaseDetailDialog(QDialog):
    """A non-modal window showing one case."""

    def __init__(self, case: CaseView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_detail")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.case = case
        form = load_form("case_detail", self)
        self.form = form
        for label in form.findChildren(QLabel):
            if label.objectName().endswith("_caption"):
                label.setProperty("caption", True)
        self.setWindowTitle(self.tr("Case %1").replace("%1", case.case_no))
        self.resize(1040, 660)
        try:
            self.case_type: CaseType | None = case_type(case.type)
        except NotFoundError:
            self.case_type = None
        self._fill_header()
        self._fill_fields()
        self._fill_parties()
        self._fill_timeline()
        close = child(form, QPushButton, "close_button")
        close.clicked.connect(self.close)
        close.setDefault(True)
        close.setFocus()  # Enter or Esc closes; no field looks "being edited"

    def _label(self, name: str) -> QLabel:
        return child(self.form, QLabel, name)

    def _fill_header(self) -> None:
        c = self.case
        self._label("case_no_label").setText(c.case_no)
        badge = self._label("classification_badge")
        badge.setText(c.classification)
        badge.setProperty("secret", c.classification in ("秘密", "机密"))
        self._label("state_badge").setText(c.state)
        for name in ("classification_badge", "state_badge"):  # a chip, not a column
            self._label(name).setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._label("title_label").setText(c.title)
        self._label("type_value").setText(self.case_type.name if self.case_type else c.type)
        try:
            self._label("module_value").setText(module_title(module(c.module)))
        except NotFoundError:
            self._label("module_value").setText(c.module)
        self._label("handler_value").setText(c.handler or EMPTY)
        self._label("received_value").setText(c.received_on or EMPTY)
        due = c.due or self.tr("No statutory period running")
        if c.due and not c.due_verified:
            due += self.tr(" (calendar for this year not verified)")
        self._label("due_value").setText(due)
        self._label("classification_value").setText(c.classification)

    def _fill_fields(self) -> None:
        tree = child(self.form, QTreeWidget, "fields_tree")
        tree.clear()
        values = self.case.fields or {}
        fields = self.case_type.fields if self.case_type else tuple(FieldDef(k, k) for k in values)
        for f in fields:
            value = values.get(f.key)
            item = QTreeWidgetItem([f.label, field_text(f, value)])
            item.setToolTip(1, item.text(1))
            if f.kind is FieldKind.ROWS and isinstance(value, list):
                for number, row in enumerate(value, start=1):
                    cells = [field_text(col, row.get(col.key)) for col in f.columns]
                    sub = QTreeWidgetItem([self.tr("Row %1").replace("%1", str(number)),
                                           "；".join(x for x in cells if x != EMPTY)])
                    for col, text in zip(f.columns, cells, strict=True):
                        sub.addChild(QTreeWidgetItem([col.label, text]))
                    item.addChild(sub)
            tree.addTopLevelItem(item)
        has_rows = any(tree.topLevelItem(i).childCount() for i in range(tree.topLevelItemCount()))
        tree.setRootIsDecorated(has_rows)
        tree.setIndentation(16 if has_rows else 0)
        tree.expandToDepth(0)
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        tree.header().setStretchLastSection(True)

    @staticmethod
    def _tidy(table: QTableWidget) -> None:
        table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)

    def _fill_parties(self) -> None:
        table = child(self.form, QTableWidget, "parties_table")
        table.setRowCount(len(self.case.parties))
        for r, party in enumerate(self.case.parties):
            for col, key in enumerate(("role", "name", "uscc")):
                table.setItem(r, col, QTableWidgetItem(str(party.get(key) or EMPTY)))
        if not self.case.parties:
            table.setRowCount(1)
            note = QTableWidgetItem(self.tr("No organisation is linked to this case."))
            note.setFlags(Qt.ItemFlag.NoItemFlags)
            table.setItem(0, 0, note)
            table.setSpan(0, 0, 1, 3)
        self._tidy(table)

    def _fill_timeline(self) -> None:
        table = child(self.form, QTableWidget, "timeline_table")
        steps = self.case.timeline
        table.setRowCount(len(steps))
        for r, step in enumerate(steps):
            for col, text in enumerate((local_time(step.at), step.actor or EMPTY, self._step_name(step),
                                        self._state_change(step), step.opinion or "")):
                table.setItem(r, col, QTableWidgetItem(text))
        self._tidy(table)

    def _step_name(self, step: TimelineView) -> str:
        names = {"create": self.tr("Registered"), "edit": self.tr("Edited")}
        if step.action in names:
            return names[step.action]
        for t in self.case_type.transitions if self.case_type else ():
            if t.action == step.action:
                return t.label
        return step.action

    @staticmethod
    def _state_change(step: TimelineView) -> str:
        if step.from_state and step.to_state and step.from_state != step.to_state:
            return f"{step.from_state} → {step.to_state}"
        return step.to_state or step.from_state or ""
