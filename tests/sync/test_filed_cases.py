"""A filed case is read-only for sync too: a package that would change it changes
nothing of it (its 档号 and state stay as filed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bjstc_desktop.core.errors import RefusedError
from tests.sync.conftest import CONTRACT, Office, receive, send, usb


def test_a_change_from_a_peer_never_silently_changes_a_filed_case(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    with a.open() as ws:
        case = ws.cases.create("tech_contract", "冰雪装备技术开发合同", CONTRACT)
    receive(b, send(a, b, usb(tmp_path) / "1"))
    with b.open() as ws:
        ws.cases.edit(case.id, title="乙站改过的标题")
    package = send(b, a, usb(tmp_path) / "2")
    with a.open() as ws:
        ws.workflow.act(case.id, "review")
        ws.workflow.act(case.id, "refuse", "不予登记")
        number = ws.archives.file(case.id).items[0].archive_no
        with pytest.raises(RefusedError, match="已归档"):  # until filed cases go to the conflict queue
            receive(a, package)
        shown = ws.cases.show(case.id)
        assert (shown.title, shown.state) == ("冰雪装备技术开发合同", "归档")
        assert [i.archive_no for i in ws.archives.filing(case.id).items] == [number]
    with pytest.raises(RefusedError):
        with a.open() as ws:
            ws.cases.edit(case.id, title="再改")
