"""The TrueType subset of a face that an OFD file embeds: the glyphs the letter draws,
their outlines and advance widths as in the face itself, and a Unicode cmap so that a
reader finds each TextCode character's glyph (GB/T 33190 draws text by character code
through the font's cmap unless a CGTransform says otherwise).

reportlab has already parsed every face of the letter (fonts.py registers them), and its
subsetter copies glyph data, metrics, the hinting tables and the composite glyphs'
components; but it numbers the characters 0..n-1 for the PDF's one-byte encodings. So
the subset is made by reportlab, then fontTools (on the small subset only: fast) swaps
that cmap for a real one: format 4 for the Basic Multilingual Plane, plus format 12 when
a character lies beyond it (𠮷). Loading a 15 MB face with fontTools instead would cost
about a second per face per letter.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as RegisteredFace

_BMP = 0xFFFF


def _subtable(fmt: int, platform: int, encoding: int, mapping: dict[int, str]) -> CmapSubtable:
    table = CmapSubtable.newSubtable(fmt)
    table.platformID, table.platEncID, table.language = platform, encoding, 0
    table.cmap = mapping
    return table


def subset_face(rl_name: str, chars: Iterable[str]) -> bytes:
    """The TrueType bytes of face `rl_name` (as registered in reportlab) cut down to
    `chars`, with a Unicode cmap. The result depends only on the face and the characters
    (its head table keeps the face's own dates), so the same letter gives the same bytes.
    Callers hold the render lock: reportlab's face reads through a shared file position."""
    registered = pdfmetrics.getFont(rl_name)
    if not isinstance(registered, RegisteredFace):  # letters/fonts.py registers TrueType faces only
        raise TypeError(f"{rl_name} is not a TrueType face")
    face = registered.face
    codes = sorted({ord(c) for c in chars if ord(c) in face.charToGlyph})
    font = TTFont(io.BytesIO(face.makeSubset(codes)), recalcTimestamp=False)
    by_index = font["cmap"].getcmap(1, 0).cmap  # reportlab's: code i is codes[i]
    unicode_map = {code: by_index[i] for i, code in enumerate(codes)}
    tables = [_subtable(4, 3, 1, {c: g for c, g in unicode_map.items() if c <= _BMP})]
    if any(c > _BMP for c in unicode_map):  # the format 12 table repeats the BMP, as the spec asks
        tables.append(_subtable(12, 3, 10, unicode_map))
    font["cmap"].tables = tables
    os2 = font["OS/2"]
    bmp = [c for c in unicode_map if c <= _BMP] or [0]
    beyond = any(c > _BMP for c in unicode_map)  # OpenType: the last index is then 0xFFFF
    os2.usFirstCharIndex, os2.usLastCharIndex = min(bmp), _BMP if beyond else max(bmp)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
