"""组织机构代码 (organisation code), GB 11714-1997.

8 body characters (digits or upper-case letters, value = index in 0-9A-Z) and one check
character: weights 3,7,9,10,5,8,4,2; r = 11 − (Σ mod 11); 10 → X, 11 → 0. Written
`XXXXXXXX-C`; the hyphen is optional on input and always present in the normalised form.
"""

from __future__ import annotations

import string

from bjstc_desktop.core.validators.result import ValidationResult, accepted, refused
from bjstc_desktop.core.validators.text import compact, first_bad_char

KIND = "orgcode"
BODY_CHARSET = string.digits + string.ascii_uppercase
CHECK_CHARSET = string.digits + "X"
WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code_check_char(body: str) -> str:
    """The check character for an 8-character organisation-code body."""
    if len(body) != 8 or any(c not in BODY_CHARSET for c in body):
        raise ValueError(f"not an organisation-code body: {body!r}")
    r = 11 - sum(BODY_CHARSET.index(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(r, str(r))


def format_org_code(code: str) -> str:
    """`XXXXXXXXC` → `XXXXXXXX-C` (input already compact)."""
    return f"{code[:8]}-{code[8:]}"


def is_valid_org_code(code: str) -> bool:
    """True if `code` (compact, 9 characters) has a correct check character."""
    return (
        len(code) == 9
        and first_bad_char(code[:8], BODY_CHARSET) is None
        and org_code_check_char(code[:8]) == code[8]
    )


def validate_org_code(raw: str) -> ValidationResult:
    """Validate an organisation code, with or without the hyphen; value is `XXXXXXXX-C`."""
    code = compact(raw)
    if not code:
        return refused(KIND, "", "请填写组织机构代码。", "Please enter the organisation code.")
    if len(code) != 9:
        return refused(
            KIND,
            code,
            f"组织机构代码应为 9 位（8 位本体加 1 位校验码，如 60003734-1），现为 {len(code)} 位。",
            f"An organisation code has 9 characters (8 plus a check character, e.g. 60003734-1); this one has {len(code)}.",
        )
    bad = first_bad_char(code[:8], BODY_CHARSET)
    if bad is not None:
        pos, ch = bad
        return refused(
            KIND,
            code,
            f"组织机构代码第 {pos} 位“{ch}”无效：只能是数字或大写字母。",
            f"Character {pos} (“{ch}”) of the organisation code is not allowed: use digits or capital letters only.",
        )
    if code[8] not in CHECK_CHARSET:
        return refused(
            KIND,
            code,
            f"组织机构代码的校验码“{code[8]}”无效：只能是数字或 X。",
            f"The organisation code's check character (“{code[8]}”) must be a digit or X.",
        )
    expected = org_code_check_char(code[:8])
    if expected != code[8]:
        return refused(
            KIND,
            format_org_code(code),
            f"组织机构代码校验码错误：应为 {expected}，实为 {code[8]}。请逐位核对原件。",
            f"Wrong check character in the organisation code: expected {expected}, found {code[8]}. Please check every character against the original.",
        )
    return accepted(KIND, format_org_code(code))
