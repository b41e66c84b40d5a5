"""The Chinese catalogue: every GUI string translated, none left unfinished, the
catalogue current with the code, and the build tool idempotent and Qt-free."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bjstc_desktop.gui.login_dialog import LoginDialog
from bjstc_desktop.gui.translations import set_language, translations_dir
from bjstc_desktop.tools import build_translations

CATALOGUES = sorted(translations_dir().glob("bjstc_*.ts"))  # our strings (qt_extra_zh_CN.ts: Qt's)


def _messages(ts: Path) -> list[tuple[str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [(ctx.findtext("name") or "", msg) for ctx in root.iter("context") for msg in ctx.iter("message")]


def test_there_is_a_chinese_catalogue() -> None:
    assert translations_dir() / "bjstc_zh_CN.ts" in CATALOGUES


@pytest.mark.parametrize("ts", CATALOGUES, ids=lambda p: p.name)
def test_every_message_is_finished(ts: Path) -> None:
    problems = []
    for context, msg in _messages(ts):
        source = msg.findtext("source")
        tr = msg.find("translation")
        forms = tr.findall("numerusform") if tr is not None else []
        texts = [f.text for f in forms] if msg.get("numerus") == "yes" else [tr.text if tr is not None else None]
        if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete") or not all(texts):
            problems.append(f"{context}: {source!r}")
        elif "%1" in (source or "") and not all("%1" in t for t in texts):
            problems.append(f"{context}: {source!r} lost its %1")
        elif msg.get("numerus") == "yes" and not all("%n" in t for t in texts):
            problems.append(f"{context}: {source!r} lost its %n")
    assert problems == []


def test_the_chinese_catalogue_is_chinese() -> None:
    messages = _messages(translations_dir() / "bjstc_zh_CN.ts")
    assert len(messages) > 80
    chinese = [m for _, m in messages if any("\u4e00" <= ch <= "\u9fff" for ch in "".join(m.find("translation").itertext()))]
    assert len(chinese) == len(messages)


def test_the_catalogue_is_current_with_the_code(tmp_path: Path) -> None:
    """Re-extracting the strings from the code finds nothing the catalogue lacks."""
    lupdate = build_translations.find_tool("lupdate")
    assert lupdate is not None
    for ts in CATALOGUES:
        copy = tmp_path / ts.name
        shutil.copy(ts, copy)
        build_translations.update_sources(lupdate, [copy])
        before = {(c, m.findtext("source")) for c, m in _messages(ts)}
        after = {(c, m.findtext("source")) for c, m in _messages(copy)}
        assert after == before, f"run: python -m bjstc_desktop.tools.build_translations --update ({ts.name})"


def test_build_is_idempotent_and_check_passes(capsys) -> None:
    assert build_translations.build() == 0
    qm = translations_dir() / "bjstc_zh_CN.qm"
    first = qm.stat().st_mtime_ns
    capsys.readouterr()
    assert build_translations.build() == 0
    assert capsys.readouterr().out == ""  # nothing rebuilt
    assert qm.stat().st_mtime_ns == first
    assert build_translations.build(check=True) == 0


def test_the_build_tool_does_not_import_qt() -> None:
    code = ("import sys, bjstc_desktop.tools.build_translations as b; "
            "print(any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_the_interface_follows_the_language(qtbot, tmp_path: Path) -> None:
    dialog = LoginDialog(tmp_path, "")
    qtbot.addWidget(dialog)
    assert dialog.login_button.text() == "登录"
    assert dialog.quit_button.text() == "退出"
    set_language("en")
    english = LoginDialog(tmp_path, "")
    qtbot.addWidget(english)
    assert english.login_button.text() == "Log in"
