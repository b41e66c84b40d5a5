"""The search document of a case (store/repositories/case_index.document_text): each
field text followed by its district's name when it is a district code, and nothing
else added — whichever writer builds it (issue 15 made its loop cheaper)."""

from __future__ import annotations

from bjstc_desktop.store.repositories.case_index import district_name, document_text


def test_a_field_text_that_is_a_district_code_brings_the_district_name() -> None:
    text = document_text(["标题", "技合〔2026〕1号", ""], ["110108", "某某科技有限公司", [{"区": "110105", "n": 3}], 5],
                         ["同意"], ["京科发〔2026〕3号", ""], [], [("某公司", "91110108MA01ABCD2X")])
    assert district_name("110108") and district_name("110105")
    assert text == " ".join(["标题", "技合〔2026〕1号", "110108", district_name("110108"), "某某科技有限公司", "110105",
                             district_name("110105"), "同意", "京科发〔2026〕3号", "某公司", "91110108MA01ABCD2X"])


def test_texts_that_are_not_district_codes_bring_nothing_more() -> None:
    for value in ("1101080", "11010", "abcdef", "海淀区", "", "110108 "):
        assert document_text([], [value], [], [], [], []) == " ".join(p for p in (value, district_name(value)) if p)
