"""The fast path: same gradients and parameters as autograd, its reasons for falling back, and the
Trainer contract (determinism, exact resume, stop) when it is on."""

import copy

import numpy as np
import pytest
import torch

from engine.graph import ModelSpec, load_template
from engine.layers import ACTIVATIONS, ShapeContext
from engine.model import build_model
from engine.training import Callback, EndReason, TrainConfig, Trainer
from engine.training import fast as fastpath
from engine.training.checkpoint import load_checkpoint
from engine.training.threads import cpu_threads_for
from engine.training.parts import batch_bounds, loss_function, make_optimizer, target_tensor

CPU = torch.device("cpu")
TOL = 1e-6
OUT = {"binary": 1, "multiclass": 3, "regression": 1}


@pytest.fixture(autouse=True)
def one_thread():
    """Tiny tensors: a second thread only adds stalls on a busy machine (the Trainer does the same)."""
    old = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(old)


def make_model(layers, task="binary", width=6, seed=0):
    torch.manual_seed(seed)
    return build_model(ModelSpec.chain(layers), ShapeContext(width, OUT[task], task))


def make_xy(task, n=70, width=6, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, width)).astype(np.float32)
    if task == "binary":
        y = (x[:, 0] * x[:, 1] > 0).astype(np.float32)
    elif task == "multiclass":
        y = np.digitize(x[:, 0] + x[:, 2], [-0.5, 0.5]).astype(np.int64)
    else:
        y = (x[:, 0] * 2 + np.sin(x[:, 1])).astype(np.float32)
    return x, y


def compare_with_autograd(model, task, cfg, epochs=2):
    """Run the same batches (70 rows at batch 32: the last batch has 6 rows) through the fast path
    and through autograd + the Trainer's optimizer; return the largest gradient/parameter/loss gaps."""
    reference = copy.deepcopy(model)
    x_np, y_np = make_xy(task, width=model.input_width)
    x, y = torch.as_tensor(x_np), target_tensor(task, y_np)
    fast = fastpath.plan(model, task, cfg, CPU)
    assert isinstance(fast, fastpath.FastPath), fast
    fast.bind(make_optimizer(cfg, model, CPU), x, y)
    ref_optimizer = make_optimizer(cfg, reference, CPU)
    loss_fn = loss_function(task)
    generator = torch.Generator().manual_seed(0)
    batches = [torch.randperm(70, generator=generator)[a:b] for _ in range(epochs) for a, b in batch_bounds(70, 32)]
    assert batches[2].numel() == 6

    torch.manual_seed(123)  # dropout masks: both paths draw from the global generator in the same order
    fast_steps = []
    for idx in batches:
        loss = float(fast.step(idx))
        fast_steps.append((loss, {k: g.clone() for k, g in fast.gradients().items()},
                           {k: v.clone() for k, v in model.state_dict().items()}))
    torch.manual_seed(123)
    reference.train()
    gaps = {"grad": 0.0, "param": 0.0, "loss": 0.0}
    for idx, (fast_loss, fast_grads, fast_params) in zip(batches, fast_steps):
        loss = loss_fn(reference(x[idx]), y[idx])
        ref_optimizer.zero_grad(set_to_none=True)
        loss.backward()
        ref_optimizer.step()
        gaps["loss"] = max(gaps["loss"], abs(fast_loss - loss.item()))
        for name, p in reference.named_parameters():
            gaps["grad"] = max(gaps["grad"], (p.grad - fast_grads[name]).abs().max().item())
        for name, value in reference.state_dict().items():
            gaps["param"] = max(gaps["param"], (value - fast_params[name]).abs().max().item())
    return gaps


def assert_close(gaps):
    assert gaps["grad"] <= TOL and gaps["param"] <= TOL and gaps["loss"] <= TOL, gaps


@pytest.mark.parametrize("activation", ["none", *ACTIVATIONS])
def test_every_dense_activation_matches_autograd(activation):
    layers = [("Dense", {"units": 9, "activation": activation}), ("Dropout", {"rate": 0.25}),
              ("Dense", {"units": 7, "activation": activation})]
    cfg = TrainConfig(optimizer="adam", learning_rate=0.01)
    assert_close(compare_with_autograd(make_model(layers, "multiclass"), "multiclass", cfg))


