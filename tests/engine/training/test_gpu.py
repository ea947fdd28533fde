"""The fast path on CUDA: device-side batches, CUDA graphs (full and ragged batch), and the same
numbers as autograd on the same GPU. Skipped without CUDA."""

import copy

import numpy as np
import pytest
import torch

from engine.graph import ModelSpec, load_template
from engine.layers import ShapeContext
from engine.model import build_model
from engine.training import TrainConfig, Trainer
from engine.training import fast as fastpath
from engine.training.fast import path as fast_path_module
from engine.training.parts import batch_bounds, loss_function, make_optimizer, target_tensor
from tests.engine.training.test_fastpath import make_xy  # the same small tables as the CPU checks

pytestmark = [pytest.mark.gpu,
              pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")]

CUDA = torch.device("cuda:0")
OUT = {"binary": 1, "multiclass": 3, "regression": 1}


@pytest.fixture(autouse=True)
def exact_matmuls():
    """TF32 would make both paths round differently; compare in true float32."""
    old = torch.backends.cuda.matmul.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = False
    yield
    torch.backends.cuda.matmul.allow_tf32 = old


def make_model(task, layers=None, seed=0):
    torch.manual_seed(seed)
    layers = layers or [("Dense", {"units": 16, "activation": "relu"}), ("Dense", {"units": 16, "activation": "tanh"})]
    return build_model(ModelSpec.chain(layers), ShapeContext(6, OUT[task], task)).to(CUDA)


@pytest.mark.parametrize("task", ["binary", "multiclass", "regression"])
@pytest.mark.parametrize("optimizer", ["adam", "adamw", "sgd"])
def test_cuda_graph_steps_match_autograd(task, optimizer):
    """Enough steps that both the full batch (32) and the ragged one (6) are captured and replayed."""
    model = make_model(task)
    reference = copy.deepcopy(model)
    x_np, y_np = make_xy(task)
    x, y = torch.as_tensor(x_np).to(CUDA), target_tensor(task, y_np).to(CUDA)
    cfg = TrainConfig(optimizer=optimizer, learning_rate=0.01, weight_decay=0.01)
    fast = fastpath.plan(model, task, cfg, CUDA)
    assert isinstance(fast, fastpath.FastPath), fast
    fast.bind(make_optimizer(cfg, model, CUDA), x, y)
    ref_optimizer = make_optimizer(cfg, reference, CUDA)
    loss_fn = loss_function(task)
    generator = torch.Generator(device=CUDA).manual_seed(0)
    epochs = fast_path_module.GRAPH_WARMUP_STEPS + 3
    for _ in range(epochs):
        perm = torch.randperm(70, generator=generator, device=CUDA)
        for a, b in batch_bounds(70, 32):
            idx = perm[a:b]
            fast_loss = float(fast.step(idx))
            loss = loss_fn(reference(x[idx]), y[idx])
            ref_optimizer.zero_grad(set_to_none=True)
            loss.backward()
            ref_optimizer.step()
            assert abs(fast_loss - loss.item()) < 1e-5
    assert all(b.graph is not None for b in fast._buffers.values()) and set(fast._buffers) == {32, 6}
    for (name, value), ref in zip(model.state_dict().items(), reference.state_dict().values()):
        assert (value - ref).abs().max().item() < 1e-5, name


def test_graphs_and_eager_give_the_same_run(monkeypatch):
    x, y = make_xy("binary", n=1000)
    results = []
    for graphs in (True, False):
        monkeypatch.setattr(fast_path_module, "CUDA_GRAPHS", graphs)
        model = make_model("binary")
        result = Trainer(TrainConfig(epochs=3, batch_size=64, device="cuda", seed=2)).fit(model, "binary", x, y)
        assert result.started.engine_path == "fast path: on"
        results.append(([e.train_loss for e in result.history], model.state_dict()))
    assert np.allclose(results[0][0], results[1][0], atol=1e-6)
    for key, value in results[0][1].items():
        assert (value - results[1][1][key]).abs().max().item() < 1e-6


def test_dropout_and_schedules_on_the_gpu():
    x, y = make_xy("binary", n=999)
    model = make_model("binary", [("Dense", {"units": 32}), ("Dropout", {"rate": 0.3}), ("Dense", {"units": 16})])
    for schedule in ("one_cycle", "cosine"):
        result = Trainer(TrainConfig(epochs=3, batch_size=32, device="cuda", schedule=schedule)).fit(
            model, "binary", x[:800], y[:800], x[800:], y[800:])
        assert result.started.engine_path == "fast path: on"
        assert all(np.isfinite(e.train_loss) for e in result.history)
        assert result.history[-1].train_loss < result.history[0].train_loss + 0.05


def test_mixed_precision_uses_autograd_and_says_so():
    x, y = make_xy("binary", n=500)
    result = Trainer(TrainConfig(epochs=1, device="cuda", precision="bf16")).fit(
        build_model(load_template("tutorial-mlp"), ShapeContext(6, 1, "binary")), "binary", x, y)
    assert result.started.engine_path.startswith("fast path: off: bf16")
