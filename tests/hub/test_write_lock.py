"""The hub's write lock (store/hub.py take_write_lock): a writer that finds another
officer writing waits in the server's lock queue, so officers write in the order they
asked, and one that waits past BJSTC_BUSY_WAIT_SECONDS gets StoreBusyError with the
notice after a second, as on a workstation."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from bjstc_desktop.core.errors import StoreBusyError
from bjstc_desktop.store import engine as embedded
from bjstc_desktop.store import hub
from tests.conftest import new_hub_database


@pytest.fixture
def engines() -> Iterator[list[Engine]]:
    url = new_hub_database()
    made = [hub.create_hub_engine(url) for _ in range(3)]
    yield [e.execution_options(bjstc_write=True) for e in made]
    for e in made:
        e.dispose()


def _waiting(engine: Engine) -> int:
    with engine.execution_options(bjstc_write=False).connect() as conn:  # a reader: takes no lock
        return int(conn.exec_driver_sql(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").scalar() or 0)


def _wait_until(condition, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_writers_get_the_lock_in_the_order_they_asked(engines: list[Engine], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BJSTC_BUSY_WAIT_SECONDS", "60")
    monkeypatch.setattr(embedded, "busy_notice", lambda _s: None)
    first, second, third = engines
    order: list[str] = []

    def write(engine: Engine, name: str) -> None:
        with engine.begin():
            order.append(name)
            time.sleep(0.1)

    with first.begin():
        waiters = [threading.Thread(target=write, args=(second, "second"))]
        waiters[0].start()
        _wait_until(lambda: _waiting(first) == 1)  # queued at the server, not polling
        waiters.append(threading.Thread(target=write, args=(third, "third")))
        waiters[1].start()
        _wait_until(lambda: _waiting(first) == 2)
    for t in waiters:
        t.join(timeout=60)
    assert order == ["second", "third"]


def test_a_writer_that_waits_too_long_is_told_and_gets_busy(engines: list[Engine], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BJSTC_BUSY_WAIT_SECONDS", "1.5")
    notices: list[float] = []
    monkeypatch.setattr(embedded, "busy_notice", notices.append)
    first, second, _ = engines
    with first.begin():
        began = time.monotonic()
        with pytest.raises(StoreBusyError), second.begin():
            pass
        assert 1.5 <= time.monotonic() - began < 10
    assert notices == [1.5]
    with second.begin() as conn:  # the lock is free again, and the waiter's lock_timeout did not stay behind
        assert conn.exec_driver_sql("SHOW lock_timeout").scalar() == "0"
