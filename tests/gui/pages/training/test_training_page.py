"""The Training page end to end: real runs through the training process, controls, curves, runs and errors."""

from pathlib import Path

import pytest

from engine.training import TrainConfig
from gui.pages.training.run import active_runs, stop_all
from gui.pages.training.page import TrainingPage


@pytest.fixture(autouse=True)
def _no_thread_left_running(qtbot):
    yield
    assert stop_all(10_000)
    qtbot.waitUntil(lambda: active_runs() == 0, timeout=10_000)


def set_config(document, **changes):
    document.edit_config(TrainConfig.from_dict({**document.config.to_dict(), **changes}), "test")


def make_page(qtbot, document, **changes):
    if changes:
        set_config(document, **changes)
    page = TrainingPage(document)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    return page


def train(qtbot, page, action=None, timeout=40_000):
    with qtbot.waitSignal(page.run_finished, timeout=timeout) as blocker:
        (action or page.train_action).trigger()
    qtbot.waitUntil(lambda: not page.is_training, timeout=10_000)
    return blocker.args[0]


def test_two_epochs_draw_curves_and_record_the_run(qtbot, document):
    page = make_page(qtbot, document, epochs=2)
    assert page.train_action.isEnabled() and not page.is_training
    with qtbot.waitSignal(page.run_started, timeout=30_000):
        page.train_action.trigger()
    assert page.is_training and not page.train_action.isEnabled() and page.stop_action.isEnabled()
    qtbot.waitUntil(lambda: page.curves.batch_item.xData is not None and len(page.curves.batch_item.xData) > 0,
                    timeout=30_000)
    with qtbot.waitSignal(page.run_finished, timeout=30_000) as blocker:
        pass
    qtbot.waitUntil(lambda: not page.is_training)
    index = blocker.args[0]
    assert index == 0 and len(document.runs) == 1
    record = document.runs[0]
    assert record.epochs_run == 2 and record.reason == "finished"
    assert 0.5 < record.test_metrics["accuracy"] <= 1
    assert Path(record.bundle).is_file() and Path(record.checkpoint).is_file()
    page.curves.flush()
    assert len(page.curves.val_item.xData) == 2 and len(page.curves.train_item.yData) == 2
    assert len(page.curves.metric_item.xData) == 2
    assert len(page.curves.batch_item.xData) >= 2 and len(page.curves.smooth_item.xData) >= 2
    assert "Finished 2 epochs" in page.progress.status.text()
    assert page.progress.epoch.text() == "Epoch 2/2"
    assert page.progress.bar.value() == page.progress.bar.maximum()
    assert page.runs.tree.topLevelItemCount() == 1 and "accuracy" in page.runs.tree.topLevelItem(0).text(4)
    assert page.train_action.isEnabled() and not page.stop_action.isEnabled() and page.continue_action.isEnabled()


def test_pause_and_resume(qtbot, document):
    page = make_page(qtbot, document, epochs=3)
    with qtbot.waitSignal(page.run_started, timeout=30_000):
        page.train_action.trigger()
    page.pause_action.trigger()
    qtbot.waitUntil(lambda: page.pause_action.text() == "Resume", timeout=5_000)
    assert "Paused" in page.progress.status.text() and page.is_training
    epochs_seen = page.curves.train.n
    qtbot.wait(400)
    assert page.curves.train.n <= epochs_seen + 1  # at most the epoch already past its last batch
    with qtbot.waitSignal(page.run_finished, timeout=30_000):
        page.pause_action.trigger()
    qtbot.waitUntil(lambda: not page.is_training)
    assert document.runs[-1].epochs_run == 3 and page.pause_action.text() == "Pause"


def test_stop_mid_run_keeps_the_best_so_far(qtbot, document):
    page = make_page(qtbot, document, epochs=200)
    page.train_action.trigger()
    qtbot.waitUntil(lambda: page.curves.train.n >= 1, timeout=30_000)
    with qtbot.waitSignal(page.run_finished, timeout=30_000):
        page.stop_action.trigger()
    qtbot.waitUntil(lambda: not page.is_training)
    record = document.runs[-1]
    assert record.reason == "cancelled" and 1 <= record.epochs_run < 200
    assert Path(record.bundle).is_file()
    assert "Stopped by the user" in page.progress.status.text()
    assert page.train_action.isEnabled() and not page.pause_action.isEnabled() and page.form.isEnabled()


def test_stop_before_the_first_epoch_explains_nothing_was_saved(qtbot, document):
    page = make_page(qtbot, document, epochs=5)
    with qtbot.waitSignal(page.run_failed, timeout=30_000) as blocker:
        page.train_action.trigger()
        assert page.stop_and_wait(20_000)
    assert "no model to save" in blocker.args[0]
    assert not page.is_training and document.runs == []
    assert "no model to save" in page.progress.status.text()


def test_destroying_the_page_during_training_stops_the_thread(qtbot, document, qtlog):
    set_config(document, epochs=500)
    page = TrainingPage(document)
    page.train_action.trigger()
    qtbot.waitUntil(lambda: page.curves.train.n >= 1, timeout=30_000)
    assert active_runs() == 1
    page.deleteLater()
    qtbot.waitUntil(lambda: active_runs() == 0, timeout=20_000)
    qtbot.wait(50)
    assert not [r for r in qtlog.records if "QThread" in r.message]


