"""Editors of the plain field kinds: text, long text, integer, money, ratio, enum, bool
and district."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QCheckBox, QComboBox, QPlainTextEdit, QWidget

from bjstc_desktop.core import i18n
from bjstc_desktop.core.casetypes import FieldDef
from bjstc_desktop.core.money import format_money
from bjstc_desktop.core.validators import beijing_districts, district, functional_areas, validate
from bjstc_desktop.gui.field_editors.base import BLANK, FieldEditor, LineFieldEditor

UNIT_TYPED = re.compile(r"(万元|万|元|亿元|亿|分)\s*$")
_FEN_PER_WAN = Decimal(1_000_000)


class TextEditor(LineFieldEditor):
    """A line of text (names, titles, numbers written as text)."""

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        if fdef.help:
            self.line.setPlaceholderText(i18n.help_text(fdef))
        if fdef.unit:
            self.add_unit(i18n.unit_label(fdef.unit))


class LongTextEditor(FieldEditor):
    """Several lines of text (opinions, summaries), checked when saving."""

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName(f"input_{fdef.key}")
        self.text.setTabChangesFocus(True)
        lines = QFontMetrics(self.text.font()).lineSpacing()
        self.text.setFixedHeight(lines * 3 + 14)
        if fdef.help:
            self.text.setPlaceholderText(i18n.help_text(fdef))
        self.add_input(self.text)
        self.text.textChanged.connect(self._changed)

    def raw(self) -> Any:
        """The text typed."""
        return self.text.toPlainText()

    def set_value(self, value: Any) -> None:
        """Show a stored text."""
        self.text.setPlainText("" if value in BLANK else str(value))
        self.clear_message()

    def _changed(self) -> None:
        self.edited.emit()
        if self.has_error():
            self.check()


class IntegerEditor(LineFieldEditor):
    """A whole number, with its unit (人, 年, 项) after it."""

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if fdef.unit:
            self.add_unit(i18n.unit_label(fdef.unit))


def money_text(fen: int, unit: str) -> str:
    """Fen as the officer would type them in `unit`: 1,500,000.00 (元) or 150 (万元)."""
    if unit == "万元":
        return format((Decimal(fen) / _FEN_PER_WAN).normalize(), "f")
    return f"{Decimal(fen) / 100:,.2f}"


class MoneyEditor(LineFieldEditor):
    """An amount typed in the field's unit (元 or 万元; 150万 or 1,500,000.00 元 work in
    either) and stored in fen; the line under it shows the amount understood."""

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        self.unit = fdef.unit or "元"
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if self.unit == "万元":
            self.line.setPlaceholderText(self.tr("in 10,000 yuan, e.g. 150.5"))
        else:
            self.line.setPlaceholderText(self.tr("e.g. 1,500,000.00"))  # Chinese adds 或 150万
        self.add_unit(i18n.unit_label(self.unit))

    def raw(self) -> Any:
        """The typed amount; a bare number in a 万元 field is read as 万元."""
        text = self.line.text().strip()
        if text and self.unit == "万元" and not UNIT_TYPED.search(text):
            return text + "万元"
        return text

    def text_of(self, value: Any) -> str:
        """Fen shown in the field's unit, ready to edit."""
        return "" if value in BLANK else money_text(int(value), self.unit)

    def note(self, value: Any) -> str:
        """= 1,500,000.00 元（150.00 万元）."""
        fen = int(value)
        language = i18n.current_language()
        first = format_money(fen, self.unit, language=language)
        other = "元" if self.unit == "万元" else "万元"
        if other == "万元" and fen < _FEN_PER_WAN:
            return f"= {first}"
        return f"= {first}" + i18n.pick("（{}）", " ({})").format(format_money(fen, other, language=language))


class RatioEditor(LineFieldEditor):
    """A ratio typed as 0.25 or 25%."""

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.line.setPlaceholderText(self.tr("e.g. 0.25 or 25%"))

    def note(self, value: Any) -> str:
        """= 25.00%."""
        return f"= {float(value) * 100:.2f}%"


class _ComboEditor(FieldEditor):
    """A choice from a list; the first entry means "not filled in"."""

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        self.combo = QComboBox(self)
        self.combo.setObjectName(f"input_{fdef.key}")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(8)
        self.combo.addItem(self.tr("(not filled in)"), "")
        self.add_input(self.combo)
        self.combo.activated.connect(self._chosen)

    def raw(self) -> Any:
        """The chosen value ("" when none)."""
        return self.combo.currentData() or ""

    def set_value(self, value: Any) -> None:
        """Select a stored value (added to the list if it is no longer offered)."""
        text = "" if value in BLANK else str(value)
        index = self.combo.findData(text)
        if index < 0:
            self.combo.addItem(self.extra_label(text), text)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)
        self.clear_message()

    def extra_label(self, value: str) -> str:
        """How a stored value that the list does not offer is shown."""
        return value

    def _chosen(self, _index: int) -> None:
        self.edited.emit()
        self.check()


class EnumEditor(_ComboEditor):
    """One of the field's choices (a code table)."""

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        for choice in fdef.choices:
            self.combo.addItem(i18n.choice_label(fdef, choice), choice)


class DistrictEditor(_ComboEditor):
    """One of the 16 districts of Beijing or 北京经济技术开发区; stored as its code."""

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        for d in (*beijing_districts(), *functional_areas()):
            self.combo.addItem(i18n.label(d), d.code)

    def extra_label(self, value: str) -> str:
        """An abolished or outside code, named as the table knows it."""
        found = district(value)
        return i18n.pick(f"{found.name}（{value}）", f"{found.name_en} ({value})") if found else value

    def warnings(self, value: Any) -> list[str]:
        """An abolished district code and the like."""
        return list(validate("district", str(value)).warning_texts())


class BoolEditor(FieldEditor):
    """是 when ticked, 否 when not."""

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        self.box = QCheckBox(self.tr("Yes"), self)
        self.box.setObjectName(f"input_{fdef.key}")
        self.add_input(self.box)
        self.box.toggled.connect(lambda _on: self.edited.emit())

    def raw(self) -> Any:
        """True or False."""
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        """Tick for a stored True."""
        self.box.setChecked(bool(value))
        self.clear_message()

    def is_blank(self) -> bool:
        """A tick box always holds a value."""
        return False
