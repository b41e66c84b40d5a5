"""`bjstc --help` (and `bjstc case --help`) as fresh processes, against a bare Python
interpreter started the same way in the same run. Goal (issue 15 point 4): `bjstc --help`
under 0.3 s, median of the rounds. The ratio to the bare interpreter says how much of
that is ours, whatever the machine's load."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

from benchmarks.process_time import time_command

GOAL_S = 0.3


def _bjstc() -> list[str]:
    """The installed `bjstc` console script next to this interpreter (what an officer
    runs), else `python -m bjstc_desktop.cli`."""
    script = Path(sys.executable).with_name("bjstc")
    if script.is_file():
        return [str(script)]
    found = shutil.which("bjstc")
    return [found] if found else [sys.executable, "-m", "bjstc_desktop.cli"]



def run(quick: bool = False) -> dict[str, Any]:
    """Median of alternating rounds: bare interpreter, `bjstc --help`, `bjstc case --help`."""
    rounds = 5 if quick else 11
    # Without PYTHONDONTWRITEBYTECODE the warm-up leaves the .pyc files an installed program has.
    env = {k: v for k, v in os.environ.items() if k not in ("BJSTC_LANG", "BJSTC_USER", "PYTHONDONTWRITEBYTECODE")}
    bjstc = _bjstc()
    bare, top, group = [], [], []
    time_command([*bjstc, "--help"], env, timeout=120)  # one warm-up: the page cache, .pyc files
    for _ in range(rounds):
        bare.append(time_command([sys.executable, "-c", "pass"], env, timeout=120))
        top.append(time_command([*bjstc, "--help"], env, timeout=120))
        group.append(time_command([*bjstc, "case", "--help"], env, timeout=120))
    median = statistics.median(top)
    return {"benchmark": "bjstc --help, fresh process, vs a bare interpreter", "command": " ".join(bjstc),
            "rounds": rounds, "bare_s": [round(x, 3) for x in bare], "help_s": [round(x, 3) for x in top],
            "case_help_s": [round(x, 3) for x in group], "bare_median_s": round(statistics.median(bare), 3),
            "help_median_s": round(median, 3), "case_help_median_s": round(statistics.median(group), 3),
            "ratio_to_bare": round(median / statistics.median(bare), 2), "goal": f"bjstc --help <= {GOAL_S} s",
            "goal_met": median <= GOAL_S}
