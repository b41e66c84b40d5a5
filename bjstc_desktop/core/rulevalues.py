"""Reading rule-table values (always text) as the numbers clocks and checks need.

The rule table is editable, so a value may be malformed; every reader raises
RuleValueError naming the rule, and the check engine reports that instead of guessing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from bjstc_desktop.core.casetypes import CaseType
from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.core.plaintext import check_plain

FEN_PER_WAN = 1_000_000  # 1 万元 = 10,000 元 = 1,000,000 分


class RuleValueError(RefusedError):
    """A rule is missing from the table or its value cannot be read."""


def rule_values(case_type: CaseType, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The case type's rule values: its declared defaults, replaced by the rule table's
    current values (`overrides`, e.g. as loaded by the store)."""
    values = {r.key: r.value for r in case_type.rules}
    values.update({k: str(v) for k, v in (overrides or {}).items()})
    return values


class RuleBook:
    """Typed access to rule values by key."""

    def __init__(self, values: Mapping[str, str], labels: Mapping[str, str] | None = None,
                 labels_en: Mapping[str, str] | None = None) -> None:
        self._values = values
        self._labels = labels or {}
        self._labels_en = labels_en or {}

    def label(self, key: str) -> str:
        """The rule's Chinese label (its key when unknown)."""
        return self._labels.get(key, key)

    def label_en(self, key: str) -> str:
        """The rule's English label (its key when unknown)."""
        return self._labels_en.get(key) or self.label(key)

    def text(self, key: str) -> str:
        """The raw value of rule `key`."""
        try:
            return str(self._values[key]).strip()
        except KeyError:
            raise RuleValueError(f"规则表中没有规则“{self.label(key)}”（{key}）。",
                                 f"The rule table has no rule “{self.label_en(key)}” ({key}).") from None

    def _bad(self, key: str, what_zh: str, what_en: str) -> RuleValueError:
        value = self._values.get(key, "")
        return RuleValueError(f"规则“{self.label(key)}”的值“{value}”不是{what_zh}，请在规则表中更正。",
                              f"Rule “{self.label_en(key)}” has value {value!r}, which is not {what_en}; "
                              f"correct it in the rule table.")

    def integer(self, key: str) -> int:
        """A whole number (days, people, years, points)."""
        try:
            return int(self.text(key))
        except ValueError:
            raise self._bad(key, "整数", "a whole number") from None

    def decimal(self, key: str) -> Decimal:
        """A decimal number; "30%" reads as 0.30."""
        text = self.text(key)
        try:
            return Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
        except InvalidOperation:
            raise self._bad(key, "数字", "a number") from None

    def wan_as_fen(self, key: str) -> int:
        """An amount in 万元 as integer 分."""
        return int(self.decimal(key) * FEN_PER_WAN)

    def words(self, key: str) -> tuple[str, ...]:
        """A list written "12,52" or "12、52"."""
        text = self.text(key).replace("、", ",").replace("，", ",")
        return tuple(w.strip() for w in text.split(",") if w.strip())

    def month_day(self, key: str, year: int) -> date:
        """A day of the year written "MM-DD" (e.g. 06-30), in `year`."""
        try:
            month, day = (int(p) for p in self.text(key).split("-"))
            return date(year, month, day)
        except ValueError:
            raise self._bad(key, "“月-日”形式的日期", "a month-day such as 06-30") from None


def rule_book(case_type: CaseType, overrides: Mapping[str, str] | None = None) -> RuleBook:
    """A RuleBook over the case type's rules with the table's current values."""
    return RuleBook(rule_values(case_type, overrides), {r.key: r.label for r in case_type.rules},
                    {r.key: r.label_en for r in case_type.rules})


