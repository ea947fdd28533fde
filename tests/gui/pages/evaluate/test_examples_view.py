"""The Evaluate page's Test examples tab: worst texts, image grid with errors first, forecast series."""

import numpy as np
import pandas as pd
import pytest

from engine.data import Table, infer_schema
from engine.graph import fit_inputs, load_template
from engine.runs.finish import finish_run
from engine.runs.pipeline import RunPipeline
from engine.training import TrainConfig
from gui.file_actions import load_example


def _train(document, spec, folder, epochs=2):
    config = TrainConfig(epochs=epochs, batch_size=32, learning_rate=3e-3)
    trained = RunPipeline(document.table.frame, document.schema, spec, config, document.split,
                          base_dir=document.data_folder).run()
    return finish_run(trained, folder / "run.llmodel")


@pytest.fixture
def page(qtbot, document):
    from gui.pages.evaluate import EvaluatePage

    widget = EvaluatePage(document)
    qtbot.addWidget(widget)
    widget.resize(1024, 600)
    return widget


def _open_examples(page):
    tab = page.result_tabs.indexOf(page.examples_slot)
    assert page.result_tabs.isTabVisible(tab)
    page.result_tabs.setCurrentIndex(tab)
    page.show()
    return page.examples_slot.widget()


@pytest.mark.slow  # ~8 s: the first torch run of the session pays the imports
def test_text_run_lists_the_worst_classified_texts(page, document, tmp_path):
    rng = np.random.default_rng(0)
    words = np.array(["good", "bad", "film", "plot", "fun", "dull", "actor", "scene"])
    texts = [" ".join(rng.choice(words, rng.integers(3, 9))) for _ in range(150)]
    frame = pd.DataFrame({"review": texts, "label": ["pos" if "good" in t else "neg" for t in texts]})
    document.set_table(Table(frame=frame, path=None), infer_schema(frame, target="label"))
    record = _train(document, fit_inputs(load_template("text_light"), document.context()), tmp_path)
    assert len(record.test_outputs["rows"]) == record.test_metrics["n"]
    document.add_run(record)
    view = _open_examples(page)
    table = view.texts
    assert view.stack.currentWidget() is table and table.rowCount() == record.test_metrics["n"]
    p_true = [float(table.item(r, 2).text().rstrip("%")) for r in range(table.rowCount())]
    assert p_true == sorted(p_true)  # worst first
    rows = record.test_outputs["rows"]
    shown = {table.item(r, 3).text() for r in range(table.rowCount())}
    assert shown == {frame["review"].iloc[i] for i in rows}  # the test rows' own texts
    first = table.item(0, 3).text()
    truth = frame.loc[frame["review"] == first, "label"].iloc[0]
    assert table.item(0, 0).text() == truth


def test_image_run_shows_errors_first(page, document, tmp_path):
    load_example(document, "digits_pixels")
    document.set_table(Table(frame=document.table.frame.iloc[:400].reset_index(drop=True), path=None),
                       document.schema)
    record = _train(document, document.run_spec(), tmp_path, epochs=1)
    document.add_run(record)
    view = _open_examples(page)
    proba, truth = np.asarray(record.test_outputs["proba"]), np.asarray(record.test_outputs["y_true"])
    wrong = int((proba.argmax(axis=1) != truth).sum())
    assert wrong > 0 and f"{wrong} of {len(truth)} misclassified" in view.heading.text()
    captions = [view.grid_layout.itemAtPosition(2 * (i // 10) + 1, i % 10).widget() for i in range(wrong + 1)]
    assert all("bold" in c.styleSheet() for c in captions[:wrong]) and "bold" not in captions[wrong].styleSheet()
    image = view.grid_layout.itemAtPosition(0, 0).widget()
    assert image.pixmap() is not None and not image.pixmap().isNull()


def test_forecast_run_plots_actual_and_predicted_over_time(page, document, tmp_path):
    load_example(document, "co2")
    record = _train(document, document.run_spec(), tmp_path)
    document.add_run(record)
    view = _open_examples(page)
    assert view.stack.currentWidget() is view.series
    actual, predicted = view.series.getPlotItem().listDataItems()
    x, y = actual.getData()
    assert len(x) == record.test_metrics["n"] and np.all(np.diff(x) > 0)
    assert type(view.series.getPlotItem().getAxis("bottom")).__name__ == "DateAxisItem"
    assert pd.Timestamp(x[0], unit="s").year >= 1995  # the test part is the last years
    np.testing.assert_allclose(np.sort(predicted.getData()[1]), np.sort(record.test_outputs["y_pred"]), rtol=1e-5)


def test_a_table_run_has_no_examples_tab(page, document, tmp_path):
    record = _train(document, document.run_spec(), tmp_path, epochs=1)
    document.add_run(record)
    assert not page.result_tabs.isTabVisible(page.result_tabs.indexOf(page.examples_slot))
