"""The column list box: filter, multi-select, "Set role" / "Set kind" menus and combo editing."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMenu, QTableView, QToolButton, QVBoxLayout)

from engine.data import KINDS, ROLES
from gui.pages.data.columns_model import (INPUTS, KIND, MISSING, NAME, ROLE, SORT_ROLE, UNIQUE,
                                    ChoiceDelegate, ColumnsModel, edit_columns, kind_label, role_label)


# Both states are 2 px deep (Qt lays the frame out once): a thin grey line, or a thick blue one.
FOCUS_FRAME_STYLE = ("QTableView { border: 1px solid palette(mid); padding: 1px; }"
                     " QTableView:focus { border: 2px solid palette(highlight); padding: 0px; }")


def make_one_tab_stop(view: QAbstractItemView) -> None:
    """A table is ONE Tab stop (arrows move inside it; Tab leaves it, so the widgets after it
    can be reached by keyboard), and it shows a highlighted frame while it has the focus."""
    view.setTabKeyNavigation(False)
    view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    view.setStyleSheet(FOCUS_FRAME_STYLE)


class ColumnsPanel(QGroupBox):
    """Every column with kind, role, missing % and unique count; several can be selected and
    given a role or kind at once (buttons, context menu, or the combo of a selected row), as
    ONE undoable document.edit_schema.

    Signal: current_changed(str name) — the column whose distribution to show ("" for none).
    """

    current_changed = Signal(str)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Columns"))
        self.document = document
        self.model = ColumnsModel(document, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(NAME)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view = self._build_view()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter columns…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.role_menu = QMenu(self.tr("Set role"), self)
        self.role_actions = {r: self._menu_action(self.role_menu, role_label(r), r, self._on_role_action_triggered)
                             for r in ROLES}
        self.kind_menu = QMenu(self.tr("Set kind"), self)
        self.kind_actions = {k: self._menu_action(self.kind_menu, kind_label(k), k,
                                                  self._on_kind_action_triggered) for k in KINDS}
        self.role_button = self._menu_button(self.role_menu)
        self.kind_button = self._menu_button(self.kind_menu)
        self.selection_label = QLabel("")
        tools = QHBoxLayout()
        tools.addWidget(self.filter_edit, 1)
        tools.addWidget(self.selection_label)
        tools.addWidget(self.role_button)
        tools.addWidget(self.kind_button)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        self.inputs_label = QLabel("")
        self.inputs_label.setObjectName("columnInputs")
        self.inputs_label.setWordWrap(True)
        self.inputs_label.setToolTip(self.tr("How the selected column becomes the numbers the model reads"))
        layout.addWidget(self.inputs_label)
        self.filter_edit.textChanged.connect(self._on_filter_edit_changed)
        self.view.customContextMenuRequested.connect(self._on_view_menu_requested)
        selection = self.view.selectionModel()
        selection.selectionChanged.connect(self._on_selection_changed)
        selection.currentRowChanged.connect(self._on_selection_current_changed)
        self._on_selection_changed()

    def _build_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.proxy)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.SelectedClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # file order until a header is clicked
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 9)
        view.setAlternatingRowColors(True)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        make_one_tab_stop(view)
        heads = view.horizontalHeader()
        heads.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((KIND, 130), (ROLE, 80), (MISSING, 72), (UNIQUE, 72), (INPUTS, 60)):
            heads.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            heads.resizeSection(column, width)
        self.kind_delegate = ChoiceDelegate([(k, kind_label(k)) for k in KINDS], self,
                                            on_chosen=self._apply_choice)
        self.role_delegate = ChoiceDelegate([(r, role_label(r)) for r in ROLES], self,
                                            on_chosen=self._apply_choice)
        view.setItemDelegateForColumn(KIND, self.kind_delegate)
        view.setItemDelegateForColumn(ROLE, self.role_delegate)
        return view

    def _menu_action(self, menu: QMenu, text: str, value: str, slot) -> QAction:
        action = menu.addAction(text)
        action.setData(value)
        action.triggered.connect(slot)
        return action

    def _menu_button(self, menu: QMenu) -> QToolButton:
        button = QToolButton()
        button.setText(f"{menu.title()} ▾")
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # Fusion draws its own menu arrow over the last letter; the "▾" in the text replaces it.
        button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        button.setToolTip(self.tr("{action} of every selected column (one undo step)").format(action=menu.title()))
        return button

    # -- public -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the document (selection is kept when the columns are the same)."""
        self.model.refresh()
        self._on_selection_changed()
        self._show_current_inputs()

    def selected_columns(self) -> list[str]:
        """Names of the selected columns, in file order."""
        rows = sorted({self.proxy.mapToSource(i).row()
                       for i in self.view.selectionModel().selectedRows()} - {-1})
        return [self.model.column_info(r).name for r in rows]

    def current_column(self) -> str:
        """The column with the keyboard focus ("" for none)."""
        row = self.proxy.mapToSource(self.view.selectionModel().currentIndex()).row()
        if not 0 <= row < self.model.rowCount():
            return ""
        return self.model.column_info(row).name

    def select_columns(self, names: list[str]) -> None:
        """Select these columns (the first becomes current)."""
        selection = self.view.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        first = True
        for name in names:
            row = self.model.row_of(name)
            if row < 0:
                continue
            index = self.proxy.mapFromSource(self.model.index(row, NAME))
            if not index.isValid():
                continue
            if first:
                selection.setCurrentIndex(index, flags)
                self.view.scrollTo(index)
                first = False
            else:
                selection.select(index, flags)

    def set_role(self, names: list[str], role: str) -> bool:
        """Give every named column role, as one undoable edit. False when nothing changed."""
        return edit_columns(self.document, names, role=role)

    def set_kind(self, names: list[str], kind: str) -> bool:
        """Give every named column kind, as one undoable edit. False when nothing changed."""
        return edit_columns(self.document, names, kind=kind)

    # -- slots ------------------------------------------------------------------------------------
    def _on_filter_edit_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)

    def _on_selection_changed(self, *_args) -> None:
        names = self.selected_columns()
        for action in (*self.role_actions.values(), *self.kind_actions.values()):
            action.setEnabled(bool(names))
        self.role_actions["target"].setEnabled(len(names) == 1)
        self.role_button.setEnabled(bool(names))
        self.kind_button.setEnabled(bool(names))
        self.selection_label.setText(self.tr("%n selected", "", len(names)) if len(names) > 1 else "")

    def _on_selection_current_changed(self, *_args) -> None:
        self.current_changed.emit(self.current_column())
        self._show_current_inputs()

    def _show_current_inputs(self) -> None:
        """'Model inputs: contract: 3 categories → 3 inputs' for the current column (empty when it feeds none)."""
        described = self.model.inputs_of(self.current_column())
        self.inputs_label.setText(self.tr("Model inputs · {description}").format(description=described.description)
                                  if described is not None else "")

    def _on_view_menu_requested(self, position) -> None:
        if not self.selected_columns():
            return
        menu = QMenu(self)
        menu.addMenu(self.role_menu)
        menu.addMenu(self.kind_menu)
        menu.exec(self.view.viewport().mapToGlobal(position))

    def _on_role_action_triggered(self) -> None:
        self.set_role(self.selected_columns(), self.sender().data())

    def _on_kind_action_triggered(self) -> None:
        self.set_kind(self.selected_columns(), self.sender().data())

    def _apply_choice(self, proxy_index: QModelIndex, value: str) -> None:
        """A combo edit on a selected row applies to every selected row (one undo step)."""
        name = self.model.column_info(self.proxy.mapToSource(proxy_index).row()).name
        selected = self.selected_columns()
        names = selected if name in selected and value != "target" else [name]
        if proxy_index.column() == KIND:
            self.set_kind(names, value)
        else:
            self.set_role(names, value)
