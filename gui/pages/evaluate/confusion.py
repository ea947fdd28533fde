"""The confusion matrix of a classifier's test rows, as a coloured grid (no plotting library needed).

Colours come from the widget palette, so light and dark themes are both readable.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

CORRECT = QColor(46, 125, 220)
WRONG = QColor(220, 90, 60)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    t = min(max(t, 0.0), 1.0)
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


def _readable_text(background: QColor) -> QColor:
    luminance = 0.299 * background.red() + 0.587 * background.green() + 0.114 * background.blue()
    return QColor(Qt.GlobalColor.black) if luminance > 140 else QColor(Qt.GlobalColor.white)


class _CaptionLabel(QLabel):
    """A word-wrapped caption that asks for the height of its text at its width (the splitters above it pass no
    height-for-width on, and its second line was drawn half hidden)."""

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.setMinimumHeight(0)  # heightForWidth() counts the minimum in: free it, or it only ever grows
        self.setMinimumHeight(max(0, self.heightForWidth(self.width())))  # -1: no text


class ConfusionMatrixView(QWidget):
    """Counts of (true class, predicted class) as a coloured grid; rows are true classes.

    Cell colour grows with the share of its row: blue on the diagonal (right), red off it (wrong).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.caption = _CaptionLabel(self.tr("Rows: true class · columns: predicted class · colour: share of the row"),
                                     self)
        self.caption.setWordWrap(True)
        self.table = QTableWidget(self)
        self.table.setObjectName("confusion_matrix")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        self._data: tuple[list, list[str]] | None = None

    def set_matrix(self, matrix, class_names: list[str]) -> None:
        self._data = ([list(map(int, row)) for row in matrix], list(class_names))
        self._render()

    def clear_matrix(self) -> None:
        """Show nothing (another project is shown)."""
        self._data = None
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)

    def refresh_palette(self) -> None:
        if self._data:
            self._render()

    def _render(self) -> None:
        matrix, names = self._data
        n = len(matrix)
        names = (names + [self.tr("class {number}").format(number=i) for i in range(len(names), n)])[:n]
        self.table.clear()
        self.table.setRowCount(n)
        self.table.setColumnCount(n)
        self.table.setHorizontalHeaderLabels([self.tr("predicted {name}").format(name=name) for name in names])
        self.table.setVerticalHeaderLabels([self.tr("true {name}").format(name=name) for name in names])
        base = self.palette().color(QPalette.ColorRole.Base)
        for r, row in enumerate(matrix):
            total = sum(row) or 1
            for c, count in enumerate(row):
                share = count / total
                colour = _mix(base, CORRECT if r == c else WRONG, 0.15 + 0.85 * share if count else 0.0)
                item = QTableWidgetItem(f"{count}\n{100 * share:.1f} %")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                font = item.font()
                font.setBold(True)
                font.setPointSizeF(font.pointSizeF() * 1.15)
                item.setFont(font)
                item.setBackground(QBrush(colour))
                item.setForeground(QBrush(_readable_text(colour)))
                item.setToolTip(self.tr("{count} test rows of class {true} were predicted as {predicted} "
                                        "({share} % of that class).").format(
                    count=count, true=names[r], predicted=names[c], share=f"{100 * share:.1f}"))
                self.table.setItem(r, c, item)

    def cell_text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item else ""
