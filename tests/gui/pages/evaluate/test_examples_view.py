"""The Evaluate page's Test examples tab: worst texts, image grid with errors first, forecast series."""

import numpy as np
import pandas as pd
import pytest
from PySide6.QtGui import QPalette

from engine.data import Table, infer_schema
from engine.graph import load_template
from engine.runs.finish import finish_run
from engine.runs.pipeline import RunPipeline
from engine.training import TrainConfig
from gui.file_actions import load_example
from tests.engine.insight.word_tables import DECIDERS, one_word_decides


def _train(document, spec, folder, epochs=2):
    config = TrainConfig(epochs=epochs, batch_size=32, learning_rate=1e-2 if epochs > 2 else 3e-3)
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


def _word_fragments(browser):
    """(text number, word, background colour) of every coloured word in the browser's document."""
    found, block = [], browser.document().begin()
    number = 0
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            anchor = fragment.charFormat().anchorHref()
            if anchor.startswith("#w"):
                number = int(anchor[2:].split("_")[0])
                found.append((number, fragment.text(), fragment.charFormat().background().color()))
            it += 1
        block = block.next()
    return found


def _strength(colour, base) -> float:
    return abs(colour.redF() - base.redF()) + abs(colour.greenF() - base.greenF()) + abs(colour.blueF() - base.blueF())


def _text_run(document, tmp_path, frame):
    document.set_table(Table(frame=frame, path=None), infer_schema(frame, target="label"))
    spec = load_template("text_light")
    spec.input_node().params["source"] = "review"
    record = _train(document, spec, tmp_path, epochs=30)
    document.add_run(record)
    return record


def test_text_run_lists_the_worst_texts_with_each_words_weight(page, document, tmp_path, qtbot):
    frame = one_word_decides(200).drop(columns=["noise"])
    frame.loc[3, "review"] = "<b>TERRIBLE &amp;"  # markup in a text stays text
    frame.loc[3, "label"] = "neg"
    record = _text_run(document, tmp_path, frame)
    assert len(record.test_outputs["rows"]) == record.test_metrics["n"]
    view = _open_examples(page)
    texts = view.texts
    assert view.stack.currentWidget() is texts and len(texts.texts) == record.test_metrics["n"]
    p_true = [t.p_true for t in texts.texts]
    assert p_true == sorted(p_true)  # worst first
    rows = record.test_outputs["rows"]
    assert {t.text for t in texts.texts} == {frame["review"].iloc[i] for i in rows}  # the test rows' own texts
    truth = frame.set_index("review")["label"]
    assert all(t.truth == truth[t.text] for t in texts.texts)
    qtbot.waitUntil(lambda: all(c is not None for c in texts.contributions), timeout=60_000)
    assert view.wait_for_tasks()
    base = texts.palette().color(QPalette.ColorRole.Base)
    words = _word_fragments(texts.browser)
    assert len({n for n, _, _ in words}) == len(texts.texts)  # every text shown has its words coloured
    for number in range(1, len(texts.texts) + 1):
        strongest = max((w for w in words if w[0] == number), key=lambda w: _strength(w[2], base))
        assert strongest[1].lower() in DECIDERS
    first = texts.texts[0]
    tips = [tip for anchor, tip in texts.browser.tips.items() if anchor.startswith("#w1_")]
    assert len(tips) == len([w for w in words if w[0] == 1])  # one tooltip per word of the first text
    assert all(f"without it, P({first.predicted}) would be" in tip for tip in tips)
    plain = texts.browser.toPlainText()
    if 3 in rows:
        assert "<b>TERRIBLE &amp;" in plain
    assert "<b>TERRIBLE" not in texts.browser.toHtml()  # escaped: &lt;b&gt;
    assert "blue: for it" in texts.legend.text()


