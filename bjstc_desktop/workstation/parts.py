"""The workstation's operations made when first used (issue 15 point 4).

`ws.cases`, `ws.letters`, `ws.sync` ... are each a small class over the shared context
(ops/part.py). Built eagerly, the session imported every ops module at start-up (the
letters engine, sync, imports, bulk work ...), although the first screen calls two or
three of them. A `Part` names its module and class instead: the first `ws.letters`
imports ops/letters.py, builds the part once (under a lock: the GUI reads on worker
threads) and keeps it on the instance, so every later access is a plain attribute."""

from __future__ import annotations

import importlib
import threading
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")

OPS_PACKAGE = "bjstc_desktop.ops"


class Part(Generic[T]):
    """A sub-object of the workstation: `module`.`cls` built over the shared context
    (unless `with_ctx` is False) and the parts named in `over`, at first access."""

    def __init__(self, module: str, cls: str, *over: str, with_ctx: bool = True) -> None:
        self.module = f"{OPS_PACKAGE}.{module}"
        self.cls = cls
        self.over = over
        self.with_ctx = with_ctx
        self.name = ""
        self._lock = threading.Lock()

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, ws: None, owner: type) -> Part[T]: ...

    @overload
    def __get__(self, ws: object, owner: type) -> T: ...

    def __get__(self, ws: object | None, owner: type) -> Part[T] | T:
        if ws is None:
            return self
        with self._lock:
            made: T | None = ws.__dict__.get(self.name)
            if made is None:
                factory = getattr(importlib.import_module(self.module), self.cls)
                args: list[Any] = [ws.ctx] if self.with_ctx else []  # type: ignore[attr-defined]  # the session's context
                args += [getattr(ws, name) for name in self.over]
                made = factory(*args)
                ws.__dict__[self.name] = made  # from now on a plain attribute: this is not called again
        return made

    def is_made(self, ws: object) -> bool:
        """True once `ws` has built this part (its module is then imported)."""
        return self.name in ws.__dict__


def part_names(cls: type) -> list[str]:
    """The names of every `Part` of the session class `cls`, in the order declared."""
    return [name for name, value in vars(cls).items() if isinstance(value, Part)]


def all_parts(ws: object) -> dict[str, object]:
    """Every part of `ws` by name, building (and importing) those not made yet."""
    return {name: getattr(ws, name) for name in part_names(type(ws))}
