"""English beside the Chinese of every case-type declaration.

Module files and shapes declare their words in Chinese. Their English is declared as
`Terms`: a module file's own words in its `ENGLISH = Terms(...)`, the words several
modules share (states, common actions and fields, code-table values) in
core/glossary.py. The registry stamps the English into the declarations
(`label_en`, `name_en`, `states_en`, `choices_en`, ...), so every display reads the
declaration itself through core/i18n; English declared inline on a FieldDef,
Transition, ... wins over the terms (for a word whose English depends on its place).
tests/core/test_english.py fails on any declaration left without English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from bjstc_desktop.core.casetypes import (
    CaseType,
    CheckDef,
    ClockDef,
    FieldDef,
    Module,
    RuleDef,
    Transition,
)


def _words() -> Mapping[str, str]:
    return field(default_factory=dict)


@dataclass(frozen=True)
class Terms:
    """Chinese → English, by what the word names (one word may name a state and an
    action: 归档 is "Archived" as a state, "Archive" as an action)."""

    types: Mapping[str, str] = _words()  # case type names
    states: Mapping[str, str] = _words()
    actions: Mapping[str, str] = _words()  # transition labels (buttons)
    fields: Mapping[str, str] = _words()  # field and column labels
    choices: Mapping[str, str] = _words()  # values of ENUM fields
    roles: Mapping[str, str] = _words()  # party roles
    help: Mapping[str, str] = _words()  # field help texts
    checks: Mapping[str, str] = _words()  # check names
    clocks: Mapping[str, str] = _words()
    rules: Mapping[str, str] = _words()  # rule-table labels

    def over(self, base: Terms) -> Terms:
        """These terms, falling back to `base` for words they do not hold."""
        return Terms(**{name: {**getattr(base, name), **getattr(self, name)} for name in _KINDS})


_KINDS = tuple(Terms.__dataclass_fields__)


def _field(f: FieldDef, terms: Terms) -> FieldDef:
    return replace(
        f,
        label_en=f.label_en or terms.fields.get(f.label, ""),
        help_en=f.help_en or (terms.help.get(f.help, "") if f.help else ""),
        choices_en=f.choices_en or tuple(terms.choices.get(c, "") for c in f.choices),
        party_role_en=f.party_role_en or (terms.roles.get(f.party_role, "") if f.party_role else ""),
        columns=tuple(_field(c, terms) for c in f.columns),
    )


def _transition(t: Transition, terms: Terms) -> Transition:
    return replace(t, label_en=t.label_en or terms.actions.get(t.label, ""))


def _check(c: CheckDef, terms: Terms) -> CheckDef:
    return replace(c, label_en=c.label_en or terms.checks.get(c.label, ""))


def _clock(c: ClockDef, terms: Terms) -> ClockDef:
    return replace(c, label_en=c.label_en or terms.clocks.get(c.label, ""))


def _rule(r: RuleDef, terms: Terms) -> RuleDef:
    return replace(r, label_en=r.label_en or terms.rules.get(r.label, ""))


def case_type_in_english(ct: CaseType, terms: Terms) -> CaseType:
    """The case type with English stamped into every declaration the terms know."""
    return replace(
        ct,
        name_en=ct.name_en or terms.types.get(ct.name, ""),
        states_en=ct.states_en or tuple(terms.states.get(s, "") for s in ct.states),
        fields=tuple(_field(f, terms) for f in ct.fields),
        transitions=tuple(_transition(t, terms) for t in ct.transitions),
        checks=tuple(_check(c, terms) for c in ct.checks),
        clocks=tuple(_clock(c, terms) for c in ct.clocks),
        rules=tuple(_rule(r, terms) for r in ct.rules),
    )


def module_in_english(m: Module, terms: Terms) -> Module:
    """The module with English stamped into each of its case types."""
    return replace(m, case_types=tuple(case_type_in_english(t, terms) for t in m.case_types))
