"""The one registry of the main window's tabs: 工作台 first, then one tab per duty
module in the commission's order (core.modules.all_modules()).

Every duty gets a DutyTab built from its module's data, so adding a 14th duty to the
core adds its tab with no GUI code. A duty that needs a richer page registers its own
ModuleTab subclass here — one line in DUTY_TABS."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bjstc_desktop.core.casetypes import Module
from bjstc_desktop.core.modules import all_modules
from bjstc_desktop.gui.case_table_model import DEFAULT_PAGE_SIZE
from bjstc_desktop.gui.letter_register import LETTERS_KEY, LetterRegisterTab
from bjstc_desktop.gui.module_tab import DutyTab, ModuleTab
from bjstc_desktop.gui.workbench import Workbench
from bjstc_desktop.workstation import Workstation

DutyTabFactory = Callable[[Workstation, Module, int], ModuleTab]

# module code → the tab class of a duty with its own page (none yet: all use DutyTab).
DUTY_TABS: dict[str, DutyTabFactory] = {}

WORKBENCH_KEY = "workbench"


def build_tabs(ws: Workstation, page_size: int = DEFAULT_PAGE_SIZE,
               today: Callable[[], dt.date] = dt.date.today) -> list[ModuleTab]:
    """The pages of the main window, in order."""
    tabs: list[ModuleTab] = [Workbench(ws, page_size=page_size, today=today)]
    for m in all_modules():
        factory = DUTY_TABS.get(m.code, DutyTab)
        tabs.append(factory(ws, m, page_size))
    tabs.append(LetterRegisterTab(ws))  # 公文登记簿, after the duties
    return tabs


def tab_keys() -> list[str]:
    """The keys --tab accepts: "workbench", every module code and "letters"."""
    return [WORKBENCH_KEY, *(m.code for m in all_modules()), LETTERS_KEY]
