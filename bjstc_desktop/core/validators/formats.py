"""Format-level identifiers of domain.md §4.4 (no check character of their own).

高新技术企业证书编号, 技术合同登记编号, 技术出口目录编号, CN 刊号, 实验动物许可证号.
"""

from __future__ import annotations

import re
from datetime import date

from bjstc_desktop.core.validators.districts import BEIJING, province_name
from bjstc_desktop.core.validators.result import Message, ValidationResult, accepted, refused
from bjstc_desktop.core.validators.text import compact, without_spaces

HNTE_KIND = "hnte-cert"
CONTRACT_KIND = "contract-no"
EXPORT_KIND = "export-code"
CN_KIND = "cn-number"
ANIMAL_KIND = "animal-licence"

HNTE_PATTERN = re.compile(r"^GR(?P<year>\d{4})(?P<province>\d{2})(?P<serial>\d{6})$")
HNTE_FIRST_YEAR = 2008  # GR numbers began with the 2008 认定办法
CONTRACT_PATTERN = re.compile(r"^\d{16}$")
LEGACY_CONTRACT_PATTERN = re.compile(r"^\d{14}$")
EXPORT_PATTERN = re.compile(r"^(?P<number>\d{6})(?P<category>[JX])$")
EXPORT_CATEGORIES = {"J": "禁止出口", "X": "限制出口"}
EXPORT_CATEGORIES_EN = {"J": "prohibited", "X": "restricted"}
# domain.md gives ^CN\s?11-\d{4}/[A-Z0-9]+$ for Beijing; other provinces pass with a warning.
CN_PATTERN = re.compile(r"^(?:CN)?(?P<province>\d{2})-(?P<serial>\d{4})/(?P<category>[A-Z0-9]+)$")
ANIMAL_PATTERN = re.compile(
    r"^(?P<type>SCXK|SYXK)\((?P<issuer>[\u4e00-\u9fff])\)(?P<year>\d{4})-(?P<serial>\d{4})$"
)
ANIMAL_TYPES = {"SCXK": "实验动物生产许可证", "SYXK": "实验动物使用许可证"}


def validate_hnte_cert(raw: str, today: date | None = None) -> ValidationResult:
    """高新技术企业证书编号 GR + year + 2-digit province + 6 digits, e.g. GR202311004043.

    A year after `today`'s is refused; another province than Beijing (11) is a warning.
    details: year, province_code, province_name, serial.
    """
    today = today or date.today()
    code = compact(raw)
    if not code:
        return refused(
            HNTE_KIND, "", "请填写高新技术企业证书编号。", "Please enter the certificate number."
        )
    match = HNTE_PATTERN.match(code)
    if match is None:
        return refused(
            HNTE_KIND,
            code,
            "高新技术企业证书编号应为 GR 加 12 位数字（年份 4 位、省份代码 2 位、序号 6 位），如 GR202311004043。",
            "A high-tech enterprise certificate number is GR and 12 digits (4 year, 2 province, 6 serial), e.g. GR202311004043.",
        )
    year, province = int(match["year"]), match["province"]
    if year > today.year:
        return refused(
            HNTE_KIND,
            code,
            f"证书编号中的年份 {year} 晚于今年，请核对。",
            f"The year in the certificate number, {year}, is after this year; please check.",
        )
    warnings: list[Message] = []
    if year < HNTE_FIRST_YEAR:
        warnings.append(
            Message(
                f"证书编号中的年份 {year} 早于 {HNTE_FIRST_YEAR} 年（GR 编号自 {HNTE_FIRST_YEAR} 年起使用），请核对。",
                f"The year {year} is before {HNTE_FIRST_YEAR}, when GR numbers began; please check.",
            )
        )
    name = province_name(province)
    if name is None:
        warnings.append(
            Message(
                f"证书编号第 7–8 位 {province} 不是任何省级行政区的代码，请核对。",
                f"Digits 7–8 ({province}) are not a province code; please check.",
            )
        )
    elif province != BEIJING:
        warnings.append(
            Message(
                f"该证书由{name}颁发（省份代码 {province}），不是北京市（11），请确认企业已迁入北京。",
                f"The certificate was issued by {name} (province {province}), not Beijing (11); check that the company has moved to Beijing.",
            )
        )
    details = {
        "year": year,
        "province_code": province,
        "province_name": name,
        "serial": match["serial"],
    }
    return accepted(HNTE_KIND, code, warnings=warnings, details=details)


