"""Evaluate page: binary / multiclass / regression records from real short trainings, export and predict."""

import os

import pytest

from engine.runs.record import RunRecord
from gui.pages.evaluate.verdict import BAD, GOOD, metric_rows, verdict

# The offscreen platform warns on every top-level show(); it says nothing about our code.
def _train_record(name: str, epochs: int, folder):
    """A RunRecord as the training process sends it: RunPipeline for a few epochs, finished (bundle saved)."""
    from engine.data import infer_schema, read_csv
    from engine.io.examples import get_example
    from engine.graph import load_template
    from engine.runs.finish import finish_run
    from engine.runs.pipeline import RunPipeline
    from engine.training import TrainConfig

    example = get_example(name)
    frame = read_csv(example.path).frame
    schema = infer_schema(frame, target=example.target)
    config = TrainConfig(epochs=epochs, batch_size=32, learning_rate=3e-3)
    trained = RunPipeline(frame, schema, load_template(example.template), config).run()
    return finish_run(trained, folder / f"{name}.llmodel")


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runs")
    return {name: _train_record(name, 2, folder) for name in ("churn", "wine", "diabetes")}


@pytest.fixture
def page(qtbot, document):
    from gui.pages.evaluate import EvaluatePage

    widget = EvaluatePage(document)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    return widget


def test_empty_page_says_what_to_do(page):
    assert page.stack.currentWidget() is page.empty_label
    assert "F5" in page.empty_label.text()
    assert not page.export_action.isEnabled() and not page.predict_action.isEnabled()


def test_binary_record_shows_metrics_verdict_matrix_and_roc(page, document, records):
    document.add_run(records["churn"])
    assert page.current_index == 0
    assert page.stack.currentWidget() is page.results
    table = page.metrics_table
    labels = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert labels[0] == "Accuracy" and "ROC AUC" in labels
    assert table.columnCount() == 4 and table.item(0, 3).text().endswith("%")  # the majority class column
    assert "logistic regression" in page.verdict_label.text()
    assert page.confusion.table.rowCount() == 2
    total = sum(int(page.confusion.cell_text(r, c).split("\n")[0]) for r in range(2) for c in range(2))
    assert total == records["churn"].test_metrics["n"]
    assert page.roc_box.isVisibleTo(page) and "AUC" in page.roc.getPlotItem().titleLabel.text
    header = page.confusion.table.horizontalHeaderItem(1).text()
    assert header.startswith("predicted ") and header != "predicted class 1"  # real class names from the bundle


def test_multiclass_record_has_no_roc(page, document, records):
    document.add_run(records["wine"])
    assert page.confusion.table.rowCount() == 3
    assert not page.roc_box.isVisibleTo(page)


def test_regression_record_plots_predicted_vs_actual(page, document, records):
    document.add_run(records["diabetes"])
    assert page.plots.currentIndex() == 1
    x, y = page.scatter.points.getData()
    assert len(x) == len(records["diabetes"].test_outputs["y_true"])
    assert [row[0] for row in metric_rows(records["diabetes"])] == ["rmse", "mae", "r2"]
    assert page.metrics_table.columnCount() == 3
    assert "linear regression" in page.verdict_label.text()


def test_run_selector_switches_runs(page, document, records):
    document.add_run(records["churn"])
    document.add_run(records["diabetes"])
    assert page.run_combo.isVisibleTo(page) and page.run_combo.count() == 2
    assert page.current_index == 1
    page.run_combo.setCurrentIndex(0)
    assert page.current_index == 0 and page.plots.currentIndex() == 0


def test_export_copies_the_bundle(page, document, records, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    document.add_run(records["churn"])
    target = tmp_path / "exported"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.export_action.trigger()
    exported = tmp_path / "exported.llmodel"
    assert exported.read_bytes() == open(records["churn"].bundle, "rb").read()


def test_predict_on_csv_runs_in_background_and_saves(qtbot, page, document, records, tmp_path, monkeypatch):
    import pandas as pd
    from PySide6.QtWidgets import QFileDialog

    from engine.io.examples import get_example

    document.add_run(records["wine"])
    csv = get_example("wine").path
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(csv), ""))
    with qtbot.waitSignal(page.prediction_finished, timeout=30000) as blocker:
        page.predict_action.trigger()
    frame = blocker.args[0]
    assert len(frame) == len(pd.read_csv(csv))
    assert "predicted_cultivar" in frame.columns
    dialog = page.prediction_dialog
    assert dialog.view.model().rowCount() == len(frame)
    out = tmp_path / "predictions.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    dialog.save_button.click()
    assert len(pd.read_csv(out)) == len(frame)
    dialog.close()


