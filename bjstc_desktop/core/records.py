"""Validating a record that is not a case (an expert, a 失信 record) with the same field
kinds and parsers as case fields, so forms, imports and commands agree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bjstc_desktop.core.casetypes import FieldDef
from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.core.fieldvalues import parse_value


def parse_record(defs: Sequence[FieldDef], raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """The parsed values of `raw` (key → typed text); unknown keys are refused, and
    unless `partial` so are missing required fields (named in Chinese)."""
    by_key = {f.key: f for f in defs}
    unknown = [k for k in raw if k not in by_key]
    if unknown:
        known = ", ".join(by_key)
        raise ValidationError(f"没有字段：{'、'.join(unknown)}（可用：{known}）。",
                              f"Unknown field(s): {', '.join(unknown)} (known: {known}).", field=unknown[0])
    out = {k: parse_value(by_key[k], v) for k, v in raw.items()}
    if not partial:
        missing = [f.label for f in defs if f.required and out.get(f.key) in (None, "")]
        if missing:
            raise ValidationError(f"请填写：{'、'.join(missing)}。", f"Required: {', '.join(missing)}.")
    return out
