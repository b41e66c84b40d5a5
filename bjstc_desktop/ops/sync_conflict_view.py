"""One entry of the conflict queue, as the officer (or, for a revision held for review,
the security administrator) sees it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class ConflictView:
    """One open conflict: both values side by side, and the provisional winner."""

    id: str
    case_id: str
    case_no: str
    title: str
    field: str
    label: str
    mine: Any
    theirs: Any
    winner: Any
    values: list[dict[str, Any]]
    decided: bool = False
    decision: Any = None
    texts: dict[str, str] | None = None  # mine, theirs, winner, decision as an officer reads them
    # a revision held for the security administrator: who sent and wrote it, and its basis
    sender: dict[str, str] | None = None
    author: dict[str, str] | None = None
    basis: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        """cli.md: id, case_id, field, mine, theirs (and more)."""
        return asdict(self)
