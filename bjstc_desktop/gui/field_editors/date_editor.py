"""A date field: typed as 2026-03-01, 2026/3/1, 20260301 or 2026年3月1日 (or picked from
a calendar), shown as the ISO date once valid, empty when not filled in."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCalendarWidget, QMenu, QToolButton, QWidget, QWidgetAction

from bjstc_desktop.core.casetypes import FieldDef
from bjstc_desktop.core.i18n import help_text
from bjstc_desktop.gui.field_editors.base import LineFieldEditor


class DateEditor(LineFieldEditor):
    """An ISO date with a calendar button."""

    normalise_on_leave = True

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        self.line.setPlaceholderText(self.tr("e.g. 2026-03-01"))
        self.line.setToolTip(help_text(fdef) or self.tr("Type 2026-03-01, 2026/3/1, 20260301 or 2026年3月1日"))
        self.line.setMaxLength(20)
        self.pick = QToolButton(self)
        self.pick.setObjectName(f"calendar_{fdef.key}")
        self.pick.setText(self.tr("Calendar"))
        self.pick.setToolTip(self.tr("Pick the date on a calendar"))
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.pick)
        self.calendar = QCalendarWidget(menu)
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._sync_calendar)
        self.pick.setMenu(menu)
        self.input_row.addWidget(self.pick)
        self.calendar.clicked.connect(self._picked)

    def _sync_calendar(self) -> None:
        try:
            value = self.value()
        except Exception:  # an unfinished date: open the calendar on today
            value = None
        day = dt.date.fromisoformat(value) if value else dt.date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _picked(self, date: QDate) -> None:
        self.line.setText(date.toString("yyyy-MM-dd"))
        self.pick.menu().hide()
        self.edited.emit()
        self.check()
