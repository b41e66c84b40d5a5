"""Money as integer 分 (fen), parsed from what officers type and shown in 元 or 万元."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.core.i18n import unit_label

_MONEY = re.compile(r"^\s*(?P<num>[+-]?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(?P<unit>万元|万|元|亿元|亿|分)?\s*$")
# 1 万亿元 (10^12 yuan): far above any amount a commission case carries, far below where
# sums over many cases would overflow SQLite's 64-bit integers.
MAX_FEN = 10**14
_FACTOR = {None: Decimal(100), "元": Decimal(100), "分": Decimal(1), "万": Decimal(1_000_000),
           "万元": Decimal(1_000_000), "亿": Decimal(10_000_000_000), "亿元": Decimal(10_000_000_000)}


def parse_money(text: str, field: str | None = None) -> int:
    """Fen from '1,234.56', '1234.56元', '150万', '150.5万元' or '12分'. Refuses
    fractions of a fen and negative amounts."""
    m = _MONEY.match(text or "") if len(text or "") <= 64 else None
    if not m:
        raise ValidationError(
            f"金额“{text}”无法识别：请填写数字，可带单位 元、万元。",
            f"Amount {text!r} is not understood: type a number, optionally with 元 or 万元.",
            field=field,
        )
    try:
        value = Decimal(m.group("num").replace(",", "")) * _FACTOR[m.group("unit")]
    except InvalidOperation:  # pragma: no cover - the regex admits only numbers
        raise ValidationError(f"金额“{text}”无效。", f"Invalid amount {text!r}.", field=field) from None
    if value != value.to_integral_value():
        raise ValidationError(
            f"金额“{text}”精确到分以下，请最多保留到分。",
            f"Amount {text!r} has fractions of a fen (0.01 元).",
            field=field,
        )
    if value < 0:
        raise ValidationError(f"金额不能为负数：{text}", f"An amount cannot be negative: {text}", field=field)
    if value >= MAX_FEN:
        raise ValidationError(f"金额过大：{text}。金额应小于 1 万亿元。",
                              f"The amount {text} is too large: it must be under 1,000,000,000,000 元.", field=field)
    return int(value)


def format_yuan(fen: int, *, language: str = "zh") -> str:
    """'1,234.56 元' ('1,234.56 yuan' in English)."""
    return f"{Decimal(fen) / 100:,.2f} {unit_label('元', language)}"


def format_wanyuan(fen: int, places: int = 2, *, language: str = "zh") -> str:
    """'123.46 万元' (rounded half up, as forms do; '123.46 ×10,000 yuan' in English)."""
    q = Decimal(1).scaleb(-places)
    return f"{(Decimal(fen) / 1_000_000).quantize(q, rounding=ROUND_HALF_UP):,} {unit_label('万元', language)}"


def format_money(fen: int, unit: str = "元", *, language: str = "zh") -> str:
    """Show fen in the unit the field prefers (元 or 万元). Letters always use Chinese;
    screens pass the officer's language."""
    return format_wanyuan(fen, language=language) if unit == "万元" else format_yuan(fen, language=language)
