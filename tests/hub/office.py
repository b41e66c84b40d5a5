"""An office hub made as a real one is (issue 19 point 2): a database owned by a
non-superuser owner role with CREATEROLE, `hub init` through that role, the three
administrators, and officers each enrolled with a LOGIN role of their own. The tests
then connect as those roles with plain psycopg (what psql gives an officer).

The throw-away cluster trusts its Unix socket, so connecting needs no secret: what is
under test is what a connected role may see and do, not how it authenticates."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.roles import Role
from bjstc_desktop.ops.accounts import parse_modules
from bjstc_desktop.store import backends, kdf
from bjstc_desktop.workstation import NewAccount, Workstation
from tests.conftest import (
    ADMIN_PASS,
    AUDITOR_PASS,
    FAST_KDF,
    OFFICER_PASS,
    SEC_PASS,
    _hub_cluster,
    hub_available,
)

CONTRACT = {"contract_type": "技术开发", "seller": "北京保密科技有限公司", "seller_uscc": "91110000600037341L",
            "contract_amount": "100万", "tech_amount": "50万"}
HNTE = {"enterprise": "北京高企有限公司", "enterprise_uscc": "91110000600037341L"}
# The officers of the office: name -> (clearance, modules).
OFFICERS = {"high": (Level.SECRET, "market,industry"), "low": (Level.INTERNAL, "market")}


@dataclass
class Office:
    """A hub with its roles and the cases the tests look for."""

    data_dir: Path
    owner_url: str
    cluster: Any
    database: str
    roles: dict[str, str] = field(default_factory=dict)  # bjstc account -> database role
    cases: dict[str, str] = field(default_factory=dict)  # label -> case id

    @property
    def owner(self) -> str:
        """The owner role (the URL of `hub init`)."""
        return self.owner_url.split("//", 1)[1].split("@", 1)[0]

    def role(self, account: str) -> str:
        """`account`'s own database role; where the program gave him none (before issue
        19 point 2) he reaches the hub through its one role, the owner's."""
        if account == "owner-of-the-hub":
            return self.owner
        return self.roles.get(account) or self.owner

    def url(self, account: str) -> str:
        """The hub URL of `account`'s own database role."""
        return f"postgresql://{self.role(account)}@/{self.database}?host={self.cluster.socket}"

    def connect(self, account: str) -> Any:
        """Plain psycopg as `account`'s database role (autocommit, as psql)."""
        import psycopg

        return psycopg.connect(host=str(self.cluster.socket), dbname=self.database, user=self.role(account),
                               autocommit=True)

    def open(self, account: str, passphrase: str = OFFICER_PASS) -> Workstation:
        """The program, unlocked as `account`, connected as his own database role."""
        backends.use_hub(self.url(account))
        try:
            return Workstation.open(self.data_dir, account, passphrase, wait_for_delay=False)
        finally:
            backends.use_hub(None)


def require_hub() -> None:
    """Skip unless the hub tests run here: PostgreSQL installed (with BJSTC_REQUIRE_HUB=1
    its absence is an error) and not left out by BJSTC_HUB_TESTS=0 (a CI split)."""
    if os.environ.get("BJSTC_HUB_TESTS", "1") == "0":
        pytest.skip("hub tests left out (BJSTC_HUB_TESTS=0)")
    if not hub_available():
        pytest.skip("PostgreSQL is not installed")


def make_office(data_dir: Path) -> Office:
    """Init the hub through a non-superuser owner role and give it officers and cases."""
    cluster: Any = _hub_cluster()
    owner = "own_" + uuid.uuid4().hex[:10]
    database = cluster.new_database()
    cluster._admin(f"CREATE ROLE {owner} LOGIN CREATEROLE")
    cluster._admin(f'ALTER DATABASE "{database}" OWNER TO {owner}')
    owner_url = f"postgresql://{owner}@/{database}?host={cluster.socket}"
    previous, kdf.DEFAULT_KDF = kdf.DEFAULT_KDF, FAST_KDF
    try:
        init = Workstation.init(data_dir, "技术市场处集中库", "admin", ADMIN_PASS, office="技术市场处", ceiling=Level.SECRET,
                                hub=owner_url, secadmin=NewAccount("sec", SEC_PASS),
                                auditor=NewAccount("shen", AUDITOR_PASS))
        office = Office(data_dir, owner_url, cluster, database)
        office.roles.update(zip(("admin", "sec", "shen"), (role for role, _ in getattr(init, "db_roles", ())),
                                strict=False))
        with Workstation.open(data_dir, "admin", ADMIN_PASS) as ws:
            for name in OFFICERS:
                office.roles[name] = getattr(ws.accounts.add(name, Role.OFFICER, OFFICER_PASS), "db_role", "")
        with Workstation.open(data_dir, "sec", SEC_PASS) as ws:
            for name, (level, modules) in OFFICERS.items():
                ws.accounts.set_access(name, level, parse_modules(modules) or frozenset())
        with office.open("high") as ws:
            office.cases["public"] = ws.cases.create("tech_contract", "公开的合同甲方案", CONTRACT).id
            office.cases["internal"] = ws.cases.create("tech_contract", "内部的合同丙方案", CONTRACT,
                                                       classification=Level.INTERNAL).id
            office.cases["secret"] = ws.cases.create("tech_contract", "秘密的合同乙方案", CONTRACT,
                                                     classification=Level.SECRET, secrecy_period="10年",
                                                     knowers="技术市场处").id
            office.cases["industry"] = ws.cases.create("hnte", "高企认定甲方案", HNTE).id
    finally:
        kdf.DEFAULT_KDF = previous
    return office
