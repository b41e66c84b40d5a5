"""The one result type every identifier validator returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.core.i18n import current_language


class Message(NamedTuple):
    """A plain message for the officer, in Chinese and English."""

    zh: str
    en: str

    def text(self, language: str | None = None) -> str:
        """The message in `language` ("zh" or "en"; default: the current one)."""
        return self.en if (language or current_language()) == "en" else self.zh


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of validating one identifier.

    `valid` False means a hard error (format, check character, impossible date) and
    `message_zh`/`message_en` say what is wrong. When `valid` is True the message, if
    any, is a note (e.g. "upgraded from a 15-digit number") and `warnings` list things
    the officer should look at but that do not block saving. `value` is the normalised
    form (best effort when invalid); `details` holds derived facts (department, birth
    date, region, ...), keyed by stable English names.
    """

    valid: bool
    kind: str
    value: str
    message_zh: str = ""
    message_en: str = ""
    warnings: tuple[Message, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def message(self, language: str | None = None) -> str:
        """The error (or note) in `language` ("zh" or "en"; default: the current one)."""
        return Message(self.message_zh, self.message_en).text(language)

    def warning_texts(self, language: str | None = None) -> tuple[str, ...]:
        """The warnings in `language`, in order."""
        return tuple(w.text(language) for w in self.warnings)

    def value_or_raise(self, field: str | None = None) -> str:
        """The normalised value, or a ValidationError carrying the message if invalid."""
        if not self.valid:
            raise ValidationError(self.message_zh, self.message_en, field=field)
        return self.value


def refused(
    kind: str, value: str, zh: str, en: str, details: dict[str, Any] | None = None
) -> ValidationResult:
    """A hard-error result."""
    return ValidationResult(False, kind, value, zh, en, (), dict(details or {}))


def accepted(
    kind: str,
    value: str,
    *,
    warnings: tuple[Message, ...] | list[Message] = (),
    details: dict[str, Any] | None = None,
    note: Message | None = None,
) -> ValidationResult:
    """A valid result, possibly with warnings and a note."""
    zh, en = note if note is not None else ("", "")
    return ValidationResult(True, kind, value, zh, en, tuple(warnings), dict(details or {}))
