"""Small widgets more than one page uses."""

from __future__ import annotations

import math

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QWidget


class FloatSpinBox(QDoubleSpinBox):
    """A double spin box for settings and layer parameters: shows values compactly (%g: 0.001, 1e-05, 0),
    accepts any float text ("1e-4" included), commits when editing ends (no keyboard tracking) and, with
    ``decade_steps``, steps by a factor of ten (for ranges spanning orders of magnitude, like epsilon).
    Signals: QDoubleSpinBox's."""

    def __init__(self, minimum: float, maximum: float, step: float = 0.1, parent: QWidget | None = None, *,
                 decade_steps: bool = False):
        super().__init__(parent)
        self.setDecimals(15)
        self.setRange(minimum, maximum)
        self.setSingleStep(step)
        self.setKeyboardTracking(False)
        self.decade_steps = decade_steps

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt's name
        return f"{value:g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt's name
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        stripped = text.strip()
        try:
            value = float(stripped)
        except ValueError:
            partial = stripped == "" or stripped[-1] in "eE.-+"  # on the way to "1e-5", "-0.5", ".5"
            return (QValidator.State.Intermediate if partial else QValidator.State.Invalid), text, pos
        if not math.isfinite(value):
            return QValidator.State.Invalid, text, pos
        if self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt's name
        if self.decade_steps:
            self.setValue(min(max(self.value() * 10.0 ** steps, self.minimum()), self.maximum()))
        else:
            super().stepBy(steps)
