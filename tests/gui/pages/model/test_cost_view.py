"""The cost under the Model summary: memory at once, FLOPs and time per epoch from a background probe
(cached), and a run's measured time per epoch beside the estimate."""

import threading

import pytest

import gui.pages.model.cost_view as cost_view
from engine.training import TrainConfig
from gui.pages.model.model_summary import ModelSummary

INPUTS = 31  # churn's columns become 31 inputs
PARAMS = (INPUTS * 64 + 64) + (64 * 64 + 64) + (64 + 1)
FLOPS = 2 * (INPUTS * 64 + 64 * 64 + 64)


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch):
    monkeypatch.setattr(cost_view, "_PROBES", {})


@pytest.fixture
def summary(qtbot, document):
    widget = ModelSummary(document)
    qtbot.addWidget(widget)
    widget.resize(340, 400)
    widget.show()
    return widget


def wait_for_time(qtbot, cost):
    qtbot.waitUntil(lambda: "estimated" in cost.time_label.text(), timeout=60_000)


def test_memory_flops_and_time_for_the_tutorial_network(qtbot, summary, document):
    cost = summary.cost
    assert summary.total == PARAMS
    # Adam: weights + 2 copies, known without any probe
    assert cost.memory_label.text() == ("Memory: 75.3 KB = weights 25.1 KB + Adam state (2 copies) 50.2 KB")
    assert "first and second moments" in cost.memory_label.toolTip()
    wait_for_time(qtbot, cost)
    assert cost.flops_label.text() == "FLOPs per sample: 12.3 k forward, 36.9 k with backward (×3)"
    assert f"{FLOPS:,}" == "12,288"
    assert "on CPU" in cost.time_label.text() and "measured" not in cost.time_label.text()


def test_sgd_with_momentum_keeps_one_copy(qtbot, summary, document):
    document.edit_config(TrainConfig.from_dict({**document.config.to_dict(), "optimizer": "sgd"}), "sgd")
    assert "SGD state (1 copy)" in summary.cost.memory_label.text()
    assert "velocity" in summary.cost.memory_label.toolTip()


def test_the_probe_runs_off_the_gui_thread_and_is_cached(qtbot, summary, document, monkeypatch):
    threads = []
    real = cost_view.probe_cost

    def spy(state, *args):
        threads.append(threading.current_thread())
        return real(state, *args)

    monkeypatch.setattr(cost_view, "probe_cost", spy)
    document.edit_config(TrainConfig.from_dict({**document.config.to_dict(), "batch_size": 64}), "batch 64")
    wait_for_time(qtbot, summary.cost)
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    first = summary.cost.time_label.text()
    document.undo_stack.undo()  # batch 32: probed again (another batch size)
    wait_for_time(qtbot, summary.cost)
    document.undo_stack.redo()  # batch 64 again: from the cache, at once
    assert summary.cost.time_label.text() == first and len(threads) == 2


def test_a_run_of_the_same_model_shows_its_measured_time(qtbot, summary, document):
    from engine.runs.record import RunRecord

    history = [{"epoch": 1, "seconds": 0.9}, {"epoch": 2, "seconds": 0.2}, {"epoch": 3, "seconds": 0.3}]
    other = document.spec.copy()
    other.node("dense_1").params["units"] = 8
    base = {"config": document.config.to_dict(), "history": history, "device": "CPU", "task": "binary"}
    document.add_run(RunRecord(**base, spec=other.to_dict()))  # another model: not this one's time
    wait_for_time(qtbot, summary.cost)
    assert "measured" not in summary.cost.time_label.text()
    moved = document.spec.copy()
    moved.node("dense_1").position = (500.0, 500.0)  # the same model, moved on the canvas
    document.add_run(RunRecord(**base, spec=moved.to_dict()))
    assert summary.cost.time_label.text().endswith(", 300 ms measured (Run 2)")


def test_a_model_that_cannot_be_built_has_no_cost(qtbot, summary, document):
    from engine.graph import ModelSpec

    document.edit_spec(ModelSpec.chain([("Add", {})]), "break")
    assert summary.cost.memory_label.text().startswith("Cost: appears once the model can be built")
    assert summary.cost.time_label.text() == ""


def test_a_cost_line_that_grows_a_line_asks_for_its_height(qtbot, summary):
    """The measured time lengthens the time line after the layout is done, with no resize: the line must ask
    for the height of all its lines then (a splitter above it passes no height-for-width on)."""
    cost = summary.cost
    wait_for_time(qtbot, cost)
    line = cost.time_label
    line.setText("Time per epoch: " + "a long measured part, " * 12)
    assert line.heightForWidth(line.width()) > line.fontMetrics().lineSpacing() * 2
    assert line.minimumHeight() >= line.heightForWidth(line.width())
    line.setText("")
    assert line.minimumHeight() <= line.fontMetrics().lineSpacing()
