"""The column list: one row per data column with its kind, role, missing share and unique count.

Kind and role are editable (a combo box delegate); every change, for one column or many,
becomes ONE undoable ProjectDocument.edit_schema.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex,
                            QPersistentModelIndex, Qt)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from engine.data import KINDS, ROLES, ColumnInfo
from gui.pages.data.table_model import muted_color

NAME, KIND, ROLE, MISSING, UNIQUE, INPUTS = range(6)
HEADERS = (QT_TRANSLATE_NOOP("ColumnsModel", "Column"), QT_TRANSLATE_NOOP("ColumnsModel", "Kind"),
           QT_TRANSLATE_NOOP("ColumnsModel", "Role"), QT_TRANSLATE_NOOP("ColumnsModel", "Missing"),
           QT_TRANSLATE_NOOP("ColumnsModel", "Unique"), QT_TRANSLATE_NOOP("ColumnsModel", "Inputs"))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_LABELS = {"numeric": QT_TRANSLATE_NOOP("ColumnKind", "numeric"),
               "integer_category": QT_TRANSLATE_NOOP("ColumnKind", "integer category"),
               "categorical": QT_TRANSLATE_NOOP("ColumnKind", "categorical"),
               "boolean": QT_TRANSLATE_NOOP("ColumnKind", "boolean"), "text": QT_TRANSLATE_NOOP("ColumnKind", "text"),
               "datetime": QT_TRANSLATE_NOOP("ColumnKind", "datetime"),
               "identifier": QT_TRANSLATE_NOOP("ColumnKind", "identifier"),
               "constant": QT_TRANSLATE_NOOP("ColumnKind", "constant"),
               "image": QT_TRANSLATE_NOOP("ColumnKind", "image"),
               "pixels": QT_TRANSLATE_NOOP("ColumnKind", "pixels")}  # English; kind_label translates
ROLE_LABELS = {"feature": QT_TRANSLATE_NOOP("ColumnRole", "feature"), "target": QT_TRANSLATE_NOOP("ColumnRole", "target"),
               "ignore": QT_TRANSLATE_NOOP("ColumnRole", "ignore")}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def kind_label(kind: str) -> str:
    """A column kind in the user's language ("integer_category" -> "integer category")."""
    return QCoreApplication.translate("ColumnKind", KIND_LABELS.get(kind, kind.replace("_", " ")))


def role_label(role: str) -> str:
    """A column role (feature / target / ignore) in the user's language."""
    return QCoreApplication.translate("ColumnRole", ROLE_LABELS.get(role, role))


def _describe(names: list[str]) -> str:
    if len(names) == 1:
        return f"'{names[0]}'"
    count = len(names)  # lupdate drops a plural whose count is an expression: keep it a name
    return QCoreApplication.translate("ColumnsModel", "%n columns", "", count)


def edit_columns(document, names: list[str], *, role: str | None = None,
                 kind: str | None = None) -> bool:
    """Give every named column the role and/or kind, as one undoable edit.

    Returns False (and pushes nothing) when nothing would change, or when role "target" is
    asked for more than one column (there is only one target). Kind "pixels" is given only to columns
    whose names form a pixel group (ColumnInfo.group); the others keep their kind.
    """
    if document.schema is None or not names or (role == "target" and len(names) != 1):
        return False
    schema = document.schema.copy()
    changed = False
    for name in names:
        column = schema.column(name)
        if kind is not None and column.kind != kind and (kind != "pixels" or column.group):
            schema.set_kind(name, kind)
            changed = True
        if role is not None and column.role != role:
            schema.set_role(name, role)
            changed = True
    if not changed:
        return False
    if role is not None and kind is not None:
        text = QCoreApplication.translate("ColumnsModel", "Set {columns} to {role}, {kind}").format(
            columns=_describe(names), role=role_label(role), kind=kind_label(kind))
    elif role is not None:
        text = QCoreApplication.translate("ColumnsModel", "Make {name} the target").format(name=names[0]) \
            if role == "target" else QCoreApplication.translate("ColumnsModel", "Set role of {columns} to {role}").format(
                columns=_describe(names), role=role_label(role))
    else:
        text = QCoreApplication.translate("ColumnsModel", "Set kind of {columns} to {kind}").format(
            columns=_describe(names), kind=kind_label(kind))
    document.edit_schema(schema, text)
    return True


def model_inputs(document) -> list:
    """How each feature column of the document's data becomes model inputs (engine.preprocess.input_map), from
    the preprocessing the model's widths come from; empty until there is one (a table with a target)."""
    from engine.preprocess.input_map import column_inputs

    context = document.context()
    if context is None or document.context_preprocessor is None:
        return []
    return column_inputs(document.context_preprocessor, context.sources)


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
            return QCoreApplication.translate("ColumnsModel", HEADERS[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return (self.tr("Column name"), self.tr("What kind of values the column holds (double-click to change)"),
                    self.tr("feature = input to the model, target = what to predict, ignore = unused "
                            "(double-click to change)"), self.tr("Share of rows with no value"),
                    self.tr("Number of different values"),
                    self.tr("How many numbers the model reads from the column (hover a cell for how)"))[section]
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
            return kind_label(info.kind)
        if field == ROLE:
            return role_label(info.role)
        if field == MISSING:
            if not self._rows:  # a project's schema without its data: counts, not shares
                return f"{info.missing:,}"
            if not info.missing:
                return "0 %"
            share = 100.0 * info.missing / self._rows if self._rows else 0.0
            return f"{share:.1f} %" if share >= 0.1 else "<0.1 %"
        if field == INPUTS:
            described = self._inputs.get(info.name)
            if described is not None and described.shape:  # an input of its own: its shape, e.g. 1×8×8
                return "×".join(str(n) for n in described.shape)
            width = self._input_width(info)
            return "–" if width < 0 else f"{width:,}"
        return f"{info.unique:,}"

    def _input_width(self, info: ColumnInfo) -> int:
        described = self._inputs.get(info.name)
        return described.width if described is not None else -1

    def _tooltip(self, info: ColumnInfo) -> str:
        usable = self.tr("usable as target ({task})").format(task=info.task_hint) if info.task_hint \
            else self.tr("not usable as target")
        described = self._inputs.get(info.name)
        inputs = "\n" + self.tr("Model inputs: {detail}").format(detail=described.detail) if described is not None else ""
        return (f"{info.name}: {info.reason}\n"
                + self.tr("{missing} missing · {unique} different values · stored as {dtype} · {usable}").format(
                    missing=f"{info.missing:,}", unique=f"{info.unique:,}", dtype=info.dtype or "?", usable=usable)
                + inputs)


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
