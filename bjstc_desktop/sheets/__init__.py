"""Spreadsheet output (xlsx, through openpyxl): case lists and dashboard tables, with
Chinese headers, typed cells, column widths and the classification marking, written so
that a file is either wholly there or not at all. No Qt, no store: like letters/, it
only formats what the operations hand it."""

from bjstc_desktop.sheets.atomic import write_file_atomic
from bjstc_desktop.sheets.table import Column, Marking, Money, Table
from bjstc_desktop.sheets.xlsx import write_table, write_workbook

__all__ = ["Column", "Marking", "Money", "Table", "write_file_atomic", "write_table", "write_workbook"]
