"""The sweep-space editor: one row per swept field (a training setting or a layer property), with a range
(low, high, log) or a set of choices. A view of the project's saved space (Project.sweep_space)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QHBoxLayout, QHeaderView, QLineEdit,
                               QPushButton, QTableWidget, QVBoxLayout, QWidget)

from engine.graph import ModelSpec
from engine.sweeps.space import SweepParam, SweepSpace, sweepable

COLUMNS = ("Parameter", "Low", "High", "Log", "Choices (comma-separated)")


class SweepSpaceEditor(QWidget):
    """Rows of swept fields. Signal: space_edited() after any change (read `space()`)."""

    space_edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._fields: list[tuple[str, object, object]] = []  # (path, kind, default) from engine.sweeps.space
        self._loading = False
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("sweep_space_table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(60)  # the page must fit a 1024x600 window; the table scrolls
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 110), (2, 110), (3, 40)):  # spin boxes and a tick: their header would be too narrow
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton("Add parameter", self)
        self.remove_button = QPushButton("Remove", self)
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
            field.addItem(_label(path), path)
        if field.findData(param.path) < 0:
            field.addItem(_label(param.path) + " (not in this model)", param.path)
        field.setCurrentIndex(field.findData(param.path))
        low, high = _spin(param.low), _spin(param.high)
        low.setEnabled(not param.is_choice)  # a set of choices has no range
        high.setEnabled(not param.is_choice)
        log = QCheckBox()
        log.setChecked(param.log)
        choices = QLineEdit(", ".join(map(str, param.choices)))
        choices.setPlaceholderText("or a range")
        for column, widget in enumerate((field, low, high, log, choices)):
            self.table.setCellWidget(row, column, widget)
        field.currentIndexChanged.connect(self._on_row_field_changed)
        low.valueChanged.connect(self._on_row_edited)
        high.valueChanged.connect(self._on_row_edited)
        log.toggled.connect(self._on_row_edited)
        choices.editingFinished.connect(self._on_row_edited)

    def _on_add_clicked(self) -> None:
        used = {p.path for p in self.space().params}
        free = [f for f in self._fields if f[0] not in used] or self._fields
        if not free:
            return
        path, kind, default = free[0]
        self._add_row(default_param(path, kind, default))
        self.space_edited.emit()

    def _on_remove_clicked(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self.space_edited.emit()

    def _on_row_field_changed(self, _index: int) -> None:
        """A new field for a row: its range or choices start from that field's kind and current value."""
        sender = self.sender()
        kinds = {path: (kind, default) for path, kind, default in self._fields}
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, 0) is sender and sender.currentData() in kinds:
                kind, default = kinds[sender.currentData()]
                param = default_param(sender.currentData(), kind, default)
                self.table.cellWidget(row, 1).setValue(param.low or 0.0)
                self.table.cellWidget(row, 2).setValue(param.high or 0.0)
                self.table.cellWidget(row, 3).setChecked(param.log)
                self.table.cellWidget(row, 4).setText(", ".join(map(str, param.choices)))
        self._on_row_edited()

    def _on_row_edited(self, *_args) -> None:
        if not self._loading:
            self.space_edited.emit()


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


def _label(path: str) -> str:
    """"Learning rate" or "dense_1 · units"."""
    if path.startswith("layers."):
        node, _, name = path[len("layers."):].partition(".")
        return f"{node} · {name}"
    return path.replace("_", " ").capitalize()


def _value(text: str):
    """A typed choice: a whole number, a number, or a word."""
    text = text.strip()
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text
