"""Training faults through the real window and training process (issue 6): stop at random batches, pause/resume
many times, close the window mid-run, divergence. No hang, no crash, no "QThread: Destroyed" warning (a Qt
warning fails the test), and the best weights so far are kept as a loadable bundle.
"""

import random
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from engine.training import TrainConfig
from gui.pages.training.run import active_runs

def configure(document, **changes):
    document.edit_config(TrainConfig.from_dict({**document.config.to_dict(), **changes}), "test settings")


def epochs_drawn(page) -> int:
    return len(page.curves.train.xs)


def assert_best_weights_kept(record) -> None:
    """The run was recorded with a bundle that loads (the best weights so far) and its checkpoint."""
    from engine.io.bundle import load_bundle

    assert record.reason == "cancelled" and record.epochs_run >= 1 and record.best_epoch >= 1
    assert Path(record.bundle).is_file() and Path(record.checkpoint).is_file()
    load_bundle(record.bundle)


def test_stop_at_random_batches_keeps_each_best_model(qtbot, window, document):
    """Seeded random stop times; each stop either keeps the best epoch so far or says no epoch finished."""
    page = window.training_page
    configure(document, epochs=100, batch_size=16)
    rng = random.Random(6)
    recorded = 0
    for attempt in range(4):
        finished, failed = [], []
        page.run_finished.connect(finished.append)
        page.run_failed.connect(failed.append)
        with qtbot.waitSignal(page.run_started, timeout=30_000):
            page.train_action.trigger()
        if attempt % 2:  # every other stop comes after at least one finished epoch
            qtbot.waitUntil(lambda: epochs_drawn(page) >= 1, timeout=30_000)
        qtbot.wait(rng.randint(0, 250))
        page.stop_action.trigger()
        qtbot.waitUntil(lambda: not page.is_training, timeout=15_000)
        page.run_finished.disconnect(finished.append)
        page.run_failed.disconnect(failed.append)
        assert len(finished) + len(failed) == 1
        if finished:
            assert_best_weights_kept(document.runs[finished[0]])
            assert "Kept the best weights" in page.progress.status.text()
            recorded += 1
        else:
            assert "Stopped by the user" in failed[0] and "No epoch finished" in failed[0]
    assert recorded >= 2 and len(document.runs) == recorded
    assert page.train_action.isEnabled()


def test_pause_and_resume_twenty_times_then_stop_while_paused(qtbot, window, document):
    page = window.training_page
    configure(document, epochs=200, batch_size=16)
    rng = random.Random(20)
    with qtbot.waitSignal(page.run_started, timeout=30_000):
        page.train_action.trigger()
    for _ in range(20):
        page.pause_action.trigger()
        qtbot.wait(rng.randint(2, 20))
        page.pause_action.trigger()
        qtbot.wait(rng.randint(2, 20))
    assert page.is_training and page.pause_action.text() == "Pause"
    drawn = epochs_drawn(page)
    qtbot.waitUntil(lambda: epochs_drawn(page) > max(drawn, 1), timeout=30_000)  # still learning after it all
    page.pause_action.trigger()
    qtbot.waitUntil(lambda: page.pause_action.text() == "Resume", timeout=5000)
    with qtbot.waitSignal(page.run_finished, timeout=15_000) as finished:
        page.stop_action.trigger()  # a paused run stops too
    qtbot.waitUntil(lambda: not page.is_training, timeout=10_000)
    assert_best_weights_kept(document.runs[finished.args[0]])
    assert page.pause_action.text() == "Pause" and page.train_action.isEnabled()


def test_closing_the_window_mid_run_keeps_the_run_and_ends_the_thread(qtbot, window, document, tmp_path,
                                                                       monkeypatch):
    page = window.training_page
    configure(document, epochs=500, batch_size=16)
    with qtbot.waitSignal(page.run_started, timeout=30_000):
        page.train_action.trigger()
    qtbot.waitUntil(lambda: epochs_drawn(page) >= 1, timeout=30_000)
    asked = []

    def answer(parent, title, text, *args, **kwargs):
        asked.append(title)
        if title == "Training is running":
            return QMessageBox.StandardButton.Yes
        return QMessageBox.StandardButton.Save  # "Unsaved changes": the new run is work to save

    monkeypatch.setattr(QMessageBox, "question", answer)
    target = tmp_path / "kept.layerlab"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.close()
    assert asked == ["Training is running", "Unsaved changes"]
    assert not page.is_training and active_runs() == 0
    record = document.runs[-1]
    assert_best_weights_kept(record)
    # Save As (at close) moved the run out of the project's temporary folder, beside the project
    assert Path(record.bundle).parent == (tmp_path / "kept_runs").resolve()
    import json

    from engine.io.project import Project

    on_disk = json.loads(target.read_text(encoding="utf-8"))["runs"][-1]
    assert on_disk["bundle"].startswith("kept_runs/")  # relative: the project folder can move
    assert Project.load(target).runs[-1].bundle == record.bundle


def test_divergence_shows_the_reason_and_the_suggestion(qtbot, window, document):
    page = window.training_page
    configure(document, epochs=3, optimizer="sgd", learning_rate=1e6, momentum=0.0)
    ended = []
    page.run_finished.connect(lambda i: ended.append(("finished", i)))
    page.run_failed.connect(lambda m: ended.append(("failed", m)))
    page.train_action.trigger()
    qtbot.waitUntil(lambda: bool(ended) and not page.is_training, timeout=30_000)
    status = page.progress.status.text()
    assert "infinite or NaN" in status and "Lower the learning rate" in status and "try 100000" in status
    assert page.progress.status.property("kind") == "error"
    if ended[0][0] == "finished":  # diverged after a good epoch: those weights are kept
        assert document.runs[-1].reason == "diverged"
    assert page.train_action.isEnabled()
