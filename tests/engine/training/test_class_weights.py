"""Class weights: the setting's validation and text form, the weighted loss against a hand computation,
the fast path's fallback, the CLI flag, old configs, and `balanced` lifting the minority class's recall."""

import math

import numpy as np
import pytest
import torch

from engine.cli.main import build_parser
from engine.data import infer_schema, read_csv
from engine.errors import DataError
from engine.graph import ModelSpec, load_template
from engine.io.examples import get_example
from engine.layers import ShapeContext
from engine.model import build_model
from engine.runs.pipeline import RunPipeline
from engine.training import TrainConfig, Trainer
from engine.training import fast as fastpath
from engine.training.config import format_class_weights, parse_class_weights
from engine.training.parts import class_weight_values, loss_function, target_tensor


def test_text_forms_parse_and_print_back():
    assert parse_class_weights(" Balanced ") == "balanced"
    assert parse_class_weights("") == "none"
    assert parse_class_weights("no=1, yes=3") == {"no": 1.0, "yes": 3.0}
    assert format_class_weights({"no": 1.0, "yes": 3.0}) == "no=1, yes=3"
    for bad in ("no=1, yes", "no=-1", "no=0", "no=1, no=2", "=3", "yes=nan"):
        with pytest.raises(ValueError, match="class|Class"):
            parse_class_weights(bad)


def test_validation_sentences_and_old_configs():
    assert TrainConfig(class_weights={"no": 1, "yes": 2.5}).validate() == []
    assert "Class weights must be none, balanced" in " ".join(TrainConfig(class_weights="heavy").validate())
    assert "must be a positive number" in " ".join(TrainConfig(class_weights={"yes": -2}).validate())
    old = TrainConfig().to_dict()
    del old["class_weights"]  # a config saved before class weights existed
    assert TrainConfig.from_dict(old).class_weights == "none"


def test_balanced_is_n_over_k_count_of_the_training_rows():
    y = np.array([0] * 75 + [1] * 25)
    assert class_weight_values("balanced", "binary", ["no", "yes"], y) == pytest.approx([100 / 150, 100 / 50])
    assert class_weight_values("none", "binary", ["no", "yes"], y) is None
    assert class_weight_values({"yes": 3}, "binary", ["no", "yes"], y) == [1.0, 3.0]
    with pytest.raises(DataError, match="'maybe'.*classes are no, yes"):
        class_weight_values({"maybe": 2}, "binary", ["no", "yes"], y)
    with pytest.raises(DataError, match="classification targets only"):
        class_weight_values("balanced", "regression", [], np.zeros(3))


