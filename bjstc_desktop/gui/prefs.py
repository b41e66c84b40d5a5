"""What the program remembers for the person at the desk (QSettings, an .ini in the OS
user's settings folder): the last user name per workstation, and per workstation user the
main window's geometry, splitter positions, column widths and each tab's sort order.

Never case content: only names of widgets, sizes, sort keys and user names. The values
are written through the functions here, so that rule has one place to hold."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QSplitter, QWidget

from bjstc_desktop.core.searchquery import CaseSort, SortKey
from bjstc_desktop.gui.translations import active_language

ORGANISATION = "bjstc"  # ASCII: the folder of the settings file
APPLICATION = "bjstc-desktop"

_user: str | None = None


def store() -> QSettings:
    """The settings file of this OS user."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


def _station_key(data_dir: Path) -> str:
    return hashlib.sha256(str(data_dir.expanduser().resolve()).encode("utf-8")).hexdigest()[:16]


def remember_last_user(data_dir: Path, user: str) -> None:
    """The user who last logged in to the workstation at `data_dir`."""
    s = store()
    s.setValue(f"workstations/{_station_key(data_dir)}/last_user", user)
    s.sync()


def last_user(data_dir: Path) -> str:
    """The user who last logged in at `data_dir` ("" when none)."""
    value = store().value(f"workstations/{_station_key(data_dir)}/last_user", "")
    return value if isinstance(value, str) else ""


def use_user(user: str | None) -> None:
    """Whose preferences the widgets read and write from now on (None: nobody's)."""
    global _user
    _user = user


def _key(name: str) -> str | None:
    if not _user:
        return None
    user = hashlib.sha256(_user.encode("utf-8")).hexdigest()[:16]  # a name never becomes a path
    return f"users/{user}/{name}"


def save_geometry(name: str, widget: QWidget) -> None:
    """Remember a window's size and place."""
    key = _key(f"geometry/{name}")
    if key:
        store().setValue(key, widget.saveGeometry())


def restore_geometry(name: str, widget: QWidget) -> bool:
    """Put a window back where it was; False when nothing was remembered."""
    key = _key(f"geometry/{name}")
    value = store().value(key) if key else None
    return isinstance(value, QByteArray | bytes) and widget.restoreGeometry(QByteArray(value))


def save_splitter(name: str, splitter: QSplitter) -> None:
    """Remember where a splitter was put."""
    key = _key(f"splitter/{name}")
    if key:
        store().setValue(key, [int(s) for s in splitter.sizes()])


def restore_splitter(name: str, splitter: QSplitter) -> bool:
    """Put a splitter back; False when nothing (or nothing that fits) was remembered."""
    key = _key(f"splitter/{name}")
    sizes = _ints(store().value(key)) if key else []
    if len(sizes) != splitter.count() or not any(sizes):
        return False
    splitter.setSizes(sizes)
    return True


def _columns_key(name: str) -> str | None:
    # per language: a width given to "密级" cuts "Classification" short, and the other way round
    return _key(f"columns/{name}/{active_language()}")


def save_columns(name: str, header: QHeaderView) -> None:
    """Remember the widths of a table's columns (those the officer can resize), for the
    language the headings are in now."""
    key = _columns_key(name)
    if key:
        store().setValue(key, [header.sectionSize(i) for i in range(header.count())])


def restore_columns(name: str, header: QHeaderView) -> bool:
    """Give the resizable columns the widths remembered for the headings' language;
    False when none fit."""
    key = _columns_key(name)
    widths = _ints(store().value(key)) if key else []
    if len(widths) != header.count():
        return False
    for i, width in enumerate(widths):
        if header.sectionResizeMode(i) == QHeaderView.ResizeMode.Interactive and width > 8:
            header.resizeSection(i, width)
    return True


def save_sort(name: str, sort: CaseSort) -> None:
    """Remember a list's sort order."""
    key = _key(f"sort/{name}")
    if key:
        store().setValue(key, f"{sort.key.value}:{int(sort.descending)}")


def restored_sort(name: str) -> CaseSort | None:
    """A list's remembered sort order (None when none, or one this version does not know)."""
    key = _key(f"sort/{name}")
    value = store().value(key) if key else None
    if not isinstance(value, str) or ":" not in value:
        return None
    code, _, desc = value.partition(":")
    try:
        return CaseSort(SortKey(code), desc == "1")
    except ValueError:
        return None


def _ints(value: object) -> list[int]:
    items = value if isinstance(value, list | tuple) else [value] if value is not None else []
    out = []
    for item in items:
        try:
            out.append(int(item))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return []
    return out
