"""ISSN (periodicals, duty 11): 7 digits and a check character (weights 8..2, 10 → X)."""

from __future__ import annotations

from bjstc_desktop.core.validators.result import ValidationResult, accepted, refused
from bjstc_desktop.core.validators.text import compact

KIND = "issn"


def issn_check_char(body: str) -> str:
    """The check character for the first 7 digits of an ISSN."""
    if len(body) != 7 or not body.isdigit():
        raise ValueError(f"not an ISSN body: {body!r}")
    c = (11 - sum(int(d) * w for d, w in zip(body, range(8, 1, -1), strict=True)) % 11) % 11
    return "X" if c == 10 else str(c)


def validate_issn(raw: str) -> ValidationResult:
    """Validate an ISSN ("ISSN 0378-5955", "03785955", ...); value is `NNNN-NNNC`."""
    code = compact(raw)
    if code.startswith("ISSN"):
        code = code[4:]
    if not code:
        return refused(KIND, "", "请填写 ISSN。", "Please enter the ISSN.")
    if len(code) != 8 or not code[:7].isdigit() or not (code[7].isdigit() or code[7] == "X"):
        return refused(
            KIND,
            code,
            "ISSN 应为 8 位：7 位数字加 1 位校验码（数字或 X），如 0378-5955。",
            "An ISSN has 8 characters: 7 digits and a check digit or X, e.g. 0378-5955.",
        )
    value = f"{code[:4]}-{code[4:]}"
    expected = issn_check_char(code[:7])
    if expected != code[7]:
        return refused(
            KIND,
            value,
            f"ISSN 校验位错误：应为 {expected}，实为 {code[7]}。请逐位核对。",
            f"Wrong ISSN check character: expected {expected}, found {code[7]}. Please check every digit.",
        )
    return accepted(KIND, value)
