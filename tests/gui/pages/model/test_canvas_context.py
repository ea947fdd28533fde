"""The canvas's model inputs (the document's context) for text and images are worked out in a background task:
the window never waits for a vocabulary; the Input node says it is working, then shows what a run will have;
a result for settings changed meanwhile is dropped, and settings seen before cost nothing."""

import warnings

import pytest
from PySide6.QtWidgets import QApplication

from engine.errors import DataWarning

from engine.layers import REGISTRY
from engine.preprocess import Split, prepare
from engine.preprocess import model_context
from gui.file_actions import load_example

SHOTS = "/tmp/canvas_context"


def make_page(qtbot, document, size=(1280, 800)):
    from gui.pages.model.page import ModelPage

    page = ModelPage(document)
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    return page


def input_item(page):
    return page.scene.node_item(page.document.spec.input_node().id)


def input_title(document) -> str:
    return REGISTRY["Input"].summary(document.spec.input_node().params, document.context())


def prepared_sources(document):
    """The inputs a run on the document's data and settings prepares (engine.preprocess.prepare)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)  # the texts cut at the sequence length
        data = prepare(document.table.frame, document.schema, document.split, base_dir=document.data_folder,
                       image_size=document.image_options.size)
    return data.sources


def test_opening_text_shows_working_then_the_token_count_a_run_has(qtbot, document):
    page = make_page(qtbot, document)
    with qtbot.waitSignal(document.context_changed, timeout=60_000):
        load_example(document, "bible_verses")
        assert document.context() is None and document.context_pending  # returned at once: no vocabulary yet
        item = input_item(page)
        assert item.params_text == "working out the inputs…" and item.shape_text == "…"
        assert "Working out" in page.summary.total_label.text()
        assert "Working out" in document.training_blocker()
        QApplication.processEvents()
        page.grab().save(f"{SHOTS}_working.png")
    assert not document.context_pending and document.training_blocker() is None
    (source,) = document.context().sources
    assert (source.name, source.kind) == ("text", "text")
    assert prepared_sources(document) == (source,)  # token count and vocabulary: exactly the run's
    item = input_item(page)
    assert item.title == f"text · text · {source.shape[0]} tokens" and item.shape_text == f"({source.shape[0]},)"
    assert "working" not in item.params_text
    assert "Total:" in page.summary.total_label.text()
    page.grab().save(f"{SHOTS}_done.png")


def test_images_show_the_shape_a_run_has(qtbot, document):
    load_example(document, "digits")
    assert document.context_pending  # reading image files never happens on the UI thread
    context = document.wait_for_context()
    assert context.sources == prepared_sources(document) and input_title(document) == "image · 1×8×8"


def test_text_is_fitted_on_every_training_row_as_a_run_does(qtbot, document, monkeypatch):
    """The table's columns may be fitted on a sample of the training rows; a vocabulary never is (a sample
    has fewer words than the run's)."""
    monkeypatch.setattr(model_context, "SAMPLE_ROWS", 300)
    load_example(document, "bible_verses")
    assert document.wait_for_context().sources == prepared_sources(document)


def test_a_result_for_changed_settings_is_dropped(qtbot, document):
    load_example(document, "bible_verses")
    assert document.context() is None  # asked for: its vocabulary is being fitted
    first_key = document._context_key
    split = Split.from_dict({**document.split.to_dict(), "seed": 7})
    document.edit_split(split, "Another split")  # while the first split's vocabulary is still being fitted
    assert document.context_pending and document._context_key != first_key
    arrivals = []
    document.context_changed.connect(lambda: arrivals.append(document.context()))
    with qtbot.waitSignal(document._context_worker.ready, timeout=60_000,
                          check_params_cb=lambda key: key == first_key):
        pass
    assert arrivals == [] and document.context_pending  # the first split's result is not shown
    with qtbot.waitSignal(document.context_changed, timeout=60_000):
        pass
    assert len(arrivals) == 1 and arrivals[0] is not None
    assert arrivals[0].sources == prepared_sources(document)


def test_settings_seen_before_are_not_worked_out_again(qtbot, document):
    load_example(document, "bible_verses")
    first = document.wait_for_context()
    document.edit_split(Split.from_dict({**document.split.to_dict(), "seed": 7}), "Another split")
    second = document.wait_for_context()
    assert second.sources != first.sources  # another training part, another vocabulary
    document.undo_stack.undo()
    assert not document.context_pending and document.context() == first  # kept: no task, no waiting
    document.undo_stack.redo()
    assert not document.context_pending and document.context() == second


def test_a_small_table_is_worked_out_at_once(qtbot, document):
    """churn (7,000 rows, no text or images): no waiting state ever, exactly as before."""
    assert not document.context_pending and document.context() is not None
    schema = document.schema.copy()
    schema.set_role("gender", "ignore")
    document.edit_schema(schema, "Ignore gender")
    assert not document.context_pending and document.context() is not None


@pytest.mark.parametrize("size", [(1024, 600)])
def test_working_state_fits_a_small_window(qtbot, document, size):
    page = make_page(qtbot, document, size)
    load_example(document, "bible_verses")
    QApplication.processEvents()
    page.grab().save(f"{SHOTS}_working_small.png")
    assert "Working out" in page.summary.total_label.text()
    document.wait_for_context()
    QApplication.processEvents()
    page.grab().save(f"{SHOTS}_done_small.png")
    assert "Total:" in page.summary.total_label.text()
