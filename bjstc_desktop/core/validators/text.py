"""Input clean-up shared by the validators: what an officer types or pastes."""

from __future__ import annotations

import re
import unicodedata

# Hyphen-like characters people paste from Word and web pages (NFKC keeps most of them).
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_DASH_CLASS = re.escape(_DASHES)
_SPACES_AND_DASHES = re.compile(f"[\\s{_DASH_CLASS}]+")
_SPACES = re.compile(r"\s+")
_DASH = re.compile(f"[{_DASH_CLASS}]")


def nfkc_upper(raw: str) -> str:
    """NFKC (full-width letters/digits/brackets → ASCII) and upper case, trimmed."""
    return unicodedata.normalize("NFKC", raw).upper().strip()


def compact(raw: str) -> str:
    """NFKC, upper case, with every space and hyphen removed (e.g. for USCC input)."""
    return _SPACES_AND_DASHES.sub("", nfkc_upper(raw))


def without_spaces(raw: str) -> str:
    """NFKC, upper case, spaces removed, every hyphen-like character made "-"."""
    return _DASH.sub("-", _SPACES.sub("", nfkc_upper(raw)))


def first_bad_char(text: str, allowed: str) -> tuple[int, str] | None:
    """The 1-based position and character of the first character not in `allowed`."""
    for i, ch in enumerate(text, start=1):
        if ch not in allowed:
            return i, ch
    return None
