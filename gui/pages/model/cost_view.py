"""What the model will cost, under the model summary: memory for weights and optimizer state, FLOPs per
sample, and time per epoch from a short timing probe in the background, beside the measured time of the
last run of the same model."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from engine.graph import format_bytes, summary_rows
from engine.insight.cost import BACKWARD_FACTOR, format_flops, measured_epoch_seconds, memory_cost
from gui.infra import background

PROBE_DELAY_MS = 600  # edits in quick succession start one probe
OPTIMIZER_NAMES = {"adam": "Adam", "adamw": "AdamW", "sgd": "SGD", "rmsprop": "RMSprop"}

_PROBES: dict[str, tuple[int, object]] = {}  # probe key -> (forward FLOPs, EpochProbe), for the session


def probe_cost(state: background.TaskState, spec, ctx, config):
    """FLOPs per sample and a timing probe (background thread): (forward FLOPs, EpochProbe)."""
    from engine.insight.cost import forward_flops, probe_epoch_time

    flops = forward_flops(spec, ctx)
    state.set_partial_result(flops)
    state.check_stop()
    return flops, probe_epoch_time(spec, ctx, config)


def architecture(spec_dict: dict) -> str:
    """A model's layers, parameters and connections as one string: names and canvas positions left out."""
    nodes = [{k: v for k, v in node.items() if k != "position"} for node in spec_dict.get("nodes", [])]
    return json.dumps({"nodes": nodes, "edges": spec_dict.get("edges", [])}, sort_keys=True)


def format_seconds(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.3g} ms"
    if seconds < 120:
        return f"{seconds:.3g} s"
    return f"{seconds / 60:.3g} min"


