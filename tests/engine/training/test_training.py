"""Trainer: events, determinism, exact resume, stop/pause, divergence, early stopping, schedules."""

import math
import threading

import numpy as np
import pytest
import torch

from engine.training import Callback, EndReason, TrainConfig, Trainer
from engine.training.checkpoint import load_checkpoint
from engine.training.parts import batch_bounds


def make_data(n=1200, width=8, seed=0, task="binary"):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, width)).astype(np.float32)
    if task == "binary":
        y = ((x[:, 0] * x[:, 1] + x[:, 2]) > 0).astype(np.float32)
    elif task == "multiclass":
        y = (np.digitize(x[:, 0] + x[:, 1], [-0.5, 0.5])).astype(np.int64)
    else:
        y = (x[:, 0] * 2 + np.sin(x[:, 1])).astype(np.float32)
    cut = int(n * 0.8)
    return x[:cut], y[:cut], x[cut:], y[cut:]


def make_model(width=8, out=1, seed=0, dropout=False):
    torch.manual_seed(seed)
    layers = [torch.nn.Linear(width, 16), torch.nn.ReLU()]
    if dropout:
        layers.append(torch.nn.Dropout(0.3))
    layers.append(torch.nn.Linear(16, out))
    return torch.nn.Sequential(*layers)


def states_equal(a, b):
    return all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values()))


def test_events_in_order_and_history():
    seen, events = [], {}

    class Recorder(Callback):
        def on_run_start(self, e):
            seen.append("start")
            events["started"] = e

        def on_batch_end(self, e):
            seen.append("batch")

        def on_epoch_end(self, e):
            seen.append("epoch")
            events.setdefault("epochs", []).append(e)

        def on_run_end(self, e):
            seen.append("end")
            events["ended"] = e

    result = Trainer(TrainConfig(epochs=3, batch_size=64), [Recorder()]).fit(make_model(), "binary", *make_data())
    assert seen[0] == "start" and seen[-1] == "end" and seen.count("epoch") == 3
    assert 3 <= seen.count("batch") <= 3 * 25, "batch events are throttled, never one per batch for long epochs"
    assert result is events["ended"], "fit returns the RunEnded it reported"
    assert result.started is events["started"] and result.history == events["epochs"]
    assert result.reason == EndReason.FINISHED and result.epochs_run == 3 and len(result.history) == 3
    assert result.started.steps_per_epoch == math.ceil(960 / 64)
    assert all(e.samples_per_sec > 0 and "accuracy" in e.metrics for e in result.history)
    assert result.history[-1].train_loss < result.history[0].train_loss


@pytest.mark.parametrize("task,out", [("binary", 1), ("multiclass", 3), ("regression", 1)])
def test_same_seed_same_result(task, out):
    data = make_data(task=task)
    runs = []
    for _ in range(2):
        model = make_model(out=out, dropout=True)
        result = Trainer(TrainConfig(epochs=2, batch_size=32, seed=5)).fit(model, task, *data)
        runs.append(([e.train_loss for e in result.history], model))
    assert runs[0][0] == runs[1][0]
    assert states_equal(runs[0][1], runs[1][1])


@pytest.mark.parametrize("optimizer,schedule", [("adam", "none"), ("sgd", "step"), ("adamw", "cosine"),
                                                ("rmsprop", "plateau"), ("adam", "one_cycle")])
def test_resume_equals_uninterrupted(tmp_path, optimizer, schedule):
    data = make_data()
    cfg = dict(batch_size=32, optimizer=optimizer, schedule=schedule, step_size=1, seed=3)
    full = make_model(dropout=True)
    whole = Trainer(TrainConfig(epochs=4, **cfg)).fit(full, "binary", *data)
    ckpt = tmp_path / "run.ckpt"
    first = make_model(dropout=True)
    # interrupted after 2 epochs: a stop request at the end of epoch 2 (as a crash would leave it)

    class StopAfter(Callback):
        def __init__(self):
            self.trainer = None

        def on_epoch_end(self, e):
            if e.epoch == 2:
                self.trainer.request_stop()

    stopper = StopAfter()
    trainer = Trainer(TrainConfig(epochs=4, **cfg), [stopper], checkpoint_path=ckpt)
    stopper.trainer = trainer
    interrupted = trainer.fit(first, "binary", *data)
    assert interrupted.reason == EndReason.CANCELLED and load_checkpoint(ckpt)["info"]["epoch"] == 2
    resumed_model = make_model(seed=99, dropout=True)  # different init: everything must come from the checkpoint
    resumed = Trainer(TrainConfig(epochs=4, **cfg), checkpoint_path=ckpt).fit(resumed_model, "binary", *data,
                                                                              resume_from=ckpt)
    assert [e.train_loss for e in resumed.history] == [e.train_loss for e in whole.history]
    assert [e.val_loss for e in resumed.history] == [e.val_loss for e in whole.history]
    assert states_equal(resumed_model, full)


