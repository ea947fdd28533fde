"""Forecasting: the time column and the window sizes (lookback, horizon); each change is one undoable edit.

Shown only when the table has a column that can serve as the time axis (engine.data.time_series.
time_column_candidates: dates, or numbers increasing row by row) or one is set; a column that cannot be used
says why when picked.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QSpinBox

from engine.data.time_series import check_time_column, suggest_time_column, time_column_candidates
from engine.errors import LayerLabError

AUTO = 0  # a spin box at 0 shows "auto": the size is chosen from the data


class TimeSeriesPanel(QGroupBox):
    """Time column (or none), lookback and horizon in rows ('auto' = chosen from the data, the choice shown)."""

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Forecast"))
        self.document = document
        self._candidates_for = (None, None)  # the frame, and its target and column kinds, the candidates are for
        self._candidates: list[str] = []
        self._suggested: str | None = None  # the time column the data suggests: the box shows for it
        self.column_combo = QComboBox()
        self.column_combo.setToolTip(self.tr("A time column turns the prediction into a forecast: the rows in "
                                             "time order, windows of history predict the target ahead"))
        self.lookback_spin = self._rows_spin(self.tr("Rows of history each prediction sees"))
        self.horizon_spin = self._rows_spin(self.tr("How many rows ahead the target is predicted"))
        self.chosen = QLabel("")
        self.chosen.setWordWrap(True)
        self.chosen.setObjectName("forecastChoice")
        sizes = QHBoxLayout()
        for label, spin in ((self.tr("Lookback"), self.lookback_spin), (self.tr("Horizon"), self.horizon_spin)):
            sizes.addWidget(QLabel(label))
            sizes.addWidget(spin)
        sizes.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.tr("Time column"), self.column_combo)
        form.addRow(sizes)
        form.addRow(self.chosen)
        self.column_combo.activated.connect(self._on_changed)
        self.lookback_spin.valueChanged.connect(self._on_changed)
        self.horizon_spin.valueChanged.connect(self._on_changed)
        self.refresh()

    def _rows_spin(self, tip: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(AUTO, 100_000)
        spin.setSpecialValueText(self.tr("auto"))
        spin.setKeyboardTracking(False)
        spin.setToolTip(tip)
        return spin

    def candidates(self) -> list[str]:
        """The columns offered as the time axis: the one the data suggests, then every other column that can serve
        (in file order), and the one set if it is none of them; computed once per table and column kinds."""
        document = self.document
        if document.table is None or document.schema is None:
            self._candidates_for, self._suggested = (None, None), None
            return []
        frame, schema = document.table.frame, document.schema
        kinds = (schema.target, tuple((c.name, c.kind, c.dtype) for c in schema.columns))
        if self._candidates_for[0] is not frame or self._candidates_for[1] != kinds:
            suggested, _why = suggest_time_column(frame, schema)
            self._suggested = suggested
            self._candidates_for, self._candidates = (frame, kinds), [suggested] if suggested else []
            self._candidates += [n for n in time_column_candidates(frame, schema) if n != suggested]
        current = schema.time_column
        return ([current] if current and current not in self._candidates else []) + self._candidates

    def refresh(self) -> None:
        """Show the document's time column and window sizes; hidden unless the data suggests a time column or one
        is set."""
        names = self.candidates()
        schema = self.document.schema
        current = schema.time_column if schema is not None else None
        # Shown for data that looks like a series (a suggested time column) or one set: any column of increasing
        # numbers would qualify, and the box must not crowd every such table's page (it fits 1024×600 only then).
        self.setVisible(bool(current or self._suggested))
        widgets = (self.column_combo, self.lookback_spin, self.horizon_spin)
        for widget in widgets:
            widget.blockSignals(True)
        self.column_combo.clear()
        self.column_combo.addItem(self.tr("none (rows without order)"), None)
        for name in names:
            self.column_combo.addItem(name, name)
        self.column_combo.setCurrentIndex(max(0, self.column_combo.findData(current)) if current else 0)
        self.lookback_spin.setValue((schema.lookback or AUTO) if current else AUTO)
        self.horizon_spin.setValue((schema.horizon or AUTO) if current else AUTO)
        for widget in widgets:
            widget.blockSignals(False)
        self.lookback_spin.setEnabled(bool(current))
        self.horizon_spin.setEnabled(bool(current))
        self.chosen.setText(self._choice_text(current))

    def _choice_text(self, current: str | None) -> str:
        """What the forecast will use, 'auto' sizes resolved from the data; or why it cannot be used."""
        if not current:
            return self.tr("Rows are independent examples (no forecast).")
        schema = self.document.schema
        try:
            check = check_time_column(self.document.table.frame, current, lookback=schema.lookback,
                                      horizon=schema.horizon)
        except LayerLabError as exc:
            return str(exc)
        return self.tr("One row every {step}: {lookback} rows of history predict the target {horizon} "
                       "row(s) ahead.").format(step=check.step, lookback=check.lookback, horizon=check.horizon)

    def _on_changed(self, *_args) -> None:
        schema = self.document.schema
        if schema is None:
            return
        name = self.column_combo.currentData()
        lookback = (self.lookback_spin.value() or None) if name else None
        horizon = (self.horizon_spin.value() or None) if name else None
        if (name, lookback, horizon) == (schema.time_column, schema.lookback, schema.horizon):
            return
        new = schema.copy()
        try:
            new.set_time_column(name, lookback, horizon)
        except LayerLabError as exc:
            self.chosen.setText(str(exc))
            return
        if name != schema.time_column:
            text = self.tr("Forecast along '{column}'").format(column=name) if name else self.tr("No time column")
        else:
            text = self.tr("Set lookback {lookback}, horizon {horizon}").format(
                lookback=lookback or self.tr("auto"), horizon=horizon or self.tr("auto"))
        self.document.edit_schema(new, text)
