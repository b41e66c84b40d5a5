"""公民身份号码 (GB 11643-1999): check, birth date, sex, 15-digit upgrade, age, masking."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bjstc_desktop.core.validators import (
    age_on,
    birth_date_of,
    mask_id_number,
    sex_of,
    upgrade_15_to_18,
    validate,
)
from bjstc_desktop.core.validators.idcard import WEIGHTS, id_check_char

TODAY = date(2026, 11, 26)
# Written out from domain.md §4.3 so the test does not trust the module's arithmetic.
DOMAIN_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_check(body: str) -> str:
    """An independent GB 11643 check computation, for building test numbers."""
    return (
        body
        + "10X98765432"[sum(int(d) * w for d, w in zip(body, DOMAIN_WEIGHTS, strict=True)) % 11]
    )


def check(value: str, today: date = TODAY):
    return validate("idcard", value, today)


# --- samples -------------------------------------------------------------------------


def test_weights_are_the_powers_of_two_listed_in_the_standard() -> None:
    assert WEIGHTS == DOMAIN_WEIGHTS


def test_standard_sample_with_x_check() -> None:
    r = check("11010519491231002X")
    assert r.valid and not r.warnings
    assert r.details["birth_date"] == date(1949, 12, 31)
    assert r.details["sex"] == "女"  # sequence 002 is even
    assert r.details["address_code"] == "110105"
    assert r.details["region_name"] == "北京市朝阳区"
    assert r.details["id_type"] == "居民身份证"


def test_stdnum_sample_from_another_province() -> None:
    r = check("360426199101010071")
    assert r.valid and not r.warnings
    assert r.details["sex"] == "男"  # 007 is odd
    assert r.details["region_name"] == "江西省"


def test_lower_case_x_full_width_and_spaces_are_normalised() -> None:
    for raw in (
        "11010519491231002x",
        "１１０１０５１９４９１２３１００２Ｘ",
        "110105 19491231 002X",
    ):
        r = check(raw)
        assert r.valid, raw
        assert r.value == "11010519491231002X"


# --- refusals ------------------------------------------------------------------------


def test_wrong_check_character() -> None:
    r = check("110105194912310021")
    assert not r.valid
    assert "公民身份号码校验位错误：应为 X，实为 1。" in r.message_zh


@pytest.mark.parametrize("raw", ["1101051949123100", "11010519491231002X1", "1234567"])
def test_wrong_length(raw: str) -> None:
    r = check(raw)
    assert not r.valid
    assert f"现为 {len(raw)} 位" in r.message_zh


def test_letters_in_the_body_are_refused() -> None:
    r = check("1101051949123100AX")
    assert not r.valid and "前 17 位应全为数字" in r.message_zh


def test_last_character_other_than_digit_or_x_is_refused() -> None:
    r = check("11010519491231002Y")
    assert not r.valid and "最后一位" in r.message_zh


@pytest.mark.parametrize("birth", ["19990230", "19991301", "20230229", "19990000", "19990431"])
def test_impossible_birth_date_is_refused_even_with_a_correct_check(birth: str) -> None:
    r = check(with_check("110105" + birth + "001"))
    assert not r.valid
    assert "不存在" in r.message_zh


def test_leap_day_is_a_real_date() -> None:
    r = check(with_check("110105" + "20000229" + "001"))
    assert r.valid and r.details["birth_date"] == date(2000, 2, 29)


def test_future_birth_date_is_refused() -> None:
    tomorrow = TODAY + timedelta(days=1)
    r = check(with_check("110105" + tomorrow.strftime("%Y%m%d") + "001"))
    assert not r.valid
    assert "晚于今天" in r.message_zh
    assert check(with_check("110105" + TODAY.strftime("%Y%m%d") + "001")).valid


def test_implausibly_early_birth_year_is_refused() -> None:
    r = check(with_check("110105" + "18500101" + "001"))
    assert not r.valid and "不合理" in r.message_zh


def test_empty_input_is_refused() -> None:
    assert "请填写" in check("  ").message_zh


# --- address code ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("area", "name"),
    [
        ("110103", "崇文区（已撤销，今东城区）"),
        ("110104", "宣武区（已撤销，今西城区）"),
        ("110228", "密云县（已撤销，今密云区）"),
        ("110229", "延庆县（已撤销，今延庆区）"),
        ("110223", "通县（已撤销，今通州区）"),
    ],
)
def test_abolished_beijing_codes_are_accepted_without_warning(area: str, name: str) -> None:
    r = check(with_check(area + "19700101" + "003"))
    assert r.valid and not r.warnings
    assert r.details["region_historical"] is True
    assert r.details["region_name"] == name


def test_unknown_beijing_code_is_a_warning_not_an_error() -> None:
    r = check(with_check("110199" + "19700101" + "003"))
    assert r.valid
    assert "110199 不在北京市行政区划代码表中" in r.warnings[0].zh


@pytest.mark.parametrize("province", ["11", "15", "23", "37", "46", "54", "65", "71", "81", "82"])
def test_any_code_of_a_valid_province_passes(province: str) -> None:
    r = check(with_check(province + "0101" + "19700101" + "003"))
    assert r.valid and not r.warnings


@pytest.mark.parametrize(
    "province", ["90", "10", "16", "20", "24", "30", "38", "47", "55", "66", "72", "83", "00"]
)
def test_a_number_whose_first_two_digits_are_no_province_is_refused(province: str) -> None:
    r = check(with_check(province + "0101" + "19700101" + "003"))
    assert not r.valid
    assert "不是任何省级行政区的代码" in r.message_zh


def test_a_foreign_id_whose_issuing_province_does_not_exist_is_refused() -> None:
    r = check(with_check("90" + "0156" + "19800101" + "005"))
    assert not r.valid and "第 2–3 位的受理地代码 00" in r.message_zh


@pytest.mark.parametrize("area", ["110201", "110203", "110205", "110209"])
def test_the_1980_county_codes_are_known(area: str) -> None:
    r = check(with_check(area + "19650101" + "003"))
    assert r.valid and not r.warnings
    assert r.details["region_historical"] is True
    assert "已撤销" in r.details["region_name"]


@pytest.mark.parametrize(("area", "region"), [("810000", "香港特别行政区"), ("820000", "澳门特别行政区"),
                                              ("830000", "台湾地区")])
def test_hong_kong_macao_and_taiwan_residence_permits_are_treated_alike(area: str, region: str) -> None:
    r = check(with_check(area + "19850101" + "004"))
    assert r.valid and not r.warnings
    assert r.details["id_type"] == "港澳台居民居住证"
    assert r.details["region_name"] == region


def test_foreign_permanent_resident_id_is_its_own_type() -> None:
    r = check(with_check("911" + "156" + "19800101" + "005"))
    assert r.valid and not r.warnings
    assert r.details["id_type"] == "外国人永久居留身份证"
    assert r.details["region_name"] == "北京市"
    assert r.details["sex"] == "男"


# --- 15-digit upgrade ------------------------------------------------------------------


def test_fifteen_digit_number_is_upgraded_with_a_note() -> None:
    r = check("110105491231002")
    assert r.valid
    assert r.value == "11010519491231002X"
    assert r.details["upgraded_from"] == "110105491231002"
    assert "升级为 18 位" in r.message_zh
    assert upgrade_15_to_18("110105491231002") == "11010519491231002X"


def test_fifteen_digit_number_with_impossible_date_is_refused() -> None:
    r = check("110105990230001")
    assert not r.valid and "1999-02-30" in r.message_zh


def test_fifteen_digit_number_with_a_letter_is_refused() -> None:
    r = check("11010549123100X")
    assert not r.valid and "15 位" in r.message_zh


def test_upgrade_refuses_anything_but_fifteen_digits() -> None:
    with pytest.raises(ValueError):
        upgrade_15_to_18("11010519491231002X")


# --- derived values --------------------------------------------------------------------


def test_birth_date_and_sex_helpers() -> None:
    assert birth_date_of("360426199101010071") == date(1991, 1, 1)
    assert birth_date_of("110105491231002") == date(1949, 12, 31)
    assert sex_of("360426199101010071") == "男"
    assert sex_of("11010519491231002X") == "女"
    assert sex_of("110105491231003") == "男"


def test_age_on_the_academician_reference_date() -> None:
    # Born 1 July 1960: still 65 on 30 June 2026, 66 the next day.
    born = date(1960, 7, 1)
    assert age_on(born, date(2026, 6, 30)) == 65
    assert age_on(born, date(2026, 7, 1)) == 66
    assert age_on("11010519491231002X", date(2026, 6, 30)) == 76


def test_age_limit_of_forty_for_young_talents() -> None:
    number = with_check("110108" + "19860315" + "004")
    assert age_on(number, date(2026, 3, 14)) == 39
    assert age_on(number, date(2026, 3, 15)) == 40
    assert age_on(number, date(2027, 3, 15)) == 41


def test_leap_day_birthday_is_reached_on_first_of_march() -> None:
    assert age_on(date(2000, 2, 29), date(2026, 2, 28)) == 25
    assert age_on(date(2000, 2, 29), date(2026, 3, 1)) == 26


def test_masking_for_lists() -> None:
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("110105491231002") == "110105********002X"
    assert mask_id_number("12345") == "*****"


# --- properties --------------------------------------------------------------------

birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
areas = st.sampled_from(["110101", "110108", "110103", "110228", "360426", "440305", "650102"])
sequences = st.integers(min_value=0, max_value=999).map(lambda n: f"{n:03d}")


@settings(deadline=None)
@given(areas, birth_dates, sequences)
def test_any_real_number_validates_and_round_trips(area: str, born: date, seq: str) -> None:
    number = with_check(area + born.strftime("%Y%m%d") + seq)
    assert id_check_char(number[:17]) == number[17]
    r = check(number)
    assert r.valid
    assert r.details["birth_date"] == born
    assert r.details["sex"] == ("男" if int(seq[-1]) % 2 else "女")


@settings(deadline=None)
@given(areas, birth_dates, sequences, st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_change_is_refused(
    area: str, born: date, seq: str, pos: int, delta: int
) -> None:
    number = with_check(area + born.strftime("%Y%m%d") + seq)
    changed = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1 :]
    assert not check(changed).valid


@settings(deadline=None)
@given(areas, st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)), sequences)
def test_upgrade_gives_the_18_digit_number(area: str, born: date, seq: str) -> None:
    old = area + born.strftime("%y%m%d") + seq
    new = upgrade_15_to_18(old)
    assert new == with_check(area + born.strftime("%Y%m%d") + seq)
    assert check(old).value == new


@settings(deadline=None)
@given(birth_dates, st.integers(min_value=0, max_value=100))
def test_age_on_the_birthday_is_the_year_difference(born: date, years: int) -> None:
    assume(not (born.month == 2 and born.day == 29))
    birthday = born.replace(year=born.year + years)
    assert age_on(born, birthday) == years
    if years:
        assert age_on(born, birthday - timedelta(days=1)) == years - 1


@settings(deadline=None)
@given(areas, birth_dates, sequences)
def test_mask_hides_the_birth_date(area: str, born: date, seq: str) -> None:
    number = with_check(area + born.strftime("%Y%m%d") + seq)
    masked = mask_id_number(number)
    assert len(masked) == 18
    assert masked[6:14] == "********"
    assert masked[:6] == area and masked[-4:] == number[-4:]