def test_stop_is_honoured_within_one_batch():
    batches = []

    class StopAtFifth(Callback):
        trainer = None

        def on_batch_end(self, e):
            batches.append(e.global_step)
            if len(batches) == 5:
                self.trainer.request_stop()

    cb = StopAtFifth()
    trainer = Trainer(TrainConfig(epochs=50, batch_size=8), [cb])
    cb.trainer = trainer
    result = trainer.fit(make_model(), "binary", *make_data())
    assert result.reason == EndReason.CANCELLED
    assert len(batches) == 5


def test_pause_blocks_until_resume():
    progress = []
    trainer_box = {}

    class Pauser(Callback):
        def on_batch_end(self, e):
            progress.append(e.global_step)
            if len(progress) == 2:
                trainer_box["t"].pause()

    trainer = Trainer(TrainConfig(epochs=2, batch_size=8), [Pauser()])
    trainer_box["t"] = trainer
    result = {}
    thread = threading.Thread(target=lambda: result.update(r=trainer.fit(make_model(), "binary", *make_data())))
    thread.start()
    for _ in range(200):
        if trainer.is_paused and len(progress) >= 2:
            break
        threading.Event().wait(0.01)
    threading.Event().wait(0.2)
    frozen = len(progress)
    threading.Event().wait(0.2)
    assert len(progress) == frozen, "no batch may run while paused"
    trainer.resume()
    thread.join(timeout=30)
    assert not thread.is_alive() and result["r"].reason == EndReason.FINISHED


def test_divergence_stops_with_advice_and_keeps_good_weights():
    model = make_model()
    x, y, xv, yv = make_data(task="regression")
    result = Trainer(TrainConfig(epochs=5, optimizer="sgd", learning_rate=1e6)).fit(model, "regression", x, y * 1e20, xv, yv)
    assert result.reason == EndReason.DIVERGED
    assert "learning rate" in result.message.lower()
    assert all(torch.isfinite(p).all() for p in model.parameters())


def test_early_stopping_restores_best_epoch():
    x, y, xv, yv = make_data(n=300)
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, size=len(y)).astype(np.float32)  # noise: validation loss soon rises
    model = make_model()
    result = Trainer(TrainConfig(epochs=200, batch_size=16, learning_rate=0.01, early_stopping=True, patience=3)).fit(
        model, "binary", x, y, xv, yv)
    assert result.reason == EndReason.EARLY_STOPPED
    assert result.epochs_run == result.best_epoch + 3
    best = min(e.val_loss for e in result.history)
    assert result.best_val_loss == best


def test_loss_threshold_stops_run():
    result = Trainer(TrainConfig(epochs=100, batch_size=32, loss_threshold=0.5)).fit(make_model(), "binary", *make_data())
    assert result.reason == EndReason.THRESHOLD and result.history[-1].val_loss < 0.5


def test_config_round_trip_and_validation():
    cfg = TrainConfig(epochs=7, optimizer="sgd", loss_threshold=0.1)
    assert TrainConfig.from_dict(cfg.to_dict()) == cfg
    assert TrainConfig.from_dict({**cfg.to_dict(), "from_the_future": 1}) == cfg
    problems = TrainConfig(epochs=0, learning_rate=-1, optimizer="magic").validate()
    assert len(problems) == 3 and any("Learning rate" in p for p in problems)
    with pytest.raises(ValueError, match="Epochs"):
        Trainer(TrainConfig(epochs=0))


def test_batch_bounds_merge_single_row_tail():
    assert batch_bounds(65, 32) == [(0, 32), (32, 65)]
    assert batch_bounds(64, 32) == [(0, 32), (32, 64)]
    assert batch_bounds(10, 32) == [(0, 10)]


def test_damaged_checkpoint_is_refused(tmp_path):
    from engine.errors import ProjectError

    bad = tmp_path / "bad.ckpt"
    bad.write_bytes(b"\x80\x04not a checkpoint")
    with pytest.raises(ProjectError, match="damaged"):
        load_checkpoint(bad)
