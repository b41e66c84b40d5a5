"""The cyclic garbage collector during a bulk operation (issue 15).

An import of thousands of records allocates millions of small objects; each time enough
of them survive, CPython's full collection walks the whole heap — the modules, the
mapper configuration, the open session — although nothing that was alive before the
import can become garbage because of it. `older_objects_frozen` moves the objects alive
at its start out of the collector's view (gc.freeze) and puts them back at its end
(gc.unfreeze), so the import's collections walk only what the import made. Garbage is
collected as before; nothing is turned off."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def older_objects_frozen() -> Iterator[None]:
    """Within the block, the collector leaves the objects alive at its start alone."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
