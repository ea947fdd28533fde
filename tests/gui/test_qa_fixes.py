"""Fixes from a QA pass under Xvfb: plots and texts after a project switch, clipped labels, wording."""

import os

import pytest

SHOTS = "/tmp/shots-qa2"


def _shot(widget, name: str) -> None:
    os.makedirs(SHOTS, exist_ok=True)
    widget.grab().save(os.path.join(SHOTS, name))


def _regression_record(epochs: int = 3):
    from engine.runs.record import RunRecord

    history = [{"epoch": e, "train_loss": 0.5 / e, "val_loss": 0.6 / e, "metrics": {"rmse": 3.0 / e}}
               for e in range(1, epochs + 1)]
    return RunRecord.from_dict({"task": "regression", "history": history, "best_epoch": epochs, "epochs_run": epochs,
                                "config": {"epochs": epochs}})


def test_training_plots_are_reset_for_a_new_project(qtbot, document):
    """New project after a run: the empty plots had kept the run's axes and its "Validation RMSE" title."""
    from engine.graph import load_template
    from engine.io.project import Project
    from gui.pages.training.page import TrainingPage

    page = TrainingPage(document)
    qtbot.addWidget(page)
    page.resize(1024, 600)
    page.show()
    document.load_project(Project(spec=load_template("regression-mlp"), runs=[_regression_record()]), None)
    page.curves.flush()
    assert page.curves.metric_plot.getPlotItem().titleLabel.text == "Validation RMSE"
    document.load_project(Project(spec=load_template("tutorial-mlp")), None)  # File > New project: no target
    page.curves.flush()
    qtbot.wait(20)
    assert page.curves.metric_plot.getPlotItem().titleLabel.text == "Validation metric"
    for plot in (page.curves.loss_plot, page.curves.metric_plot):
        (x0, x1), (y0, y1) = plot.getPlotItem().vb.viewRange()
        assert (x0, x1, y0, y1) == pytest.approx((0, 1, 0, 1))
    _shot(page, "training_after_new_project.png")


def test_progress_shows_the_last_epoch_of_an_early_stopped_run(qtbot):
    """Early-stopped at epoch 54 of 300 showed "Epoch 55/300": the epoch shown is the one the last step is in."""
    from gui.pages.training.progress import ProgressView

    view = ProgressView()
    qtbot.addWidget(view)
    view.start({"steps_per_epoch": 10, "epochs": 300, "first_epoch": 1})
    assert view.epoch.text() == "Epoch 1/300"
    view.add_steps(3)
    view.tick()
    assert view.epoch.text() == "Epoch 1/300"
    for epoch in range(1, 55):
        view.add_steps(epoch * 10)
        view.epoch_ended({"epoch": epoch})
    view.tick()
    assert view.epoch.text() == "Epoch 54/300"
    view.add_steps(541)
    view.tick()
    assert view.epoch.text() == "Epoch 55/300"  # a batch of epoch 55 is done: it is under way
    view.start({"steps_per_epoch": 10, "epochs": 20, "first_epoch": 11})  # continued from epoch 10
    assert view.epoch.text() == "Epoch 11/20"
    view.epoch_ended({"epoch": 11})
    view.finish()
    assert view.epoch.text() == "Epoch 11/20"


def test_the_runs_table_says_paused_while_paused(qtbot, document):
    from gui.pages.training.runs_list import RunsList

    runs = RunsList(document)
    qtbot.addWidget(runs)
    runs.resize(900, 200)
    runs.show()
    runs.show_running(0, "", "3/20")
    assert runs.tree.topLevelItem(0).text(3) == "Running…"
    runs.set_paused(True)
    assert runs.tree.topLevelItem(0).text(3) == "Paused"
    runs.set_running_epochs("4/20")
    runs.show_running(0, "", "4/20")  # the list rebuilt (e.g. runs_changed) while the run was paused
    runs.set_paused(True)
    document.runs_changed.emit()
    assert runs.tree.topLevelItem(0).text(3) == "Paused"
    _shot(runs, "runs_paused.png")
    runs.set_paused(False)
    assert runs.tree.topLevelItem(0).text(3) == "Running…"
    runs.end_running()
    assert runs.tree.topLevelItemCount() == 0


@pytest.mark.slow  # a child process or several: CI runs it with -m slow
@pytest.mark.parametrize("module", ["gui", "gui.launcher"])
def test_python_dash_m_gui_runs_like_the_layerlab_command(module):
    """`python -m gui` and `python -m gui.launcher` exited 0 without doing anything."""
    import subprocess
    import sys
    from pathlib import Path

    from engine.io.examples import get_example

    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-m", module, "info", str(get_example("churn").path)], cwd=root,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "churn" in run.stdout.lower() and run.stdout.strip()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    if sys.platform.startswith("linux"):  # no sub-command: the app is opened (here: no display, said so)
        run = subprocess.run([sys.executable, "-m", module], cwd=root, env=env, capture_output=True, text=True,
                             timeout=120)
        assert run.returncode != 0 and "no display found" in run.stderr


def test_no_plot_widget_overrides_clear():
    """PlotWidget.__init__ sets self.clear = plotItem.clear on each instance, so a subclass's clear() is never
    called and the caller removes every item for good (the Evaluate plots came back empty): name it reset()."""
    import importlib
    import inspect
    import pkgutil

    import pyqtgraph as pg

    import gui

    offenders = []
    for info in pkgutil.walk_packages(gui.__path__, "gui."):
        if info.name.startswith(("gui.__main__", "gui.devtools")):
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, pg.PlotWidget) and cls.__module__ == module.__name__ and "clear" in vars(cls):
                offenders.append(f"{module.__name__}.{cls.__name__}")
    assert not offenders
