"""关于: the program's version and build, this workstation's identity, and the bundled
fonts with their licences (each licence text one click away, read from resources/fonts:
nothing is fetched)."""

from __future__ import annotations

import html
import json
import platform
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from bjstc_desktop import __version__
from bjstc_desktop.core.resources import resources_dir
from bjstc_desktop.gui.fit import fit_to_screen


def build_description() -> str:
    """Which build this is: the stamp a packaged build carries (resources/BUILD), else
    the commit of a source checkout, else "source"."""
    stamp = resources_dir() / "BUILD"
    if stamp.is_file():
        return stamp.read_text(encoding="utf-8").strip() or "—"
    git = Path(__file__).resolve().parents[2] / ".git"
    try:
        if git.is_file():  # a worktree: ".git" names its own folder; refs live in the common one
            git = (git.parent / git.read_text(encoding="utf-8").partition("gitdir:")[2].strip()).resolve()
        common = git / (git / "commondir").read_text(encoding="utf-8").strip() if (git / "commondir").is_file() else git
        head = (git / "HEAD").read_text(encoding="ascii").strip() if git.is_dir() else ""
        if head.startswith("ref: "):
            ref = head[5:]
            branch = ref.rsplit("/", 1)[-1]
            for folder in (git, common):
                if (folder / ref).is_file():
                    return f"source {(folder / ref).read_text(encoding='ascii').strip()[:12]} ({branch})"
            packed = common / "packed-refs"
            for line in packed.read_text(encoding="ascii").splitlines() if packed.is_file() else []:
                if line.endswith(" " + ref):
                    return f"source {line[:12]} ({branch})"
        elif head:
            return f"source {head[:12]}"
    except OSError:
        pass
    return "source"


def bundled_fonts() -> list[dict[str, str]]:
    """The fonts the program ships, one entry per file (family, roles, licence, licence file)."""
    manifest = resources_dir() / "fonts" / "manifest.json"
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    fonts: dict[str, dict[str, str]] = {}
    for e in entries:
        font = fonts.setdefault(e["file"], {"file": e["file"], "family": e.get("family", ""), "roles": "",
                                            "licence": e.get("licence", ""), "licence_file": e.get("licence_file", "")})
        font["roles"] = "、".join(r for r in (font["roles"], e.get("role", "")) if r)
    return list(fonts.values())


class AboutDialog(QDialog):
    """Version, build, workstation and the licences of the bundled fonts."""

    def __init__(self, identity: dict[str, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(self.tr("About this workstation"))
        self.text = QTextBrowser(self)
        self.text.setObjectName("about_text")
        self.text.setOpenLinks(False)  # a licence link shows the licence here
        self.text.anchorClicked.connect(self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.identity = identity or {}
        self.show_about()
        fit_to_screen(self, 720, 560)

    def about_html(self) -> str:
        """The page: program, build, runtime, workstation, fonts."""
        e = html.escape
        product = self.tr("Beijing Municipal Commission of Science and Technology — Offline casework workstation")
        fonts_title = self.tr("Bundled fonts and their licences")
        family, used_for, licence, licence_text = (self.tr("Family"), self.tr("Used for"), self.tr("Licence"),
                                                   self.tr("Licence text"))
        rows = [(self.tr("Version"), __version__), (self.tr("Build"), build_description()),
                (self.tr("Runtime"), f"Python {platform.python_version()} · Qt {qVersion()} · "
                                     f"PySide6 {PySide6.__version__} · {sys.platform}")]
        for key, label in (("workstation", self.tr("Workstation")), ("fingerprint", self.tr("Fingerprint")),
                           ("node_id", self.tr("Node"))):
            if self.identity.get(key):
                rows.append((label, self.identity[key]))
        table = "".join(f"<tr><td><b>{e(k)}</b>&nbsp;&nbsp;</td><td>{e(v)}</td></tr>" for k, v in rows)
        roles = {"ui": self.tr("screen"), "fangsong": self.tr("letters: FangSong"), "song": self.tr("letters: Song"),
                 "hei": self.tr("letters: Hei"), "kai": self.tr("letters: Kai"), "title": self.tr("letters: titles")}
        fonts = "".join(
            f"<tr><td>{e(f['family'])}</td>"
            f"<td>{e('、'.join(roles.get(r, r) for r in f['roles'].split('、')))}</td><td>{e(f['licence'])}</td>"
            f"<td><a href='licence:{e(f['licence_file'])}'>{e(licence_text)}</a></td></tr>"
            for f in bundled_fonts())
        return (f"<h2>{e(product)}</h2><table>{table}</table><h3>{e(fonts_title)}</h3>"
                f"<table cellpadding='3'><tr><th align='left'>{e(family)}</th><th align='left'>{e(used_for)}</th>"
                f"<th align='left'>{e(licence)}</th><th></th></tr>{fonts}</table>")

    def show_about(self) -> None:
        """The about page (again, after a licence was read)."""
        self.text.setHtml(self.about_html())

    def show_licence(self, file_name: str) -> bool:
        """Show the licence text `file_name` from resources/fonts; False if it is not there."""
        folder = (resources_dir() / "fonts").resolve()
        path = (folder / file_name).resolve()
        if path.parent != folder or not path.is_file():
            return False
        back_text = self.tr("« Back")
        back = f"<p><a href='about:'>{html.escape(back_text)}</a></p>"
        text = html.escape(path.read_text(encoding="utf-8", errors="replace"))
        self.text.setHtml(f"{back}<h3>{html.escape(file_name)}</h3><pre>{text}</pre>{back}")
        return True

    def _open(self, url: QUrl) -> None:
        if url.scheme() == "licence":
            self.show_licence(url.path())
        else:
            self.show_about()
