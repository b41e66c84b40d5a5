"""Unlock plus main window shown with a 100,000-case store, against the KDF's own time
plus three bare PySide6 windows, all measured in the same run (issue 15 point 4: within).

The two windows are measured the same way, as fresh processes from start to a rendered,
saved frame: `bjstc-desktop --screenshot` (interpreter start, imports, Argon2id unlock
at the real 64 MiB / t=3 cost, store open, main window with the first page of a duty
tab) and a script that shows a bare QMainWindow of the same size and saves its frame.
The KDF is timed alone, in this process, as the unlock runs it: the store's own
workstation file opened with the same user and passphrase (`WorkstationFile.unlock`,
Argon2id at the slot's parameters plus the slot's AEAD), so a slower or faster KDF
setting moves the baseline with it and the ratio measures only what the program adds.

The program runs with its bytecode compiled, as an installed one has it (pip and the
frozen installer compile it): run from a checkout with PYTHONDONTWRITEBYTECODE set (as
the team's shells are), every start would compile some 240 modules from source again,
about 0.8 s on this machine that no officer's start-up pays."""

from __future__ import annotations

import compileall
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import bjstc_desktop
from benchmarks.process_time import time_command_cpu
from benchmarks.scale import make_scaled_station

PASSPHRASE = "benchmark passphrase 2026"
USER = "zhang"
BARE_WINDOWS = 3  # the goal: unlock + main window within KDF + 3 bare windows
BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1366, 768); w.setCentralWidget(QLabel("bare")); w.show()
app.processEvents()
w.grab().save(sys.argv[1])
"""



def time_kdf(data: Path) -> tuple[float, float]:
    """(wall, CPU) seconds the unlock's key derivation takes alone: the user's slot opened
    with the passphrase from the workstation file, nothing else (no store, no Qt)."""
    from bjstc_desktop.store import devicebinding, keyslots

    wfile = keyslots.WorkstationFile.load(data)
    t0, c0 = time.perf_counter(), time.process_time()
    wfile.unlock(USER, PASSPHRASE, devicebinding.device_secret)
    return time.perf_counter() - t0, time.process_time() - c0


def run(quick: bool = False) -> dict[str, Any]:
    """Median of alternating rounds: the KDF alone, a bare window, then the unlocked workstation."""
    cases, rounds = (10_000, 3) if quick else (100_000, 5)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "ws"
        t0 = time.perf_counter()
        make_scaled_station(data, cases, PASSPHRASE)
        generate_s = time.perf_counter() - t0
        compileall.compile_dir(Path(bjstc_desktop.__file__).parent, quiet=1)  # as installed: bytecode there
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BJSTC_PASSPHRASE": PASSPHRASE, "BJSTC_USER": USER}
        bare, ours, kdf = [], [], []
        bare_cpu, ours_cpu, kdf_cpu = [], [], []
        for i in range(rounds):
            for times, cpus, (wall, cpu) in (
                    (kdf, kdf_cpu, time_kdf(data)),
                    (bare, bare_cpu, time_command_cpu([sys.executable, "-c", BARE, str(Path(tmp) / f"bare{i}.png")], env)),
                    (ours, ours_cpu, time_command_cpu([sys.executable, "-m", "bjstc_desktop", "--data-dir", str(data),
                                                       "--screenshot", str(Path(tmp) / f"ours{i}.png"), "--tab", "market"],
                                                      env))):
                times.append(wall)
                cpus.append(cpu)
    baseline = statistics.median(kdf) + BARE_WINDOWS * statistics.median(bare)
    ratio = statistics.median(ours) / baseline
    # The same in CPU seconds (every thread of each process): what a loaded machine moves less.
    ratio_cpu = statistics.median(ours_cpu) / (statistics.median(kdf_cpu) + BARE_WINDOWS * statistics.median(bare_cpu))
    return {"benchmark": "unlock + main window shown vs KDF alone + 3 bare PySide6 windows", "cases": cases,
            "rounds": rounds, "generate_store_s": round(generate_s, 1), "kdf_s": [round(x, 3) for x in kdf],
            "bare_s": [round(x, 3) for x in bare], "ours_s": [round(x, 3) for x in ours],
            "kdf_median_s": round(statistics.median(kdf), 3), "bare_median_s": round(statistics.median(bare), 3),
            "baseline_s": round(baseline, 3), "ours_median_s": round(statistics.median(ours), 3),
            "vs_bare_window": round(statistics.median(ours) / statistics.median(bare), 2),
            "kdf_cpu_median_s": round(statistics.median(kdf_cpu), 3),
            "bare_cpu_median_s": round(statistics.median(bare_cpu), 3),
            "ours_cpu_median_s": round(statistics.median(ours_cpu), 3), "ratio_cpu": round(ratio_cpu, 2),
            "ratio": round(ratio, 2), "goal": "<= 1x (KDF + 3 bare windows)", "goal_met": ratio <= 1.0}