def test_weighted_losses_match_a_hand_computation():
    rng = np.random.default_rng(0)
    logits = torch.as_tensor(rng.normal(size=(8, 1)), dtype=torch.float32)
    y = torch.as_tensor([0, 1, 1, 0, 0, 0, 1, 0], dtype=torch.float32).reshape(-1, 1)
    weights = torch.tensor([0.5, 2.0])
    p = torch.sigmoid(logits.double())
    by_hand = -(4.0 * y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()  # pos_weight = 2.0 / 0.5
    got = loss_function("binary", weights)(logits, y)
    assert float(got) == pytest.approx(float(by_hand), rel=1e-5)
    assert float(got) != pytest.approx(float(loss_function("binary")(logits, y)), rel=1e-3)

    logits3 = torch.as_tensor(rng.normal(size=(6, 3)), dtype=torch.float32)
    y3 = torch.as_tensor([0, 1, 2, 2, 1, 0])
    w3 = torch.tensor([1.0, 2.0, 5.0])
    log_p = torch.log_softmax(logits3.double(), dim=1)[torch.arange(6), y3]
    by_hand3 = -(w3.double()[y3] * log_p).sum() / w3.double()[y3].sum()
    assert float(loss_function("multiclass", w3)(logits3, y3)) == pytest.approx(float(by_hand3), rel=1e-5)


def test_the_trainer_uses_the_weighted_loss_and_leaves_the_fast_path_saying_why():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(60, 4)).astype(np.float32)
    y = (x[:, 0] > 0.8).astype(np.int64)
    spec = ModelSpec.chain([("Dense", {"units": 4})])

    def first_loss(weights):
        torch.manual_seed(0)
        model = build_model(spec, ShapeContext(4, 1, "binary"))
        config = TrainConfig(epochs=1, batch_size=60, seed=0, class_weights=weights)
        assert isinstance(fastpath.plan(model, "binary", config, torch.device("cpu")),
                          str) == (weights != "none")
        expected = class_weight_values(weights, "binary", ["a", "b"], y)
        torch.manual_seed(0)
        reference = build_model(spec, ShapeContext(4, 1, "binary"))
        with torch.no_grad():
            hand = loss_function("binary", None if expected is None else torch.tensor(expected))(
                reference(torch.as_tensor(x)), target_tensor("binary", y))
        ended = Trainer(config, class_names=["a", "b"]).fit(model, "binary", x, y)
        return ended.history[0].train_loss, float(hand), ended.started.engine_path

    plain, plain_hand, plain_path = first_loss("none")
    weighted, weighted_hand, weighted_path = first_loss("balanced")
    assert plain == pytest.approx(plain_hand, rel=1e-5) and weighted == pytest.approx(weighted_hand, rel=1e-5)
    assert not math.isclose(plain, weighted, rel_tol=1e-3)
    assert plain_path == "fast path: on" and "class weights" in weighted_path


def test_cli_flag_reaches_the_config():
    parser = build_parser()
    args = parser.parse_args(["train", "--example", "churn", "--class-weights", "No=1,Yes=3"])
    assert args.class_weights == {"No": 1.0, "Yes": 3.0}
    with pytest.raises(SystemExit):
        parser.parse_args(["train", "--example", "churn", "--class-weights", "No=one"])


def test_balanced_lifts_the_minority_class_recall_on_churn():
    """Churn is 24 % positive: balanced weights must catch clearly more of the churners on the test rows."""
    frame = read_csv(get_example("churn").path).frame.iloc[:3000]
    recalls = {}
    for weights in ("none", "balanced"):
        job = RunPipeline(frame, infer_schema(frame, target="churn"), load_template("tutorial-mlp"),
                          TrainConfig(epochs=4, batch_size=64, seed=0, class_weights=weights))
        recalls[weights] = job.run().record.test_metrics["recall"]
    assert recalls["balanced"] > recalls["none"] + 0.05, recalls


@pytest.mark.slow  # a child process or several: CI runs it with -m slow
def test_exported_train_py_weighs_the_loss_as_layerlab(tmp_path):
    """The exported project's train.py, run without LayerLab, repeats a balanced-weights run's losses."""
    import csv

    from engine.export import export_model
    from engine.io.bundle import save_bundle
    from tests.engine.export.test_export_project import LOSS_TOLERANCE, run_isolated

    churn = get_example("churn").path
    frame = read_csv(churn).frame.iloc[:600]
    run = RunPipeline(frame, infer_schema(frame, target="churn"), load_template("tutorial-mlp"),
                      TrainConfig(epochs=2, batch_size=32, seed=3, class_weights={"Yes": 3})).run()
    export_model(save_bundle(tmp_path / "churn.llmodel", run), "project", tmp_path / "proj")
    result = run_isolated(tmp_path / "proj", "train.py", "--csv", str(churn), "--max-rows", "600",
                          "--out", "retrained.safetensors", "--metrics", "retrained.csv")
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "proj" / "retrained.csv") as handle:
        epochs = list(csv.DictReader(handle))
    assert len(epochs) == 2
    for ours, theirs in zip(epochs, run.result.history):
        assert abs(float(ours["train_loss"]) - theirs.train_loss) <= LOSS_TOLERANCE
        assert abs(float(ours["val_loss"]) - theirs.val_loss) <= LOSS_TOLERANCE