# Units whose values are counted in whole numbers (the clocks and checks read them with
# RuleBook.integer); amounts and areas may have decimals; ratios lie between 0 and 1.
WHOLE_UNITS = frozenset({"day", "workday", "year", "month", "hour", "人", "分", "岁", "次", "人次", "天", "位"})
# Units whose values come from a fixed list (保管期限: 永久, 30年, 10年).
LISTED_UNITS: dict[str, tuple[str, ...]] = {"保管期限": ("永久", "30年", "10年")}
DECIMAL_UNITS = frozenset({"万元", "平方米"})
# The largest value a rule of each unit may take: beyond any law or programme, and small
# enough that every clock and check computes with it (a period of 10^20 days would not).
MAX_BY_UNIT: dict[str, Decimal] = {
    "day": Decimal(3650), "天": Decimal(3650), "workday": Decimal(3650), "year": Decimal(100),
    "month": Decimal(1200), "hour": Decimal(87_600), "人": Decimal(10_000_000), "分": Decimal(1_000_000),
    "岁": Decimal(150), "次": Decimal(1_000_000), "人次": Decimal(100_000_000),
    "万元": Decimal(100_000_000), "平方米": Decimal(1_000_000_000),
}
# Any other numeric unit.
MAX_OTHER = Decimal(10) ** 12


def _too_large(label: str, unit: str, text: str) -> ValidationError:
    top = MAX_BY_UNIT.get(unit, MAX_OTHER)
    return ValidationError(f"规则“{label}”的值“{text}”过大：最多为 {top:,} {unit}。",
                           f"Rule {label!r}: {text!r} is too large; at most {top:,} {unit}.")


def check_rule_value(unit: str, label: str, value: str) -> str:
    """The value an administrator typed for a rule of `unit`, tidied, or ValidationError
    saying what the rule needs: whatever is stored here, every clock and check can read."""
    text = check_plain(value.strip(), f"规则“{label}”的值", f"Rule {label!r}", field="value")
    if unit in WHOLE_UNITS:
        if not (text.isascii() and text.isdigit()):
            raise ValidationError(f"规则“{label}”的值应为不小于 0 的整数，而不是“{text}”。",
                                  f"Rule {label!r} takes a whole number of 0 or more, not {text!r}.")
        if len(text) > 15 or int(text) > MAX_BY_UNIT.get(unit, MAX_OTHER):
            raise _too_large(label, unit, text)
        return str(int(text))
    if unit == "MM-DD":
        try:
            month, day = (int(p) for p in text.split("-"))
            date(2024, month, day)  # a leap year: 02-29 is a day of the year
        except ValueError:
            raise ValidationError(f"规则“{label}”的值应为“月-日”形式的日期（如 06-30），而不是“{text}”。",
                                  f"Rule {label!r} takes a month-day such as 06-30, not {text!r}.") from None
        return f"{month:02d}-{day:02d}"
    if unit in LISTED_UNITS:
        if text not in LISTED_UNITS[unit]:
            allowed = "、".join(LISTED_UNITS[unit])
            raise ValidationError(f"规则“{label}”的值应为 {allowed} 之一，而不是“{text}”。",
                                  f"Rule {label!r} takes one of {allowed}, not {text!r}.")
        return text
    if unit == "list":
        words = RuleBook({"v": text}).words("v")
        if not words:
            raise ValidationError(f"规则“{label}”的值应为用逗号分隔的列表（如 12,52）。",
                                  f"Rule {label!r} takes a comma-separated list such as 12,52.")
        return ",".join(words)
    if unit == "text":
        if not text or len(text) > 200:
            raise ValidationError(f"规则“{label}”的值不能为空，也不能超过 200 字。",
                                  f"Rule {label!r} takes a text of 1 to 200 characters.")
        return text
    try:
        number = Decimal(text[:-1]) / 100 if unit == "ratio" and text.endswith("%") else Decimal(text)
        if not number.is_finite() or len(text) > 32:
            raise InvalidOperation
    except InvalidOperation:
        raise ValidationError(f"规则“{label}”的值“{text}”不是数字。",
                              f"Rule {label!r}: {text!r} is not a number.") from None
    if number < 0:
        raise ValidationError(f"规则“{label}”的值不能为负数。", f"Rule {label!r} cannot be negative.")
    if unit != "ratio" and number > MAX_BY_UNIT.get(unit, MAX_OTHER):
        raise _too_large(label, unit, text)
    if unit == "ratio" and number > 1:
        raise ValidationError(f"规则“{label}”是比例，应在 0 与 1 之间（或写作 0%–100%）。",
                              f"Rule {label!r} is a ratio between 0 and 1 (or 0%-100%).")
    return text
