"""Sorting a case list by clicking its column headings. Only the columns the store has
an index for sort (案号, 状态, 期限, 收文日期): each sorted page is then one index range
read, however many cases there are. A second click on the same heading reverses the
order; a click on a heading that does not sort leaves the order as it was."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHeaderView

from bjstc_desktop.core.searchquery import CaseSort, SortKey, case_no_sort_key
from bjstc_desktop.gui.case_table_model import CaseTableModel
from bjstc_desktop.ops.views import CaseView

SORTABLE = {"case_no": SortKey.CASE_NO, "state": SortKey.STATE, "due": SortKey.DUE,
            "received_on": SortKey.RECEIVED}
# The first click sorts dates and numbers the way an officer reads them first.
_FIRST_DESCENDING = {SortKey.CASE_NO: False, SortKey.STATE: False, SortKey.DUE: False, SortKey.RECEIVED: True}


def sort_views(rows: list[CaseView], sort: CaseSort) -> list[CaseView]:
    """A fixed list (a page of search results) in `sort` order; unchanged for the
    default order, which for search results is best match first."""
    if sort.key is SortKey.NEWEST:
        return list(rows)
    attr = {SortKey.RECEIVED: "received_on", SortKey.DUE: "due", SortKey.CASE_NO: "case_no",
            SortKey.STATE: "state"}[sort.key]

    def key(r: CaseView) -> tuple[str, str]:
        value = getattr(r, attr)
        return (case_no_sort_key(value) if sort.key is SortKey.CASE_NO else value, r.id)

    present = sorted((r for r in rows if getattr(r, attr)), key=key, reverse=sort.descending)
    return present + [r for r in rows if not getattr(r, attr)]  # no value: last, as in the store


class SortController(QObject):
    """Turns clicks on a case table's header into a CaseSort and shows the indicator."""

    sort_changed = Signal(object)
    """Emitted with the new CaseSort after the officer clicked a sortable heading."""

    def __init__(self, header: QHeaderView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.header = header
        self.sort = CaseSort()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # newest first: no column
        header.sectionClicked.connect(self.click)

    def click(self, column: int) -> None:
        """A heading was clicked: sort on it (or reverse), if it can sort."""
        key = SORTABLE.get(CaseTableModel.KEYS[column]) if 0 <= column < len(CaseTableModel.KEYS) else None
        if key is None:
            self._show()
            return
        if self.sort.key is key:
            self.sort = CaseSort(key, not self.sort.descending)
        else:
            self.sort = CaseSort(key, _FIRST_DESCENDING[key])
        self._show()
        self.sort_changed.emit(self.sort)

    def set_sort(self, sort: CaseSort) -> None:
        """Show `sort` without emitting (e.g. when a list is reset to newest first)."""
        self.sort = sort
        self._show()

    def _show(self) -> None:
        column = next((CaseTableModel.KEYS.index(k) for k, v in SORTABLE.items() if v is self.sort.key), -1)
        order = Qt.SortOrder.DescendingOrder if self.sort.descending else Qt.SortOrder.AscendingOrder
        self.header.blockSignals(True)
        self.header.setSortIndicator(column, order)
        self.header.blockSignals(False)
