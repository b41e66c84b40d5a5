"""The passphrase policy: long enough and varied enough to stand an offline attack on a
copied workstation.json, refused with a plain reason that says what to change.

Rules, in the order they are told: at least 10 characters; not one character repeated;
at least 5 different characters; not a run such as 1234567890 or abcdefghij; not a short
piece repeated (abcdeabcde); at least two kinds of characters among letters (Latin or
Chinese), digits and others (spaces, punctuation); no control characters.
"""

from __future__ import annotations

import unicodedata

from bjstc_desktop.core.errors import RefusedError

MIN_LENGTH = 10
MIN_DISTINCT = 5
MIN_KINDS = 2


def _kind(ch: str) -> str:
    if ch.isdigit():
        return "digit"
    if ch.isalpha():
        return "letter"
    return "other"


# Runs people type: the digits (wrapping 9 to 0), the alphabet, the keyboard rows.
_RUNS = ("0123456789" * 3, "abcdefghijklmnopqrstuvwxyz" * 2, "qwertyuiop", "asdfghjkl", "zxcvbnm")


def _is_run(text: str) -> bool:
    steps = {ord(b) - ord(a) for a, b in zip(text, text[1:], strict=False)}
    if steps in ({1}, {-1}):
        return True
    low = text.lower()
    return any(low in run or low in run[::-1] for run in _RUNS)


def _is_repeated_piece(text: str) -> bool:
    return text in (text + text)[1:-1]


def passphrase_problem(passphrase: str) -> tuple[str, str] | None:
    """(zh, en) saying what is wrong with a new passphrase, or None when it is good."""
    p = passphrase or ""
    if len(p) < MIN_LENGTH:
        return (f"口令太短：至少需要 {MIN_LENGTH} 个字符。",
                f"The passphrase is too short: at least {MIN_LENGTH} characters.")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in p):
        return ("口令中不能有控制字符或不可见字符。", "A passphrase cannot contain control or invisible characters.")
    distinct = len(set(p))
    if distinct == 1:
        return ("口令不能由同一个字符重复组成。", "A passphrase cannot be one character repeated.")
    if distinct < MIN_DISTINCT:
        return (f"口令中不同的字符太少：至少需要 {MIN_DISTINCT} 个不同的字符。",
                f"The passphrase has too few different characters: at least {MIN_DISTINCT}.")
    if _is_run(p):
        return ("口令不能是连续的字符（如 1234567890、abcdefghij）。",
                "A passphrase cannot be a run of characters such as 1234567890 or abcdefghij.")
    if _is_repeated_piece(p):
        return ("口令不能是一小段字符的重复（如 abcdeabcde）。",
                "A passphrase cannot be a short piece repeated (such as abcdeabcde).")
    if len({_kind(ch) for ch in p}) < MIN_KINDS:
        return ("口令至少要包含两类字符：字母或汉字、数字、空格或标点符号中的两类。",
                "A passphrase needs two kinds of characters: letters (or Chinese characters), digits, "
                "spaces or punctuation.")
    return None


def check_new_passphrase(passphrase: str) -> None:
    """RefusedError (exit 1, nothing changed) with the plain reason when the policy is not met."""
    problem = passphrase_problem(passphrase)
    if problem is not None:
        raise RefusedError(*problem)
