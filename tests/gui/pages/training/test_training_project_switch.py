"""The Training page follows the document to another project: no stale runs, curves or status."""

from engine.graph import load_template
from engine.io.project import Project
from engine.runs.record import RunRecord
from gui.pages.training.page import TrainingPage


def _record(n_epochs: int = 3, accuracy: float = 0.8) -> RunRecord:
    history = [{"epoch": e, "train_loss": 0.5 / e, "val_loss": 0.6 / e, "metrics": {"accuracy": accuracy}}
               for e in range(1, n_epochs + 1)]
    return RunRecord(history=history, reason="finished", epochs_run=n_epochs, best_epoch=n_epochs,
                     bundle="/nonexistent/run.layerlab", started_at="2026-01-01T10:00:00+00:00")


def test_a_new_project_resets_the_page_without_an_error(qtbot, document, qtlog):
    document.add_run(_record())
    document.add_run(_record(2))
    page = TrainingPage(document)
    qtbot.addWidget(page)
    page.runs.select(1)
    page.curves.flush()
    assert page.curves.val.n == 2
    page.progress.set_status("Run 2: Finished 2 epochs.", "ok")

    errors = []
    import sys

    hook, sys.excepthook = sys.excepthook, lambda *args: errors.append(args)
    try:
        document.load_project(Project(spec=load_template("tutorial-mlp")), None)
    finally:
        sys.excepthook = hook
    assert not errors, errors[0][1] if errors else ""
    assert page.runs.tree.topLevelItemCount() == 0 and page.runs.selected_index == -1
    assert page.curves.val.n == 0 and page.curves.batch.n == 0 and page.curves.metric_series.n == 0
    assert "Run 2" not in page.progress.status.text()
    assert page.progress.epoch.text() == "Epoch –"


def test_opening_another_project_lists_its_runs_and_shows_its_last(qtbot, document):
    document.add_run(_record(4))
    page = TrainingPage(document)
    qtbot.addWidget(page)
    page.curves.flush()
    page.progress.set_status("Run 1: Finished 4 epochs.", "ok")
    project = Project(spec=load_template("tutorial-mlp"))
    project.runs = [_record(2), _record(5), _record(3)]
    document.load_project(project, None)
    assert page.runs.tree.topLevelItemCount() == 3
    assert page.runs.selected_index == 2
    page.curves.flush()
    assert page.curves.val.n == 3
    assert "Finished 4" not in page.progress.status.text()
