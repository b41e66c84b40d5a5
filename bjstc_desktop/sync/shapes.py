"""The kinds of record a package carries, and how each merges (docs/sync-format.md §7,
§8). One engine serves them all: the same revisions with parents and ancestry, the same
author signatures, the same admission by ceiling and module scope, the same three-way
merge; a Shape says which keys of a kind's body merge how.

- `case`: a case with everything that is per case — its fields, clocks, parties,
  timeline, attachments, and (issue 17) its expert panel (draws, members with their
  scores) and its filed 件 (档号). These follow the case's classification and module.
- `expert` (专家库) and `integrity` (科研失信 records): office-wide reference registers.
  Each has its own classification and a module scope (`modules`: the duty modules that
  use it; [] = every duty). A peer may receive one when the scopes meet; it may author a
  change only when its scope covers the record's (an every-duty record: only an
  unscoped peer) — sync/admission.py.
"""

from __future__ import annotations

from dataclasses import dataclass

CASE, EXPERT, INTEGRITY = "case", "expert", "integrity"
SYNC_ACTOR = "sync_actor"  # where an imported timeline entry keeps its author's name


@dataclass(frozen=True)
class Shape:
    """How the body of one kind of record merges, key by key.

    scalars: one value each, three-way (a change on one side is taken; both sides
    changed differently is a conflict). keyed: maps merged three-way per key (added,
    changed or removed per key; `fields.K`). unions: maps of immutable entries merged
    as a union by id. sets: lists merged as three-way sets. identity: keys that never
    change after the first revision."""

    record_type: str
    identity: tuple[str, ...]
    scalars: tuple[str, ...]
    keyed: tuple[str, ...] = ()
    unions: tuple[str, ...] = ()
    sets: tuple[str, ...] = ()
    deletable: bool = True


CASE_SCALARS = ("title", "state", "secrecy_period", "declassify_condition", "knowers", "classified_on",
                "classifier", "district", "office", "received_on", "accepted_on", "closed_on", "parent_id")
EXPERT_SCALARS = ("name", "employer", "employer_uscc", "disciplines", "category", "professional_title", "phone",
                  "email", "status", "modules", "note")
INTEGRITY_SCALARS = ("name", "source", "modules", "start_on", "end_on", "status", "note", "revoke_reason")

SHAPES = {
    # panel_draws is one value: two panels drawn at once on two nodes are a conflict,
    # never a mixture; members (scores, status, opinion) merge one member at a time.
    CASE: Shape(CASE, ("case_type", "module", "case_no"), (*CASE_SCALARS, "panel_draws"),
                keyed=("fields", "clocks", "panel_members"), unions=("timeline", "attachments", "archive"),
                sets=("parties",)),
    EXPERT: Shape(EXPERT, ("id_number",), EXPERT_SCALARS, keyed=("relations",), unions=("history",),
                  deletable=False),
    INTEGRITY: Shape(INTEGRITY, ("subject_kind", "number", "decision_no", "measure"), INTEGRITY_SCALARS,
                     deletable=False),
}
REGISTERS = (EXPERT, INTEGRITY)


def shape_of(record_type: str) -> Shape:
    """The shape of a record type (KeyError for a type no package may carry)."""
    return SHAPES[record_type]


def scope_text(modules: list[str] | tuple[str, ...]) -> str:
    """A register's module scope as the revision's `module` column: ",a,b," ("" = every duty)."""
    codes = sorted(set(modules))
    return f",{','.join(codes)}," if codes else ""


def modules_of(module: str) -> frozenset[str] | None:
    """The modules a revision's `module` names: a case's one module, a register's scope,
    or None for a register of every duty."""
    if not module:
        return None
    return frozenset(m for m in module.split(",") if m)


def covers(scope: frozenset[str] | None, module: str) -> bool:
    """True when a trust `scope` (None: every module) covers everything `module` names:
    who may author a change of it."""
    if scope is None:
        return True
    mods = modules_of(module)
    return mods is not None and mods <= scope


def meets(scope: frozenset[str] | None, module: str) -> bool:
    """True when a recipient of `scope` may hold a record naming `module`: its scope
    meets the record's (an every-duty register meets every scope)."""
    if scope is None:
        return True
    mods = modules_of(module)
    return mods is None or bool(mods & scope)
