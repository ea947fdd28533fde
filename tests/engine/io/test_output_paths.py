"""No command writes over its own inputs, over a folder, or over a file of another kind without --force, and
every output path (side files included) is checked before any work starts (issue #17, items 3, 4, 5 and 21)."""

from __future__ import annotations

import os
import shutil

import pytest

from engine.errors import DataError, ProjectError
from engine.io.output_paths import check_output_path, check_outputs, refuse_overwriting_inputs
from engine.preprocess import Split
from tests.bad_corpus import assert_refused, cli


@pytest.fixture
def no_training(monkeypatch):
    """Training must not start: a refusal comes before any epoch."""
    from engine.runs.pipeline import RunPipeline

    def refuse(*args, **kwargs):
        raise AssertionError("training started")

    monkeypatch.setattr(RunPipeline, "run", refuse)


@pytest.fixture
def work(corpus, tmp_path):
    """Copies of the good CSV, project and bundle in a scratch folder (the refusals must leave them intact)."""
    for name in ("good.csv", "bundle_good.llmodel"):
        shutil.copy(corpus / name, tmp_path / name)
    project = (corpus / "project_good.layerlab").read_text()
    (tmp_path / "project.layerlab").write_text(project)
    return tmp_path


# --- the rules ---------------------------------------------------------------------------------

def test_same_file_by_any_name_is_refused(tmp_path):
    data = tmp_path / "data.csv"
    data.write_text("a,b\n1,2\n")
    os.link(data, tmp_path / "hard.csv")
    (tmp_path / "soft.csv").symlink_to(data)
    for out in (data, tmp_path / "hard.csv", tmp_path / "soft.csv", tmp_path / "sub" / ".." / "data.csv"):
        with pytest.raises(ProjectError, match=r"that is the training CSV '.*data.csv' this command reads"):
            refuse_overwriting_inputs(out, {"training CSV": data}, "the model bundle")
    refuse_overwriting_inputs(tmp_path / "other.csv", [data, None], "the model bundle")  # fine


def test_folder_missing_parent_and_other_kinds(tmp_path):
    with pytest.raises(ProjectError, match="it is a folder. Give a file name"):
        check_output_path(tmp_path, "the model bundle", kinds=(".llmodel",))
    with pytest.raises(ProjectError, match=r"the folder '.*nowhere' does not exist. Create it first"):
        check_output_path(tmp_path / "nowhere" / "m.llmodel", "the model bundle")
    other = tmp_path / "notes.txt"
    other.write_text("mine")
    with pytest.raises(ProjectError, match=r"Refusing to replace '.*notes.txt' with the model bundle: it is an "
                                           r"existing .txt file, not a .llmodel file.*add --force"):
        check_output_path(other, "the model bundle", kinds=(".llmodel",))
    check_output_path(other, "the model bundle", kinds=(".llmodel",), force=True)
    check_output_path(tmp_path / "new.llmodel", "the model bundle", kinds=(".llmodel",))
    with pytest.raises(ProjectError, match="a file of that name is in the way"):
        check_outputs([(other, "the log folder", (), True)], [])


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_read_only_folder_refused(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ProjectError, match="is not writable"):
            check_output_path(folder / "m.llmodel", "the model bundle")
    finally:
        folder.chmod(0o700)


# --- predict (item 3) --------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["good.csv", "bundle_good.llmodel"])
def test_predict_never_writes_over_its_inputs(work, capsys, target):
    before = (work / target).read_bytes()
    what = "CSV to predict" if target == "good.csv" else "model bundle"
    for force in ([], ["--force"]):
        assert_refused(capsys, rf"Refusing to write the predictions to '.*{target}': that is the {what} ",
                       "predict", work / "bundle_good.llmodel", work / "good.csv", "-o", work / target, *force)
        assert (work / target).read_bytes() == before


def test_predict_over_a_file_of_another_kind_needs_force(work, capsys):
    project = work / "project.layerlab"
    before = project.read_bytes()
    assert_refused(capsys, r"Refusing to replace '.*project.layerlab' with the predictions: it is an existing "
                           r".layerlab file.*add --force", "predict", work / "bundle_good.llmodel", work / "good.csv",
                   "-o", project)
    assert project.read_bytes() == before
    code, _, err = cli(capsys, "predict", work / "bundle_good.llmodel", work / "good.csv", "-o", project, "--force")
    assert code == 0, err
    assert project.read_text().startswith("age,income,city,bought,predicted_bought")


