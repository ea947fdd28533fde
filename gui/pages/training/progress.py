"""The progress strip: epoch x/y, a bar over all steps, samples/s, elapsed, ETA, device and the status line."""

from __future__ import annotations

import re
import time

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text") calls
MERGE_LAYERS = {"Add", "Concatenate", "Multiply", "Average", "Maximum", "Subtract"}
STATUS_COLORS = {"ok": "#2e7d32", "warn": "#b26a00", "error": "#c62828", "busy": "", "idle": ""}


class ProgressView(QWidget):
    """Shows where the current run is. Fed by the page from the worker's (throttled) signals."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.status = QLabel(self.tr("Ready."))
        self.status.setWordWrap(True)
        self.status.setObjectName("trainingStatus")
        self.status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        font = self.status.font()
        font.setBold(True)
        self.status.setFont(font)
        self.epoch = QLabel(self.tr("Epoch –"))
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setFormat("%p%")
        self.speed = QLabel(self.tr("– samples/s"))
        self.elapsed = QLabel(self.tr("Elapsed –"))
        self.eta = QLabel(self.tr("ETA –"))
        self.device = QLabel(self.tr("Device –"))
        metrics = self.fontMetrics()
        for label, sample in ((self.epoch, self._epoch_text(8888, 8888)), (self.speed, self._speed_text(8888888)),
                              (self.elapsed, self._elapsed_text("88:88:88")), (self.eta, self._eta_text("88:88:88"))):
            label.setMinimumWidth(metrics.horizontalAdvance(sample))  # changing text must not re-lay out the page
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        first_line = QHBoxLayout()  # the device beside the status, not in the row below: that row must fit 1024 px
        first_line.setSpacing(16)
        first_line.addWidget(self.status, 1)
        first_line.addWidget(self.device, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(first_line, 0, 0, 1, 6)
        grid.addWidget(self.epoch, 1, 0)
        grid.addWidget(self.bar, 1, 1)
        grid.addWidget(self.speed, 1, 2)
        grid.addWidget(self.elapsed, 1, 3)
        grid.addWidget(self.eta, 1, 4)
        grid.setColumnStretch(1, 1)
        self._steps_per_epoch = 1
        self._epochs = 1
        self._first_step = 0
        self._step = 0
        self._started = 0.0
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._running = False
        self._speed = 0.0
        self._elapsed_before = 0.0

    # -- run lifecycle ------------------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to the state of a page with no run (another project was opened)."""
        self._running = False
        self._paused_at, self._paused_total = None, 0.0
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        for label, text in ((self.epoch, self.tr("Epoch –")), (self.speed, self.tr("– samples/s")),
                            (self.elapsed, self.tr("Elapsed –")), (self.eta, self.tr("ETA –")),
                            (self.device, self.tr("Device –"))):
            label.setText(text)
        self.device.setToolTip("")
        self.set_status(self.tr("Ready."))

    @property
    def epochs(self) -> int:
        """The epoch the run under way will end at."""
        return self._epochs

    def start(self, info: dict, elapsed_before: float = 0.0) -> None:
        """A run started (`info`: the engine's RunStarted); a continued run's clock carries on from `elapsed_before`."""
        self._elapsed_before = max(0.0, float(elapsed_before))
        self._steps_per_epoch = max(1, int(info.get("steps_per_epoch", 1)))
        self._epochs = max(1, int(info.get("epochs", 1)))
        self._first_step = (int(info.get("first_epoch", 1)) - 1) * self._steps_per_epoch
        self._step = self._first_step
        self._started = time.perf_counter()
        self._paused_at, self._paused_total = None, 0.0
        self._running = True
        self._speed = 0.0
        self.speed.setText(self.tr("– samples/s"))
        self.bar.setRange(0, self._epochs * self._steps_per_epoch)
        self.bar.setValue(self._step)
        path, why = engine_path_words(info.get("engine_path") or "")
        device = info.get("device_name", "?")
        self.device.setText(self.tr("Device {device} · {path}").format(device=device, path=path) if path
                            else self.tr("Device {device}").format(device=device))
        self.device.setToolTip((f"{why}\n" if why else "") + self.tr(
            "{parameters} parameters · {rows} training rows · batch {batch}").format(
                parameters=f"{info.get('parameters', 0):,}", rows=f"{info.get('n_train', 0):,}",
                batch=info.get("batch_size", "?")))
        self.epoch.setText(self._epoch_text(info.get("first_epoch", 1), self._epochs))
        status = self.tr("Training on {device}…").format(device=device)
        if info.get("streamed_mb"):  # the images are more than the memory limit: say why it is slower
            status += " " + self.tr("The images are read from disk batch by batch ({size} MB decoded: more than "
                                    "fits in memory).").format(size=f"{info['streamed_mb']:,.1f}")
        self.set_status(status, "busy")
        self.tick()

    def add_steps(self, last_global_step: int) -> None:
        """Note progress (cheap); the labels follow at the next tick()."""
        self._step = max(self._step, int(last_global_step))

    def epoch_ended(self, data: dict) -> None:
        self._step = max(self._step, int(data["epoch"]) * self._steps_per_epoch)
        if data.get("samples_per_sec"):
            self._speed = float(data["samples_per_sec"])

    def set_paused(self, paused: bool) -> None:
        now = time.perf_counter()
        if paused and self._paused_at is None:
            self._paused_at = now
            self.set_status(self.tr("Paused. Resume to carry on, or Stop to keep the best model so far."), "warn")
        elif not paused and self._paused_at is not None:
            self._paused_total += now - self._paused_at
            self._paused_at = None
            self.set_status(self.tr("Training…"), "busy")

    def finish(self) -> None:
        self.tick()
        self._running = False
        self.eta.setText(self._eta_text("0:00"))

    def tick(self) -> None:
        """Bring the labels up to date (called from the page's redraw and clock, a few times a second)."""
        if not self._running:
            return
        now = time.perf_counter()
        paused = self._paused_total + (now - self._paused_at if self._paused_at is not None else 0.0)
        elapsed = max(0.0, now - self._started - paused)
        step = min(self._step, self.bar.maximum())
        if self.bar.value() != step:
            self.bar.setValue(step)
        # the epoch the last step done belongs to: at the end of epoch 54 (step 54 × steps) it is 54, not 55,
        # so a run early-stopped there does not show "Epoch 55/300"
        first_epoch = self._first_step // self._steps_per_epoch + 1
        epoch = min(self._epochs, max(first_epoch, -(-self._step // self._steps_per_epoch)))
        _set_text(self.epoch, self._epoch_text(epoch, self._epochs))
        if self._speed:
            _set_text(self.speed, self._speed_text(self._speed))
        _set_text(self.elapsed, self._elapsed_text(_clock(self._elapsed_before + elapsed)))
        done = self._step - self._first_step
        left = self.bar.maximum() - self._step
        if done > 0 and elapsed > 0:
            _set_text(self.eta, self._eta_text(_clock(left * elapsed / done)))

    def _epoch_text(self, epoch, epochs) -> str:
        return self.tr("Epoch {epoch}/{epochs}").format(epoch=epoch, epochs=epochs)

    def _speed_text(self, speed: float) -> str:
        return self.tr("{speed} samples/s").format(speed=f"{speed:,.0f}")

    def _elapsed_text(self, clock: str) -> str:
        return self.tr("Elapsed {clock}").format(clock=clock)

    def _eta_text(self, clock: str) -> str:
        return self.tr("ETA {clock}").format(clock=clock)

    def set_status(self, text: str, kind: str = "idle") -> None:
        self.status.setText(text)
        color = STATUS_COLORS.get(kind, "")
        self.status.setStyleSheet(f"color: {color};" if color else "")
        self.status.setProperty("kind", kind)


def engine_path_words(engine_path: str) -> tuple[str, str]:
    """The engine's "fast path: on" / "fast path: off: <reason>" as (a few words to show, a sentence to explain)."""
    if not engine_path or engine_path == "autograd":
        return "", ""
    if engine_path == "fast path: on":
        return translate("ProgressView", "fast path"), translate(
            "ProgressView", "Fast path on: this chain of Dense layers trains with LayerLab's own hand-written "
            "gradients, which is faster than the general path and gives the same results.")
    reason = engine_path.split("fast path: off:", 1)[-1].strip()
    layer = re.fullmatch(r"(\w+)(?: \(.*\))? at node (\S+)", reason)
    if layer:
        kind = layer.group(1)
        article = "an" if kind[:1] in "AEIOU" else "a"  # Chinese leaves it out
        what = translate("ProgressView", "the model has {article} {kind} merge ({node})") if kind in MERGE_LAYERS \
            else translate("ProgressView", "the model has {article} {kind} layer ({node})")
        reason = what.format(article=article, kind=kind, node=layer.group(2))
    return translate("ProgressView", "general path"), translate(
        "ProgressView", "Fast path off: {reason}; training uses the general path, which is slower but gives "
        "the same results.").format(reason=reason)


def _set_text(label: QLabel, text: str) -> None:
    if label.text() != text:  # an unchanged text still costs a relayout
        label.setText(text)


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
