"""Rebuild FandolFang-Regular.ttf from the upstream CFF font (build-time tool, not run by the app).

reportlab can only embed TrueType (glyf) outlines, and Fandol ships CFF-flavoured .otf
files. This converts the cubic CFF outlines to quadratic TrueType outlines with fontTools'
cu2qu (the approach of fontTools' Snippets/otf2ttf.py), keeps every other table, records the
modification in name ID 10 (GPL-3 section 5a) and keeps head.modified from the source, so the
output is byte-for-byte reproducible for a given fontTools version.

    python -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools==4.68.0
    apt-get download texlive-lang-chinese   # 2022.20230122-1, into /tmp
    dpkg-deb -x texlive-lang-chinese_*.deb /tmp/tl
    /tmp/ft/bin/python resources/fonts/tools/otf2ttf.py \
        /tmp/tl/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf \
        resources/fonts/FandolFang-Regular.ttf

Needs fontTools (not a dependency of the app). See resources/fonts/README.md.
"""

import sys

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

MAX_ERR = 1.0  # font units (of 1000 per em)
NOTICE = (
    "Modified for bjstc-desktop on 2026-11-26: CFF outlines converted to TrueType (glyf) "
    "outlines with fontTools cu2qu, max error 1 unit; no glyph was added, removed or redrawn. "
    "Source: FandolFang-Regular.otf from Debian texlive-lang-chinese 2022.20230122-1 (CTAN fandol)."
)


def glyphs_to_quadratic(glyphs, max_err=MAX_ERR, reverse_direction=True):
    quad = {}
    for name in glyphs.keys():
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err, reverse_direction=reverse_direction))
        quad[name] = pen.glyph()
    return quad


def otf_to_ttf(ttf, post_format=2.0):
    assert ttf.sfntVersion == "OTTO" and "CFF " in ttf, "not a CFF-flavoured OpenType font"
    glyph_order = ttf.getGlyphOrder()
    ttf["loca"] = newTable("loca")
    ttf["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs_to_quadratic(ttf.getGlyphSet())
    del ttf["CFF "]
    if "VORG" in ttf:
        del ttf["VORG"]
    glyf.compile(ttf)
    ttf["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = max(
        len(g.components if hasattr(g, "components") else []) for g in glyf.glyphs.values()
    )
    maxp.compile(ttf)
    post = ttf["post"]
    post.formatType = post_format
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    try:
        post.compile(ttf)
    except OverflowError:
        post.formatType = 3
    ttf.sfntVersion = "\000\001\000\000"


def main(src, dst):
    font = TTFont(src)
    font.recalcTimestamp = False  # keep head.modified from the source: reproducible output
    otf_to_ttf(font)
    font["name"].setName(NOTICE, 10, 3, 1, 0x409)
    font.save(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
