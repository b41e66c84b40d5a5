"""Issue 15 point 3: a package's field values that are in their stored form on their
face skip the typed-input parse (sync/stored_fields.py). The fast answer is never yes
for a value the full parse refuses or changes, on every edge a forger could try, and a
body is refused with the same message as before."""

from __future__ import annotations

import random
from typing import Any

import pytest

from benchmarks.sync_data import contract_body
from bjstc_desktop.core.casetypes import FieldDef, FieldKind
from bjstc_desktop.core.errors import BjstcError
from bjstc_desktop.core.fieldvalues import MAX_TEXT, parse_value
from bjstc_desktop.core.modules import all_case_types, case_type
from bjstc_desktop.core.money import MAX_FEN
from bjstc_desktop.demo import fake_uscc
from bjstc_desktop.sync import stored_fields, validate
from bjstc_desktop.sync.refusals import PackageRefused


def _field(kind: FieldKind) -> FieldDef:
    found = next((f for ct_code in ("tech_contract",) for f in case_type(ct_code).fields if f.kind is kind), None)
    assert found is not None, kind
    return found


def _full(f: FieldDef, value: Any) -> bool:
    """What sync/validate.py's full path says: the value parses back unchanged."""
    try:
        typed = validate._as_input(f, value)
        return bool(parse_value(f, typed) == value)
    except (BjstcError, PackageRefused):
        return False


def _usccs() -> list[Any]:
    rng = random.Random(7)
    good = [fake_uscc(rng) for _ in range(40)] + [fake_uscc(rng, prefix="N1"), fake_uscc(rng, prefix="Y1")]
    out: list[Any] = list(good)
    for g in good[:10]:
        out += [g.lower(), g[:-1] + ("0" if g[-1] != "0" else "1"), " " + g, g + " ", g[:9] + "-" + g[9:],
                g[:17], g + "1", "".join(chr(ord(c) + 0xFEE0) for c in g),  # full width
                g[:2] + "I" + g[3:], g[:2] + "A" + g[3:], g[:5] + "O" + g[6:], g + "\n", g[:4] + "\u200b" + g[4:],
                g.replace(g[10], "Z", 1), g[:3] + "٣" + g[4:]]  # an Arabic-Indic digit in the region
    return out + ["", None, 91, ["x"], "91110108MA0" * 2]


def _texts() -> list[Any]:
    return ["技术开发", "某某科技有限公司", " 前后空格 ", "尾空格 ", "\t制表", "a\nb", "a\u202eb", "x" * MAX_TEXT,
            "x" * (MAX_TEXT + 1), "", "   ", "\u3000全角空格", "a\x00b", 5, None, True, ["x"], "é", "\u00a0nbsp"]


def _money() -> list[Any]:
    return [0, 1, 10_000, MAX_FEN - 1, MAX_FEN, 2**53, 2**53 + 1, -1, True, False, "100", None, 1.5]


@pytest.mark.parametrize(("kind", "values"), [(FieldKind.USCC, _usccs()), (FieldKind.TEXT, _texts()),
                                              (FieldKind.PARTY, _texts()), (FieldKind.MONEY, _money()),
                                              (FieldKind.ENUM, _texts() + ["技术转让", "技术开发 ", "Technology development"])])
def test_the_fast_answer_is_yes_only_where_the_full_parse_gives_the_value_back(kind: FieldKind,
                                                                              values: list[Any]) -> None:
    f = _field(kind)
    fast_yes = 0
    for value in values:
        if stored_fields.unchanged(f, value):
            fast_yes += 1
            assert _full(f, value), (kind, value)
    # and it is the fast path for the stored values a package carries
    stored = [v for v in values if _full(f, v)]
    assert stored and fast_yes == len(stored)


def test_a_kind_it_does_not_know_always_takes_the_full_parse() -> None:
    for f in (f for ct in all_case_types() for f in ct.fields):
        if f.kind not in (FieldKind.TEXT, FieldKind.PARTY, FieldKind.CHECKLIST, FieldKind.ENUM, FieldKind.MONEY,
                          FieldKind.USCC):
            assert not stored_fields.unchanged(f, "2026-01-01") and not stored_fields.unchanged(f, 1)


def _refusal(fields: dict[str, Any]) -> str:
    body = contract_body(1, random.Random(3), {})
    body["fields"].update(fields)
    with pytest.raises(PackageRefused) as err:
        validate.case_body(body, False)
    return err.value.detail


def test_a_body_with_a_value_out_of_its_stored_form_is_refused_with_the_message_of_the_full_parse() -> None:
    good = contract_body(1, random.Random(3), {})
    validate.case_body(good, False)  # the stored values pass
    uscc = good["fields"]["seller_uscc"]
    assert _refusal({"seller_uscc": uscc.lower()}) == "a field value is not in its stored form"
    assert "check character" in _refusal({"seller_uscc": uscc[:-1] + ("0" if uscc[-1] != "0" else "1")})
    assert _refusal({"seller": " 前导空格"}) == "a field value is not in its stored form"
    assert _refusal({"seller": "a\u202eb"}).startswith("field value: ")
    assert _refusal({"contract_amount": MAX_FEN}).startswith("field value: ")
    assert _refusal({"contract_amount": True}) == "fields.contract_amount"
    assert _refusal({"contract_type": "没有这一类"}).startswith("field value: ")


def test_a_party_uscc_not_among_the_fields_still_passes_the_full_rule() -> None:
    body = contract_body(1, random.Random(3), {})
    other = fake_uscc(random.Random(99))
    body["parties"] = sorted([*body["parties"], ["买方", other, "买方公司"]])
    validate.case_body(body, False)
    body["parties"] = sorted([p for p in body["parties"] if p[1] != other] + [["买方", other.lower(), "买方公司"]])
    with pytest.raises(PackageRefused) as err:
        validate.case_body(body, False)
    assert err.value.detail == "party USCC"
