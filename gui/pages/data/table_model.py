"""A virtual, read-only Qt table model over a pandas DataFrame (the data preview).

Qt only asks for the cells it draws, so a 1M-row frame costs nothing until scrolled to;
each cell is read straight from the column's array (numpy for numbers, the pandas array
otherwise) and formatted on demand.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from engine.data import Schema

MISSING_TEXT = "—"
HEADER_CHARS = 32  # longer names are cut with "…" (the tooltip has them in full)
_ALIGN_NUMBER = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_TEXT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ROLES = frozenset(int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole))


def muted_color() -> QColor:
    """The palette's colour for de-emphasised text (missing cells, ignored columns)."""
    palette = QGuiApplication.palette()
    colour = palette.color(QPalette.ColorRole.PlaceholderText)
    if colour.alpha() < 255 or colour == palette.color(QPalette.ColorRole.Text):
        colour = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    return colour


def target_tint() -> QColor:
    """A light wash of the highlight colour that marks the target column in light and dark themes."""
    colour = QColor(QGuiApplication.palette().color(QPalette.ColorRole.Highlight))
    colour.setAlpha(45)
    return colour


def format_number(value) -> str:
    """Compact text for a number: integers as they are, floats with up to 6 significant digits."""
    if isinstance(value, (bool, np.bool_)):
        return "True" if value else "False"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return f"{float(value):.6g}"


class _Column:
    """How to read and format one column's cells quickly."""

    __slots__ = ("values", "mode", "dates_only")

    def __init__(self, series: pd.Series):
        dtype = series.dtype
        self.dates_only = False
        if pd.api.types.is_bool_dtype(dtype) and dtype != object:
            self.values, self.mode = series.to_numpy(), "bool"
        elif pd.api.types.is_float_dtype(dtype) and isinstance(dtype, np.dtype):
            self.values, self.mode = series.to_numpy(), "float"
        elif pd.api.types.is_integer_dtype(dtype) and isinstance(dtype, np.dtype):
            self.values, self.mode = series.to_numpy(), "int"
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            self.values, self.mode = series.array, "datetime"
            present = series.dropna()
            self.dates_only = bool(len(present) and (present.dt.normalize() == present).all())
        else:
            self.values, self.mode = series.array, "object"

    @property
    def numeric(self) -> bool:
        return self.mode in ("float", "int")

    def text(self, row: int) -> str | None:
        """The cell's text, or None when the value is missing."""
        value = self.values[row]
        mode = self.mode
        if mode == "int":
            return str(value)
        if mode == "float":
            return None if value != value else f"{value:.6g}"
        if mode == "bool":
            return "True" if value else "False"
        if value is None or value is pd.NA or value is pd.NaT:
            return None
        if mode == "datetime":
            return value.strftime("%Y-%m-%d") if self.dates_only else str(value)
        if isinstance(value, float):
            return None if value != value else format_number(value)
        if isinstance(value, (int, np.number)):
            return format_number(value)
        return str(value)


class FrameTableModel(QAbstractTableModel):
    """The data preview: rows and columns of the loaded DataFrame, virtual and read-only.

    Missing cells read a greyed "—"; the target column is tinted and its header bold;
    ignored columns are greyed. Update with set_frame() (new data) and set_schema() (roles).
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._frame: pd.DataFrame | None = None
        self._columns: list[_Column] = []
        self._names: list[str] = []
        self._roles: dict[str, str] = {}
        self._kinds: dict[str, str] = {}
        self._reasons: dict[str, str] = {}
        self._target: str | None = None
        self._muted = muted_color()
        self._tint = target_tint()
        self._bold = QFont()
        self._bold.setBold(True)

    # -- updates ----------------------------------------------------------------------------------
    def set_frame(self, frame: pd.DataFrame | None, schema: Schema | None = None) -> None:
        """Show a new frame (None shows nothing) with the roles of schema."""
        self.beginResetModel()
        self._frame = frame
        self._names = [str(c) for c in frame.columns] if frame is not None else []
        self._columns = [_Column(frame.iloc[:, i]) for i in range(len(self._names))] \
            if frame is not None else []
        self._muted, self._tint = muted_color(), target_tint()
        self._read_schema(schema)
        self.endResetModel()

    def set_schema(self, schema: Schema | None) -> None:
        """Restyle for changed roles/target; only the visible cells are repainted."""
        self._read_schema(schema)
        if self._names:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._names) - 1)
            if self.rowCount():
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(self.rowCount() - 1, len(self._names) - 1),
                                      [Qt.ItemDataRole.ForegroundRole,
                                       Qt.ItemDataRole.BackgroundRole])

    def _read_schema(self, schema: Schema | None) -> None:
        columns = schema.columns if schema is not None else []
        self._roles = {c.name: c.role for c in columns}
        self._kinds = {c.name: c.kind for c in columns}
        self._reasons = {c.name: c.reason for c in columns}
        self._target = schema.target if schema is not None else None

    @property
    def frame(self) -> pd.DataFrame | None:
        return self._frame

    def column_name(self, column: int) -> str:
        return self._names[column]

    def sample_texts(self, column: int, rows: int = 60) -> list[str]:
        """Texts of the first rows of a column (to size it without asking Qt to measure)."""
        n = min(rows, self.rowCount())
        texts = (self._columns[column].text(row) for row in range(n))
        return [MISSING_TEXT if t is None else t for t in texts]

    # -- Qt model interface ----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        if parent.isValid() or self._frame is None:
            return 0
        return len(self._frame)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._names)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES or not index.isValid():
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = column.text(index.row())
            return MISSING_TEXT if text is None else text
        if role == Qt.ItemDataRole.ForegroundRole:
            name = self._names[index.column()]
            if self._roles.get(name) == "ignore" or column.text(index.row()) is None:
                return self._muted
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._tint if self._names[index.column()] == self._target else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN_NUMBER if column.numeric else _ALIGN_TEXT
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.text(index.row()) is None:
                return self.tr("Missing value")
            return None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(section + 1)
            return None
        if section >= len(self._names):
            return None
        name = self._names[section]
        if role == Qt.ItemDataRole.DisplayRole:
            shown = name if len(name) <= HEADER_CHARS else name[:HEADER_CHARS - 1] + "…"
            return f"{shown} ◎" if name == self._target else shown
        if role == Qt.ItemDataRole.FontRole and name == self._target:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and self._roles.get(name) == "ignore":
            return self._muted
        if role == Qt.ItemDataRole.ToolTipRole:
            # the words of columns_model's ROLE_LABELS / KIND_LABELS (which imports this module)
            role_name = QCoreApplication.translate("ColumnRole", self._roles.get(name, ""))
            kind = QCoreApplication.translate("ColumnKind", self._kinds.get(name, "").replace("_", " "))
            reason = self._reasons.get(name, "")
            return f"{name}: {role_name}, {kind}\n{reason}".strip()
        return None