def validate_contract_no(raw: str) -> ValidationResult:
    """技术合同登记编号: 16 digits; the legacy 14-digit form is accepted with a note."""
    code = compact(raw)
    if not code:
        return refused(
            CONTRACT_KIND,
            "",
            "请填写技术合同登记编号。",
            "Please enter the contract registration number.",
        )
    if CONTRACT_PATTERN.match(code):
        return accepted(CONTRACT_KIND, code, details={"legacy": False})
    if LEGACY_CONTRACT_PATTERN.match(code):
        return accepted(
            CONTRACT_KIND,
            code,
            details={"legacy": True},
            note=Message(
                "这是 14 位的旧式技术合同登记编号，已接受。",
                "This is an old 14-digit contract registration number; accepted.",
            ),
        )
    return refused(
        CONTRACT_KIND,
        code,
        f"技术合同登记编号应为 16 位数字（旧编号为 14 位），现为“{code}”（{len(code)} 位）。",
        f"A technology contract registration number has 16 digits (old ones 14); found “{code}” ({len(code)} characters).",
    )


def validate_export_code(raw: str) -> ValidationResult:
    """技术出口目录编号: 6 digits + J (禁止出口) or X (限制出口); details: category."""
    code = compact(raw)
    if not code:
        return refused(EXPORT_KIND, "", "请填写目录编号。", "Please enter the catalogue number.")
    match = EXPORT_PATTERN.match(code)
    if match is None:
        return refused(
            EXPORT_KIND,
            code,
            "《中国禁止出口限制出口技术目录》编号应为 6 位数字加 J（禁止）或 X（限制），如 010201X。",
            "A catalogue number is 6 digits and J (prohibited) or X (restricted), e.g. 010201X.",
        )
    letter = match["category"]
    details = {
        "category_code": letter,
        "category": EXPORT_CATEGORIES[letter],
        "category_en": EXPORT_CATEGORIES_EN[letter],
    }
    return accepted(EXPORT_KIND, code, details=details)


def validate_cn_number(raw: str) -> ValidationResult:
    """CN 刊号, e.g. "CN 11-1234/N" (also "CN11-1234/N", or "11-1234/N" as often
    written without its prefix); value has the prefix and the space.

    Beijing periodicals are CN 11-…; another province is a warning. details:
    province_code, province_name, serial, category.
    """
    code = without_spaces(raw)
    if not code:
        return refused(CN_KIND, "", "请填写 CN 刊号。", "Please enter the CN number.")
    match = CN_PATTERN.match(code)
    if match is None or province_name(match["province"]) is None:
        return refused(
            CN_KIND,
            code,
            "CN 刊号格式应为 CN 11-1234/N：CN、省份代码、4 位序号、斜线和分类号。",
            "A CN number reads CN 11-1234/N: CN, province code, 4-digit serial, slash and class.",
        )
    province = match["province"]
    value = f"CN {province}-{match['serial']}/{match['category']}"
    warnings: list[Message] = []
    if province != BEIJING:
        name = province_name(province)
        warnings.append(
            Message(
                f"该刊号属于{name}（{province}），不是北京市（11）出版的期刊，请核对。",
                f"This CN number belongs to {name} ({province}), not to a Beijing periodical (11); please check.",
            )
        )
    details = {
        "province_code": province,
        "province_name": province_name(province),
        "serial": match["serial"],
        "category": match["category"],
    }
    note = None
    if not code.startswith("CN"):
        note = Message(f"已补全 CN 前缀：{value}。", f"The CN prefix was added: {value}.")
    return accepted(CN_KIND, value, warnings=warnings, details=details, note=note)


def validate_animal_licence(raw: str, today: date | None = None) -> ValidationResult:
    """实验动物许可证号, e.g. SCXK(京)2021-0006 / SYXK(京)2022-0012.

    Full-width brackets are accepted. A licence of another province than 京 is a
    warning; a year after `today`'s is refused. details: licence_type, issuer, year,
    serial.
    """
    today = today or date.today()
    code = without_spaces(raw)
    if not code:
        return refused(
            ANIMAL_KIND, "", "请填写实验动物许可证号。", "Please enter the licence number."
        )
    match = ANIMAL_PATTERN.match(code)
    if match is None:
        return refused(
            ANIMAL_KIND,
            code,
            "实验动物许可证号格式应为 SCXK(京)2021-0006（生产）或 SYXK(京)2021-0006（使用）。",
            "A laboratory animal licence number reads SCXK(京)2021-0006 (production) or SYXK(京)2021-0006 (use).",
        )
    year = int(match["year"])
    if year > today.year:
        return refused(
            ANIMAL_KIND,
            code,
            f"许可证号中的年份 {year} 晚于今年，请核对。",
            f"The year in the licence number, {year}, is after this year; please check.",
        )
    warnings: list[Message] = []
    if match["issuer"] != "京":
        warnings.append(
            Message(
                f"该许可证由“{match['issuer']}”颁发，不是北京市（京），请核对。",
                f"The licence was issued by “{match['issuer']}”, not Beijing (京); please check.",
            )
        )
    details = {
        "licence_type": ANIMAL_TYPES[match["type"]],
        "issuer": match["issuer"],
        "year": year,
        "serial": match["serial"],
    }
    return accepted(ANIMAL_KIND, code, warnings=warnings, details=details)
