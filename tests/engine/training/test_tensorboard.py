"""Optional TensorBoard logging: per-epoch scalars and the model graph; a clear message without tensorboard."""

import sys

import pytest

from engine.data import infer_schema, read_csv
from engine.io.examples import get_example
from engine.graph import load_template
from engine.runs.pipeline import RunPipeline
from engine.training import TrainConfig

pytest.importorskip("tensorboard")


def _events(folder):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    acc = EventAccumulator(str(folder))
    acc.Reload()
    return acc


def test_logger_writes_scalars_and_graph(tmp_path):
    from engine.training.tensorboard_log import TensorBoardLogger

    frame = read_csv(get_example("churn").path).frame.iloc[:300]
    logger = TensorBoardLogger(tmp_path / "tb")
    job = RunPipeline(frame, infer_schema(frame, target="churn"), load_template("residual-mlp"),
                      TrainConfig(epochs=2, batch_size=64), callbacks=[logger])
    run = job.run()
    assert logger.log_graph(run.model, run.context.input_width, run.spec, run.context) == "model graph logged"
    logger.close()
    acc = _events(tmp_path / "tb")
    tags = acc.Tags()
    assert {"loss/train", "loss/val", "val/accuracy", "lr"} <= set(tags["scalars"])
    assert [e.step for e in acc.Scalars("loss/train")] == [1, 2]
    assert acc.Scalars("loss/val")[1].value == pytest.approx(run.result.history[1].val_loss, rel=1e-6)
    assert tags["graph"] is True


def test_graph_falls_back_to_summary_text(tmp_path):
    import torch

    from engine.training.tensorboard_log import TensorBoardLogger

    class Untraceable(torch.nn.Module):
        def forward(self, x):
            return {"not": "a tensor"}

    logger = TensorBoardLogger(tmp_path / "tb")
    note = logger.log_graph(Untraceable(), 4)
    logger.close()
    assert "could not be traced" in note
    assert "model/summary/text_summary" in _events(tmp_path / "tb").Tags()["tensors"]


def test_clear_message_when_tensorboard_is_missing(tmp_path, monkeypatch):
    from engine.training.tensorboard_log import TensorBoardLogger, TensorBoardUnavailable

    monkeypatch.setitem(sys.modules, "torch.utils.tensorboard", None)  # import now raises ImportError
    with pytest.raises(TensorBoardUnavailable, match=r"pip install 'layerlab\[tensorboard\]'"):
        TensorBoardLogger(tmp_path / "tb")
