"""Beijing districts (GB/T 2260) with history, the functional area, and the seed loader."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bjstc_desktop.core.resources import resources_dir
from bjstc_desktop.core.validators import (
    beijing_districts,
    district,
    find_district,
    functional_areas,
    load_districts,
    province_name,
    validate,
)
from bjstc_desktop.core.validators.districts import current_successor, districts_file

# domain.md §5
CURRENT = {
    "110101": "东城区",
    "110102": "西城区",
    "110105": "朝阳区",
    "110106": "丰台区",
    "110107": "石景山区",
    "110108": "海淀区",
    "110109": "门头沟区",
    "110111": "房山区",
    "110112": "通州区",
    "110113": "顺义区",
    "110114": "昌平区",
    "110115": "大兴区",
    "110116": "怀柔区",
    "110117": "平谷区",
    "110118": "密云区",
    "110119": "延庆区",
}
PROVINCES = {
    *(str(n) for n in range(11, 16)),
    *(str(n) for n in range(21, 24)),
    *(str(n) for n in range(31, 38)),
    *(str(n) for n in range(41, 47)),
    *(str(n) for n in range(50, 55)),
    *(str(n) for n in range(61, 66)),
    "71",
    "81",
    "82",
}


def test_the_sixteen_current_districts() -> None:
    assert {d.code: d.name for d in beijing_districts()} == CURRENT


def test_province_and_city_codes() -> None:
    assert district("110000").name == "北京市"
    assert district("110100") is not None and district("110100").is_current


@pytest.mark.parametrize(
    ("old", "successor", "valid_to"),
    [
        ("110103", "110101", 2010),
        ("110104", "110102", 2010),
        ("110228", "110118", 2015),
        ("110229", "110119", 2015),
        ("110221", "110114", 1999),
        ("110222", "110113", 1998),
        ("110223", "110112", 1997),
        ("110224", "110115", 2001),
        ("110226", "110117", 2001),
        ("110227", "110116", 2001),
    ],
)
def test_historical_codes_map_to_their_successors(old: str, successor: str, valid_to: int) -> None:
    d = district(old)
    assert d is not None and not d.is_current
    assert d.valid_to == valid_to
    assert current_successor(old).code == successor


def test_every_successor_leads_to_a_current_division() -> None:
    for d in load_districts().divisions.values():
        if not d.is_current:
            assert current_successor(d.code) is not None, d.code


def test_seed_codes_are_unique() -> None:
    rows = json.loads(districts_file().read_text(encoding="utf-8"))["divisions"]
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))


def test_development_area_is_a_functional_area_with_a_local_code() -> None:
    (area,) = functional_areas()
    assert area.name == "北京经济技术开发区"
    assert area.code == "BDA" and not area.code.isdigit()  # cannot collide with GB/T 2260
    assert set(area.linked) == {"110115", "110112"}
    assert area not in beijing_districts(include_historical=True)


def test_province_table_is_exactly_the_valid_prefixes() -> None:
    assert set(load_districts().provinces) == PROVINCES
    assert province_name("36") == "江西省"
    assert province_name("99") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("海淀", "110108"),
        ("海淀区", "110108"),
        ("北京市海淀区", "110108"),
        ("经开区", "BDA"),
        ("亦庄", "BDA"),
        ("bda", "BDA"),
        ("110119", "110119"),
        ("崇文区", "110103"),
    ],
)
def test_find_by_code_name_or_alias(text: str, code: str) -> None:
    assert find_district(text).code == code


# --- the district validator -----------------------------------------------------------


@pytest.mark.parametrize("code", [*CURRENT, "BDA"])
def test_current_districts_and_the_functional_area_pass_quietly(code: str) -> None:
    r = validate("district", code)
    assert r.valid and not r.warnings
    assert r.value == code


def test_district_names_normalise_to_codes() -> None:
    assert validate("district", "朝阳").value == "110105"
    assert validate("district", " 北京经济技术开发区 ").value == "BDA"


def test_abolished_district_passes_with_a_warning_naming_the_successor() -> None:
    r = validate("district", "110104")
    assert r.valid
    assert "宣武区（110104）已于 2010 年撤销，现为西城区（110102）" in r.warnings[0].zh
    assert r.details["successor"] == "110102"


def test_municipal_code_passes_with_a_warning() -> None:
    r = validate("district", "110000")
    assert r.valid and "不是某个区" in r.warnings[0].zh


def test_other_province_passes_with_a_warning() -> None:
    r = validate("district", "310104")
    assert r.valid and "上海市" in r.warnings[0].zh


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("110199", "不是北京市的行政区划代码"),
        ("990101", "不是任何省级行政区的代码"),
        ("100000", "全国代码"),
        ("11010", "不是区县代码"),
        ("西湖区", "不是区县代码"),
        ("", "请填写"),
    ],
)
def test_district_refusals(raw: str, needle: str) -> None:
    r = validate("district", raw)
    assert not r.valid
    assert needle in r.message_zh


def test_seed_file_is_found_through_bjstc_resources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = tmp_path / "seed"
    seed.mkdir()
    data = json.loads(districts_file().read_text(encoding="utf-8"))
    data["divisions"] = [row for row in data["divisions"] if row["code"] != "110108"]
    (seed / "districts.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("BJSTC_RESOURCES", str(tmp_path))
    load_districts.cache_clear()
    try:
        assert Path(resources_dir()) == tmp_path
        assert district("110108") is None
        assert not validate("district", "110108").valid
    finally:
        monkeypatch.delenv("BJSTC_RESOURCES")
        load_districts.cache_clear()
    assert district("110108") is not None


def test_seed_file_ships_in_the_repository() -> None:
    repo_seed = Path(__file__).resolve().parents[2] / "resources" / "seed" / "districts.json"
    assert repo_seed.is_file()
    assert os.path.samefile(repo_seed, districts_file())
