"""统一社会信用代码 (unified social credit code, USCC), GB 32100-2015.

18 characters from the 31-character set `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, S,
V, Z): 1 registering department, 2 entity type, 3–8 region (GB/T 2260, digits), 9–17 the
GB 11714 organisation code, 18 the check character with weights 3^i mod 31.

Written from the standard rather than python-stdnum, whose validator wrongly refuses
codes starting with A, N or Y. Hard errors: format, check character. Warnings: unknown
department/type combination, unknown region, embedded organisation code failing.
"""

from __future__ import annotations

from typing import Any

from bjstc_desktop.core.validators.districts import region_of, region_warnings
from bjstc_desktop.core.validators.orgcode import format_org_code, is_valid_org_code
from bjstc_desktop.core.validators.result import Message, ValidationResult, accepted, refused
from bjstc_desktop.core.validators.text import compact, first_bad_char

KIND = "uscc"
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_VALUE = {c: i for i, c in enumerate(CHARSET)}  # each character's value (CHARSET.index, without the scan)
_EXCLUDED = "IOSVZ"
_LOOKALIKE = {"O": "0", "I": "1"}

# Position 1 → (department, {position 2 → entity type}), domain.md §4.1.
DEPARTMENTS: dict[str, tuple[str, dict[str, str]]] = {
    "1": (
        "机构编制",
        {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    ),
    "2": ("外交", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": (
        "司法行政",
        {
            "1": "律师执业机构",
            "2": "公证处",
            "3": "基层法律服务所",
            "4": "司法鉴定机构",
            "5": "仲裁委员会",
            "9": "其他",
        },
    ),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": (
        "旅游",
        {
            "1": "外国旅游部门常驻代表机构",
            "2": "港澳台地区旅游部门常驻内地（大陆）代表机构",
            "9": "其他",
        },
    ),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": (
        "农业",
        {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    ),
    "Y": ("其他", {"1": "其他"}),
}


def uscc_check_char(body: str) -> str:
    """The check character for the first 17 characters of a USCC."""
    if len(body) != 17 or any(c not in CHARSET for c in body):
        raise ValueError(f"not a USCC body: {body!r}")
    total = sum(_VALUE[c] * w for c, w in zip(body, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def embedded_org_code(uscc: str) -> str:
    """The organisation code inside a USCC (positions 9–17), as `XXXXXXXX-C`."""
    return format_org_code(compact(uscc)[8:17])


def org_code_matches_uscc(org_code: str, uscc: str) -> bool:
    """True if a separately recorded organisation code equals the one inside the USCC."""
    return compact(org_code) == compact(uscc)[8:17]


def entity_labels(uscc: str) -> tuple[str | None, str | None]:
    """(department, entity type) labels from positions 1–2, e.g. ("工商", "企业")."""
    code = compact(uscc)
    entry = DEPARTMENTS.get(code[:1])
    if entry is None:
        return None, None
    department, types = entry
    return department, types.get(code[1:2])


def _format_error(code: str) -> ValidationResult | None:
    if len(code) != 18:
        return refused(
            KIND,
            code,
            f"统一社会信用代码应为 18 位，现为 {len(code)} 位。",
            f"A unified social credit code has 18 characters; this one has {len(code)}.",
        )
    bad = first_bad_char(code, CHARSET)
    if bad is not None:
        pos, ch = bad
        if ch in _EXCLUDED:
            hint_zh = f"（这里可能应为数字 {_LOOKALIKE[ch]}）" if ch in _LOOKALIKE else ""
            hint_en = f" (probably the digit {_LOOKALIKE[ch]})" if ch in _LOOKALIKE else ""
            return refused(
                KIND,
                code,
                f"统一社会信用代码第 {pos} 位是“{ch}”，但代码中不使用字母 I、O、S、V、Z{hint_zh}。",
                f"Character {pos} of the unified social credit code is “{ch}”, but the code never uses the letters I, O, S, V or Z{hint_en}.",
            )
        return refused(
            KIND,
            code,
            f"统一社会信用代码第 {pos} 位“{ch}”无效：只能是数字或大写字母（不含 I、O、S、V、Z）。",
            f"Character {pos} (“{ch}”) of the unified social credit code is not allowed: use digits or capital letters (not I, O, S, V, Z).",
        )
    if not code[2:8].isdigit():
        return refused(
            KIND,
            code,
            f"统一社会信用代码第 3–8 位是登记机关的行政区划码，应全为数字，现为“{code[2:8]}”。",
            f"Characters 3–8 of the unified social credit code are the registering authority's region code and must be digits; found “{code[2:8]}”.",
        )
    return None


def validate_uscc(raw: str) -> ValidationResult:
    """Validate a USCC (full-width, lower case, spaces and hyphens are tolerated).

    details: department, entity_type, department_code, type_code, region_code,
    region_name, region_historical, org_code, org_code_valid.
    """
    code = compact(raw)
    if not code:
        return refused(
            KIND, "", "请填写统一社会信用代码。", "Please enter the unified social credit code."
        )
    error = _format_error(code)
    if error is not None:
        return error
    expected = uscc_check_char(code[:17])
    if expected != code[17]:
        return refused(
            KIND,
            code,
            f"统一社会信用代码校验位错误：应为 {expected}，实为 {code[17]}。请逐位核对原件，不要只改最后一位。",
            f"Wrong check character in the unified social credit code: expected {expected}, found {code[17]}. Check every character against the original, not just the last one.",
        )

    warnings: list[Message] = []
    department, entity_type = entity_labels(code)
    if department is None:
        warnings.append(
            Message(
                f"统一社会信用代码第 1 位“{code[0]}”不是国家标准中的登记管理部门代码，请核对。",
                f"Character 1 (“{code[0]}”) is not a registering-department code of the standard; please check.",
            )
        )
    elif entity_type is None:
        warnings.append(
            Message(
                f"统一社会信用代码第 2 位“{code[1]}”不是{department}部门的机构类别代码，请核对。",
                f"Character 2 (“{code[1]}”) is not an entity type of department {code[0]} ({department}); please check.",
            )
        )
    region = region_of(code[2:8])
    warnings.extend(
        region_warnings(
            region,
            Message("统一社会信用代码第 3–8 位的行政区划码 ", "Region code (characters 3–8)"),
        )
    )
    org_ok = is_valid_org_code(code[8:17])
    if not org_ok:
        warnings.append(
            Message(
                f"统一社会信用代码第 9–17 位（组织机构代码 {format_org_code(code[8:17])}）校验不通过，请核对。",
                f"Characters 9–17 (organisation code {format_org_code(code[8:17])}) fail their own check; please check.",
            )
        )
    details: dict[str, Any] = {
        "department": department,
        "entity_type": entity_type,
        "department_code": code[0],
        "type_code": code[1],
        "region_code": code[2:8],
        "region_name": region.label,
        "region_historical": region.division is not None and not region.division.is_current,
        "org_code": format_org_code(code[8:17]),
        "org_code_valid": org_ok,
    }
    return accepted(KIND, code, warnings=warnings, details=details)
