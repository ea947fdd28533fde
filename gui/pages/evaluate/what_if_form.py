"""The what-if form: one editor per input column of a model (drop-downs for categories and yes/no,
spin boxes for numbers, a text box for dates), filled from a test row and edited freely."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QLineEdit, QWidget

from engine.preprocess.columns import as_float, as_text

MISSING_TEXT = QT_TRANSLATE_NOOP("WhatIfForm", "(missing)")  # English; missing_text() is what the form shows
EDITOR_MIN_WIDTH = 90  # a number or a category stays readable in a narrow form
MAX_DECIMALS = 4  # as many decimals as the column's values have, up to this


def missing_text() -> str:
    """What the editors show for a missing value, in the user's language."""
    return QCoreApplication.translate("WhatIfForm", MISSING_TEXT)


def _number_editor(values: np.ndarray) -> QDoubleSpinBox:
    """A spin box over the observed range (widened by half of it); its lowest value means "missing"."""
    finite = values[np.isfinite(values)]
    low, high = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1.0)
    span = (high - low) or max(abs(high), 1.0)
    decimals = next((d for d in range(MAX_DECIMALS) if np.allclose(finite, np.round(finite, d), rtol=0, atol=1e-9)),
                    MAX_DECIMALS)
    spin = QDoubleSpinBox()
    spin.setDecimals(decimals)
    step = max(10.0 ** -decimals, 10.0 ** math.floor(math.log10(span / 100)))
    spin.setSingleStep(step)
    spin.setRange(low - span / 2 - step, high + span / 2)
    spin.setSpecialValueText(missing_text())  # shown at the minimum
    spin.setKeyboardTracking(False)  # one edit per finished number, not per key
    return spin


class WhatIfForm(QWidget):
    """Editors for a model's input columns. `set_columns(preprocessor, choices, reference)` builds them,
    `set_row(row)` fills them, `row_frame()` is the edited row as a one-row frame of the table's columns.

    Signal: row_edited() — the user changed a value.
    """

    row_edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a long name puts its editor below
        self.editors: dict[str, QWidget] = {}
        self._row: pd.Series | None = None  # the row shown: its columns without an editor (images, pixels) go as read
        self._filling = False

    def set_columns(self, columns: list[tuple[str, str]], choices: dict[str, list[str]],
                    reference: pd.DataFrame) -> None:
        """One editor per (column, kind): a drop-down of `choices[column]`, a spin box over the column's range in
        `reference`, or a text box (dates)."""
        while self.layout_.rowCount():
            self.layout_.removeRow(0)
        self.editors = {}
        for name, kind in columns:
            if name in choices:
                editor = QComboBox()
                editor.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                editor.setMinimumContentsLength(6)  # long category names are elided, not the form widened
                editor.addItems(choices[name])
                editor.currentIndexChanged.connect(self._on_editor_changed)
            elif kind == "numeric":
                editor = _number_editor(as_float(reference[name]) if name in reference.columns else np.zeros(0))
                editor.valueChanged.connect(self._on_editor_changed)
            else:
                editor = QLineEdit()
                editor.editingFinished.connect(self._on_editor_changed)
            editor.setToolTip(name)
            editor.setMinimumWidth(EDITOR_MIN_WIDTH)
            self.editors[name] = editor
            self.layout_.addRow(name, editor)

    def set_row(self, row: pd.Series) -> None:
        """Show `row`'s values (a value a drop-down lacks is added to it); no row_edited."""
        self._row = row
        self._filling = True
        try:
            for name, editor in self.editors.items():
                value = row.get(name)
                if isinstance(editor, QComboBox):
                    text = as_text(pd.Series([value])).iloc[0]  # its own dtype: 2.0 from a number column reads "2"
                    text = missing_text() if text is None else text
                    if editor.findText(text) < 0:
                        editor.addItem(text)
                    editor.setCurrentIndex(editor.findText(text))
                elif isinstance(editor, QDoubleSpinBox):
                    number = float(as_float(pd.Series([value], dtype=object))[0])
                    editor.setValue(editor.minimum() if math.isnan(number) else number)
                else:
                    editor.setText("" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value))
        finally:
            self._filling = False

    def row_frame(self) -> pd.DataFrame:
        """The edited values as a one-row frame ("(missing)" and the spin boxes' lowest value as missing), with the
        shown row's other columns as they were."""
        values = {} if self._row is None else self._row.to_dict()
        for name, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                text = editor.currentText()
                values[name] = None if text == missing_text() else text
            elif isinstance(editor, QDoubleSpinBox):
                values[name] = np.nan if editor.value() == editor.minimum() else editor.value()
            else:
                values[name] = editor.text().strip() or None
        return pd.DataFrame([values])

    def _on_editor_changed(self, *_args) -> None:
        if not self._filling:
            self.row_edited.emit()
