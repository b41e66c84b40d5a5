"""A case list as a Qt table model over keyset-paged reads: Qt asks for more rows when
the officer scrolls near the end (canFetchMore/fetchMore) and each request reads one
page after the last id shown, off the GUI thread (gui/operations.py); the rows are
appended when the page arrives. The whole list is never loaded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from bjstc_desktop.core.classification import level_shown
from bjstc_desktop.core.errors import NotFoundError
from bjstc_desktop.core.i18n import label, state_label
from bjstc_desktop.core.modules import case_type
from bjstc_desktop.gui.due_badge import (
    DUE_SOON,
    DUE_STATUS_ROLE,
    DUE_TODAY,
    OVERDUE,
    badge_colour,
    status_tooltip,
    text_colour,
)
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import read, run_operation
from bjstc_desktop.ops.views import CaseView

if TYPE_CHECKING:
    from bjstc_desktop.workstation import Workstation

DEFAULT_PAGE_SIZE = 100
OVERDUE_COLOUR = text_colour(OVERDUE)
DUE_TODAY_COLOUR = text_colour(DUE_TODAY)
DUE_SOON_COLOUR = text_colour(DUE_SOON)
CLASSIFIED_COLOUR = QColor("#b3261e")

Index = QModelIndex | QPersistentModelIndex
_CENTRED = frozenset({"state", "classification", "due", "handler", "received_on"})


@dataclass(frozen=True)
class Page:
    """One read: the rows to show, where the next read starts, and whether there is more."""

    rows: list[CaseView]
    cursor: Any
    more: bool


PageReader = Callable[[Any, int], Page]
"""Reads up to `limit` rows after the `cursor` (None: from the start). A cursor is
whatever the reader gave back last: an id, or (sort value, id) for a sorted list."""


def keyset_reader(list_page: Callable[[str | None, int], list[CaseView]]) -> PageReader:
    """A PageReader over a function like `lambda after, n: ws.cases.list(after_id=after, limit=n)`."""

    def read(cursor: str | None, limit: int) -> Page:
        """One page after `cursor`."""
        rows = list_page(cursor, limit)
        return Page(rows, rows[-1].id if rows else cursor, len(rows) >= limit)

    return read


def sorted_reader(read_page: Callable[[Any, int], Any]) -> PageReader:
    """A PageReader over a function like `lambda cursor, n: ws.cases.page(sort=..., cursor=cursor, limit=n)`
    that returns a page with `rows`, `cursor` and `more`."""

    def read(cursor: Any, limit: int) -> Page:
        """One page after `cursor`."""
        page = read_page(cursor, limit)
        return Page(list(page.rows), page.cursor, page.more)

    return read


def case_type_name(code: str) -> str:
    """The name of a case type code in the officer's language (the code itself if unknown)."""
    try:
        return label(case_type(code))
    except NotFoundError:
        return code


def state_name(type_code: str, state: str) -> str:
    """A case's stored state in the officer's language."""
    try:
        return state_label(case_type(type_code), state)
    except NotFoundError:
        return state_label(None, state)


# The columns a list can sort on: each has an index per module (gui/case_sort.py).
SORTABLE_KEYS = frozenset({"case_no", "state", "due", "received_on"})


