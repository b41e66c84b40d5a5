"""Finding the licensed fonts GB/T 9704 names on this machine, without loading them.

Agencies often have 仿宋_GB2312, 方正小标宋简体, 黑体 and 楷体_GB2312 installed under
licence; they may never be shipped (reference §3.3). This module only looks: it lists
the usual font folders and reads the family names from each candidate's `name` table
(a few hundred bytes), so the look-up costs milliseconds even on a Windows font folder.
"""

from __future__ import annotations

import os
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

# role → (family names in order of preference, file names as Windows and Founder ship them)
LICENSED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "fangsong": (("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong"),
                 ("仿宋_gb2312.ttf", "fs_gb2312.ttf", "fsgb2312.ttf", "simfang.ttf")),
    "title": (("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05"),
              ("方正小标宋简体.ttf", "fzxbsjw.ttf", "方正小标宋_gbk.ttf", "fzxbsk.ttf")),
    "hei": (("黑体", "SimHei"), ("simhei.ttf",)),
    "kai": (("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi"),
            ("楷体_gb2312.ttf", "kaiti_gb2312.ttf", "ktgb2312.ttf", "simkai.ttf")),
    "song": (("宋体", "SimSun"), ("simsun.ttc", "simsun.ttf")),
}
FONT_DIRS_ENV = "BJSTC_LETTER_FONT_DIRS"
_SUFFIXES = (".ttf", ".ttc")
_MAX_DEPTH = 3


@dataclass(frozen=True)
class FoundFont:
    """A font file on this machine that claims one of the licensed families."""

    role: str
    family: str
    path: Path
    face_index: int
    rank: int  # position of its family (or file name) in LICENSED: lower is preferred


def default_font_dirs() -> list[Path]:
    """The usual font folders of Windows, macOS and Linux, plus $BJSTC_LETTER_FONT_DIRS first."""
    dirs = [Path(p) for p in os.environ.get(FONT_DIRS_ENV, "").split(os.pathsep) if p.strip()]
    home = Path.home()
    if sys.platform.startswith("win"):
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs += [Path(windir) / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), home / "Library" / "Fonts"]
    else:
        dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts",
                 home / ".local" / "share" / "fonts"]
    return dirs


def _candidates(folder: Path, depth: int = 0) -> list[Path]:
    out: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return out
    for entry in entries:
        try:
            if entry.is_dir() and depth < _MAX_DEPTH:
                out.extend(_candidates(Path(entry.path), depth + 1))
            elif entry.name.lower().endswith(_SUFFIXES):
                out.append(Path(entry.path))
        except OSError:
            continue
    return out


def family_names(path: Path, face_index: int = 0) -> set[str]:
    """The family and full names (IDs 1, 4, 16) in a TrueType file's `name` table."""
    try:
        data = _table(path, face_index, b"name", 1 << 20)
        return _parse_name_table(data) if data else set()
    except (OSError, struct.error, IndexError):
        return set()


def _table(path: Path, face_index: int, wanted: bytes, size: int) -> bytes | None:
    """The first `size` bytes of table `wanted` of face `face_index`, or None."""
    with open(path, "rb") as fh:
        head = fh.read(12)
        if head[:4] == b"ttcf":
            fh.seek(12 + 4 * face_index)
            fh.seek(struct.unpack(">I", fh.read(4))[0])
            head = fh.read(12)
        num_tables = struct.unpack(">H", head[4:6])[0]
        records = fh.read(16 * num_tables)
        for i in range(num_tables):
            tag, _sum, offset, length = struct.unpack(">4sIII", records[16 * i:16 * i + 16])
            if tag == wanted:
                fh.seek(offset)
                return fh.read(min(length, size))
    return None


def embedding_allowed(path: Path, face_index: int = 0) -> tuple[bool, int]:
    """(may be embedded as a subset in a PDF, fsType). reportlab does not enforce the
    licence bits, so this does: Restricted (0x0002 alone), No subsetting (0x0100) and
    Bitmap only (0x0200) rule a font out; Installable, Preview & Print and Editable pass."""
    try:
        os2 = _table(path, face_index, b"OS/2", 10)
    except (OSError, struct.error):
        return False, -1
    if os2 is None or len(os2) < 10:
        return True, 0  # no OS/2 table: no restriction declared
    fs_type = struct.unpack(">H", os2[8:10])[0]
    usage = fs_type & 0x000F
    restricted = usage == 0x0002 or bool(fs_type & 0x0300)
    return not restricted, fs_type


def _parse_name_table(data: bytes) -> set[str]:
    _fmt, count, storage = struct.unpack(">HHH", data[:6])
    names: set[str] = set()
    for i in range(count):
        platform, encoding, _lang, name_id, length, offset = struct.unpack(">6H", data[6 + 12 * i:18 + 12 * i])
        if name_id not in (1, 4, 16):
            continue
        raw = data[storage + offset:storage + offset + length]
        if platform in (0, 3):
            codec = "gbk" if (platform == 3 and encoding == 3) else "utf-16-be"
        elif platform == 1:
            codec = "gbk" if encoding == 25 else "mac_roman"
        else:
            continue
        try:
            text = raw.decode(codec).replace("\x00", "").strip()
        except UnicodeDecodeError:
            continue
        if text:
            names.add(text)
    return names


def find_licensed_fonts(dirs: list[Path] | None = None) -> dict[str, list[FoundFont]]:
    """Every licensed candidate per role, best first. Only files named like a licensed
    font, or any font in a folder named by $BJSTC_LETTER_FONT_DIRS, are opened."""
    dirs = default_font_dirs() if dirs is None else dirs
    designated = {Path(p) for p in os.environ.get(FONT_DIRS_ENV, "").split(os.pathsep) if p.strip()}
    wanted_files = {name: (role, rank) for role, (_fams, files) in LICENSED.items()
                    for rank, name in enumerate(files)}
    found: dict[str, list[FoundFont]] = {role: [] for role in LICENSED}
    seen: set[Path] = set()
    for folder in dirs:
        for path in _candidates(folder):
            if path in seen:
                continue
            seen.add(path)
            by_name = wanted_files.get(path.name.lower())
            if by_name is None and folder not in designated:
                continue
            families = family_names(path)
            for role, (fams, _files) in LICENSED.items():
                ranks = [fams.index(f) for f in families if f in fams]
                if ranks:
                    found[role].append(FoundFont(role, fams[min(ranks)], path, 0, min(ranks)))
                elif by_name is not None and by_name[0] == role:
                    family = next(iter(sorted(families)), path.stem)
                    found[role].append(FoundFont(role, family, path, 0, len(fams) + by_name[1]))
    for role in found:
        found[role].sort(key=lambda f: (f.rank, str(f.path)))
    return found
