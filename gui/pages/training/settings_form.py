"""The training settings form: a view of document.config; every change is one undoable edit_config."""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, Slot
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout,
                               QGroupBox, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget)

from engine.training.config import (OPTIMIZERS, PRECISIONS, SCHEDULES, TrainConfig, format_class_weights,
                                    parse_class_weights)
from gui.infra.widgets import FloatSpinBox
from gui.pages.training.device_probe import DeviceCatalog

# English; the form translates them where shown
OPTIMIZER_LABELS = {"adam": "Adam", "adamw": "AdamW", "rmsprop": "RMSprop",
                    "sgd": QT_TRANSLATE_NOOP("TrainingSettingsForm", "SGD with momentum")}
SCHEDULE_LABELS = {"none": QT_TRANSLATE_NOOP("TrainingSettingsForm", "Constant"),
                   "step": QT_TRANSLATE_NOOP("TrainingSettingsForm", "Step decay"),
                   "cosine": QT_TRANSLATE_NOOP("TrainingSettingsForm", "Cosine annealing"),
                   "one_cycle": QT_TRANSLATE_NOOP("TrainingSettingsForm", "One-cycle"),
                   "plateau": QT_TRANSLATE_NOOP("TrainingSettingsForm", "Reduce on plateau")}
PRECISION_LABELS = {"off": QT_TRANSLATE_NOOP("TrainingSettingsForm", "Full (float32)"),
                    "bf16": QT_TRANSLATE_NOOP("TrainingSettingsForm", "Mixed bfloat16"),
                    "fp16": QT_TRANSLATE_NOOP("TrainingSettingsForm", "Mixed float16")}
CLASS_WEIGHT_LABELS = {"none": QT_TRANSLATE_NOOP("TrainingSettingsForm", "None"),
                       "balanced": QT_TRANSLATE_NOOP("TrainingSettingsForm", "Balanced"),
                       "custom": QT_TRANSLATE_NOOP("TrainingSettingsForm", "Custom")}
CLASS_WEIGHTS_TIP = QT_TRANSLATE_NOOP("TrainingSettingsForm", "Weigh the loss per class so that a rare class counts "
                                      "more. Balanced: rows / (classes × rows of the class), from the training rows.")


def commit_pending_edits(*roots: QWidget | None) -> None:
    """Commit what the user typed but has not confirmed (no Enter, no Tab) in the spin boxes under `roots`,
    and in the focused line edit, as leaving the box would.

    A spin box without keyboard tracking applies typed text only when editing finishes; anything that
    reads the document at once (Train, Continue) must call this first, or the box shows one number
    while the run uses another. Only boxes whose text the user edited are touched: re-reading an
    unedited box could round its value to the shown digits.
    """
    pending: dict[int, tuple[QAbstractSpinBox, str]] = {}
    for root in roots:
        if root is None:
            continue
        for box in ([root] if isinstance(root, QAbstractSpinBox) else []) + root.findChildren(QAbstractSpinBox):
            edit = box.lineEdit()
            if edit is not None and edit.isModified():
                pending.setdefault(id(box), (box, edit.text()))
    for box, text in pending.values():
        edit = box.lineEdit()
        if edit.text() != text:  # committing an earlier box redrew the form (and this box) from the document
            edit.setText(text)
        box.interpretText()
        edit.setModified(False)
    focus = QApplication.focusWidget()
    if isinstance(focus, QLineEdit) and focus.isModified() and not isinstance(focus.parent(), QAbstractSpinBox):
        focus.setModified(False)
        focus.editingFinished.emit()


class LogSpinBox(FloatSpinBox):
    """A FloatSpinBox for rates spanning decades: the arrows step through 1-2-5 values."""

    LADDER = (1.0, 2.0, 5.0)

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt's name
        value = self.value()
        exponent = math.floor(math.log10(value)) if value > 0 else math.floor(math.log10(self.minimum()))
        ladder = [m * 10.0 ** e for e in range(exponent - 2, exponent + 3) for m in self.LADDER]
        index = min(range(len(ladder)), key=lambda i: abs(math.log(ladder[i]) - math.log(max(value, 1e-300))))
        index = max(0, min(len(ladder) - 1, index + steps))
        self.setValue(float(f"{ladder[index]:.3g}"))


