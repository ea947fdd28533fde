"""The "Find learning rate" dialog: the engine's range test in a background task, its curve on a log axis,
the suggested rate and the divergence point marked, and one click to use the suggestion."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, Qt, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.infra import background
from gui.infra.theme import style_plot
from gui.pages.data.images_panel import with_way_out

SUGGESTION_COLOR = "#2e9d48"
DIVERGENCE_COLOR = "#d9534f"
CURVE_COLOR = "#1f77b4"
PARTIAL_EVERY = 5  # points per live update of the curve


def sweep(state: background.TaskState, frame, schema, spec, config, split, data_options: dict | None = None):
    """The range test as `train` would prepare the data and build the model (background thread); data_options:
    RunPipeline's (the table's folder for image paths, the image options)."""
    from engine.insight.lr_finder import find_learning_rate
    from engine.runs.pipeline import RunPipeline

    points: list[tuple[float, float]] = []

    def on_point(rate: float, loss: float) -> None:
        points.append((rate, loss))
        if len(points) % PARTIAL_EVERY == 0:
            state.set_partial_result(list(points))

    state.set_status(QCoreApplication.translate("LearningRateFinderDialog", "Preparing the data…"))
    pipeline = RunPipeline(frame, schema, spec, config, split, **(data_options or {}))
    pipeline.prepare()
    state.set_status(QCoreApplication.translate("LearningRateFinderDialog", "Sweeping the learning rate…"))
    return find_learning_rate(pipeline, on_point=on_point, should_stop=lambda: state.stop_requested)


class LearningRateFinderDialog(QDialog):
    """Runs the learning-rate range test on a copy of the document's model (its weights and settings are
    untouched) and shows the smoothed loss against the rate; "Use 3.2e-3" sets the Learning rate setting
    as one undoable edit, until the model or data change. The sweep starts with `start()` and is stopped
    when the dialog closes."""

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Find learning rate"))
        self.document = document
        self.result = None
        self._task: background.BackgroundTask | None = None
        self.explanation = QLabel(self.tr(
            "The learning rate grows from 1e-7 to 10 over up to 100 batches on a copy of the model; the loss is "
            "smoothed. A good rate is where the loss falls fastest, well before it shoots up."))
        self.explanation.setWordWrap(True)
        self.plot = pg.PlotWidget()
        self.plot.setLogMode(x=True, y=False)
        self.plot.setLabel("bottom", self.tr("learning rate (log scale)"))
        self.plot.setLabel("left", self.tr("smoothed training loss"))
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.setMenuEnabled(False)
        self.plot.setMinimumHeight(200)
        self.curve = self.plot.plot([], [], pen=pg.mkPen(CURVE_COLOR, width=2))
        self.suggestion_line = self._marker(SUGGESTION_COLOR, Qt.PenStyle.DashLine, position=0.92, side=0)
        self.divergence_line = self._marker(DIVERGENCE_COLOR, Qt.PenStyle.DotLine, position=0.8, side=1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_button = QPushButton(self.tr("Use suggested rate"))
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self._on_use_button_clicked)
        self.again_button = QPushButton(self.tr("Run again"))
        self.again_button.clicked.connect(self.start)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.use_button)
        row.addWidget(self.again_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.resize(640, 440)
        self._apply_palette()
        for signal in (document.spec_changed, document.schema_changed, document.table_changed):
            signal.connect(self._on_document_changed)

    def _marker(self, color: str, style: Qt.PenStyle, position: float, side: int) -> pg.InfiniteLine:
        """A vertical line with its label at `position` (0 bottom, 1 top), right (side 0) or left (1) of it."""
        line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(color, width=2, style=style), label="",
                               labelOpts={"position": position, "color": color,
                                          "anchors": [(side, 0.5), (side, 0.5)]})
        line.setVisible(False)
        self.plot.addItem(line, ignoreBounds=True)
        return line

    # -- the sweep ------------------------------------------------------------------------------------------------
    @property
    def is_running(self) -> bool:
        return self._task is not None and self._task.is_running

    @Slot()
    def start(self) -> None:
        """Start a sweep of the document's current model, data and settings (copies: later edits don't reach it)."""
        if self.is_running:
            return
        from engine.preprocess import Split
        from engine.training.config import TrainConfig

        document = self.document
        blocker = document.training_blocker()
        if blocker is not None:
            self._show_status(self.tr("Can't run the range test yet: {reason}").format(reason=blocker))
            return
        self.result = None
        self.curve.setData([], [])
        for line in (self.suggestion_line, self.divergence_line):
            line.setVisible(False)
        self.use_button.setEnabled(False)
        self.use_button.setText(self.tr("Use suggested rate"))
        self.again_button.setEnabled(False)
        self._task = background.BackgroundTask(
            sweep, document.table.frame, document.schema.copy(), document.run_spec(),
            TrainConfig.from_dict(document.config.to_dict()), Split.from_dict(document.split.to_dict()),
            document.run_data_options(), name="layerlab-lr-finder")
        self._task.status_changed.connect(self._on_task_status_changed)
        self._task.partial_result_ready.connect(self._on_task_partial_result_ready)
        self._task.succeeded.connect(self._on_task_succeeded)
        self._task.failed.connect(self._on_task_failed)
        self._task.finished.connect(self._on_task_finished)
        self._show_status(self.tr("Starting…"))
        self._task.start()

    def stop(self) -> None:
        """Drop a sweep under way (nothing it still reports is shown)."""
        if self._task is not None:
            self._task.discard()
            self._task = None
        self.again_button.setEnabled(True)

    @Slot(str)
    def _on_task_status_changed(self, text: str) -> None:
        self._show_status(text)

    @Slot(object)
    def _on_task_partial_result_ready(self, points: list) -> None:
        self.curve.setData([p[0] for p in points], [p[1] for p in points])

    @Slot(object)
    def _on_task_succeeded(self, result) -> None:
        self.show_result(result)

    @Slot(object)
    def _on_task_failed(self, error) -> None:
        from engine.errors import LayerLabError

        text = str(error) if isinstance(error, (LayerLabError, ValueError)) else f"{type(error).__name__}: {error}"
        text = with_way_out(text, error)
        self._show_status(self.tr("The range test failed: {error}").format(error=text))

    @Slot()
    def _on_task_finished(self) -> None:
        self._task = None
        self.again_button.setEnabled(True)

    # -- the result -----------------------------------------------------------------------------------------------
    def show_result(self, result) -> None:
        """Draw an LRFindResult: the curve, the suggested rate and the divergence point."""
        self.result = result
        self.curve.setData(result.learning_rates, result.losses)
        self._place(self.suggestion_line, result.suggested, self.tr("suggested {rate}"))
        self._place(self.divergence_line, result.divergence, self.tr("diverged {rate}"))
        if result.learning_rates:
            self.plot.getPlotItem().vb.autoRange()
        current = self.document.config.learning_rate
        if result.suggested is None:
            self.use_button.setEnabled(False)
            self._show_status(self.tr("No suggestion: the sweep had too few batches before the loss stopped "
                                      "falling. Try a smaller batch size."))
            return
        self.use_button.setText(self.tr("Use {rate}").format(rate=f"{result.suggested:.2g}"))
        self.use_button.setEnabled(True)
        where = (self.tr("it diverged at {rate}").format(rate=f"{result.divergence:.2g}")
                 if result.divergence is not None else self.tr("it did not diverge within the sweep"))
        self._show_status(self.tr("Suggested learning rate: {rate}, where the smoothed loss falls fastest "
                                  "(%n batches with {optimizer}; {where}). The setting is now {current}.", "",
                                  len(result.learning_rates)).format(
            rate=f"{result.suggested:.2g}", optimizer=result.optimizer, where=where, current=f"{current:g}"))

    def _place(self, line: pg.InfiniteLine, rate: float | None, label: str) -> None:
        line.setVisible(rate is not None)
        if rate is not None:
            line.setValue(math.log10(rate))  # the view's x is log10(rate) in log mode
            line.label.setFormat(label.format(rate=f"{rate:.2g}"))

    @Slot()
    def _on_document_changed(self) -> None:
        """Another model or data (an edit, another project): the curve no longer speaks for it."""
        if self.result is not None and self.use_button.isEnabled():
            self.use_button.setEnabled(False)
            self._show_status(self.tr("The model or the data changed after this sweep: Run again for a suggestion "
                                      "that fits."))

    @Slot()
    def _on_use_button_clicked(self) -> None:
        if self.result is None or self.result.suggested is None:
            return
        from engine.training.config import TrainConfig

        rate = float(f"{self.result.suggested:.2g}")  # the figure the button shows
        config = TrainConfig.from_dict(self.document.config.to_dict())
        config.learning_rate = rate
        self.document.edit_config(config, self.tr("Set learning rate {rate} (range test)").format(rate=f"{rate:g}"))
        self._show_status(self.tr("Learning rate set to {rate} (Edit > Undo puts back the previous one).").format(
            rate=f"{rate:g}"))

    def _show_status(self, text: str) -> None:
        self.status.setText(text)

    # -- Qt -----------------------------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        self.stop()
        super().done(result)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()

    def _apply_palette(self) -> None:
        """The plot takes the window's colours (light or dark)."""
        style_plot(self.plot, self.palette())
