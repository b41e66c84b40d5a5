"""Text that people type, paste or import: no control characters, no bidirectional
overrides, no invisible formatting characters. An ESC in a title would drive the
terminal that lists it; a U+202E turns "invoice‮fdp.exe" around on screen; a zero-width
space makes two names look the same. Such text is refused at input with the character
named, and anything already stored is shown escaped (`printable`), never raw.

Allowed: every printable character of every script (private-use characters too: some
rare Chinese names live there), and in multi-line text the line feed and the tab.
"""

from __future__ import annotations

import io
import unicodedata
from typing import IO

from bjstc_desktop.core.errors import ValidationError

# Unicode categories never accepted: controls, format characters (bidi overrides and
# isolates, zero-width characters, BOM, soft hyphen, tags), surrogates, line and
# paragraph separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_BLOCK_ALLOWED = frozenset("\n\t")


def _unsafe(ch: str, multiline: bool) -> bool:
    if multiline and ch in _BLOCK_ALLOWED:
        return False
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES


def first_unsafe(text: str, *, multiline: bool = False) -> str | None:
    """The first character `text` may not contain, or None."""
    return next((ch for ch in text if _unsafe(ch, multiline)), None)


def code_point(ch: str) -> str:
    """U+001B: how a character is named in a message."""
    return f"U+{ord(ch):04X}"


def check_plain(text: str, label_zh: str, label_en: str, *, multiline: bool = False,
                field: str | None = None) -> str:
    """`text` (line ends made "\\n" when `multiline`) or ValidationError naming the
    first control or invisible character and where it is."""
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isprintable() or (multiline and text.replace("\n", "").replace("\t", "").isprintable()):
        # str.isprintable is false for every character of the refused categories (and
        # for some allowed ones): a printable text is plain without a look at each character
        return text
    for pos, ch in enumerate(text, start=1):
        if _unsafe(ch, multiline):
            raise ValidationError(
                f"{label_zh}的第 {pos} 个字符是不可见的控制字符（{code_point(ch)}），请删除后重试。",
                f"{label_en}: character {pos} is an invisible control character ({code_point(ch)}); "
                "remove it and try again.",
                field=field,
            )
    return text


def printable(text: str) -> str:
    """`text` with every control or invisible character (except line feed and tab)
    written as a visible escape such as \\u001b or \\u202e. The escape is also how JSON
    writes the character, so a JSON document stays the same document."""
    if not any(_unsafe(ch, True) for ch in text):
        return text
    return "".join(_escape(ch) if _unsafe(ch, True) else ch for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # outside the BMP: a UTF-16 surrogate pair, as JSON writes it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


class PrintableStream(io.TextIOBase):
    """A text stream that writes everything through `printable`: wrapped around the
    command's stdout and stderr, no stored title, name or opinion can drive the terminal
    or turn a line around, whichever command prints it."""

    def __init__(self, inner: IO[str]) -> None:
        super().__init__()
        self._inner = inner

    def write(self, text: str) -> int:
        """Write `text` with its control characters escaped."""
        self._inner.write(printable(text))
        return len(text)

    def flush(self) -> None:
        """Flush the wrapped stream."""
        self._inner.flush()

    def isatty(self) -> bool:
        """Whether the wrapped stream is a terminal."""
        return self._inner.isatty()

    def writable(self) -> bool:
        """Always: this is an output stream."""
        return True

    @property
    # TextIOBase declares `encoding` a writable attribute; a wrapper offers its stream's, read-only.
    def encoding(self) -> str:  # type: ignore[override]
        """The wrapped stream's encoding."""
        return getattr(self._inner, "encoding", "utf-8")
