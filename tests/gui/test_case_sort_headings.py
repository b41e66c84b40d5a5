"""Case list headings: which ones sort, and that the others say so."""

from __future__ import annotations

from PySide6.QtCore import Qt

from bjstc_desktop.gui.case_table_model import CaseTableModel


def test_headings_say_whether_they_sort(qtbot) -> None:
    """Only the columns the store has an index for sort; the others say so instead of
    silently ignoring a click."""
    from bjstc_desktop.gui.case_sort import SORTABLE
    from bjstc_desktop.gui.case_table_model import SORTABLE_KEYS

    assert set(SORTABLE) == SORTABLE_KEYS
    model = CaseTableModel()
    tips = {key: model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
            for i, key in enumerate(CaseTableModel.KEYS)}
    assert tips["due"].startswith("点击按此列排序") and tips["case_no"].startswith("点击按此列排序")
    assert tips["title"].startswith("此列不能排序") and tips["handler"].startswith("此列不能排序")
