"""The table of crypto suites a package may name in its preamble, and how a sender picks
one for its recipients (docs/sync-format.md §3).

Every node holds both key sets (intl-1 and gm-1) and offers, on its identity card, the
suites it accepts, in its order of preference; the security administrator chooses them
at init (`bjstc init --suite`). A sender writes each package in the first suite of its
own list that every recipient offers; a receiver accepts a package only in a suite it
offers itself, and only in the suite the sender's card says it would have picked for
this receiver (so nobody can talk two GM nodes down to intl-1)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.sync.gm_suite import Gm1
from bjstc_desktop.sync.suite import Intl1
from bjstc_desktop.sync.suite_choices import CHOICES

Suite = type[Intl1] | type[Gm1]
SUITES: dict[int, Suite] = {1: Intl1, 2: Gm1}
BY_NAME: dict[str, Suite] = {s.name: s for s in SUITES.values()}
LEGACY_OFFER: tuple[str, ...] = (Intl1.name,)  # a node whose card predates gm-1
DEFAULT_OFFER: tuple[str, ...] = (Intl1.name, Gm1.name)
# `bjstc init --suite CHOICE`: CHOICES (sync/suite_choices.py) names the suites offered.


def offer_from_choice(choice: str) -> tuple[str, ...]:
    """The offer for an `--suite` choice; ValidationError (exit 2) for an unknown one."""
    if choice not in CHOICES:
        raise ValidationError(f"未知的密码套件选择“{choice}”（可选：{'、'.join(CHOICES)}）。",
                              f"Unknown suite choice {choice!r} (one of: {', '.join(CHOICES)}).")
    return CHOICES[choice]


def parse_offer(text: str) -> tuple[str, ...]:
    """'gm-1,intl-1' → ('gm-1', 'intl-1'); ValueError unless 1–2 distinct known names."""
    names = tuple(text.split(","))
    if not names or len(set(names)) != len(names) or not all(n in BY_NAME for n in names):
        raise ValueError(f"bad suite list {text!r}")
    return names


def pick(sender_offer: Sequence[str], recipient_offers: Iterable[Sequence[str]]) -> Suite | None:
    """The suite a sender with `sender_offer` writes in for these recipients: the first
    of its own list that every recipient offers (None: there is none)."""
    offers = [set(o) for o in recipient_offers]
    for name in sender_offer:
        if all(name in o for o in offers):
            return BY_NAME[name]
    return None


def pick_or_refuse(sender_offer: Sequence[str], recipients: dict[str, Sequence[str]]) -> Suite:
    """pick() for an export to `recipients` (workstation name → offer). One package has
    one suite, and each recipient checks that it is the one it would have been picked
    alone: recipients that would get different suites are exported to separately."""
    alone = {name: pick(sender_offer, [offer]) for name, offer in recipients.items()}
    none = [name for name, suite in alone.items() if suite is None]
    if none:
        names = "、".join(none)
        raise RefusedError(f"本工作站与对端“{names}”没有共同的密码套件（本机：{'、'.join(sender_offer)}），未写入任何文件。",
                           f"This workstation and peer {', '.join(none)} share no crypto suite (here: "
                           f"{', '.join(sender_offer)}); nothing was written.")
    chosen = {suite.name for suite in alone.values() if suite is not None}
    if len(chosen) > 1:
        by = "；".join(f"{n}：{s.name}" for n, s in alone.items() if s is not None)
        by_en = "; ".join(f"{n}: {s.name}" for n, s in alone.items() if s is not None)
        raise RefusedError(f"这些对端需要不同的密码套件（{by}），请分别导出。未写入任何文件。",
                           f"These peers need different crypto suites ({by_en}); export to them separately. "
                           "Nothing was written.")
    suite = next(iter(alone.values()))
    assert suite is not None
    return suite
