"""Run every benchmark, print ratios against their baselines, write benchmarks/out/."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks import (
    bench_casework,
    bench_cli,
    bench_dashboards,
    bench_gm,
    bench_hub_office,
    bench_import,
    bench_letters,
    bench_letters_stress,
    bench_search,
    bench_store,
    bench_sync,
    bench_unlock,
)

SUITES = {"store": bench_store.run, "unlock": bench_unlock.run, "letters": bench_letters.run,
          "letters_stress": bench_letters_stress.run,
          "sync": bench_sync.run, "search": bench_search.run,
          "import": bench_import.run, "dashboards": bench_dashboards.run,
          "casework": bench_casework.run, "gm": bench_gm.run, "cli": bench_cli.run,
          "hub_office": bench_hub_office.run}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks")
    parser.add_argument("names", nargs="*", help=f"any of {', '.join(SUITES)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller data, for a smoke run")
    parser.add_argument("--cases", type=int, default=None, help="search, hub_office: store size (default 1,000,000)")
    parser.add_argument("--store", choices=("embedded", "hub"), default="embedded",
                        help="search: the embedded store or an office hub's PostgreSQL (a throw-away cluster)")
    parser.add_argument("--officers", type=int, default=20, help="hub_office: officers at once (default 20)")
    parser.add_argument("--seconds", type=float, default=None, help="hub_office: seconds each run lasts (default 60)")
    parser.add_argument("--think-ms", type=float, default=0.0,
                        help="hub_office: mean pause of an officer between operations (default 0: saturation)")
    parser.add_argument("--demo-cases", type=int, default=None, help="casework: cases for `bjstc demo` (default 2,000)")
    args = parser.parse_args(argv)
    unknown = set(args.names) - set(SUITES)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    out = Path(__file__).with_name("out")
    out.mkdir(exist_ok=True)
    failed = False
    for name in args.names or list(SUITES):
        if name == "search":
            result = bench_search.run(quick=args.quick, cases=args.cases, store=args.store)
        elif name == "hub_office":
            result = bench_hub_office.run(quick=args.quick, cases=args.cases, officers=args.officers,
                                          seconds=args.seconds, think_ms=args.think_ms)
        elif name == "casework":
            result = bench_casework.run(quick=args.quick, demo_cases=args.demo_cases)
        else:
            result = SUITES[name](quick=args.quick)
        stem = f"{name}-hub" if name == "search" and args.store == "hub" else name
        (out / f"{stem}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        print(json.dumps(result, ensure_ascii=False, indent=1))
        failed |= not result.get("goal_met", True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
