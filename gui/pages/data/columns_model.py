"""The column list: one row per data column with its kind, role, missing share and unique count.

Kind and role are editable (a combo box delegate); every change, for one column or many,
becomes ONE undoable ProjectDocument.edit_schema.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from engine.data import KINDS, ROLES, ColumnInfo
from gui.pages.data.table_model import muted_color

NAME, KIND, ROLE, MISSING, UNIQUE, INPUTS = range(6)
HEADERS = ("Column", "Kind", "Role", "Missing", "Unique", "Inputs")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_LABELS = {kind: kind.replace("_", " ") for kind in KINDS}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _describe(names: list[str]) -> str:
    if len(names) == 1:
        return f"'{names[0]}'"
    return f"{len(names)} columns"


def edit_columns(document, names: list[str], *, role: str | None = None,
                 kind: str | None = None) -> bool:
    """Give every named column the role and/or kind, as one undoable edit.

    Returns False (and pushes nothing) when nothing would change, or when role "target" is
    asked for more than one column (there is only one target).
    """
    if document.schema is None or not names or (role == "target" and len(names) != 1):
        return False
    schema = document.schema.copy()
    changed = False
    for name in names:
        column = schema.column(name)
        if kind is not None and column.kind != kind:
            schema.set_kind(name, kind)
            changed = True
        if role is not None and column.role != role:
            schema.set_role(name, role)
            changed = True
    if not changed:
        return False
    if role is not None and kind is not None:
        text = f"Set {_describe(names)} to {role}, {KIND_LABELS[kind]}"
    elif role is not None:
        text = f"Make {names[0]} the target" if role == "target" else \
            f"Set role of {_describe(names)} to {role}"
    else:
        text = f"Set kind of {_describe(names)} to {KIND_LABELS[kind]}"
    document.edit_schema(schema, text)
    return True


def model_inputs(document) -> list:
    """How each feature column of the document's data becomes model inputs (engine.preprocess.input_map), from
    the preprocessing the model's widths come from; empty until there is one (a table with a target)."""
    from engine.preprocess.input_map import column_inputs

    if document.context() is None or document.context_preprocessor is None:
        return []
    return column_inputs(document.context_preprocessor)


class ColumnsModel(QAbstractTableModel):
    """Rows = the document schema's columns; columns = name, kind, role, missing %, unique, model inputs.

    Reads the document (schema + table) on refresh(); setData on Kind or Role pushes one
    undoable edit_schema. The engine's reason for a column is the tooltip of its row.
    """

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self._columns: list[ColumnInfo] = []
        self._inputs: dict = {}  # column name -> engine.preprocess.input_map.ColumnInputs
        self._rows = 0
        self._muted = muted_color()
        self._bold = QFont()
        self._bold.setBold(True)

    def refresh(self) -> None:
        """Re-read the document; keeps rows (and so the view's selection) when the names match."""
        schema = self.document.schema
        columns = [ColumnInfo.from_dict(c.to_dict()) for c in schema.columns] if schema else []
        table = self.document.table
        rows = len(table.frame) if table is not None else 0
        self._inputs = {c.column: c for c in model_inputs(self.document)}
        self._muted = muted_color()
        same = [c.name for c in columns] == [c.name for c in self._columns]
        if same and columns:
            self._columns, self._rows = columns, rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(columns) - 1, len(HEADERS) - 1))
        else:
            self.beginResetModel()
            self._columns, self._rows = columns, rows
            self.endResetModel()

    def column_info(self, row: int) -> ColumnInfo:
        return self._columns[row]

    def inputs_of(self, name: str):
        """How column `name` becomes model inputs (an input_map.ColumnInputs), or None (not a feature, or no
        fitted preprocessing yet: no target chosen)."""
        return self._inputs.get(name)

    def row_of(self, name: str) -> int:
        """Row of the column called name, or -1."""
        for row, column in enumerate(self._columns):
            if column.name == name:
                return row
        return -1

    # -- Qt model interface ----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._columns)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return ("Column name", "What kind of values the column holds (double-click to change)",
                    "feature = input to the model, target = what to predict, ignore = unused "
                    "(double-click to change)", "Share of rows with no value",
                    "Number of different values",
                    "How many numbers the model reads from the column (hover a cell for how)")[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in (KIND, ROLE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        info = self._columns[index.row()]
        field = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(info, field)
        if role == Qt.ItemDataRole.EditRole:
            return {KIND: info.kind, ROLE: info.role}.get(field, self._display(info, field))
        if role == SORT_ROLE:
            return (info.name.lower(), info.kind, info.role, info.missing, info.unique, self._input_width(info))[field]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(info)
        if role == Qt.ItemDataRole.ForegroundRole and info.role == "ignore":
            return self._muted
        if role == Qt.ItemDataRole.FontRole and info.role == "target":
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and field in (MISSING, UNIQUE, INPUTS):
            return _RIGHT
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        name = self._columns[index.row()].name
        if index.column() == KIND and value in KINDS:
            return edit_columns(self.document, [name], kind=value)
        if index.column() == ROLE and value in ROLES:
            return edit_columns(self.document, [name], role=value)
        return False

    def _display(self, info: ColumnInfo, field: int) -> str:
        if field == NAME:
            return info.name
        if field == KIND:
            return KIND_LABELS.get(info.kind, info.kind)
        if field == ROLE:
            return info.role
        if field == MISSING:
            if not self._rows:  # a project's schema without its data: counts, not shares
                return f"{info.missing:,}"
            if not info.missing:
                return "0 %"
            share = 100.0 * info.missing / self._rows if self._rows else 0.0
            return f"{share:.1f} %" if share >= 0.1 else "<0.1 %"
        if field == INPUTS:
            width = self._input_width(info)
            return "–" if width < 0 else f"{width:,}"
        return f"{info.unique:,}"

    def _input_width(self, info: ColumnInfo) -> int:
        described = self._inputs.get(info.name)
        return described.width if described is not None else -1

    def _tooltip(self, info: ColumnInfo) -> str:
        usable = f"usable as target ({info.task_hint})" if info.task_hint else "not usable as target"
        described = self._inputs.get(info.name)
        inputs = f"\nModel inputs: {described.detail}" if described is not None else ""
        return (f"{info.name}: {info.reason}\n"
                f"{info.missing:,} missing · {info.unique:,} different values · "
                f"stored as {info.dtype or '?'} · {usable}{inputs}")


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box editor over fixed (value, label) choices that commits as soon as one is picked.

    With an on_chosen callback the choice is handed to it (e.g. to apply it to every selected
    row at once); without one it is written with model.setData.
    """

    def __init__(self, choices: list[tuple[str, str]], parent=None,
                 on_chosen: Callable[[QModelIndex, str], None] | None = None):
        super().__init__(parent)
        self.choices = choices
        self.on_chosen = on_chosen

    def createEditor(self, parent, option, index):  # noqa: N802
        combo = QComboBox(parent)
        for value, label in self.choices:
            combo.addItem(label, value)
        combo.activated.connect(self._on_combo_activated)
        return combo

    def setEditorData(self, editor: QComboBox, index) -> None:  # noqa: N802
        position = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QComboBox, model, index) -> None:  # noqa: N802
        value = editor.currentData()
        if value == index.data(Qt.ItemDataRole.EditRole):
            return
        if self.on_chosen is not None:
            self.on_chosen(index, value)
        else:
            model.setData(index, value, Qt.ItemDataRole.EditRole)

    def _on_combo_activated(self, _position: int) -> None:
        editor = self.sender()
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