def test_the_examples_are_the_runs_own_after_the_settings_change(page, document, tmp_path, qtbot):
    frame = one_word_decides(160)
    record = _text_run(document, tmp_path, frame.drop(columns=["noise"]).assign(other=frame["label"][::-1].values))
    view = _open_examples(page)
    before = [t.text for t in view.texts.texts]
    schema = document.schema.copy()
    schema.set_target("other")
    schema.set_kind("review", "categorical")
    document.edit_schema(schema, "change the settings")
    document.replace_run(0, record)  # the page redraws the run
    assert page.result_tabs.isTabVisible(page.result_tabs.indexOf(page.examples_slot))
    assert view.stack.currentWidget() is view.texts and [t.text for t in view.texts.texts] == before
    qtbot.waitUntil(lambda: all(c is not None for c in view.texts.contributions), timeout=60_000)
    assert view.wait_for_tasks()


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


def test_a_forecast_keeps_its_time_column_after_the_settings_change(page, document, tmp_path):
    load_example(document, "co2")
    record = _train(document, document.run_spec(), tmp_path, epochs=1)
    document.add_run(record)
    view = _open_examples(page)
    x_before = view.series.getPlotItem().listDataItems()[0].getData()[0]
    schema = document.schema.copy()
    schema.set_time_column(None)
    document.edit_schema(schema, "no time column")
    document.replace_run(0, record)
    assert view.stack.currentWidget() is view.series
    np.testing.assert_array_equal(view.series.getPlotItem().listDataItems()[0].getData()[0], x_before)


def test_rgb_pixel_groups_show_in_colour(page, document, tmp_path):
    rng = np.random.default_rng(0)
    n, side = 120, 4
    red = rng.random(n) < 0.5
    pixels = np.zeros((n, 3, side, side))
    pixels[red, 0] = 200 + rng.integers(0, 50, (red.sum(), side, side))  # red images: the first channel
    pixels[~red, 2] = 200 + rng.integers(0, 50, ((~red).sum(), side, side))  # blue ones: the third
    frame = pd.DataFrame(pixels.reshape(n, -1), columns=[f"px{i}" for i in range(3 * side * side)])
    frame["colour"] = np.where(red, "red", "blue")
    schema = infer_schema(frame, target="colour")
    assert {c.kind for c in schema.columns if c.name.startswith("px")} == {"pixels"}
    document.set_table(Table(frame=frame, path=None), schema)
    spec = load_template("image_cnn")
    spec.input_node().params["source"] = "px"
    record = _train(document, spec, tmp_path, epochs=1)
    document.add_run(record)
    schema = document.schema.copy()
    for column in frame.columns[:-1]:
        schema.set_kind(column, "numeric")  # the run's pixel group still decides what is shown
    document.edit_schema(schema, "pixels as numbers")
    document.replace_run(0, record)
    view = _open_examples(page)
    proba, truth = np.asarray(record.test_outputs["proba"]), np.asarray(record.test_outputs["y_true"])
    predicted = (proba >= record.decision_threshold).astype(int) if proba.ndim == 1 else proba.argmax(axis=1)
    wrong = predicted != truth
    order = np.concatenate([np.flatnonzero(wrong), np.flatnonzero(~wrong)])
    rows = np.asarray(record.test_outputs["rows"])[order]
    for place in range(min(len(rows), 12)):
        image = view.grid_layout.itemAtPosition(2 * (place // 10), place % 10).widget().pixmap().toImage()
        assert (image.width(), image.height()) == (72, 72)  # 4×4 pixels, scaled up
        colour = image.pixelColor(36, 36)
        if red[rows[place]]:
            assert colour.red() > 150 and colour.blue() < 60
        else:
            assert colour.blue() > 150 and colour.red() < 60


def test_a_table_run_has_no_examples_tab(page, document, tmp_path):
    record = _train(document, document.run_spec(), tmp_path, epochs=1)
    document.add_run(record)
    assert not page.result_tabs.isTabVisible(page.result_tabs.indexOf(page.examples_slot))
