"""`bjstc-desktop --screenshot`: a 1366x768 PNG of the unlocked window with Chinese
drawn in the bundled font, exit codes as the CLI's, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QGuiApplication, QImage, QPainter

from bjstc_desktop.app import main
from bjstc_desktop.core.resources import resources_dir
from bjstc_desktop.gui.startup import ui_font_family
from tests.conftest import OFFICER_PASS, env_for


def _run(data_dir: Path, *args: str, passphrase: str | None = OFFICER_PASS) -> subprocess.CompletedProcess[str]:
    env = env_for(data_dir, user="zhang", passphrase=passphrase, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "bjstc_desktop", *args], env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def _colours(image: QImage, rect: QRect) -> set[int]:
    return {image.pixel(x, y) for x in range(rect.left(), rect.right(), 2) for y in range(rect.top(), rect.bottom(), 2)}


def _ink(image: QImage, rect: QRect) -> int:
    """Pixels in `rect` dark enough to be text."""
    count = 0
    for x in range(rect.left(), rect.right()):
        for y in range(rect.top(), rect.bottom()):
            c = image.pixelColor(x, y)
            count += c.lightness() < 140
    return count


def test_the_screenshot_is_a_1366x768_picture_of_the_duty_list(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "market.png"
    result = _run(demo_dir, "--screenshot", str(out), "--tab", "market")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)
    assert len(_colours(image, image.rect())) > 50  # not a blank or one-colour picture
    # the side tabs (Chinese names) and the table rows carry ink
    assert _ink(image, QRect(0, 40, 200, 450)) > 2000
    assert _ink(image, QRect(300, 120, 900, 500)) > 20_000
    assert not list(tmp_path.glob("*.tmp"))


def test_wrong_passphrase_exits_3_with_a_plain_message(demo_dir: Path, tmp_path: Path) -> None:
    result = _run(demo_dir, "--screenshot", str(tmp_path / "x.png"), passphrase="not the passphrase")
    assert result.returncode == 3
    assert "用户名或口令不正确" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_a_damaged_store_exits_4(demo_dir: Path, tmp_path: Path) -> None:
    db = demo_dir / "store.db"
    data = bytearray(db.read_bytes())
    data[:4096] = bytes(4096)  # the first page: header and schema
    db.write_bytes(bytes(data))
    for wal in ("store.db-wal", "store.db-shm"):
        (demo_dir / wal).unlink(missing_ok=True)
    result = _run(demo_dir, "--screenshot", str(tmp_path / "x.png"))
    assert result.returncode == 4, result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_tab_is_a_usage_error(demo_dir: Path, tmp_path: Path) -> None:
    result = _run(demo_dir, "--screenshot", str(tmp_path / "x.png"), "--tab", "nonsense")
    assert result.returncode == 2
    assert "market" in result.stderr and "Traceback" not in result.stderr


def test_in_process_screenshot_uses_the_bundled_font(demo_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BJSTC_PASSPHRASE", OFFICER_PASS)
    out = tmp_path / "bench.png"
    assert main(["--data-dir", str(demo_dir), "--user", "zhang", "--screenshot", str(out)]) == 0
    assert QImage(str(out)).size().toTuple() == (1366, 768)
    manifest = json.loads((resources_dir() / "fonts" / "manifest.json").read_text(encoding="utf-8"))
    family = next(e["family"] for e in manifest if e["role"] == "ui")
    assert ui_font_family() == family
    assert QGuiApplication.font().family() == family
    assert family in QFontDatabase.families()


def test_chinese_glyphs_are_drawn_not_boxes(gui_app) -> None:
    """With the application font, distinct hanzi render differently (missing glyphs all
    render as the same box) and each leaves ink."""
    font = QFont(QGuiApplication.font())
    font.setPointSize(20)
    assert QFontMetrics(font).inFontUcs4(ord("科"))

    def render(text: str) -> QImage:
        img = QImage(48, 48, QImage.Format.Format_ARGB32)
        img.fill(Qt.GlobalColor.white)
        p = QPainter(img)
        p.setFont(font)
        p.setPen(Qt.GlobalColor.black)
        p.drawText(img.rect(), Qt.AlignmentFlag.AlignCenter, text)
        p.end()
        return img

    glyphs = [render(ch) for ch in "科技工作台"]
    assert all(_ink(g, g.rect()) > 20 for g in glyphs)
    assert len({bytes(g.constBits()) for g in glyphs}) == 5


def test_help_exits_0(capsys) -> None:
    assert main(["--help"]) == 0
    assert "--screenshot" in capsys.readouterr().out


def test_no_user_is_a_usage_error(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("BJSTC_USER", raising=False)
    assert main(["--data-dir", str(tmp_path), "--screenshot", str(tmp_path / "x.png")]) == 2
    assert "BJSTC_USER" in capsys.readouterr().err


def test_module_runs_without_a_display_variable(demo_dir: Path, tmp_path: Path) -> None:
    env = env_for(demo_dir, user="zhang", passphrase=OFFICER_PASS)
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("DISPLAY", None)
    out = tmp_path / "y.png"
    result = subprocess.run([sys.executable, "-m", "bjstc_desktop", "--screenshot", str(out)], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    logs = "".join(f.read_text(errors="replace")[-4000:] for f in sorted((demo_dir / "logs").glob("*.log")))
    assert result.returncode == 0, result.stderr + logs  # an internal error's traceback is in the log
    assert out.is_file() and os.path.getsize(out) > 10_000
