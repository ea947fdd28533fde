"""The Evaluate page's explanations: which columns the model relies on, one prediction explained (a test row
or a what-if row), and partial dependence on a numeric column. The engine does the work in background tasks."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (QComboBox, QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QScrollArea,
                               QSpinBox, QSplitter, QVBoxLayout, QWidget)

from gui.infra import background
from gui.pages.evaluate import explain_tasks
from gui.pages.evaluate.explain_plots import ContributionPlot, DependencePlot, ImportancePlot, curve_colour
from gui.pages.evaluate.verdict import metric_label
from gui.pages.evaluate.what_if_form import WhatIfForm, missing_text

NO_MODEL_TEXT = QT_TRANSLATE_NOOP("ExplainPanel", "Train a model (F5) to see which columns it relies on.")  # English
translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text") calls


def _group(title: str, *widgets, stretch_last: bool = True) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    for index, widget in enumerate(widgets):
        last = index == len(widgets) - 1
        if isinstance(widget, QHBoxLayout):
            layout.addLayout(widget)
        else:
            layout.addWidget(widget, 1 if last and stretch_last else 0)
    return box


def _caption(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _percent_or_number(name: str, value: float) -> str:
    return f"{100 * value:.1f} %" if name.startswith("probability") else f"{value:.4g}"


def output_words(name: str) -> str:
    """An output's name from engine.insight.model_outputs ("probability of Yes", "predicted price") in the user's
    language (the engine's English names also decide, in this panel, whether an output is a probability)."""
    if name.startswith("probability of "):
        return translate("ExplainPanel", "probability of {value}").format(value=name.removeprefix("probability of "))
    if name.startswith("predicted "):
        return translate("ExplainPanel", "predicted {target}").format(target=name.removeprefix("predicted "))
    return name


class ExplainPanel(QWidget):
    """Explanations of one run's model on the project's test rows.

    `set_source(bundle_path, frame, split)` names the run to explain; the work starts once the panel is on
    screen (opening the model, then permutation importance, in a background task), and a test row is
    explained as soon as the model is loaded. Editing the what-if form explains the edited row.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._source: tuple | None = None  # (bundle path, frame, split, threshold) of the run shown
        self._key = 0  # which source the tasks' results belong to
        self.data: explain_tasks.ExplainData | None = None
        self.explanation = None  # the last RowExplanation shown
        self._tasks: dict[str, background.BackgroundTask | None] = {"load": None, "row": None, "dependence": None}
        self._row_wanted = False  # the form changed while a row was being explained
        self._build()

    # -- layout -----------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.status_label = _caption(self.tr(NO_MODEL_TEXT))
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.progress.hide()

        self.importance_plot = ImportancePlot()
        self.importance_caption = _caption()
        importance_box = _group(self.tr("Which columns matter (test rows)"), self.importance_caption, self.importance_plot)

        self.dependence_combo = QComboBox()
        self.dependence_combo.setToolTip(self.tr("A numeric column: the plot shows how the average prediction over "
                                                 "the test rows moves as this column alone changes"))
        self.dependence_combo.currentTextChanged.connect(self._on_dependence_combo_changed)
        self.dependence_plot = DependencePlot()
        self.dependence_label = QLabel("")
        self.dependence_label.setTextFormat(Qt.TextFormat.RichText)
        choose = QHBoxLayout()
        choose.addWidget(QLabel(self.tr("Column:")))
        choose.addWidget(self.dependence_combo, 1)
        choose.addWidget(self.dependence_label)
        dependence_box = _group(self.tr("Partial dependence"), choose, self.dependence_plot)

        self.row_spin = QSpinBox()
        self.row_spin.setPrefix(self.tr("Test row "))
        self.row_spin.setKeyboardTracking(False)
        self.row_spin.valueChanged.connect(self._on_row_spin_changed)
        self.reset_button = QPushButton(self.tr("Back to the row"))
        self.reset_button.setToolTip(self.tr("Undo the what-if edits: show the test row's own values again"))
        self.reset_button.clicked.connect(self._on_reset_button_clicked)
        pick = QHBoxLayout()
        pick.addWidget(self.row_spin)
        pick.addWidget(self.reset_button)
        pick.addStretch(1)
        self.prediction_label = _caption()
        self.prediction_label.setObjectName("explainedPrediction")
        self.form = WhatIfForm()
        self.form.row_edited.connect(self._on_form_row_edited)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)
        scroll.setMinimumWidth(200)
        self.contribution_plot = ContributionPlot()
        self.baseline_label = _caption()
        plot_side = QWidget()
        plot_layout = QVBoxLayout(plot_side)
        plot_layout.setContentsMargins(0, 0, 0, 0)
        plot_layout.addWidget(self.contribution_plot, 1)
        plot_layout.addWidget(self.baseline_label)
        inner = QSplitter(Qt.Orientation.Horizontal)
        inner.addWidget(scroll)
        inner.addWidget(plot_side)
        inner.setStretchFactor(0, 2)
        inner.setStretchFactor(1, 3)
        inner.setSizes([2000, 3000])
        prediction_box = _group(self.tr("One prediction: a test row, or your own values"), pick, self.prediction_label,
                                inner)

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(importance_box)
        left.addWidget(dependence_box)
        left.setSizes([5000, 3000])
        left.setStretchFactor(0, 5)
        left.setStretchFactor(1, 3)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(left)
        body.addWidget(prediction_box)
        body.setStretchFactor(0, 2)
        body.setStretchFactor(1, 3)
        body.setSizes([2000, 3000])
        self.body = body
        self.controls = (self.row_spin, self.reset_button, self.form, self.dependence_combo)
        self._enable_controls(False)

        status = QHBoxLayout()
        status.addWidget(self.status_label, 1)
        status.addWidget(self.progress)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(status)
        layout.addWidget(body, 1)

    def _enable_controls(self, enabled: bool) -> None:
        # Only the controls: a disabled plot would draw its axes in the greyed colours for good.
        for widget in self.controls:
            widget.setEnabled(enabled)

    # -- which run ----------------------------------------------------------------------------------------------
    def set_source(self, bundle_path: str | Path | None, frame: pd.DataFrame | None, split,
                   threshold: float | None = None, base_dir: Path | None = None) -> None:
        """Explain the model in `bundle_path` on the test rows of `frame` (split as `split`); None: nothing.
        `threshold`: the run's decision threshold; another one (kept in the bundle) reloads the model.
        `base_dir`: the folder an image column's paths are relative to."""
        if self._source is not None and self._same_source((bundle_path, frame, split, threshold, base_dir)):
            return
        self._key += 1
        self._source = (bundle_path, frame, split, threshold, base_dir)
        self.data, self.explanation = None, None
        for name, task in self._tasks.items():
            if task is not None:
                task.discard()
            self._tasks[name] = None
        self._row_wanted = False
        self._enable_controls(False)
        self.progress.hide()
        for plot in (self.importance_plot, self.contribution_plot, self.dependence_plot):
            plot.reset()
        self.importance_caption.clear()
        self.dependence_label.clear()
        self.prediction_label.clear()
        self.baseline_label.clear()
        self.dependence_combo.blockSignals(True)
        self.dependence_combo.clear()
        self.dependence_combo.blockSignals(False)
        if not self._explainable:
            self.status_label.setText(self.tr(NO_MODEL_TEXT) if not bundle_path else
                                      self.tr("Open the project's data (Data page) to explain this model on its test "
                                              "rows."))
        elif self.isVisible():
            self._start_loading()
        else:
            self.status_label.setText("")

    def _same_source(self, source) -> bool:
        old = self._source
        return str(source[0]) == str(old[0]) and source[1] is old[1] and source[2:] == old[2:]

    @property
    def _explainable(self) -> bool:
        return self._source is not None and bool(self._source[0]) and self._source[1] is not None

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._explainable and self.data is None and self._tasks["load"] is None:
            self._start_loading()

    @property
    def is_complete(self) -> bool:
        """Everything drawn for the run: importance, a row's contributions, partial dependence; no task running."""
        return (self.data is not None and self.explanation is not None and not any(self._tasks.values())
                and (bool(self.dependence_plot.curves) or not self.dependence_combo.count()))

    def wait_for_tasks(self, timeout_ms: int = 5000) -> bool:
        """Block until the running tasks end (tests; the window closing)."""
        return all(task is None or task.wait(timeout_ms) for task in list(self._tasks.values()))

    # -- loading and importance ---------------------------------------------------------------------------------
    def _start_loading(self) -> None:
        bundle_path, frame, split, _, base_dir = self._source
        task = background.BackgroundTask(explain_tasks.load_and_measure, self._key, bundle_path, frame, split,
                                         base_dir, name="layerlab-explain")
        task.status_changed.connect(self.status_label.setText)
        task.progress_changed.connect(self.progress.setValue)
        task.succeeded.connect(self._on_load_task_succeeded)
        task.failed.connect(self._on_task_failed)
        self._tasks["load"] = task
        self.progress.setValue(0)
        self.progress.show()
        task.start()

    @Slot(object)
    def _on_load_task_succeeded(self, data) -> None:
        self._tasks["load"] = None
        self.progress.hide()
        if data.key != self._key:
            return
        self.data = data
        result = data.importance
        accuracy = result.metric == "accuracy"
        scale = 100.0 if accuracy else 1.0
        columns = [c.column for c in result.columns]
        self.importance_plot.set_importance(columns, [scale * c.mean for c in result.columns],
                                            [scale * c.std for c in result.columns],
                                            self.tr("drop in accuracy (points)") if accuracy else self.tr("rise in RMSE"))
        from engine.runs.metrics import format_metric

        self.importance_caption.setText(
            self.tr("Each column shuffled {repeats}× on {rows} test rows ({metric} {score}); whiskers: ± 1 sd.").format(
                repeats=result.repeats, rows=f"{result.rows:,}", metric=metric_label(result.metric),
                score=format_metric(result.metric, result.score)))
        self.importance_caption.setToolTip(self.tr(
            "Permutation importance: each column's values are shuffled among the test rows (its link to the "
            "answer broken, everything else kept) and the model scored again. A long bar: the model relies on "
            "that column. The whiskers show how much the loss varied over the shuffles."))
        self.status_label.setText(self.tr("{count} test rows of the project's data.", "", len(data.test_rows)).format(
            count=f"{len(data.test_rows):,}"))
        self._fill_inputs(data)
        self._enable_controls(True)

    def _fill_inputs(self, data) -> None:
        from engine.insight.partial_dependence import numeric_columns
        from engine.preprocess.input_map import column_choices

        pre = data.bundle.preprocessor
        kinds = [(name, pre.schema.column(name).kind) for name in pre.input_columns]
        encoders = data.bundle.inputs.encoders if data.bundle.inputs is not None else []
        kinds += [(e.column, e.kind) for e in encoders if e.kind == "text"]  # pixel groups and images stay as read
        self.form.set_columns(kinds, column_choices(pre), data.test_rows)
        self.row_spin.blockSignals(True)
        self.row_spin.setRange(1, max(len(data.test_rows), 1))
        self.row_spin.setSuffix(self.tr(" of {count}").format(count=f"{len(data.test_rows):,}"))
        self.row_spin.setValue(1)
        self.row_spin.blockSignals(False)
        self.show_test_row(1)
        numeric = numeric_columns(pre)
        self.dependence_combo.blockSignals(True)
        self.dependence_combo.clear()
        self.dependence_combo.addItems(numeric)
        self.dependence_combo.blockSignals(False)
        if numeric:
            self._start_dependence(numeric[0])
        else:
            self.dependence_plot.set_labels(self.tr("this model has no numeric input columns"))

    # -- one prediction -------------------------------------------------------------------------------------------
    def show_test_row(self, number: int) -> None:
        """Fill the form with test row `number` (1-based) and explain it."""
        if self.data is None or not 1 <= number <= len(self.data.test_rows):
            return
        if self.row_spin.value() != number:
            self.row_spin.blockSignals(True)
            self.row_spin.setValue(number)
            self.row_spin.blockSignals(False)
        self.form.set_row(self.data.test_rows.iloc[number - 1])
        self._explain_form_row()

    def _on_row_spin_changed(self, number: int) -> None:
        self.show_test_row(number)

    def _on_reset_button_clicked(self) -> None:
        self.show_test_row(self.row_spin.value())

    def _on_form_row_edited(self) -> None:
        self._explain_form_row()

    def _explain_form_row(self) -> None:
        if self.data is None:
            return
        if self._tasks["row"] is not None:
            self._row_wanted = True  # explained once the running one ends: the latest values win
            return
        self._row_wanted = False
        task = background.BackgroundTask(explain_tasks.explain_one, self._key, self.data.bundle,
                                         self.form.row_frame(), self.data.test_rows, self.data.base_dir,
                                         name="layerlab-explain-row")
        task.succeeded.connect(self._on_row_task_succeeded)
        task.failed.connect(self._on_task_failed)
        task.finished.connect(self._on_row_task_finished)
        self._tasks["row"] = task
        task.start()

    @Slot(object)
    def _on_row_task_succeeded(self, result) -> None:
        if result.key != self._key:
            return
        explanation = result.explanation
        self.explanation = explanation
        name = explanation.output_name
        shown = _percent_or_number(name, explanation.output)
        several = self.data is not None and self.data.bundle.inputs is not None  # text, images or pixels too
        heading = (self.tr("<b>Predicted: {prediction}</b> · {output}: {value} (baseline: {average})") if several
                   else self.tr("<b>Predicted: {prediction}</b> · {output}: {value} (average row: {average})"))
        self.prediction_label.setText(heading.format(
            prediction=explanation.prediction, output=output_words(name), value=shown,
            average=_percent_or_number(name, explanation.baseline_output)))
        row = self.form.row_frame().iloc[0]
        labels = {column: f"{column} = {self._cell_text(row.get(column))}" for column in explanation.contributions}
        probability = name.startswith("probability")
        scale = 100.0 if probability else 1.0
        self.contribution_plot.set_contributions({k: scale * v for k, v in explanation.contributions.items()},
                                                 labels, self.tr("contribution (points)") if probability
                                                 else self.tr("contribution"))
        if several and not self.data.bundle.inputs.table_width:  # text or images only
            self.baseline_label.setText(self.tr(
                "Each input's share of the {output}: right raises it, left lowers it; together they make the "
                "difference from the baseline ({baseline}), each input switched in turn from its baseline to the "
                "row's value.").format(output=output_words(name), baseline=explanation.baseline))
        elif several:
            self.baseline_label.setText(self.tr(
                "Each input's share of the {output}: right raises it, left lowers it; together they make the "
                "difference from the baseline ({baseline}): the table's columns by Integrated Gradients, then each "
                "other input switched from its baseline to the row's value.").format(
                output=output_words(name), baseline=explanation.baseline))
        else:
            self.baseline_label.setText(self.tr(
                "Each column's share of the {output}: right raises it, left lowers it; together they make the "
                "difference from the average row (Integrated Gradients).").format(output=output_words(name)))

    @staticmethod
    def _cell_text(value) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return missing_text()
        return f"{value:.4g}" if isinstance(value, float) else str(value)

    @Slot()
    def _on_row_task_finished(self) -> None:
        self._tasks["row"] = None
        if self._row_wanted:
            self._explain_form_row()

    # -- partial dependence ----------------------------------------------------------------------------------------
    def _on_dependence_combo_changed(self, column: str) -> None:
        if column:
            self._start_dependence(column)

    def _start_dependence(self, column: str) -> None:
        if self.data is None:
            return
        if self._tasks["dependence"] is not None:
            self._tasks["dependence"].discard()
        task = background.BackgroundTask(explain_tasks.dependence_on, self._key, self.data.bundle,
                                         self.data.test_rows, column, self.data.base_dir,
                                         name="layerlab-explain-dependence")
        task.succeeded.connect(self._on_dependence_task_succeeded)
        task.failed.connect(self._on_task_failed)
        self._tasks["dependence"] = task
        task.start()

    @Slot(object)
    def _on_dependence_task_succeeded(self, result) -> None:
        self._tasks["dependence"] = None
        if result.key != self._key or result.dependence.column != self.dependence_combo.currentText():
            return
        dependence = result.dependence
        names = dependence.output_names
        probability = names[0].startswith("probability")
        self.dependence_plot.set_curves(dependence.grid, dependence.average * (100.0 if probability else 1.0),
                                        names, dependence.column, self.tr("average (%)") if probability
                                        else self.tr("average"))
        self.dependence_label.setWordWrap(len(names) > 1)  # one name stays on one line; a key of classes wraps
        if len(names) == 1:
            self.dependence_label.setText(f"→ {output_words(names[0])}")
        else:  # the curves' key, in their colours
            self.dependence_label.setText("→ " + " ".join(
                f"<span style='color:{curve_colour(k).name()}'>■ {html.escape(name.removeprefix('probability of '))}</span>"
                for k, name in enumerate(names)))

    # -- errors --------------------------------------------------------------------------------------------------
    @Slot(object)
    def _on_task_failed(self, exc: BaseException) -> None:
        from engine.errors import LayerLabError

        for name, task in self._tasks.items():
            if task is self.sender():
                self._tasks[name] = None
        self.progress.hide()
        words = str(exc) if isinstance(exc, LayerLabError) else f"{type(exc).__name__}: {exc}"
        self.status_label.setText(self.tr("Cannot explain this model: {reason}").format(reason=words))
