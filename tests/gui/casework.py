"""Helpers for the casework GUI tests: type into field editors as an officer would, and
make tech_contract cases through the workstation API."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from bjstc_desktop.gui.case_form import CaseFormDialog
from bjstc_desktop.gui.field_editors import FieldEditor
from bjstc_desktop.ops.views import CaseView
from bjstc_desktop.workstation import Workstation

SELLER_USCC = "91350100M000100Y43"  # GB 32100 sample: valid
BAD_USCC = "91110000600037341X"  # wrong check character (should be L)
CONTRACT = {"contract_type": "技术开发", "seller": "北京冰雪科技有限公司", "seller_uscc": SELLER_USCC,
            "contract_amount": "100万", "tech_amount": "80万"}


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type `text` as an officer would: Latin characters as key presses, Chinese as the
    input method commits it (QTest cannot press keys for hanzi)."""
    for ascii_run, chunk in _runs(text):
        if ascii_run:
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def _runs(text: str) -> list[tuple[bool, str]]:
    runs: list[tuple[bool, str]] = []
    for ch in text:
        if runs and runs[-1][0] == ch.isascii():
            runs[-1] = (runs[-1][0], runs[-1][1] + ch)
        else:
            runs.append((ch.isascii(), ch))
    return runs


def enter(qtbot: Any, editor: FieldEditor, text: str) -> None:
    """Type `text` into a one-line editor and press Enter (which checks it)."""
    line = editor.line  # type: ignore[attr-defined]
    line.clear()
    line.setFocus()
    type_text(qtbot, line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def choose(editor: FieldEditor, value: str) -> None:
    """Pick `value` in a combo editor as a click would."""
    combo = editor.combo  # type: ignore[attr-defined]
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def fill_contract(qtbot: Any, form: CaseFormDialog, title: str, **override: str) -> None:
    """Fill the tech_contract form's required fields (and any `override`)."""
    values = {**CONTRACT, **override}
    enter(qtbot, form.header["title"], title)
    choose(form.editors["contract_type"], values.pop("contract_type"))
    for key, text in values.items():
        enter(qtbot, form.editors[key], text)


def make_contract(ws: Workstation, title: str, reviewed: bool = True, **fields: Any) -> CaseView:
    """A tech_contract case, moved on to 审核认定 when `reviewed`."""
    case = ws.cases.create("tech_contract", title, {**CONTRACT, **fields}, received_on=dt.date.today())
    if reviewed:
        ws.workflow.act(case.id, "review")
    return ws.cases.show(case.id)


def visible_top(kind: type) -> object | None:
    """The visible top-level window of `kind`, if one is showing (for driving app.main)."""
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


def opened(qtbot: Any, opening: Any) -> Any:
    """The window an Opening (gui/opening.py) builds once its data has been read."""
    assert opening is not None
    qtbot.waitUntil(lambda: not opening.pending)
    assert opening.window is not None, opening.error or "nothing was opened"
    return opening.window


def case_details(ws: Workstation, case_id: str, today: dt.date | None = None) -> Any:
    """What the case window of `case_id` shows, read as the window reads it: off the GUI
    thread (read_details on a thread of its own, waited for)."""
    from bjstc_desktop.gui.case_detail import read_details

    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="test-read") as pool:
        return pool.submit(read_details, ws, case_id, today or dt.date.today()).result(timeout=60)
