"""A sweep reads its data as `layerlab train` does: the job's data options (the table's folder for image paths,
the image size, leaving out unreadable images) reach every trial's RunPipeline and a retrained trial's."""

from pathlib import Path

import optuna
import pytest

import engine.runs.pipeline
from engine.cli.main import main
from engine.sweeps.results import trial_rows
from engine.sweeps.study_store import open_storage, sqlite_url
from engine.sweeps.trial_run import retrain, run_trial
from tests.conftest import REPO

OPTIONS = {"base_dir": Path("/data/tables"), "image_size": (12, 10), "drop_unreadable": True}


class Reached(Exception):
    """Raised by the recording RunPipeline once it has seen its arguments."""


@pytest.fixture
def seen_options(monkeypatch):
    """The data options each RunPipeline made from now on was given (it then stops the run)."""
    seen = []

    def recording_pipeline(*args, base_dir=None, image_size=None, drop_unreadable=False, **kwargs):
        seen.append({"base_dir": base_dir, "image_size": image_size, "drop_unreadable": drop_unreadable})
        raise Reached

    monkeypatch.setattr(engine.runs.pipeline, "RunPipeline", recording_pipeline)
    return seen


def test_a_trial_and_a_retrained_trial_get_the_jobs_data_options(make_job, seen_options):
    job = make_job(data_options=dict(OPTIONS))
    with pytest.raises(Reached):
        run_trial(optuna.trial.FixedTrial({"learning_rate": 0.01}), job, {})
    with pytest.raises(Reached):
        retrain(job, {"learning_rate": 0.01})
    assert seen_options == [OPTIONS, OPTIONS]


@pytest.mark.slow  # a CNN on 1797 image files, twice: CI runs it with -m slow
def test_a_sweep_over_an_image_csv_reads_the_images_beside_it(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the image paths are relative to the CSV's folder, not to the working folder
    csv = Path(REPO) / "resources" / "examples" / "digits" / "digits.csv"
    db = tmp_path / "digits.sweep.db"
    code = main(["sweep", "--csv", str(csv), "--target", "label", "--trials", "2", "--jobs", "1", "--epochs", "1",
                 "--pruner", "none", "--storage", str(db), "--out", str(tmp_path / "best.llmodel"), "--quiet"])
    assert code == 0, capsys.readouterr().err
    study = optuna.load_study(study_name="digits", storage=open_storage(sqlite_url(db)))
    rows = trial_rows(study)
    assert [r.state for r in rows] == ["complete", "complete"], [r.failure for r in rows]
    assert (tmp_path / "best.llmodel").is_file()

