"""Beijing's administrative divisions (GB/T 2260) with their history, from the seed file.

`resources/seed/districts.json` holds the 16 current districts, 110000/110100, the
abolished codes that still appear in ID numbers and old records (with the year they
ended and their successor), the province table, and 北京经济技术开发区 as a functional
area with the local code `BDA` (deliberately non-numeric, so it can never collide with a
GB/T 2260 code). Outside Beijing only the province prefix is checked: the national table
is not shipped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bjstc_desktop.core.resources import resources_dir
from bjstc_desktop.core.validators.result import Message, ValidationResult, accepted, refused
from bjstc_desktop.core.validators.text import nfkc_upper

KIND = "district"
BEIJING = "11"
FUNCTIONAL_AREA = "functional_area"
_SIX_DIGITS = re.compile(r"^\d{6}$")
_COUNTY_LEVELS = ("district", "county")


@dataclass(frozen=True)
class District:
    """One division (or functional area) of the seed table."""

    code: str
    name: str
    name_en: str
    level: str  # province | city | district | county | functional_area
    valid_from: int | None = None
    valid_to: int | None = None  # None: still in use
    successor: str | None = None
    linked: tuple[str, ...] = ()  # functional areas: districts that hold their land
    aliases: tuple[str, ...] = ()

    @property
    def is_current(self) -> bool:
        """True while the code is in use."""
        return self.valid_to is None

    @property
    def is_functional_area(self) -> bool:
        """True for a functional area (not a GB/T 2260 division)."""
        return self.level == FUNCTIONAL_AREA


@dataclass(frozen=True)
class DistrictTable:
    """The loaded seed file."""

    divisions: dict[str, District]
    provinces: dict[str, str]
    national_code: str
    national_name: str


@dataclass(frozen=True)
class Region:
    """What a 6-digit region code inside an identifier resolves to."""

    code: str
    province_code: str
    province_name: str | None  # None: not a province prefix at all
    division: District | None  # set only for codes in the Beijing table
    national: bool = False

    @property
    def label(self) -> str:
        """A Chinese label, e.g. "北京市海淀区", "崇文区（已撤销，今东城区）", "江西省"."""
        if self.national:
            return load_districts().national_name
        if self.division is None:
            return self.province_name or ""
        d = self.division
        if d.level in ("province", "city"):
            return "北京市" if d.level == "province" or d.is_current else f"北京市{d.name}"
        if d.is_current:
            return f"北京市{d.name}"
        now = current_successor(d.code)
        return f"{d.name}（已撤销，今{now.name}）" if now else f"{d.name}（已撤销）"


def districts_file() -> Path:
    """Path of the seed file."""
    return resources_dir() / "seed" / "districts.json"


def _division(row: dict[str, Any]) -> District:
    return District(
        code=row["code"],
        name=row["name"],
        name_en=row.get("name_en", ""),
        level=row["level"],
        valid_from=row.get("valid_from"),
        valid_to=row.get("valid_to"),
        successor=row.get("successor"),
        linked=tuple(row.get("linked", ())),
        aliases=tuple(row.get("aliases", ())),
    )


@lru_cache(maxsize=1)
def load_districts() -> DistrictTable:
    """Read and cache the seed file (call `load_districts.cache_clear()` to reload)."""
    data = json.loads(districts_file().read_text(encoding="utf-8"))
    divisions = {row["code"]: _division(row) for row in data["divisions"]}
    national = data["national"]
    return DistrictTable(divisions, dict(data["provinces"]), national["code"], national["name"])


def district(code: str) -> District | None:
    """The division or functional area with this code, if it is in the table."""
    return load_districts().divisions.get(code)


def beijing_districts(include_historical: bool = False) -> tuple[District, ...]:
    """The county-level divisions of Beijing (the 16 current ones by default), by code."""
    rows = load_districts().divisions.values()
    return tuple(
        sorted(
            (d for d in rows if d.level in _COUNTY_LEVELS and (include_historical or d.is_current)),
            key=lambda d: d.code,
        )
    )


def functional_areas() -> tuple[District, ...]:
    """Functional areas kept beside the districts (北京经济技术开发区: the "+1")."""
    return tuple(d for d in load_districts().divisions.values() if d.is_functional_area)


def province_name(prefix: str) -> str | None:
    """The province for a 2-digit GB/T 2260 prefix (e.g. "36" → 江西省), if it exists."""
    return load_districts().provinces.get(prefix[:2])


def current_successor(code: str) -> District | None:
    """The current division an abolished code became (itself if still current)."""
    seen: set[str] = set()
    d = district(code)
    while d is not None and not d.is_current and d.successor and d.code not in seen:
        seen.add(d.code)
        d = district(d.successor)
    return d if d is not None and d.is_current else None


def find_district(text: str) -> District | None:
    """Look up a division by code, name, English name or alias ("海淀", "经开区", "bda",
    "110108", "Haidian District")."""
    key = nfkc_upper(text).replace(" ", "")
    table = load_districts().divisions
    if key in table:
        return table[key]
    if key.startswith("北京市") and len(key) > 3:
        key = key[3:]
    for d in table.values():
        if key == d.name or key in d.aliases or (d.name_en and key == nfkc_upper(d.name_en).replace(" ", "")):
            return d
    return None


def region_of(code: str) -> Region:
    """Resolve a 6-digit region code found inside an identifier."""
    table = load_districts()
    if code == table.national_code:
        return Region(code, code[:2], None, None, national=True)
    return Region(code, code[:2], province_name(code), table.divisions.get(code))


def region_warnings(region: Region, what: Message) -> tuple[Message, ...]:
    """Warnings for a region code inside an identifier; `what` names where it sits.

    Beijing codes must be in the table (historical codes are fine); other provinces are
    checked by their prefix only; the national code 100000 is fine.
    """
    if region.national or region.division is not None:
        return ()
    if region.province_name is None:
        return (
            Message(
                f"{what.zh}{region.code} 的前两位 {region.province_code} 不是任何省级行政区的代码，请核对。",
                f"{what.en} {region.code}: {region.province_code} is not a province code; please check.",
            ),
        )
    if region.province_code == BEIJING:
        return (
            Message(
                f"{what.zh}{region.code} 不在北京市行政区划代码表中，请核对。",
                f"{what.en} {region.code} is not a Beijing division code; please check.",
            ),
        )
    return ()


def validate_district(raw: str) -> ValidationResult:
    """Validate a district field: a Beijing code, a district name, or `BDA` (经开区).

    The 16 current districts and the functional area pass without warning; abolished
    codes pass with a warning naming the successor; 110000/110100 pass with a warning
    (not a district); other provinces pass with a warning (only the prefix is checked).
    """
    text = nfkc_upper(raw).replace(" ", "")
    if not text:
        return refused(KIND, "", "请填写区县代码。", "Please enter a district code.")
    found = find_district(text)
    if found is not None:
        return _known_district(found)
    if not _SIX_DIGITS.match(text):
        return refused(
            KIND,
            text,
            f"“{raw.strip()}”不是区县代码：应为 6 位行政区划代码（如 110108 海淀区）或 BDA（北京经济技术开发区）。",
            f"“{raw.strip()}” is not a district code: enter a 6-digit division code (e.g. 110108 Haidian) or BDA (the Economic-Technological Development Area).",
        )
    region = region_of(text)
    if region.national:
        return refused(
            KIND,
            text,
            f"{text} 是全国代码，不是区县代码。",
            f"{text} is the national code, not a district.",
        )
    if region.province_name is None:
        return refused(
            KIND,
            text,
            f"行政区划代码 {text} 的前两位 {text[:2]} 不是任何省级行政区的代码。",
            f"Division code {text}: {text[:2]} is not a province code.",
        )
    if region.province_code == BEIJING:
        return refused(
            KIND,
            text,
            f"{text} 不是北京市的行政区划代码。北京市的区为 110101–110119（不含 110103、110104、110110），经开区为 BDA。",
            f"{text} is not a Beijing division code. Beijing's districts are 110101–110119 (except 110103, 110104, 110110); the development area is BDA.",
        )
    return accepted(
        KIND,
        text,
        warnings=(
            Message(
                f"{text} 属于{region.province_name}，不是北京市的区；系统只核对了省级代码。",
                f"{text} belongs to {region.province_name}, not Beijing; only the province prefix was checked.",
            ),
        ),
        details={"name": None, "province": region.province_name, "level": None, "current": None},
    )


def _known_district(d: District) -> ValidationResult:
    details: dict[str, Any] = {
        "name": d.name,
        "name_en": d.name_en,
        "level": d.level,
        "province": "北京市",
        "current": d.is_current,
        "successor": None,
        "linked": d.linked,
    }
    if d.is_functional_area:
        return accepted(KIND, d.code, details=details)
    if not d.is_current:
        now = current_successor(d.code)
        details["successor"] = now.code if now else None
        zh_now = f"，现为{now.name}（{now.code}）" if now else ""
        en_now = f"; it is now {now.name_en} ({now.code})" if now else ""
        return accepted(
            KIND,
            d.code,
            warnings=(
                Message(
                    f"{d.name}（{d.code}）已于 {d.valid_to} 年撤销{zh_now}。",
                    f"{d.name_en} ({d.code}) was abolished in {d.valid_to}{en_now}.",
                ),
            ),
            details=details,
        )
    if d.level not in _COUNTY_LEVELS:
        return accepted(
            KIND,
            d.code,
            warnings=(
                Message(
                    f"{d.code} 是北京市的市级代码，不是某个区；如涉及具体区，请填写区代码。",
                    f"{d.code} is the municipal code, not a district; enter the district's code if one is meant.",
                ),
            ),
            details=details,
        )
    return accepted(KIND, d.code, details=details)
