"""The same project and seed on the CPU give bit-identical per-epoch losses, run after run."""

from __future__ import annotations

import pytest
import torch

from engine.data import infer_schema, read_csv
from engine.io.examples import get_example
from engine.graph import ModelSpec
from engine.runs.pipeline import RunPipeline
from engine.preprocess import Split
from engine.io.project import Project
from engine.training import TrainConfig


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A saved and re-opened project: a branchy model with Dropout, so every source of randomness
    (split, initial weights, batch order, dropout masks) is exercised."""
    example = get_example("diabetes")
    frame = read_csv(example.path).frame
    spec = ModelSpec.chain([("Dense", {"units": 32}), ("Dropout", {"rate": 0.3}), ("Dense", {"units": 16})])
    skip = spec.add_node("Dense", {"units": 16, "activation": "tanh"})
    spec.connect("input_1", skip.id)
    add = spec.add_node("Add")
    spec.disconnect("dense_2", "output_1")
    spec.connect("dense_2", add.id)
    spec.connect(skip.id, add.id)
    spec.connect(add.id, "output_1")
    config = TrainConfig(epochs=4, batch_size=32, optimizer="adamw", learning_rate=3e-3, weight_decay=1e-4,
                         schedule="cosine", device="cpu", seed=1234)
    saved = Project(spec=spec, config=config, data_path=str(example.path),
                    schema=infer_schema(frame, target=example.target), split=Split(seed=1234), name="determinism")
    path = saved.save(tmp_path_factory.mktemp("det") / "det.layerlab")
    return Project.load(path)


def _run(project: Project, seed: int | None = None):
    config = project.config if seed is None else TrainConfig.from_dict({**project.config.to_dict(), "seed": seed})
    frame = read_csv(project.data_path).frame
    run = RunPipeline(frame, project.schema.copy(), project.spec.copy(), config, project.split).run()
    losses = [(e.train_loss, e.val_loss) for e in run.result.history]
    return losses, run.model.state_dict(), run.test_metrics


def test_same_project_and_seed_give_bit_identical_losses(project):
    losses_a, weights_a, metrics_a = _run(project)
    torch.manual_seed(999)  # global state left by anything else must not matter
    losses_b, weights_b, metrics_b = _run(project)
    assert len(losses_a) == project.config.epochs
    assert losses_a == losses_b  # exact float equality, epoch by epoch
    assert weights_a.keys() == weights_b.keys() and all(torch.equal(weights_a[k], weights_b[k]) for k in weights_a)
    assert metrics_a == metrics_b


def test_another_seed_gives_other_losses(project):
    assert _run(project)[0] != _run(project, seed=4321)[0]
