"""The registry of the 13 duty modules, one file each, in the commission's order.

Adding a 14th duty is one file (its declarations and their ENGLISH) and one line here.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from types import ModuleType

from bjstc_desktop.core.casetypes import CaseType, Module
from bjstc_desktop.core.english import Terms, module_in_english
from bjstc_desktop.core.errors import NotFoundError
from bjstc_desktop.core.glossary import SHARED
from bjstc_desktop.core.modules import (
    assignments,
    cooperation,
    districts,
    funding,
    industry,
    institutions,
    market,
    planning,
    policy,
    programs,
    statistics,
    talent,
    zones,
)
from bjstc_desktop.core.shared_duties import with_shared_duties

_MODULE_FILES = (
    policy, planning, programs, industry, funding, institutions, market,
    zones, cooperation, talent, statistics, districts, assignments,
)


@cache
def all_modules() -> tuple[Module, ...]:
    """The 13 modules in their official order, each case type stamped with its module
    and with the English of its module file's ENGLISH terms over the shared glossary."""
    modules = []
    for mod in _MODULE_FILES:
        m: Module = mod.MODULE
        types = tuple(with_shared_duties(replace(t, module=m.code)) for t in m.case_types)
        terms = module_terms(mod)
        modules.append(module_in_english(replace(m, case_types=types), terms.over(SHARED)))
    return tuple(sorted(modules, key=lambda m: m.number))


def module_terms(mod: ModuleType) -> Terms:
    """The English a module file declares for its own words (its ENGLISH: kind → words)."""
    return Terms(**getattr(mod, "ENGLISH", {}))


MODULE_CODES: tuple[str, ...] = tuple(m.MODULE.code for m in _MODULE_FILES)


def module(code: str) -> Module:
    """The module with this code, or a NotFoundError naming it."""
    for m in all_modules():
        if m.code == code:
            return m
    raise NotFoundError(f"没有代码为“{code}”的业务模块。", f"No module with code {code!r}.")


@cache
def _types_by_code() -> dict[str, CaseType]:
    return {t.code: t for m in all_modules() for t in m.case_types}


def case_type(code: str) -> CaseType:
    """The case type with this code, or a NotFoundError naming it."""
    try:
        return _types_by_code()[code]
    except KeyError:
        raise NotFoundError(f"没有代码为“{code}”的案件类型。", f"No case type with code {code!r}.") from None


def all_case_types() -> tuple[CaseType, ...]:
    """Every case type of every module."""
    return tuple(_types_by_code().values())
