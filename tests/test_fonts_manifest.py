"""The bundled fonts (resources/fonts) match resources/fonts/manifest.json.

Every entry's file exists with the pinned size and SHA-256, has its licence file beside it,
really has TrueType (glyf) outlines in the named face (reportlab cannot embed CFF), and every
role the app and the letters engine rely on is present exactly once. The checker is a plain
function so the negative tests can prove it fails on a bad manifest.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
from pathlib import Path

import pytest

from bjstc_desktop.core.resources import resources_dir

REQUIRED_ROLES = ("ui", "fangsong", "song", "hei", "kai", "title")
REQUIRED_KEYS = (
    "file",
    "family",
    "face_index",
    "role",
    "licence",
    "licence_file",
    "source_package",
    "sha256",
    "size",
)
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
# Characters of personal names outside GB2312 that letters must print (see README.md).
SAMPLE_CHARS = "喆堃珺"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sfnt_tables(path: Path, face_index: int) -> tuple[bytes, set[str]]:
    """The sfnt version tag and table tags of one face of a .ttf/.otf or .ttc/.otc."""
    with path.open("rb") as fh:
        head = fh.read(12)
        offset = 0
        if head[:4] == b"ttcf":
            (num_fonts,) = struct.unpack(">I", head[8:12])
            if not 0 <= face_index < num_fonts:
                raise ValueError(f"face_index {face_index} not in collection of {num_fonts}")
            fh.seek(12 + 4 * face_index)
            (offset,) = struct.unpack(">I", fh.read(4))
        elif face_index != 0:
            raise ValueError(f"face_index {face_index} given for a single-face font")
        fh.seek(offset)
        version, num_tables = struct.unpack(">4sH", fh.read(6))
        fh.seek(offset + 12)
        tags = {fh.read(16)[:4].decode("latin-1") for _ in range(num_tables)}
    return version, tags


def manifest_problems(directory: Path) -> list[str]:
    """Every way the fonts folder disagrees with its manifest; empty when all is well."""
    manifest_path = directory / "manifest.json"
    if not manifest_path.is_file():
        return [f"{manifest_path} is missing"]
    try:
        entries = json.loads(manifest_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        return [f"manifest.json is not valid JSON: {exc}"]
    if not isinstance(entries, list) or not entries:
        return ["manifest.json must be a non-empty list"]

    problems: list[str] = []
    roles: dict[str, int] = {}
    listed: set[str] = set()
    for n, entry in enumerate(entries):
        where = f"entry {n} ({entry.get('role', '?')}: {entry.get('file', '?')})"
        missing = [k for k in REQUIRED_KEYS if k not in entry]
        if missing:
            problems.append(f"{where}: missing keys {missing}")
            continue
        roles[entry["role"]] = roles.get(entry["role"], 0) + 1
        if entry["role"] not in REQUIRED_ROLES:
            problems.append(f"{where}: unknown role {entry['role']!r}")
        if not str(entry["source_package"]).startswith(("debian:", "npm:", "pypi:")):
            problems.append(f"{where}: source_package must start with debian:, npm: or pypi:")
        if not str(entry["licence"]).strip():
            problems.append(f"{where}: empty licence")

        font = directory / entry["file"]
        listed.add(entry["file"])
        if Path(entry["file"]).name != entry["file"] or not font.is_file():
            problems.append(f"{where}: font file {font} does not exist")
        else:
            size = font.stat().st_size
            if size != entry["size"]:
                problems.append(f"{where}: size {size} != manifest {entry['size']}")
            digest = _sha256(font)
            if digest != entry["sha256"]:
                problems.append(f"{where}: sha256 {digest} != manifest {entry['sha256']}")
            try:
                version, tags = sfnt_tables(font, int(entry["face_index"]))
            except (ValueError, struct.error, UnicodeDecodeError) as exc:
                problems.append(f"{where}: cannot read face {entry['face_index']}: {exc}")
            else:
                if version == b"OTTO" or "glyf" not in tags:
                    problems.append(f"{where}: face has no TrueType glyf outlines")

        licence = directory / entry["licence_file"]
        if Path(entry["licence_file"]).name != entry["licence_file"] or not licence.is_file():
            problems.append(f"{where}: licence file {licence} does not exist")
        elif licence.stat().st_size < 200:
            problems.append(f"{where}: licence file {licence} is suspiciously short")

    for role in REQUIRED_ROLES:
        if roles.get(role, 0) != 1:
            problems.append(f"role {role!r} appears {roles.get(role, 0)} times, expected once")
    unlisted = sorted(
        p.name
        for p in directory.iterdir()
        if p.suffix.lower() in FONT_SUFFIXES and p.name not in listed
    )
    if unlisted:
        problems.append(f"font files not in manifest.json (unpinned): {unlisted}")
    return problems


def test_bundled_fonts_match_manifest():
    assert manifest_problems(fonts_dir()) == []


def test_reportlab_loads_each_face_and_sample_coverage_is_as_documented():
    """reportlab (the letters engine) can load every face at its index, and the characters
    the manifest says are missing are exactly the missing ones, with a fallback that has them."""
    from reportlab.pdfbase.ttfonts import TTFont

    directory = fonts_dir()
    entries = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    by_role = {e["role"]: e for e in entries}
    cmaps = {}
    for entry in entries:
        font = TTFont(
            f"manifest-{entry['role']}",
            str(directory / entry["file"]),
            subfontIndex=entry["face_index"],
        )
        cmaps[entry["role"]] = font.face.charToGlyph
        if "postscript_name" in entry:
            name = font.face.name.decode() if isinstance(font.face.name, bytes) else font.face.name
            assert name == entry["postscript_name"], entry["role"]
    for entry in entries:
        missing = "".join(c for c in SAMPLE_CHARS if ord(c) not in cmaps[entry["role"]])
        assert missing == entry.get("missing_sample_chars", ""), entry["role"]
        if missing:
            fallback = entry.get("fallback_role")
            assert fallback in by_role, f"{entry['role']} lacks {missing} and has no fallback_role"
            assert all(ord(c) in cmaps[fallback] for c in missing), fallback


@pytest.fixture
def fonts_copy(tmp_path: Path) -> Path:
    """A copy of the real fonts folder with small stand-in font files, for negative tests."""
    src = fonts_dir()
    entries = json.loads((src / "manifest.json").read_text(encoding="utf-8"))
    for entry in entries:
        if not (tmp_path / entry["file"]).exists():
            # A minimal sfnt header with a glyf table record, enough for sfnt_tables().
            fake = struct.pack(">IHHHH", 0x00010000, 1, 16, 0, 0) + b"glyf" + bytes(12)
            if entry["file"].endswith(".ttc"):
                faces = max(e["face_index"] for e in entries if e["file"] == entry["file"]) + 1
                header = b"ttcf" + struct.pack(">HHI", 1, 0, faces)
                first = len(header) + 4 * faces
                header += b"".join(struct.pack(">I", first) for _ in range(faces))
                fake = header + fake
            (tmp_path / entry["file"]).write_bytes(fake)
        shutil.copy(src / entry["licence_file"], tmp_path / entry["licence_file"])
    for entry in entries:
        data = (tmp_path / entry["file"]).read_bytes()
        entry["sha256"] = hashlib.sha256(data).hexdigest()
        entry["size"] = len(data)
    (tmp_path / "manifest.json").write_text(json.dumps(entries, ensure_ascii=False), "utf-8")
    assert manifest_problems(tmp_path) == []
    return tmp_path


def _edit_manifest(directory: Path, edit) -> None:
    path = directory / "manifest.json"
    entries = json.loads(path.read_text(encoding="utf-8"))
    edit(entries)
    path.write_text(json.dumps(entries, ensure_ascii=False), "utf-8")


def test_checker_fails_on_changed_font_bytes(fonts_copy: Path):
    entries = json.loads((fonts_copy / "manifest.json").read_text(encoding="utf-8"))
    font = fonts_copy / entries[0]["file"]
    font.write_bytes(font.read_bytes()[:-1] + b"X")
    assert any("sha256" in p for p in manifest_problems(fonts_copy))


def test_checker_fails_on_missing_font_and_licence(fonts_copy: Path):
    entries = json.loads((fonts_copy / "manifest.json").read_text(encoding="utf-8"))
    (fonts_copy / entries[-1]["file"]).unlink()
    (fonts_copy / entries[-1]["licence_file"]).unlink()
    problems = manifest_problems(fonts_copy)
    assert any("font file" in p for p in problems)
    assert any("licence file" in p for p in problems)


def test_checker_fails_on_missing_role(fonts_copy: Path):
    def drop_kai(entries):
        entries[:] = [e for e in entries if e["role"] != "kai"]

    _edit_manifest(fonts_copy, drop_kai)
    assert any("'kai'" in p for p in manifest_problems(fonts_copy))


def test_checker_fails_on_cff_outlines_and_unlisted_font(fonts_copy: Path):
    entries = json.loads((fonts_copy / "manifest.json").read_text(encoding="utf-8"))
    target = next(e for e in entries if e["file"].endswith(".ttf"))
    data = b"OTTO" + (fonts_copy / target["file"]).read_bytes()[4:]
    (fonts_copy / target["file"]).write_bytes(data)

    def repin(es):
        for e in es:
            if e["file"] == target["file"]:
                e["sha256"] = hashlib.sha256(data).hexdigest()

    _edit_manifest(fonts_copy, repin)
    (fonts_copy / "Stray.otf").write_bytes(b"OTTO")
    problems = manifest_problems(fonts_copy)
    assert any("glyf" in p for p in problems)
    assert any("Stray.otf" in p for p in problems)
