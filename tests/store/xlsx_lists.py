"""Spreadsheet lists as officers receive them, written with openpyxl for the import tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

CONTRACT_HEADERS = ("登记编号", "合同名称", "合同类型", "卖方名称", "卖方统一社会信用代码", "成交额（万元）",
                    "技术交易额（万元）", "签订日期", "备注")
GOOD_USCC = "91110000600037341L"
OTHER_USCC = "91350100M000100Y43"


def contract_row(no: str, name: str = "冰雪装备技术开发合同", tech: Any = 120, uscc: str = GOOD_USCC) -> list[Any]:
    """One row of a 登记站 export (amounts in 万元, as the header says)."""
    return [no, name, "技术开发", "北京冰雪科技有限公司", uscc, 150, tech, dt.datetime(2026, 3, 1), "无"]


def write_xlsx(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str = "清单") -> Path:
    """A one-sheet workbook: the header, then the rows."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def contracts(path: Path, *numbers: str) -> Path:
    """A contract list with one good row per 登记编号."""
    return write_xlsx(path, CONTRACT_HEADERS, [contract_row(n) for n in numbers])
