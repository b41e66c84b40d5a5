"""The smoke test of the frozen build (installer/smoke.py) as part of the test suite: fresh
HOME, no network, no system fonts; init, demo, audit, a letter, a sync between two fresh
workstations, backup and restore, and a screenshot whose Chinese text is drawn by the
bundled fonts. About three minutes with the build; runs in `make test` and CI."""

from __future__ import annotations

import os
import time
import warnings
from pathlib import Path

import pytest
from smoke import SmokeFailure, report, run_smoke

from tests.installer.conftest import TEST_ROOT

pytestmark = [pytest.mark.installer, pytest.mark.slow]
BUDGET_S = 600  # CI runs this only because build + smoke stay under ten minutes


def test_the_frozen_build_works_offline_from_a_fresh_home(frozen_bundle: Path, tmp_path: Path) -> None:
    started = time.monotonic()
    try:
        smoke = run_smoke(frozen_bundle, tmp_path / "smoke", cases=30)
    except SmokeFailure as exc:
        pytest.fail(str(exc), pytrace=False)
    print("\n" + report(smoke))
    built_here = not os.environ.get("BJSTC_BUNDLE") and (TEST_ROOT / "build-seconds").is_file()
    build_s = float((TEST_ROOT / "build-seconds").read_text()) if built_here else 0.0
    total = build_s + time.monotonic() - started
    print(f"build {build_s:.0f} s + smoke {time.monotonic() - started:.0f} s")
    if total >= BUDGET_S:  # a wall-clock number depends on the machine's load: said, never failed on
        warnings.warn(f"build + smoke took {total:.0f} s, over the {BUDGET_S} s budget that keeps it in CI: "
                      "if this holds on an idle machine, move it out of `make test` (tests/installer/conftest.py)",
                      stacklevel=1)
    ran = {s.name for s in smoke.steps if s.status == "ok"}
    assert {"bjstc init", "bjstc-desktop --screenshot ×2", "bjstc backup + restore", "bjstc letter",
            "bjstc sync A→B"} <= ran
    assert [f"{s.name}: {s.detail}" for s in smoke.steps if s.status != "ok"] == []  # nothing skipped
    if os.environ.get("BJSTC_INSTALLER_TESTS") == "1":  # the release gate: offline for real
        assert smoke.isolation, smoke.isolation_note