@pytest.mark.parametrize("layers", [
    [("Dense", {"units": 8, "activation": "none"}), ("LeakyReLU", {"negative_slope": 0.2}),
     ("Dense", {"units": 8, "activation": "none"}), ("ELU", {"alpha": 0.7}), ("GELU", {}), ("SiLU", {})],
    # activations whose backward reads their output, stacked: none of them may overwrite the other's
    [("Dense", {"units": 8, "activation": "sigmoid"}), ("ReLU", {}), ("Tanh", {}), ("Sigmoid", {}),
     ("Softmax", {}), ("ReLU", {}), ("Dropout", {"rate": 0.5})],
    # element-wise layers straight after the Input, a Dense without bias, two Dropouts in a row
    [("Dropout", {"rate": 0.1}), ("Tanh", {}), ("Dense", {"units": 5, "activation": "relu", "bias": False}),
     ("Dropout", {"rate": 0.3}), ("Dropout", {"rate": 0.0}), ("Dense", {"units": 4, "activation": "elu"})],
], ids=["input-needing", "output-needing", "first-and-no-bias"])
def test_standalone_layers_match_autograd(layers):
    cfg = TrainConfig(optimizer="adam", learning_rate=0.01)
    assert_close(compare_with_autograd(make_model(layers, "binary"), "binary", cfg))


@pytest.mark.parametrize("task", ["binary", "multiclass", "regression"])
@pytest.mark.parametrize("optimizer,momentum", [("adam", 0.9), ("adamw", 0.9), ("sgd", 0.9), ("sgd", 0.0)])
@pytest.mark.parametrize("weight_decay", [0.0, 0.05])
def test_losses_and_optimizers_match_autograd(task, optimizer, momentum, weight_decay):
    layers = [("Dense", {"units": 16, "activation": "relu"}), ("Dropout", {"rate": 0.2}),
              ("Dense", {"units": 16, "activation": "relu"})]
    cfg = TrainConfig(optimizer=optimizer, learning_rate=0.02, momentum=momentum, weight_decay=weight_decay)
    assert_close(compare_with_autograd(make_model(layers, task), task, cfg, epochs=3))


@pytest.mark.parametrize("layers,reason", [
    ([("Dense", {}), ("BatchNorm", {})], "BatchNorm at node batchnorm_1"),
    ([("Dense", {}), ("LayerNorm", {})], "LayerNorm at node layernorm_1"),
    ([("AlphaDropout", {})], "AlphaDropout at node alphadropout_1"),
])
def test_unsupported_layers_fall_back_with_the_node(layers, reason):
    assert fastpath.plan(make_model(layers), "binary", TrainConfig(), CPU) == reason
    assert fastpath.describe(reason) == f"fast path: off: {reason}"


def test_other_fallbacks_say_why():
    residual = build_model(load_template("residual-mlp"), ShapeContext(6, 1, "binary"))
    assert fastpath.plan(residual, "binary", TrainConfig(), CPU).startswith("Add at node")
    tutorial = make_model([("Dense", {})])
    assert "rmsprop" in fastpath.plan(tutorial, "binary", TrainConfig(optimizer="rmsprop"), CPU)
    plain = torch.nn.Sequential(torch.nn.Linear(6, 1))
    assert "not a LayerLab graph model" in fastpath.plan(plain, "binary", TrainConfig(), CPU)
    assert fastpath.describe(fastpath.plan(tutorial, "binary", TrainConfig(), CPU)) == "fast path: on"


def tutorial(task="binary", seed=0):
    torch.manual_seed(seed)
    return build_model(load_template("tutorial-mlp"), ShapeContext(6, OUT[task], task))


def split(task, n=330):
    x, y = make_xy(task, n=n)
    return x[:260], y[:260], x[260:], y[260:]


@pytest.mark.parametrize("task", ["binary", "multiclass", "regression"])
def test_trainer_runs_are_repeatable_and_match_autograd(task, monkeypatch):
    data = split(task)
    cfg = dict(epochs=3, batch_size=32, seed=4, learning_rate=0.01)
    runs = []
    for _ in range(2):
        model = tutorial(task)
        result = Trainer(TrainConfig(**cfg)).fit(model, task, *data)
        assert result.started.engine_path == "fast path: on"
        runs.append(([e.train_loss for e in result.history], model.state_dict()))
    assert runs[0][0] == runs[1][0]
    assert all(torch.equal(runs[0][1][k], runs[1][1][k]) for k in runs[0][1])
    monkeypatch.setattr(fastpath, "plan", lambda *args: "switched off by the test")
    model = tutorial(task)
    result = Trainer(TrainConfig(**cfg)).fit(model, task, *data)
    assert result.started.engine_path == "fast path: off: switched off by the test"
    assert np.allclose([e.train_loss for e in result.history], runs[0][0], atol=1e-5)
    assert max((v - runs[0][1][k]).abs().max().item() for k, v in model.state_dict().items()) < 1e-5


