"""The application API (issue 15 point 5): `Workstation`, the session of one unlocked
user, with its operations as sub-objects (`ws.cases`, `ws.letters`, ...); opening.py
holds init/open/recover/restore. The values the API returns: ops/values.py.

Its names load when first asked for (PEP 562): a start-up imports workstation/starting.py,
whose first screen needs neither SQLAlchemy nor the ORM that session.py loads."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bjstc_desktop.workstation.opening import InitResult, NewAccount
    from bjstc_desktop.workstation.session import Workstation

__all__ = ["InitResult", "NewAccount", "Workstation"]
_WHERE = {"InitResult": "opening", "NewAccount": "opening", "Workstation": "session"}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
