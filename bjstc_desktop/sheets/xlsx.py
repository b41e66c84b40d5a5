"""The xlsx writer: one worksheet per table, streamed (openpyxl write-only mode), with
the classification and the export marking above a frozen header row.

Layout of every sheet: row 1 the 密级 (red when a state secret), row 2 the title, row 3
workstation, user and time, row 4 the column headers, data from row 5. Text cells are
always text: a title that starts with "=" is never a formula."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from itertools import chain, islice
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type information
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet import _writer as openpyxl_writer

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.sheets.atomic import check_target, publish, stage
from bjstc_desktop.sheets.table import (
    DATE,
    INTEGER,
    MONEY,
    NUMBER,
    Column,
    Marking,
    Money,
    Table,
    columns_of,
    sheet_name,
)

# Write-only sheets spool their rows to a file before the workbook is zipped; openpyxl
# puts it in the system temp folder, which would hold case data in plain on a disk the
# officer did not choose. While a workbook is written here the spool goes beside the
# output instead, hidden, on the medium that will hold the export anyway.
_SPOOL_DIR: ContextVar[Path | None] = ContextVar("bjstc_xlsx_spool_dir", default=None)
_openpyxl_spool = openpyxl_writer.create_temporary_file


def _spool_beside_output(suffix: str = "") -> str:
    folder = _SPOOL_DIR.get()
    if folder is None:
        return _openpyxl_spool(suffix)
    fd, name = _mkstemp_in(folder, suffix)
    os.close(fd)
    openpyxl_writer.ALL_TEMP_FILES.append(name)
    return name


def _mkstemp_in(folder: Path, suffix: str) -> tuple[int, str]:
    # Named as every writer's temporary (`.NAME.PID.partial`): a program killed while it
    # writes leaves its spool (case data in plain) for the next export there to remove.
    for _ in range(100):
        name = str(folder / f".bjstc-sheet-{os.urandom(6).hex()}{suffix}.{os.getpid()}.partial")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(folder)


openpyxl_writer.create_temporary_file = _spool_beside_output

HEADER_ROWS = 4  # 密级, title, marking, column headers
MAX_ROWS = 1_048_576 - HEADER_ROWS  # what one worksheet can hold
_SAMPLE = 200  # rows looked at to fit the column widths
_FORMATS = {DATE: "yyyy-mm-dd", MONEY: "#,##0.00", NUMBER: "#,##0.00", INTEGER: "#,##0"}
_HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")
_HEAD_BORDER = Border(bottom=Side(style="thin", color="7A8CA5"))


def write_table(path: Path, title: str, headers: Sequence[str | Column], rows: Iterable[Sequence[Any]],
                marking: Marking) -> Path:
    """Write one table as an .xlsx file, atomically; returns the absolute path."""
    return write_workbook(path, [Table(title, columns_of(headers), rows)], marking)


def write_workbook(path: Path, tables: Sequence[Table], marking: Marking) -> Path:
    """Write several tables, one worksheet each, atomically; returns the absolute path."""
    target = check_target(path)
    publish(stage_workbook(target, tables, marking), target)
    return target


def stage_workbook(target: Path, tables: Sequence[Table], marking: Marking) -> Path:
    """Write the workbook under a hidden temporary name beside `target` and fsync it;
    the caller publishes it (sheets.atomic.publish) or discards it."""
    def produce(tmp: Path) -> None:
        token = _SPOOL_DIR.set(tmp.parent)
        try:
            _produce(tmp)
        finally:
            _SPOOL_DIR.reset(token)

    def _produce(tmp: Path) -> None:
        wb = Workbook(write_only=True)
        wb.properties.creator = "bjstc-desktop"
        wb.properties.title = ""
        taken: set[str] = set()
        try:
            for table in tables:
                _write_sheet(wb, table, marking, sheet_name(table.sheet_name or table.title, taken))
            wb.save(str(tmp))
        except BaseException as exc:
            _drop_spools(wb)
            if isinstance(exc, etree.SerialisationError):
                raise _os_error_of(exc) from exc
            raise

    return stage(target, produce)


def _os_error_of(exc: etree.SerialisationError) -> OSError:
    """The OSError behind lxml's failed write of a spooled sheet: libxml2 names it
    (IO_ENOSPC on a full stick), so the officer is told 磁盘空间不足, not an internal error."""
    name = str(exc.args[0]) if exc.args else ""
    code = getattr(errno, name[3:], errno.EIO) if name.startswith("IO_E") else errno.EIO
    return OSError(code, os.strerror(code))


def _drop_spools(wb: Workbook) -> None:
    """Write-only sheets spool their rows to temporary files; remove them at once when
    the export fails (openpyxl would only remove them at exit)."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        for generator in (getattr(ws, "_rows", None), writer.xf):
            with contextlib.suppress(Exception):
                if generator is not None:
                    generator.close()
        with contextlib.suppress(OSError, AttributeError, TypeError):
            os.remove(writer.out)


