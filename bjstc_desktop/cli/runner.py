"""`bjstc`'s main(): the help in the officer's language, the arguments parsed, then the
module of the command imported and its function run, every outcome an exit code."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from bjstc_desktop import console
from bjstc_desktop.cli import common
from bjstc_desktop.cli.parser import LANGUAGES, build_parser
from bjstc_desktop.core.errors import UsageError
from bjstc_desktop.core.language import set_language
from bjstc_desktop.core.plaintext import PrintableStream


def language_asked(argv: Sequence[str]) -> str | None:
    """The --lang of the command line, looked for before parsing so the help and the
    usage errors of the parse itself are in that language (None: BJSTC_LANG or Chinese)."""
    for i, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif word.startswith("--lang="):
            value = word.partition("=")[2]
        else:
            continue
        if value in LANGUAGES:
            return value
    return None


def handler_of(args: Any) -> Callable[[Any], int]:
    """The function that runs the parsed command: "module:function" of this package,
    imported now (only the command that runs loads the store, the crypto, the layout)."""
    module, _, name = args.handler.partition(":")
    return getattr(importlib.import_module(f"bjstc_desktop.cli.{module}"), name)  # type: ignore[no-any-return]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (never raises for an officer's mistake)."""
    real_out, real_err = sys.stdout, sys.stderr
    # Whatever a command prints, stored text never reaches the terminal raw (ESC, BEL,
    # bidi overrides are shown as \u001b, \u202e; JSON stays the same document).
    sys.stdout, sys.stderr = PrintableStream(real_out), PrintableStream(real_err)
    try:
        return common.exit_code_of(lambda: _run(sys.argv[1:] if argv is None else list(argv)))
    finally:
        sys.stdout, sys.stderr = real_out, real_err
        set_language(None)
        if "bjstc_desktop.store.backends" in sys.modules:
            sys.modules["bjstc_desktop.store.backends"].use_hub(None)


def _run(argv: list[str]) -> int:
    set_language(language_asked(argv))
    try:
        args = build_parser(argv).parse_args(argv)
    except UsageError:  # refused by the tree built for this command line: the whole tree has the last word
        args = build_parser().parse_args(argv)
    if args.lang:
        set_language(args.lang)
    args.data_dir = (args.data_dir or console.default_data_dir()).expanduser()
    args.user = args.user or os.environ.get("BJSTC_USER")
    args.hub = args.hub or os.environ.get("BJSTC_HUB") or None
    if args.hub:
        from bjstc_desktop.store import (
            backends,  # only then: the store's modules cost start-up time
        )

        backends.use_hub(args.hub)  # checked: a PostgreSQL address with no password in it
    console.setup_logging(args.data_dir)
    common.announce_waits()
    common.check_paths(args)
    return int(handler_of(args)(args))
