"""The 专家库 window (menu 共享业务): the experts the officer may see, ID numbers masked;
find by name, employer, discipline, category or status; add or change an expert,
pause or restore him, read his record (relations, reviews, panels; audited), import a
list from Excel with the same wizard as cases."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QInputDialog, QLineEdit, QMessageBox, QWidget

from bjstc_desktop.core.experts import (
    ACTIVE,
    EXPERT_CATEGORIES,
    EXPERT_FIELDS,
    EXPERT_STATUSES,
    PAUSED,
)
from bjstc_desktop.core.i18n import choice_label, pick
from bjstc_desktop.gui.operations import EXPERTS, Operation, audited_read, registers_changed
from bjstc_desktop.gui.record_pages import RecordForm, RecordListWindow
from bjstc_desktop.ops.experts import ExpertDetail, ExpertView

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

if TYPE_CHECKING:  # imported when first opened
    from bjstc_desktop.gui.import_wizard import ImportWizard

_CATEGORY = next(f for f in EXPERT_FIELDS if f.key == "category")
_STATUS = next(f for f in EXPERT_FIELDS if f.key == "status")


class ExpertPoolWindow(RecordListWindow):
    """The expert pool."""

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(ws, "expert_pool", parent)
        self.setWindowTitle(self.tr("Expert pool"))
        self.search = QLineEdit(self)
        self.search.setObjectName("expert_search")
        self.search.setPlaceholderText(self.tr("Name, employer or title"))
        self.search.setClearButtonEnabled(True)
        self.discipline = QLineEdit(self)
        self.discipline.setObjectName("expert_discipline")
        self.discipline.setPlaceholderText(self.tr("Discipline code, e.g. 520"))
        self.category = QComboBox(self)
        self.category.setObjectName("expert_category")
        self.category.addItem(self.tr("All categories"), None)
        for c in EXPERT_CATEGORIES:
            self.category.addItem(choice_label(_CATEGORY, c), c)
        self.status = QComboBox(self)
        self.status.setObjectName("expert_status")
        self.status.addItem(self.tr("Any status"), None)
        for s in EXPERT_STATUSES:
            self.status.addItem(choice_label(_STATUS, s), s)
        for w in (self.search, self.discipline, self.category, self.status):
            self.filters.addWidget(w, 2 if w is self.search else 1)
        self.category.currentIndexChanged.connect(lambda _i: self.refresh())
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.add_button("add", self.tr("Add…"), self.add)
        self.add_button("edit", self.tr("Change…"), self.edit)
        self.add_button("pause", self.tr("Pause / restore"), self.toggle_status)
        self.add_button("show", self.tr("Record…"), self.show_record)
        self.add_button("import", self.tr("Import Excel…"), self.import_list)
        self.add_button("close", self.tr("Close"), self.close, right=True)
        self.table.doubleClicked.connect(lambda _i: self.show_record())
        self.start(self.tr("The expert pool is not available to your role."))

    def headers(self) -> Sequence[str]:
        """The columns."""
        return (self.tr("Name"), self.tr("ID number"), self.tr("Category"), self.tr("Disciplines"),
                self.tr("Title"), self.tr("Employer"), self.tr("Status"))

    def load(self) -> list[ExpertView]:
        """The visible experts matching the filters."""
        return self.ws.experts.list(self.search.text().strip(), self.status.currentData(),
                                    self.category.currentData(), self.discipline.text().strip() or None, limit=500)

    def row(self, e: ExpertView) -> Sequence[Any]:
        """One expert's cells."""
        fields = pick("、", ", ").join(f"{c} {n}" for c, n in zip(e.disciplines, e.discipline_names, strict=True))
        return (e.name, e.id_number, choice_label(_CATEGORY, e.category), fields, e.professional_title, e.employer,
                choice_label(_STATUS, e.status))

    def add(self) -> RecordForm:
        """The form for a new expert."""
        form = RecordForm(self.ws, self.tr("New expert"), EXPERT_FIELDS, EXPERTS,
                          lambda ws, values, level: ws.experts.add(values, level), parent=self)
        form.saved.connect(self.record_changed)
        form.open()
        return form

    def edit(self) -> RecordForm | None:
        """The form on the selected expert (his ID number stays: it is his key)."""
        e = self.selected()
        if e is None:
            return None
        fields = tuple(f for f in EXPERT_FIELDS if f.key != "id_number")
        values = {"name": e.name, "employer": e.employer, "employer_uscc": e.employer_uscc,
                  "disciplines": ",".join(e.disciplines), "category": e.category,
                  "professional_title": e.professional_title, "phone": e.phone, "email": e.email, "status": e.status}
        form = RecordForm(self.ws, self.tr("Change expert %1").replace("%1", e.name), fields, EXPERTS,
                          lambda ws, v, _level: ws.experts.edit(e.id, v), values, with_level=False, parent=self)
        form.saved.connect(self.record_changed)
        form.open()
        return form

    def toggle_status(self) -> None:
        """Pause an expert who is in the pool (he is not drawn), or restore a paused one
        (on the writer thread; the list reads again once it is stored)."""
        e = self.selected()
        if e is None:
            return
        target = PAUSED if e.status == ACTIVE else ACTIVE
        reason, ok = QInputDialog.getText(self, self.tr("Status of %1").replace("%1", e.name), self.tr("Reason:"))
        if not ok:
            return
        why = reason.strip()
        self.write(Operation(self.tr("Status of %1").replace("%1", e.name),
                             lambda ws: ws.experts.set_status(e.id, target, why), notice=registers_changed(EXPERTS)))

    def show_record(self) -> None:
        """The selected expert's record in full, once read (reading the ID number is
        audited, so it is read on the writer thread)."""
        e = self.selected()
        if e is None:
            return
        self.write(audited_read(self.tr("Expert %1").replace("%1", e.name), lambda ws: ws.experts.show(e.id)),
                   self._show_record)

    def _show_record(self, detail: ExpertDetail) -> QMessageBox:
        d = detail.expert
        lines = [f"{d.name}　{d.id_number}　{d.category}　{d.professional_title}",
                 self.tr("Employer: %1").replace("%1", f"{d.employer}（{d.employer_uscc or '—'}）"),
                 self.tr("Contact: %1").replace("%1", "　".join(x for x in (d.phone, d.email) if x) or "—")]
        lines += [self.tr("Declared relation: %1").replace("%1", f"{r['name'] or r['number']}（{r['relation']}）")
                  for r in detail.relations]
        lines += [self.tr("Reviewed: %1").replace("%1", f"{h['reviewed_on']} {h['applicant']} {h['case_no']}")
                  for h in detail.history]
        lines += [self.tr("On the panel of: %1").replace("%1", f"{p['case_no']} {p['title']}") for p in detail.panels]
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Expert %1").replace("%1", d.name), "\n".join(lines),
                          QMessageBox.StandardButton.Close, self)
        box.setObjectName("expert_record")
        box.open()
        return box

    def import_list(self) -> ImportWizard:
        """The import wizard with the expert-pool list."""
        return self.import_records("expert")
