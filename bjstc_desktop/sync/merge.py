"""Three-way merge of a record's heads, field by field (docs/sync-format.md §Merge).

Pure functions over bodies; no store, no clocks. The merged view of a record is a
deterministic function of its heads and their common ancestors, so every node holding
the same revisions shows the same state, the same conflicts and the same provisional
winner. Fields changed on one side merge by themselves; the same field changed on both
sides to different values, or an edit against a delete, is a conflict that keeps every
value. Classification merges to the higher level; parties merge as a three-way set,
timeline entries and attachments as a union."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bjstc_desktop.sync.shapes import CASE, Shape, shape_of

DELETED = "_deleted"
KEPT_VALUE, DELETED_VALUE = "kept", "deleted"


@dataclass(frozen=True)
class Head:
    """A leaf revision as the merge sees it."""

    rev_id: str
    gen: int
    deleted: bool
    body: dict[str, Any]
    author_node: str = ""


@dataclass
class Conflict:
    """One field with more than one surviving value; `values` pairs a head's rev id
    with its value, the provisional winner's first."""

    path: str
    values: list[tuple[str, Any]]
    base: Any

    @property
    def winner(self) -> Any:
        """The provisional value (shown until an officer decides)."""
        return self.values[0][1]

    def conflict_id(self, record_id: str) -> str:
        """The same id on every node: record, field and the heads involved."""
        revs = ",".join(sorted(r for r, _ in self.values))
        return hashlib.sha256(f"{record_id}|{self.path}|{revs}".encode()).hexdigest()[:32]


@dataclass
class MergeView:
    """The merged state (None: deleted), the provisional winner and the conflicts."""

    state: dict[str, Any] | None
    winner: Head
    heads: list[Head]
    conflicts: list[Conflict] = field(default_factory=list)


def winner_order(heads: list[Head]) -> list[Head]:
    """CouchDB's order: live before deleted, then higher generation, then higher rev id."""
    by_rev = sorted(heads, key=lambda h: h.rev_id, reverse=True)
    return sorted(by_rev, key=lambda h: (h.deleted, -h.gen))


def paths(body: dict[str, Any], shape: Shape | None = None) -> dict[str, Any]:
    """Every independently merged value of a body: scalars, then K of each keyed map
    (fields.K, clocks.K, panel_members.K, relations.K)."""
    shape = shape or shape_of(CASE)
    out = {k: body.get(k) for k in shape.scalars}
    for group in shape.keyed:
        out.update({f"{group}.{k}": v for k, v in (body.get(group) or {}).items()})
    return out


def get_path(body: dict[str, Any], path: str, shape: Shape | None = None) -> Any:
    """The value at `path` (None when absent)."""
    return paths(body, shape).get(path)


def set_path(body: dict[str, Any], path: str, value: Any, shape: Shape | None = None) -> None:
    """Write `value` at `path`; None removes a keyed entry (a field, clock, member)."""
    shape = shape or shape_of(CASE)
    group, _, key = path.partition(".")
    if group in shape.keyed and key:
        target = body.setdefault(group, {})
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    elif path in shape.scalars:
        body[path] = value
    else:
        raise KeyError(path)


def merge_view(heads: list[Head], base_of: Callable[[Head, Head], dict[str, Any] | None],
               shape: Shape | None = None) -> MergeView:
    """Fold every head into the provisional winner, three-way against their common
    ancestor (`base_of`; None when no common ancestor is known here)."""
    shape = shape or shape_of(CASE)
    ordered = winner_order(heads)
    winner = ordered[0]
    if winner.deleted:
        return MergeView(None, winner, ordered)
    state = copy.deepcopy(winner.body)
    source = dict.fromkeys(paths(state, shape), winner.rev_id)
    conflicts: dict[str, Conflict] = {}
    for other in ordered[1:]:
        if other.deleted:
            conflicts.setdefault(DELETED, Conflict(DELETED, [(winner.rev_id, KEPT_VALUE)], KEPT_VALUE))
            conflicts[DELETED].values.append((other.rev_id, DELETED_VALUE))
            continue
        base = base_of(winner, other)
        _merge_into(shape, state, source, conflicts, other, base, winner.rev_id)
    if len(ordered) > 1 and shape.record_type == CASE and "panel_members" in state:
        # Members of a panel drawn concurrently on another node (panel_draws is in
        # conflict, the winner's draws shown) wait in the heads, not in the state.
        draws = state.get("panel_draws") or {}
        state["panel_members"] = {k: m for k, m in state["panel_members"].items() if m.get("draw") in draws}
    return MergeView(state, winner, ordered, sorted(conflicts.values(), key=lambda c: c.path))


def _merge_into(shape: Shape, state: dict[str, Any], source: dict[str, str], conflicts: dict[str, Conflict],
                other: Head, base: dict[str, Any] | None, winner_rev: str) -> None:
    mine, theirs = paths(state, shape), paths(other.body, shape)
    known = paths(base, shape) if base is not None else None
    for path in sorted(set(mine) | set(theirs)):
        a, b = mine.get(path), theirs.get(path)
        if a == b:
            continue
        if known is not None and a == known.get(path):
            set_path(state, path, b, shape)
            source[path] = other.rev_id
        elif known is not None and b == known.get(path):
            continue
        else:
            item = conflicts.setdefault(path, Conflict(path, [(source.get(path, winner_rev), a)],
                                                       known.get(path) if known is not None else None))
            item.values.append((other.rev_id, b))
    state["classification"] = max(int(state.get("classification", 0)), int(other.body.get("classification", 0)))
    for key in shape.sets:
        state[key] = _merge_set(state.get(key) or [], other.body.get(key) or [],
                                None if base is None else base.get(key) or [])
    for key in shape.unions:
        if key not in state and key not in other.body:
            continue
        merged = dict(other.body.get(key) or {})
        merged.update(state.get(key) or {})
        state[key] = merged
    for key in shape.identity:  # immutable; equal on every head of a well-formed record
        state[key] = min(str(state.get(key)), str(other.body.get(key)))


def _merge_set(mine: list[Any], theirs: list[Any], base: list[Any] | None) -> list[Any]:
    a, b = {tuple(x) for x in mine}, {tuple(x) for x in theirs}
    if base is None:
        result = a | b
    else:
        o = {tuple(x) for x in base}
        result = (a & b) | (a - o) | (b - o)
    return [list(x) for x in sorted(result, key=lambda t: tuple("" if v is None else str(v) for v in t))]
