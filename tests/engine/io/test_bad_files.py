"""The bad-input corpus's model, project, bundle and checkpoint files through the engine and the CLI,
and a check that the corpus folder, CASES.md and the tests list the same cases.

Every refusal is the engine's own error naming what is wrong, where, and what to do; through the
CLI it is exit status 2 with one `layerlab: error: ...` message, no traceback, nothing written.
"""

from __future__ import annotations

import json
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine.io.bundle import load_bundle, read_manifest
from engine.data import read_csv
from engine.errors import DataError, ProjectError, SpecError
from engine.graph import ModelSpec, validate
from engine.model import build_model
from engine.io.project import Project
from engine.training.checkpoint import load_checkpoint
from tests.bad_corpus import BAD, CTX, HOSTILE_CASES, ROOT, assert_refused, cli, peak_rss_mb
from tests.engine.data.test_bad_csv import CSV_REFUSED, CSV_VALID

# --- model specs -------------------------------------------------------------------------------

def _spec(corpus, name) -> ModelSpec:
    return ModelSpec.from_json((corpus / name).read_text(encoding="utf-8"))


def _messages(corpus, name) -> str:
    return "\n".join(f"{p.node_id}: {p.message}" for p in validate(_spec(corpus, name), CTX))


SPEC_UNREADABLE = {
    "model_truncated.json": r"not valid JSON \(damaged or cut short\?\)",
    "model_newer_version.json": r"made by a newer LayerLab: upgrade LayerLab to open it \(model format 7",
    "model_dangling_edge.json": r"connection 3 refers to a missing layer 'ghost_9'",
}
SPEC_INVALID = {
    "model_unknown_layer.json": r"magic_1: Layer 'magic_1' has unknown type 'Transformer9000'; known types: Input",
    "model_cycle.json": r"dense_1: Dense 'dense_1' is part of a loop: connections must flow one way",
    "model_param_out_of_range.json": r"Dense 'dense_1': Units \('units'\) must be a whole number from 1 to "
                                     r"65,536: got 0.*Dropout 'dropout_1': Rate \('rate'\) must be a number "
                                     r"from 0 to 0.99: got 1.5",
    "model_dense_1e9_units.json": r"Units \('units'\) must be a whole number from 1 to 65,536: got 1000000000"
                                  r".*Dense 'dense_1' would need 24.0 GB for 6,000,000,000 parameters",
    "model_too_many_parameters.json": r"Dense 'dense_2' would need 17.2 GB for 4,295,032,832 parameters "
                                      r"\(the limit is 200,000,000\)",
}


@pytest.mark.parametrize("name", sorted(SPEC_UNREADABLE))
def test_unreadable_spec_refused(corpus, capsys, tmp_path, name):
    with pytest.raises(SpecError, match=SPEC_UNREADABLE[name]):
        _spec(corpus, name)
    out = tmp_path / "m.llmodel"
    assert_refused(capsys, SPEC_UNREADABLE[name], "train", "--csv", corpus / "good.csv", "--target", "bought",
                   "--model", corpus / name, "--out", out)
    assert not out.exists()


@pytest.mark.parametrize("name", sorted(SPEC_INVALID))
def test_invalid_spec_reported_and_refused(corpus, capsys, tmp_path, name):
    assert re.search(SPEC_INVALID[name], _messages(corpus, name), re.S), _messages(corpus, name)
    with pytest.raises(SpecError, match="The model cannot be built"):
        build_model(_spec(corpus, name), CTX)
    out = tmp_path / "m.llmodel"
    assert_refused(capsys, SPEC_INVALID[name], "train", "--csv", corpus / "good.csv", "--target", "bought",
                   "--model", corpus / name, "--out", out)
    assert not out.exists() and not out.with_name(out.name + ".ckpt").exists()


