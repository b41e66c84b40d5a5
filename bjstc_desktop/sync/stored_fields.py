"""Field values a package carries that are, on their face, in their stored form (issue 15).

sync/validate.py checks every field value of a case body by turning it back into what an
officer would type and parsing that with the typed-input validators
(core/fieldvalues.parse_value): the value must come out unchanged. For the commonest
kinds the values that come out unchanged can be told from the value alone, without the
parse and the messages, result objects and warnings it builds. `unchanged(f, value)`
answers True only for such values; every other value — each one that would be refused,
and each kind it does not know — goes through the full parse as before, which gives the
same refusal with the same message. It never answers True for a value the full path
would refuse or change (tests/sync/test_stored_fields.py compares the two on each edge).

Why each rule is exact:
- text, party, checklist: parse_value strips the value, refuses "", longer than MAX_TEXT
  or anything check_plain refuses; a non-empty printable string (check_plain then returns
  it untouched) equal to its strip, of at most MAX_TEXT characters, comes back as is.
- enum: the same, and one of the field's choices (returned as typed).
- money: typed back as f"{value}分", which parse_money reads as `value` fen for any
  integer (not a bool) from 0 to below MAX_FEN; sync's own bound (2^53) is above that.
- USCC: validate_uscc compacts the value (NFKC, upper case, no spaces or dashes) and
  accepts 18 characters of its set, characters 3-8 digits, and the check character; a
  value made of those characters only is its own compact form, so it comes back as is.
"""

from __future__ import annotations

import re
from typing import Any

from bjstc_desktop.core.casetypes import FieldDef, FieldKind
from bjstc_desktop.core.fieldvalues import MAX_TEXT
from bjstc_desktop.core.money import MAX_FEN
from bjstc_desktop.core.validators.uscc import CHARSET, uscc_check_char

_USCC_CHAR = f"[{re.escape(CHARSET)}]"
_USCC = re.compile(f"{_USCC_CHAR}{{2}}[0-9]{{6}}{_USCC_CHAR}{{10}}")
_PLAIN_KINDS = frozenset({FieldKind.TEXT, FieldKind.PARTY, FieldKind.CHECKLIST})


def _plain(value: Any) -> bool:
    return (type(value) is str and 0 < len(value) <= MAX_TEXT and value.isprintable()
            and value == value.strip())


def stored_uscc(value: Any) -> bool:
    """True when `value` is a USCC exactly as validate_uscc gives one back (valid, and
    already in its compact upper-case form)."""
    return type(value) is str and _USCC.fullmatch(value) is not None and uscc_check_char(value[:17]) == value[17]


def unchanged(f: FieldDef, value: Any) -> bool:
    """True only when parsing `value` as field `f` is known to give `value` back
    unchanged; False means: run the full parse (it may accept or refuse)."""
    kind = f.kind
    if kind in _PLAIN_KINDS:
        return _plain(value)
    if kind is FieldKind.USCC:
        return stored_uscc(value)
    if kind is FieldKind.MONEY:
        return type(value) is int and 0 <= value < MAX_FEN
    if kind is FieldKind.ENUM:
        return _plain(value) and value in f.choices
    return False
