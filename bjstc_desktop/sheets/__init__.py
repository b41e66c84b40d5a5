"""Spreadsheet output (xlsx, through openpyxl): case lists and dashboard tables, with
Chinese headers, typed cells, column widths and the classification marking, written so
that a file is either wholly there or not at all. No Qt, no store: like letters/, it
only formats what the operations hand it."""

from typing import Any

from bjstc_desktop.sheets.atomic import write_file_atomic
from bjstc_desktop.sheets.table import Column, Marking, Money, Table

__all__ = ["Column", "Marking", "Money", "Table", "write_file_atomic", "write_table", "write_workbook"]


def __getattr__(name: str) -> Any:
    """write_table and write_workbook, importing openpyxl (with lxml and Pillow, about
    0.2 s) only when a workbook is first written, not when the program starts."""
    if name in ("write_table", "write_workbook"):
        from bjstc_desktop.sheets import xlsx

        return getattr(xlsx, name)
    raise AttributeError(name)