class TrainingSettingsForm(QWidget):
    """Hyper-parameters of the next run (a projection of document.config).

    Edits go through document.edit_config (one undo step each); the form redraws on config_changed.
    """

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self._updating = False
        self._devices: list[tuple[str, str]] | None = None
        self._cpu_reason: str | None = None
        self._build()
        document.config_changed.connect(self._on_document_config_changed)
        document.schema_changed.connect(self._on_document_config_changed)  # class weights need a class target
        catalog = DeviceCatalog.instance()
        catalog.ready.connect(self._on_catalog_ready)
        if catalog.devices is not None:
            self._on_catalog_ready(catalog.devices, catalog.cpu_reason)
        # Otherwise the probe (which imports torch) starts after the window shows: gui.app calls it,
        # and showEvent below covers a form shown on its own.
        self._on_document_config_changed()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        catalog = DeviceCatalog.instance()
        if catalog.devices is None:
            catalog.probe()

    # -- construction -----------------------------------------------------------------------------------
    def _build(self) -> None:
        self.epochs = self._spin(1, 100_000, "epochs", self.tr("Set epochs"), self.tr("Passes over the training rows."))
        self.batch_size = self._spin(1, 1_000_000, "batch_size", self.tr("Set batch size"),
                                     self.tr("Rows per optimiser step."))
        self.seed = self._spin(0, 2**31 - 1, "seed", self.tr("Set seed"),
                               self.tr("Same seed, same run: weights, shuffling, dropout."))
        self.optimizer = self._combo([(k, self.tr(OPTIMIZER_LABELS.get(k, k))) for k in OPTIMIZERS], "optimizer",
                                     self.tr("Set optimizer"))
        self.learning_rate = LogSpinBox(1e-8, 1e6)
        self.learning_rate.setToolTip(self.tr("Step size of the optimiser. Arrows step 1-2-5 per decade; "
                                              "type any value."))
        set_rate = self.tr("Set learning rate")
        self.learning_rate.valueChanged.connect(lambda v: self._set_field("learning_rate", float(v), set_rate))
        self.momentum = self._double(0.0, 0.999, 0.05, "momentum", self.tr("Set momentum"), self.tr("SGD momentum."))
        self.weight_decay = self._double(0.0, 1.0, 1e-4, "weight_decay", self.tr("Set weight decay"),
                                         self.tr("L2 penalty on the weights (0 = none)."))
        self.schedule = self._combo([(k, self.tr(SCHEDULE_LABELS.get(k, k))) for k in SCHEDULES], "schedule",
                                    self.tr("Set LR schedule"))
        self.step_size = self._spin(1, 100_000, "step_size", self.tr("Set step size"),
                                    self.tr("Epochs between learning-rate drops."))
        self.gamma = self._double(0.01, 1.0, 0.05, "gamma", self.tr("Set decay factor"),
                                  self.tr("Factor the learning rate is multiplied by at each drop."))
        self.early_stopping = QCheckBox(self.tr("Stop when validation loss stops improving"))
        toggle_early = self.tr("Toggle early stopping")
        self.early_stopping.toggled.connect(lambda on: self._set_field("early_stopping", bool(on), toggle_early))
        self.patience = self._spin(1, 10_000, "patience", self.tr("Set patience"),
                                   self.tr("Epochs without improvement before stopping."))
        self.min_delta = self._double(0.0, 10.0, 1e-4, "min_delta", self.tr("Set min delta"),
                                      self.tr("Smallest decrease of validation loss that counts as an improvement."))
        self.restore_best = QCheckBox(self.tr("Keep the best epoch's weights"))
        toggle_best = self.tr("Toggle restore best")
        self.restore_best.toggled.connect(lambda on: self._set_field("restore_best", bool(on), toggle_best))
        self.threshold_enabled = QCheckBox(self.tr("Stop below"))
        self.threshold_enabled.toggled.connect(self._on_threshold_changed)
        self.threshold = LogSpinBox(1e-8, 1e6)
        self.threshold.valueChanged.connect(self._on_threshold_changed)
        self.device = QComboBox()
        self.device.setToolTip(self.tr("Where the network trains. Auto picks CUDA, then Apple MPS, then the CPU."))
        set_device = self.tr("Set device")
        self.device.currentIndexChanged.connect(lambda _i: self._set_field("device", self.device.currentData(), set_device))
        self.device_note = QLabel()
        self.device_note.setWordWrap(True)
        self.device_note.setObjectName("deviceNote")
        self.precision = self._combo([(k, self.tr(PRECISION_LABELS.get(k, k))) for k in PRECISIONS], "precision",
                                     self.tr("Set precision"))
        self.precision.setToolTip(self.tr("Mixed precision speeds up training on CUDA GPUs only."))
        self.class_weights = QComboBox()
        for key, label in CLASS_WEIGHT_LABELS.items():
            self.class_weights.addItem(self.tr(label), key)
        self.class_weights.setToolTip(self.tr(CLASS_WEIGHTS_TIP))
        self.class_weights.currentIndexChanged.connect(self._on_class_weights_changed)
        self.custom_weights = QLineEdit()
        self.custom_weights.setPlaceholderText(self.tr("one weight per class, e.g. no=1, yes=3"))
        self.custom_weights.setToolTip(self.tr("CLASS=WEIGHT pairs separated by commas; classes left out weigh 1."))
        self.custom_weights.editingFinished.connect(self._on_class_weights_changed)
        self.class_weights_note = QLabel()
        self.class_weights_note.setWordWrap(True)
        self.class_weights_note.setObjectName("classWeightsNote")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        run = self._group(layout, self.tr("Run"))
        run.addRow(self.tr("Epochs"), self.epochs)
        run.addRow(self.tr("Batch size"), self.batch_size)
        run.addRow(self.tr("Seed"), self.seed)
        run.addRow(self.tr("Class weights"), self.class_weights)
        run.addRow(self.custom_weights)
        run.addRow(self.class_weights_note)
        self._run_form = run
        opt = self._group(layout, self.tr("Optimiser"))
        opt.addRow(self.tr("Optimizer"), self.optimizer)
        opt.addRow(self.tr("Learning rate"), self.learning_rate)
        opt.addRow(self.tr("Momentum"), self.momentum)
        opt.addRow(self.tr("Weight decay"), self.weight_decay)
        opt.addRow(self.tr("LR schedule"), self.schedule)
        opt.addRow(self.tr("Step size"), self.step_size)
        opt.addRow(self.tr("Decay factor"), self.gamma)
        self._opt_form = opt
        stop = self._group(layout, self.tr("Stopping"))
        stop.addRow(self.early_stopping)
        stop.addRow(self.tr("Patience"), self.patience)
        stop.addRow(self.tr("Min delta"), self.min_delta)
        stop.addRow(self.restore_best)
        stop.addRow(self.threshold_enabled, self.threshold)
        self._stop_form = stop
        hw = self._group(layout, self.tr("Hardware"))
        hw.addRow(self.tr("Device"), self.device)
        hw.addRow(self.device_note)
        hw.addRow(self.tr("Precision"), self.precision)
        layout.addStretch(1)
        self._fill_devices()

    def _group(self, layout: QVBoxLayout, title: str) -> QFormLayout:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(box)
        return form

    def _spin(self, lo: int, hi: int, name: str, text: str, tip: str) -> QSpinBox:
        box = QSpinBox()
        box.setRange(lo, hi)
        box.setKeyboardTracking(False)
        box.setToolTip(tip)
        box.valueChanged.connect(lambda v: self._set_field(name, int(v), text))
        return box

    def _double(self, lo: float, hi: float, step: float, name: str, text: str, tip: str) -> QDoubleSpinBox:
        box = FloatSpinBox(lo, hi, step)
        box.setToolTip(tip)
        box.valueChanged.connect(lambda v: self._set_field(name, float(v), text))
        return box

    def _combo(self, items: list[tuple[str, str]], name: str, text: str) -> QComboBox:
        box = QComboBox()
        for key, label in items:
            box.addItem(label, key)
        box.currentIndexChanged.connect(lambda _i: self._set_field(name, box.currentData(), text))
        return box

    # -- edits ---------------------------------------------------------------------------------------------
    def _set_field(self, name: str, value, text: str) -> None:
        if self._updating or value is None:
            return
        config = self.document.config
        if getattr(config, name) == value:
            return
        new = TrainConfig.from_dict(config.to_dict())
        setattr(new, name, value)
        self.document.edit_config(new, text)

    @Slot()
    def _on_class_weights_changed(self, *_args) -> None:
        kind = self.class_weights.currentData()
        self._run_form.setRowVisible(self.custom_weights, kind == "custom")
        if self._updating:
            return
        value, problem = kind, ""
        if kind == "custom":
            try:
                value = parse_class_weights(self.custom_weights.text())
            except ValueError as exc:
                value, problem = None, str(exc)
            if value == "none":  # nothing typed yet
                value, problem = None, self.tr("Type one weight per class, such as no=1, yes=3.")
        self.class_weights_note.setText(problem)
        self._run_form.setRowVisible(self.class_weights_note, bool(problem))
        self._set_field("class_weights", value, self.tr("Set class weights"))

    @Slot()
    def _on_threshold_changed(self, *_args) -> None:
        enabled = self.threshold_enabled.isChecked()
        self.threshold.setEnabled(enabled)
        if self._updating:
            return
        value = float(self.threshold.value()) if enabled else None
        if self.document.config.loss_threshold != value:
            new = TrainConfig.from_dict(self.document.config.to_dict())
            new.loss_threshold = value
            text = self.tr("Set loss threshold") if enabled else self.tr("Remove loss threshold")
            self.document.edit_config(new, text)

    # -- projection of the document ----------------------------------------------------------------------
    @Slot()
    def _on_document_config_changed(self) -> None:
        cfg = self.document.config
        self._updating = True
        try:
            for name in ("epochs", "batch_size", "seed", "step_size", "patience"):
                getattr(self, name).setValue(int(getattr(cfg, name)))
            for name in ("learning_rate", "momentum", "weight_decay", "gamma", "min_delta"):
                getattr(self, name).setValue(float(getattr(cfg, name)))
            for name in ("optimizer", "schedule", "precision"):
                box = getattr(self, name)
                box.setCurrentIndex(max(0, box.findData(getattr(cfg, name))))
            self.early_stopping.setChecked(bool(cfg.early_stopping))
            self.restore_best.setChecked(bool(cfg.restore_best))
            custom = isinstance(cfg.class_weights, dict)
            self.class_weights.setCurrentIndex(max(0, self.class_weights.findData(
                "custom" if custom else cfg.class_weights)))
            if custom:
                self.custom_weights.setText(format_class_weights(cfg.class_weights))
            self.class_weights_note.setText("")  # the document holds only valid settings
            self.threshold_enabled.setChecked(cfg.loss_threshold is not None)
            if cfg.loss_threshold is not None:
                self.threshold.setValue(float(cfg.loss_threshold))
            elif self.threshold.value() <= self.threshold.minimum():
                self.threshold.setValue(0.1)
            self._fill_devices()
        finally:
            self._updating = False
        self._update_visibility()

    def _update_visibility(self) -> None:
        cfg = self.document.config
        self._opt_form.setRowVisible(self.momentum, cfg.optimizer == "sgd")
        self._opt_form.setRowVisible(self.step_size, cfg.schedule == "step")
        self._opt_form.setRowVisible(self.gamma, cfg.schedule in ("step", "plateau"))
        schema = self.document.schema
        regression = schema is not None and schema.task == "regression"
        self.class_weights.setEnabled(not regression or cfg.class_weights != "none")  # never hide a setting in use
        no_classes = self.tr(" A numeric target has no classes to weigh.") if regression else ""
        self.class_weights.setToolTip(self.tr(CLASS_WEIGHTS_TIP) + no_classes)
        self._run_form.setRowVisible(self.custom_weights, self.class_weights.currentData() == "custom")
        self._run_form.setRowVisible(self.class_weights_note, bool(self.class_weights_note.text()))
        for widget in (self.patience, self.min_delta):
            widget.setEnabled(bool(cfg.early_stopping))
        self.threshold.setEnabled(cfg.loss_threshold is not None)
        device = cfg.device or "auto"
        cuda = device.startswith("cuda") or (device == "auto" and any(d.startswith("cuda") for d, _ in self._devices or []))
        self.precision.setEnabled(cuda)
        self.precision.setToolTip(self.tr("Mixed precision speeds up training on CUDA GPUs only.")
                                  + ("" if cuda else self.tr(" (no CUDA device selected)")))

    @Slot(list, object)
    def _on_catalog_ready(self, devices: list, cpu_reason) -> None:
        self._devices = [tuple(d) for d in devices]
        self._cpu_reason = cpu_reason
        self._updating = True
        try:
            self._fill_devices()
        finally:
            self._updating = False
        self._update_visibility()

    def _fill_devices(self) -> None:
        wanted = self.document.config.device or "auto"
        items = [("auto", self.tr("Auto (best available)"))] + list(self._devices or [("cpu", "CPU")])
        if wanted not in {key for key, _ in items}:
            items.append((wanted, self.tr("{device} (not present here)").format(device=wanted)))
        was = self._updating
        self._updating = True
        try:
            if [(self.device.itemData(i), self.device.itemText(i)) for i in range(self.device.count())] != items:
                self.device.clear()
                for key, label in items:
                    self.device.addItem(label, key)
            self.device.setCurrentIndex(max(0, self.device.findData(wanted)))
        finally:
            self._updating = was
        if self._devices is None:
            self.device_note.setText(self.tr("Looking for GPUs…"))
        elif self._cpu_reason:
            self.device_note.setText(self.tr("Training runs on the CPU: {reason}.").format(reason=self._cpu_reason))
        else:
            self.device_note.setText("")
        self.device_note.setVisible(bool(self.device_note.text()))
