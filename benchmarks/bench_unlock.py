"""Unlock plus main window shown with a 100,000-case store, against a bare PySide6
window shown in the same run (goal ≤ 3x).

Both are measured the same way, as fresh processes from start to a rendered, saved
frame: `bjstc-desktop --screenshot` (interpreter start, imports, Argon2id unlock at the
real 64 MiB / t=3 cost, store open, main window with the first page of a duty tab) and
a script that shows a bare QMainWindow of the same size and saves its frame."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.process_time import time_command
from benchmarks.scale import make_scaled_station

PASSPHRASE = "benchmark passphrase 2026"
BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1366, 768); w.setCentralWidget(QLabel("bare")); w.show()
app.processEvents()
w.grab().save(sys.argv[1])
"""



def run(quick: bool = False) -> dict[str, Any]:
    """Median of alternating rounds: bare window, then the unlocked workstation."""
    cases, rounds = (10_000, 3) if quick else (100_000, 5)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "ws"
        t0 = time.perf_counter()
        make_scaled_station(data, cases, PASSPHRASE)
        generate_s = time.perf_counter() - t0
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BJSTC_PASSPHRASE": PASSPHRASE, "BJSTC_USER": "zhang"}
        bare, ours = [], []
        for i in range(rounds):
            bare.append(time_command([sys.executable, "-c", BARE, str(Path(tmp) / f"bare{i}.png")], env))
            ours.append(time_command([sys.executable, "-m", "bjstc_desktop", "--data-dir", str(data), "--screenshot",
                                      str(Path(tmp) / f"ours{i}.png"), "--tab", "market"], env))
    ratio = statistics.median(ours) / statistics.median(bare)
    return {"benchmark": "unlock + main window shown vs bare PySide6 window", "cases": cases, "rounds": rounds,
            "generate_store_s": round(generate_s, 1), "bare_s": [round(x, 3) for x in bare],
            "ours_s": [round(x, 3) for x in ours], "bare_median_s": round(statistics.median(bare), 3),
            "ours_median_s": round(statistics.median(ours), 3), "ratio": round(ratio, 2), "goal": "<= 3x",
            "goal_met": ratio <= 3.0}
