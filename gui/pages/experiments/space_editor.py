"""The sweep-space editor: one row per swept field (a training setting or a layer property), with a range
(low, high, log) or a set of choices. A view of the project's saved space (Project.sweep_space)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QHBoxLayout, QHeaderView, QLineEdit,
                               QPushButton, QTableWidget, QVBoxLayout, QWidget)

from engine.errors import SpecError
from engine.graph import ModelSpec
from engine.layers import get_layer_type
from engine.layers.layer_text import param_label
from engine.sweeps.space import LAYER_PREFIX, SweepParam, SweepSpace, sweepable

COLUMNS = (QT_TRANSLATE_NOOP("SweepSpaceEditor", "Parameter"), QT_TRANSLATE_NOOP("SweepSpaceEditor", "Low"),
           QT_TRANSLATE_NOOP("SweepSpaceEditor", "High"), QT_TRANSLATE_NOOP("SweepSpaceEditor", "Log"),
           QT_TRANSLATE_NOOP("SweepSpaceEditor", "Choices (comma-separated)"))
SETTING_LABELS = {  # engine.sweeps.space.SETTING_KINDS as the training settings form names them
    "learning_rate": QT_TRANSLATE_NOOP("SweepSpaceEditor", "Learning rate"),
    "batch_size": QT_TRANSLATE_NOOP("SweepSpaceEditor", "Batch size"),
    "epochs": QT_TRANSLATE_NOOP("SweepSpaceEditor", "Epochs"),
    "optimizer": QT_TRANSLATE_NOOP("SweepSpaceEditor", "Optimizer"),
    "weight_decay": QT_TRANSLATE_NOOP("SweepSpaceEditor", "Weight decay"),
    "momentum": QT_TRANSLATE_NOOP("SweepSpaceEditor", "Momentum"),
    "schedule": QT_TRANSLATE_NOOP("SweepSpaceEditor", "Learning-rate schedule"),
    "step_size": QT_TRANSLATE_NOOP("SweepSpaceEditor", "Step size (epochs)"),
    "gamma": QT_TRANSLATE_NOOP("SweepSpaceEditor", "Decay factor (gamma)"),
    "patience": QT_TRANSLATE_NOOP("SweepSpaceEditor", "Early-stopping patience"),
    "min_delta": QT_TRANSLATE_NOOP("SweepSpaceEditor", "Minimum improvement"),
    "seed": QT_TRANSLATE_NOOP("SweepSpaceEditor", "Seed"),
}


class SweepSpaceEditor(QWidget):
    """Rows of swept fields. Signal: space_edited(text, merge_key) after a user's change (read `space()`):
    `text` names the change for the undo stack; consecutive changes with the same non-empty `merge_key` (one
    spin box stepped or typed into) are one step."""

    space_edited = Signal(str, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._fields: list[tuple[str, object, object]] = []  # (path, kind, default) from engine.sweeps.space
        self._spec: ModelSpec | None = None
        self._loading = False
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("sweep_space_table")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(60)  # the page must fit a 1024x600 window; the table scrolls
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 110), (2, 110), (3, 40)):  # spin boxes and a tick: their header would be too narrow
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(self.tr("Add parameter"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    # -- the model ----------------------------------------------------------------------------------------
    def set_model(self, spec: ModelSpec) -> None:
        """The fields a row may choose: the training settings and this model's numeric and choice properties."""
        self._fields = sweepable(spec)
        self._spec = spec
        space = self.space()
        self.set_space(space)

    def set_space(self, space: SweepSpace) -> None:
        self._loading = True
        self.table.setRowCount(0)
        for param in space.params:
            self._add_row(param)
        self._loading = False

    def space(self) -> SweepSpace:
        """The rows as a SweepSpace (checked when the sweep starts: engine.sweeps.space.check_space)."""
        params = []
        for row in range(self.table.rowCount()):
            path = self.table.cellWidget(row, 0).currentData()
            choices_text = self.table.cellWidget(row, 4).text().strip()
            if choices_text:
                params.append(SweepParam(path, choices=[_value(c) for c in choices_text.split(",") if c.strip()]))
            else:
                params.append(SweepParam(path, low=self.table.cellWidget(row, 1).value(),
                                         high=self.table.cellWidget(row, 2).value(),
                                         log=self.table.cellWidget(row, 3).isChecked()))
        return SweepSpace(params)

    # -- rows -----------------------------------------------------------------------------------------------
    def _add_row(self, param: SweepParam) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        field = QComboBox()
        for path, _kind, _default in self._fields:
            field.addItem(field_label(path, self._spec), path)
        if field.findData(param.path) < 0:
            missing = self.tr("{field} (not in this model)").format(field=field_label(param.path, self._spec))
            field.addItem(missing, param.path)
        field.setCurrentIndex(field.findData(param.path))
        low, high = _spin(param.low), _spin(param.high)
        low.setEnabled(not param.is_choice)  # a set of choices has no range
        high.setEnabled(not param.is_choice)
        log = QCheckBox()
        log.setChecked(param.log)
        choices = QLineEdit(", ".join(map(str, param.choices)))
        choices.setPlaceholderText(self.tr("or a range"))
        for column, widget in enumerate((field, low, high, log, choices)):
            self.table.setCellWidget(row, column, widget)
        field.currentIndexChanged.connect(self._on_row_field_changed)
        low.valueChanged.connect(self._on_row_low_changed)
        high.valueChanged.connect(self._on_row_high_changed)
        log.toggled.connect(self._on_row_log_toggled)
        choices.editingFinished.connect(self._on_row_choices_edited)

    def _on_add_clicked(self) -> None:
        used = {p.path for p in self.space().params}
        free = [f for f in self._fields if f[0] not in used] or self._fields
        if not free:
            return
        path, kind, default = free[0]
        self._add_row(default_param(path, kind, default))
        self.space_edited.emit(self.tr("Sweep {field}").format(field=field_label(path, self._spec)), "")

    def _on_remove_clicked(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            path = self.table.cellWidget(row, 0).currentData()
            self.table.removeRow(row)
            self.space_edited.emit(self.tr("Stop sweeping {field}").format(field=field_label(path, self._spec)), "")

    def _on_row_field_changed(self, _index: int) -> None:
        """A new field for a row: its range or choices start from that field's kind and current value."""
        row = self._row_of(self.sender())
        if row < 0:
            return
        path = self.table.cellWidget(row, 0).currentData()
        kinds = {p: (kind, default) for p, kind, default in self._fields}
        if path in kinds:
            param = default_param(path, *kinds[path])
            loading, self._loading = self._loading, True  # one undo step for the row, not one per cell
            for column, value in ((1, param.low), (2, param.high)):
                self.table.cellWidget(row, column).setValue(value or 0.0)
                self.table.cellWidget(row, column).setEnabled(not param.is_choice)
            self.table.cellWidget(row, 3).setChecked(param.log)
            self.table.cellWidget(row, 4).setText(", ".join(map(str, param.choices)))
            self._loading = loading
        self._emit_row_edit(row, self.tr("Sweep {field}"), "")

    def _on_row_low_changed(self, _value: float) -> None:
        row = self._row_of(self.sender())
        self._emit_row_edit(row, self.tr("Change the low end of {field}"), f"{row}:low")

    def _on_row_high_changed(self, _value: float) -> None:
        row = self._row_of(self.sender())
        self._emit_row_edit(row, self.tr("Change the high end of {field}"), f"{row}:high")

    def _on_row_log_toggled(self, _checked: bool) -> None:
        self._emit_row_edit(self._row_of(self.sender()), self.tr("Change the log scale of {field}"), "")

    def _on_row_choices_edited(self) -> None:
        self._emit_row_edit(self._row_of(self.sender()), self.tr("Change the choices of {field}"), "")

    def _row_of(self, widget) -> int:
        for row in range(self.table.rowCount()):
            if widget in [self.table.cellWidget(row, column) for column in range(len(COLUMNS))]:
                return row
        return -1

    def _emit_row_edit(self, row: int, text: str, merge_key: str) -> None:
        if self._loading or row < 0:
            return
        path = self.table.cellWidget(row, 0).currentData()
        self.space_edited.emit(text.format(field=field_label(path, self._spec)), merge_key)


def default_param(path: str, kind, default) -> SweepParam:
    """A starting row for a field: its choices, a log decade around a rate, or half to twice a number."""
    if isinstance(kind, tuple):
        return SweepParam(path, choices=list(kind[:3]))
    value = float(default or 0) or 1.0
    if path in ("learning_rate", "weight_decay") or (kind == "float" and 0 < value < 0.1):
        return SweepParam(path, low=max(value / 10, 1e-6), high=value * 10, log=True)
    if kind == "int":
        return SweepParam(path, low=max(1.0, round(value / 2)), high=round(value * 2), log=value >= 8)
    return SweepParam(path, low=value / 2, high=value * 2)


def _spin(value) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setDecimals(6)
    spin.setRange(-1e9, 1e9)
    spin.setValue(float(value) if value is not None else 0.0)
    return spin


def field_label(path: str, spec: ModelSpec | None = None) -> str:
    """A swept field as the forms name it, in the user's language: "Learning rate" or "dense_1 · Units"."""
    if path in SETTING_LABELS:
        return QCoreApplication.translate("SweepSpaceEditor", SETTING_LABELS[path])
    if not path.startswith(LAYER_PREFIX):
        return path
    node_id, _, name = path[len(LAYER_PREFIX):].partition(".")
    try:
        label = param_label(get_layer_type(spec.node(node_id).type).param(name))
    except (AttributeError, SpecError):  # no model, or not a field of it (shown as not in this model)
        label = name
    return f"{node_id} · {label}"


def _value(text: str):
    """A typed choice: a whole number, a number, or a word."""
    text = text.strip()
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text