def test_predict_into_a_folder_refused(work, capsys):
    assert_refused(capsys, r"Cannot write the predictions to '.*': it is a folder", "predict",
                   work / "bundle_good.llmodel", work / "good.csv", "-o", work)


# --- train (items 4 and 5) ---------------------------------------------------------------------

def test_train_out_onto_the_training_csv(work, capsys, no_training):
    before = (work / "good.csv").read_bytes()
    assert_refused(capsys, r"Refusing to write the model bundle to '.*good.csv': that is the training CSV",
                   "train", "--csv", work / "good.csv", "--target", "bought", "--out", work / "good.csv", "--force")
    assert (work / "good.csv").read_bytes() == before


def test_train_out_onto_the_project_file(work, capsys, no_training):
    project = work / "project.layerlab"
    before = project.read_bytes()
    assert_refused(capsys, r"Refusing to write the model bundle to '.*project.layerlab': that is the project file",
                   "train", project, "--out", project, "--force")
    assert_refused(capsys, r"that is the project's data file '.*good.csv'", "train", project, "--out",
                   work / "good.csv")
    assert project.read_bytes() == before


def test_train_metrics_side_file_onto_the_training_csv(work, capsys, no_training):
    data = work / "m-metrics.csv"  # the metrics CSV of m.llmodel
    shutil.copy(work / "good.csv", data)
    before = data.read_bytes()
    assert_refused(capsys, r"Refusing to write the per-epoch metrics CSV to '.*m-metrics.csv': that is the "
                           r"training CSV", "train", "--csv", data, "--target", "bought", "--out", work / "m.llmodel")
    assert data.read_bytes() == before
    assert not (work / "m.llmodel").exists() and not (work / "m.llmodel.ckpt").exists()


def test_train_checkpoint_side_file_onto_an_input(work, capsys, no_training):
    data = work / "m.llmodel.ckpt"
    shutil.copy(work / "good.csv", data)
    assert_refused(capsys, r"Refusing to write the training checkpoint to '.*m.llmodel.ckpt': that is the training "
                           r"CSV", "train", "--csv", data, "--target", "bought", "--out", work / "m.llmodel")


def test_train_over_a_file_of_another_kind_needs_force(work, capsys, no_training):
    notes = work / "notes.txt"
    notes.write_text("mine")
    assert_refused(capsys, r"Refusing to replace '.*notes.txt' with the model bundle: it is an existing .txt file",
                   "train", "--csv", work / "good.csv", "--target", "bought", "--out", notes)
    assert notes.read_text() == "mine"


def test_train_out_folder_refused_before_training(work, capsys, no_training):
    folder = work / "models"
    folder.mkdir()
    assert_refused(capsys, r"Cannot write the model bundle to '.*models': it is a folder", "train", "--csv",
                   work / "good.csv", "--target", "bought", "--out", folder)
    assert_refused(capsys, r"the folder '.*missing' does not exist", "train", "--csv", work / "good.csv",
                   "--target", "bought", "--out", work / "missing" / "m.llmodel")
    assert list(folder.iterdir()) == []


def test_train_example_never_writes_over_its_data(work, capsys, no_training):
    from engine.io.examples import get_example

    assert_refused(capsys, r"that is the example's data file", "train", "--example", "churn", "--out",
                   get_example("churn").path, "--force")


# --- splits without validation or test rows (item 21) -------------------------------------------

@pytest.mark.parametrize("fractions, missing", [((1.0, 0.0, 0.0), "validation and test"),
                                                ((0.8, 0.2, 0.0), "test"), ((0.8, 0.0, 0.2), "validation")])
def test_split_without_validation_or_test_refused(fractions, missing):
    train, val, test = fractions
    with pytest.raises(DataError, match=rf"leaves no rows for {missing}: training needs validation rows"):
        Split(train=train, val=val, test=test).validate()


def test_split_100_0_0_refused_before_training(corpus, capsys, tmp_path, no_training):
    out = tmp_path / "m.llmodel"
    assert_refused(capsys, r"The split 100/0/0 leaves no rows for validation and test", "train",
                   corpus / "project_split_100_0_0.layerlab", "--out", out)
    assert_refused(capsys, r"The split 100/0/0 leaves no rows for validation and test", "train", "--csv",
                   corpus / "good.csv", "--target", "bought", "--split", "100/0/0", "--out", out)
    assert not out.exists() and not out.with_name(out.name + ".ckpt").exists()
