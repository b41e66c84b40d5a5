"""Render bjstc-desktop.svg into the PNG sizes the desktop entry uses and the Windows .ico.

    .venv/bin/python installer/icons/make_icons.py

Run by hand after editing the SVG; the results are committed (the build only copies them).
Uses QtSvg from PySide6 and Pillow, both pinned in requirements.lock.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SVG = HERE / "bjstc-desktop.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)  # hicolor sizes
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int) -> bytes:
    renderer = QSvgRenderer(str(SVG))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data.data())


def main() -> None:
    QGuiApplication([])
    (HERE / "hicolor").mkdir(exist_ok=True)
    for size in PNG_SIZES:
        (HERE / "hicolor" / f"{size}.png").write_bytes(render(size))
    (HERE / "bjstc-desktop.png").write_bytes(render(256))
    images = [Image.open(io.BytesIO(render(s))) for s in ICO_SIZES]
    images[-1].save(HERE / "bjstc-desktop.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                    append_images=images[:-1])
    print("wrote", ", ".join(p.name for p in sorted(HERE.glob("*.png"))), "hicolor/*.png, bjstc-desktop.ico")


if __name__ == "__main__":
    main()
