"""ClockState to and from plain JSON (how the store keeps a case's clocks)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bjstc_desktop.core.clocks import ClockState, Extension, Limit, Moment, Pause, Unit


def _moment_out(m: Moment | None) -> str | None:
    return None if m is None else m.isoformat()


def _moment_in(text: str | None) -> Moment | None:
    return None if text is None else _moment_of(text)


def _moment_of(text: str) -> Moment:
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


def clock_to_json(state: ClockState) -> dict[str, Any]:
    """The state as JSON-able data."""
    return {
        "limit": {"n": state.limit.n, "unit": state.limit.unit.value},
        "started": _moment_out(state.started),
        "pauses": [{"start": _moment_out(p.start), "end": _moment_out(p.end), "reason": p.reason}
                   for p in state.pauses],
        "extensions": [{"n": e.n, "approved_by": e.approved_by, "reason": e.reason,
                        "approved_on": _moment_out(e.approved_on)} for e in state.extensions],
        "stopped": _moment_out(state.stopped),
    }


def clock_from_json(data: dict[str, Any]) -> ClockState:
    """The state back from `clock_to_json`'s output."""
    return ClockState(
        limit=Limit(int(data["limit"]["n"]), Unit(data["limit"]["unit"])),
        started=_moment_in(data.get("started")),
        pauses=tuple(Pause(_moment_of(p["start"]), _moment_in(p.get("end")), p.get("reason", ""))
                     for p in data.get("pauses", [])),
        extensions=tuple(Extension(int(e["n"]), e["approved_by"], e["reason"], _moment_in(e.get("approved_on")))
                         for e in data.get("extensions", [])),
        stopped=_moment_in(data.get("stopped")),
    )
