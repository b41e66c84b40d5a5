"""公民身份号码 (resident ID number), GB 11643-1999.

18 characters: 1–6 address code (GB/T 2260, abolished codes included), 7–14 birth date,
15–17 sequence (odd: male), 18 check = "10X98765432"[Σ d_i·(2^(17−i) mod 11) mod 11].
Legacy 15-digit numbers (no century, no check) are upgraded by inserting "19". The
2023-format foreign permanent-resident ID (first digit 9, then a province code) uses
the same layout for the birth date, sex and check and is accepted as its own ID type.
The residence permits of Hong Kong, Macao and Taiwan residents (港澳台居民居住证, 2018)
are numbered like ID cards with the address codes 810000, 820000 and 830000; the three
are treated alike, as one ID type. A number whose first two digits name no province (or,
for the foreign ID, whose characters 2–3 name none) is refused: no such number is issued.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bjstc_desktop.core.validators.districts import region_of, region_warnings
from bjstc_desktop.core.validators.result import Message, ValidationResult, accepted, refused
from bjstc_desktop.core.validators.text import compact

KIND = "idcard"
WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
CHECK_CHARS = "10X98765432"
EARLIEST_BIRTH_YEAR = 1880  # nobody older holds an ID number; an earlier year is a typo
RESIDENT = "居民身份证"
FOREIGN_PERMANENT = "外国人永久居留身份证"
RESIDENCE_PERMIT = "港澳台居民居住证"
# 《港澳台居民居住证申领发放办法》(国办发〔2018〕81号): the address code of the permit.
RESIDENCE_PERMIT_REGIONS = {"810000": "香港特别行政区", "820000": "澳门特别行政区", "830000": "台湾地区"}


def id_check_char(body: str) -> str:
    """The check character for the first 17 digits of an ID number."""
    if len(body) != 17 or not body.isdigit():
        raise ValueError(f"not an ID-number body: {body!r}")
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def upgrade_15_to_18(old: str) -> str:
    """Upgrade a legacy 15-digit ID number: insert "19" before the year, add the check."""
    old = compact(old)
    if len(old) != 15 or not old.isdigit():
        raise ValueError("a legacy ID number has exactly 15 digits")
    body = old[:6] + "19" + old[6:]
    return body + id_check_char(body)


def birth_date_of(number: str) -> date:
    """The birth date in a (15- or 18-digit) ID number; ValueError if it is impossible."""
    code = compact(number)
    if len(code) == 15:
        code = upgrade_15_to_18(code)
    return date(int(code[6:10]), int(code[10:12]), int(code[12:14]))


def sex_of(number: str) -> str:
    """ "男" or "女" from the sequence code (position 17; position 15 for 15 digits)."""
    code = compact(number)
    digit = code[14] if len(code) == 15 else code[16]
    return "男" if int(digit) % 2 else "女"


def age_on(birth: date | str, on: date) -> int:
    """Completed years of age on `on` (a birth date or an ID number).

    For the academician rule (age on 30 June of the nomination year) and the ≤ 40 rule
    of 杰出青年中关村奖. Someone born on 29 February has a birthday on 1 March in
    other years.
    """
    born = birth_date_of(birth) if isinstance(birth, str) else birth
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def mask_id_number(number: str) -> str:
    """For list views: keep the first 6 and last 4 characters, e.g. 110105********002X.

    Legacy 15-digit numbers are upgraded first; anything too short to mask safely
    comes back as stars only.
    """
    code = compact(number)
    if len(code) == 15 and code.isdigit():
        code = upgrade_15_to_18(code)
    if len(code) < 14:
        return "*" * len(code)
    return code[:6] + "*" * (len(code) - 10) + code[-4:]


def _shape_error(code: str) -> ValidationResult | None:
    if len(code) not in (15, 18):
        return refused(
            KIND,
            code,
            f"公民身份号码应为 18 位（或 15 位旧号码），现为 {len(code)} 位。",
            f"An ID number has 18 characters (or 15 for an old one); this one has {len(code)}.",
        )
    if len(code) == 15 and not code.isdigit():
        return refused(
            KIND,
            code,
            "15 位旧身份证号码应全为数字。",
            "An old 15-digit ID number has digits only.",
        )
    if len(code) == 18 and not code[:17].isdigit():
        return refused(
            KIND,
            code,
            "公民身份号码前 17 位应全为数字。",
            "The first 17 characters of an ID number must be digits.",
        )
    if len(code) == 18 and not (code[17].isdigit() or code[17] == "X"):
        return refused(
            KIND,
            code,
            f"公民身份号码最后一位应为数字或 X，现为“{code[17]}”。",
            f"The last character of an ID number must be a digit or X; found “{code[17]}”.",
        )
    return None


def _birth_date_or_error(code: str, today: date) -> date | ValidationResult:
    text = f"{code[6:10]}-{code[10:12]}-{code[12:14]}"
    try:
        born = date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        return refused(
            KIND,
            code,
            f"身份证号码中的出生日期 {text} 不存在，请核对第 7–14 位。",
            f"The birth date in the ID number, {text}, does not exist; check characters 7–14.",
        )
    if born > today:
        return refused(
            KIND,
            code,
            f"身份证号码中的出生日期 {text} 晚于今天，请核对。",
            f"The birth date in the ID number, {text}, is in the future; please check.",
        )
    if born.year < EARLIEST_BIRTH_YEAR:
        return refused(
            KIND,
            code,
            f"身份证号码中的出生年份 {born.year} 不合理，请核对第 7–10 位。",
            f"The birth year in the ID number, {born.year}, is not plausible; check characters 7–10.",
        )
    return born


def validate_id_number(raw: str, today: date | None = None) -> ValidationResult:
    """Validate a resident ID number; 15-digit numbers come back upgraded to 18.

    `today` (default: the system date) bounds the birth date. details: id_type,
    birth_date (a date), sex ("男"/"女"), sex_en, address_code, region_name,
    region_historical, upgraded_from (the 15-digit number, or None).
    """
    today = today or date.today()
    code = compact(raw)
    if not code:
        return refused(KIND, "", "请填写公民身份号码。", "Please enter the ID number.")
    error = _shape_error(code)
    if error is not None:
        return error
    upgraded_from = None
    note = None
    if len(code) == 15:
        upgraded_from, code = code, upgrade_15_to_18(code)
        note = Message(
            f"已将 15 位旧号码 {upgraded_from} 升级为 18 位：{code}。",
            f"The old 15-digit number {upgraded_from} was upgraded to 18 digits: {code}.",
        )
    else:
        expected = id_check_char(code[:17])
        if expected != code[17]:
            return refused(
                KIND,
                code,
                f"公民身份号码校验位错误：应为 {expected}，实为 {code[17]}。请逐位核对原件，不要只改最后一位。",
                f"Wrong check character in the ID number: expected {expected}, found {code[17]}. Check every digit against the original, not just the last one.",
            )
    born = _birth_date_or_error(code, today)
    if isinstance(born, ValidationResult):
        return born

    foreign = upgraded_from is None and code[0] == "9"
    permit_region = RESIDENCE_PERMIT_REGIONS.get(code[:6]) if not foreign else None
    # A foreign permanent-resident ID carries the issuing province in positions 2–3.
    region = region_of(code[1:3] + "0000" if foreign else code[:6])
    if permit_region is None and region.province_name is None:
        where_zh = "第 2–3 位的受理地代码" if foreign else "前两位"
        where_en = "Characters 2–3" if foreign else "The first two digits"
        return refused(
            KIND,
            code,
            f"身份证号码{where_zh} {region.province_code} 不是任何省级行政区的代码，请核对。",
            f"{where_en} of the ID number, {region.province_code}, are no province code; please check.",
        )
    warnings = () if permit_region else region_warnings(
        region,
        Message("身份证号码第 2–3 位的受理地代码 ", "Issuing province (characters 2–3)")
        if foreign
        else Message("身份证号码前 6 位的地址码 ", "Address code (characters 1–6)"),
    )
    male = int(code[16]) % 2 == 1
    details: dict[str, Any] = {
        "id_type": FOREIGN_PERMANENT if foreign else RESIDENCE_PERMIT if permit_region else RESIDENT,
        "birth_date": born,
        "sex": "男" if male else "女",
        "sex_en": "male" if male else "female",
        "address_code": None if foreign else code[:6],
        "region_name": permit_region or region.label,
        "region_historical": region.division is not None and not region.division.is_current,
        "upgraded_from": upgraded_from,
    }
    return accepted(KIND, code, warnings=warnings, details=details, note=note)