def test_predict_failure_is_a_dialog_and_the_page_stays_usable(qtbot, page, document, records, tmp_path,
                                                               monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))
    document.add_run(records["churn"])
    bad = tmp_path / "other.csv"
    bad.write_text("a,b\n1,2\n3,4\n")
    with qtbot.waitSignal(page.prediction_failed, timeout=30000):
        page.predict_file(bad)
    assert shown and "column" in shown[0]
    assert page.predict_action.isEnabled()


def test_verdict_wording():
    win = {"task": "binary", "test_metrics": {"accuracy": 0.90},
           "baseline": {"model": "logistic regression", "metrics": {"accuracy": 0.861}, "majority_accuracy": 0.7}}
    text, level = verdict(RunRecord.from_dict(win))
    assert text.startswith("The network beats logistic regression by 3.9 accuracy points") and level == GOOD
    assert "earns its complexity" in text
    lose = {"task": "regression", "test_metrics": {"rmse": 60.0},
            "baseline": {"model": "linear regression (ridge)", "metrics": {"rmse": 55.0}}}
    text, level = verdict(RunRecord.from_dict(lose))
    assert "does not beat" in text and "prefer the simpler model or regularise" in text and level == BAD
    trivial = {"task": "binary", "test_metrics": {"accuracy": 0.70},
               "baseline": {"model": "logistic regression", "metrics": {"accuracy": 0.60}, "majority_accuracy": 0.70}}
    assert "most common class" in verdict(RunRecord.from_dict(trivial))[0]


@pytest.mark.parametrize("name, plots", [("churn", ("roc",)), ("diabetes", ("scatter", "residuals"))])
def test_late_built_plots_get_their_share_of_the_width(qtbot, page, document, records, name, plots):
    """The plots are built when first filled; the splitters must still give them room (the ROC plot was
    once squeezed to its 220 px minimum and clipped its axis and title)."""
    page.show()
    document.add_run(records[name])
    qtbot.waitUntil(lambda: all(getattr(page, p).isVisible() for p in plots), timeout=5000)
    splitter = page.plots.currentWidget()
    total = sum(splitter.sizes())
    for plot in plots:
        assert getattr(page, plot).width() >= 0.35 * total, (plot, getattr(page, plot).width(), total)


def _bold_cells(table) -> dict[str, list[str]]:
    """Metric label -> the headers of its bold value cells."""
    return {table.item(r, 0).text(): [table.horizontalHeaderItem(c).text() for c in range(1, table.columnCount())
                                      if table.item(r, c) and table.item(r, c).font().bold()]
            for r in range(table.rowCount())}


def test_only_the_best_value_of_each_metric_is_bold(page, document):
    """Higher wins for rates, lower for losses; a tie (same text) bolds both; the column is not bold as such."""
    record = {"task": "binary", "target": "churn",
              "test_metrics": {"accuracy": 0.90, "precision": 0.50, "recall": 0.80, "f1": 0.6, "roc_auc": 0.8501,
                               "log_loss": 0.40, "n": 100},
              "baseline": {"model": "logistic regression", "majority_accuracy": 0.95,
                           "metrics": {"accuracy": 0.86, "precision": 0.70, "recall": 0.60, "f1": 0.6,
                                       "roc_auc": 0.8499, "log_loss": 0.30}}}
    document.add_run(record)
    bold = _bold_cells(page.metrics_table)
    assert bold["Accuracy"] == ["Most common class"]  # 95 % beats both models
    assert bold["Precision"] == ["Logistic regression"] and bold["Recall"] == ["Network"]
    assert bold["Log loss"] == ["Logistic regression"]  # lower is better
    assert bold["F1 score"] == bold["ROC AUC"] == ["Network", "Logistic regression"]  # ties as shown


def test_regression_bold_follows_lower_errors_and_higher_r2(page, document):
    record = {"task": "regression", "target": "price", "test_metrics": {"rmse": 10.0, "mae": 9.0, "r2": 0.7, "n": 50},
              "baseline": {"model": "linear regression", "metrics": {"rmse": 12.0, "mae": 8.0, "r2": 0.8}}}
    document.add_run(record)
    bold = _bold_cells(page.metrics_table)
    assert bold == {"RMSE": ["Network"], "MAE": ["Linear regression"], "R²": ["Linear regression"]}