class CaseTableModel(QAbstractTableModel):
    """Rows of CaseView; columns 案号, 类型, 标题, 状态, 密级, 期限, 承办人, 收文日期."""

    KEYS = ("case_no", "type", "title", "state", "classification", "due", "handler", "received_on")

    populated = Signal()
    """Emitted after every read that finished (first page, further pages, static rows)."""

    failed = Signal(str)
    """Emitted with the officer's message when a read was refused or failed."""

    def __init__(self, ws: Workstation | None = None, page_size: int = DEFAULT_PAGE_SIZE,
                 today: Callable[[], dt.date] = dt.date.today, parent: Any = None) -> None:
        super().__init__(parent)
        self._ws = ws  # whose jobs the page reads are (a model without one shows fixed rows only)
        self._reader: PageReader | None = None
        self.page_size = page_size
        self._today = today
        self._rows: list[CaseView] = []
        self._cursor: Any = None
        self._more = False
        self._asked = 0  # which read the rows come from: an answer to an older one is dropped
        self._fetching = False  # a page is being read
        self.loaded = False  # True once the first read has been made
        self.error: str | None = None

    # ----- what the owner does ---------------------------------------------------------
    def set_reader(self, reader: PageReader | None) -> None:
        """Show another paged list (a filter changed); nothing is read until asked."""
        assert reader is None or self._ws is not None, "a paged list needs the workstation to read it off the GUI thread"
        self.beginResetModel()
        self._reader = reader
        self._asked += 1
        self._fetching = False
        self._rows, self._cursor, self._more = [], None, reader is not None
        self.loaded, self.error = False, None
        self.endResetModel()

    def set_rows(self, rows: list[CaseView]) -> None:
        """Show a fixed list (search results, the due list) instead of a paged one."""
        self.beginResetModel()
        self._reader = None
        self._asked += 1
        self._fetching = False
        self._rows, self._cursor, self._more = list(rows), None, False
        self.loaded, self.error = True, None
        self.endResetModel()
        self.populated.emit()

    def set_error(self, text: str) -> None:
        """Show no rows and say why (a refused read)."""
        self.beginResetModel()
        self._reader = None
        self._asked += 1
        self._fetching = False
        self._rows, self._cursor, self._more = [], None, False
        self.loaded, self.error = True, text
        self.endResetModel()
        self.failed.emit(text)

    def load_first_page(self) -> None:
        """Read the first page if nothing was read yet."""
        if not self.loaded:
            self.fetchMore(QModelIndex())

    def reload(self) -> None:
        """Forget the rows and read the first page again."""
        self.set_reader(self._reader)
        self.fetchMore(QModelIndex())

    def case_at(self, row: int) -> CaseView:
        """The case shown in `row`."""
        return self._rows[row]

    # ----- Qt's model protocol -------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Rows read so far (not the total: the rest is read on demand)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """The eight columns."""
        return 0 if parent.isValid() else len(self.KEYS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        """True while the last read returned a full page (and no read is under way)."""
        return not parent.isValid() and self._more and self._reader is not None and not self._fetching

    def is_fetching(self) -> bool:
        """True while a page is being read."""
        return self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """Read the next page after the last row shown, off the GUI thread; it is
        appended when it arrives (populated), unless the list was changed meanwhile."""
        if parent.isValid() or self._reader is None or not self._more or self._fetching or self._ws is None:
            return
        reader, cursor, limit, asked = self._reader, self._cursor, self.page_size, self._asked
        self._fetching = True
        run_operation(self, self._ws, read(self.tr("Reading the cases"), lambda _ws: reader(cursor, limit)),
                      lambda page: self._arrived(asked, page), lambda exc: self._refused(asked, exc))

    def _refused(self, asked: int, exc: BaseException) -> None:
        if asked == self._asked:
            self.set_error(error_text(exc))

    def _arrived(self, asked: int, page: Page) -> None:
        if asked != self._asked:
            return
        self._fetching = False
        self.loaded = True
        self._cursor, self._more = page.cursor, page.more
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self.populated.emit()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column headings (and their alignment); row numbers down the side."""
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal:
            centred = self.KEYS[section] in _CENTRED
            return int((Qt.AlignmentFlag.AlignCenter if centred else Qt.AlignmentFlag.AlignLeft)
                       | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            if self.KEYS[section] in SORTABLE_KEYS:
                return self.tr("Click to sort by this column; click again to reverse")
            return self.tr("Lists sort by case no., state, due date or received date")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.column_titles()[section]
        return str(section + 1)

    def column_titles(self) -> tuple[str, ...]:
        """The column headings in the current language."""
        return (self.tr("Case no."), self.tr("Type"), self.tr("Title"), self.tr("State"),
                self.tr("Classification"), self.tr("Due"), self.tr("Handler"), self.tr("Received"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, tooltip, colour and alignment of a cell; UserRole is the case id,
        DUE_STATUS_ROLE the due status (the 期限 column's badge and background)."""
        if not index.isValid():
            return None
        case = self._rows[index.row()]
        key = self.KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(case, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(case, key)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(case, key)
        if role == Qt.ItemDataRole.BackgroundRole and key == "due":
            return badge_colour(case.due_status)
        if role == DUE_STATUS_ROLE and key == "due":
            return case.due_status if case.due else None
        if role == Qt.ItemDataRole.TextAlignmentRole and key in _CENTRED:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return case.id
        return None

    def _display(self, case: CaseView, key: str) -> str:
        if key == "type":
            return case_type_name(case.type)
        if key == "due":
            if not case.due:
                return "—"
            return case.due if case.due_verified else f"{case.due} *"
        if key in ("handler", "received_on"):
            return getattr(case, key) or "—"
        if key == "state":
            return state_name(case.type, case.state)
        if key == "classification":
            return level_shown(case.classification)
        return str(getattr(case, key) or "")

    def _tooltip(self, case: CaseView, key: str) -> str | None:
        if key == "title":
            return case.title
        if key in ("type", "state", "case_no", "handler"):  # cut short in a narrow column: said whole here
            return self._display(case, key)
        if key == "due":
            return status_tooltip(case.due_status, case.due, case.due_verified, self._today())
        return None

    def _colour(self, case: CaseView, key: str) -> QColor | None:
        if key == "classification" and case.classification in ("秘密", "机密"):
            return CLASSIFIED_COLOUR
        if key == "due" and case.due:
            return text_colour(case.due_status)
        return None