class StopAfter(Callback):
    def __init__(self, epoch):
        self.epoch, self.trainer = epoch, None

    def on_epoch_end(self, e):
        if e.epoch == self.epoch:
            self.trainer.request_stop()


def dropout_net(seed=0):
    torch.manual_seed(seed)
    return make_model([("Dense", {"units": 16}), ("Dropout", {"rate": 0.3}), ("Dense", {"units": 8})], seed=seed)


@pytest.mark.parametrize("optimizer,schedule", [("adam", "none"), ("sgd", "step"), ("adamw", "one_cycle")])
def test_resume_equals_uninterrupted(tmp_path, optimizer, schedule):
    data = split("binary")
    cfg = dict(epochs=4, batch_size=32, optimizer=optimizer, schedule=schedule, step_size=1, seed=3)
    full = dropout_net()
    whole = Trainer(TrainConfig(**cfg)).fit(full, "binary", *data)
    ckpt = tmp_path / "run.ckpt"
    stopper = StopAfter(2)
    trainer = Trainer(TrainConfig(**cfg), [stopper], checkpoint_path=ckpt)
    stopper.trainer = trainer
    assert trainer.fit(dropout_net(), "binary", *data).reason == EndReason.CANCELLED
    assert load_checkpoint(ckpt)["info"]["epoch"] == 2
    resumed_model = dropout_net(seed=99)
    resumed = Trainer(TrainConfig(**cfg), checkpoint_path=ckpt).fit(resumed_model, "binary", *data, resume_from=ckpt)
    assert resumed.started.engine_path == "fast path: on"
    assert [e.train_loss for e in resumed.history] == [e.train_loss for e in whole.history]
    assert [e.val_loss for e in resumed.history] == [e.val_loss for e in whole.history]
    assert all(torch.equal(a, b) for a, b in zip(resumed_model.state_dict().values(), full.state_dict().values()))


def test_checkpoint_from_the_fast_path_resumes_on_autograd(tmp_path, monkeypatch):
    data = split("binary")
    cfg = dict(epochs=4, batch_size=32, optimizer="adam", seed=3)
    full = dropout_net()
    whole = Trainer(TrainConfig(**cfg)).fit(full, "binary", *data)
    ckpt = tmp_path / "run.ckpt"
    stopper = StopAfter(2)
    trainer = Trainer(TrainConfig(**cfg), [stopper], checkpoint_path=ckpt)
    stopper.trainer = trainer
    trainer.fit(dropout_net(), "binary", *data)
    monkeypatch.setattr(fastpath, "plan", lambda *args: "switched off by the test")
    resumed_model = dropout_net(seed=99)
    resumed = Trainer(TrainConfig(**cfg)).fit(resumed_model, "binary", *data, resume_from=ckpt)
    assert np.allclose([e.train_loss for e in resumed.history], [e.train_loss for e in whole.history], atol=1e-5)


def test_stop_is_honoured_within_one_batch():
    class StopAtFirstBatch(Callback):
        def __init__(self):
            self.trainer, self.batches = None, 0

        def on_batch_end(self, e):
            self.batches += 1
            self.trainer.request_stop()

    x, y = make_xy("binary", n=3000)
    stopper = StopAtFirstBatch()
    trainer = Trainer(TrainConfig(epochs=50, batch_size=8), [stopper])
    stopper.trainer = trainer
    result = trainer.fit(tutorial(), "binary", x, y)
    assert result.reason == EndReason.CANCELLED and stopper.batches == 1 and result.epochs_run == 0


def test_thread_policy():
    assert cpu_threads_for(32, 30) == 1
    assert cpu_threads_for(256, 30) == 1
    assert 1 <= cpu_threads_for(4096, 30) <= max(1, torch.get_num_threads())
