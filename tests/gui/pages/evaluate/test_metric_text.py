"""One way to write a metric: the Training page's runs list and status, the Evaluate page and the CLI agree."""

import re
from types import SimpleNamespace

import pytest

RECORD = {
    "task": "binary", "target": "churn", "reason": "finished", "epochs_run": 3,
    "history": [{"epoch": 3, "train_loss": 0.5, "val_loss": 0.52, "metrics": {"accuracy": 0.7433}}],
    "test_metrics": {"accuracy": 0.7511, "precision": 0.62, "recall": 0.5, "f1": 0.55, "roc_auc": 0.8125,
                     "log_loss": 0.51234, "n": 1000},
    "baseline": {"model": "logistic regression", "majority_accuracy": 0.7,
                 "metrics": {"accuracy": 0.74, "precision": 0.6, "recall": 0.52, "f1": 0.56, "roc_auc": 0.83,
                             "log_loss": 0.5}},
}


def test_format_metric_reads_the_same_everywhere():
    from engine.runs.metrics import format_metric

    assert format_metric("accuracy", 0.7511) == "75.1 %"
    assert format_metric("accuracy", 1.0) == "100.0 %"  # was "accuracy 1" on the Training page


def test_runs_list_evaluate_page_and_cli_write_the_same_number(qtbot, document):
    from engine.cli.train_cmd import _format_scores
    from gui.pages.evaluate import EvaluatePage
    from gui.pages.training.runs_list import RunsList

    runs = RunsList(document)
    page = EvaluatePage(document)
    qtbot.addWidget(runs)
    qtbot.addWidget(page)
    document.add_run(dict(RECORD))
    shown = "75.1 %"
    assert runs.tree.topLevelItem(0).text(4) == f"accuracy {shown}"  # also the Training page's end status
    table = page.metrics_table
    assert table.item(0, 0).text() == "Accuracy" and table.item(0, 1).text() == shown
    cli = _format_scores(SimpleNamespace(task="binary", test_metrics=RECORD["test_metrics"],
                                         baseline=RECORD["baseline"]))
    assert f"accuracy {shown}" in cli
    # the other metrics the CLI prints: the Evaluate page's text, for the network and the baseline
    printed = {"Accuracy", "F1 score", "ROC AUC", "Log loss"}
    rows = [r for r in range(table.rowCount()) if table.item(r, 0).text() in printed]
    assert len(rows) == len(printed)
    for row in rows:
        for column in (1, 2):
            assert re.search(re.escape(table.item(row, column).text()) + r"(\s|$)", cli), table.item(row, 0).text()


def test_a_swept_learning_rate_is_written_as_the_settings_write_it(qtbot):
    """A sweep trial's rate (0.06685345548188935) read as 0.06685 under "This run" (QA)."""
    from engine.runs.record import RunRecord
    from gui.pages.evaluate.verdict import run_details_html

    record = RunRecord.from_dict({**RECORD, "config": {"optimizer": "adamw", "learning_rate": 0.06685345548188935,
                                                       "batch_size": 32}})
    html = run_details_html(record)
    assert "learning rate 0.06685," in html and "0.066853455" not in html
