"""The Compare runs view: one row per run (settings, architecture, parent, change, scores) and the diff of two."""

from engine.graph import ModelSpec
from engine.insight.remedies import add_dropout
from engine.runs.record import RunRecord
from engine.training import TrainConfig
from gui.pages.training.runs_compare import RunsCompareView


def record(config, spec, **fields):
    values = dict(task="binary", epochs_run=config.epochs, best_val_loss=0.5, test_metrics={"accuracy": 0.8},
                  config=config.to_dict(), spec=spec.to_dict())
    return RunRecord(**{**values, **fields})


def cells(table, row):
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_rows_follow_the_runs_and_the_diff_starts_on_the_last_run_and_its_parent(qtbot, document):
    view = RunsCompareView(document)
    qtbot.addWidget(view)
    assert view.table.rowCount() == 0 and view.summary.text() == "Train two runs to compare them."
    config, spec = TrainConfig(epochs=20), ModelSpec.chain([("Dense", {"units": 64}), ("Dense", {"units": 64})])
    dropout = add_dropout(config, spec)
    document.add_run(record(config, spec))
    document.add_run(record(TrainConfig(epochs=20, batch_size=64), spec, parent=0))
    document.add_run(record(config, dropout.model_spec(), parent=0, change=dropout.change, best_val_loss=0.4))
    assert view.table.rowCount() == 3
    headers = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
    assert headers[:3] == ["Run", "From", "Changed"]
    assert cells(view.table, 1)[:3] == ["Run 2", "Run 1", "batch size 32 → 64"]
    assert cells(view.table, 2)[:3] == ["Run 3", "Run 1", "dropout 0.3 after dense_1, dense_2"]
    assert "Dropout 0.3" in cells(view.table, 2)[headers.index("Architecture")]
    assert (view.first.currentIndex(), view.second.currentIndex()) == (0, 2)  # the last run and its parent
    diff = {tuple(cells(view.diff, r)) for r in range(view.diff.rowCount())}
    assert ("dropout_1", "—", "Dropout 0.3") in diff and ("best val. loss", "0.5", "0.4") in diff
    view.choose(0, 1)
    assert {tuple(cells(view.diff, r)) for r in range(view.diff.rowCount())} == {("batch size", "32", "64")}
    view.choose(1, 1)
    assert view.diff.rowCount() == 0 and view.summary.text() == "Run 2 and Run 2: the same run."