@pytest.mark.parametrize("name", ["model_dense_1e9_units.json", "model_too_many_parameters.json"])
def test_absurd_sizes_refused_before_allocating(corpus, name):
    spec = _spec(corpus, name)
    before = peak_rss_mb()
    with pytest.raises(SpecError, match=r"would need \d+\.\d GB"):
        build_model(spec, CTX)
    assert peak_rss_mb() - before < 50  # 17-28 GB would have been needed


def test_old_spec_is_migrated(corpus, capsys, tmp_path):
    spec = _spec(corpus, "model_version0.json")
    assert [(n.type, n.position) for n in spec.nodes] == [("Input", (0.0, 0.0)), ("Dense", (0.0, 100.0)),
                                                          ("Output", (0.0, 200.0))]
    assert validate(spec, CTX) == [] and json.loads(spec.to_json())["version"] == 1
    out = tmp_path / "m.llmodel"
    code, _, err = cli(capsys, "train", "--csv", corpus / "good.csv", "--target", "bought",
                       "--model", corpus / "model_version0.json", "--epochs", "1", "--out", out, "-q")
    assert code == 0, err
    assert load_bundle(out).spec.node("dense_1").params["units"] == 8


def test_cycle_is_refused_by_topological_order(corpus):
    with pytest.raises(SpecError, match="loop through: dense_1, dense_2"):
        _spec(corpus, "model_cycle.json").topological_order()


# --- project files -----------------------------------------------------------------------------

PROJECT_REFUSED = {
    "project_truncated.layerlab": r"'[^']*project_truncated.layerlab' is damaged: invalid JSON at line 34, "
                                  r"column 11 .*Restore a backup or the autosaved copy",
    "project_newer_version.layerlab": r"made by a newer LayerLab \(project format 5; this version reads up to 1\)\. "
                                      r"Upgrade LayerLab to open it",
}


@pytest.mark.parametrize("name", sorted(PROJECT_REFUSED))
def test_project_refused(corpus, capsys, tmp_path, name):
    with pytest.raises(ProjectError, match=PROJECT_REFUSED[name]):
        Project.load(corpus / name)
    assert_refused(capsys, PROJECT_REFUSED[name], "info", corpus / name)
    out = tmp_path / "m.llmodel"
    assert_refused(capsys, PROJECT_REFUSED[name], "train", corpus / name, "--out", out)
    assert not out.exists()


def test_old_project_is_migrated_and_trains(corpus, capsys, tmp_path):
    project = Project.load(corpus / "project_version0.layerlab")
    assert project.data_path == str((corpus / "good.csv").resolve())
    assert (project.config.epochs, project.config.batch_size, project.name) == (2, 8, "old project")
    assert project.to_dict()["version"] == 1
    out = tmp_path / "m.llmodel"
    code, _, err = cli(capsys, "train", corpus / "project_version0.layerlab", "--out", out, "-q")
    assert code == 0, err
    assert out.is_file()


def test_project_with_missing_data_file(corpus, capsys, tmp_path):
    project = Project.load(corpus / "project_missing_data.layerlab")  # opening still works: the GUI offers to locate it
    assert project.data_path.endswith("moved_away/customers.csv")
    with pytest.raises(DataError, match=r"File not found: .*customers.csv\. Check the path, or choose the file again"):
        read_csv(project.data_path)
    out = tmp_path / "m.llmodel"
    assert_refused(capsys, r"data file '[^']*moved_away/customers.csv' no longer exists\. Move it back, or open "
                           r"the project in the app to locate it", "train", corpus / "project_missing_data.layerlab",
                   "--out", out)
    assert not out.exists()


def test_project_with_unknown_layer(corpus, capsys, tmp_path):
    project = Project.load(corpus / "project_unknown_layer.layerlab")
    assert any("unknown type 'Transformer9000'" in p.message for p in validate(project.spec))
    assert_refused(capsys, r"magic_1: Layer 'magic_1' has unknown type 'Transformer9000'", "train",
                   corpus / "project_unknown_layer.layerlab", "--out", tmp_path / "m.llmodel")
    assert not (tmp_path / "m.llmodel").exists()


