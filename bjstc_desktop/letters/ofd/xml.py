"""Writing OFD's XML: every element in the namespace http://www.ofdspec.org/2016 with the
prefix ofd: (GB/T 33190-2016 §7.2), numbers in millimetres as the standard's types
want them (ST_Box "x y w h", ST_Array "a b c"), attributes in a fixed order.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

NS = "http://www.ofdspec.org/2016"
PLACES = 4  # 0.0001 mm: far below anything a printer or a screen can show


def num(value: float) -> str:
    """`value` with at most four decimals and no trailing zeros ("5.6444", "28", "0")."""
    text = f"{value:.{PLACES}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def nums(*values: float) -> str:
    """Numbers as an ST_Array / ST_Box / ST_Pos: separated by single spaces."""
    return " ".join(num(v) for v in values)


def el(parent: ET.Element | None, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A new ofd:`tag` element (under `parent` when given) with `attrs` in the order given."""
    name = f"{{{NS}}}{tag}"
    node = ET.Element(name, attrs) if parent is None else ET.SubElement(parent, name, attrs)
    if text is not None:
        node.text = text
    return node


def to_bytes(root: ET.Element) -> bytes:
    """The document as UTF-8 with an XML declaration, the namespace declared once as ofd:."""
    body = ET.tostring(root, encoding="unicode", default_namespace=None, xml_declaration=False,
                       short_empty_elements=True)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode("utf-8")


ET.register_namespace("ofd", NS)
