"""The letters stress test at full size (issue 14): 5,000 generated letters — every
template, random lengths, titles of one to four lines, long names, Latin runs, 抄送,
附注, 签发人, joint issue, attachment tables — typeset, then measured on the PDF with
pdfplumber against every rule of tests/letters/pdfrules.py. The goal is zero
violations. Baseline for the time: typesetting the same letters without the checks,
in the same run (the checker's pdfplumber parse costs more than the typesetting).

Two worker processes (the machine's two cores), each typesetting and checking its share
of the series; `--quick` runs 200."""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from typing import Any

WORKERS = 2


def _share(args: tuple[list[int], int]) -> dict[str, Any]:
    from bjstc_desktop.letters.fonts import letter_fonts
    from bjstc_desktop.letters.render import render_pdf
    from tests.letters import stress

    indices, seed = args
    fonts = letter_fonts(prefer_licensed=False)
    t0 = time.perf_counter()
    for i in indices[: max(1, len(indices) // 10)]:
        render_pdf(stress.letter(i, seed), fonts, pdfa=False)
    typeset_only = (time.perf_counter() - t0) / max(1, len(indices) // 10)
    result = stress.run(0, fonts, seed=seed, indices=indices)
    return {"letters": result.letters, "pages": result.pages, "seconds": result.seconds,
            "typeset_s_per_letter": typeset_only, "violations": dict(result.violations),
            "examples": {k: f"letter {i}: {v.rule} p{v.page} {v.detail[:120]}" for k, (i, v) in result.examples.items()}}


def run(quick: bool = False, count: int | None = None, seed: int = 14) -> dict[str, Any]:
    """Typeset and check `count` generated letters; report violations per rule."""
    count = count or (200 if quick else 5000)
    shares = [([i for i in range(count) if i % WORKERS == w], seed) for w in range(WORKERS)]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(WORKERS) as pool:
        parts = list(pool.map(_share, shares))
    wall = time.perf_counter() - t0
    violations: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for p in parts:
        violations.update(p["violations"])
        for k, v in p["examples"].items():
            examples.setdefault(k, v)
    letters = sum(p["letters"] for p in parts)
    per_letter = sum(p["seconds"] for p in parts) / letters
    typeset = sum(p["typeset_s_per_letter"] for p in parts) / len(parts)
    return {
        "benchmark": "letters stress: generated letters typeset and checked on the PDF (pdfplumber)",
        "letters": letters, "pages": sum(p["pages"] for p in parts), "seed": seed,
        "violations_total": sum(violations.values()), "violations": dict(violations), "examples": examples,
        "wall_s": round(wall, 1), "s_per_letter_checked": round(per_letter, 3),
        "s_per_letter_typeset_only": round(typeset, 3), "ratio_checked_vs_typeset": round(per_letter / typeset, 2),
        "goal_met": not violations,
    }
