"""Clocks survive the trip through the store's JSON unchanged."""

from __future__ import annotations

import json
from datetime import date, datetime

from bjstc_desktop.core.clockcodec import clock_from_json, clock_to_json
from bjstc_desktop.core.clocks import ClockState, Limit, Unit


def test_round_trip_with_pause_extension_and_stop() -> None:
    state = (ClockState(Limit(20)).start(date(2026, 2, 10)).pause(date(2026, 2, 12), "补正")
             .resume(date(2026, 3, 2)).extend(10, "李处长", "情况复杂").stop(date(2026, 3, 20)))
    back = clock_from_json(json.loads(json.dumps(clock_to_json(state))))
    assert back == state


def test_hour_clocks_keep_their_times() -> None:
    state = ClockState(Limit(24, Unit.HOUR)).start(datetime(2026, 5, 1, 9, 30))
    back = clock_from_json(clock_to_json(state))
    assert back == state and isinstance(back.started, datetime)
