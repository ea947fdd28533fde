"""What the Training page says: a pause shortcut, "Paused" in the status bar, a run listed while it runs,
one wording for a stopped run, a continued run's start time and clock, and the fast path in plain words."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from engine.training import TrainConfig

def set_config(document, **changes):
    document.edit_config(TrainConfig.from_dict({**document.config.to_dict(), **changes}), "test")


def test_pause_has_a_shortcut_shown_in_its_tooltip(qtbot, document):
    from gui.pages.training.page import TrainingPage

    page = TrainingPage(document)
    qtbot.addWidget(page)
    assert page.pause_action.shortcut() == QKeySequence(Qt.Key.Key_F6)
    assert "F6" in page.pause_action.toolTip()
    shortcuts = {page.train_action.shortcut(), page.stop_action.shortcut(), page.pause_action.shortcut()}
    assert len(shortcuts) == 3


def test_a_run_is_listed_while_it_runs_and_the_status_bar_says_paused(qtbot, window, document):
    set_config(document, epochs=3)
    page, status = window.training_page, window.status
    with qtbot.waitSignal(page.starting, timeout=5_000):
        page.train_action.trigger()
    assert "Ready to train" not in status.readiness.text()  # the training process may still be starting
    assert "Starting" in status.readiness.text()
    assert page.runs.tree.topLevelItemCount() == 1  # listed at once, not only when it ends
    row = page.runs.tree.topLevelItem(0)
    assert row.text(0) == "Run 1" and row.text(3) == "Running…" and row.text(1)
    started = row.text(1)
    qtbot.waitUntil(lambda: page.curves.train.n >= 1, timeout=30_000)
    page.pause_action.trigger()
    qtbot.waitUntil(lambda: page.pause_action.text() == "Resume", timeout=10_000)
    assert "Paused" in status.readiness.text() and "paused" in status.run_status.text()
    assert page.runs.tree.topLevelItem(0).text(2).endswith("/3")
    with qtbot.waitSignal(page.run_finished, timeout=30_000):
        page.pause_action.trigger()
    qtbot.waitUntil(lambda: not page.is_training, timeout=10_000)
    assert page.runs.tree.topLevelItemCount() == 1 and page.runs.tree.topLevelItem(0).text(3) == "Finished"
    assert page.runs.tree.topLevelItem(0).text(1) == started  # when Train was pressed, not when the process began
    assert "Ready to train" in status.readiness.text()


def test_a_stopped_run_reads_stopped_by_the_user_everywhere(qtbot, window, document):
    document.add_run({"history": [{"epoch": 1, "train_loss": 0.5, "val_loss": 0.6, "metrics": {"accuracy": 0.7}}],
                      "reason": "cancelled", "message": "Stopped by the user during epoch 2.", "epochs_run": 1,
                      "bundle": "/nonexistent/run-001.llmodel"})
    texts = [window.training_page.runs.tree.topLevelItem(0).text(3), window.status.run_status.text()]
    assert not any("cancelled" in t.lower() for t in texts), texts
    assert all("stopped by the user" in t.lower() for t in texts), texts


def test_continue_training_keeps_the_start_time_and_adds_the_time_spent(qtbot, document):
    from gui.pages.training.page import TrainingPage

    set_config(document, epochs=1)
    page = TrainingPage(document)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.run_finished, timeout=40_000):
        page.train_action.trigger()
    qtbot.waitUntil(lambda: not page.is_training, timeout=10_000)
    first = document.runs[0]
    document.runs[0] = first.with_changes(seconds=first.seconds + 3600.0)  # as if the first part had taken an hour
    page.continue_epochs.setValue(1)
    with qtbot.waitSignal(page.run_started, timeout=40_000):
        page.continue_action.trigger()
    page.progress.tick()
    assert page.progress.elapsed.text().startswith("Elapsed 1:00:")  # the clock carries on
    with qtbot.waitSignal(page.run_finished, timeout=40_000):
        pass
    qtbot.waitUntil(lambda: not page.is_training, timeout=10_000)
    record = document.runs[0]
    assert record.epochs_run == 2
    assert record.started_at == first.started_at
    assert record.seconds > first.seconds + 3600.0


def test_the_training_path_is_explained_in_plain_words(qtbot):
    from gui.pages.training.progress import ProgressView

    view = ProgressView()
    qtbot.addWidget(view)
    view.start({"device_name": "CPU", "engine_path": "fast path: off: Add at node add_1", "epochs": 3,
                "steps_per_epoch": 10, "parameters": 100, "n_train": 50, "batch_size": 8})
    assert "fast path: off:" not in view.device.text() and "at node" not in view.device.text()
    tip = view.device.toolTip()
    assert "Fast path off: the model has an Add merge (add_1)" in tip
    assert "slower but gives the same results" in tip
