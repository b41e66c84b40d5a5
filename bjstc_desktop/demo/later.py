"""Which fields of a demo case belong to a later stage than its intake: those a workflow
move requires (`Transition.required_fields`) and intake does not (`FieldDef.required`),
and the dates that follow receipt by nature (demo/dates.py) that intake does not ask
for. A case just received holds none of them; the walk (demo/walker.py) fills a move's
own on the move's day: a table (拨付批次, 任务分解) as intake made it consistent."""

from __future__ import annotations

from functools import cache

from bjstc_desktop.core.casetypes import CaseType, FieldKind
from bjstc_desktop.demo.dates import Nature, nature


@cache
def later_keys(ct: CaseType) -> frozenset[str]:
    """The keys of `ct`'s fields that a case only holds after some move."""
    by_moves = {k for t in ct.transitions for k in t.required_fields}
    out = set()
    for f in ct.fields:
        if f.required:
            continue
        if f.key in by_moves or f.kind is FieldKind.DATE and nature(ct.code, f.key) is Nature.AFTER:
            out.add(f.key)
    return frozenset(out)
