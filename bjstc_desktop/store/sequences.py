"""Gap-free number series: one counter per series and year, bumped in the transaction
that registers what the number is for (BEGIN IMMEDIATE, so two programs on one store
queue up), never behind the register it numbers. A failed registration rolls its
number back with it: no gaps, no duplicates. 发文字号 (series = the 机关代字) and 件号
(series = 档/<全宗号>/<保管期限代码>) both come from here."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bjstc_desktop.store.models import DocNumberCounter


def next_in_series(session: Session, series: str, year: int, registered: int) -> int:
    """The next number of `series` in `year` (1, 2, 3, ...); `registered` is the highest
    number the register already holds, so the counter never falls behind it."""
    counter = session.get(DocNumberCounter, (series, year))
    if counter is None:
        counter = DocNumberCounter(daizi=series, year=year, last=0)
        session.add(counter)
    counter.last = max(counter.last, registered) + 1
    session.flush()
    return counter.last
