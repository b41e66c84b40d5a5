"""Read an .xlsx list row by row (openpyxl read-only mode: streamed, so 50,000 rows
never sit in memory as cells), with a plain BjstcError for every file an officer may
pick by mistake: not a spreadsheet, the old .xls format, password-protected, empty —
or one that inflates far beyond its size (a decompression bomb: a 413 KB file that
inflates to 400 MB took 916 MB to read). Before openpyxl sees the file, the sizes its
zip directory declares are added up, and then every part is inflated once in 1 MiB
steps, counting what actually comes out, so a directory that lies is caught too."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from bjstc_desktop.core.errors import RefusedError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .xls, or an encrypted .xlsx
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
MAX_HEADER_SCAN = 20  # the header is the first non-empty row among the first 20
# Everything inside a workbook, inflated: 50,000 rows of a received list are ~60 MB.
MAX_INFLATED = 256 * 1024 * 1024
_STEP = 1 << 20


def _refuse(path: Path, zh: str, en: str) -> RefusedError:
    return RefusedError(f"{path.name}：{zh}", f"{path.name}: {en}")


def _column_letter(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _check_container(path: Path) -> None:
    if not path.is_file():
        raise _refuse(path, "文件不存在。", "the file does not exist.")
    with path.open("rb") as fh:
        head = fh.read(8)
        if head == _OLE_MAGIC:
            rest = fh.read(1 << 20)
            if _ENCRYPTED_MARK in rest:
                raise _refuse(path, "文件设有打开密码。请在 Excel 中取消密码（文件→信息→保护工作簿）后另存，再导入。",
                              "the workbook is password-protected. Remove the password in Excel and save it again.")
            raise _refuse(path, "这是旧版 Excel（.xls）文件。请在 Excel 中另存为 .xlsx 后再导入。",
                          "this is an old Excel (.xls) file. Save it as .xlsx in Excel, then import it.")
    if not zipfile.is_zipfile(path):
        raise _refuse(path, "不是 Excel 工作簿（.xlsx）。", "this is not an Excel workbook (.xlsx).")
    _check_inflated(path)


def _too_large(path: Path, size: int) -> RefusedError:
    mb, most = size // (1024 * 1024), MAX_INFLATED // (1024 * 1024)
    return _refuse(path, f"解压后超过 {most} MB（至少 {mb} MB），可能是压缩炸弹，已拒绝。请拆分成较小的工作簿后再导入。",
                   f"it would uncompress to more than {most} MB (at least {mb} MB), possibly a decompression bomb; "
                   "refused. Split it into smaller workbooks.")


def _check_inflated(path: Path) -> None:
    """Refuse a workbook whose parts, inflated, exceed MAX_INFLATED: first by the sizes
    the zip directory declares, then by what inflating actually gives (never more than
    a part declared, never more than the limit in all)."""
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
            declared = sum(p.file_size for p in parts)
            if declared > MAX_INFLATED:
                raise _too_large(path, declared)
            total = 0
            for part in parts:
                got = 0
                with book.open(part) as fh:
                    while block := fh.read(_STEP):
                        got += len(block)
                        total += len(block)
                        if got > part.file_size or total > MAX_INFLATED:
                            raise _too_large(path, total)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
            OSError):
        raise _refuse(path, "无法读取此工作簿，文件可能已损坏或不是 .xlsx 格式。",
                      "the workbook cannot be read; it may be damaged or not an .xlsx file.") from None


class SheetReader:
    """One worksheet: its header (first non-empty row) and its data rows, streamed."""

    def __init__(self, path: Path, sheet: str | None = None) -> None:
        import openpyxl  # imported when a list is read, not at start-up

        self.path = path
        _check_container(path)
        try:
            self._book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged package
            raise _refuse(path, "无法读取此工作簿，文件可能已损坏或不是 .xlsx 格式。",
                          "the workbook cannot be read; it may be damaged or not an .xlsx file.") from exc
        try:
            # Chart sheets are in sheetnames but hold no cells: only worksheets are lists.
            by_name = {ws.title: ws for ws in self._book.worksheets}
            if sheet and sheet not in by_name:
                if sheet in self._book.sheetnames:
                    raise _refuse(path, f"“{sheet}”是图表工作表，没有数据。", f"{sheet!r} is a chart sheet; it holds no data.")
                raise _refuse(path, f"没有名为“{sheet}”的工作表（有：{'、'.join(by_name)}）。",
                              f"there is no sheet {sheet!r} (it has: {', '.join(by_name)}).")
            if not by_name:
                raise _refuse(path, "工作簿中没有工作表。", "the workbook has no worksheet.")
            self._ws = by_name[sheet] if sheet else self._book.worksheets[0]
            self.sheet_name: str = self._ws.title
            self.header_row, self.headers = self._find_header()
        except BaseException:
            self.close()
            raise

    def _find_header(self) -> tuple[int, list[str]]:
        for row_no, values in enumerate(self._ws.iter_rows(values_only=True, max_row=MAX_HEADER_SCAN), start=1):
            if any(v is not None and str(v).strip() for v in values):
                return row_no, self._names(values)
        raise _refuse(self.path, "工作表是空的：没有表头。", "the sheet is empty: there is no header row.")

    @staticmethod
    def _names(values: tuple[Any, ...]) -> list[str]:
        names: list[str] = []
        seen: dict[str, int] = {}
        last = max(i for i, v in enumerate(values) if v is not None and str(v).strip())
        for i, v in enumerate(values[: last + 1]):
            name = str(v).strip() if v is not None and str(v).strip() else f"列{_column_letter(i)}"
            seen[name] = seen.get(name, 0) + 1
            names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
        return names

    @property
    def total(self) -> int | None:
        """Data rows the sheet says it has (an upper bound: blank rows count), if known."""
        max_row = self._ws.max_row
        return max(0, max_row - self.header_row) if max_row else None

    def rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(row number as Excel shows it, cell values) of every non-blank data row."""
        width = len(self.headers)
        for row_no, values in enumerate(self._ws.iter_rows(min_row=self.header_row + 1, values_only=True),
                                        start=self.header_row + 1):
            cells = values[:width]
            if any(v is not None and (not isinstance(v, str) or v.strip()) for v in cells):
                yield row_no, cells

    def close(self) -> None:
        """Release the file."""
        self._book.close()

    def __enter__(self) -> SheetReader:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
