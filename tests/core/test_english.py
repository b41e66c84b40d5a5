"""English is complete for everything the case types declare (issue 12, must-hold 2):
every module, case type, state, action, field and column, code-table value, party role,
unit, help text, check, clock, rule, letter and handling-record step has English, the
English is English (no Chinese, no internal key), and no two things one screen shows
side by side share an English name."""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bjstc_desktop.core import i18n
from bjstc_desktop.core.casetypes import LETTER_TEMPLATES, LETTER_TEMPLATES_EN, CaseType, FieldDef
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.english import _KINDS, Terms
from bjstc_desktop.core.glossary import SHARED, TIMELINE_STEPS, UNITS
from bjstc_desktop.core.modules import _MODULE_FILES, all_modules, module_terms
from bjstc_desktop.core.roles import Role

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
KEY_LIKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")  # valid_start, tech_amount
PACKAGE = Path(i18n.__file__).resolve().parents[1]


def _fields(fields: tuple[FieldDef, ...], where: str) -> Iterator[tuple[str, FieldDef]]:
    for f in fields:
        yield where, f
        yield from _fields(f.columns, f"{where} / {f.label}")


def declared_english(ct: CaseType) -> Iterator[tuple[str, str, str]]:
    """(where, Chinese, English) for every word of the case type a screen can show."""
    here = f"{ct.module}/{ct.code}"
    yield here, ct.name, ct.name_en
    states_en = dict(zip(ct.states, ct.states_en, strict=False))
    for s in ct.states:
        yield f"{here} state", s, states_en.get(s, "")
    for t in ct.transitions:
        yield f"{here} action {t.action}", t.label, t.label_en
    for where, f in _fields(ct.fields, here):
        yield f"{where} field {f.key}", f.label, f.label_en
        if f.help:
            yield f"{where} help of {f.key}", f.help, f.help_en
        if f.party_role:
            yield f"{where} party role of {f.key}", f.party_role, f.party_role_en
        for value in f.choices:
            yield f"{where} choice of {f.key}", value, f.choice_en(value)
        if f.unit:
            yield f"{where} unit of {f.key}", f.unit, UNITS.get(f.unit, "")
    for c in ct.checks:
        yield f"{here} check {c.key}", c.label, c.label_en
    for c in ct.clocks:
        yield f"{here} clock {c.key}", c.label, c.label_en
    for r in ct.rules:
        yield f"{here} rule {r.key}", r.label, r.label_en
        yield f"{here} unit of rule {r.key}", r.unit, UNITS.get(r.unit, "")
    for code in ct.all_letters:
        yield f"{here} letter {code}", LETTER_TEMPLATES.get(code, code), LETTER_TEMPLATES_EN.get(code, "")


def every_english() -> Iterator[tuple[str, str, str]]:
    for m in all_modules():
        yield f"module {m.code}", m.name, m.name_en
        for ct in m.case_types:
            yield from declared_english(ct)
    for code, zh in LETTER_TEMPLATES.items():
        yield f"letter {code}", zh, LETTER_TEMPLATES_EN.get(code, "")
    for code, (zh, en) in TIMELINE_STEPS.items():
        yield f"handling step {code}", zh, en
    for level in Level:
        yield f"level {level.name}", level.label, level.label_en
    for role in Role:
        yield f"role {role.value}", role.label, role.label_en


def test_every_declaration_has_english() -> None:
    missing = [f"{where}: {zh}" for where, zh, en in every_english() if not en]
    assert missing == [], f"{len(missing)} without English (add them to the module's ENGLISH or core/glossary.py):\n" + \
        "\n".join(missing)


def test_the_english_is_english_not_chinese_or_a_key() -> None:
    bad = [f"{where}: {zh} → {en!r}" for where, zh, en in every_english()
           if en and (CJK.search(en) or KEY_LIKE.match(en) or en != en.strip())]
    assert bad == []


def _clashes(pairs: list[tuple[str, str]]) -> list[str]:
    """Distinct Chinese words given the same English."""
    seen: dict[str, str] = {}
    out = []
    for zh, en in pairs:
        if en and seen.setdefault(en.casefold(), zh) != zh:
            out.append(f"{seen[en.casefold()]} / {zh} → {en}")
    return out


def test_what_one_screen_shows_side_by_side_has_distinct_english() -> None:
    """States of a type (the state filter), its actions (the buttons), its fields (the
    form), the columns of a rows field and the choices of a field (a combo box)."""
    clashes = []
    for m in all_modules():
        for ct in m.case_types:
            here = f"{m.code}/{ct.code}"
            clashes += [f"{here} states: {c}" for c in _clashes(list(zip(ct.states, ct.states_en, strict=False)))]
            clashes += [f"{here} actions: {c}" for c in _clashes([(t.label, t.label_en) for t in ct.transitions])]
            clashes += [f"{here} fields: {c}" for c in _clashes([(f.label, f.label_en) for f in ct.fields])]
            for _, f in _fields(ct.fields, here):
                clashes += [f"{here} {f.key} columns: {c}" for c in _clashes([(c.label, c.label_en) for c in f.columns])]
                clashes += [f"{here} {f.key} choices: {c}" for c in _clashes(list(zip(f.choices, f.choices_en, strict=False)))]
    assert clashes == []


