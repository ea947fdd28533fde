"""The Evaluate page's Explanations tab: importance with error bars, one prediction (a test row or what-if
values) with signed contributions, partial dependence; all computed in background tasks."""

import numpy as np
import pytest
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox

from engine.data import infer_schema, read_csv
from engine.graph import load_template
from engine.runs.finish import finish_run
from engine.runs.pipeline import RunPipeline
from engine.training import TrainConfig
from gui.document import ProjectDocument
from tests.engine.insight.signal_tables import reviews_table, two_signal_table

COLUMNS = {"noise", "signal", "colour", "shade", "size"}


@pytest.fixture(scope="module")
def trained(tmp_path_factory, qapp):
    """The two-signal table as a CSV and a finished run on it (bundle saved), split as a project splits."""
    folder = tmp_path_factory.mktemp("explain_gui")
    csv = folder / "signal.csv"
    two_signal_table().to_csv(csv, index=False)
    table = read_csv(csv)
    split = ProjectDocument().split
    config = TrainConfig(epochs=40, batch_size=64, learning_rate=0.01, seed=0)
    run = RunPipeline(table.frame, infer_schema(table.frame, target="label"), load_template("tutorial-mlp"),
                      config, split).run()
    return csv, finish_run(run, folder / "signal.llmodel"), len(run.data.rows[2])


@pytest.fixture
def page(qtbot, trained):
    from gui.pages.evaluate import EvaluatePage

    csv, record, _ = trained
    document = ProjectDocument()
    table = read_csv(csv)
    document.set_table(table, infer_schema(table.frame, target="label"))
    document.add_run(record)
    widget = EvaluatePage(document)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    yield widget
    assert widget.wait_for_tasks(20_000)


def _open_explanations(qtbot, page):
    page.show_explanations()
    panel = page.explain_panel
    qtbot.waitUntil(lambda: panel.is_complete, timeout=60_000)
    return panel


def test_importance_bars_rank_the_two_signal_columns_first_with_error_bars(qtbot, page, trained):
    panel = _open_explanations(qtbot, page)
    plot = panel.importance_plot
    assert set(plot.labels) == COLUMNS and set(plot.labels[:2]) == {"signal", "colour"}
    means = plot.bars.opts["width"]
    assert len(means) == 5 and means[0] >= means[1] >= means[-1] and means[1] > 5  # points of accuracy
    errors = plot.errors.opts
    assert np.allclose(errors["x"], means) and len(errors["left"]) == 5 and np.all(errors["left"] >= 0)
    assert f"on {trained[2]:,} test rows" in panel.importance_caption.text()
    assert f"{trained[2]:,} test rows" in panel.status_label.text()


def test_a_test_row_is_explained_with_signed_contributions(qtbot, page):
    panel = _open_explanations(qtbot, page)
    first = panel.data.test_rows.iloc[0]
    explanation = panel.explanation
    assert panel.row_spin.value() == 1 and panel.row_spin.maximum() == len(panel.data.test_rows)
    assert f"Predicted: {explanation.prediction}" in panel.prediction_label.text()
    plot = panel.contribution_plot
    assert len(plot.labels) == 5 and f"colour = {first['colour']}" in plot.labels
    widths = plot.bars.opts["width"]
    assert np.allclose(sorted(np.abs(widths), reverse=True), np.abs(widths))  # largest first
    assert np.isclose(widths.sum(), 100 * (explanation.output - explanation.baseline_output), atol=0.3)
    panel.row_spin.setValue(7)
    qtbot.waitUntil(lambda: panel.form.editors["signal"].value() == pytest.approx(
        panel.data.test_rows.iloc[6]["signal"]), timeout=5_000)


def test_what_if_values_change_the_prediction(qtbot, page):
    panel = _open_explanations(qtbot, page)
    colour, signal = panel.form.editors["colour"], panel.form.editors["signal"]
    assert isinstance(colour, QComboBox) and isinstance(signal, QDoubleSpinBox)
    assert sorted(colour.itemText(i) for i in range(colour.count())) == ["blue", "green", "red"]

    def predicted(label: str):
        return lambda: panel.explanation is not None and panel.explanation.prediction == label and \
            panel.explanation.contributions and f"Predicted: {label}" in panel.prediction_label.text()

    colour.setCurrentText("red")
    signal.setValue(2.0)
    qtbot.waitUntil(predicted("Yes"), timeout=20_000)
    assert panel.explanation.probabilities["Yes"] > 0.9
    assert "colour = red" in panel.contribution_plot.labels
    colour.setCurrentText("blue")
    signal.setValue(-2.0)
    qtbot.waitUntil(predicted("No"), timeout=20_000)
    assert panel.explanation.probabilities["Yes"] < 0.1
    panel.reset_button.click()  # back to the test row's own values
    qtbot.waitUntil(lambda: signal.value() == pytest.approx(panel.data.test_rows.iloc[0]["signal"]), timeout=5_000)