def test_no_bold_without_a_baseline(page, document):
    document.add_run({"task": "binary", "test_metrics": {"accuracy": 0.9, "n": 10}, "baseline": {"note": "skipped"}})
    assert _bold_cells(page.metrics_table) == {"Accuracy": []}


def test_another_project_leaves_nothing_of_the_previous_one(qtbot, page, document, records):
    from engine.graph import load_template
    from engine.io.project import Project

    document.add_run(records["churn"])
    page.show()
    with qtbot.waitSignal(page.prediction_finished, timeout=30000):
        page.predict_file(__import__("engine.io.examples", fromlist=["x"]).get_example("churn").path)
    dialog = page.prediction_dialog
    assert dialog.isVisible()
    document.load_project(Project(spec=load_template("tutorial-mlp")), None)  # File > New project
    assert page.stack.currentWidget() is page.empty_label
    assert "Train a model" in page.empty_label.text() and "test rows" in page.empty_label.text()
    assert page.metrics_table.rowCount() == 0 and page.verdict_label.text() == "" and page.run_details.text() == ""
    assert page.confusion.table.rowCount() == 0 and page.run_combo.count() == 0
    assert page.prediction_dialog is None and not dialog.isVisible() and page.last_prediction is None
    assert not page.export_action.isEnabled() and not page.predict_action.isEnabled()
    # a project with one run of its own (as many runs as before): that run is shown, not a leftover
    document.load_project(Project(spec=load_template("tutorial-mlp"), runs=[records["diabetes"]]), None)
    assert page.current_index == 0 and page.plots.currentIndex() == 1
    assert page.metrics_table.item(0, 0).text() == "RMSE"


def test_a_prediction_started_in_the_previous_project_is_not_shown(qtbot, page, document, records):
    from engine.io.examples import get_example
    from engine.graph import load_template
    from engine.io.project import Project

    document.add_run(records["churn"])
    finished = []
    page.prediction_finished.connect(finished.append)
    page.predict_file(get_example("churn").path)
    document.load_project(Project(spec=load_template("tutorial-mlp")), None)
    assert page.wait_for_tasks(30000)
    qtbot.waitUntil(lambda: page.predict_button.text() == "Predict on CSV…", timeout=5000)
    assert page.prediction_dialog is None and not finished


def test_rows_without_inputs_are_flagged_in_the_predictions_window(qtbot, page, document, records, tmp_path):
    import numpy as np
    import pandas as pd

    from engine.io.examples import get_example

    document.add_run(records["churn"])
    source = pd.read_csv(get_example("churn").path).drop(columns=["churn"]).iloc[:5]
    source.loc[2, [c for c in source.columns if c != "customer_id"]] = np.nan
    csv = tmp_path / "gaps.csv"
    source.to_csv(csv, index=False)
    with qtbot.waitSignal(page.prediction_finished, timeout=30000):
        page.predict_file(csv)
    model = page.prediction_dialog.view.model()
    assert model.data(model.index(2, 0)).startswith("⚠") and "1 row (row 3)" in page.prediction_dialog.summary.text()


def test_run_details_count_hidden_layers_and_word_the_end_reason_as_everywhere():
    from engine.graph import load_template
    from gui.pages.evaluate.verdict import run_details_html, run_title

    record = RunRecord(reason="cancelled", epochs_run=3, spec=load_template("tutorial-mlp").to_dict())
    assert "Hidden layers: 2" in run_details_html(record)  # Dense 64 relu twice, not every node
    assert "stopped by the user" in run_title(0, record) and "cancelled" not in run_title(0, record)
    assert "Hidden layers" not in run_details_html(RunRecord(spec={"nodes": "damaged"}))


