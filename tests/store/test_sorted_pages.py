"""Sorted, keyset-paged lists (issue 6.2): for every sort key and direction, in one duty
and across all of them, the pages put together equal one sorted list of every visible
case — no gaps, no repeats, cases without a value last — and the tab counts come from
the tallies the triggers keep."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from benchmarks.scale import bulk_cases
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.core.searchquery import CaseSort, SortKey, case_no_sort_key, parse_sort
from bjstc_desktop.ops.views import CaseView
from tests.conftest import OFFICER_PASS, Station, make_station

ATTR = {SortKey.NEWEST: "id", SortKey.RECEIVED: "received_on", SortKey.DUE: "due", SortKey.CASE_NO: "case_no",
        SortKey.STATE: "state"}


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Station:
    """800 generated cases (a tenth without a due date) seen by zhang (秘密, all) and li (内部, two duties)."""
    st = make_station(tmp_path_factory.mktemp("sorted") / "ws",
                      officers={"zhang": (Level.SECRET, "all"), "li": (Level.INTERNAL, "market,policy")})
    with st.open() as ws:
        bulk_cases(ws.store, 800, batch=200)  # 50 case types since issue 16: enough 技合 to pass 9
    return st


def _expected(rows: list[CaseView], sort: CaseSort) -> list[str]:
    attr = ATTR[sort.key]

    def key(r: CaseView) -> tuple[str, str]:
        value = getattr(r, attr)
        return (case_no_sort_key(value) if sort.key is SortKey.CASE_NO else value, r.id)

    present = sorted((r for r in rows if getattr(r, attr)), key=key, reverse=sort.descending)
    missing = sorted((r for r in rows if not getattr(r, attr)), key=lambda r: r.id, reverse=sort.descending)
    return [r.id for r in present + missing]


def _paged(ws, sort: CaseSort, module: str | None, size: int) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    cursor = None
    while True:
        page = ws.cases.page(module=module, sort=sort, cursor=cursor, limit=size)
        out += [r.id for r in page.rows]
        assert len(page.rows) <= size
        if not page.more:
            return out
        cursor = page.cursor


@pytest.mark.parametrize("key", list(SortKey))
@pytest.mark.parametrize("descending", [True, False])
def test_pages_equal_the_sorted_list(station: Station, key: SortKey, descending: bool) -> None:
    sort = CaseSort(key, descending)
    for user, module in (("zhang", "market"), ("zhang", None), ("li", None)):
        with station.open(user, OFFICER_PASS) as ws:
            everything = ws.cases.list(module=module)
            assert everything
            got = _paged(ws, sort, module, 37)
            assert got == _expected(everything, sort)
            assert len(set(got)) == len(got)


def test_cases_without_a_due_date_come_last_either_way(station: Station) -> None:
    with station.open() as ws:
        for descending in (True, False):
            rows = ws.cases.page(module="talent", sort=CaseSort(SortKey.DUE, descending), limit=10_000).rows
            dues = [r.due for r in rows]
            first_missing = dues.index(None)
            assert all(d is None for d in dues[first_missing:]) and all(dues[:first_missing])


def test_tab_counts_come_from_the_tallies_and_follow_every_change(station: Station) -> None:
    with station.open() as ws:
        counts = ws.cases.counts()
        with ws.store.read() as s:
            truth = dict(s.execute(text("SELECT module, count(*) FROM cases GROUP BY module")).all())
        assert counts == truth
        with ws.store.write() as s:  # whoever writes the row, the triggers keep the tally
            s.execute(text("UPDATE cases SET module = 'policy' WHERE id = (SELECT max(id) FROM cases "
                           "WHERE module = 'market' AND classification <= 1)"))
        after = ws.cases.counts()
        assert after["market"] == truth["market"] - 1 and after["policy"] == truth["policy"] + 1
    with station.open("li", OFFICER_PASS) as ws:
        with ws.store.read() as s:
            low = dict(s.execute(text("SELECT module, count(*) FROM cases WHERE classification <= 1 "
                                      "AND module IN ('market', 'policy') GROUP BY module")).all())
        assert ws.cases.counts() == low


def test_a_sort_is_named_by_its_key() -> None:
    assert parse_sort("due_on", descending=False) == CaseSort(SortKey.DUE, False)
    assert parse_sort(None) == CaseSort()
    with pytest.raises(ValidationError):
        parse_sort("title")


def test_case_numbers_sort_as_numbers(station: Station) -> None:
    assert case_no_sort_key("技合〔2026〕9号") < case_no_sort_key("技合〔2026〕12号") < case_no_sort_key("技合〔2026〕100号")
    with station.open() as ws:
        rows = ws.cases.page(module="market", sort=CaseSort(SortKey.CASE_NO, False), limit=10_000).rows
        contracts = [r.case_no for r in rows if r.case_no.startswith("技合")]
        numbers = [int(no.split("〕")[1].rstrip("号")) for no in contracts]
        assert numbers == sorted(numbers) and max(numbers) >= 10  # 9 before 10, as numbers
