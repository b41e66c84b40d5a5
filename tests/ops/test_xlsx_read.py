"""An Excel list that inflates far beyond its size (a decompression bomb) is refused with
a plain message before it is parsed, whether its zip directory tells the truth about the
inflated size or lies about it (issue 11, must-hold 2; finding 10: a 413 KB xlsx that
inflates to 400 MB took 916 MB in a dry run)."""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.ops.xlsx_read import SheetReader

SHEET = "xl/worksheets/sheet1.xml"
INFLATED = 400 * 1024 * 1024


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.append(["案号", "名称"])
    wb.active.append(["技合〔2026〕1号", "一件合同"])
    wb.save(path)
    return path


def _bomb(tmp_path: Path) -> Path:
    """The workbook with its sheet padded by 400 MB of white space (about 400 KB deflated)."""
    plain = _workbook(tmp_path / "plain.xlsx")
    out = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename != SHEET:
                dst.writestr(item, data)
                continue
            head, tail = data.split(b"<sheetData>", 1)
            with dst.open(SHEET, "w", force_zip64=True) as fh:
                fh.write(head + b"<sheetData>")
                block = b" " * (1024 * 1024)
                for _ in range(INFLATED // len(block)):
                    fh.write(block)
                fh.write(tail)
    return out


def _lie_about_size(path: Path) -> Path:
    """The same bomb with its central directory claiming the sheet inflates to 2 KB."""
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02")  # the first central directory entry
    while not data[entry + 46 : entry + 46 + len(SHEET)] == SHEET.encode():
        entry = data.index(b"PK\x01\x02", entry + 4)
    assert struct.unpack_from("<I", data, entry + 24)[0] < 0xFFFFFFFF  # a plain 32-bit size here
    struct.pack_into("<I", data, entry + 24, 2048)
    lying = path.with_name("lying.xlsx")
    lying.write_bytes(bytes(data))
    with zipfile.ZipFile(lying) as z:
        assert z.getinfo(SHEET).file_size == 2048
    return lying


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _bomb(tmp_path_factory.mktemp("bomb"))


def test_a_small_workbook_that_inflates_to_400_mb_is_refused_plainly(bomb: Path) -> None:
    assert bomb.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(RefusedError) as err:
            SheetReader(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "bomb.xlsx" in err.value.zh and "解压" in err.value.zh
    assert "bomb.xlsx" in err.value.en and "uncompress" in err.value.en
    assert err.value.exit_code == 1 and "Traceback" not in err.value.en
    assert peak < 16 * 1024 * 1024


def test_a_workbook_whose_directory_lies_about_the_inflated_size_is_refused(bomb: Path) -> None:
    lying = _lie_about_size(bomb)
    with pytest.raises(RefusedError) as err:
        SheetReader(lying)
    assert "lying.xlsx" in err.value.zh and err.value.exit_code == 1


def test_an_ordinary_workbook_still_reads(tmp_path: Path) -> None:
    with SheetReader(_workbook(tmp_path / "ok.xlsx")) as reader:
        assert reader.headers == ["案号", "名称"]
        assert [cells for _, cells in reader.rows()] == [("技合〔2026〕1号", "一件合同")]


def test_a_chart_sheet_named_as_the_list_is_refused_in_words(tmp_path: Path) -> None:
    # mypy found it: a chart sheet has no rows, and reading it raised AttributeError.
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.Workbook()
    wb.active.append(["案号", "名称"])
    wb.active.append(["技合〔2026〕1号", "一件合同"])
    chart = BarChart()
    chart.add_data(Reference(wb.active, min_col=1, min_row=1, max_row=2))
    wb.create_chartsheet("图表").add_chart(chart)
    path = tmp_path / "chart.xlsx"
    wb.save(path)
    with pytest.raises(RefusedError) as err:
        SheetReader(path, sheet="图表")
    assert "图表" in err.value.zh and "chart" in err.value.en and err.value.exit_code == 1
