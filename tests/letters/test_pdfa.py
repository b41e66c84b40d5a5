"""PDF/A-2b: the letters pass the local PDF/A check (pdfacheck.py) and, where the
`pikepdf[pdfa]` extras are installed, pikepdf's validator built from veraPDF's rules."""

from __future__ import annotations

import importlib.util
import io
import re

import pikepdf
import pytest

from bjstc_desktop.letters.fonts import FontSet
from bjstc_desktop.letters.render import render_pdf
from tests.letters.conftest import document_spec
from tests.letters.pdfacheck import pdfa2b_problems

HAVE_PIKEPDF_PDFA = all(importlib.util.find_spec(m) for m in ("jsonschema", "referencing", "fontTools"))


@pytest.mark.parametrize("which", ["document_pdf", "letter_pdf"])
def test_letters_are_pdfa_2b(which: str, request: pytest.FixtureRequest) -> None:
    data: bytes = request.getfixturevalue(which)
    assert pdfa2b_problems(data) == []
    if HAVE_PIKEPDF_PDFA:
        import pikepdf.pdfa as pdfa

        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert pdfa.check(pdf, "2b").passed


def test_the_check_catches_what_plain_reportlab_output_gets_wrong(fonts: FontSet) -> None:
    raw = render_pdf(document_spec(), fonts, pdfa=False).pdf
    problems = pdfa2b_problems(raw)
    assert "no XMP metadata" in problems
    assert any("/Trans" in p for p in problems)


def test_the_metadata_names_the_letter(document_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(document_pdf)) as pdf:
        assert str(pdf.docinfo["/Title"]).startswith("京科发〔2026〕12号")
        assert str(pdf.docinfo["/Subject"]) == "京科发〔2026〕12号"
        assert pdf.pdf_version == "1.7"
        with pdf.open_metadata() as meta:
            assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
            assert re.match(r"\d{4}-\d{2}-\d{2}T", meta["xmp:CreateDate"])
