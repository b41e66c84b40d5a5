"""The fonts of a letter: the licensed faces the standard names when this machine has
them and may embed them, else the bundled open fonts (resources/fonts/manifest.json),
and a per-character fallback so that no character ever prints as a blank box.

Roles: fangsong 仿宋 (body), song 宋 (folio, fallback), hei 黑体 (一、 headings, 密级,
紧急, 附件N), kai 楷体 ((一) headings, 签发人 name), title 小标宋 (title, 发文机关标志).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from bjstc_desktop.core.errors import IntegrityError, RefusedError
from bjstc_desktop.core.resources import resources_dir
from bjstc_desktop.letters.fontfiles import (
    FONT_DIRS_ENV,
    LICENSED,
    embedding_allowed,
    find_licensed_fonts,
)

log = logging.getLogger(__name__)

ROLES = ("fangsong", "song", "hei", "kai", "title")
ROLE_LABELS = {"fangsong": "仿宋", "song": "宋体", "hei": "黑体", "kai": "楷体", "title": "小标宋"}
# After a role's own face, a missing character is looked for in these, in order.
FALLBACK_ORDER = ("song", "title", "hei", "kai", "fangsong")
# Characters every face used for a role must have, or the face is not used at all.
_PROBE = "北京市科学技术委员会关于通知〔〕号年月日"


@dataclass(frozen=True)
class FontChoice:
    """The face chosen for one role, and where it came from."""

    role: str
    family: str
    postscript: str
    path: Path
    face_index: int
    source: str  # "licensed" (installed on this machine) or "bundled"
    rl_name: str  # the name it is registered under in reportlab

    def describe(self) -> dict[str, str]:
        """The register's record of this face."""
        return {"role": self.role, "family": self.family, "postscript": self.postscript,
                "source": self.source, "file": self.path.name}


@dataclass
class FontSet:
    """The five faces of a letter, loaded and registered in reportlab."""

    choices: dict[str, FontChoice]
    rejected: list[str] = field(default_factory=list)  # why a licensed font was not used
    _cmaps: dict[str, dict[int, int]] = field(default_factory=dict, repr=False)
    _widths: dict[tuple[str, str], float] = field(default_factory=dict, repr=False)
    _metrics: dict[tuple[str, str], tuple[str, float]] = field(default_factory=dict, repr=False)

    def rl_name(self, role: str) -> str:
        """The reportlab font name of the face for `role`."""
        return self.choices[role].rl_name

    def covers(self, rl_name: str, ch: str) -> bool:
        """Whether the face registered as `rl_name` has a glyph for `ch`."""
        return ord(ch) in self._cmaps[rl_name]

    def font_for(self, role: str, ch: str) -> str:
        """The face that draws `ch` for `role`: the role's own, else the first fallback
        that has it. A character no face has is refused, never drawn as a blank."""
        own = self.choices[role].rl_name
        if ord(ch) in self._cmaps[own] or ch in "\n\r":
            return own
        for other in FALLBACK_ORDER:
            name = self.choices[other].rl_name
            if ord(ch) in self._cmaps[name]:
                return name
        raise RefusedError(
            f"字符“{ch}”（U+{ord(ch):04X}）在所有字体中都没有字形，无法排印。请改用常用字或联系管理员安装字体。",
            f"No font has a glyph for {ch!r} (U+{ord(ch):04X}); it cannot be printed.",
        )

    def advance(self, rl_name: str, ch: str) -> float:
        """The advance width of `ch` in `rl_name`, in em (1.0 for a full-width glyph)."""
        key = (rl_name, ch)
        width = self._widths.get(key)
        if width is None:
            width = pdfmetrics.stringWidth(ch, rl_name, 1000) / 1000
            self._widths[key] = width
        return width

    def metrics(self, role: str, ch: str) -> tuple[str, float]:
        """The face that draws `ch` for `role` and the glyph's advance there, in em
        (font_for and advance, remembered: the typesetter asks for every character)."""
        key = (role, ch)
        found = self._metrics.get(key)
        if found is None:
            font = self.font_for(role, ch)
            found = self._metrics[key] = (font, self.advance(font, ch))
        return found

    def by_rl_name(self, rl_name: str) -> FontChoice:
        """The choice registered as `rl_name`."""
        for choice in self.choices.values():
            if choice.rl_name == rl_name:
                return choice
        raise KeyError(rl_name)


