"""One registry: every duty module gets its tab from the module data, so a 14th duty
in the core appears without GUI code, and a duty with its own page is one entry."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bjstc_desktop.core.modules import all_modules
from bjstc_desktop.gui import tab_registry
from bjstc_desktop.gui.module_tab import DutyTab
from bjstc_desktop.gui.workbench import Workbench
from bjstc_desktop.workstation import Workstation


def test_a_fourteenth_duty_gets_its_tab_from_the_registry(qtbot, ws: Workstation, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = replace(all_modules()[0], number=14, code="newduty", name="新增职责", name_en="New duty", case_types=())
    monkeypatch.setattr(tab_registry, "all_modules", lambda: (*all_modules(), extra))
    tabs = tab_registry.build_tabs(ws)
    for tab in tabs:
        qtbot.addWidget(tab)
    assert isinstance(tabs[0], Workbench)
    assert [t.key for t in tabs[1:]] == [m.code for m in all_modules()] + ["newduty", "letters"]
    assert tabs[-2].title() == "新增职责" and tabs[-2].objectName() == "tab_newduty"
    assert "newduty" in tab_registry.tab_keys()


def test_a_duty_with_its_own_page_is_one_registry_entry(qtbot, ws: Workstation, monkeypatch: pytest.MonkeyPatch) -> None:
    class MarketTab(DutyTab):
        """A richer market page."""

    monkeypatch.setitem(tab_registry.DUTY_TABS, "market", MarketTab)
    tabs = tab_registry.build_tabs(ws)
    for tab in tabs:
        qtbot.addWidget(tab)
    kinds = {t.key: type(t) for t in tabs}
    assert kinds["market"] is MarketTab and kinds["policy"] is DutyTab
