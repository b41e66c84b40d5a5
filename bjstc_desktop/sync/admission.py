"""Whether a revision a peer sent may enter this store (design/sync.md §Import; issue 11).

A trusted peer is trusted for its ceiling and module scope, not for anything it says.
Each revision is judged against what is stored about its record and what the sender —
and, for a forwarded revision, its author — is trusted for, in this order:

1. identity: case type, module and case number never change after the record's first
   revision → a revision that changes them is refused (the whole package; exit 4);
2. a revision written by a node whose trust was revoked is held back (not stored);
3. the STORED record and the NEW revision must both be inside the sender's (and the
   author's) module scope and at or under their trust ceiling — tombstones included —
   otherwise the revision is held back (not stored, counted in the report);
4. a revision that would lower the classification of what it supersedes is never
   applied by import: it is held for the security administrator (sync_held);
5. otherwise it is admitted.

The author's signature and whether the author is known at all are checked before, as the
revision is read (sync/authorship.py, ops/sync_import.py). decide() is pure: the caller
gives it the record's stored state (sync/bulk.py loads it) and keeps that state current
with supersede() as revisions of the same package are admitted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bjstc_desktop.core.classification import Level
from bjstc_desktop.sync.dag import RevisionData
from bjstc_desktop.sync.refusals import PackageRefused
from bjstc_desktop.sync.shapes import covers

ADMIT, HOLD, SKIP = "admit", "hold", "skip"
# reasons
SCOPE, CEILING, REVOKED_AUTHOR, DECLASSIFICATION = "scope", "ceiling", "revoked_author", "declassification"


@dataclass(frozen=True)
class Trust:
    """What a node is trusted for here: its ceiling and module scope (None: every
    module). This workstation itself is trusted for everything it holds."""

    node_id: str
    workstation: str
    ceiling: int
    scope: frozenset[str] | None
    revoked: bool = False
    is_self: bool = False

    def allows(self, module: str, level: int) -> str:
        """"" when a record of `module` (a case's module, or a register's module scope:
        every module it names must be in this trust's scope, and a register of every
        duty needs an unscoped trust) at `level` may be authored under this trust, else
        the reason."""
        if not covers(self.scope, module):
            return SCOPE
        if level > self.ceiling:
            return CEILING
        return ""


@dataclass
class Head:
    """A current head of a record: its level, ancestry and module (or module scope)."""

    level: int
    ancestry: frozenset[str]
    module: str = ""


@dataclass
class RecordState:
    """What is stored about one record: its identity and heads (or, for a case made
    here that has no revision yet, its row's identity and level)."""

    identity: tuple[str, str, str] | None = None
    heads: dict[str, Head] = field(default_factory=dict)
    row_level: int | None = None  # a case row without revisions

    @property
    def known(self) -> bool:
        """True when anything of the record is stored here."""
        return self.identity is not None

    @property
    def modules(self) -> list[str]:
        """What the stored record names: each head's module or scope (the case row's module)."""
        mods = [h.module for h in self.heads.values()]
        if not mods and self.identity is not None:
            mods = [self.identity[1]]
        return mods

    @property
    def level(self) -> int:
        """The stored level: the highest of the heads (the merge takes the highest)."""
        levels = [h.level for h in self.heads.values()]
        if self.row_level is not None:
            levels.append(self.row_level)
        return max(levels, default=0)


@dataclass(frozen=True)
class Decision:
    """ADMIT, HOLD (for the security administrator) or SKIP (held back), and why."""

    verdict: str
    reason: str = ""
    from_level: int = 0  # for a HOLD: the level the revision would lower


_IDENTITY = (("case_type", "案件类型", "case type"), ("module", "业务模块", "module"), ("case_no", "案号", "case number"))


def check_identity(rev: RevisionData, state: RecordState) -> None:
    """Refuse a revision that changes the record's case type, module or case number."""
    if state.identity is None or rev.identity == state.identity:
        return
    changed = [(names, a, b) for names, a, b in zip(_IDENTITY, state.identity, rev.identity, strict=True) if a != b]
    zh = "、".join(f"{zh_name}“{a}”→“{b}”" for (_, zh_name, _), a, b in changed)
    en = ", ".join(f"{en_name} {a} → {b}" for (_, _, en_name), a, b in changed)
    case_no = state.identity[2]
    raise PackageRefused("identity_changed", f"{rev.record_id}: {en}", f"（案件 {case_no}：{zh}）",
                         f" (case {case_no}: {en})")


def decide(rev: RevisionData, state: RecordState, sender: Trust, author: Trust) -> Decision:
    """Judge one revision (see the module's docstring for the order of the rules).
    Raises PackageRefused for a change of identity."""
    check_identity(rev, state)
    if author.revoked and not author.is_self:
        return Decision(SKIP, REVOKED_AUTHOR)
    judges = [sender] if author.is_self or author.node_id == sender.node_id else [sender, author]
    for trust in judges:
        if trust.is_self:
            continue
        if state.known:
            for module in state.modules:
                reason = trust.allows(module, state.level)
                if reason:
                    return Decision(SKIP, reason)
        reason = trust.allows(rev.module, rev.classification)
        if reason:
            return Decision(SKIP, reason)
    superseded = [h.level for rid, h in state.heads.items() if rid in rev.ancestry]
    if state.row_level is not None and not state.heads:
        superseded.append(state.row_level)  # the first revision of a case made here replaces its row
    fallen_from = max(superseded, default=-1)
    if fallen_from > rev.classification:
        return Decision(HOLD, DECLASSIFICATION, fallen_from)
    return Decision(ADMIT)


def supersede(state: RecordState, rev: RevisionData) -> tuple[list[str], bool]:
    """Record an admitted revision in `state`: the heads it replaces, and whether it
    becomes a head itself (not when it arrived after one of its descendants)."""
    if state.identity is None:
        state.identity = rev.identity
    state.row_level = None
    removed = [h for h in state.heads if h in rev.ancestry]
    for h in removed:
        del state.heads[h]
    is_head = not any(rev.rev_id in h.ancestry for h in state.heads.values())
    if is_head:
        state.heads[rev.rev_id] = Head(rev.classification, frozenset(rev.ancestry), rev.module)
    return removed, is_head


def level_label(level: int) -> str:
    """公开, 内部, 秘密 or 机密."""
    return Level(level).label
