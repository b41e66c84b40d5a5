"""The description of the frozen build (installer/layout.py) against the source tree: every
data set the program reads exists, the entry points match pyproject.toml, and nothing the
program imports is on the spec's exclude lists (which would break only the frozen build)."""

from __future__ import annotations

import ast
import tomllib

import layout

from tests.installer.conftest import INSTALLER, REPO


def _imports() -> set[str]:
    names: set[str] = set()
    for path in (REPO / "bjstc_desktop").rglob("*.py"):
        if "tools" in path.relative_to(REPO / "bjstc_desktop").parts:
            continue  # developer tools are not frozen (the spec leaves bjstc_desktop.tools out)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                if node.module == "PySide6":
                    names.update(f"PySide6.{alias.name}" for alias in node.names)
    return names


def test_every_required_data_set_is_in_the_checkout() -> None:
    for ds in layout.DATA_SETS:
        if ds.required:
            assert ds.files(), f"data set {ds.name} ({ds.source}) is empty"


def test_the_data_sets_hold_what_the_program_opens() -> None:
    by_name = {ds.name: {f.relative_to(REPO / ds.source).as_posix() for f in ds.files()} for ds in layout.DATA_SETS}
    assert "manifest.json" in by_name["fonts"]
    assert any(n.startswith("LICENSE-") for n in by_name["fonts"]), "font licences must ship"
    assert not any(n.startswith("tools/") for n in by_name["fonts"])
    assert {"calendar.json", "districts.json"} <= by_name["seed"]
    assert "env.py" in by_name["migrations"]
    assert any(n.startswith("versions/0001") for n in by_name["migrations"])
    assert all(n.endswith(".qm") for n in by_name["translations"])
    assert all(n.endswith(".ui") for n in by_name["forms"])


def test_entry_scripts_match_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    scripts = {**project["scripts"], **project["gui-scripts"]}
    assert scripts[layout.CLI_NAME] == "bjstc_desktop.cli:main"
    assert scripts[layout.GUI_NAME] == "bjstc_desktop.app:main"
    assert "from bjstc_desktop.cli import main" in (INSTALLER / "entry_cli.py").read_text(encoding="utf-8")
    assert "from bjstc_desktop.app import main" in (INSTALLER / "entry_gui.py").read_text(encoding="utf-8")


def test_nothing_the_program_imports_is_excluded_from_the_build() -> None:
    imported = _imports()
    top = {name.split(".")[0] for name in imported}
    assert not (top & set(layout.EXCLUDED_MODULES)), "the spec would leave out a module the program imports"
    qt = {name.split(".")[1] for name in imported if name.startswith("PySide6.")}
    assert not (qt & set(layout.EXCLUDED_QT_MODULES)), (
        f"the program imports {sorted(qt & set(layout.EXCLUDED_QT_MODULES))}: remove it from EXCLUDED_QT_MODULES")


def test_the_spec_is_one_folder_and_never_one_file() -> None:
    spec = (INSTALLER / "bjstc-desktop.spec").read_text(encoding="utf-8")
    assert "COLLECT(" in spec and "exclude_binaries=True" in spec
    assert "upx=True" not in spec
    assert "onefile" not in spec.replace("one-file", "").lower()
