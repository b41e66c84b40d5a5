"""A standalone workstation joined to a hub (issue 19 point 6.2; ops/sync_join.py): the
mark its authenticated workstation.json carries, and what it then says to anyone who
unlocks it. Light: every unlock reads it."""

from __future__ import annotations

from typing import Any

from bjstc_desktop.core.errors import RefusedError

JOINED_TO = "joined_to"  # workstation.json: the hub this workstation was moved into


def joined_refusal(joined: dict[str, Any]) -> RefusedError:
    """The refusal of every unlock of a workstation joined to a hub."""
    hub, when = joined.get("workstation", ""), joined.get("at", "")
    return RefusedError(f"此工作站已于 {when} 并入集中库“{hub}”，不能再在此办理或同步；其案件在集中库中。",
                        f"This workstation was joined to the hub {hub!r} at {when}; it no longer works or "
                        "syncs here. Its cases are in the hub.")
