"""The words of `bjstc init --suite` and the suites each offers, most preferred first
(docs/sync-format.md §3). Kept apart from the suites themselves (sync/suites.py) so the
CLI's parser can name the choices without loading the cryptography: `bjstc --help`
must stay light."""

from __future__ import annotations

INTL1, GM1 = "intl-1", "gm-1"  # Intl1.name and Gm1.name (tests/cli/test_cli_package.py checks)

CHOICES: dict[str, tuple[str, ...]] = {
    "intl": (INTL1, GM1), "1": (INTL1, GM1), "intl-only": (INTL1,),
    "gm": (GM1, INTL1), "2": (GM1, INTL1), "gm-only": (GM1,),
}
