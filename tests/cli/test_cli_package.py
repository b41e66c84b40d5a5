"""The `bjstc` command as a package (issue 15 point 6, point 4's start-up):

- every module of bjstc_desktop/cli imports on its own in a fresh interpreter, no module
  imports another's private names, and the modules' imports have no cycle;
- every command and every option has a help text, in Chinese and in English, and the
  two differ (the English is not the Chinese left untranslated);
- `bjstc --help` and `bjstc GROUP --help` load none of the heavy layers (SQLAlchemy,
  SQLCipher, the crypto, reportlab, Qt, ops): a command's module loads when it runs;
- every command of the tree names a function that exists.

The time of `bjstc --help` is measured by benchmarks/bench_cli.py, not here."""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest

from bjstc_desktop.cli.parser import build_parser, command_word
from bjstc_desktop.cli.runner import language_asked
from bjstc_desktop.core.language import set_language

CLI = Path(importlib.import_module("bjstc_desktop.cli").__file__ or "").parent
MODULES = sorted(f"bjstc_desktop.cli.{p.stem}" for p in CLI.glob("*.py") if p.stem not in ("__init__", "__main__"))
CJK = re.compile(r"[\u4e00-\u9fff]")
# What `bjstc --help` must not load; a command's module loads them when it runs.
HEAVY = ("sqlalchemy", "sqlcipher3", "cryptography", "reportlab", "PySide6", "shiboken6", "openpyxl", "alembic",
         "gmalg", "bjstc_desktop.ops", "bjstc_desktop.workstation", "bjstc_desktop.store.engine",
         "bjstc_desktop.demo", "bjstc_desktop.sync.suite", "bjstc_desktop.sync.suites")


def _parser(language: str) -> argparse.ArgumentParser:
    set_language(language)
    try:
        return build_parser()
    finally:
        set_language(None)