def _write_sheet(wb: Workbook, table: Table, marking: Marking, name: str) -> None:
    ws = wb.create_sheet(name)
    columns = columns_of(table.columns)
    rows = iter(table.rows)
    sample = list(islice(rows, _SAMPLE))
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width or _fit(col, sample, i - 1)
    ws.freeze_panes = f"A{HEADER_ROWS + 1}"
    level = WriteOnlyCell(ws, f"密级：{marking.level.label}")
    level.font = Font(bold=True, size=12, color="C00000" if marking.level.is_state_secret else "000000")
    ws.append([level])
    head = WriteOnlyCell(ws, _text(table.title))
    head.font = Font(bold=True, size=14)
    ws.append([head])
    mark = WriteOnlyCell(ws, marking.line())
    mark.font = Font(size=9, color="555555")
    ws.append([mark])
    header_cells = []
    for col in columns:
        c = WriteOnlyCell(ws, _text(col.header))
        c.font = Font(bold=True)
        c.fill = _HEAD_FILL
        c.border = _HEAD_BORDER
        c.alignment = Alignment(vertical="center")
        header_cells.append(c)
    ws.append(header_cells)
    for n, row in enumerate(chain(sample, rows), start=1):
        if n > MAX_ROWS:
            raise RefusedError(f"列表超过 {MAX_ROWS} 行，一张工作表放不下，请先筛选后再导出。",
                               f"The list has more than {MAX_ROWS} rows, more than a worksheet holds; filter it first.")
        ws.append(list(_cells(ws, columns, row)))


def _cells(ws: Any, columns: list[Column], row: Sequence[Any]) -> Iterator[Cell]:  # WriteOnlyCell is a factory of Cells
    for col, value in zip(columns, row, strict=False):
        cell = WriteOnlyCell(ws, _typed(value))
        if isinstance(value, (Money, dt.date)) or col.kind in _FORMATS:
            fmt = _FORMATS.get(col.kind) or (_FORMATS[MONEY] if isinstance(value, Money) else _FORMATS[DATE])
            cell.number_format = fmt
        if isinstance(cell.value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
        yield cell


def _typed(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Money):
        return value.fen / 100
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, dt.datetime, dt.date)):
        return value
    return _text(value)


def _text(value: Any) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _display_width(text: str) -> float:
    return sum(2.0 if ord(ch) > 0x2E7F else 1.1 for ch in text)


def _fit(col: Column, sample: list[Sequence[Any]], index: int) -> float:
    widths = [_display_width(col.header)]
    for row in sample:
        if index < len(row) and row[index] is not None:
            value = row[index]
            if isinstance(value, Money):
                widths.append(len(f"{value.fen / 100:,.2f}") * 1.1)
            elif isinstance(value, dt.date):
                widths.append(11)
            else:
                widths.append(_display_width(str(value)))
    return round(min(60.0, max(6.0, max(widths) + 2)), 1)
