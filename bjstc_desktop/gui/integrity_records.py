"""The 诚信记录 window (menu 共享业务): 科研失信 records the officer may see, with whether
each is in force today; enter one by hand, revoke one with the reason, import a list
from Excel; and the report of the open cases whose parties a record in force names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QInputDialog, QLineEdit, QWidget

from bjstc_desktop.core.i18n import choice_label, pick, state_label
from bjstc_desktop.core.integrity import RECORD_FIELDS, REVOKED
from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.gui.operations import INTEGRITY, Operation, registers_changed
from bjstc_desktop.gui.record_pages import RecordForm, RecordListWindow
from bjstc_desktop.ops.integrity import HitLine, RecordView

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

if TYPE_CHECKING:  # imported when first opened
    from bjstc_desktop.gui.import_wizard import ImportWizard

_SUBJECT = next(f for f in RECORD_FIELDS if f.key == "subject_kind")
_MEASURE = next(f for f in RECORD_FIELDS if f.key == "measure")


class IntegrityWindow(RecordListWindow):
    """The 科研失信 records, or (with the report switched on) the cases they hit."""

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(ws, "integrity_records", parent)
        self.setWindowTitle(self.tr("Research integrity records"))
        self.search = QLineEdit(self)
        self.search.setObjectName("integrity_search")
        self.search.setPlaceholderText(self.tr("Name, decision number, issuing body or code"))
        self.search.setClearButtonEnabled(True)
        self.in_force = QCheckBox(self.tr("Only records in force today"), self)
        self.in_force.setObjectName("integrity_in_force")
        self.in_force.toggled.connect(lambda _b: self.refresh())
        self.report = QCheckBox(self.tr("Report: cases hit"), self)
        self.report.setObjectName("integrity_report")
        self.report.toggled.connect(self._report_toggled)
        self.filters.addWidget(self.search, 1)
        self.filters.addWidget(self.in_force)
        self.filters.addWidget(self.report)
        self.add_button("add", self.tr("Enter…"), self.add)
        self.add_button("revoke", self.tr("Revoke…"), self.revoke)
        self.add_button("import", self.tr("Import Excel…"), self.import_list)
        self.add_button("close", self.tr("Close"), self.close, right=True)
        self.start(self.tr("Research integrity records are not available to your role."))

    def headers(self) -> Sequence[str]:
        """The columns of the records, or of the report."""
        if getattr(self, "report", None) is not None and self.report.isChecked():
            return (self.tr("Case"), self.tr("State"), self.tr("Party"), self.tr("Decision"), self.tr("Measure"),
                    self.tr("Effect"), self.tr("Title"))
        return (self.tr("Subject"), self.tr("Name"), self.tr("Code"), self.tr("Decision"), self.tr("Measure"),
                self.tr("Period"), self.tr("In force"), self.tr("Scope"), self.tr("Issued by"))

    def _report_toggled(self, on: bool) -> None:
        self.table.setColumnCount(len(self.headers()))
        self.table.setHorizontalHeaderLabels(list(self.headers()))
        for key in ("add", "revoke", "import"):
            self.button_widgets[key].setEnabled(not on)
        self.refresh()

    def load(self) -> list[Any]:
        """The records, or the report of hits."""
        if self.report.isChecked():
            return self.ws.integrity.hits()
        return self.ws.integrity.list(self.search.text().strip(), dt.date.today() if self.in_force.isChecked() else None,
                                      limit=1000)

    def row(self, r: Any) -> Sequence[Any]:
        """One record's (or hit's) cells."""
        if isinstance(r, HitLine):
            return (r.case_no, state_label(lookup_case_type(r.case_type) if r.case_type else None, r.state), r.party, r.decision_no, choice_label(_MEASURE, r.measure),
                    self.tr("Blocks acceptance") if r.blocking else self.tr("Notice"), r.title)
        assert isinstance(r, RecordView)
        until = r.end_on or self.tr("until revoked")
        period = f"{r.start_on} — {until}"
        force = self.tr("Yes") if r.in_force else (pick(r.status, "Revoked" if r.status == REVOKED else r.status)
                                                      if r.status != "有效" else self.tr("No"))
        return (choice_label(_SUBJECT, r.subject_kind), r.name, r.number, r.decision_no,
                choice_label(_MEASURE, r.measure), period, force,
                "、".join(r.scope) or self.tr("All duties"), r.source)

    def add(self) -> RecordForm:
        """The form for a finding entered by hand."""
        form = RecordForm(self.ws, self.tr("New integrity record"), RECORD_FIELDS, INTEGRITY,
                          lambda ws, values, level: ws.integrity.add(values, level), parent=self)
        form.saved.connect(self.record_changed)
        form.open()
        return form

    def revoke(self) -> None:
        """Revoke the selected record after asking why (on the writer thread; the list
        reads again once it is stored)."""
        r = self.selected()
        if not isinstance(r, RecordView) or r.status != "有效":
            return
        title = self.tr("Revoke %1").replace("%1", r.decision_no)
        reason, ok = QInputDialog.getText(self, title, self.tr("Reason:"))
        if not ok or not reason.strip():
            return
        why = reason.strip()
        self.write(Operation(title, lambda ws: ws.integrity.revoke(r.id, why), notice=registers_changed(INTEGRITY)))

    def import_list(self) -> ImportWizard:
        """The import wizard with the 失信 list."""
        return self.import_records("integrity")
