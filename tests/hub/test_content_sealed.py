"""`grants.content_sealed` on a hub (docs/hub.md section 3; store/hubroles.py
`_sealed_flag`): whether any case carries sealed content is the database's flag, so a
role that may read no case (an administrator's) or only some (an officer's) gets the
answer the whole store gives. Asked of `cases` under those roles it was wrong: an
administrator's unlock failed on the missing privilege, an officer who sees no sealed
case was told the store was never keyed, and neither learnt that the key checks had been
removed under sealed content (the insider's attack of grants.commitments_removed)."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import IntegrityError
from bjstc_desktop.core.roles import Role
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS, AUDITOR_PASS, OFFICER_PASS, SEC_PASS
from tests.hub.office import make_office, require_hub


def test_every_role_learns_that_the_key_checks_went_under_sealed_content(tmp_path: Path) -> None:
    require_hub()
    office = make_office(tmp_path / "hub")
    with Workstation.open(office.data_dir, "admin", ADMIN_PASS) as ws:  # an officer who sees only 公开 cases
        office.roles["pub"] = ws.accounts.add("pub", Role.OFFICER, OFFICER_PASS).db_role
    with Workstation.open(office.data_dir, "sec", SEC_PASS) as ws:
        ws.accounts.set_access("pub", Level.PUBLIC, frozenset({"market"}))
    with office.connect("owner-of-the-hub") as conn:
        assert conn.execute("SELECT count(*) FROM hub_content_sealed").fetchone()[0] == 1  # set by the trigger
    with office.connect("low") as conn:  # nobody but the owner writes it
        for attack in ("DELETE FROM hub_content_sealed", "TRUNCATE hub_content_sealed"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(attack)
    # The insider: the database administrator removes the key checks (the audit trail's
    # and the guards' triggers off), so that new keys might be made over the old ones.
    with office.cluster.connect(office.database) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute("DELETE FROM level_keys")
    for account, passphrase in (("admin", ADMIN_PASS), ("sec", SEC_PASS), ("shen", AUDITOR_PASS),
                                ("pub", OFFICER_PASS), ("low", OFFICER_PASS), ("high", OFFICER_PASS)):
        with pytest.raises(IntegrityError) as caught:
            office.open(account, passphrase)
        assert "密级密钥校验值缺失" in caught.value.zh and "key checks are missing" in caught.value.en, account


def test_a_hub_with_sealed_cases_from_before_the_flag_gets_it_at_its_next_refresh(tmp_path: Path) -> None:
    require_hub()
    office = make_office(tmp_path / "hub")
    with office.cluster.connect(office.database) as conn:  # as a hub made before the flag: none yet
        conn.execute("DROP TABLE hub_content_sealed")
        conn.execute("DROP FUNCTION bjstc_mark_sealed() CASCADE")
    from bjstc_desktop.store import backends, hubroles

    engine = backends.open_engine(office.data_dir, b"")  # the owner's URL (hub.json): what a migration runs
    try:
        hubroles.refresh(engine)
    finally:
        engine.dispose()
    with office.connect("admin") as conn:
        assert conn.execute("SELECT count(*) FROM hub_content_sealed").fetchone()[0] == 1
