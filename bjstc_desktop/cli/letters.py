"""`bjstc letter ...`: the letter templates, issuing a letter, the register, voiding.

    bjstc letter templates [--case ID] [--json]
    bjstc letter ID TEMPLATE -o OUT.pdf [--format pdf|ofd|both] [--signer NAME] [--set KEY=VALUE ...]
                             [--date D [--force-date]] [--json]
    bjstc letter list [--case ID] [--json]
    bjstc letter void NUMBER --reason TEXT [--json]

`letter ID TEMPLATE` and `letter list` share the word `letter`: one parser takes the
words and dispatches on the first (a case id is a UUID or a 案号, never "list").
--format: the letter is always laid out once and registered as PDF/A and as OFD (GB/T
33190) with both hashes; it says which files go to -o (both: OUT.pdf and OUT.ofd).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bjstc_desktop.cli.common import day, emit_json, open_workstation, out, pairs
from bjstc_desktop.console import say
from bjstc_desktop.core.casetypes import LETTER_TEMPLATES
from bjstc_desktop.core.errors import UsageError
from bjstc_desktop.core.i18n import letter_name, tr

SUBWORDS = ("templates", "list", "void")


def cmd_letter(args: argparse.Namespace) -> int:
    """Dispatch `bjstc letter WORD ...`."""
    word, second = args.word, args.second
    if word in ("templates", "list") and second is not None:
        raise UsageError(f"letter {word} 不接受更多参数。", f"letter {word} takes no further words.")
    if word == "void" and (not second or not args.reason):
        raise UsageError("用法：bjstc letter void 文号 --reason 理由", "Usage: bjstc letter void NUMBER --reason TEXT")
    if word not in SUBWORDS and (not second or not args.output):
        raise UsageError("用法：bjstc letter 案件 模板 -o 输出.pdf", "Usage: bjstc letter ID TEMPLATE -o OUT.pdf")
    ws = open_workstation(args)
    try:
        if word == "templates":
            return _templates(ws, args)
        if word == "list":
            return _register(ws, args)
        if word == "void":
            entry = ws.letters.void(second, args.reason)
            out(args, entry.as_json(), tr(f"已作废：{entry.number}（理由：{args.reason}）。该文号不再使用。",
                                           f"Voided: {entry.number} ({args.reason}). The number is never reused."))
            return 0
        result = ws.letters.issue(word, second, Path(args.output), signer=args.signer or "",
                                 values=pairs(args.set, "--set", "名称=内容"), issue_date=day(args.date),
                                 copy_no=args.copy_no or "", urgency=args.urgency or "",
                                 force_date=bool(args.force_date), fmt=args.format)
        pages = f"{result.pages} page" + ("" if result.pages == 1 else "s")
        files = "、".join(p for p in (result.path, result.ofd_path) if p)
        files_en = ", ".join(p for p in (result.path, result.ofd_path) if p)
        out(args, result.as_json(), tr(f"已签发 {result.number}：{files}（{result.pages} 页）",
                                        f"Issued {result.number}: {files_en} ({pages})"))
        if not args.json:
            print(result.number)
        return 0
    finally:
        ws.close()


def _templates(ws: Any, args: argparse.Namespace) -> int:
    views = ws.letters.templates(args.case)
    if args.json:
        emit_json([v.as_json() for v in views])
    else:
        for v in views:
            print(f"{v.code}\t{letter_name(v.code) if v.code in LETTER_TEMPLATES else v.name}\t{v.format}\t{v.daizi}")
    return 0


def _register(ws: Any, args: argparse.Namespace) -> int:
    entries = ws.letters.register(args.case)
    if args.json:
        emit_json([e.as_json() for e in entries])
    elif not entries:
        say(tr("登记簿中没有公文。", "The register is empty."))
    else:
        for e in entries:  # the PDF's hash, then the OFD's (- for a letter issued before OFD)
            ofd = e.ofd_sha256[:16] if e.ofd_sha256 else "-"
            print(f"{e.number}\t{e.status}\t{e.issued_on}\t{e.case_no}\t{e.template_name}\t{e.signer}"
                  f"\t{e.sha256[:16]}\t{ofd}")
    return 0
