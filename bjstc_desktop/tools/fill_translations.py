"""Finish the messages `build_translations --update` left unfinished, without an editor.

    python -m bjstc_desktop.tools.fill_translations zh_CN strings.json   # {"English": "中文", ...}
    python -m bjstc_desktop.tools.fill_translations en                    # English: the source itself

Edits the .ts text in place (so lupdate's own layout is kept) and prints what is still
unfinished. Never imports Qt.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

from bjstc_desktop.core.resources import resources_dir

_UNFINISHED = re.compile(
    r"(<source>(?P<src>[^<]*)</source>(?:\s*<comment>[^<]*</comment>)?\s*)"
    r'<translation type="unfinished">(?P<old>[^<]*)</translation>')


def fill(ts_text: str, translations: dict[str, str] | None) -> tuple[str, list[str]]:
    """The catalogue with every unfinished message that `translations` knows finished
    (all of them, with the source as translation, when `translations` is None), and the
    sources still unfinished."""
    left: list[str] = []

    def replace(m: re.Match[str]) -> str:
        source = html.unescape(m.group("src"))
        target = source if translations is None else translations.get(source)
        if not target:
            left.append(source)
            return m.group(0)
        return f"{m.group(1)}<translation>{html.escape(target, quote=False)}</translation>"

    return _UNFINISHED.sub(replace, ts_text), left


def main(argv: list[str] | None = None) -> int:
    """Fill one catalogue; exit 1 while messages stay unfinished."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("language", choices=("zh_CN", "en"))
    p.add_argument("strings", nargs="?", type=Path, help="JSON object: English source → translation")
    args = p.parse_args(argv)
    ts = resources_dir() / "translations" / f"bjstc_{args.language}.ts"
    table = None if args.language == "en" else json.loads(args.strings.read_text(encoding="utf-8"))
    text, left = fill(ts.read_text(encoding="utf-8"), table)
    ts.write_text(text, encoding="utf-8")
    for source in left:
        print(f"unfinished: {source}")
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
