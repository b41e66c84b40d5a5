"""The names of the hub's database roles (store/hubroles.py): one per account, never a
group's, never two accounts' alike, always a PostgreSQL identifier."""

from __future__ import annotations

from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.store.hubroles import GROUPS, account_role, group_role, hub_prefix


def test_an_ascii_name_is_its_role_and_any_other_name_gets_the_random_part_of_its_id() -> None:
    prefix = hub_prefix("Bjstc-Office 1")
    assert prefix == "bjstc_bjstc_office_1"
    assert account_role(prefix, "zhang", uuid7()) == "bjstc_bjstc_office_1_zhang"
    ids = [uuid7() for _ in range(50)]  # made in the same millisecond: the time part alike
    names = {account_role(prefix, "张三", i) for i in ids}
    assert len(names) == 50 and all(n.startswith(prefix + "_u") and len(n.encode()) <= 63 for n in names)
    for group in GROUPS:  # an account named like a group never takes the group's name
        assert account_role(prefix, group, ids[0]) != group_role(prefix, group)
    assert len(account_role(hub_prefix("x" * 80), "a" * 64, ids[0]).encode()) <= 63
