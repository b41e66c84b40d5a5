"""Clusters of their own for the hub's wire and failure tests (tests/hubdb.py options):
these tests stop servers and change pg_hba, so they never use the session's cluster."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Station, make_station
from tests.hubdb import ThrowawayCluster, pg_bin


def own_cluster(**options: bool) -> Iterator[ThrowawayCluster]:
    """A started cluster with `options`, stopped afterwards; skipped without PostgreSQL
    (an error with BJSTC_REQUIRE_HUB=1, as for the session's cluster)."""
    bindir = pg_bin()
    if bindir is None:
        if os.environ.get("BJSTC_REQUIRE_HUB") == "1":
            pytest.fail("BJSTC_REQUIRE_HUB=1 but PostgreSQL is not installed")
        pytest.skip("PostgreSQL is not installed (.ci/install-postgres installs it)")
    cluster = ThrowawayCluster(bindir, **options)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def cluster_factory() -> Iterator[Callable[..., ThrowawayCluster]]:
    """Start clusters with options for this module; all stopped at its end."""
    made: list[Iterator[ThrowawayCluster]] = []

    def make(**options: bool) -> ThrowawayCluster:
        run = own_cluster(**options)
        made.append(run)
        return next(run)

    yield make
    for run in made:
        next(run, None)


def make_hub_station(data_dir: Path, **options: Any) -> Station:
    """`make_station` (tests/conftest.py) on a new database of the session's cluster."""
    import tests.conftest as shared

    previous, shared._current_backend = shared._current_backend, shared.HUB
    try:
        return make_station(data_dir, **options)
    finally:
        shared._current_backend = previous


@pytest.fixture(autouse=True)
def _hub_runs_left_out(request: pytest.FixtureRequest) -> None:
    """BJSTC_HUB_TESTS=0 leaves the hub runs out here too (a CI split runs them with `-k
    hub`); a test's embedded run (param "embedded") stays."""
    callspec = getattr(request.node, "callspec", None)
    embedded = callspec is not None and "embedded" in callspec.params.values()
    if os.environ.get("BJSTC_HUB_TESTS", "1") == "0" and not embedded:
        pytest.skip("hub runs left out (BJSTC_HUB_TESTS=0)")
