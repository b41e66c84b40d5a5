"""统一社会信用代码 (GB 32100-2015) and 组织机构代码 (GB 11714-1997)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bjstc_desktop.core.validators import embedded_org_code, org_code_matches_uscc, validate
from bjstc_desktop.core.validators.orgcode import org_code_check_char
from bjstc_desktop.core.validators.uscc import WEIGHTS, uscc_check_char

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Written out from domain.md §4.1 so the test does not trust the module's arithmetic.
DOMAIN_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def with_check(body: str) -> str:
    """An independent USCC check computation, for building test codes."""
    total = sum(CHARSET.index(c) * w for c, w in zip(body, DOMAIN_WEIGHTS, strict=True))
    return body + CHARSET[(31 - total % 31) % 31]


def org_with_check(body: str) -> str:
    """An independent GB 11714 check computation."""
    r = (
        11
        - sum(
            ORG_CHARSET.index(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)
        )
        % 11
    )
    return body + {10: "X", 11: "0"}.get(r, str(r))


def warnings_zh(result) -> str:
    return " ".join(w.zh for w in result.warnings)


# --- samples of the standard and of python-stdnum ---------------------------------


def test_weights_are_the_powers_of_three_listed_in_the_standard() -> None:
    assert WEIGHTS == DOMAIN_WEIGHTS


def test_standard_sample_is_valid_with_its_derived_labels() -> None:
    r = validate("uscc", "91350100M000100Y43")
    assert r.valid and not r.warnings
    assert r.value == "91350100M000100Y43"
    assert (r.details["department"], r.details["entity_type"]) == ("工商", "企业")
    assert r.details["region_code"] == "350100"
    assert r.details["region_name"] == "福建省"
    assert r.details["org_code"] == "M000100Y-4"
    assert r.details["org_code_valid"] is True


def test_beijing_sample_is_valid_and_names_beijing() -> None:
    r = validate("uscc", "91110000600037341L")
    assert r.valid and not r.warnings
    assert r.details["region_name"] == "北京市"
    assert r.details["org_code"] == "60003734-1"


@pytest.mark.parametrize(
    ("code", "department", "entity_type"),
    [
        # The department/type pairs below are built with a correct check character.
        (with_check("12110000" + org_with_check("40000123")), "机构编制", "事业单位"),
        (with_check("52110108" + org_with_check("MA00ABCD")), "民政", "民办非企业单位"),
        (with_check("92110105" + org_with_check("L1234567")), "工商", "个体工商户"),
        (with_check("93110116" + org_with_check("MA001234")), "工商", "农民专业合作社"),
    ],
)
def test_department_and_entity_type_labels(code: str, department: str, entity_type: str) -> None:
    r = validate("uscc", code)
    assert r.valid and not r.warnings, r.warnings
    assert (r.details["department"], r.details["entity_type"]) == (department, entity_type)


@pytest.mark.parametrize(
    ("code", "department", "entity_type"),
    [
        # Computed here by hand (and re-checked by `with_check`); python-stdnum refuses them.
        ("A1110108MA01B2C343", "中央军委改革和编制办公室", "军队事业单位"),
        ("N2110108MA01B2C34K", "农业", "村级集体经济组织"),
        ("Y1110108MA01B2C34E", "其他", "其他"),
    ],
)
def test_codes_starting_with_a_n_or_y_are_accepted(
    code: str, department: str, entity_type: str
) -> None:
    assert with_check(code[:17]) == code
    r = validate("uscc", code)
    assert r.valid and not r.warnings
    assert (r.details["department"], r.details["entity_type"]) == (department, entity_type)
    assert r.details["region_name"] == "北京市海淀区"


# --- normalisation -----------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "９１１１００００６０００３７３４１Ｌ",  # full-width
        "91110000600037341l",
        " 9111 0000 6000 3734 1L ",
        "911100006-00037341-L",
        "91110000－60003734１L",
        "911100006\u300000037341L",  # ideographic space
    ],
)
def test_input_is_normalised(raw: str) -> None:
    r = validate("uscc", raw)
    assert r.valid
    assert r.value == "91110000600037341L"


# --- hard errors ---------------------------------------------------------------------


def test_wrong_check_character_names_expected_and_actual() -> None:
    r = validate("uscc", "91110000600037341X")
    assert not r.valid
    assert "统一社会信用代码校验位错误：应为 L，实为 X。" in r.message_zh
    assert "expected L, found X" in r.message_en


@pytest.mark.parametrize("length", [0, 1, 17, 19])
def test_wrong_length_is_refused(length: int) -> None:
    r = validate("uscc", "91110000600037341L1"[:length])
    assert not r.valid
    if length:
        assert f"现为 {length} 位" in r.message_zh
    else:
        assert "请填写" in r.message_zh


@pytest.mark.parametrize("letter", list("IOSVZ"))
def test_letters_outside_the_31_character_set_are_refused(letter: str) -> None:
    code = "91110000600037341L"
    bad = code[:10] + letter + code[11:]
    r = validate("uscc", bad)
    assert not r.valid
    assert f"第 11 位是“{letter}”，但代码中不使用字母 I、O、S、V、Z" in r.message_zh


def test_letter_o_gets_a_hint_that_it_is_probably_zero() -> None:
    r = validate("uscc", "911100006OOO37341L")
    assert not r.valid and "数字 0" in r.message_zh


@pytest.mark.parametrize("char", ["*", "中", "_", "."])
def test_other_characters_are_refused(char: str) -> None:
    r = validate("uscc", "9111000060003734" + char + "L")
    assert not r.valid
    assert "第 17 位" in r.message_zh


def test_region_positions_must_be_digits() -> None:
    code = with_check("91A10000" + org_with_check("60003734"))
    r = validate("uscc", code)
    assert not r.valid
    assert "第 3–8 位" in r.message_zh


# --- warnings ------------------------------------------------------------------------


def test_unknown_department_is_a_warning() -> None:
    r = validate("uscc", with_check("B1110000" + org_with_check("60003734")))
    assert r.valid
    assert "登记管理部门代码" in warnings_zh(r)
    assert r.details["department"] is None


@pytest.mark.parametrize("prefix", ["94", "99", "Y2", "22", "A2"])
def test_unknown_department_type_combination_is_a_warning(prefix: str) -> None:
    r = validate("uscc", with_check(prefix + "110000" + org_with_check("60003734")))
    assert r.valid
    assert "机构类别代码" in warnings_zh(r)
    assert r.details["entity_type"] is None


def test_unknown_beijing_region_is_a_warning() -> None:
    r = validate("uscc", with_check("91110199" + org_with_check("60003734")))
    assert r.valid
    assert "110199 不在北京市行政区划代码表中" in warnings_zh(r)


def test_unknown_province_is_a_warning() -> None:
    r = validate("uscc", with_check("91990000" + org_with_check("60003734")))
    assert r.valid
    assert "99 不是任何省级行政区的代码" in warnings_zh(r)


def test_national_and_historical_regions_are_accepted_quietly() -> None:
    national = validate("uscc", with_check("11100000" + org_with_check("00001942")))
    assert national.valid and not national.warnings
    historical = validate("uscc", with_check("12110103" + org_with_check("40000123")))
    assert historical.valid and not historical.warnings
    assert historical.details["region_historical"] is True
    assert historical.details["region_name"] == "崇文区（已撤销，今东城区）"


def test_embedded_org_code_failure_is_a_warning_not_an_error() -> None:
    body = "91110000" + "600037342"  # org code check should be 1
    r = validate("uscc", with_check(body))
    assert r.valid
    assert "组织机构代码 60003734-2" in warnings_zh(r)
    assert r.details["org_code_valid"] is False


def test_embedded_org_code_helpers() -> None:
    assert embedded_org_code("91110000600037341L") == "60003734-1"
    assert org_code_matches_uscc("60003734-1", "91110000600037341L")
    assert not org_code_matches_uscc("60003735-X", "91110000600037341L")


# --- properties ----------------------------------------------------------------------

uscc_bodies = st.builds(
    lambda head, region, org: head + region + org,
    st.text(alphabet=CHARSET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=CHARSET, min_size=9, max_size=9),
)


@settings(deadline=None)
@given(uscc_bodies)
def test_any_body_with_its_computed_check_validates(body: str) -> None:
    assert uscc_check_char(body) == with_check(body)[-1]
    r = validate("uscc", with_check(body))
    assert r.valid
    assert r.value == with_check(body)


@settings(deadline=None)
@given(uscc_bodies, st.integers(min_value=0, max_value=17), st.sampled_from(CHARSET))
def test_changing_any_one_character_is_detected(body: str, pos: int, new: str) -> None:
    code = with_check(body)
    if code[pos] == new:
        new = CHARSET[(CHARSET.index(new) + 1) % 31]
    changed = code[:pos] + new + code[pos + 1 :]
    assert not validate("uscc", changed).valid


@settings(deadline=None)
@given(uscc_bodies, st.integers(min_value=0, max_value=16))
def test_swapping_two_different_neighbours_is_detected(body: str, pos: int) -> None:
    code = with_check(body)
    if code[pos] == code[pos + 1]:
        return
    swapped = code[:pos] + code[pos + 1] + code[pos] + code[pos + 2 :]
    assert not validate("uscc", swapped).valid


@settings(deadline=None)
@given(uscc_bodies)
def test_full_width_and_lower_case_input_gives_the_same_value(body: str) -> None:
    code = with_check(body)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code.lower())
    assert validate("uscc", full_width).value == code


# --- 组织机构代码 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("60003734-1", "60003734-1"),
        ("600037341", "60003734-1"),
        ("M000100Y-4", "M000100Y-4"),
        ("m000100y4", "M000100Y-4"),
        ("６０００３７３４－１", "60003734-1"),
    ],
)
def test_org_code_accepted_with_or_without_hyphen(raw: str, value: str) -> None:
    r = validate("orgcode", raw)
    assert r.valid
    assert r.value == value


def test_org_code_check_10_is_x_and_11_is_zero() -> None:
    # Bodies chosen so that 11 − (Σ mod 11) is 10 and 11.
    ten = next(b for b in (f"{n:08d}" for n in range(1000)) if org_with_check(b)[-1] == "X")
    eleven = next(
        b
        for b in (f"{n:08d}" for n in range(1000))
        if sum(int(c) * w for c, w in zip(b, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11 == 0
    )
    assert org_code_check_char(ten) == "X"
    assert org_code_check_char(eleven) == "0"
    assert validate("orgcode", ten + "-X").valid
    assert validate("orgcode", eleven + "-0").valid


def test_org_code_is_not_the_plain_remainder() -> None:
    # Σ for 60003734 is 109, 109 mod 11 = 10: the wrong "Σ mod 11" formula gives X.
    assert org_code_check_char("60003734") == "1"
    assert not validate("orgcode", "60003734-X").valid


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("60003734-2", "校验码错误：应为 1，实为 2"),
        ("6000373-1", "应为 9 位"),
        ("600037341-1", "应为 9 位"),
        ("6000*734-1", "第 5 位"),
        ("60003734-A", "只能是数字或 X"),
        ("", "请填写"),
    ],
)
def test_org_code_refusals(raw: str, needle: str) -> None:
    r = validate("orgcode", raw)
    assert not r.valid
    assert needle in r.message_zh


@settings(deadline=None)
@given(
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.integers(min_value=0, max_value=7),
    st.integers(min_value=1, max_value=9),
)
def test_org_code_detects_any_single_digit_change(body: str, pos: int, delta: int) -> None:
    code = org_with_check(body)
    assert validate("orgcode", code).valid
    changed = code[:pos] + str((int(code[pos]) + delta) % 10) + code[pos + 1 :]
    assert not validate("orgcode", changed).valid