def test_good_project_trains(corpus, capsys, tmp_path):
    code, _, err = cli(capsys, "train", corpus / "project_good.layerlab", "--out", tmp_path / "m.llmodel", "-q")
    assert code == 0, err


@pytest.mark.parametrize("damage", ["not_object", "data_not_object", "runs_not_list", "split_not_numbers",
                                    "bad_version", "binary"])
def test_damaged_project_content(corpus, capsys, tmp_path, damage):
    raw = json.loads((corpus / "project_good.layerlab").read_text())
    raw["data"]["path"] = str(corpus / "good.csv")
    if damage == "not_object":
        raw = [raw]
    elif damage == "data_not_object":
        raw["data"] = "good.csv"
    elif damage == "runs_not_list":
        raw["runs"] = "abc"
    elif damage == "split_not_numbers":
        raw["data"]["split"] = {"train": "most", "val": 0.15, "test": 0.15}
    elif damage == "bad_version":
        raw["version"] = -1
    path = tmp_path / "p.layerlab"
    if damage == "binary":
        shutil.copy(corpus / "png_renamed.csv", path)
    else:
        path.write_text(json.dumps(raw))
    out = tmp_path / "m.llmodel"
    if damage == "split_not_numbers":  # opens (the GUI shows it), refused when used
        assert Project.load(path).split.train == "most"
        assert_refused(capsys, r"Split fractions must be numbers \(got train 'most'", "train", path, "--out", out)
    else:
        with pytest.raises(ProjectError, match=re.escape(str(path))):
            Project.load(path)
        assert_refused(capsys, re.escape(str(path)), "train", path, "--out", out)
    assert not out.exists()


# --- model bundles and checkpoints -------------------------------------------------------------

BUNDLE_REFUSED = {
    "bundle_with_pickle.llmodel": r"contains unexpected entries \(payload.pkl\); LayerLab refuses to open it",
    "bundle_path_traversal.llmodel": r"contains unexpected entries \(\.\./\.\./escaped.txt\); LayerLab refuses",
    "bundle_weights_pickle.llmodel": r"is damaged or inconsistent: weights.safetensors is not a safetensors file",
    "bundle_newer_version.llmodel": r"was made by a newer LayerLab \(model format 9\): upgrade LayerLab to open it",
    "bundle_truncated.llmodel": r"is not a LayerLab model bundle \(not a zip archive\)",
}


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize("name", sorted(BUNDLE_REFUSED))
def test_bundle_refused(corpus, capsys, tmp_path, name):
    before = _tree(corpus.parent)
    with pytest.raises(ProjectError, match=BUNDLE_REFUSED[name]):
        load_bundle(corpus / name)
    out = tmp_path / "pred.csv"
    assert_refused(capsys, BUNDLE_REFUSED[name], "predict", corpus / name, corpus / "good.csv", "-o", out)
    if name != "bundle_weights_pickle.llmodel":  # its manifest is fine: info shows it, loading refuses
        assert_refused(capsys, BUNDLE_REFUSED[name], "info", corpus / name)
    assert not out.exists()
    assert _tree(corpus.parent) == before  # nothing written anywhere, inside or outside
    assert not (corpus.parent / "PWNED").exists() and not (corpus.parent / "escaped.txt").exists()


def test_good_bundle_loads_and_predicts(corpus, capsys, tmp_path):
    assert read_manifest(corpus / "bundle_good.llmodel")["task"] == "binary"
    out = tmp_path / "pred.csv"
    code, _, err = cli(capsys, "predict", corpus / "bundle_good.llmodel", corpus / "good.csv", "-o", out)
    assert code == 0, err
    assert len(read_csv(out).frame) == 40


