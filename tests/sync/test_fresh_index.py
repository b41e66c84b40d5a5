"""Cases new to a workstation arrive through the one writer of new cases
(ops/new_cases.py via ops/sync_apply_fresh.py), which indexes them from their bodies:
the search documents it writes are exactly those the per-case path rebuilds from the
rows (index_cases), at every level — including a peer's 发文字号, which only its
timeline entry carries."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bjstc_desktop.ops import sync_apply_fresh
from bjstc_desktop.store.models import Case
from bjstc_desktop.store.repositories.case_index import index_cases
from tests.ops.test_new_cases import _documents, _requests
from tests.sync.conftest import CONTRACT, Office, receive, send


def test_fresh_cases_from_a_peer_are_indexed_as_their_rows_read_back(pair: tuple[Office, Office], tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = pair
    with a.open() as ws:
        ids = [i for i in ws.cases.create_many(_requests(random.Random(11), per_type=1), skip_refused=True) if i]
        lettered = ws.cases.create("tech_contract", "发函的合同", CONTRACT)
        number = ws.letters.issue(lettered.id, "notice", None, values={"body": "经审核，予以登记。"}).number
    written: list[int] = []
    real = sync_apply_fresh.write_cases

    def counted(s: Any, records: Any) -> Any:
        written.append(len(records))
        return real(s, records)

    monkeypatch.setattr(sync_apply_fresh, "write_cases", counted)
    report = receive(b, send(a, b, tmp_path / "usb"))
    assert report.new == len(ids) + 1
    assert sum(written) > len(ids) // 3  # most came the set-based way (those with clocks take the other)
    with b.open() as ws:
        assert lettered.id in [c.id for c in ws.cases.search(number)]  # a peer's letter: its number from the timeline
        with ws.store.write() as s:
            cases = list(s.execute(select(Case)).scalars())
            assert len(cases) == len(ids) + 1
            arrived = _documents(s)
            index_cases(s, cases)  # the per-case path: every document rebuilt from the rows
            assert _documents(s) == arrived
