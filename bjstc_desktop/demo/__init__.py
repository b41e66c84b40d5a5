"""Realistic demonstration data (`bjstc demo`, `make run`): every case type of every
module the user may handle, with valid identifiers, real districts, plausible amounts
and dates, walked along their workflows into many states, some of them overdue.
Deterministic for a given seed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from bjstc_desktop.core.errors import BjstcError
from bjstc_desktop.core.modules import all_case_types
from bjstc_desktop.demo.duties import seed_pool, seed_records
from bjstc_desktop.demo.shapers import SHAPERS, harmonise
from bjstc_desktop.demo.values import (
    TOPICS,
    fake_id_number,
    fake_org_name,
    fake_person,
    fake_uscc,
    field_value,
)
from bjstc_desktop.demo.walker import walk
from bjstc_desktop.workstation import Workstation

__all__ = ["fake_id_number", "fake_org_name", "fake_person", "fake_uscc", "populate"]


def _title(rng: random.Random, name: str, fields: dict[str, object]) -> str:
    party = next((v for v in fields.values() if isinstance(v, str) and v.endswith("公司")), fake_org_name(rng))
    return f"{party}{rng.choice(TOPICS)}{name}"


def populate(ws: Workstation, cases: int, seed: int = 2026, today: dt.date | None = None,
             others: Sequence[Workstation] = ()) -> int:
    """Create `cases` cases spread over every case type `ws`'s user may handle and walk
    each some steps; `others` (e.g. an approver's session) take the moves `ws` may not."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    types = [t for t in all_case_types() if t.module in ws.actor.modules]
    actors = [ws, *others]
    if ws.actor.role.handles_cases:
        seed_pool(ws, rng, size=max(30, min(120, cases // 5)))
        seed_records(ws, rng, today)
    made = 0
    for i in range(cases):
        ct = types[i % len(types)]
        received = today - dt.timedelta(days=rng.randint(0, 150))
        fields = {f.key: field_value(rng, f, ct, received) for f in ct.fields}
        if ct.code in SHAPERS:
            SHAPERS[ct.code](rng, fields, received)
        harmonise(rng, ct, fields, received)
        if ct.due_field:
            fields[ct.due_field] = (received + dt.timedelta(days=rng.randint(10, 60))).isoformat()
        try:
            view = ws.create_case(ct.code, _title(rng, ct.name, fields), fields, received_on=received)
        except BjstcError:
            continue  # an invented combination the rules refuse: leave it out, as an officer would
        made += 1
        walk(actors, ct, view.id, rng, received, today, max_steps=rng.choice((0, 1, 2, 3, 4, 6, 8, 12)))
    return made
