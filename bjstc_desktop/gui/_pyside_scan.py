"""PySide6 asks, for every module loaded while the program runs (and every one loaded
before it), whether its source mentions "PySide6" (its `__feature__` switching applies
only to those). It asks with `inspect.getsource`, which reads and splits the whole file
through linecache: some 450 modules at start-up, ~7 % of a start on a cProfile (issue 15
point 4). The same question is answered here by reading the file's bytes once; a module
without a .py file (a frozen build) goes to PySide's own test. Installed before PySide6
is imported (gui/__init__.py), so its first scan of sys.modules goes this way too."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType


def faster(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    """`original`'s answer (does the module's source contain "PySide6"), from the file's bytes."""

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    uses_pyside.__wrapped__ = original  # type: ignore[attr-defined]  # the test compares both
    return uses_pyside


def install() -> bool:
    """Put the faster test in place (True), or leave PySide as it is when its internals
    are not the ones this was written for (False): the answer is the same either way."""
    try:
        import shiboken6  # noqa: F401  # loads shibokensupport, not Qt
    except ImportError:
        return False
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or hasattr(original, "__wrapped__"):
        return False
    feature._mod_uses_pyside = faster(original)  # type: ignore[attr-defined]
    return True
