"""The officer's language for messages produced outside Qt (CLI, errors).

Chinese is the default; `BJSTC_LANG=en` (or the workstation setting) selects English.
The GUI uses Qt Linguist catalogues for its own strings and this for error texts and
for the names of everything the case types declare (label(), state_label(), ...).
"""

from __future__ import annotations

from typing import Any

from bjstc_desktop.core.casetypes import LETTER_TEMPLATES, LETTER_TEMPLATES_EN, CaseType, FieldDef
from bjstc_desktop.core.glossary import SHARED, TIMELINE_STEPS, UNITS

# tr() and the language itself live in core/language.py (light: no declarations); they
# are re-exported here for the many modules that need both.
from bjstc_desktop.core.language import current_language as current_language
from bjstc_desktop.core.language import set_language as set_language
from bjstc_desktop.core.language import tr as tr

# What the program itself says about its declarations (modules, case types, fields,
# actions, checks, clocks, rules, districts, levels, roles) in the officer's language.
# Every display site goes through these, so no internal key is ever shown: a missing
# English falls back to the Chinese (and tests/core/test_english.py fails on it).


def pick(zh: str, en: str, language: str | None = None) -> str:
    """`en` in English (when there is one), else `zh`."""
    return en if en and (language or current_language()) == "en" else zh


def label(thing: Any, language: str | None = None) -> str:
    """The name of a declaration: anything with label/label_en or name/name_en."""
    zh = getattr(thing, "label", None)
    if not isinstance(zh, str):
        zh = thing.name
    en = getattr(thing, "label_en", "") or getattr(thing, "name_en", "")
    return pick(zh, en, language)


def state_label(case_type: CaseType | None, state: str, language: str | None = None) -> str:
    """A workflow state as shown ("" stays "")."""
    if not state:
        return ""
    return pick(state, (case_type.state_en(state) if case_type else "") or _shared_state(state), language)


def choice_label(f: FieldDef | None, value: Any, language: str | None = None) -> str:
    """A value of an ENUM field (a code-table value) as shown; other values unchanged."""
    text = "" if value is None else str(value)
    if f is None or not f.choices:
        return text
    return pick(text, f.choice_en(text), language)


def help_text(f: FieldDef, language: str | None = None) -> str:
    """A field's help text ("" when it has none)."""
    return pick(f.help, f.help_en, language) if f.help else ""


def unit_label(unit: str, language: str | None = None) -> str:
    """A display unit (元, 万元, 人次, ...)."""
    return pick(unit, UNITS.get(unit, ""), language) if unit else ""


def party_role_label(case_type: CaseType | None, role: str, language: str | None = None) -> str:
    """A party's role (承担单位, 买方, ...) as declared by the case type's fields."""
    for f in _all_fields(case_type.fields if case_type else ()):
        if f.party_role == role:
            return pick(role, f.party_role_en, language)
    return pick(role, SHARED.roles.get(role, ""), language)


def letter_name(code: str, language: str | None = None) -> str:
    """A letter template's name (受理通知书 / Notice of acceptance)."""
    zh = LETTER_TEMPLATES.get(code)
    if zh is None:
        return pick("文书", "Letter", language)
    return pick(zh, LETTER_TEMPLATES_EN.get(code, ""), language)


def step_label(code: str, case_type: CaseType | None = None, language: str | None = None) -> str:
    """A step of a case's handling record: the transition's label, or a step the
    program records itself (登记, 出具文书, ...)."""
    if code in TIMELINE_STEPS:
        return pick(*TIMELINE_STEPS[code], language=language)
    for t in case_type.transitions if case_type else ():
        if t.action == code:
            return label(t, language)
    return pick("其他办理步骤", "Other step", language)


def _shared_state(state: str) -> str:
    return SHARED.states.get(state, "")


def _all_fields(fields: tuple[FieldDef, ...]) -> list[FieldDef]:
    out = []
    for f in fields:
        out.append(f)
        out.extend(_all_fields(f.columns))
    return out
