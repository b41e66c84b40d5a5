"""The 导入Excel wizard of a duty tab: pick the file, the list's profile and its source →
check the column mapping (prefilled from the source's saved mapping, else from the
field labels) → the dry-run report, row by row → the import, with progress and a
cancel that imports nothing. Reading and writing run off the GUI thread."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from bjstc_desktop.core.i18n import label
from bjstc_desktop.core.importprofiles import ImportProfile
from bjstc_desktop.gui.fit import fit_to_screen
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import ChangeNotice, Operation, read, run_operation
from bjstc_desktop.gui.wizard_page import CallbackPage
from bjstc_desktop.gui.worker import to_gui
from bjstc_desktop.ops.imports import ImportPreview, ImportRefused, ImportReport

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

CHECK_DELAY_MS = 300  # the file is checked this long after the last change to the path, profile or source


class ImportWizard(QWizard):
    """File and profile → mapping → dry-run report → import. `report` holds the last
    ImportReport (the dry run's, then the import's)."""

    import_finished = Signal(object)
    """Emitted with the ImportReport once the rows are in the store."""

    import_failed = Signal(str)
    """Emitted with the officer's message when the import was refused, failed or cancelled."""

    file_checked = Signal()
    """Emitted when the chosen file's header has been checked (off the GUI thread) against
    the profile and source now chosen: `preview` holds it, or `file_error` says why not."""

    def __init__(self, ws: Workstation, profiles: tuple[ImportProfile, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.tr("Import an Excel list"))
        self.ws = ws
        self.profiles = profiles
        self.preview: ImportPreview | None = None
        self.report: ImportReport | None = None
        self.running = False
        self.imported = False
        self._cancel = threading.Event()
        self._checked_key: tuple[str, str, str] | None = None  # what `preview` (or the refusal) is for
        self._checking: tuple[str, str, str] | None = None  # the check under way
        self._recheck = QTimer(self)  # the file is checked when the typing stops
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(CHECK_DELAY_MS)
        self._recheck.timeout.connect(self._check_file)
        self.addPage(self._file_page())
        self.addPage(self._mapping_page())
        self.addPage(self._check_page())
        self.addPage(self._run_page())
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setSizeGripEnabled(True)
        fit_to_screen(self, 820, 560)  # room for the mapping table and whole messages; resizable

    # ----- page 1: file, profile, source --------------------------------------------------
    def _file_page(self) -> QWizardPage:
        page = CallbackPage(self._file_ready)
        page.setTitle(self.tr("Which list?"))
        form = QFormLayout(page)
        row = QHBoxLayout()
        self.file_edit = QLineEdit(page)
        self.file_edit.setObjectName("import_file")
        browse = QPushButton(self.tr("Browse…"), page)
        browse.clicked.connect(self._browse)
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Excel file (.xlsx)"), row)
        self.profile_combo = QComboBox(page)
        self.profile_combo.setObjectName("import_profile")
        for p in self.profiles:
            self.profile_combo.addItem(label(p), p.code)
        form.addRow(self.tr("Kind of list"), self.profile_combo)
        self.source_combo = QComboBox(page)
        self.source_combo.setObjectName("import_source")
        self.source_combo.setEditable(True)
        self.source_combo.lineEdit().setPlaceholderText(self.tr("e.g. 海淀区技术合同登记站 (the mapping is kept for it)"))
        form.addRow(self.tr("Source"), self.source_combo)
        self.case_edit = QLineEdit(page)
        self.case_edit.setObjectName("import_case")
        self.case_edit.setPlaceholderText(self.tr("Case number of the survey to fill"))
        self.case_label = QLabel(self.tr("Target case"), page)
        form.addRow(self.case_label, self.case_edit)
        self.file_error = QLabel(page)
        self.file_error.setObjectName("import_file_error")
        self.file_error.setWordWrap(True)
        form.addRow(self.file_error)
        self.file_edit.textChanged.connect(lambda _t: self._choice_changed())
        self.source_combo.editTextChanged.connect(lambda _t: self._choice_changed())
        self.case_edit.textChanged.connect(lambda _t: page.completeChanged.emit())
        self.profile_combo.currentIndexChanged.connect(lambda _i: self._profile_changed(page))
        self._first = page
        self._profile_changed(page)
        return page

    def _key(self) -> tuple[str, str, str]:
        return str(self.path()) if self.file_edit.text().strip() else "", self.profile().code, self.source()

    def _choice_changed(self) -> None:
        """The file, the profile or the source changed: Next waits for a new check."""
        self.preview = None
        self._checked_key = None
        self._first.completeChanged.emit()
        if self.file_edit.text().strip():
            self.file_error.setText(self.tr("Checking the file…"))
            self._recheck.start()
        else:
            self._recheck.stop()
            self.file_error.clear()

    def _check_file(self) -> None:
        """Read the header of the chosen file off the GUI thread (quick: only the first rows)."""
        key = self._key()
        if not key[0] or key == self._checking:
            return
        self._checking = key
        path, code, source = self.path(), key[1], key[2] or None
        op = read(self.tr("Checking the file"), lambda ws: ws.imports.preview(path, code, source))
        run_operation(self, self.ws, op, lambda preview: self._file_answer(key, preview, ""),
                      lambda exc: self._file_answer(key, None, error_text(exc)))

    def _file_answer(self, key: tuple[str, str, str], preview: ImportPreview | None, refusal: str) -> None:
        if self._checking == key:
            self._checking = None
        if key != self._key():  # the officer chose something else meanwhile: its own check follows
            if self._checking is None:
                self._recheck.start()
            return
        self.preview, self._checked_key = preview, key
        self.file_error.setText(refusal)
        self._first.completeChanged.emit()
        self.file_checked.emit()

    def is_file_checked(self) -> bool:
        """True when the check of the file as chosen now has answered (either way)."""
        return self._checked_key is not None and self._checked_key == self._key()

    def profile(self) -> ImportProfile:
        """The chosen profile."""
        return self.profiles[max(0, self.profile_combo.currentIndex())]

    def _profile_changed(self, page: QWizardPage) -> None:
        prof = self.profile()
        rows_mode = bool(prof.rows_field)
        self.case_label.setVisible(rows_mode)
        self.case_edit.setVisible(rows_mode)
        code = prof.code
        op = read(self.tr("Reading the sources"), lambda ws: ws.imports.sources(code))
        run_operation(self, self.ws, op, lambda sources: self._list_sources(code, sources),
                      lambda exc: self.file_error.setText(error_text(exc)))  # the officer can still type one
        self._choice_changed()

    def _list_sources(self, code: str, sources: list[str]) -> None:
        """The sources known for the profile `code` (read off the GUI thread), as choices;
        what the officer typed stays."""
        if code != self.profile().code:
            return
        current = self.source_combo.currentText()
        self.source_combo.blockSignals(True)  # the typed source does not change: no new check
        self.source_combo.clear()
        self.source_combo.addItems(sources)
        self.source_combo.setEditText(current)
        self.source_combo.blockSignals(False)

    def _file_ready(self) -> bool:
        if not self.file_edit.text().strip():
            return False
        if self.profile().rows_field and not self.case_edit.text().strip():
            return False
        return self.is_file_checked() and self.preview is not None

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the Excel list"), "",
                                                self.tr("Excel workbooks (*.xlsx)"))
        if chosen:
            self.file_edit.setText(chosen)

    def path(self) -> Path:
        """The chosen file."""
        return Path(self.file_edit.text().strip())

    def source(self) -> str:
        """The source name as typed or chosen ("" for none)."""
        return self.source_combo.currentText().strip()

    def validateCurrentPage(self) -> bool:
        """Leaving the first page fills the mapping from the header checked off the GUI
        thread when the file was chosen (Next is enabled only once that check passed)."""
        if self.currentId() == 0:
            if not self.is_file_checked() or self.preview is None:
                return False
            self._fill_mapping()
        return super().validateCurrentPage()

    # ----- page 2: mapping -----------------------------------------------------------------
    def _mapping_page(self) -> QWizardPage:
        page = CallbackPage(lambda: self.preview is not None)
        page.setTitle(self.tr("Which column is which field?"))
        lay = QVBoxLayout(page)
        self.mapping_note = QLabel(page)
        self.mapping_note.setWordWrap(True)
        lay.addWidget(self.mapping_note)
        self.mapping_table = QTableWidget(0, 2, page)
        self.mapping_table.setObjectName("import_mapping")
        self.mapping_table.setHorizontalHeaderLabels([self.tr("Column in the file"), self.tr("Field")])
        self.mapping_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mapping_table.verticalHeader().setVisible(False)
        lay.addWidget(self.mapping_table)
        return page

    def _fill_mapping(self) -> None:
        assert self.preview is not None
        prof = self.profile()
        self.mapping_table.setRowCount(len(self.preview.headers))
        for row, header in enumerate(self.preview.headers):
            item = QTableWidgetItem(header)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.mapping_table.setItem(row, 0, item)
            combo = QComboBox(self.mapping_table)
            combo.addItem(self.tr("(ignore this column)"), "")
            for key, shown in prof.shown_targets():
                combo.addItem(shown, key)
            combo.setCurrentIndex(max(0, combo.findData(self.preview.mapping.get(header, ""))))
            self.mapping_table.setCellWidget(row, 1, combo)
        note = self.tr("The natural key is: %1.").replace("%1", prof.key_labels())
        if self.preview.saved:
            note = self.tr("The mapping saved for this source is filled in.") + " " + note
        self.mapping_note.setText(note)

    def mapping(self) -> dict[str, str]:
        """Header → field key as the table shows it now ("" ignores the column)."""
        out = {}
        for row in range(self.mapping_table.rowCount()):
            combo = self.mapping_table.cellWidget(row, 1)
            out[self.mapping_table.item(row, 0).text()] = combo.currentData() if isinstance(combo, QComboBox) else ""
        return out

    # ----- page 3: dry run -----------------------------------------------------------------
    def _check_page(self) -> QWizardPage:
        page = CallbackPage(lambda: self.report is not None and self.report.ok and not self.running, self._start_check)
        page.setTitle(self.tr("Check every row"))
        lay = QVBoxLayout(page)
        self.check_bar = QProgressBar(page)
        self.check_bar.setObjectName("import_check_progress")
        self.check_summary = QLabel(page)
        self.check_summary.setObjectName("import_check_summary")
        self.check_summary.setWordWrap(True)
        self.problem_table = QTableWidget(0, 3, page)
        self.problem_table.setObjectName("import_problems")
        self.problem_table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Column"), self.tr("Why")])
        self.problem_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problem_table.verticalHeader().setVisible(False)
        self.problem_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for w in (self.check_bar, self.check_summary, self.problem_table):
            lay.addWidget(w)
        self._check = page
        return page

    def _start_check(self) -> None:
        self.report = None
        self.running = True
        self._cancel.clear()
        self.problem_table.setRowCount(0)
        self.check_summary.setText(self.tr("Checking…"))
        args = self._arguments()
        progress, stop = to_gui(self, self._moved), self._cancel.is_set
        op = read(self.tr("Checking the workbook"),
                  lambda ws: ws.imports.run(**args, dry_run=True, progress=progress, cancelled=stop))
        run_operation(self, self.ws, op, self._checked, self._check_failed)

    def _arguments(self) -> dict[str, Any]:
        prof = self.profile()
        return {"path": self.path(), "profile": prof.code, "source": self.source() or None, "mapping": self.mapping(),
                "target_case": self.case_edit.text().strip() if prof.rows_field else None}

    def _checked(self, report: ImportReport) -> None:
        self.running = False
        self.report = report
        self.check_bar.setValue(self.check_bar.maximum())
        text = (self.tr("%1 rows: %2 new, %3 to update, %4 unchanged.").replace("%1", str(report.rows))
                .replace("%2", str(report.new)).replace("%3", str(report.updated)).replace("%4", str(report.unchanged)))
        if report.problems:
            bad = len({p.row for p in report.problems})
            text += " " + self.tr("%1 rows have problems; correct the file and check again. Nothing is imported "
                                  "until every row passes.").replace("%1", str(bad))
        self.check_summary.setText(text)
        self.problem_table.setRowCount(len(report.problems))
        for i, p in enumerate(report.problems):
            for col, value in enumerate((str(p.row), p.column, p.message())):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # long reasons are elided in the cell
                self.problem_table.setItem(i, col, item)
        self._check.completeChanged.emit()

    def _check_failed(self, exc: BaseException) -> None:
        self.running = False
        self.check_summary.setText(error_text(exc))
        self._check.completeChanged.emit()

    # ----- page 4: import ------------------------------------------------------------------
    def _run_page(self) -> QWizardPage:
        page = CallbackPage(lambda: self.imported, self._start_import)
        page.setTitle(self.tr("Import"))
        page.setFinalPage(True)
        lay = QVBoxLayout(page)
        self.run_bar = QProgressBar(page)
        self.run_bar.setObjectName("import_progress")
        self.run_status = QLabel(page)
        self.run_status.setObjectName("import_status")
        self.run_status.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancel the import"), page)
        self.cancel_button.setObjectName("import_cancel")
        self.cancel_button.clicked.connect(self.cancel_import)
        for w in (self.run_bar, self.run_status, self.cancel_button):
            lay.addWidget(w)
        lay.addStretch(1)
        self._run = page
        return page

    def _start_import(self) -> None:
        self.running = True
        self._cancel.clear()
        self.run_bar.setValue(0)
        self.run_status.setText(self.tr("Importing… nothing is kept unless every row is stored."))
        self.cancel_button.setEnabled(True)
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        args = self._arguments()
        progress, stop = to_gui(self, self._moved), self._cancel.is_set
        op = Operation(self.tr("Importing the workbook"),
                       lambda ws: ws.imports.run(**args, progress=progress, cancelled=stop),
                       notice=ChangeNotice(all_cases=True))  # new cases, or rows of one case
        run_operation(self, self.ws, op, self._imported, self._import_failed)

    def cancel_import(self) -> None:
        """Stop between rows: the transaction rolls back and nothing is imported."""
        self._cancel.set()
        self.run_status.setText(self.tr("Cancelling…"))

    def _moved(self, phase: str, done: int, total: int) -> None:
        bar = self.run_bar if self.currentPage() is self._run else self.check_bar
        bar.setMaximum(max(total, done, 1))
        bar.setValue(done)
        if bar is self.run_bar:
            text = self.tr("Reading row %1…") if phase == "read" else self.tr("Storing row %1…")
            self.run_status.setText(text.replace("%1", str(done)))

    def _imported(self, report: ImportReport) -> None:
        self.running = False
        self.imported = True
        self.report = report
        self.cancel_button.setEnabled(False)
        self.run_bar.setMaximum(1)
        self.run_bar.setValue(1)
        self.run_status.setText(self.tr("Imported: %1 new, %2 updated, %3 unchanged.")
                                .replace("%1", str(report.new)).replace("%2", str(report.updated))
                                .replace("%3", str(report.unchanged)))
        self._run.completeChanged.emit()
        self.import_finished.emit(report)

    def _import_failed(self, exc: BaseException) -> None:
        self.running = False
        self.cancel_button.setEnabled(False)
        self.button(QWizard.WizardButton.BackButton).setEnabled(True)
        message = error_text(exc)
        if isinstance(exc, ImportRefused):
            self.report = exc.report
        self.run_status.setText(message)
        self.import_failed.emit(message)

    def reject(self) -> None:
        """Closing while importing cancels first (nothing is imported)."""
        if self.running:
            self._cancel.set()
        super().reject()
