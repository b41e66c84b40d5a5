"""The Inno Setup script (installer/windows/bjstc-desktop.iss) cannot be compiled here; these
tests read it instead: a fixed product id, per-machine install, an uninstall that never
reaches user data, and a [Files] entry for every file set of the one-folder build. With a
build at hand (marker `installer`) every file of it must be installed by some entry."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

import layout
import pytest

from tests.installer.conftest import INSTALLER, REPO

ISS = INSTALLER / "windows" / "bjstc-desktop.iss"
# Generated once for bjstc-desktop; changing it breaks upgrades of every installed copy.
APP_ID = "{{BA355A33-434F-4394-9C01-BDF0B78C946A}"
DIST = "{#DistDir}"


@dataclass
class Entry:
    source: str
    dest: str
    flags: set[str]
    excludes: list[str]


def _sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        m = re.fullmatch(r"\[(\w+)\]", line)
        if m:
            current = m.group(1)
            sections.setdefault(current, [])
        elif current:
            sections[current].append(line)
    return sections


def _params(line: str) -> dict[str, str]:
    """`Source: "a"; DestDir: "b"; Flags: x y` -> {"Source": "a", ...} (semicolons in quotes kept)."""
    out: dict[str, str] = {}
    for part in re.findall(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)', line):
        key, value = part
        value = value.strip()
        if value.startswith('"'):
            value = value[1:-1].replace('""', '"')
        out[key] = value
    return out


def _parse() -> tuple[dict[str, str], dict[str, list[str]], list[Entry]]:
    text = ISS.read_text(encoding="utf-8")
    sections = _sections(text)
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    entries = []
    for line in sections["Files"]:
        p = _params(line)
        entries.append(Entry(p["Source"], p["DestDir"], set(p.get("Flags", "").split()),
                             [e for e in p.get("Excludes", "").split(",") if e]))
    return setup, sections, entries


def _internal(dest: str) -> str:
    return "\\".join([layout.CONTENTS_DIR, *dest.split("/")])


def test_the_product_id_is_fixed_and_the_install_is_per_machine() -> None:
    setup, _, _ = _parse()
    assert setup["AppId"] == APP_ID
    assert setup["PrivilegesRequired"] == "admin"
    assert "PrivilegesRequiredOverridesAllowed" not in setup
    assert setup["DefaultDirName"].startswith("{autopf}\\")
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"


def test_uninstall_and_upgrade_never_touch_user_data() -> None:
    text = ISS.read_text(encoding="utf-8")
    _, sections, _ = _parse()
    for name in ("UninstallDelete", "InstallDelete", "Dirs"):
        for line in sections.get(name, []):
            assert _params(line)["Name"].startswith("{app}"), f"[{name}] reaches outside the program folder: {line}"
    code = text.split("[Code]", 1)[1]
    assert "DelTree" not in code and "DeleteFile" not in code
    for section in ("Files", "UninstallDelete", "InstallDelete", "Dirs"):
        for line in sections.get(section, []):
            assert "{localappdata}" not in line.lower() and "{userappdata}" not in line.lower()


def test_silent_install_is_documented() -> None:
    header = ISS.read_text(encoding="utf-8").split("#define", 1)[0]
    guide = (REPO / "docs" / "admin-guide.md").read_text(encoding="utf-8")
    for switch in ("/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/DIR="):
        assert switch in header, f"{switch} missing from the script's header"
        assert switch in guide, f"{switch} missing from docs/admin-guide.md"


def test_every_file_set_of_the_build_has_its_entry() -> None:
    _, _, entries = _parse()
    sources = {e.source: e for e in entries}
    for exe in layout.EXECUTABLES:
        assert f"{DIST}\\{exe}.exe" in sources, f"program {exe}.exe is not installed"
    assert f"{DIST}\\{layout.CHECKSUMS}" in sources
    for ds in layout.DATA_SETS:
        src = f"{DIST}\\{_internal(ds.dest)}\\*"
        assert src in sources, f"data set {ds.name} ({ds.dest}) has no [Files] entry"
        entry = sources[src]
        assert entry.dest == "{app}\\" + _internal(ds.dest)
        assert "recursesubdirs" in entry.flags
        assert ("skipifsourcedoesntexist" in entry.flags) == (not ds.required), ds.name
    qt = sources[f"{DIST}\\{layout.CONTENTS_DIR}\\PySide6\\*"]
    assert "recursesubdirs" in qt.flags
    rest = sources[f"{DIST}\\{layout.CONTENTS_DIR}\\*"]
    # the catch-all (Python runtime) leaves out exactly the sets that have their own entry
    top_sets = {"\\" + ds.dest.replace("/", "\\").split("\\")[0] for ds in layout.DATA_SETS}
    expected = {"\\PySide6\\*"} | {"\\resources\\*"} | {"\\ui\\*"} | {"\\bjstc_desktop\\store\\migrations\\*"}
    assert set(rest.excludes) == expected, rest.excludes
    assert top_sets <= {"\\resources", "\\ui", "\\bjstc_desktop"}


def _windows_listing(bundle: Path) -> list[str]:
    """The bundle's files as they would be named on Windows (the programs get .exe)."""
    files = []
    for path in sorted(bundle.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(bundle).as_posix()
        if rel in layout.EXECUTABLES:
            rel += ".exe"
        files.append(str(PureWindowsPath(*rel.split("/"))))
    return files


def _installs(entry: Entry, rel: str) -> bool:
    """Whether Inno Setup's entry would install file `rel` (relative to the dist folder)."""
    src = entry.source.removeprefix(DIST + "\\")
    folder, _, pattern = src.rpartition("\\")
    if folder and not (rel == folder or rel.startswith(folder + "\\")):
        return False
    inner = rel[len(folder) + 1:] if folder else rel
    if "\\" in inner and "recursesubdirs" not in entry.flags:
        return False
    if not fnmatch.fnmatch(inner.rsplit("\\", 1)[-1], pattern):
        return False
    for ex in entry.excludes:
        if ex.startswith("\\") and fnmatch.fnmatch("\\" + inner, ex):
            return False
    return True


@pytest.mark.installer
@pytest.mark.slow
def test_every_file_of_a_real_build_is_installed_by_exactly_one_entry(frozen_bundle: Path) -> None:
    _, _, entries = _parse()
    listing = _windows_listing(frozen_bundle)
    unmatched = [f for f in listing if not any(_installs(e, f) for e in entries)]
    assert not unmatched, f"files no [Files] entry installs: {unmatched[:10]}"
    twice = [f for f in listing if sum(_installs(e, f) for e in entries) > 1]
    assert not twice, f"files installed by two entries: {twice[:10]}"
    for e in entries:
        if "skipifsourcedoesntexist" not in e.flags:
            assert any(_installs(e, f) for f in listing), f"[Files] entry matches nothing: {e.source}"
