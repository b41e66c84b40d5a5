"""Realistic demonstration data (`bjstc demo`, `make run`): every case type of every
module the user may handle, with valid identifiers, real districts, plausible amounts
and dates, text that fits each field (demo/profiles.py), titles as officers write them
(demo/titles.py) and varied classifications, walked along their workflows into many
states, some of them overdue. Deterministic for a given seed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from typing import Any

from bjstc_desktop.core.casetypes import CaseType
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.modules import all_case_types
from bjstc_desktop.demo.duties import seed_pool, seed_records
from bjstc_desktop.demo.later import later_keys
from bjstc_desktop.demo.shapers import SHAPERS, harmonise
from bjstc_desktop.demo.titles import case_title
from bjstc_desktop.demo.values import (
    fake_id_number,
    fake_org_name,
    fake_person,
    fake_uscc,
    field_value,
)
from bjstc_desktop.demo.walker import walk_all
from bjstc_desktop.ops.cases import NewCase
from bjstc_desktop.workstation import Workstation

__all__ = ["fake_id_number", "fake_org_name", "fake_person", "fake_uscc", "populate"]


# Most files are open; some are internal work; a few carry a state secret's metadata
# (the workstation keeps metadata only, never classified content).
_LEVELS = ((Level.PUBLIC, 0.55), (Level.INTERNAL, 0.30), (Level.SECRET, 0.15))
SECRET_PERIOD = "5年"
SECRET_KNOWERS = "承办处室承办人、处长及分管委领导"
CHUNK = 500  # cases made per write transaction (ops/new_cases.py), then walked a step per transaction


def _classification(rng: random.Random, ws: Workstation) -> Level:
    top = min(ws.ctx.ceiling, ws.actor.clearance)
    roll, level = rng.random(), Level.PUBLIC
    for candidate, share in _LEVELS:
        if roll < share:
            level = candidate
            break
        roll -= share
    return min(level, top)


def demo_case(rng: random.Random, ct: CaseType, today: dt.date, level_of: Callable[[], Level]) -> NewCase:
    """One invented case of type `ct` received in the 150 days before `today`, as it is
    at intake (see `demo_case_and_later`)."""
    return demo_case_and_later(rng, ct, today, level_of)[0]


def demo_case_and_later(rng: random.Random, ct: CaseType, today: dt.date,
                        level_of: Callable[[], Level]) -> tuple[NewCase, dict[str, Any]]:
    """One invented case of type `ct` received in the 150 days before `today` and
    registered that day: plausible field values, shaped and made consistent, a due date
    where the type has one, its title, and the level `level_of` gives (asked for at its
    place in `rng`'s stream). The fields of a later stage (demo/later.py) are held back:
    returned beside the case, for the walk to fill when a move needs them."""
    received = today - dt.timedelta(days=rng.randint(0, 150))
    fields = {f.key: field_value(rng, f, ct, received) for f in ct.fields}
    if ct.code in SHAPERS:
        SHAPERS[ct.code](rng, fields, received)
    harmonise(rng, ct, fields, received)
    if ct.due_field:
        fields[ct.due_field] = (received + dt.timedelta(days=rng.randint(10, 60))).isoformat()
    later = {k: fields.pop(k) for k in later_keys(ct) if k in fields}
    level = level_of()
    secret = {"secrecy_period": SECRET_PERIOD, "knowers": SECRET_KNOWERS} if level.is_state_secret else {}
    title = case_title(rng, ct.code, ct.name, {**fields, **later}, received.year)
    return NewCase(ct.code, title, fields, classification=level, received_on=received, registered_on=received,
                   **secret), later


def populate(ws: Workstation, cases: int, seed: int = 2026, today: dt.date | None = None,
             others: Sequence[Workstation] = ()) -> int:
    """Create `cases` cases spread over every case type `ws`'s user may handle and walk
    each some steps; `others` (e.g. an approver's session) take the moves `ws` may not."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    types = [t for t in all_case_types() if t.module in ws.actor.modules]
    actors = [ws, *others]
    if ws.actor.role.handles_cases:  # its own random stream: the cases come out as they did before
        duties = random.Random(f"{seed}-duties")
        seed_pool(ws, duties, size=max(30, min(120, cases // 5)))
        seed_records(ws, duties, today)
    made = 0
    for start in range(0, cases, CHUNK):  # each chunk made in one transaction, then walked together
        asked: list[tuple[CaseType, dt.date, NewCase, dict[str, Any]]] = []
        for i in range(start, min(cases, start + CHUNK)):
            ct = types[i % len(types)]
            new, later = demo_case_and_later(rng, ct, today, lambda: _classification(rng, ws))
            asked.append((ct, new.received_on or today, new, later))
        # An invented combination the rules refuse is left out, as an officer would.
        ids = ws.cases.create_many([a[2] for a in asked], skip_refused=True)
        walks = [(ct, case_id, received, rng.choice((0, 1, 2, 3, 4, 6, 8, 12)))
                 for (ct, received, _, _), case_id in zip(asked, ids, strict=True) if case_id is not None]
        held = {case_id: a[3] for a, case_id in zip(asked, ids, strict=True) if case_id is not None}
        made += len(walks)
        walk_all(actors, walks, rng, today, later=held)  # the chunk walks together, a step at a time
    return made
