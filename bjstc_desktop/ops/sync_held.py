"""Revisions an import held for the security administrator (sync/admission.py): a fall
in classification is never applied by import. They wait in the conflict queue of the
security administrator — with the sender, the author and the basis the revision gives
(定密责任人, 定密日期, 保密期限, 解密条件) — who accepts or refuses each; an officer
cannot. The security administrator sees no case content (三员分立): the case number,
its type and the levels, not its title or fields."""

from __future__ import annotations

import copy
import json
from typing import Any

from sqlalchemy import delete, select

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from bjstc_desktop.core.i18n import pick
from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.core.roles import Role
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.ops.sync_apply import apply_record
from bjstc_desktop.ops.sync_apply_registers import apply_register
from bjstc_desktop.ops.sync_conflict_view import ConflictView
from bjstc_desktop.store.models import Case
from bjstc_desktop.store.sync_models import SyncHeld, SyncPeer
from bjstc_desktop.sync import dag, validate
from bjstc_desktop.sync.admission import ADMIT, Trust, decide
from bjstc_desktop.sync.bulk import record_states
from bjstc_desktop.sync.dag import RevisionData
from bjstc_desktop.sync.peers import TRUSTED, scope_of
from bjstc_desktop.sync.revisions import CASE
from bjstc_desktop.sync.shapes import EXPERT, REGISTERS

HELD_PREFIX = "held-"
BASIS = ("classifier", "classified_on", "secrecy_period", "declassify_condition")


def held_id(rev_id: str) -> str:
    """The id a held revision has in the conflict queue."""
    return HELD_PREFIX + rev_id[:32]


def _label(case_type: str) -> str:
    ct = lookup_case_type(case_type)
    return pick(f"密级（{ct.name}）", f"Classification ({ct.name_en or ct.name})")


def _register_label(kind: str) -> str:
    return pick("密级（专家）", "Classification (expert)") if kind == EXPERT else pick(
        "密级（科研失信记录）", "Classification (integrity record)")


def _deny() -> PermissionDeniedError:
    return PermissionDeniedError("降低密级的修订只能由安全保密管理员审核。",
                                 "Only the security administrator decides on a revision that lowers a classification.")


class SyncHeldOps(OpsPart):
    """The security administrator's side of the conflict queue."""

    def _check_secadmin(self) -> None:
        if self.actor.role is not Role.SECADMIN:
            raise _deny()

    def held_for_review(self) -> list[ConflictView]:
        """Every held revision, oldest first, as the security administrator sees it."""
        self._check_secadmin()
        with self.store.read() as s:
            rows = s.execute(select(SyncHeld).order_by(SyncHeld.held_at, SyncHeld.rev_id)).scalars()
            return [self._held_view(s, row) for row in rows]

    def _held_view(self, s: Any, row: SyncHeld) -> ConflictView:
        doc = json.loads(row.frame)
        body = doc["body"]
        case = s.get(Case, row.record_id)
        peer = s.get(SyncPeer, row.sender_node)
        current = int(case.classification) if case is not None else row.from_level
        author = {"node": doc["author"]["node"], "officer": doc["author"]["officer"], "hlc": doc["hlc"]}
        if doc["type"] in REGISTERS:  # an expert or a 科研失信 record
            number, label = body.get("decision_no") or body.get("name", ""), _register_label(doc["type"])
        else:
            number, label = case.case_no if case is not None else body["case_no"], _label(body["case_type"])
        return ConflictView(
            held_id(row.rev_id), row.record_id, number, "",
            "classification", label, current, row.to_level, current,
            [{"rev": row.rev_id, "value": row.to_level, "node": author["node"], "officer": author["officer"]}],
            texts={"mine": Level(current).label, "theirs": Level(row.to_level).label, "winner": Level(current).label,
                   "decision": "—"},
            sender={"node_id": row.sender_node, "workstation": peer.workstation if peer else row.sender_node,
                    "package_id": row.package_id},
            author=author, basis={k: body.get(k) for k in BASIS})

    def decide_held(self, conflict_id: str, take: str) -> None:
        """Accept (`theirs`) or refuse (`mine`) a held revision. Accepting stores it and
        applies it; if a concurrent edit here still holds the higher level, a revision of
        this workstation carries the decision over every head, so it replicates."""
        self._check_secadmin()
        accept = {"theirs": True, "mine": False, "accept": True, "refuse": False}.get(take)
        if accept is None:
            raise ValidationError("降低密级的修订只能选择 theirs（接受）或 mine（保留本机密级）。",
                                  "A held revision takes theirs (accept) or mine (keep this workstation's level).")
        with self.store.write() as s:
            row = s.execute(select(SyncHeld).where(SyncHeld.rev_id.like(conflict_id[len(HELD_PREFIX):] + "%"))
                            ).scalars().first()
            if row is None:
                raise NotFoundError(f"没有待审核的修订“{conflict_id}”（可能已处理）。",
                                    f"There is no held revision {conflict_id!r} (it may have been decided).")
            rev = validate.revision(json.loads(row.frame))
            details = {"record": row.record_id, "rev": row.rev_id, "sender": row.sender_node,
                       "from": Level(row.from_level).label, "to": Level(row.to_level).label}
            s.delete(row)
            if not accept:
                self._audit(s, "sync_declassification_refused", "case", row.record_id, **details)
                return
            self._admit(s, rev, row.sender_node)
            self._audit(s, "sync_declassification_accepted", "case", row.record_id, **details)
            self._rejudge(s, row.record_id)

    def _admit(self, s: Any, rev: RevisionData, sender: str) -> None:
        dag.insert(s, rev, received_from=sender)
        view = dag.merged(s, rev.record_id)
        if view is not None and view.state is not None and view.state["classification"] > rev.classification:
            body = copy.deepcopy(view.state)  # the merge keeps the higher level of a concurrent edit here
            body["classification"] = rev.classification
            if rev.record_type == CASE:
                for key in BASIS:
                    body[key] = rev.body.get(key)
            dag.author(s, node_id=self.wfile.node_id, officer=self.actor.name, record_type=rev.record_type,
                       record_id=rev.record_id, body=body, parents=[h.rev_id for h in view.heads])
            view = dag.merged(s, rev.record_id)
        if rev.record_type in REGISTERS:
            apply_register(s, rev.record_type, rev.record_id, view)
        else:
            apply_record(s, self, rev.record_id, view)
        dag.refresh_conflicts(s, rev.record_id, view)

    def _rejudge(self, s: Any, record_id: str) -> None:
        """Revisions of the record held behind the accepted one, judged again: those
        that no longer lower anything are admitted."""
        for row in list(s.execute(select(SyncHeld).where(SyncHeld.record_id == record_id)
                                  .order_by(SyncHeld.held_at)).scalars()):
            rev = validate.revision(json.loads(row.frame))
            sender, author = self._trust_of(s, row.sender_node), self._trust_of(s, rev.author_node)
            if sender is None or author is None:
                continue
            if decide(rev, record_states(s, [record_id])[record_id], sender, author).verdict == ADMIT:
                s.execute(delete(SyncHeld).where(SyncHeld.rev_id == row.rev_id))
                self._admit(s, rev, row.sender_node)

    def _trust_of(self, s: Any, node: str) -> Trust | None:
        if node == self.wfile.node_id:
            return Trust(node, self.wfile.workstation, int(self.ceiling), None, is_self=True)
        peer = s.get(SyncPeer, node)
        if peer is None:
            return None
        return Trust(node, peer.workstation, peer.ceiling, scope_of(peer), revoked=peer.status != TRUSTED)
