"""The type checker's set-up (issue 15 point 8): mypy from the lock runs in `make test`
and `make lint` over core/, store/, sync/, letters/ and ops/, and every `type: ignore`
left in them names its error code and says why (on its line or the comment line above).
The check itself is the make step: mypy exits non-zero on any error and stops `make test`."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REQUIRED = {"core", "store", "sync", "letters", "ops"}
_IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[a-z, -]+\])?(?P<rest>.*)$")


def _config() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]


def _checked_files() -> list[Path]:
    return sorted(p for d in _config()["files"] for p in (REPO / d).rglob("*.py"))


def unexplained_ignores(path: Path, root: Path = REPO) -> list[str]:
    """`file:line` of each `type: ignore` without an error code or without a reason."""
    lines = path.read_text(encoding="utf-8").splitlines()
    bad = []
    for n, line in enumerate(lines):
        found = _IGNORE.search(line)
        if found is None:
            continue
        said_here = found["rest"].strip().startswith("#") and len(found["rest"].strip()) > 2
        said_above = n > 0 and lines[n - 1].strip().startswith("#")
        if not found["codes"] or not (said_here or said_above):
            bad.append(f"{path.relative_to(root)}:{n + 1}")
    return bad


def test_mypy_checks_the_five_layers_strictly() -> None:
    config = _config()
    checked = {Path(d).parts[-1] for d in config["files"]}
    assert REQUIRED <= checked and all(Path(d).parts[0] == "bjstc_desktop" for d in config["files"])
    assert config["python_version"] == "3.11"
    for option in ("check_untyped_defs", "disallow_untyped_defs", "warn_unused_ignores", "warn_redundant_casts",
                   "no_implicit_optional"):
        assert config[option] is True, option
    assert "plugins" not in config  # SQLAlchemy 2.0's own Mapped[] annotations, not the old plugin


def test_make_test_and_make_lint_run_mypy_from_the_lock() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in ("test", "lint"):
        recipe = re.search(rf"^{target}: \$\(STAMP\)\n((?:\t.*\n)+)", makefile, re.M)
        assert recipe is not None and "$(VENV)/bin/mypy" in recipe.group(1), target
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    assert re.search(r"^mypy==[\d.]+ \\\n    --hash=sha256:", lock, re.M)


def test_every_type_ignore_names_its_code_and_says_why() -> None:
    assert _checked_files()
    bad = [hit for path in _checked_files() for hit in unexplained_ignores(path)]
    assert bad == [], "a `# type: ignore[code]` needs a reason on its line or just above: " + ", ".join(bad)


def test_the_ignore_rule_can_fail(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("x = f()  # type: ignore[name-defined]\n"
                      "y = g()  # type: ignore\n"
                      "# g comes from a plug-in at run time\n"
                      "z = g()  # type: ignore[name-defined]\n"
                      "w = g()  # type: ignore[name-defined]  # g comes from a plug-in\n", encoding="utf-8")
    assert unexplained_ignores(sample, tmp_path) == ["sample.py:1", "sample.py:2"]