def test_continue_training_adds_epochs_and_the_curve_carries_on(qtbot, document):
    page = make_page(qtbot, document, epochs=2)
    train(qtbot, page)
    first = document.runs[0]
    last_step = first.batch_losses[-1][0]
    page.continue_epochs.setValue(2)
    assert page.continue_action.isEnabled()
    index = train(qtbot, page, page.continue_action)
    assert index == 0 and len(document.runs) == 1
    record = document.runs[0]
    assert record.epochs_run == 4 and [e["epoch"] for e in record.history] == [1, 2, 3, 4]
    assert record.batch_losses[-1][0] > last_step
    page.curves.flush()
    assert list(page.curves.val_item.xData) == [1, 2, 3, 4]
    assert page.curves.batch_item.xData[-1] == pytest.approx(4.0)
    assert page.runs.tree.topLevelItem(0).text(2) == "4"


def test_settings_form_edits_are_undoable(qtbot, document):
    page = make_page(qtbot, document)
    form = page.form
    assert form.epochs.value() == 10
    form.epochs.setValue(25)
    form.learning_rate.setValue(0.003)
    form.optimizer.setCurrentIndex(form.optimizer.findData("sgd"))
    assert document.config.epochs == 25 and document.config.learning_rate == pytest.approx(0.003)
    assert document.config.optimizer == "sgd" and not form.momentum.isHidden()
    document.undo_stack.undo()
    assert document.config.optimizer == "adam" and form.optimizer.currentData() == "adam"
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.config.epochs == 10 and form.epochs.value() == 10
    assert form.learning_rate.value() == pytest.approx(1e-3)
    form.threshold_enabled.setChecked(True)
    assert document.config.loss_threshold == pytest.approx(form.threshold.value())
    document.undo_stack.undo()
    assert document.config.loss_threshold is None and not form.threshold_enabled.isChecked()


def test_learning_rate_box_steps_by_decades_and_shows_compact_text(qtbot, document):
    page = make_page(qtbot, document)
    box = page.form.learning_rate
    assert box.text() == "0.001"
    box.stepBy(1)
    assert box.value() == pytest.approx(0.002)
    box.stepBy(2)
    assert box.value() == pytest.approx(0.01)
    box.stepBy(-4)
    assert box.value() == pytest.approx(0.0005)


def test_device_combo_lists_present_devices_and_precision_needs_cuda(qtbot, document):
    page = make_page(qtbot, document)
    form = page.form
    page.show()  # the device probe (it imports torch) starts when the form is first shown
    qtbot.waitUntil(lambda: form.device.count() >= 2 and form._devices is not None, timeout=20_000)
    data = [form.device.itemData(i) for i in range(form.device.count())]
    assert data[0] == "auto" and "cpu" in data
    if not any(d.startswith("cuda") for d in data):
        assert not form.precision.isEnabled()
        assert "CPU" in form.device_note.text()


def test_train_is_disabled_with_the_reason_while_the_model_is_invalid(qtbot, document):
    page = make_page(qtbot, document)
    spec = document.spec.copy()
    spec.disconnect("dense_1", "dense_2")
    document.edit_spec(spec, "break")
    assert not page.train_action.isEnabled()
    assert page.blocker.text().startswith("Can't train yet: Fix the model")
    assert "Fix the model" in page.train_action.toolTip()
    page.train_action.trigger()
    assert not page.is_training
    document.undo_stack.undo()
    assert page.train_action.isEnabled() and page.blocker.isHidden()


def test_divergence_shows_why_and_suggests_a_lower_learning_rate(qtbot, document):
    page = make_page(qtbot, document, epochs=3, optimizer="sgd", learning_rate=1e6)
    ended = []
    page.run_finished.connect(ended.append)
    page.run_failed.connect(ended.append)
    page.train_action.trigger()
    qtbot.waitUntil(lambda: bool(ended) and not page.is_training, timeout=30_000)
    text = page.progress.status.text()
    assert "Lower the learning rate" in text or "lower learning rate" in text.lower()
    assert page.progress.status.property("kind") == "error"


def test_overlaying_runs_adds_their_curves(qtbot, document):
    page = make_page(qtbot, document, epochs=1)
    train(qtbot, page)
    train(qtbot, page)
    assert page.runs.tree.topLevelItemCount() == 2
    from PySide6.QtCore import Qt

    page.runs.tree.topLevelItem(0).setCheckState(0, Qt.CheckState.Checked)
    assert len(page.curves._overlay_items) == 2  # val loss + metric of run 1
    page.runs.select(0)
    page.curves.flush()
    assert len(page.curves.val_item.xData) == 1
    page.curves.show_readout_at(1.0)
    assert page.curves.readout.text().startswith("Epoch 1")


def test_the_start_up_warm_up_loads_the_training_stack_and_freezes_it_for_the_collector(qtbot):
    """After start-up, a full cyclic-GC pass must not walk torch/pandas/pyqtgraph (~430k objects,
    350-450 ms with the GIL held: the window froze at the end of a run)."""
    import gc
    import sys

    from gui.infra.warmup import warm_up
    from gui.pages.training.device_probe import DeviceCatalog

    warming = warm_up()
    qtbot.waitUntil(lambda: warming.task is None and DeviceCatalog.instance().devices is not None, timeout=60_000)
    assert {"torch", "pyqtgraph", "gui.pages.training.curves"} <= set(sys.modules)
    assert gc.get_freeze_count() > 100_000
