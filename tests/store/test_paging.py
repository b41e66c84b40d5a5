"""Keyset paging: pages across modules come out newest first, without gaps or repeats,
exactly as one sorted list of every visible case would."""

from __future__ import annotations

from pathlib import Path

from bjstc_desktop.core.classification import Level
from bjstc_desktop.demo import populate
from tests.conftest import OFFICER_PASS, make_station


def test_pages_across_modules_equal_the_full_sorted_list(tmp_path: Path) -> None:
    st = make_station(tmp_path / "ws", officers={"zhang": (Level.SECRET, "all"),
                                                 "wang": (Level.SECRET, "market,industry,policy")})
    with st.open() as ws:
        populate(ws, 90)
    with st.open("wang", OFFICER_PASS) as ws:
        populate(ws, 25, seed=5)
    for user, mine in (("zhang", False), ("wang", False), ("wang", True), ("zhang", True)):
        with st.open(user, OFFICER_PASS) as ws:
            full = [c.id for c in ws.cases.list(mine=mine)]
            assert full == sorted(full, reverse=True) and full
            paged, after = [], None
            while True:
                page = ws.cases.list(limit=7, after_id=after, mine=mine)
                if not page:
                    break
                paged += [c.id for c in page]
                after = page[-1].id
            assert paged == full
            if mine:
                assert {c.handler for c in ws.cases.list(mine=True)} == {user}
            else:
                modules = {c.module for c in ws.cases.list()}
                assert modules <= ws.actor.modules
