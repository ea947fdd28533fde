"""`layerlab --screenshots DIR [--theme light|dark] [--lang en|zh_CN]`: each main page at 1280×800 as PNG, with
the example and a finished run.

The pictures in the README come from here; open them and look (labels readable, nothing clipped).
"""

from __future__ import annotations

import sys
from pathlib import Path

from gui.application import build_window, create_application
from gui.devtools.smoke import temporary_settings, train_once

SIZE = (1280, 800)
EPOCHS = 5  # short, but enough for curves with a shape


def _settle(app, rounds: int = 5) -> None:
    """Let layouts, deferred plot refreshes (timers) and repaints run."""
    from PySide6.QtCore import QEventLoop, QThread

    for _ in range(rounds):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        QThread.msleep(60)
    app.processEvents()


def _select_first_hidden_layer(window) -> None:
    spec = window.document.spec
    hidden = [n.id for n in spec.nodes if n.type not in ("Input", "Output")]
    if hidden and hasattr(window.model_page, "select_nodes"):
        window.model_page.select_nodes(hidden[:1])


def _sweep_once(window, app, trials: int = 8, timeout_s: float = 600) -> bool:
    """A small sweep on the Experiments page (learning rate and the first layer's width, two workers), shown
    once it has finished."""
    import time

    from engine.sweeps.space import SweepParam, SweepSpace

    page = window.experiments_page
    hidden = [n.id for n in window.document.spec.nodes if n.type == "Dense"]
    page.space_editor.set_space(SweepSpace([SweepParam("learning_rate", 1e-4, 1e-1, log=True)]
                                           + [SweepParam(f"layers.{hidden[0]}.units", choices=[16, 32, 64, 128])]))
    page.trials_spin.setValue(trials)
    page.workers_spin.setValue(2)
    page.start_button.click()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and (page.control.is_running or len(page._rows) < trials):
        _settle(app, rounds=2)
    _settle(app)
    return not page.control.is_running and len(page._rows) >= trials


def _show_explanations(window, app, timeout_s: float = 300) -> bool:
    """The Evaluate page's Explanations tab, once importance, a test row and partial dependence are drawn."""
    import time

    window.show_page("Evaluate")
    window.evaluate_page.show_explanations()
    panel = window.evaluate_page.explain_panel
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and not panel.is_complete:
        _settle(app, rounds=2)
    _settle(app)
    return panel.is_complete


def _wait_for_cost(window, app, timeout_s: float = 120) -> bool:
    """The Model summary's cost, once its timing probe has reported."""
    import time

    cost = window.model_page.summary.cost
    deadline = time.monotonic() + timeout_s
    # the estimate's tooltip (how it was timed) comes with it: a sign in any language, unlike the label's words
    while time.monotonic() < deadline and not cost.time_label.toolTip():
        _settle(app, rounds=2)
    return bool(cost.time_label.toolTip())


def _find_learning_rate(window, app, timeout_s: float = 120):
    """The Training page's Find learning rate dialog, once its sweep has finished (None if it did not)."""
    import time

    window.show_page("Training")
    window.training_page.lr_find_action.trigger()
    dialog = window.training_page._lr_finder
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and (dialog.result is None or dialog.is_running):
        _settle(app, rounds=2)
    _settle(app)
    return dialog if dialog.result is not None else None


def render_screenshots(folder: str | Path, epochs: int = EPOCHS, theme: str | None = None,
                       language: str | None = None) -> int:
    """Write data.png, model.png, training.png, evaluate.png, experiments.png, threshold.png into `folder` (in
    `theme`, "light" or "dark", when given; else the platform's; in `language`, "en" or "zh_CN", when given,
    else the one installed); 0 on success. The language in use before is back afterwards."""
    from gui.infra.translation import install_translators, running_language

    if not language:
        return _render_pages(folder, epochs, theme)
    before = running_language()
    install_translators(language)  # before the window is made: texts are translated as their widgets are made
    try:
        return _render_pages(folder, epochs, theme)
    finally:
        install_translators(before)


def _render_pages(folder: str | Path, epochs: int, theme: str | None) -> int:
    from PySide6.QtWidgets import QApplication

    from gui.infra.theme import apply_theme
    from gui.menus import PAGE_NAMES

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or create_application()
    if theme:
        apply_theme(theme)
    window = build_window("churn", temporary_settings())
    window.resize(*SIZE)
    window.show()
    _settle(app)
    index, error = train_once(window, epochs=epochs)
    if error:
        print(f"layerlab --screenshots: {error}", file=sys.stderr)
        window.training_page.stop_and_wait(10000)
        return 1
    window.document.undo_stack.clear()  # the pictures show a fresh project, not "Undo Train for 5 epochs"
    window.files.mark_as_opened()
    written = []
    for name in PAGE_NAMES:
        window.show_page(name)
        _settle(app)
        if name == "Model":
            _select_first_hidden_layer(window)
            fit = getattr(window.model_page, "actions", {}).get("fit")
            if fit is not None:
                fit.trigger()
            _settle(app)
            if not _wait_for_cost(window, app):
                print("layerlab --screenshots: the Model summary's cost probe did not finish", file=sys.stderr)
                return 1
        if name == "Experiments" and not _sweep_once(window, app):
            print("layerlab --screenshots: the sweep on the Experiments page did not finish", file=sys.stderr)
            return 1
        window.resize(*SIZE)
        path = folder / f"{name.lower()}.png"
        if not window.grab().save(str(path)):
            print(f"layerlab --screenshots: could not write {path}", file=sys.stderr)
            return 1
        written.append(path)
    evaluate = window.evaluate_page  # its Decision threshold tab, at the best-F1 threshold
    window.show_page("Evaluate")
    evaluate.result_tabs.setCurrentWidget(evaluate.threshold_slot)
    evaluate.threshold_panel.best_button.click()
    _settle(app)
    path = folder / "threshold.png"
    if not window.grab().save(str(path)):
        print(f"layerlab --screenshots: could not write {path}", file=sys.stderr)
        return 1
    written.append(path)
    if not _show_explanations(window, app):
        print("layerlab --screenshots: the explanations on the Evaluate page did not finish", file=sys.stderr)
        return 1
    path = folder / "explain.png"
    if not window.grab().save(str(path)):
        print(f"layerlab --screenshots: could not write {path}", file=sys.stderr)
        return 1
    written.append(path)
    dialog = _find_learning_rate(window, app)
    path = folder / "lr_finder.png"
    if dialog is None or not dialog.grab().save(str(path)):
        print(f"layerlab --screenshots: the learning-rate range test did not finish or {path} could not be "
              "written", file=sys.stderr)
        return 1
    dialog.close()
    written.append(path)
    window.hide()
    window.deleteLater()
    app.processEvents()
    print("wrote " + ", ".join(str(p) for p in written))
    return 0