def _register(role: str, family: str, path: Path, face: int, source: str) -> tuple[FontChoice, dict[int, int]]:
    digest = hashlib.sha1(f"{path}:{face}".encode()).hexdigest()[:8]
    rl_name = f"bjstc-{role}-{digest}"
    try:
        registered = pdfmetrics.getFont(rl_name)
    except KeyError:
        registered = None
    if isinstance(registered, TTFont):  # our bjstc- names are only ever TrueType fonts
        font = registered
    else:
        font = TTFont(rl_name, str(path), subfontIndex=face)  # raises for CFF or no-embedding fsType
        pdfmetrics.registerFont(font)
    postscript = font.face.name.decode("latin-1") if isinstance(font.face.name, bytes) else str(font.face.name)
    return FontChoice(role, family, postscript, path, face, source, rl_name), font.face.charToGlyph


def _bundled() -> dict[str, dict[str, object]]:
    manifest = resources_dir() / "fonts" / "manifest.json"
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IntegrityError("找不到公文字体清单 resources/fonts/manifest.json。",
                             "The font manifest resources/fonts/manifest.json is missing.") from exc
    return {str(e["role"]): e for e in entries if isinstance(e, dict) and e.get("role") in ROLES}


def _load(prefer_licensed: bool, dirs: list[Path] | None) -> FontSet:
    choices: dict[str, FontChoice] = {}
    cmaps: dict[str, dict[int, int]] = {}
    rejected: list[str] = []
    licensed = find_licensed_fonts(dirs) if prefer_licensed else {}
    for role in ROLES:
        for found in licensed.get(role, []):
            allowed, fs_type = embedding_allowed(found.path, found.face_index)
            if not allowed:
                rejected.append(f"{found.path.name}: licence forbids embedding (fsType {fs_type:#06x})")
                continue
            try:
                choice, cmap = _register(role, found.family, found.path, found.face_index, "licensed")
            except (TTFError, OSError, ValueError) as exc:
                rejected.append(f"{found.path.name}: {exc}")
                log.info("licensed font not usable: %s (%s)", found.path.name, exc)
                continue
            if not all(ord(c) in cmap for c in _PROBE):
                rejected.append(f"{found.path.name}: lacks common characters")
                continue
            choices[role], cmaps[choice.rl_name] = choice, cmap
            break
    bundled = _bundled()
    for role in ROLES:
        if role in choices:
            continue
        entry = bundled.get(role)
        if entry is None:
            raise IntegrityError(f"缺少公文字体：{ROLE_LABELS[role]}。", f"No bundled font for role {role}.")
        path = resources_dir() / "fonts" / str(entry["file"])
        choice, cmap = _register(role, str(entry.get("family", "")), path, int(str(entry.get("face_index", 0))),
                                 "bundled")
        choices[role], cmaps[choice.rl_name] = choice, cmap
    return FontSet(choices, rejected, cmaps)


_cache: dict[tuple[bool, tuple[str, ...] | None, str], FontSet] = {}
_lock = threading.Lock()


def letter_fonts(prefer_licensed: bool = True, dirs: list[Path] | None = None) -> FontSet:
    """The fonts letters use on this machine (looked up and loaded once per process)."""
    key = (prefer_licensed, tuple(str(d) for d in dirs) if dirs is not None else None,
           os.environ.get(FONT_DIRS_ENV, ""))
    with _lock:
        fonts = _cache.get(key)
        if fonts is None:
            fonts = _cache[key] = _load(prefer_licensed, dirs)
        return fonts


def licensed_families() -> dict[str, tuple[str, ...]]:
    """The family names the standard's licensed fonts go by, per role (for messages)."""
    return {role: fams for role, (fams, _files) in LICENSED.items()}