def test_plots_keep_their_curves_after_another_project(page, document, records, tmp_path):
    """PlotWidget.__init__ shadows a subclass's clear(): resetting the plots on New/Open must not remove
    their items for good (the ROC curve and diagonal, the scatter points and lines came back empty)."""
    from engine.graph import load_template
    from engine.io.project import Project

    document.add_run(records["churn"])
    document.add_run(records["diabetes"])
    document.load_project(Project(spec=load_template("tutorial-mlp")), None)  # File > New project: reset
    document.load_project(Project(spec=load_template("tutorial-mlp"), runs=[records["churn"]]), None)
    items = page.roc.getPlotItem().items
    assert page.roc.curve in items and page.roc.chance in items
    assert len(page.roc.curve.getData()[0]) > 2 and list(page.roc.chance.getData()[0]) == [0, 1]
    document.load_project(Project(spec=load_template("tutorial-mlp"), runs=[records["diabetes"]]), None)
    n = len(records["diabetes"].test_outputs["y_true"])
    scatter_items, residual_items = page.scatter.getPlotItem().items, page.residuals.getPlotItem().items
    assert page.scatter.points in scatter_items and page.scatter.diagonal in scatter_items
    assert len(page.scatter.points.getData()[0]) == n and len(page.scatter.diagonal.getData()[0]) == 2
    assert page.residuals.points in residual_items and page.residuals.zero in residual_items
    assert len(page.residuals.points.getData()[0]) == n
    page.show()
    os.makedirs("/tmp/shots-qa2", exist_ok=True)
    page.grab().save("/tmp/shots-qa2/evaluate_regression_after_switch.png")
    document.load_project(Project(spec=load_template("tutorial-mlp"), runs=[records["churn"]]), None)
    page.grab().save("/tmp/shots-qa2/evaluate_roc_after_switch.png")


def test_class_names_come_from_the_record_even_without_its_bundle(page, document, records, tmp_path):
    """The record carries the preprocessor's classes: the matrix is labelled without opening the bundle."""
    record = records["wine"].with_changes(bundle=str(tmp_path / "gone.llmodel"))
    assert len(record.class_names) == 3
    document.add_run(record)
    headers = [page.confusion.table.horizontalHeaderItem(c).text() for c in range(page.confusion.table.columnCount())]
    assert all(any(name in h for h in headers) for name in record.class_names), headers


@pytest.mark.parametrize("size", [(180, 120), (230, 160), (300, 200), (420, 300)])
def test_the_confusion_caption_gets_the_height_of_its_lines(qtbot, size):
    """Its second line was drawn half hidden when the matrix was short of room (QA)."""
    from PySide6.QtWidgets import QSplitter

    from gui.pages.evaluate.confusion import ConfusionMatrixView

    view = ConfusionMatrixView()
    view.set_matrix([[771, 30], [84, 165]], ["No", "Yes"])
    holder = QSplitter()  # as on the page: a splitter passes no height-for-width on
    holder.addWidget(view)
    qtbot.addWidget(holder)
    holder.show()
    for width, height in ((size[0] // 2, size[1]), size):  # narrower first: the caption must shrink back too
        holder.resize(width, height)
        qtbot.wait(20)
        caption = view.caption
        assert caption.height() >= caption.heightForWidth(caption.width()), (width, caption.height())
    assert caption.height() <= caption.fontMetrics().lineSpacing() * 3 + 4
    os.makedirs("/tmp/shots-qa2", exist_ok=True)
    holder.grab().save(f"/tmp/shots-qa2/confusion_{size[0]}x{size[1]}.png")


@pytest.mark.parametrize("width", [1024, 1280])
def test_the_metrics_table_shows_its_headers_whole(qtbot, document, records, width):
    """At 1024 px wide (and the QA machine's wider font) "Most common class" was cut: the table's columns were
    wider than the 420 px the page gives its left side."""
    from gui.pages.evaluate import EvaluatePage

    page = EvaluatePage(document)
    qtbot.addWidget(page)
    font = page.font()
    font.setPointSizeF(font.pointSizeF() * 1.1)  # a wider font than this machine's
    page.setFont(font)
    page.resize(width - 20, 520)  # first shown at this size, as when the window opens on a small screen
    document.add_run(records["churn"])
    page.show()
    qtbot.wait(50)
    table = page.metrics_table
    header = table.horizontalHeader()
    assert table.horizontalHeaderItem(3).text() == "Most common class"
    for column in range(table.columnCount()):
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width(), column
    assert header.sectionViewportPosition(3) + header.sectionSize(3) <= table.viewport().width()
    assert page.width() == width - 20  # the table's room came from the plots, not from a wider page
    os.makedirs("/tmp/shots-qa2", exist_ok=True)
    page.grab().save(f"/tmp/shots-qa2/evaluate_metrics_{width}.png")


def test_baseline_header_keeps_the_baselines_own_capitals():
    from gui.pages.evaluate.metrics_table import _sentence_case

    assert _sentence_case("TF-IDF + logistic regression") == "TF-IDF + logistic regression"  # was "Tf-idf + …"
    assert _sentence_case("logistic regression") == "Logistic regression"
