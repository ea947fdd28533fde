"""The app on text, image and time-series data: the canvas's context carries the data's inputs, and a run
of the shipped examples trains through the Training page (image paths read from the CSV's folder)."""

import pytest

from engine.layers import REGISTRY
from engine.training import TrainConfig
from gui.file_actions import load_example
from gui.pages.model.input_text import input_explanation
from gui.pages.training.page import TrainingPage
from gui.pages.training.run import active_runs, stop_all


@pytest.fixture(autouse=True)
def _no_thread_left_running(qtbot):
    yield
    assert stop_all(10_000)
    qtbot.waitUntil(lambda: active_runs() == 0, timeout=10_000)


def input_titles(document) -> list[str]:
    return [REGISTRY["Input"].summary(node.params, document.context()) for node in document.spec.nodes
            if node.type == "Input"]


@pytest.mark.parametrize("name, kinds, title", [
    ("digits", ["image"], "image · 1×8×8"),
    ("digits_pixels", ["image"], "pixel · image · 1×8×8"),
    ("bible_verses", ["text"], "text · text · 51 tokens"),
    ("co2", ["sequence"], "history · 12 steps × 1"),
])
def test_examples_context_carries_their_inputs(document, name, kinds, title):
    load_example(document, name)
    context = document.wait_for_context()  # text and images are worked out in the background
    assert [source.kind for source in context.sources] == kinds
    assert input_titles(document) == [title]
    assert document.problems() == [] and document.training_blocker() is None
    assert input_explanation(document) is None  # no table columns to explain


def test_a_table_keeps_its_single_table_input(document):
    assert document.context().sources == ()
    assert input_titles(document) == [f"Input {document.context().input_width}"]
    assert input_explanation(document) is not None


@pytest.mark.slow
def test_image_example_trains_through_the_training_page(qtbot, document):
    load_example(document, "digits")  # image paths relative to resources/examples/digits/
    document.wait_for_context()  # Train is enabled once the image input's shape is known
    document.edit_config(TrainConfig.from_dict({**document.config.to_dict(), "epochs": 2}), "test")
    page = TrainingPage(document)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.run_finished, timeout=240_000):
        page.train_action.trigger()
    qtbot.waitUntil(lambda: not page.is_training, timeout=10_000)
    record = document.runs[-1]
    assert record.reason == "finished" and record.epochs_run == 2
    assert record.test_metrics["accuracy"] > 0.5


@pytest.mark.slow
def test_range_test_reads_the_image_files_from_the_tables_folder(qtbot, document):
    from gui.pages.training.lr_finder_panel import LearningRateFinderDialog

    load_example(document, "digits")
    document.wait_for_context()
    dialog = LearningRateFinderDialog(document)
    qtbot.addWidget(dialog)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result is not None or not dialog.is_running, timeout=120_000)
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=10_000)
    assert dialog.result is not None, dialog.status.text()


@pytest.mark.parametrize("example, template", [("digits", "image_cnn"), ("bible_verses", "text_light"),
                                               ("churn", "tutorial-mlp")])
def test_a_csv_opened_as_a_new_project_starts_from_the_template_that_fits_it(qtbot, example, template):
    """Open CSV on a table of image files (or free text) starts from the image CNN (or a text model), not the
    table MLP that cannot take them (it was: "Output needs (features,); it gets (1, 8, 64)")."""
    from engine.data import read_csv
    from engine.graph import load_template
    from engine.io.examples import get_example
    from gui.document import ProjectDocument

    doc = ProjectDocument()
    doc.set_table(read_csv(get_example(example).path))
    doc.start_project_for_table()
    assert doc.spec.to_dict() == load_template(template).to_dict()
    doc.wait_for_context()
    assert doc.problems() == [] and doc.training_blocker() is None


def test_text_beside_table_columns_opens_with_a_branch_each_and_follows_kind_edits(qtbot, tmp_path):
    """Open CSV on free text beside numbers reads both (one branch each, joined); it read only the text and left
    the numbers out ("Not read by the model"). Making the number column ignored swaps in the text model, as one
    undoable step."""
    import numpy as np
    import pandas as pd

    from engine.data import read_csv
    from engine.graph import load_template
    from engine.io.project import COMBINED_DESIGN
    from gui.document import ProjectDocument

    rng = np.random.default_rng(0)
    words = np.array(["good", "bad", "film", "plot", "fun", "dull", "actor", "scene"])
    pd.DataFrame({"review": [" ".join(rng.choice(words, 6)) for _ in range(120)],
                  "price": rng.normal(10, 3, 120).round(2),
                  "label": ["pos", "neg"] * 60}).to_csv(tmp_path / "reviews.csv", index=False)
    doc = ProjectDocument()
    doc.set_table(read_csv(tmp_path / "reviews.csv"))
    doc.start_project_for_table()
    assert doc.spec.name == COMBINED_DESIGN
    assert sorted(n.params["source"] for n in doc.spec.input_nodes()) == ["review", "table"]
    doc.wait_for_context()
    assert doc.problems() == [] and doc.training_blocker() is None
    schema = doc.schema.copy()
    schema.set_role("price", "ignore")
    doc.edit_schema(schema, "Ignore price")
    assert doc.spec.to_dict() == load_template("text_light").to_dict()
    doc.undo_stack.undo()
    assert doc.spec.name == COMBINED_DESIGN and doc.schema.column("price").role == "feature"


def test_a_run_reports_reading_the_image_files_before_training(qtbot, document, tmp_path):
    """Decoding 1,797 PNGs comes before the first epoch: the run reports it, so the Training page says
    "Reading the image files: 1,200 of 1,797…" instead of nothing."""
    from gui.pages.training.execution import RunControl, TableCache, execute_run
    from gui.pages.training.protocol import ReadingImages, RunFinished
    from gui.pages.training.requests import new_run_request

    load_example(document, "digits")
    document.wait_for_context()
    document.edit_config(TrainConfig.from_dict({**document.config.to_dict(), "epochs": 1}), "test")
    sent = []
    request = new_run_request(document)
    execute_run(request, sent.append, RunControl(), TableCache())
    reading = [m for m in sent if isinstance(m, ReadingImages)]
    assert isinstance(sent[-1], RunFinished), sent[-1]
    assert len(reading) > 10 and reading[-1] == ReadingImages(1797, 1797)
    assert all(a.done <= b.done for a, b in zip(reading, reading[1:]))
    page = TrainingPage(document)
    qtbot.addWidget(page)
    page._on_run_reading_images(1200, 1797)
    assert "1,200 of 1,797" in page.progress.status.text()


@pytest.mark.slow
def test_train_right_after_an_image_size_edit_starts_the_run(qtbot, document):
    """Typing a new image size and pressing Train (no Enter) commits the size, which sets the model's inputs to be
    worked out again; Train waits for them instead of doing nothing (QA: the first click was lost)."""
    from engine.io.project import ImageOptions

    load_example(document, "digits")
    document.wait_for_context()
    document.edit_config(TrainConfig.from_dict({**document.config.to_dict(), "epochs": 1}), "test")
    page = TrainingPage(document)
    qtbot.addWidget(page)
    document.edit_image_options(ImageOptions(size=(12, 12)), "Image size")
    assert document.context_pending
    with qtbot.waitSignal(page.run_finished, timeout=240_000):
        page.train_action.trigger()
        assert page.is_training, page.progress.status.text()
    qtbot.waitUntil(lambda: not page.is_training, timeout=10_000)
    assert document.runs[-1].reason == "finished"
