"""The catalogue filler finishes exactly the unfinished messages it has text for."""

from __future__ import annotations

from bjstc_desktop.tools.fill_translations import fill

TS = """<context>
    <name>A</name>
    <message>
        <source>Done already</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Save &amp; close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
"""


def test_fills_known_sources_escaped_and_leaves_the_rest() -> None:
    text, left = fill(TS, {"Save & close": "保存并关闭 <快>", "Done already": "不应改"})
    assert "<translation>保存并关闭 &lt;快&gt;</translation>" in text
    assert "<translation>已完成</translation>" in text and "不应改" not in text
    assert left == ["Unknown"]
    assert text.count('type="unfinished"') == 1


def test_english_takes_the_source_itself() -> None:
    text, left = fill(TS, None)
    assert left == [] and "<translation>Save &amp; close</translation>" in text and "unfinished" not in text