def test_damaged_checkpoint_refused(corpus, capsys, tmp_path):
    with pytest.raises(ProjectError, match=r"checkpoint_damaged.ckpt' is damaged or not a LayerLab checkpoint"):
        load_checkpoint(corpus / "checkpoint_damaged.ckpt")
    out = tmp_path / "m.llmodel"
    shutil.copy(corpus / "checkpoint_damaged.ckpt", tmp_path / "m.llmodel.ckpt")
    assert_refused(capsys, r"is damaged or not a LayerLab checkpoint", "train", "--csv", corpus / "good.csv",
                   "--target", "bought", "--out", out, "--resume", "-q")
    assert not out.exists()


# --- real processes ----------------------------------------------------------------------------

@pytest.fixture(scope="module", autouse=True)
def real_processes(corpus, tmp_path_factory):
    """Two real `layerlab` processes, started before the first test of this module so that their
    start-up (importing torch) overlaps the in-process tests; the last test collects them."""
    out = tmp_path_factory.mktemp("processes")
    runs = {
        "bundle_with_pickle.llmodel": (["predict", corpus / "bundle_with_pickle.llmodel", corpus / "good.csv",
                                        "-o", out / "p.csv"], "unexpected entries (payload.pkl)"),
        "model_dense_1e9_units.json": (["train", "--csv", corpus / "good.csv", "--target", "bought", "--model",
                                        corpus / "model_dense_1e9_units.json", "--out", out / "m.llmodel"],
                                       "would need 24.0 GB"),
    }
    procs = {name: (subprocess.Popen([sys.executable, "-m", "engine.cli", *map(str, argv)], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True), fragment)
             for name, (argv, fragment) in runs.items()}
    yield procs, out
    for proc, _ in procs.values():  # only if a run was deselected or failed half-way
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def test_real_processes_exit_2_without_traceback(corpus, real_processes):
    procs, out = real_processes
    for name, (proc, fragment) in procs.items():
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 2, (name, err)
        assert "Traceback" not in err and err.startswith("layerlab: error: ") and fragment in err, (name, err)
    assert list(out.iterdir()) == []
    assert not (corpus.parent / "PWNED").exists()
    # the biggest child process stayed far below the 24 GB the layer would have needed
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 < 2_000


# --- the corpus and CASES.md agree -------------------------------------------------------------

COVERED = (set(CSV_REFUSED) | set(CSV_VALID) | {"single_class_target.csv"} | set(SPEC_UNREADABLE) | set(SPEC_INVALID)
           | {"model_version0.json", "model_good.json"} | set(PROJECT_REFUSED)
           | {"project_version0.layerlab", "project_missing_data.layerlab", "project_unknown_layer.layerlab",
              "project_good.layerlab"} | set(BUNDLE_REFUSED) | {"bundle_good.llmodel", "checkpoint_damaged.ckpt"} | HOSTILE_CASES)


def test_every_case_is_listed_and_tested(corpus):
    files = {p.name for p in corpus.iterdir()}
    listed = set(re.findall(r"^\| `([^`]+)` \|", (BAD / "CASES.md").read_text(encoding="utf-8"), re.M))
    assert files == listed, (files ^ listed)
    assert files == COVERED, (files ^ COVERED)
    for path in BAD.iterdir():  # what is committed stays small; the big ones are generated
        assert path.stat().st_size < 50_000, path
    assert len(files) >= 30



# --- settings and checkpoints from files ----

def test_project_with_non_numeric_training_setting(corpus, capsys, tmp_path):
    raw = json.loads((corpus / "project_good.layerlab").read_text())
    raw["data"]["path"] = str(corpus / "good.csv")
    raw["training"]["patience"] = "five"
    path = tmp_path / "p.layerlab"
    path.write_text(json.dumps(raw))
    assert_refused(capsys, r"Patience", "train", path, "--out", tmp_path / "m.llmodel")


def test_checkpoint_with_incomplete_metadata(tmp_path):
    import torch
    from safetensors.torch import save_file

    path = tmp_path / "m.ckpt"
    save_file({"model.w": torch.zeros(1)}, str(path),
              metadata={"layerlab": json.dumps({"format": "layerlab.checkpoint", "version": 1})})
    with pytest.raises(ProjectError, match="damaged"):
        load_checkpoint(path)
