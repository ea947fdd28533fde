"""A real PostgreSQL server (CI starts a throwaway one, see .ci/run): two worker processes share one study."""

import os
import uuid

import pytest

from engine.sweeps.results import trial_rows
from engine.sweeps.runner import run_sweep

URL = os.environ.get("LAYERLAB_TEST_POSTGRES_URL")
REQUIRED = os.environ.get("LAYERLAB_REQUIRE_POSTGRES") == "1"


@pytest.fixture
def postgres_url():
    if not URL:
        if REQUIRED:
            pytest.fail("LAYERLAB_REQUIRE_POSTGRES=1 but LAYERLAB_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server: set LAYERLAB_TEST_POSTGRES_URL (CI's .ci/run starts one)")
    return URL


def test_two_workers_share_one_study_on_postgresql(make_job, postgres_url):
    name = f"ci-{uuid.uuid4().hex[:8]}"  # the database outlives the test; each run has its own study
    job = make_job(storage_url=postgres_url, study_name=name, n_trials=4, epochs=2, pruner="none")
    study = run_sweep(job, jobs=2)
    rows = trial_rows(study)
    assert [r.number for r in rows] == [0, 1, 2, 3]
    assert all(r.state == "complete" for r in rows), [(r.state, r.failure) for r in rows]
    assert len({t.user_attrs["owner"] for t in study.trials}) == 2  # both processes ran trials of the one study