class _CostLine(QLabel):
    """A word-wrapped cost line that asks for the height of all its lines, on a resize and when its text changes
    (the measured time makes the third line longer after the layout was done): the splitter above the summary
    passes no height-for-width on, and the line's second row was squeezed away at 1024x600 in Chinese."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._ask_for_height()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._ask_for_height()

    def _ask_for_height(self) -> None:
        self.setMinimumHeight(0)  # heightForWidth() counts the minimum in: free it, or it only ever grows
        self.setMinimumHeight(max(0, self.heightForWidth(self.width())))  # -1: no text


class CostView(QWidget):
    """The cost of training document.spec with document.config on its data: memory (at once), FLOPs per
    sample and time per epoch (from a background probe, cached per model, data width and settings for the
    session) and, once a run of the same model and batch size exists, its measured time per epoch."""

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.memory_label = _CostLine()
        self.flops_label = _CostLine()
        self.time_label = _CostLine()
        for label in (self.memory_label, self.flops_label, self.time_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.memory_label)
        layout.addWidget(self.flops_label)
        layout.addWidget(self.time_label)
        self._task: background.BackgroundTask | None = None
        self._task_key: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PROBE_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        for signal in (document.spec_changed, document.schema_changed, document.table_changed,
                       document.config_changed, document.runs_changed):
            signal.connect(self._on_document_changed)
        self.refresh()

    # -- what is shown ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show what is known now; start a probe (after a pause in the edits) for what is not."""
        ctx = self.document.context()
        rows = summary_rows(self.document.spec, ctx) if ctx is not None else []
        if ctx is None or self.document.problems() or not rows:
            self.memory_label.setText(self.tr("Cost: appears once the model can be built for the data."))
            self.flops_label.setText("")
            self.time_label.setText("")
            self._drop_task()
            return
        config = self.document.config
        memory = memory_cost(sum(r[3] for r in rows), config)
        name = OPTIMIZER_NAMES.get(config.optimizer, config.optimizer)
        copies = self.tr("{count} copy") if memory.state_copies == 1 else self.tr("{count} copies")
        self.memory_label.setText(self.tr("Memory: {total} = weights {weights} + {optimizer} state ({copies}) "
                                          "{state}").format(
            total=format_bytes(memory.total_bytes), weights=format_bytes(memory.weight_bytes), optimizer=name,
            copies=copies.format(count=memory.state_copies), state=format_bytes(memory.optimizer_bytes)))
        self.memory_label.setToolTip(self.tr("{state}. Gradients and each batch's activations take more while "
                                             "training; float32 (4 bytes a number).").format(state=memory.state_words))
        known = _PROBES.get(self.probe_key())
        if known is not None:
            self._show_probe(*known)
        else:
            self.flops_label.setText(self.tr("FLOPs per sample: counting…"))
            self.time_label.setText(self.tr("Time per epoch: timing a few batches…") + self._measured_text())
            self._timer.start()

    def probe_key(self) -> str:
        """What the FLOPs and the timing depend on: the layers, the data's widths and the step's settings."""
        ctx = self.document.context()
        config = self.document.config
        return json.dumps([architecture(self.document.spec.to_dict()), ctx.input_width, ctx.output_width, ctx.task,
                           [repr(source) for source in ctx.sources], config.batch_size, config.optimizer,
                           config.momentum > 0, config.device, config.precision])

    def _show_probe(self, flops: int, probe) -> None:
        self._show_flops(flops)
        counts = self._row_counts()
        if probe is None or counts is None:
            return
        estimate = probe.epoch_seconds(*counts)
        self.time_label.setText(self.tr("Time per epoch: ≈ {time} estimated on {device}").format(
            time=format_seconds(estimate), device=probe.device) + self._measured_text())
        self.time_label.setToolTip(self.tr("From {batch}-row batches timed on {device} ({path}), scaled to {train} "
                                           "training and {val} validation rows.").format(
            batch=probe.batch_size, device=probe.device, path=probe.engine_path, train=f"{counts[0]:,}",
            val=f"{counts[1]:,}"))

    def _show_flops(self, flops: int) -> None:
        self.flops_label.setText(self.tr("FLOPs per sample: {forward} forward, {both} with backward (×{factor})").format(
            forward=format_flops(flops), both=format_flops(BACKWARD_FACTOR * flops), factor=BACKWARD_FACTOR))
        self.flops_label.setToolTip(self.tr("Counted by PyTorch's FlopCounterMode on one forward pass: matrix products "
                                            "(2 per multiply-add); activations and normalisation are not counted. "
                                            "Training is taken as {factor}× the forward pass.").format(
            factor=BACKWARD_FACTOR))

    def _measured_text(self) -> str:
        """", 41 ms measured (Run 3)", the median epoch of the last run of this model at this batch size, or ""."""
        from gui.pages.training.runs_list import run_label

        shape = architecture(self.document.spec.to_dict())
        batch = self.document.config.batch_size
        for index in range(len(self.document.runs) - 1, -1, -1):
            record = self.document.runs[index]
            if record.config.get("batch_size") == batch and architecture(record.spec) == shape:
                measured = measured_epoch_seconds(record.history)
                if measured is not None:
                    return self.tr(", {time} measured ({run})").format(time=format_seconds(measured),
                                                                        run=run_label(index))
        return ""

    def _row_counts(self) -> tuple[int, int] | None:
        from engine.errors import DataError
        from engine.preprocess.split import split_counts

        try:
            n_train, n_val, _ = split_counts(len(self.document.table.frame), self.document.split)
        except DataError:
            return None
        return n_train, n_val

    # -- the probe -----------------------------------------------------------------------------------------------
    def _start_probe(self) -> None:
        if self.document.context() is None or self.document.problems():
            return
        key = self.probe_key()
        if key in _PROBES or key == self._task_key:
            return
        self._drop_task()
        from engine.training.config import TrainConfig

        self._task_key = key
        self._task = background.BackgroundTask(probe_cost, self.document.spec.copy(), self.document.context(),
                                               TrainConfig.from_dict(self.document.config.to_dict()),
                                               name="layerlab-cost-probe")
        self._task.partial_result_ready.connect(self._on_task_partial_result_ready)
        self._task.succeeded.connect(self._on_task_succeeded)
        self._task.failed.connect(self._on_task_failed)
        self._task.finished.connect(self._on_task_finished)
        self._task.start()

    def _drop_task(self) -> None:
        self._timer.stop()
        if self._task is not None:
            self._task.discard()
        self._task, self._task_key = None, None

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self.isVisible():
            self._start_probe()

    @Slot()
    def _on_document_changed(self) -> None:
        self.refresh()

    @Slot(object)
    def _on_task_partial_result_ready(self, flops: int) -> None:
        if self._task_key == self.probe_key():
            self._show_flops(flops)

    @Slot(object)
    def _on_task_succeeded(self, result) -> None:
        _PROBES[self._task_key] = result
        if self._task_key == self.probe_key():
            self._show_probe(*result)

    @Slot(object)
    def _on_task_failed(self, error) -> None:
        self.time_label.setText(self.tr("Time per epoch: could not be timed ({error}).").format(error=error))

    @Slot()
    def _on_task_finished(self) -> None:
        self._task, self._task_key = None, None

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.document.context() is not None and self.probe_key() not in _PROBES:
            self._timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        self._drop_task()  # shown again, it probes again; a probe never runs for a page nobody looks at
