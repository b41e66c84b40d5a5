"""Fonts: every face embedded as a TrueType subset with ToUnicode (no Helvetica, no
STSong-Light); rare name characters drawn by the fallback face, never as blanks; the
licensed faces the standard names preferred when installed and embeddable."""

from __future__ import annotations

import io
import shutil
import struct
from pathlib import Path

import pikepdf
import pypdf
import pytest

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.resources import resources_dir
from bjstc_desktop.letters.fontfiles import FONT_DIRS_ENV, family_names, find_licensed_fonts
from bjstc_desktop.letters.fonts import FontSet, letter_fonts
from bjstc_desktop.letters.render import render_pdf
from tests.letters.conftest import RARE_NAMES, document_spec
from tests.letters.pdfmeasure import open_pdf

FONTS = resources_dir() / "fonts"


def _font_dicts(data: bytes) -> list[pikepdf.Dictionary]:
    out = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for _name, font in page.obj.Resources.get("/Font", {}).items():
                out.append(pikepdf.Dictionary(font))
    return out


def test_every_font_is_an_embedded_truetype_subset_with_tounicode(document_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(document_pdf)) as pdf:
        seen = set()
        for page in pdf.pages:
            fonts = page.obj.Resources.Font
            assert len(fonts) > 0
            for _name, font in fonts.items():
                base = str(font.BaseFont)
                seen.add(base.split("+")[1])
                assert font.Subtype == pikepdf.Name.TrueType
                assert base[7] == "+" and base[1:7].isalpha() and base[1:7].isupper()  # AAAAAA+Name: a subset
                assert "/FontFile2" in font.FontDescriptor
                assert "/ToUnicode" in font
                assert not any(b in base for b in ("Helvetica", "Times", "Courier", "STSong", "Symbol"))
    assert seen == {"FandolFang-Regular", "NotoSerifSC-Regular", "NotoSerifSC-Bold", "WenQuanYiMicroHei-0",
                    "LXGWWenKai-Regular"}


def test_rare_name_characters_extract_as_text_and_use_the_fallback_face(document_pdf: bytes) -> None:
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(document_pdf)).pages)
    assert "王喆、李堃、张珺" in text.replace(" ", "")
    chars = [c for page in open_pdf(document_pdf).pages for c in page.chars if c["text"] in "喆堃珺"]
    assert len(chars) == 3
    assert all("NotoSerifSC-Regular" in c["fontname"] for c in chars)  # FandolFang lacks them
    names = [c for page in open_pdf(document_pdf).pages for c in page.chars if c["text"] in "王李张"]
    assert any("FandolFang" in c["fontname"] for c in names)  # the rest of the name stays 仿宋


def test_the_fallback_is_per_character(fonts: FontSet) -> None:
    fang, song = fonts.rl_name("fangsong"), fonts.rl_name("song")
    assert [fonts.font_for("fangsong", ch) for ch in RARE_NAMES[4:8]] == [fang, song, fang, fang]  # 王喆、李
    assert fonts.font_for("fangsong", "䶮") == song  # CJK Extension A


def test_a_character_no_face_has_is_refused_rather_than_printed_blank(fonts: FontSet) -> None:
    with pytest.raises(RefusedError) as info:
        render_pdf(document_spec(addressee="𠀀市科技局："), fonts)
    assert "U+20000" in info.value.zh


def test_family_names_are_read_from_the_font_files() -> None:
    assert "FandolFang" in family_names(FONTS / "FandolFang-Regular.ttf")
    assert "WenQuanYi Micro Hei" in family_names(FONTS / "wqy-microhei.ttc", 0)


def _with_fstype(src: Path, dst: Path, fs_type: int) -> Path:
    data = bytearray(src.read_bytes())
    count = struct.unpack(">H", data[4:6])[0]
    for i in range(count):
        tag, _sum, offset, _len = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        if tag == b"OS/2":
            data[offset + 8:offset + 10] = struct.pack(">H", fs_type)
    dst.write_bytes(bytes(data))
    return dst


def test_installed_licensed_fonts_are_preferred_and_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Stand-ins named as the licensed files ship (方正小标宋简体, 黑体), in a folder the
    # deployment names; a copy whose fsType forbids embedding (楷体) must be passed over.
    shutil.copy(FONTS / "NotoSerifSC_700Bold.ttf", tmp_path / "方正小标宋简体.ttf")
    shutil.copy(FONTS / "NotoSerifSC_400Regular.ttf", tmp_path / "simhei.ttf")
    _with_fstype(FONTS / "LXGWWenKai-Regular.ttf", tmp_path / "simkai.ttf", 0x0002)
    monkeypatch.setenv(FONT_DIRS_ENV, str(tmp_path))
    found = find_licensed_fonts([tmp_path])
    assert [f.path.name for f in found["title"]] == ["方正小标宋简体.ttf"]
    fonts = letter_fonts(dirs=[tmp_path])
    assert fonts.choices["title"].source == "licensed" and fonts.choices["hei"].source == "licensed"
    assert fonts.choices["kai"].source == "bundled" and fonts.choices["fangsong"].source == "bundled"
    assert any("simkai.ttf" in r for r in fonts.rejected)
    rendered = render_pdf(document_spec(), fonts)
    record = {f["role"]: f["source"] for f in rendered.fonts_record()}
    assert record["title"] == "licensed" and record["hei"] == "licensed" and record["fangsong"] == "bundled"


def test_without_licensed_fonts_the_bundled_ones_are_used(tmp_path: Path) -> None:
    fonts = letter_fonts(dirs=[tmp_path])
    assert {c.source for c in fonts.choices.values()} == {"bundled"}
    assert fonts.choices["fangsong"].family == "FandolFang"