def test_every_letter_template_is_named_in_both_languages() -> None:
    assert set(LETTER_TEMPLATES_EN) == set(LETTER_TEMPLATES)


def _timeline_codes() -> set[str]:
    """The handling-step codes ops/ records with a literal through the unit of work
    (ops/case_changes.py): change.step(case, "code", ...), record_change(s, ctx, case,
    "code", ...), or add_timeline(case, "code", ...) underneath; or a new case's first
    entry from the writer of new cases (ops/new_cases.py): timeline_entry("code", ...)."""
    codes = set()
    for path in (PACKAGE / "ops").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            at = {"add_timeline": 1, "step": 1, "record_change": 3, "timeline_entry": 0}.get(name)
            if at is not None and len(node.args) > at and isinstance(node.args[at], ast.Constant):
                codes.add(node.args[at].value)
    return codes


def test_every_handling_step_the_program_records_has_a_name() -> None:
    codes = _timeline_codes()
    assert {"create", "letter_issue"} <= codes  # the scan finds them
    assert codes - set(TIMELINE_STEPS) == set()


def _used_words(m_code: str) -> dict[str, set[str]]:
    used: dict[str, set[str]] = {k: set() for k in _KINDS}
    for ct in next(m for m in all_modules() if m.code == m_code).case_types:
        used["types"].add(ct.name)
        used["states"].update(ct.states)
        used["actions"].update(t.label for t in ct.transitions)
        used["checks"].update(c.label for c in ct.checks)
        used["clocks"].update(c.label for c in ct.clocks)
        used["rules"].update(r.label for r in ct.rules)
        for _, f in _fields(ct.fields, ""):
            used["fields"].add(f.label)
            used["help"].add(f.help)
            used["roles"].add(f.party_role)
            used["choices"].update(f.choices)
    return used


@pytest.mark.parametrize("mod", _MODULE_FILES, ids=lambda mod: mod.MODULE.code)
def test_a_module_declares_english_only_for_its_own_words(mod: object) -> None:
    """A word the module no longer uses (renamed, removed) leaves no stale English."""
    terms = module_terms(mod)  # type: ignore[arg-type]
    used = _used_words(mod.MODULE.code)  # type: ignore[attr-defined]
    stale = [f"{kind}: {zh}" for kind in _KINDS for zh in getattr(terms, kind) if zh not in used[kind]]
    assert stale == []


def test_english_declared_inline_wins_over_the_terms() -> None:
    mod = importlib.import_module("bjstc_desktop.core.modules.market")
    ct = next(t for t in mod.MODULE.case_types if t.code == "tech_contract")
    from dataclasses import replace

    from bjstc_desktop.core.english import case_type_in_english

    f = replace(ct.fields[0], label_en="Registration no. (inline)")
    stamped = case_type_in_english(replace(ct, fields=(f,)), Terms(fields={f.label: "from the terms"}))
    assert stamped.fields[0].label_en == "Registration no. (inline)"


def test_the_shared_glossary_covers_the_shapes_every_module_may_use() -> None:
    """States and actions written in core/shapes.py are English whichever module uses them."""
    tree = ast.parse((PACKAGE / "core" / "shapes.py").read_text(encoding="utf-8"))
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
    words = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
             and id(n) not in docstrings and CJK.search(n.value)}
    missing = sorted(w for w in words if w not in SHARED.states and w not in SHARED.actions)
    assert missing == []


def test_the_accessor_shows_the_officers_language(monkeypatch: pytest.MonkeyPatch) -> None:
    ct = next(t for m in all_modules() for t in m.case_types if t.code == "tech_contract")
    seller = ct.field("seller")
    kind = ct.field("contract_type")
    register = next(t for t in ct.transitions if t.action == "register")
    assert seller and kind
    i18n.set_language("en")
    try:
        assert i18n.label(ct) == "Technology contract registration"
        assert i18n.label(seller) == seller.label_en
        assert i18n.state_label(ct, "受理") == "Accepted"
        assert i18n.choice_label(kind, "技术开发") == "Technology development"
        assert i18n.label(register) == register.label_en
        assert i18n.party_role_label(ct, "买方") == "Buyer"
        assert i18n.step_label("letter_issue", ct) == "Letter issued"
        assert i18n.step_label("register", ct) == register.label_en
        assert i18n.step_label("no_such_step", ct) == "Other step"  # never the key
        assert i18n.letter_name("acceptance_notice") == "Notice of acceptance"
        assert i18n.unit_label("万元") == "×10,000 yuan"
        assert i18n.label(Level.SECRET) == "Secret"
    finally:
        i18n.set_language(None)
    monkeypatch.delenv("BJSTC_LANG", raising=False)
    assert i18n.label(ct) == "技术合同认定登记"
    assert i18n.state_label(ct, "受理") == "受理"
    assert i18n.step_label("letter_issue", ct) == "出具文书"
