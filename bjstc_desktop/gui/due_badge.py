"""Due badges: the reminder level of a case's deadline (CaseView.due_status, computed by
the workstation with the `due_soon_workdays` setting) as a coloured pill — in the 期限
column of every case list and on the case header. Yellow: due soon; orange: due today;
red: overdue. Normal deadlines and cases with no running period get no colour."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

OVERDUE = "overdue"
DUE_TODAY = "due_today"
DUE_SOON = "due_soon"
NORMAL = "normal"
ALERT_STATUSES = (OVERDUE, DUE_TODAY, DUE_SOON)

# (text colour, badge colour) per status.
BADGE_COLOURS: dict[str, tuple[QColor, QColor]] = {
    OVERDUE: (QColor("#b3261e"), QColor("#fbdcd9")),
    DUE_TODAY: (QColor("#9a4300"), QColor("#ffd9b0")),
    DUE_SOON: (QColor("#6b5200"), QColor("#fff0a8")),
}

DUE_STATUS_ROLE = int(Qt.ItemDataRole.UserRole) + 1
"""Item data role holding the due status ("overdue", "due_today", "due_soon", "normal" or None)."""

Index = QModelIndex | QPersistentModelIndex


def text_colour(status: str | None) -> QColor | None:
    """The text colour of a badge of `status` (None: no badge)."""
    pair = BADGE_COLOURS.get(status or "")
    return pair[0] if pair else None


def badge_colour(status: str | None) -> QColor | None:
    """The background colour of a badge of `status` (None: no badge)."""
    pair = BADGE_COLOURS.get(status or "")
    return pair[1] if pair else None


def days_until(due: str, today: dt.date) -> int:
    """Calendar days from `today` to the ISO date `due` (negative when past)."""
    return (dt.date.fromisoformat(due) - today).days


def status_text(status: str | None, due: str | None, today: dt.date) -> str:
    """A short phrase for a badge: 已超期 3 天, 今日到期, 2 天后到期, 期限内."""
    if not due or status is None:
        return ""
    days = days_until(due, today)
    late, left = max(1, -days), max(0, days)  # lupdate reads only plain arguments
    if status == OVERDUE:
        return QCoreApplication.translate("DueBadge", "Overdue by %n day(s)", "", late)
    if status == DUE_TODAY:
        return QCoreApplication.translate("DueBadge", "Due today")
    if status == DUE_SOON:
        return QCoreApplication.translate("DueBadge", "Due in %n day(s)", "", left)
    return QCoreApplication.translate("DueBadge", "Within the period")


def status_tooltip(status: str | None, due: str | None, verified: bool, today: dt.date) -> str:
    """The tooltip of a 期限 cell or the header badge."""
    if not due:
        return QCoreApplication.translate("DueBadge", "No statutory period is running.")
    if status is None:
        text = QCoreApplication.translate("DueBadge", "Due %1 (the case is closed)").replace("%1", due)
    else:
        text = status_text(status, due, today) + QCoreApplication.translate("DueBadge", " · due %1").replace("%1", due)
        if status == DUE_SOON:
            text += "\n" + QCoreApplication.translate(
                "DueBadge", "Due soon: within the reminder threshold of working days set for this workstation.")
    if not verified:
        text += "\n" + QCoreApplication.translate("DueBadge", "* The working-day calendar for this year is not verified.")
    return text


class DueBadgeDelegate(QStyledItemDelegate):
    """Paints the 期限 cell of a due case as a pill in its status colours (the cell
    keeps the row's selection and alternating background)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """A pill for due_soon / due_today / overdue; the default look otherwise."""
        status = index.data(DUE_STATUS_ROLE)
        if status not in ALERT_STATUSES:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        opt.backgroundBrush = QBrush()
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        metrics = opt.fontMetrics
        pill = QRect(0, 0, min(opt.rect.width() - 4, metrics.horizontalAdvance(text) + 16), metrics.height() + 4)
        pill.moveCenter(opt.rect.center())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(badge_colour(status))
        painter.drawRoundedRect(pill, 4, 4)
        painter.setPen(text_colour(status))
        painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()


class DueBadge(QLabel):
    """The due badge of the case header: hidden when no period is running."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("due_badge")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.status: str | None = None

    def show_due(self, status: str | None, due: str | None, verified: bool, today: dt.date) -> None:
        """Show the badge of a deadline (or hide it when there is none)."""
        self.status = status if due else None
        text = status_text(status, due, today)
        self.setText(text + ("" if verified else " *"))
        self.setToolTip(status_tooltip(status, due, verified, today))
        self.setProperty("dueStatus", self.status or "")
        self.style().unpolish(self)
        self.style().polish(self)
        self.setVisible(bool(text))