def _walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[str, str | None]]:
    """(where, help) for every command and every option of the tree, in order."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                yield " ".join((*path, name)), helps.get(name)
                yield from _walk(sub, (*path, name))
        else:
            yield " ".join((*path, action.option_strings[-1] if action.option_strings else action.dest)), action.help


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield " ".join(path), parser
    for action in subs:
        for name, sub in action.choices.items():
            yield from _leaves(sub, (*path, name))


def _heavy(modules: list[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def _modules_after(*argvs: list[str]) -> dict[str, object]:
    """Run `bjstc ARGV` for each argv in one fresh interpreter; its exit codes, what it
    printed and every module it had loaded at the end."""
    script = (
        "import contextlib, io, json, sys\n"
        "from bjstc_desktop.cli import main\n"
        "codes, out = [], io.StringIO()\n"
        "for argv in json.loads(sys.argv[1]):\n"
        "    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):\n"
        "        codes.append(main(argv))\n"
        "print(json.dumps({'codes': codes, 'out': out.getvalue(), 'modules': sorted(sys.modules)}))\n")
    env = {k: v for k, v in os.environ.items() if k not in ("BJSTC_USER", "BJSTC_LANG", "BJSTC_PASSPHRASE")}
    proc = subprocess.run([sys.executable, "-c", script, json.dumps(list(argvs))], capture_output=True, text=True,
                          timeout=300, env=env, check=True)
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


# ----- the package ------------------------------------------------------------------------------
@pytest.mark.parametrize("module", MODULES)
def test_each_cli_module_imports_alone_in_a_fresh_interpreter(module: str) -> None:
    proc = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_the_cli_modules_import_each_other_without_a_cycle() -> None:
    graph = grimp.build_graph("bjstc_desktop")
    inside = {m for m in graph.modules if m == "bjstc_desktop.cli" or m.startswith("bjstc_desktop.cli.")}
    assert set(MODULES) <= inside
    edges = {m: {n for n in graph.find_modules_directly_imported_by(m) if n in inside and n != "bjstc_desktop.cli"}
             for m in inside}
    done: set[str] = set()

    def visit(m: str, stack: list[str]) -> None:
        if m in stack:
            raise AssertionError("import cycle: " + " -> ".join([*stack[stack.index(m):], m]))
        if m in done:
            return
        for n in sorted(edges[m]):
            visit(n, [*stack, m])
        done.add(m)

    for m in sorted(inside):
        visit(m, [])


def test_every_cli_module_has_its_layer_in_the_import_contract() -> None:
    """A command module left out of pyproject's cli contract would be checked by nothing
    (import-linter only sees the layers it is told of)."""
    import tomllib

    contracts = tomllib.loads((CLI.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    [layers] = [c["layers"] for c in contracts["contracts"] if c.get("containers") == ["bjstc_desktop.cli"]]
    named = {name.strip() for layer in layers for name in layer.split("|")}
    assert {m.rpartition(".")[2] for m in MODULES} - named == set()


def test_no_module_imports_another_modules_private_names() -> None:
    offences = []
    for path in [*CLI.glob("*.py"), CLI.parent / "console.py", CLI.parent / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bjstc_desktop"):
                offences += [f"{path.name}: from {node.module} import {a.name}" for a in node.names
                             if a.name.startswith("_")]
    assert not offences


def test_suite_choices_name_the_real_suites() -> None:
    from bjstc_desktop.sync.suite_choices import CHOICES, GM1, INTL1
    from bjstc_desktop.sync.suites import BY_NAME

    assert set(BY_NAME) == {INTL1, GM1}
    assert all(set(offer) <= set(BY_NAME) for offer in CHOICES.values())


def test_every_command_names_a_function_that_exists() -> None:
    leaves = dict(_leaves(_parser("zh")))
    assert len(leaves) > 70
    for where, parser in leaves.items():
        handler = parser.get_default("handler")
        assert handler, f"bjstc {where} runs nothing"
        module, _, name = handler.partition(":")
        assert callable(getattr(importlib.import_module(f"bjstc_desktop.cli.{module}"), name, None)), \
            f"bjstc {where}: {handler} is not a function"


# ----- the help ---------------------------------------------------------------------------------
def test_every_command_and_option_has_help_in_chinese_and_in_english() -> None:
    zh, en = list(_walk(_parser("zh"))), list(_walk(_parser("en")))
    assert [w for w, _ in zh] == [w for w, _ in en]
    assert len(zh) > 300
    missing = [w for w, h in zh + en if not h or h == argparse.SUPPRESS]
    assert not missing, f"no help: {missing}"
    untranslated = [w for (w, a), (_, b) in zip(zh, en, strict=True) if a == b]
    assert not untranslated, f"the same help in both languages: {untranslated}"
    not_chinese = [w for w, h in zh if not CJK.search(h or "")]
    assert not not_chinese, f"Chinese help without Chinese: {not_chinese}"
    not_english = [w for w, h in en if not re.search(r"[A-Za-z]{2}", h or "")]
    assert not not_english, f"English help without English: {not_english}"


def test_help_is_printed_in_the_language_asked_for(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bjstc_desktop.cli import main

    monkeypatch.delenv("BJSTC_LANG", raising=False)
    assert main(["case", "new", "--help"]) == 0
    zh = capsys.readouterr().out
    assert "用法：" in zh and "显示此帮助并退出" in zh and "案件名称" in zh
    assert main(["--lang", "en", "case", "new", "--help"]) == 0
    en = capsys.readouterr().out
    assert "usage: " in en and "show this help and exit" in en and "the case's title" in en and not CJK.search(
        en.replace("公开", ""))
    monkeypatch.setenv("BJSTC_LANG", "en")
    assert main(["user", "--help"]) == 0
    assert "user accounts" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "language"), [
    (["--lang", "en", "--help"], "en"), (["--lang=en", "case", "list"], "en"), (["--lang", "zh"], "zh"),
    (["case", "new", "--title", "--lang"], None), (["--", "--lang", "en"], None), (["--lang", "fr"], None)])
def test_the_language_is_read_before_parsing(argv: list[str], language: str | None) -> None:
    assert language_asked(argv) == language


@pytest.mark.parametrize("argv", [
    ["case", "list", "--limit", "3"], ["--data", "/x", "case", "list"], ["--data-dir=/x", "--lang", "en", "user", "list"],
    ["--user", "sync", "sync", "export", "--to", "a,b", "-o", "f.pkg", "--full"], ["--passphrase-f", "pf", "letter", "templates"],
    ["--us=zhang", "expert", "score", "C", "E", "--score", "3", "--json"], ["--lang=zh", "import", "xlsx", "f.xlsx", "--profile", "p"]])
def test_the_tree_built_for_a_command_line_parses_it_as_the_whole_tree_does(argv: list[str]) -> None:
    whole = build_parser()
    assert command_word(argv) in {name for name, _ in _walk(whole)}
    assert vars(build_parser(argv).parse_args(argv)) == vars(whole.parse_args(argv))


def test_a_command_line_misread_still_gets_the_whole_trees_answer(capsys) -> None:  # type: ignore[no-untyped-def]
    from bjstc_desktop.cli import main

    assert command_word(["--data-dir"]) is None
    assert main(["--bogus", "case", "list"]) == 2
    assert "--bogus" in capsys.readouterr().err


# ----- start-up ---------------------------------------------------------------------------------
def test_help_loads_no_store_crypto_layout_qt_or_ops() -> None:
    groups = [name for name, _ in _walk(_parser("zh")) if " " not in name and not name.startswith("-")]
    argvs = [["--help"], ["--lang", "en", "--help"], *([g, "--help"] for g in groups)]
    run = _modules_after(*argvs)
    assert run["codes"] == [0] * len(argvs)
    assert "用法：bjstc case" in str(run["out"]) and "usage: bjstc [-h]" in str(run["out"])
    assert _heavy(run["modules"]) == []  # type: ignore[arg-type]


def test_a_command_loads_its_module_when_it_runs() -> None:
    """The control of the test above: the same check sees the store once a command unlocks."""
    run = _modules_after(["--data-dir", "/nonexistent/bjstc", "case", "list"])
    assert run["codes"] == [2]  # no --user
    assert "sqlalchemy" in _heavy(run["modules"]) and "bjstc_desktop.cli.cases" in run["modules"]  # type: ignore[operator]
