"""Property: three offices editing the same cases and exchanging packages in any order,
with lost, duplicated and late packages, end — once everyone has exchanged with
everyone — with the same revisions (none lost), the same records, the same conflicts
and the same provisional winners."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bjstc_desktop.core.errors import BjstcError
from bjstc_desktop.store import kdf
from bjstc_desktop.store.sync_models import SyncConflict, SyncRevision
from bjstc_desktop.sync import dag
from tests.conftest import FAST_KDF
from tests.sync.conftest import CONTRACT, Office, link, make_office

NAMES = ("甲站", "乙站", "丙站")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[Office], list[str]]]:
    """Three linked offices that already share two cases."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kdf, "DEFAULT_KDF", FAST_KDF)
        mp.setattr("os.fsync", lambda fd: None)  # the property is about logic, not durability
        root = tmp_path_factory.mktemp("template")
        offices = [make_office(root, n) for n in NAMES]
        link(*offices)
        cases = [offices[0].ws().cases.create("tech_contract", f"共同案件{i}", CONTRACT).id for i in range(2)]
        for other in offices[1:]:
            report = offices[0].ws().sync.export_package([other.node_id], _usb(root), full=True)
            other.ws().sync.import_package(Path(report.path))
        for o in offices:
            o.close()
        yield offices, cases


def _usb(root: Path) -> Path:
    folder = root / "usb"
    folder.mkdir(exist_ok=True)
    return folder


OPS = st.one_of(
    st.tuples(st.just("title"), st.integers(0, 2), st.integers(0, 1), st.sampled_from(["甲", "乙", "丙"])),
    st.tuples(st.just("amount"), st.integers(0, 2), st.integers(0, 1), st.sampled_from(["10万", "20万"])),
    st.tuples(st.just("delete"), st.integers(0, 2), st.integers(0, 1), st.just("")),
    st.tuples(st.just("create"), st.integers(0, 2), st.just(0), st.just("")),
    st.tuples(st.just("resolve"), st.integers(0, 2), st.just(0), st.sampled_from(["mine", "theirs"])),
    st.tuples(st.just("send"), st.integers(0, 2), st.integers(1, 2),
              st.sampled_from(["deliver", "lose", "twice", "later"])),
)


def _state(office: Office) -> tuple[set[str], dict[str, object], set[str]]:
    with office.ws().store.read() as s:
        revs = set(s.execute(select(SyncRevision.rev_id)).scalars())
        records = set(s.execute(select(SyncRevision.record_id).distinct()).scalars())
        views = {}
        for rid in sorted(records):
            v = dag.merged(s, rid)
            views[rid] = (v.state, v.winner.rev_id, [c.conflict_id(rid) for c in v.conflicts]) if v else None
        conflicts = set(s.execute(select(SyncConflict.id)).scalars())
    return revs, views, conflicts


def _apply(offices: list[Office], cases: list[str], op: tuple, usb: Path, later: list[tuple[Path, Office]]) -> None:
    kind, who, which, arg = op
    ws = offices[who].ws()
    try:
        if kind == "title":
            ws.cases.edit(cases[which], title=arg)
        elif kind == "amount":
            ws.cases.edit(cases[which], fields={"tech_amount": arg})
        elif kind == "delete":
            ws.cases.delete(cases[which])
        elif kind == "create":
            cases.append(ws.cases.create("tech_contract", "新建", CONTRACT).id)
        elif kind == "resolve":
            for c in ws.sync.conflicts():
                ws.sync.resolve(c.id, arg)
        else:
            dst = offices[(who + which) % 3]
            path = Path(ws.sync.export_package([dst.node_id], usb).path)
            if arg == "later":
                later.append((path, dst))
            for _ in range({"deliver": 1, "twice": 2}.get(arg, 0)):
                dst.ws().sync.import_package(path)
    except BjstcError:
        pass  # e.g. editing a case this office has deleted: refused, nothing changed


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(ops=st.lists(OPS, min_size=1, max_size=7), late_first=st.booleans())
def test_three_offices_converge_whatever_happens_to_the_packages(
        template: tuple[list[Office], list[str]], ops: list[tuple], late_first: bool) -> None:
    originals, shared = template
    with pytest.MonkeyPatch.context() as mp, tempfile.TemporaryDirectory() as tmp:
        mp.setattr(kdf, "DEFAULT_KDF", FAST_KDF)
        mp.setattr("os.fsync", lambda fd: None)
        root = Path(tmp)
        offices = []
        for o in originals:
            shutil.copytree(o.data_dir, root / o.name)
            offices.append(replace(o, data_dir=root / o.name, sessions={}))
        cases, later, usb = list(shared), [], _usb(root)
        try:
            for op in ops:
                _apply(offices, cases, op, usb, later)
            for path, dst in (reversed(later) if late_first else later):  # late packages, in any order
                dst.ws().sync.import_package(path)
            authored = set().union(*(_state(o)[0] for o in offices))
            for x in offices:  # everyone exchanges with everyone, once
                for y in offices:
                    if x is not y:
                        y.ws().sync.import_package(Path(x.ws().sync.export_package([y.node_id], usb).path))
            states = [_state(o) for o in offices]
            assert states[0][0] >= authored  # no revision lost
            assert states[0] == states[1] == states[2]
            visible = [sorted((c.id, c.title) for c in o.ws().cases.list()) for o in offices]
            assert visible[0] == visible[1] == visible[2]
        finally:
            for o in offices:
                o.close()
