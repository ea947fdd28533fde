"""The Evaluate page's decision-threshold tab for a binary run: move the threshold and see precision,
recall, F1 and the confusion matrix follow at once, with the ROC and precision-recall curves (the
threshold marked on both) and the calibration curve; keep the chosen threshold in the run's model.

Every number comes from engine.runs.decision on the run's stored test probabilities: nothing is retrained.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Slot
from PySide6.QtWidgets import (QDoubleSpinBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSlider,
                               QSplitter, QTabWidget, QVBoxLayout, QWidget)

from engine.runs.decision import DEFAULT_THRESHOLD
from gui.infra import background, messages
from gui.pages.evaluate.confusion import ConfusionMatrixView

STEPS = 1000  # slider positions per unit of probability: 0.001 apart
SCORES = (("precision", QT_TRANSLATE_NOOP("ThresholdPanel", "Precision")),  # English; the panel translates
          ("recall", QT_TRANSLATE_NOOP("ThresholdPanel", "Recall")),
          ("f1", QT_TRANSLATE_NOOP("ThresholdPanel", "F1 score")),
          ("accuracy", QT_TRANSLATE_NOOP("ThresholdPanel", "Accuracy")))


def store_threshold(state, bundle_path: str, threshold: float) -> float:
    """Write `threshold` into the bundle (in a task's thread; `state` is its TaskState); returns it."""
    from engine.io.bundle import set_threshold

    set_threshold(bundle_path, threshold)
    return threshold


def has_decision_outputs(record) -> bool:
    """True for a binary run that kept its test rows' truth and probabilities (what the tab needs)."""
    outputs = record.test_outputs if record is not None else {}
    return record is not None and record.task == "binary" and "proba" in outputs and "y_true" in outputs


class ThresholdPanel(QWidget):
    """The decision threshold of one binary run (a view of document.runs[index]).

    `show_run(index, record)` fills it; the slider, the spin box and the presets ("Best F1", "0.5") move the
    threshold; "Keep for this model" writes it into the run's bundle (a background task) and then replaces
    the run's record in the document, so predictions, exports and the saved project all use it.
    """

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.index: int | None = None
        self.record = None
        self._y = self._proba = None
        self._best_f1 = DEFAULT_THRESHOLD
        self._shown: float | None = None  # the threshold drawn
        self._task: background.BackgroundTask | None = None  # storing a threshold in the bundle
        self._task_run = None  # (project, index, record) the task stores it for
        self._build()

    # -- layout -----------------------------------------------------------------------------------------------
    def _build(self) -> None:
        from gui.pages.evaluate.decision_plots import CalibrationPlot, PrecisionRecallPlot, threshold_marker
        from gui.pages.evaluate.plots import RocPlot

        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(1, STEPS - 1)
        self.slider.setPageStep(50)
        self.slider.setToolTip(self.tr("Rows whose probability of the positive class reaches the threshold are "
                                       "predicted positive."))
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.spin = QDoubleSpinBox(self)
        self.spin.setRange(1 / STEPS, 1 - 1 / STEPS)
        self.spin.setDecimals(3)
        self.spin.setSingleStep(0.01)
        self.spin.setKeyboardTracking(False)
        self.spin.valueChanged.connect(self.set_threshold)
        self.best_button = QPushButton(self.tr("Best F1"), self)
        self.best_button.setToolTip(self.tr("The threshold with the highest F1 score on the test rows"))
        self.best_button.clicked.connect(self._on_best_button_clicked)
        self.half_button = QPushButton("0.5", self)
        self.half_button.setToolTip(self.tr("The usual threshold: the more likely class"))
        self.half_button.clicked.connect(self._on_half_button_clicked)
        self.keep_button = QPushButton(self.tr("Keep for this model"), self)
        self.keep_button.setToolTip(self.tr("Store the threshold in the run's model file: Predict, layerlab predict "
                                            "and the exports use it"))
        self.keep_button.clicked.connect(self._on_keep_button_clicked)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Decision threshold"), self))
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.spin)
        controls.addWidget(self.best_button)
        controls.addWidget(self.half_button)
        controls.addWidget(self.keep_button)
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        self.score_labels: dict[str, QLabel] = {}
        scores = QGroupBox(self.tr("At this threshold (test rows)"), self)
        grid = QGridLayout(scores)
        for row, (key, label) in enumerate(SCORES):
            grid.addWidget(QLabel(self.tr(label), scores), row, 0)
            value = QLabel(scores)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(value, row, 1)
            self.score_labels[key] = value
        self.flagged = QLabel(scores)
        self.flagged.setWordWrap(True)
        grid.addWidget(self.flagged, len(SCORES), 0, 1, 2)
        self.confusion = ConfusionMatrixView(self)
        matrix = QGroupBox(self.tr("Confusion matrix at this threshold"), self)
        QVBoxLayout(matrix).addWidget(self.confusion)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(scores)
        left_layout.addWidget(matrix, 1)

        self.roc = RocPlot(self)
        self.roc_marker = threshold_marker(self.roc)
        self.pr = PrecisionRecallPlot(self)
        self.calibration = CalibrationPlot(self)
        curves = QSplitter(Qt.Orientation.Horizontal, self)
        curves.addWidget(self.roc)
        curves.addWidget(self.pr)
        self.plots = QTabWidget(self)
        self.plots.addTab(curves, self.tr("ROC and precision-recall"))
        self.plots.addTab(self.calibration, self.tr("Calibration"))
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(left)
        body.addWidget(self.plots)
        body.setStretchFactor(0, 0)
        body.setStretchFactor(1, 1)
        body.setSizes([300, 900])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.status)
        layout.addWidget(body, 1)

    # -- showing a run ----------------------------------------------------------------------------------------
    def show_run(self, index: int, record) -> None:
        """Show run `index` (a binary RunRecord with test probabilities: see has_decision_outputs)."""
        from engine.runs import decision

        self.index, self.record = index, record
        outputs = record.test_outputs
        self._y = np.asarray(outputs["y_true"]).astype(np.int64)
        self._proba = np.asarray(outputs["proba"], dtype=np.float64)
        self._best_f1 = decision.best_f1_threshold(self._y, self._proba)
        self.best_button.setText(self.tr("Best F1 ({threshold})").format(threshold=f"{self._best_f1:.3f}"))
        roc = record.test_metrics.get("roc_curve") or {}
        self.roc.set_curve(roc.get("fpr", []), roc.get("tpr", []), record.test_metrics.get("roc_auc"))
        self.pr.set_curve(decision.precision_recall(self._y, self._proba),
                          float(self._y.mean()) if len(self._y) else None)
        self.calibration.set_curve(decision.calibration(self._y, self._proba))
        self.set_threshold(record.decision_threshold, force=True)

    def clear(self) -> None:
        """Show nothing (another project is shown)."""
        self.index = self.record = self._y = self._proba = self._shown = None
        self.confusion.clear_matrix()
        for widget in (self.roc, self.pr, self.calibration):
            widget.reset()
        self.roc_marker.setData([], [])

    def refresh_palette(self) -> None:
        """Re-colour the plots and the matrix after a light/dark theme change."""
        for plot in (self.roc, self.pr, self.calibration):
            plot.setPalette(self.palette())
            plot.refresh_palette()
        self.confusion.refresh_palette()

    @property
    def threshold(self) -> float:
        return round(self.spin.value(), 3)

    @Slot(float)
    def set_threshold(self, value: float, force: bool = False) -> None:
        """Move the threshold to `value` (rounded to 0.001) and redraw the scores, matrix and markers."""
        from engine.runs.decision import scores_at
        from engine.runs.metrics import format_metric

        value = min(max(round(float(value), 3), 1 / STEPS), 1 - 1 / STEPS)
        if self._proba is None or (value == self._shown and not force):
            return
        self._shown = value
        for widget, position in ((self.slider, round(value * STEPS)), (self.spin, value)):
            widget.blockSignals(True)
            widget.setValue(position)
            widget.blockSignals(False)
        scores = scores_at(self._y, self._proba, value)
        for key, label in self.score_labels.items():
            label.setText(format_metric(key, scores[key]))
        names = self._class_names()
        predicted = scores["confusion_matrix"][0][1] + scores["confusion_matrix"][1][1]
        sampled = int(self.record.test_metrics.get("n", scores["n"])) > scores["n"]  # runs keep up to 5,000 rows
        self.flagged.setText(self.tr("{predicted} of {count} test rows predicted {name}").format(
            predicted=f"{predicted:,}", count=f"{scores['n']:,}", name=names[1])
                             + (self.tr(" (a sample of the test rows)") if sampled else ""))
        self.confusion.set_matrix(scores["confusion_matrix"], names)
        self.roc_marker.setData([scores["fpr"]], [scores["tpr"]])
        self.pr.mark(scores["recall"], scores["precision"])
        self._update_status()

    def _class_names(self) -> list[str]:
        from gui.pages.evaluate.verdict import class_names

        names = list(class_names(self.record)) if self.record is not None else []
        return names if len(names) == 2 else [self.tr("negative"), self.tr("positive")]

    def _update_status(self) -> None:
        stored = float(self.record.decision_threshold)
        busy = self._task is not None
        names = self._class_names()
        self.keep_button.setEnabled(not busy and self.threshold != round(stored, 3) and bool(self.record.bundle))
        self.half_button.setEnabled(self.threshold != DEFAULT_THRESHOLD)
        self.best_button.setEnabled(self.threshold != round(self._best_f1, 3))
        if busy:
            text = self.tr("Storing the threshold {threshold} in the model…").format(threshold=f"{self.threshold:.3f}")
        elif self.threshold == round(stored, 3):
            text = self.tr("The model predicts {name} from a probability of {stored} on; Predict, layerlab predict "
                           "and the exports use this threshold.").format(name=names[1], stored=f"{stored:.3f}")
        else:
            text = self.tr("Trying {threshold}; the model still uses {stored} until you press Keep for this "
                           "model.").format(threshold=f"{self.threshold:.3f}", stored=f"{stored:.3f}")
        self.status.setText(text)

    # -- the user's moves -------------------------------------------------------------------------------------
    @Slot(int)
    def _on_slider_value_changed(self, position: int) -> None:
        self.set_threshold(position / STEPS)

    @Slot()
    def _on_best_button_clicked(self) -> None:
        self.set_threshold(self._best_f1)

    @Slot()
    def _on_half_button_clicked(self) -> None:
        self.set_threshold(DEFAULT_THRESHOLD)

    @Slot()
    def _on_keep_button_clicked(self) -> None:
        self.keep_threshold()

    def keep_threshold(self) -> bool:
        """Store the shown threshold in the run's bundle (in the background), then in its record."""
        if self.record is None or self._task is not None or not self.record.bundle:
            return False
        self._task = background.BackgroundTask(store_threshold, self.record.bundle, self.threshold,
                                               name="layerlab-threshold")
        self._task.succeeded.connect(self._on_task_succeeded)
        self._task.failed.connect(self._on_task_failed)
        self._task_run = (self.document.project, self.index, self.record)
        self._task.start()
        self._update_status()
        return True

    def wait_for_task(self, timeout_ms: int = 5000) -> bool:
        """Block until a threshold being stored is stored (used by tests and when the window closes)."""
        return self._task is None or self._task.wait(timeout_ms)

    @Slot(object)
    def _on_task_succeeded(self, threshold) -> None:
        self._task = None
        project, index, record = self._task_run
        runs = self.document.runs
        if self.document.project is project and index is not None and index < len(runs) and runs[index] is record:
            self.document.replace_run(index, record.with_changes(decision_threshold=float(threshold)))
        elif self.record is not None:
            self._update_status()

    @Slot(object)
    def _on_task_failed(self, exc: BaseException) -> None:
        from engine.errors import LayerLabError

        self._task = None
        if self.record is not None:
            self._update_status()
        detail = str(exc) if isinstance(exc, (LayerLabError, OSError)) else f"{type(exc).__name__}: {exc}"
        messages.show_error(self, self.tr("Cannot keep the threshold"),
                            self.tr("The threshold could not be stored in the model file: {detail}").format(detail=detail))
