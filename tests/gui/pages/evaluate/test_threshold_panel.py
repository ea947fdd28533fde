"""The Evaluate page's decision-threshold tab: scores and matrix follow the slider (checked against
scikit-learn), the presets, and a kept threshold lands in the bundle, the record and the saved project."""

import gc

import numpy as np
import pytest
from sklearn import metrics as skm

from engine.runs.metrics import format_metric


def _finished(name: str, rows: int, folder):
    from engine.data import infer_schema, read_csv
    from engine.graph import load_template
    from engine.io.examples import get_example
    from engine.runs.finish import finish_run
    from engine.runs.pipeline import RunPipeline
    from engine.training import TrainConfig

    example = get_example(name)
    frame = read_csv(example.path).frame.iloc[:rows]
    trained = RunPipeline(frame, infer_schema(frame, target=example.target), load_template(example.template),
                          TrainConfig(epochs=2, batch_size=32, learning_rate=3e-3, seed=0)).run()
    return finish_run(trained, folder / f"{name}.llmodel")


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    folder = tmp_path_factory.mktemp("threshold-runs")
    return {"churn": _finished("churn", 1500, folder), "wine": _finished("wine", 178, folder)}


@pytest.fixture(autouse=True)
def _collect_garbage_here(qtbot):
    """Collect the garbage each test leaves, now: a later cyclic-GC pass that met it while the app's warm-up
    thread imported the plot modules crashed the interpreter (test_training_page's warm-up test, 5 of 7 runs)."""
    yield
    qtbot.wait(10)
    gc.collect()


@pytest.fixture
def page(qtbot, document):
    from gui.pages.evaluate import EvaluatePage

    widget = EvaluatePage(document)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    return widget


def test_slider_updates_scores_and_matrix_as_scikit_learn_computes_them(page, document, records):
    document.add_run(records["churn"])
    tab = page.result_tabs.indexOf(page.threshold_slot)
    assert page.result_tabs.isTabVisible(tab)
    panel = page.threshold_panel
    assert panel.threshold == 0.5
    y = np.asarray(records["churn"].test_outputs["y_true"])
    proba = np.asarray(records["churn"].test_outputs["proba"])
    for position in (200, 350, 650):
        panel.slider.setValue(position)
        threshold = position / 1000
        assert panel.spin.value() == pytest.approx(threshold)
        pred = (proba >= threshold).astype(int)
        assert panel.score_labels["precision"].text() == format_metric(
            "precision", skm.precision_score(y, pred, zero_division=0))
        assert panel.score_labels["recall"].text() == format_metric("recall", skm.recall_score(y, pred))
        assert panel.score_labels["f1"].text() == format_metric("f1", skm.f1_score(y, pred))
        matrix = skm.confusion_matrix(y, pred, labels=[0, 1])
        cells = [[int(panel.confusion.cell_text(r, c).split("\n")[0]) for c in range(2)] for r in range(2)]
        assert cells == matrix.tolist()
        x_marker, y_marker = panel.pr.marker.getData()
        assert (x_marker[0], y_marker[0]) == pytest.approx((skm.recall_score(y, pred),
                                                            skm.precision_score(y, pred, zero_division=0)))
    assert "Keep" in panel.status.text() and panel.keep_button.isEnabled()


def test_presets_and_curves(page, document, records):
    from engine.runs.decision import best_f1_threshold

    document.add_run(records["churn"])
    panel = page.threshold_panel
    y = np.asarray(records["churn"].test_outputs["y_true"])
    proba = np.asarray(records["churn"].test_outputs["proba"])
    panel.best_button.click()
    assert panel.threshold == round(best_f1_threshold(y, proba), 3)
    panel.half_button.click()
    assert panel.threshold == 0.5 and not panel.half_button.isEnabled()
    assert len(panel.pr.curve.getData()[0]) > 2 and "Average precision" in panel.pr.getPlotItem().titleLabel.text
    assert "Brier score" in panel.calibration.getPlotItem().titleLabel.text


def test_kept_threshold_is_stored_in_bundle_record_and_project(page, document, records, qtbot, tmp_path):
    from engine.io.bundle import read_manifest
    from engine.io.project import Project

    copy = tmp_path / "churn.llmodel"
    copy.write_bytes(open(records["churn"].bundle, "rb").read())
    record = records["churn"].with_changes(bundle=str(copy))
    document.add_run(record)
    panel = page.threshold_panel
    panel.spin.setValue(0.27)
    assert panel.keep_threshold()
    assert panel.wait_for_task()
    qtbot.waitUntil(lambda: document.runs[0].decision_threshold == 0.27)
    assert read_manifest(record.bundle)["decision_threshold"] == 0.27
    assert panel.threshold == 0.27 and not panel.keep_button.isEnabled()
    document.save(tmp_path / "kept.layerlab")
    assert Project.load(tmp_path / "kept.layerlab").runs[0].decision_threshold == 0.27


def test_multiclass_runs_have_no_threshold_tab(page, document, records):
    document.add_run(records["churn"])
    page.result_tabs.setCurrentWidget(page.threshold_slot)
    document.add_run(records["wine"])
    assert not page.result_tabs.isTabVisible(page.result_tabs.indexOf(page.threshold_slot))
    assert page.result_tabs.currentIndex() == 0
