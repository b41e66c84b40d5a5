"""The one registry of the main window's tabs: 工作台 first, then one tab per duty
module in the commission's order (core.modules.all_modules()).

Every duty gets a DutyTab built from its module's data, so adding a 14th duty to the
core adds its tab with no GUI code. A duty that needs a richer page registers its own
ModuleTab subclass here — one line in DUTY_TABS.

The main window builds a page when it is first shown (issue 15 point 4: the first screen
builds the page it shows, not fifteen): `tab_specs` says what each tab is — key, name on
the side tab, the duty it shows — without building it; `TabSpec.build` makes the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from bjstc_desktop.core.casetypes import Module
from bjstc_desktop.core.modules import all_modules
from bjstc_desktop.gui.case_table_model import DEFAULT_PAGE_SIZE
from bjstc_desktop.gui.letter_register import LETTERS_KEY, LetterRegisterTab
from bjstc_desktop.gui.module_tab import DutyTab, ModuleTab, module_title
from bjstc_desktop.gui.workbench import Workbench

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

DutyTabFactory = Callable[["Workstation", Module, int], ModuleTab]

# module code → the tab class of a duty with its own page (none yet: all use DutyTab).
DUTY_TABS: dict[str, DutyTabFactory] = {}

WORKBENCH_KEY = "workbench"


@dataclass(frozen=True)
class TabSpec:
    """One tab of the main window, before its page is built."""

    key: str
    title: str  # the name on the side tab, in the language of the moment
    build: Callable[[], ModuleTab]  # makes the page (once: the main window keeps it)
    module: Module | None = None  # the duty it shows (None: the 工作台, the 公文登记簿)


def tab_specs(ws: Workstation, page_size: int = DEFAULT_PAGE_SIZE,
              today: Callable[[], dt.date] = dt.date.today) -> list[TabSpec]:
    """The tabs of the main window, in order, none of them built."""
    # The same words as the pages' own title() (their tr() context is the class name).
    specs = [TabSpec(WORKBENCH_KEY, QCoreApplication.translate("Workbench", "Workbench"),
                     lambda: Workbench(ws, page_size=page_size, today=today))]
    for m in all_modules():
        factory = DUTY_TABS.get(m.code, DutyTab)
        specs.append(TabSpec(m.code, module_title(m), lambda f=factory, m=m: f(ws, m, page_size), m))
    specs.append(TabSpec(LETTERS_KEY, QCoreApplication.translate("LetterRegisterTab", "Letter register"),
                         lambda: LetterRegisterTab(ws)))  # 公文登记簿, after the duties
    return specs


def build_tabs(ws: Workstation, page_size: int = DEFAULT_PAGE_SIZE,
               today: Callable[[], dt.date] = dt.date.today) -> list[ModuleTab]:
    """Every page of the main window, built, in order."""
    return [spec.build() for spec in tab_specs(ws, page_size, today)]


def tab_keys() -> list[str]:
    """The keys --tab accepts: "workbench", every module code and "letters"."""
    return [WORKBENCH_KEY, *(m.code for m in all_modules()), LETTERS_KEY]
