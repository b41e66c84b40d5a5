"""Windows that fit the officer's screen: the commission's most common one is 1366x768
with a task bar, so 1366x728 is all a window may count on. Every dialog opens at its
preferred size or the screen's available geometry, whichever is smaller, and stays
resizable; what cannot shrink (a table, a form) scrolls instead."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SMALLEST_SCREEN = QSize(1366, 728)
"""The room every window must fit: a 1366x768 screen less a 40 px task bar."""

FRAME_ROOM = QSize(16, 40)
"""What a window manager's frame (borders, title bar) takes around a window."""


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The usable part of the screen `widget` is on (else the primary screen)."""
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    if screen is None:  # no screen at all (should not happen): assume the smallest one
        return QRect(0, 0, SMALLEST_SCREEN.width(), SMALLEST_SCREEN.height())
    return screen.availableGeometry()


def room_for(widget: QWidget | None = None) -> QSize:
    """The largest client size a top-level window may take on its screen (frame left out)."""
    room = available_geometry(widget).size()
    return QSize(max(320, room.width() - FRAME_ROOM.width()), max(240, room.height() - FRAME_ROOM.height()))


def fit_to_screen(widget: QWidget, width: int, height: int) -> QSize:
    """Resize `widget` to its preferred `width` x `height`, or less where the screen is
    smaller (never below what it needs); returns the size given."""
    room = room_for(widget)
    need = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    size = QSize(max(min(width, room.width()), need.width()), max(min(height, room.height()), need.height()))
    widget.resize(size)
    return size


def minimum_size(widget: QWidget) -> QSize:
    """What `widget` needs at least: the larger of its minimum size and its hint."""
    return widget.minimumSizeHint().expandedTo(widget.minimumSize())
