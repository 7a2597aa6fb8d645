"""The crash loop on SQLite and PostgreSQL (see tests/reliability/crash.py).
Short form: 3 kills per backend; full form (RELIABILITY_FULL=1): 30."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.reliability.conftest import FULL
from tests.reliability.crash import crash_loop, prepare

pytestmark = pytest.mark.slow
KILLS = 30 if FULL else 3


@pytest.fixture
def empty_url(db_url: str) -> str:
    """A migrated, empty register (the conftest's) with the accounts the victims use."""
    prepare(db_url)
    return db_url


def test_sigkill_at_random_moments_loses_nothing_committed(
        empty_url: str, record_counts: Callable[[str], None]) -> None:
    tally = crash_loop(empty_url, KILLS, seed=7)
    record_counts(tally.line(empty_url.split(":")[0]))
    assert not tally.problems, "\n".join(tally.problems)
    assert tally.kills == KILLS and tally.checked == KILLS
    assert tally.committed_rows > 0  # the victims did commit before being killed
