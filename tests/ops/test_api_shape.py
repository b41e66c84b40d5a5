"""The shape of the API (issue 15 point 5): a Workstation is a session with few names of
its own; its operations live in small sub-objects over one shared context (no mixins);
the values it returns come from one place (ops/values.py), one class per name."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import typing

import bjstc_desktop.ops as ops_package
from bjstc_desktop.ops import values
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.workstation import Workstation
from bjstc_desktop.workstation.parts import all_parts
from tests.conftest import Station

# data_dir, actor, store, ctx, must_change_passphrase, close, note_locked,
# verify_passphrase, identity, info, and the entry points init/open/open_unlocked/
# recover/restore/describe
MAX_SESSION_NAMES = 16
MAX_PART_NAMES = 25


def _public(obj: object) -> set[str]:
    return {n for n in dir(obj) if not n.startswith("_")}


def _parts(ws: Workstation) -> dict[str, object]:
    """The sub-objects: every part of the session (each made when first used)."""
    return all_parts(ws)


def _ops_dataclasses() -> dict[str, list[type]]:
    """Every public dataclass defined in ops/, by name."""
    found: dict[str, list[type]] = {}
    for info in pkgutil.iter_modules(ops_package.__path__):
        module = importlib.import_module(f"bjstc_desktop.ops.{info.name}")
        for name, value in vars(module).items():
            if (inspect.isclass(value) and value.__module__ == module.__name__ and dataclasses.is_dataclass(value)
                    and not name.startswith("_")):
                found.setdefault(name, []).append(value)
    return found


def test_workstation_is_no_longer_built_from_mixins() -> None:
    assert Workstation.__mro__ == (Workstation, object)


def test_the_session_has_few_names_and_the_operations_live_in_small_sub_objects(station: Station) -> None:
    with station.open() as ws:
        parts = _parts(ws)
        own = _public(ws) - set(parts)
        assert len(own) <= MAX_SESSION_NAMES, sorted(own)
        assert {"cases", "workflow", "letters", "sync", "peers", "accounts", "keys", "reports", "imports", "drafts",
                "admin", "reference", "attachments", "parties", "bulk", "registers", "experts", "panels",
                "integrity", "archives"} <= set(parts)
        for name, part in parts.items():
            assert type(part).__module__.startswith("bjstc_desktop.ops."), name
            public = _public(part)
            assert len(public) <= MAX_PART_NAMES, (name, sorted(public))


def test_every_part_works_over_the_one_shared_context(station: Station) -> None:
    with station.open() as ws:
        for name, part in _parts(ws).items():
            ctx = part.ctx
            while isinstance(ctx, OpsPart):  # ws.panels works over ws.letters, ws.archives over ws.workflow
                ctx = ctx.ctx
            assert ctx is ws.ctx, name
        # what one part changes in the shared state every other part sees
        before = ws.cases.wfile
        ws.accounts._reload_wfile()
        assert ws.ctx.wfile is not before
        assert ws.letters.wfile is ws.ctx.wfile and ws.sync.wfile is ws.ctx.wfile


def test_one_class_per_value_name_and_one_import_report() -> None:
    assert [name for name, classes in _ops_dataclasses().items() if len(classes) > 1] == []
    assert values.ImportReport is not values.SyncImportReport
    for name in values.__all__:
        assert getattr(values, name).__name__ == name


def test_every_value_an_operation_returns_is_exported_from_values(station: Station) -> None:
    defined = {name: classes[0] for name, classes in _ops_dataclasses().items()}
    returned: set[str] = set()
    with station.open() as ws:
        for part in _parts(ws).values():
            for name, fn in inspect.getmembers(type(part), inspect.isfunction):
                if name.startswith("_"):
                    continue
                hints = typing.get_type_hints(fn)
                text = " ".join(str(h) for h in hints.values())
                returned |= {n for n, cls in defined.items() if f"{cls.__module__}.{n}" in text}
    assert "CaseView" in returned and "ImportReport" in returned  # the check sees the signatures
    assert returned - set(values.__all__) == set(), "export these from bjstc_desktop/ops/values.py"
