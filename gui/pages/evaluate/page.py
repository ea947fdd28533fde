"""The Evaluate page: a run's test metrics beside the linear baseline's, its pictures, export and predict."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFrame, QGroupBox, QHBoxLayout, QLabel, QPushButton,
                               QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget)

from engine.runs.record import RunRecord
from gui.infra import messages
from gui.pages.evaluate.confusion import ConfusionMatrixView
from gui.pages.evaluate.metrics_table import MetricsTable
from gui.infra import background
from gui.pages.evaluate.prediction import PredictionDialog, describe_prediction_error, predict_csv
from gui.pages.evaluate.threshold_panel import ThresholdPanel, has_decision_outputs
from gui.pages.evaluate.verdict import BAD, GOOD, class_names, describe_run, run_details_html, run_title, verdict
from gui.infra.icons import standard_icon
from gui.infra.lazy_widget import LazyWidget

EMPTY_TEXT = QT_TRANSLATE_NOOP("EvaluatePage", "No model trained in this project yet.\n"
                              "Train a model (Training page, F5) to see how it does on the test rows.")  # English
VERDICT_COLOURS = {GOOD: "#2e8b57", BAD: "#c0392b"}


PLOT_KINDS = ("roc", "scatter", "residuals")


def _make_plot(kind: str) -> QWidget:
    from gui.pages.evaluate.plots import PredictedVsActualPlot, ResidualsPlot, RocPlot

    return {"roc": RocPlot, "scatter": PredictedVsActualPlot, "residuals": ResidualsPlot}[kind]()


def _make_explain_panel() -> QWidget:
    from gui.pages.evaluate.explain_panel import ExplainPanel

    return ExplainPanel()


def _make_examples_view() -> QWidget:
    from gui.pages.evaluate.examples_view import ExamplesView

    return ExamplesView()


def _group(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(widget)
    return box


class EvaluatePage(QWidget):
    """Shows one run (the latest unless chosen): metrics vs baseline with a verdict, confusion matrix + ROC
    (classification) or predicted-vs-actual + residuals (regression); exports its bundle and predicts on CSVs.

    Actions: export_action, predict_action. Slot: show_run(index). Signals: prediction_finished(object frame),
    prediction_failed(str), model_exported(str path).
    """

    prediction_finished = Signal(object)
    prediction_failed = Signal(str)
    model_exported = Signal(str)

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.current_index: int | None = None
        self.last_prediction = None
        self.prediction_dialog: PredictionDialog | None = None
        self._prediction: background.BackgroundTask | None = None  # the prediction under way
        self._prediction_csv = ""  # the CSV it predicts

        self.export_action = QAction(standard_icon("export"), self.tr("&Export model…"), self)
        self.export_action.setStatusTip(self.tr("Save the selected run's trained model as a .llmodel bundle"))
        self.export_action.triggered.connect(self.export_model)
        self.predict_action = QAction(standard_icon("predict"), self.tr("&Predict on CSV…"), self)
        self.predict_action.setStatusTip(self.tr("Run the selected run's model on a CSV file and show the predictions"))
        self.predict_action.triggered.connect(self.predict_on_csv)

        self._build()
        self._project = document.project  # the project shown; another one means start afresh
        document.runs_changed.connect(self._on_document_runs_changed)
        document.table_changed.connect(self._update_explanations)
        self._on_document_runs_changed()

    # -- layout -----------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.run_combo = QComboBox(self)
        self.run_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.run_combo.currentIndexChanged.connect(self._on_run_combo_changed)
        self.run_label = QLabel(self)
        self.export_button = QPushButton(self.export_action.icon(), self.tr("Export model…"), self)
        self.export_button.clicked.connect(self.export_action.trigger)
        self.predict_button = QPushButton(self.predict_action.icon(), self.tr("Predict on CSV…"), self)
        self.predict_button.clicked.connect(self.predict_action.trigger)
        header = QHBoxLayout()
        header.addWidget(self.run_combo)
        header.addWidget(self.run_label, 1)
        header.addWidget(self.export_button)
        header.addWidget(self.predict_button)

        self.verdict_label = QLabel(self)
        self.verdict_label.setObjectName("verdict")
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.verdict_label.setMargin(8)
        self.verdict_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.metrics_table = MetricsTable(self)

        self.confusion = ConfusionMatrixView(self)
        # The plots (pyqtgraph) are built when first shown or filled, not at start-up.
        self._plot_slots = {name: LazyWidget(lambda name=name: _make_plot(name)) for name in PLOT_KINDS}
        classification = QSplitter(Qt.Orientation.Horizontal)
        classification.addWidget(_group(self.tr("Confusion matrix (test rows)"), self.confusion))
        self.roc_box = _group(self.tr("ROC curve (test rows)"), self._plot_slots["roc"])
        classification.addWidget(self.roc_box)
        regression = QSplitter(Qt.Orientation.Horizontal)
        regression.addWidget(_group(self.tr("Predicted vs actual"), self._plot_slots["scatter"]))
        regression.addWidget(_group(self.tr("Residuals"), self._plot_slots["residuals"]))
        # Share the width in fixed proportions, not by size hints: the plots are built late, and until
        # then their placeholders hint (almost) nothing, which left the ROC plot clipped at its minimum.
        for splitter, shares in ((classification, [11, 10]), (regression, [1, 1])):
            splitter.setSizes([1000 * share for share in shares])  # rescaled to the width Qt gives
            for index, share in enumerate(shares):
                splitter.setStretchFactor(index, share)
        self.no_outputs_label = QLabel(self.tr("This run kept no test predictions to plot."), self)
        self.no_outputs_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.plots = QStackedWidget(self)
        for widget in (classification, regression, self.no_outputs_label):
            self.plots.addWidget(widget)

        self.run_details = QLabel(self)
        self.run_details.setObjectName("run_details")
        self.run_details.setWordWrap(True)
        self.run_details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.run_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(_group(self.tr("Test metrics: network vs baseline"), self.metrics_table))
        left_layout.addWidget(_group(self.tr("This run"), self.run_details))
        left_layout.addStretch(1)
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(left)
        body.addWidget(self.plots)
        body.setStretchFactor(0, 0)
        body.setStretchFactor(1, 1)
        body.setSizes([420, 860])
        # A binary run's decision threshold gets a tab of its own (built when first shown).
        self.threshold_slot = LazyWidget(lambda: ThresholdPanel(self.document), self._show_threshold)
        self.result_tabs = QTabWidget(self)
        self.result_tabs.setDocumentMode(True)
        self.result_tabs.addTab(body, self.tr("Scores"))
        self.result_tabs.addTab(self.threshold_slot, self.tr("Decision threshold"))
        # Explanations (pyqtgraph, background work): built when the tab is first opened.
        self._explain_slot = LazyWidget(_make_explain_panel, self._on_explain_panel_built)
        self.result_tabs.addTab(self._explain_slot, self.tr("Explanations"))
        # Test texts, images or the forecast series (text, image and forecast runs only): built when first shown.
        self.examples_slot = LazyWidget(_make_examples_view, self._show_examples)
        self.result_tabs.addTab(self.examples_slot, self.tr("Test examples"))
        self.results = QWidget(self)
        results_layout = QVBoxLayout(self.results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.verdict_label)
        results_layout.addWidget(self.result_tabs, 1)

        self.empty_label = QLabel(self.tr(EMPTY_TEXT), self)
        self.empty_label.setObjectName("empty_state")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.results)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)

    # -- showing a run ----------------------------------------------------------------------------------------
    def _on_document_runs_changed(self) -> None:
        if self.document.project is not self._project:
            self._forget_project()
        runs = self.document.runs
        previous_count = self.run_combo.count()
        self.run_combo.blockSignals(True)
        self.run_combo.clear()
        for index, record in enumerate(runs):
            self.run_combo.addItem(run_title(index, record))
        self.run_combo.blockSignals(False)
        self.run_combo.setVisible(len(runs) > 1)
        if not runs:
            self.show_run(None)
        elif self.current_index is None or len(runs) != previous_count or self.current_index >= len(runs):
            self.show_run(len(runs) - 1)  # a new run: show it
        else:
            self.show_run(self.current_index)  # a run was replaced (continued): redraw it

    def _forget_project(self) -> None:
        """Another project was loaded (New, Open, an example): nothing of the previous one stays on screen."""
        self._project = self.document.project
        self.current_index = None
        self.run_combo.blockSignals(True)
        self.run_combo.clear()
        self.run_combo.blockSignals(False)
        self.last_prediction = None
        if self.prediction_dialog is not None:
            self.prediction_dialog.close()
            self.prediction_dialog.deleteLater()
            self.prediction_dialog = None
        self.verdict_label.clear()
        self.verdict_label.setStyleSheet("")
        self.metrics_table.clear()
        self.run_details.clear()
        self.confusion.clear_matrix()
        for slot in self._plot_slots.values():
            if slot.is_built:
                slot.widget().reset()
        if self.threshold_slot.is_built:
            self.threshold_slot.widget().clear()

    def _on_run_combo_changed(self, index: int) -> None:
        if index >= 0:
            self.show_run(index)

    @Slot(int)
    def show_run(self, index: int | None) -> None:
        """Show run `index` of document.runs (None or out of range: the empty state)."""
        runs = self.document.runs
        if index is None or not 0 <= index < len(runs):
            self.current_index = None
            self.stack.setCurrentWidget(self.empty_label)
            self.run_label.setText("")
            self._update_actions()
            self._update_explanations()
            return
        self.current_index = index
        record = runs[index]
        if self.run_combo.currentIndex() != index:
            self.run_combo.blockSignals(True)
            self.run_combo.setCurrentIndex(index)
            self.run_combo.blockSignals(False)
        self.stack.setCurrentWidget(self.results)
        self.run_label.setText(describe_run(index, record))
        text, level = verdict(record)
        self.verdict_label.setText(text)
        colour = VERDICT_COLOURS.get(level)
        self.verdict_label.setStyleSheet(f"QLabel#verdict {{ border-left: 4px solid {colour}; }}" if colour else "")
        self.metrics_table.show_record(record)
        self.run_details.setText(run_details_html(record))
        self._fill_plots(record)
        self._show_threshold()
        self._show_examples()
        self._update_actions()
        self._update_explanations()

    def _show_examples(self, *_built) -> None:
        """The Test examples tab: only for runs on text, images or a time column that recorded their test rows."""
        from gui.pages.evaluate.examples_view import examples_input

        record = self.current_record()
        fits = examples_input(record) is not None  # the run's own inputs, from its bundle
        tab = self.result_tabs.indexOf(self.examples_slot)
        if not fits and self.result_tabs.currentIndex() == tab:
            self.result_tabs.setCurrentIndex(0)
        self.result_tabs.setTabVisible(tab, fits)
        if fits and self.examples_slot.is_built:
            self.examples_slot.widget().show_run(record, self.document)

    @property
    def explain_panel(self):
        """The Explanations tab's ExplainPanel, built on first use."""
        return self._explain_slot.widget()

    def _explain_source(self) -> tuple:
        """(bundle path, table frame, split, decision threshold, the table's folder) of the run shown, for the
        explanations."""
        record, table = self.current_record(), self.document.table
        return (record.bundle if record and record.bundle else None,
                table.frame if table is not None else None, self.document.split,
                record.decision_threshold if record else None, self.document.data_folder)

    def show_explanations(self) -> None:
        """Bring the Explanations tab to the front (its work starts once it is on screen)."""
        self.result_tabs.setCurrentWidget(self._explain_slot)

    def _on_explain_panel_built(self, panel) -> None:
        panel.set_source(*self._explain_source())

    def _update_explanations(self) -> None:
        if self._explain_slot.is_built:
            self.explain_panel.set_source(*self._explain_source())

    def current_record(self) -> RunRecord | None:
        runs = self.document.runs
        if self.current_index is None or not 0 <= self.current_index < len(runs):
            return None
        return runs[self.current_index]

    @property
    def roc(self):
        """The ROC curve plot (RocPlot)."""
        return self._plot_slots["roc"].widget()

    @property
    def scatter(self):
        """The predicted-vs-actual plot (PredictedVsActualPlot)."""
        return self._plot_slots["scatter"].widget()

    @property
    def residuals(self):
        """The residuals plot (ResidualsPlot)."""
        return self._plot_slots["residuals"].widget()

    def _fill_plots(self, record: RunRecord) -> None:
        metrics = record.test_metrics
        outputs = record.test_outputs
        if record.is_regression:
            if "y_true" in outputs and "y_pred" in outputs:
                self.scatter.set_values(outputs["y_true"], outputs["y_pred"])
                self.residuals.set_values(outputs["y_true"], outputs["y_pred"])
                self.plots.setCurrentIndex(1)
            else:
                self.plots.setCurrentWidget(self.no_outputs_label)
            return
        if "confusion_matrix" not in metrics:
            self.plots.setCurrentWidget(self.no_outputs_label)
            return
        self.confusion.set_matrix(metrics["confusion_matrix"], class_names(record))  # the run's own classes
        roc = metrics.get("roc_curve")
        self.roc_box.setVisible(bool(roc))
        if roc:
            self.roc.set_curve(roc["fpr"], roc["tpr"], metrics.get("roc_auc"))
        self.plots.setCurrentIndex(0)

    def _show_threshold(self, *_built) -> None:
        """Fill the decision-threshold tab with the shown run (once built); only binary runs with test
        probabilities have the tab."""
        record = self.current_record()
        fits = has_decision_outputs(record)
        tab = self.result_tabs.indexOf(self.threshold_slot)
        if not fits and self.result_tabs.currentIndex() == tab:
            self.result_tabs.setCurrentIndex(0)
        self.result_tabs.setTabVisible(tab, fits)
        if fits and self.threshold_slot.is_built:
            self.threshold_panel.show_run(self.current_index, record)

    @property
    def threshold_panel(self) -> ThresholdPanel:
        """The decision-threshold tab (built now if it was not yet)."""
        return self.threshold_slot.widget()

    def refresh_palette(self) -> None:
        """Re-colour plots and the matrix after a light/dark theme change."""
        for slot in self._plot_slots.values():
            if slot.is_built:  # one built later takes the palette it is built under
                slot.widget().setPalette(self.palette())
                slot.widget().refresh_palette()
        if self.threshold_slot.is_built:
            self.threshold_panel.setPalette(self.palette())
            self.threshold_panel.refresh_palette()
        self.confusion.refresh_palette()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.PaletteChange:
            self.refresh_palette()
        super().changeEvent(event)

    # -- export and predict ---------------------------------------------------------------------------------
    def _bundle_path(self) -> Path | None:
        record = self.current_record()
        return Path(record.bundle) if record and record.bundle else None

    def _update_actions(self) -> None:
        bundle = self._bundle_path()
        has_bundle = bundle is not None
        busy = self._prediction is not None
        self.export_action.setEnabled(has_bundle)
        self.predict_action.setEnabled(has_bundle and not busy)
        self.export_button.setEnabled(self.export_action.isEnabled())
        self.predict_button.setEnabled(self.predict_action.isEnabled())
        tip = "" if has_bundle else self.tr("Train a model first (F5).")
        self.export_button.setToolTip(tip)
        self.predict_button.setToolTip(tip)

    def _existing_bundle(self) -> Path | None:
        bundle = self._bundle_path()
        if bundle is None:
            messages.show_warning(self, self.tr("No trained model"), self.tr("Train a model first (F5), then export or use it."))
            return None
        if not bundle.is_file():
            messages.show_error(self, self.tr("Model file missing"),
                                self.tr("The run's model file was not found:\n{path}\n\nTrain the model again.").format(
                                    path=bundle))
            return None
        return bundle

    def export_model(self) -> None:
        """Ask for a *.llmodel file name and copy the selected run's bundle there."""
        bundle = self._existing_bundle()
        if bundle is None:
            return
        folder = self.document.path.parent if self.document.path else Path.home()
        default = str(folder / f"{self.document.display_name}-run{(self.current_index or 0) + 1}.llmodel")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export model"), default, self.tr("LayerLab models (*.llmodel)"))
        if path:
            if not path.lower().endswith(".llmodel"):
                path += ".llmodel"
            self.export_to(path)

    def export_to(self, path: str | Path) -> bool:
        """Copy the selected run's bundle to `path` atomically; errors -> a dialog naming the file."""
        from engine.io.atomic import write_bytes_atomic

        bundle = self._existing_bundle()
        if bundle is None:
            return False
        try:
            write_bytes_atomic(path, bundle.read_bytes())
        except OSError as exc:
            messages.show_error(self, self.tr("Cannot export the model"),
                                self.tr("Could not write '{path}': {reason}. Choose another folder.").format(
                                    path=path, reason=exc.strerror or exc))
            return False
        self.model_exported.emit(str(path))
        return True

    def predict_on_csv(self) -> None:
        """Ask for a CSV and predict it in the background with the selected run's model."""
        if self._existing_bundle() is None:
            return
        folder = str(self.document.path.parent) if self.document.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Predict on CSV"), folder,
                                              self.tr("CSV tables (*.csv *.tsv *.txt)"))
        if path:
            self.predict_file(path)

    def predict_file(self, csv_path: str | Path) -> bool:
        """Start predicting `csv_path` in a background task; the result arrives as prediction_finished."""
        bundle = self._existing_bundle()
        if bundle is None or self._prediction is not None:
            return False
        self._prediction = background.BackgroundTask(predict_csv, bundle, csv_path, id(self._project), name="layerlab-prediction")
        self._prediction.succeeded.connect(self._on_task_succeeded)
        self._prediction.failed.connect(self._on_task_failed)
        self._prediction_csv = str(csv_path)
        self._prediction.start()
        self.predict_action.setEnabled(False)
        self.predict_button.setEnabled(False)
        self.predict_button.setText(self.tr("Predicting…"))
        return True

    def wait_for_tasks(self, timeout_ms: int = 5000) -> bool:
        """Block until a running prediction (or a threshold being stored) ends (used when the window closes)."""
        stored = not self.threshold_slot.is_built or self.threshold_slot.widget().wait_for_task(timeout_ms)
        explained = not self._explain_slot.is_built or self.explain_panel.wait_for_tasks(timeout_ms)
        explained = explained and (not self.examples_slot.is_built or self.examples_slot.widget().wait_for_tasks(
            timeout_ms))
        return stored and explained and (self._prediction is None or self._prediction.wait(timeout_ms))

    @Slot(object)
    def _on_task_succeeded(self, result) -> None:
        self._prediction = None
        self.predict_button.setText(self.tr("Predict on CSV…"))
        self._update_actions()
        if result.token != id(self._project):
            return  # started for the project that was open before: its predictions mean nothing here
        frame = result.frame
        self.last_prediction = frame
        self.prediction_dialog = PredictionDialog(frame, result.csv_path, self, no_features=result.no_features,
                                                 notes=result.notes)
        self.prediction_dialog.show()
        self.prediction_finished.emit(frame)

    @Slot(object)
    def _on_task_failed(self, exc: BaseException) -> None:
        self._prediction = None
        message = describe_prediction_error(exc, self._prediction_csv)
        self.predict_button.setText(self.tr("Predict on CSV…"))
        self._update_actions()
        self.prediction_failed.emit(message)
        messages.show_error(self, self.tr("Cannot predict"), message)
