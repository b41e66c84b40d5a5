"""The xlsx writer: exact cells read back, formats, the marking, and atomic failure."""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

import openpyxl
import pytest

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import MediaError, RefusedError
from bjstc_desktop.sheets import (
    Column,
    Marking,
    Money,
    Table,
    write_file_atomic,
    write_table,
    write_workbook,
)
from bjstc_desktop.sheets.table import DATE, MONEY

AT = dt.datetime(2026, 11, 26, 9, 30)
SECRET = Marking("技术市场处一号机", "zhang", AT, Level.SECRET)


def _rows(path: Path, sheet: int = 0) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path)
    return [tuple(r) for r in wb.worksheets[sheet].iter_rows(values_only=True)]


def test_cells_read_back_exactly(tmp_path: Path) -> None:
    out = write_table(tmp_path / "list.xlsx", "技术合同清单",
                      ["案号", Column("成交额（元）", MONEY), Column("签订日期", DATE), "件数"],
                      [["技合〔2026〕1号", Money(150_000_001), dt.date(2026, 3, 5), 3],
                       ["技合〔2026〕2号", None, None, 0]], SECRET)
    rows = _rows(out)
    assert rows[0][0] == "密级：秘密"
    assert rows[1][0] == "技术合同清单"
    assert rows[2][0] == "工作站：技术市场处一号机　导出人：zhang　导出时间：2026-11-26 09:30"
    assert rows[3] == ("案号", "成交额（元）", "签订日期", "件数")
    assert rows[4] == ("技合〔2026〕1号", 1500000.01, dt.datetime(2026, 3, 5), 3)
    assert rows[5] == ("技合〔2026〕2号", None, None, 0)
    ws = openpyxl.load_workbook(out).active
    assert ws["B5"].number_format == "#,##0.00"
    assert ws["C5"].number_format == "yyyy-mm-dd"
    assert ws.freeze_panes == "A5"
    assert ws["A1"].font.color.rgb.endswith("C00000")  # a state secret is marked in red
    assert ws.column_dimensions["A"].width >= 15  # fitted to 技合〔2026〕1号, wider than the default


def test_text_is_never_a_formula_and_control_characters_are_dropped(tmp_path: Path) -> None:
    out = write_table(tmp_path / "t.xlsx", "t", ["标题"], [["=HYPERLINK(\"http://x\")"], ["a\x07b"]], SECRET)
    ws = openpyxl.load_workbook(out).active
    assert ws["A5"].data_type == "s" and ws["A5"].value == "=HYPERLINK(\"http://x\")"
    assert ws["A6"].value == "ab"


def test_a_workbook_has_one_sheet_per_table_with_valid_unique_names(tmp_path: Path) -> None:
    tables = [Table("按类型/按月", ["a"], [[1]]), Table("按类型/按月", ["b"], [[2]]),
              Table("一" * 40, ["c"], [[3]])]
    out = write_workbook(tmp_path / "w.xlsx", tables, Marking("站", "u", AT, Level.PUBLIC))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["按类型_按月", "按类型_按月(2)", "一" * 31]
    assert _rows(out, 2)[4] == (3,)
    assert wb.active["A1"].value == "密级：公开"


def test_a_full_disk_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(self: openpyxl.Workbook, filename: str) -> None:
        Path(filename).write_bytes(b"PK\x03\x04 half a zip")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", full)
    with pytest.raises(MediaError) as err:
        write_table(tmp_path / "full.xlsx", "t", ["a"], [[1]], SECRET)
    assert "空间不足" in err.value.zh
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_survives_a_failed_rewrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "keep.xlsx"
    write_table(target, "old", ["a"], [[1]], SECRET)
    before = target.read_bytes()

    def broken_rows() -> object:
        yield from ([i] for i in range(300))
        raise OSError(errno.EIO, "I/O error")

    with pytest.raises(MediaError):
        write_table(target, "new", ["a"], broken_rows(), SECRET)  # type: ignore[arg-type]
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep.xlsx"]


def test_a_missing_folder_or_a_folder_as_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RefusedError):
        write_table(tmp_path / "no" / "such.xlsx", "t", ["a"], [], SECRET)
    with pytest.raises(RefusedError):
        write_table(tmp_path, "t", ["a"], [], SECRET)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(RefusedError):
        write_file_atomic(blocker / "x.png", b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_a_failed_export_leaves_no_spooled_rows_in_the_temp_folder(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))

    def rows() -> object:
        for i in range(500):  # past the rows sampled for the widths: the sheet is spooling
            yield [f"技合〔2026〕{i}号"]
        raise OSError(errno.EIO, "I/O error")

    with pytest.raises(MediaError):
        write_table(tmp_path / "x.xlsx", "t", ["a"], rows(), SECRET)  # type: ignore[arg-type]
    assert list(spool.iterdir()) == []
    assert not (tmp_path / "x.xlsx").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # nor beside the target


def test_rows_never_pass_through_the_system_temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl spools write-only rows to the temp folder; case data must not go there."""
    import tempfile

    from openpyxl.worksheet import _writer

    seen: list[str] = []
    real = tempfile.NamedTemporaryFile

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(str(kwargs.get("dir") or tempfile.gettempdir()))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", spy)
    monkeypatch.setattr(_writer, "NamedTemporaryFile", spy)  # openpyxl bound the name at import
    out = tmp_path / "out"
    out.mkdir()
    write_table(out / "x.xlsx", "t", ["a"], ([f"北京冰雪科技有限公司{i}"] for i in range(300)), SECRET)  # type: ignore[arg-type]
    assert seen == []
    assert [p.name for p in out.iterdir()] == ["x.xlsx"]  # the spool beside it is gone too
    book = openpyxl.load_workbook(out / "x.xlsx", read_only=True)
    assert sum(1 for _ in book.worksheets[0].iter_rows()) >= 300
