"""Two repairs to the font objects reportlab writes, so that the text layer extracts
exactly what was typeset:

- its ToUnicode maps write a character beyond the BMP as five hex digits (<20BB7>),
  which no reader decodes (𠮷 came out as ₻): such entries become UTF-16 surrogate
  pairs (<D842DFB7>), as the CMap specification wants;
- it tags the first subset of every face AAAAAA+, the second AAAAAB+, so two faces
  share a tag; ISO 32000 (9.6.4) wants a distinct tag per subset: each gets six letters
  derived from its own name and glyph file, the same for the same letter every time.
"""

from __future__ import annotations

import hashlib
import re

import pikepdf
from pikepdf import Name

_ENTRY = re.compile(rb"<([0-9A-Fa-f]{2})> <([0-9A-Fa-f]{5,6})>")
_TAG = re.compile(r"^[A-Z]{6}\+")


def _utf16(match: re.Match[bytes]) -> bytes:
    code = int(match.group(2), 16)
    pair = chr(code).encode("utf-16-be").hex().upper().encode()
    return b"<" + match.group(1) + b"> <" + pair + b">"


def fix_tounicode(cmap: bytes) -> bytes:
    """A ToUnicode CMap with every non-BMP destination as a surrogate pair."""
    return _ENTRY.sub(_utf16, cmap)


def _tag(seed: bytes, taken: set[str]) -> str:
    digest = hashlib.sha256(seed).digest()
    for k in range(0, len(digest) - 6):
        tag = "".join(chr(ord("A") + b % 26) for b in digest[k:k + 6])
        if tag not in taken:
            return tag
    raise RuntimeError("no free subset tag")  # 26**6 tags: never reached


def fix_fonts(pdf: pikepdf.Pdf) -> None:
    """Repair every font of `pdf` in place (see the module's docstring)."""
    taken: set[str] = set()
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for _key, font in fonts.items():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            tounicode = font.get("/ToUnicode")
            if tounicode is not None:
                data = tounicode.read_bytes()
                fixed = fix_tounicode(data)
                if fixed != data:
                    tounicode.write(fixed)
            base = str(font.get("/BaseFont", ""))[1:]
            if not _TAG.match(base):
                continue
            descriptor = font.get("/FontDescriptor")
            glyphs = descriptor.get("/FontFile2") if descriptor is not None else None
            seed = base.encode() + (glyphs.read_raw_bytes() if glyphs is not None else b"")
            tag = _tag(seed, taken)
            taken.add(tag)
            name = Name("/" + tag + base[6:])
            font.BaseFont = name
            if descriptor is not None:
                descriptor.FontName = name
