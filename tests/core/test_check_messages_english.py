"""Check messages name fields by their label, never their key, in both languages, and
the English ones hold no Chinese (issue 12, must-hold 2: `tech_amount ... must not
exceed contract_amount` was shown to an English-reading officer)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from bjstc_desktop.core.casetypes import CaseType, CheckDef, FieldDef, FieldKind
from bjstc_desktop.core.checks import refusal, run_checks
from bjstc_desktop.core.modules import all_case_types, case_type

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
TODAY = dt.date(2026, 6, 15)
ID_NUMBER = "11010519491231002X"  # the standard's own example (born 1949-12-31)


def _value(f: FieldDef, i: int, variant: int) -> Any:
    """A plausible value of field `f`; `variant` flips orders and picks other choices."""
    k = f.kind
    sign = 1 if variant % 2 == 0 else -1
    if k is FieldKind.DATE:
        return (dt.date(2024, 1, 1) + dt.timedelta(days=400 + sign * 37 * i)).isoformat()
    if k is FieldKind.MONEY:
        return 1_000_000 * (i + 1 if variant % 2 == 0 else 50 - i)
    if k is FieldKind.INTEGER:
        return i + 1 if variant % 2 == 0 else 100 - i
    if k is FieldKind.ENUM:
        return f.choices[0 if variant % 2 == 0 else -1]
    if k is FieldKind.BOOL:
        return variant % 2 == 0
    if k is FieldKind.RATIO:
        return "0.5000"
    if k is FieldKind.ID_NUMBER:
        return ID_NUMBER
    if k is FieldKind.DISTRICT:
        return "110101"
    if k is FieldKind.ROWS:
        return [{c.key: _value(c, i + j, variant + j) for j, c in enumerate(f.columns)} for i in range(2)]
    return "Alpha"


def _fields(ct: CaseType, check: CheckDef, variant: int) -> dict[str, Any]:
    fields = {f.key: _value(f, i, variant) for i, f in enumerate(ct.fields)}
    for key, allowed in check.when:  # make the check apply
        wanted = next((a for a in allowed if a), "")
        f = ct.field(key)
        fields[key] = (wanted == "是") if f and f.kind is FieldKind.BOOL else wanted
    return fields


def _keys(ct: CaseType) -> set[str]:
    """Every field and column key that reads as a key (has an underscore)."""
    keys = set()
    for f in ct.fields:
        keys.add(f.key)
        keys.update(c.key for c in f.columns)
    return {k for k in keys if "_" in k}


def _facts(variant: int) -> dict[str, Any]:
    """What the store would find for a case (科研失信 hits, the panel), for the checks
    that read facts rather than fields: a hit and no aggregate, then none and one."""
    from decimal import Decimal

    from bjstc_desktop.core.checklib.shared import PanelFacts
    from bjstc_desktop.core.experts import Aggregate, Identity
    from bjstc_desktop.core.integrity import Hit, IntegrityFacts, IntegrityRecord

    party = Identity("org", "91110000600037341L", "Alpha", "统一社会信用代码", "USCC")
    record = IntegrityRecord("r", party, "BJSTC", "No. 1", "取消申报资格" if variant % 2 else "通报批评", (),
                             dt.date(2025, 1, 1))
    if variant % 2:
        return {"integrity": IntegrityFacts((Hit(party, record),), 1, 1),
                "panel": PanelFacts(None, ("尚未评分。", "Not scored yet."))}
    return {"integrity": IntegrityFacts(), "panel": PanelFacts(Aggregate(Decimal("80.00"), "trimmed_mean", 5))}


def _messages(ct: CaseType) -> list[tuple[str, str, str]]:
    out = []
    for check in ct.checks:
        for variant in range(4):
            values = {} if variant == 3 else _fields(ct, check, variant)
            for r in run_checks(ct, values, None, TODAY, facts=_facts(variant)):
                if r.key == check.key:
                    out.append((check.key, r.message_zh, r.message_en))
    return out


@pytest.mark.parametrize("ct", all_case_types(), ids=lambda ct: ct.code)
def test_check_messages_name_labels_not_keys(ct: CaseType) -> None:
    keys = _keys(ct)
    bad = []
    for check, zh, en in _messages(ct):
        if CJK.search(en):
            bad.append(f"{check} (en has Chinese): {en}")
        for text in (zh, en):
            shown = {k for k in keys if re.search(rf"(?<![A-Za-z_]){re.escape(k)}(?![A-Za-z_])", text)}
            if shown:
                bad.append(f"{check} shows {sorted(shown)}: {text}")
    assert bad == []


def test_the_reported_case_reads_as_english() -> None:
    """The message the officer saw: 技术交易额 above 成交额 on a technology contract."""
    ct = case_type("tech_contract")
    results = run_checks(ct, {"tech_amount": 200_000_00, "contract_amount": 100_000_00}, None, TODAY)
    r = next(r for r in results if r.key == "tech_amount_within_contract")
    assert r.passed is False
    assert r.message_en == ("Technology transaction amount 200,000.00 yuan must not exceed "
                            "Contract amount 100,000.00 yuan.")
    assert r.label_en == "Technology transaction amount within contract amount"
    err = refusal("保存内容", "Saving", [r])
    assert "tech_amount" not in err.en and "Technology transaction amount within contract amount:" in err.en


def test_every_checked_type_produced_messages() -> None:
    """The synthetic cases reach every check (so the test above looks at all of them)."""
    unreached = [f"{ct.code}/{c.key}" for ct in all_case_types() for c in ct.checks
                 if c.key not in {m[0] for m in _messages(ct)}]
    assert unreached == []