def test_partial_dependence_for_a_chosen_numeric_column(qtbot, page):
    panel = _open_explanations(qtbot, page)
    combo = panel.dependence_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["noise", "signal", "size"]
    combo.setCurrentText("signal")

    def drawn():
        curves = panel.dependence_plot.curves
        return len(curves) == 1 and curves[0].xData is not None and len(curves[0].xData) > 5 and \
            panel.dependence_plot.getPlotItem().getAxis("bottom").labelText == "signal"

    qtbot.waitUntil(drawn, timeout=20_000)
    y = panel.dependence_plot.curves[0].yData
    assert y[-1] - y[0] > 50  # percent: Yes whenever signal > 1
    assert panel.dependence_label.text() == "→ probability of Yes"


def test_without_data_or_model_it_says_what_to_do(qtbot):
    from gui.pages.evaluate.explain_panel import NO_MODEL_TEXT, ExplainPanel

    panel = ExplainPanel()
    qtbot.addWidget(panel)
    panel.show()
    assert panel.status_label.text() == NO_MODEL_TEXT and not panel.row_spin.isEnabled()
    panel.set_source("model.llmodel", None, None)
    assert "Data page" in panel.status_label.text() and panel.data is None


def test_a_missing_model_file_is_reported_in_words(qtbot, tmp_path):
    from gui.pages.evaluate.explain_panel import ExplainPanel

    panel = ExplainPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_source(tmp_path / "gone.llmodel", two_signal_table(), ProjectDocument().split)
    qtbot.waitUntil(lambda: "Cannot explain" in panel.status_label.text(), timeout=20_000)
    assert "does not exist" in panel.status_label.text()


def test_a_threshold_kept_for_the_model_reloads_it(qtbot, page, tmp_path):
    from engine.io.bundle import set_threshold

    panel = _open_explanations(qtbot, page)
    assert panel.data.bundle.threshold == 0.5
    record = page.document.runs[0]
    copy = tmp_path / "copy.llmodel"
    copy.write_bytes(open(record.bundle, "rb").read())
    page.document.replace_run(0, record.with_changes(bundle=str(copy)))
    qtbot.waitUntil(lambda: panel.is_complete, timeout=60_000)
    set_threshold(copy, 0.9)  # as the Decision threshold tab's "Keep for this model" does
    page.document.replace_run(0, page.document.runs[0].with_changes(decision_threshold=0.9))
    qtbot.waitUntil(lambda: panel.is_complete and panel.data.bundle.threshold == 0.9, timeout=60_000)


@pytest.mark.parametrize("with_table", [True, False])
def test_a_text_model_is_explained_from_its_baseline(qtbot, tmp_path, with_table):
    """A model reading a text column (beside a table, or alone): importance and one prediction count the text as
    one input, the heading says "baseline" and the sentence names it (an empty text); the form edits the text."""
    from gui.pages.evaluate import EvaluatePage
    from engine.io.project import design_for

    frame = reviews_table(n=300) if with_table else reviews_table(n=300).drop(columns="price")
    csv = tmp_path / "reviews.csv"
    frame.to_csv(csv, index=False)
    table = read_csv(csv)
    schema = infer_schema(table.frame, target="label")
    document = ProjectDocument()
    document.set_table(table, schema)
    run = RunPipeline(table.frame, schema, design_for(schema, len(frame)),
                      TrainConfig(epochs=4, batch_size=32, learning_rate=1e-2, seed=0), document.split).run()
    document.add_run(finish_run(run, tmp_path / "reviews.llmodel"))
    page = EvaluatePage(document)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    panel = _open_explanations(qtbot, page)
    assert {c.column for c in panel.data.importance.columns} == ({"review", "price"} if with_table else {"review"})
    assert "(baseline:" in panel.prediction_label.text()
    sentence = panel.baseline_label.text()
    assert "'review' empty" in sentence and ("table's columns" in sentence) == with_table
    assert "review" in panel.form.editors
    assert any(label.startswith("review = ") for label in panel.contribution_plot.labels)
    assert page.wait_for_tasks(20_000)
