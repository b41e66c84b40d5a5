"""Editors of identifiers (统一社会信用代码, 组织机构代码, 公民身份号码, ISSN, 发文字号,
高企证书编号, 技术合同登记编号, 出口目录编号, CN 刊号): checked by the core validators
when the officer leaves the field or has typed a full-length code; warnings in amber,
derived facts (登记管理部门, 性别 and 出生日期) in grey."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QWidget

from bjstc_desktop.core.casetypes import FieldDef, FieldKind
from bjstc_desktop.core.i18n import help_text
from bjstc_desktop.core.validators import validate
from bjstc_desktop.core.validators.registry import FIELD_KIND_VALIDATORS
from bjstc_desktop.gui.field_editors.base import BLANK, LineFieldEditor

# Characters (without separators) at which a code is complete and worth checking at once.
_FULL_LENGTH = {FieldKind.USCC: 18, FieldKind.ID_NUMBER: 18, FieldKind.ORG_CODE: 9, FieldKind.ISSN: 8,
                FieldKind.HNTE_CERT: 14, FieldKind.CONTRACT_NO: 16, FieldKind.EXPORT_CODE: 7}
_EXAMPLES = {
    FieldKind.USCC: "91350100M000100Y43",
    FieldKind.ORG_CODE: "12345678-8",
    FieldKind.ID_NUMBER: "11010519491231002X",
    FieldKind.ISSN: "1234-5679",
    FieldKind.DOC_NO: "京科发〔2026〕12号",
    FieldKind.HNTE_CERT: "GR202611001234",
    FieldKind.CONTRACT_NO: "2026110100123456",
    FieldKind.EXPORT_CODE: "123401X",
    FieldKind.CN_NUMBER: "CN 11-1234/N",
    FieldKind.ANIMAL_LICENCE: "SYXK(京)2026-0001",
}


def _compact(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


class IdentifierEditor(LineFieldEditor):
    """One identifier kind; the value is shown normalised once it is valid."""

    normalise_on_leave = True

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        self.validator_kind = FIELD_KIND_VALIDATORS[fdef.kind]
        self.kept: str | None = None  # a masked stored value, kept unless replaced
        example = _EXAMPLES.get(fdef.kind)
        self.line.setPlaceholderText(help_text(fdef) or (self.tr("e.g. %1").replace("%1", example) if example else ""))

    def set_value(self, value: Any) -> None:
        """Show a stored code; a masked ID number (110105********002X) is not shown as
        text to edit but as the placeholder, and kept unless the officer types a new one."""
        text = "" if value in BLANK else str(value)
        if "*" in text:
            self.kept = text
            self.line.clear()
            self.line.setPlaceholderText(self.tr("%1 (leave blank to keep)").replace("%1", text))
            self.clear_message()
            return
        super().set_value(value)

    def keeps_stored(self) -> bool:
        """True when a masked stored value stays as it is (nothing new typed)."""
        return self.kept is not None and self.is_blank()

    def check(self, require: bool = False) -> bool:
        """As for any field; a kept masked value needs no checking."""
        if self.keeps_stored():
            self.clear_message()
            return True
        return super().check(require)

    def check_while_typing(self, text: str) -> bool:
        """A code of full length is checked at once."""
        full = _FULL_LENGTH.get(self.fdef.kind)
        return full is not None and len(_compact(text)) >= full

    def _details(self, value: Any) -> tuple[list[str], str]:
        result = validate(self.validator_kind, str(value), dt.date.today())
        return list(result.warning_texts()), self._facts(result.details, result.message())

    def warnings(self, value: Any) -> list[str]:
        """The validator's warnings (region code abolished, unknown entity type, ...)."""
        return self._details(value)[0]

    def note(self, value: Any) -> str:
        """Derived facts: 工商 · 企业 · 北京市海淀区; 女 · 1949-12-31 出生 · 北京市朝阳区."""
        return self._details(value)[1]

    def _facts(self, details: dict[str, Any], note: str) -> str:
        parts: list[str] = []
        if self.fdef.kind is FieldKind.USCC:
            parts = [str(details[k]) for k in ("department", "entity_type", "region_name") if details.get(k)]
        elif self.fdef.kind is FieldKind.ID_NUMBER:
            born = details.get("birth_date")
            parts = [str(details.get("sex") or ""),
                     self.tr("born %1").replace("%1", born.isoformat()) if born else "",
                     str(details.get("region_name") or "")]
        elif self.fdef.kind is FieldKind.EXPORT_CODE and details.get("category"):
            parts = [str(details["category"])]
        text = " · ".join(p for p in parts if p)
        if note:
            text = f"{text}；{note}" if text else note
        return text
