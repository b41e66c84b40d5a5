"""Tabs down the left side with their names written across, not rotated: 14 tabs of
Chinese names read easily and fit a 1366x768 screen at 125% scaling. A name too long
for one line (English: "Technology market, awards, secrecy and popularisation") takes a
second line rather than being cut short; only beyond two lines is it elided, with the
whole name as the tab's tooltip. Each tab may show a small count on its right (the
cases the officer may see in that duty)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QTabBar, QTabWidget, QWidget

SIDEBAR = QColor("#eef2f7")
HOVER = QColor("#e1e8f2")
SELECTED = QColor("#ffffff")
ACCENT = QColor("#1f4e79")
TEXT = QColor("#1f2933")
MUTED = QColor("#6b7785")
RULE = QColor("#d5dce6")
MAX_NAME_EMS = 13  # the longest Chinese duty name (技术市场、奖励、保密与科普) is 13 characters


class SideTabBar(QTabBar):
    """A West tab bar that paints horizontal labels, an accent on the current tab, and
    an optional badge per tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("side_tab_bar")
        self.setDrawBase(False)
        self.setExpanding(False)
        self.setUsesScrollButtons(True)
        self.setElideMode(Qt.TextElideMode.ElideRight)
        self.setMouseTracking(True)
        self._badges: dict[int, str] = {}
        self._hover = -1
        self._width_for: tuple[tuple[tuple[str, ...], str], int] | None = None  # (names and font, width)

    def set_badge(self, index: int, text: str) -> None:
        """Show `text` (a count) at the right of tab `index`; "" removes it. The counts
        arrive after the bar is laid out (read off the GUI thread): a badge that changes
        the room its name has lays the tabs out again."""
        before = self._badges.get(index, "")
        if text:
            self._badges[index] = text
        else:
            self._badges.pop(index, None)
        if len(before) != len(text):
            self.setTabText(index, self.tabText(index))  # QTabBar lays its tabs out again
        self.update()

    def badge(self, index: int) -> str:
        """The badge text of tab `index` ("" when none)."""
        return self._badges.get(index, "")

    def _row_height(self, lines: int = 1) -> int:
        return max(30, self.fontMetrics().height() * lines + 16)

    def _tab_width(self) -> int:
        """Every tab as wide as the widest name plus a badge, at most MAX_NAME_EMS
        characters of the UI font."""
        # Asked for every tab at every layout (some thousand times while the first screen
        # comes up): measured once per set of names and font, not fifteen texts each time.
        names = tuple(self.tabText(i) for i in range(self.count()))
        key = (names, self.font().key())
        if self._width_for is None or self._width_for[0] != key:
            fm = self._bold_metrics()
            widest = max((fm.horizontalAdvance(name) for name in names), default=80)
            widest = min(widest, fm.horizontalAdvance("国") * MAX_NAME_EMS)
            self._width_for = (key, widest + self.fontMetrics().horizontalAdvance("0000") + 12 + 36)
        return self._width_for[1]

    def _bold_metrics(self) -> QFontMetrics:
        """The current tab's name is bold: lines are broken for it, so selecting a tab
        never re-flows its name."""
        bold = self.font()
        bold.setBold(True)
        return QFontMetrics(bold)

    def tabSizeHint(self, index: int) -> QSize:
        """The common width; one text line high, two for a name that needs them."""
        return QSize(self._tab_width(), self._row_height(len(self.name_lines(index, self._tab_width()))))

    def name_lines(self, index: int, tab_width: int | None = None) -> list[str]:
        """The name of tab `index` as painted: one line, or two broken between words (the
        second elided when even two do not hold it)."""
        fm = self._bold_metrics()
        room = self._name_width(index, tab_width)
        text = self.tabText(index)
        if fm.horizontalAdvance(text) <= room:
            return [text]
        words, first = text.split(" "), ""
        while words and fm.horizontalAdvance((first + " " + words[0]).strip()) <= room:
            first = (first + " " + words.pop(0)).strip()
        if not first:  # one long word (or no spaces): the first line is what fits
            return [fm.elidedText(text, Qt.TextElideMode.ElideRight, room)]
        return [first, fm.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, room)]

    def is_elided(self, index: int) -> bool:
        """True when the name of tab `index` is cut short on screen."""
        return " ".join(self.name_lines(index, self.tabRect(index).width())) != self.tabText(index)

    def _name_width(self, index: int, tab_width: int | None = None) -> int:
        width = (self.tabRect(index).width() if tab_width is None else tab_width) - 26
        badge = self._badges.get(index, "")
        width -= self.fontMetrics().horizontalAdvance(badge or "0000") + 16  # room for a badge, shown or to come
        return width

    def minimumTabSizeHint(self, index: int) -> QSize:
        """Tabs keep their height; scroll buttons appear only on a very short window."""
        return self.tabSizeHint(index)

    def event(self, ev: QEvent) -> bool:
        """Forget the hover highlight when the mouse leaves."""
        if ev.type() == QEvent.Type.Leave and self._hover != -1:
            self._hover = -1
            self.update()
        return super().event(ev)

    def mouseMoveEvent(self, ev: QMouseEvent) -> None:
        """Track the tab under the mouse for the hover highlight."""
        hover = self.tabAt(ev.position().toPoint())
        if hover != self._hover:
            self._hover = hover
            self.update()
        super().mouseMoveEvent(ev)

    def paintEvent(self, _ev: QPaintEvent) -> None:
        """Paint every tab: background, accent bar, name and badge."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), SIDEBAR)
        fm = QFontMetrics(self.font())
        bold = self.font()
        bold.setBold(True)
        for i in range(self.count()):
            r = self.tabRect(i)
            current = i == self.currentIndex()
            if current:
                p.fillRect(r, SELECTED)
                p.fillRect(QRect(r.left(), r.top(), 4, r.height()), ACCENT)
            elif i == self._hover:
                p.fillRect(r, HOVER)
            if i == 1:  # a rule between the workbench and the duties
                p.fillRect(QRect(r.left() + 10, r.top(), r.width() - 20, 1), RULE)
            text_rect = r.adjusted(16, 0, -10, 0)
            badge = self._badges.get(i, "")
            if badge:
                width = fm.horizontalAdvance(badge) + 10
                box = QRect(text_rect.right() - width, r.center().y() - fm.height() // 2, width, fm.height())
                p.setPen(ACCENT if current else MUTED)
                p.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, badge)
                text_rect.setRight(box.left() - 6)
            p.setFont(bold if current else self.font())
            p.setPen(ACCENT if current else (TEXT if self.isTabEnabled(i) else MUTED))
            name = "\n".join(self.name_lines(i, r.width()))
            p.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
            p.setFont(self.font())
        p.fillRect(QRect(self.width() - 1, 0, 1, self.height()), RULE)
        p.end()


class SideTabWidget(QTabWidget):
    """A QTabWidget with a SideTabBar on the West side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side_bar = SideTabBar(self)
        self.setTabBar(self.side_bar)
        self.setTabPosition(QTabWidget.TabPosition.West)
        self.setDocumentMode(True)
        self.setUsesScrollButtons(True)
        self.setAutoFillBackground(True)  # the sidebar colour continues below the last tab
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, SIDEBAR)
        self.setPalette(palette)

    def add_page(self, page: QWidget, name: str) -> int:
        """Add `page` on a white ground under the tab `name` (its tooltip names it whole:
        a long name is cut short on the tab); returns its index."""
        page.setAutoFillBackground(True)
        palette = page.palette()
        palette.setColor(QPalette.ColorRole.Window, SELECTED)
        page.setPalette(palette)
        index = self.addTab(page, name)
        self.setTabToolTip(index, name)
        return index
