"""Excel import of N technology-contract rows (default 50,000) with validation.

Baseline, measured in the same run on the same file: openpyxl read-only iteration of
every row with no validation (the floor any import has to pay). Reported: rows per
second for the baseline, the dry run (read + map + validate every cell with the field
rules + look up natural keys) and the committed import (one transaction: cases, fields,
parties, clocks, timeline, search index, sync revision and an audit event per case),
and the dry run's and the import's time as a ratio of the baseline's. A re-import of
the same file (every row unchanged) is timed too. Issue 15's goal: the committed import
within 2x the dry run of the same file, measured in the same run (`import_vs_dry_run`)."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.roles import Role
from bjstc_desktop.demo import fake_org_name, fake_uscc
from bjstc_desktop.store import kdf
from bjstc_desktop.workstation import Workstation

HEADERS = ("登记编号", "合同名称", "合同类型", "卖方名称", "卖方统一社会信用代码", "卖方行政区划", "买方名称",
           "买方统一社会信用代码", "成交额（万元）", "技术交易额（万元）", "签订日期", "登记日期")
GOAL_DRY_RUN_RATIO = 10.0  # validation may cost at most 10x a bare read of the same file
GOAL_IMPORT_VS_DRY = 2.0  # issue 15: writing may cost at most as much again as reading and validating
PASS = "bench passphrase 1"


def write_sheet(path: Path, rows: int, seed: int = 5) -> None:
    """A 登记站 export: `rows` valid technology contracts with distinct 登记编号."""
    import openpyxl

    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("技术合同")
    sheet.append(HEADERS)
    districts = ("110101", "110105", "110108", "110114")
    for i in range(rows):
        amount = rng.randint(10, 5000)
        sheet.append([f"2026110{i:09d}", f"{fake_org_name(rng)}技术开发合同", "技术开发", fake_org_name(rng),
                      fake_uscc(rng), rng.choice(districts), fake_org_name(rng), fake_uscc(rng), amount,
                      rng.randint(1, amount), dt.date(2026, 1 + i % 12, 1 + i % 28), dt.date(2026, 11, 1)])
    book.save(path)


def baseline_read(path: Path) -> int:
    """openpyxl read-only iteration of every row, values only, nothing else."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    n = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return n - 1


def _station(folder: Path) -> None:
    Workstation.init(folder, "导入基准", "admin", PASS, ceiling=Level.SECRET)
    with Workstation.open(folder, "admin", PASS) as ws:
        ws.accounts.add("zhang", Role.OFFICER, PASS, Level.SECRET, frozenset({"market"}))


def _timed(fn: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def run(quick: bool = False, rows: int | None = None) -> dict[str, Any]:
    """Write the sheet, then time the baseline, the dry run, the import and a re-import."""
    n = rows or (2_000 if quick else 50_000)
    folder = Path(tempfile.mkdtemp(prefix="bjstc-bench-import-"))
    saved_kdf = kdf.DEFAULT_KDF
    kdf.DEFAULT_KDF = kdf.KdfParams(memory_kib=1024, iterations=1, lanes=1)  # unlock cost is not measured here
    try:
        sheet = folder / "contracts.xlsx"
        write_sheet(sheet, n)
        _station(folder / "ws")
        t_base, counted = _timed(lambda: baseline_read(sheet))
        assert counted == n
        with Workstation.open(folder / "ws", "zhang", PASS) as ws:
            t_dry, dry = _timed(lambda: ws.imports.run(sheet, "tech_contracts", dry_run=True))
            assert dry.ok and dry.new == n, dry.problems[:3]
            t_commit, done = _timed(lambda: ws.imports.run(sheet, "tech_contracts", source="基准登记站"))
            assert done.committed and done.new == n
            t_again, again = _timed(lambda: ws.imports.run(sheet, "tech_contracts", source="基准登记站"))
            assert again.unchanged == n and again.new == again.updated == 0
        ratio = t_dry / t_base
        versus_dry = t_commit / t_dry
        return {
            "benchmark": "import", "rows": n, "file_mb": round(sheet.stat().st_size / 1e6, 2),
            "baseline_read_s": round(t_base, 2), "baseline_rows_per_s": round(n / t_base),
            "dry_run_s": round(t_dry, 2), "dry_run_rows_per_s": round(n / t_dry),
            "import_s": round(t_commit, 2), "import_rows_per_s": round(n / t_commit),
            "reimport_unchanged_s": round(t_again, 2), "reimport_rows_per_s": round(n / t_again),
            "dry_run_ratio": round(ratio, 2), "import_ratio": round(t_commit / t_base, 2),
            "import_vs_dry_run": round(versus_dry, 2),
            "goal": f"dry run <= {GOAL_DRY_RUN_RATIO}x baseline; committed import <= {GOAL_IMPORT_VS_DRY}x dry run",
            "goal_met": ratio <= GOAL_DRY_RUN_RATIO and versus_dry <= GOAL_IMPORT_VS_DRY,
        }
    finally:
        kdf.DEFAULT_KDF = saved_kdf
        shutil.rmtree(folder, ignore_errors=True)
