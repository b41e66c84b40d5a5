"""The officer's language for messages produced outside Qt: Chinese by default,
`BJSTC_LANG=en` (or --lang en, or the workstation setting) selects English.

On its own, apart from the names of the declarations (core/i18n.py), so that what
only needs tr() (the errors, `bjstc --help`) does not load the case types."""

from __future__ import annotations

import os

_SUPPORTED = ("zh", "en")
_language: str | None = None


def current_language() -> str:
    """The active message language: "zh" (default) or "en"."""
    if _language:
        return _language
    env = os.environ.get("BJSTC_LANG", "").strip().lower()
    return "en" if env.startswith("en") else "zh"


def set_language(language: str | None) -> None:
    """Select the message language for this process (None: back to the default)."""
    if language is not None and language not in _SUPPORTED:
        raise ValueError(f"unsupported language {language!r}")
    global _language
    _language = language


def tr(zh: str, en: str) -> str:
    """Pick the text for the current language."""
    return en if current_language() == "en" else zh
