"""Fit advice on the Training page: overfitting said live while the run goes on and after it, the gap marked on
the loss plot, and a remedy's button starting a new run with exactly that change (undoable, recorded, compared)."""

import pytest

from engine.data import Table
from engine.graph import ModelSpec
from engine.insight.fitting import Fit
from engine.training import TrainConfig
from gui.pages.training.fit_advice import FitAdvicePanel
from gui.pages.training.page import TrainingPage
from gui.pages.training.run import active_runs, stop_all
from tests.engine.insight.fit_setups import overfitting_setup


@pytest.fixture(autouse=True)
def _no_thread_left_running(qtbot):
    yield
    assert stop_all(10_000)
    qtbot.waitUntil(lambda: active_runs() == 0, timeout=10_000)


def history(train, val):
    return [{"epoch": i + 1, "train_loss": t, "val_loss": v} for i, (t, v) in enumerate(zip(train, val))]


def test_the_panel_says_it_as_epochs_arrive_and_offers_remedies_only_for_a_finished_run(qtbot):
    panel = FitAdvicePanel()
    qtbot.addWidget(panel)
    seen = []

    def note(diagnosis):  # a Python function: a builtin method as a slot crashed a later garbage collection
        seen.append(diagnosis)

    panel.diagnosed.connect(note)
    panel.begin_live(TrainConfig(epochs=40), ModelSpec.chain([("Dense", {"units": 64})]))
    epochs = history([1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1], [1.0, 0.8, 0.7, 0.65, 0.7, 0.75, 0.8, 0.9])
    for epoch in epochs[:4]:
        panel.add_epoch(epoch)
    panel.flush()
    assert panel.diagnosis.fit == Fit.TOO_EARLY and not panel.buttons
    for epoch in epochs[4:]:
        panel.add_epoch(epoch)
    panel.flush()
    assert panel.diagnosis.fit == Fit.OVERFITTING and seen[-1].gap_start == 4
    assert "Overfitting" in panel.words.text()
    assert [b.text() for b in panel.buttons] == ["Early stopping", "Add dropout", "Weight decay", "Fewer units",
                                                 "Smaller learning rate"]
    assert not any(b.isEnabled() for b in panel.buttons)  # a run is under way: a new one cannot start yet


@pytest.fixture
def overfitting_document(document):
    frame, schema, spec, config, split = overfitting_setup()
    document.set_table(Table(frame), schema)
    document.edit_split(split)
    document.edit_spec(spec, "wide")
    document.edit_config(TrainConfig.from_dict({**config.to_dict(), "epochs": 150}), "many epochs")
    document.undo_stack.clear()
    return document


def test_overfitting_is_said_live_marked_and_a_remedy_run_recorded_and_compared(qtbot, overfitting_document):
    document = overfitting_document
    page = TrainingPage(document)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    with qtbot.waitSignal(page.run_started, timeout=30_000):
        page.train_action.trigger()
    qtbot.waitUntil(lambda: page.advice.diagnosis is not None and page.advice.diagnosis.fit == Fit.OVERFITTING,
                    timeout=30_000)
    assert page.is_training  # said while the run goes on
    gap = page.advice.diagnosis.gap_start
    assert page.curves.gap_marker.line.isVisible() and page.curves.gap_marker.line.value() == gap
    assert page.tabs.currentWidget() is page.advice and page.tabs.tabText(1) == "Fit advice: overfitting"
    assert page.advice.buttons and not any(b.isEnabled() for b in page.advice.buttons)
    with qtbot.waitSignal(page.run_finished, timeout=30_000):
        page.stop_action.trigger()
    qtbot.waitUntil(lambda: not page.is_training, timeout=10_000)
    original = document.runs[0]
    assert page.advice.diagnosis.fit == Fit.OVERFITTING and all(b.isEnabled() for b in page.advice.buttons)

    dropout = next(b for b in page.advice.buttons if b.text() == "Add dropout")
    change = page.advice.changes[page.advice.buttons.index(dropout)]
    assert change.text() == "dropout 0.3 after dense_1, dense_2" and change.isVisible()  # shown before it starts
    with qtbot.waitSignal(page.run_finished, timeout=60_000):
        dropout.click()
    qtbot.waitUntil(lambda: not page.is_training, timeout=10_000)
    remedied = document.runs[1]
    assert remedied.parent == 0 and remedied.change == "dropout 0.3 after dense_1, dense_2"
    assert [n.type for n in document.spec.nodes].count("Dropout") == 2
    assert remedied.best_val_loss < original.best_val_loss
    page.curves.flush()
    assert page.curves.train.n == remedied.epochs_run  # the new run's curves only, not drawn over run 1's
    row = [page.compare.table.item(1, c).text() for c in range(page.compare.table.columnCount())]
    assert "Run 1" in row and "dropout 0.3 after dense_1, dense_2" in row
    diff = {page.compare.diff.item(r, 0).text() for r in range(page.compare.diff.rowCount())}
    assert {"dropout_1", "dropout_2", "best val. loss"} <= diff

    document.undo_stack.undo()  # the remedy was one edit of the design and settings
    assert [n.type for n in document.spec.nodes].count("Dropout") == 0 and document.config.epochs == 150
