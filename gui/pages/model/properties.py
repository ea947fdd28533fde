"""PropertiesPanel: a form generated from the selected layer's Param declarations.

Nothing here knows about particular layer types: spin boxes, combo boxes and check boxes are
made from each Param's kind, range, choices, label and help. Every edit is one undoable
document.edit_spec; a run of edits to the same field (spinning, typing) merges into one step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QScrollArea, QSpinBox,
                               QToolButton, QVBoxLayout, QWidget)

from engine.graph.analysis import describe
from engine.layers import REGISTRY, Param
from engine.layers.layer_text import layer_help, param_help, param_label

from gui.pages.model.node_item import error_colour
from gui.document import ProjectDocument
from gui.infra.widgets import FloatSpinBox

INT_LIMIT = 2**31 - 1


class PropertiesPanel(QWidget):
    """Edits the parameters of the one selected layer. Call show_nodes(ids) with the canvas
    selection. Signals: none (edits go to the document; the form follows document.spec_changed)."""

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.node_id: str | None = None
        self.editors: dict[str, QWidget] = {}
        self._form_type: str | None = None
        self._merge_target: tuple[str, str] | None = None
        self._merge_index = -1
        self._updating = False
        self.title = QLabel(self)
        bold = self.title.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.1)
        self.title.setFont(bold)
        self.help = QLabel(self)
        self.help.setWordWrap(True)
        muted = self.help.palette()
        muted.setColor(QPalette.ColorRole.WindowText, muted.color(QPalette.ColorRole.PlaceholderText))
        self.help.setPalette(muted)
        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(f"color: {error_colour().name()};")
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form_host = QWidget(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form_host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.help)
        layout.addWidget(self.problem_label)
        layout.addWidget(scroll, 1)
        self.form_layout = QVBoxLayout(self.form_host)
        self.form_layout.setContentsMargins(0, 4, 0, 0)
        self.advanced_toggle: QToolButton | None = None
        self.advanced_box: QWidget | None = None
        document.spec_changed.connect(self._on_document_spec_changed)
        document.context_changed.connect(self._on_document_context_changed)
        self.show_nodes([])

    # -- selection -------------------------------------------------------------------------------
    def show_nodes(self, node_ids: list[str]) -> None:
        """Show the form of the single selected layer (or a hint when 0 or several are selected)."""
        node_id = node_ids[0] if len(node_ids) == 1 else None
        if node_id is not None and not self.document.spec.has_node(node_id):
            node_id = None
        self.node_id = node_id
        self._merge_target = None
        if node_id is None:
            self._clear_form()
            self._form_type = None
            self.title.setText(self.tr("No layer selected") if not node_ids
                               else self.tr("%n layers selected", "", len(node_ids)))
            self.help.setText(self.tr("Select one layer on the canvas to edit its settings."))
            self.problem_label.hide()
            return
        self._rebuild()

    def _on_document_spec_changed(self) -> None:
        if self.node_id is None:
            return
        if not self.document.spec.has_node(self.node_id):
            self.show_nodes([])
            return
        node = self.document.spec.node(self.node_id)
        if node.type != self._form_type:
            self._rebuild()
        else:
            self._load_values()

    def _on_document_context_changed(self) -> None:
        """The data's inputs were worked out: an Input's list of them and the layer's problems follow (values
        typed but not yet confirmed stay)."""
        if self.node_id is None or not self.document.spec.has_node(self.node_id):
            return
        if self._form_type == "Input":
            self._rebuild()
        else:
            self._show_problems()

    # -- building the form ----------------------------------------------------------------------
    def _clear_form(self) -> None:
        while self.form_layout.count():
            widget = self.form_layout.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # deleteLater waits for the event loop; until then it would still be drawn
                widget.deleteLater()
        self.editors = {}
        self.advanced_toggle = self.advanced_box = None

    def _rebuild(self) -> None:
        self._clear_form()
        node = self.document.spec.node(self.node_id)
        layer = REGISTRY.get(node.type)
        self._form_type = node.type
        name = layer.display_name if layer else node.type
        self.title.setText(f"{name} — {node.id}")
        self.help.setText(layer_help(layer) if layer else self.tr("This layer type is unknown to this version of LayerLab."))
        params = layer.params if layer else ()
        basic = QWidget(self.form_host)
        basic_form = QFormLayout(basic)
        basic_form.setContentsMargins(0, 0, 0, 0)
        advanced = QWidget(self.form_host)
        advanced_form = QFormLayout(advanced)
        advanced_form.setContentsMargins(12, 0, 0, 0)
        for param in params:
            editor = self._make_editor(param)
            label = QLabel(self.tr("{label}:").format(label=param_label(param)), self.form_host)
            label.setToolTip(param_help(param))
            (advanced_form if param.advanced else basic_form).addRow(label, editor)
            self.editors[param.name] = editor
        if not params:
            basic_form.addRow(QLabel(self.tr("This layer has no settings."), basic))
        self.form_layout.addWidget(basic)
        if any(p.advanced for p in params):
            toggle = QToolButton(self.form_host)
            toggle.setText(self.tr("Advanced"))
            toggle.setCheckable(True)
            toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            toggle.setArrowType(Qt.ArrowType.RightArrow)
            toggle.setAutoRaise(True)
            toggle.toggled.connect(self._on_advanced_toggled)
            self.form_layout.addWidget(toggle)
            self.form_layout.addWidget(advanced)
            advanced.setVisible(False)
            self.advanced_toggle, self.advanced_box = toggle, advanced
        else:
            advanced.deleteLater()
        self.form_layout.addStretch(1)
        self._load_values()

    def _make_editor(self, param: Param) -> QWidget:
        tip = param_help(param) + "\n" + self.tr("Allowed: {values}.").format(values=param.allowed())
        if param.kind == "int":
            editor = QSpinBox(self.form_host)
            lo = -INT_LIMIT if param.minimum is None else int(max(param.minimum, -INT_LIMIT))
            hi = INT_LIMIT if param.maximum is None else int(min(param.maximum, INT_LIMIT))
            editor.setRange(lo, hi)
            editor.setGroupSeparatorShown(True)
            editor.setKeyboardTracking(False)
            editor.valueChanged.connect(lambda v, p=param: self._on_editor_value_changed(p, int(v)))
        elif param.kind == "float":
            lo = -1e12 if param.minimum is None else float(param.minimum)
            hi = 1e12 if param.maximum is None else float(param.maximum)
            editor = FloatSpinBox(lo, hi, 0.01 if hi - lo <= 1.0 else 0.1, self.form_host,
                                  decade_steps=lo > 0 and hi / lo >= 1e3)
            editor.valueChanged.connect(lambda v, p=param: self._on_editor_value_changed(p, float(v)))
        elif param.kind == "bool":
            editor = QCheckBox(self.form_host)
            editor.toggled.connect(lambda v, p=param: self._on_editor_value_changed(p, bool(v)))
        elif param.kind == "source":
            editor = self._source_editor(param)
        elif param.kind == "shape":
            editor = QLineEdit(self.form_host)
            editor.setPlaceholderText(self.tr("e.g. 1,8,8"))
            editor.editingFinished.connect(lambda e=editor, p=param: self._on_editor_value_changed(p, e.text()))
        else:
            editor = QComboBox(self.form_host)
            editor.addItems(list(param.choices))
            editor.currentTextChanged.connect(lambda v, p=param: self._on_editor_value_changed(p, str(v)))
            editor.setEnabled(len(param.choices) > 1)
        editor.setToolTip(tip)
        editor.setObjectName(f"param_{param.name}")
        return editor

    def _source_editor(self, param: Param) -> QComboBox:
        """An editable list of the data's inputs (the first entry, empty, means the first one)."""
        editor = QComboBox(self.form_host)
        editor.setEditable(True)
        editor.addItem("")
        context = self.document.context()
        for source in context.all_sources() if context is not None else ():
            editor.addItem(source.name)
        editor.lineEdit().setPlaceholderText(self.tr("first input of the data"))
        editor.currentTextChanged.connect(lambda v, p=param: self._on_editor_value_changed(p, str(v)))
        return editor

    def _on_advanced_toggled(self, shown: bool) -> None:
        self.advanced_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.advanced_box.setVisible(shown)

    def _load_values(self) -> None:
        """Put the spec's values into the editors without emitting edits; show this layer's problems."""
        node = self.document.spec.node(self.node_id)
        layer = REGISTRY.get(node.type)
        self._updating = True
        try:
            for name, editor in self.editors.items():
                value = node.params.get(name, layer.param(name).default)
                if isinstance(editor, QCheckBox):
                    editor.setChecked(bool(value))
                elif isinstance(editor, QComboBox):
                    if editor.findText(str(value)) < 0:
                        editor.addItem(str(value))  # an invalid value from a file stays visible
                    editor.setCurrentText(str(value))
                elif isinstance(editor, QLineEdit):
                    editor.setText(str(value))
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    editor.setValue(value)
        finally:
            self._updating = False
        self._show_problems()

    def _show_problems(self) -> None:
        """This layer's problems under its title; editors holding an invalid value get a red border."""
        node = self.document.spec.node(self.node_id)
        layer = REGISTRY.get(node.type)
        messages = [p.message for p in self.document.problems() if p.node_id == self.node_id]
        self.problem_label.setText("\n".join(messages))
        self.problem_label.setVisible(bool(messages))
        bad = {pname for pname in self.editors
               if layer and layer.param(pname).validate(node.params.get(pname, layer.param(pname).default))}
        for pname, editor in self.editors.items():
            editor.setStyleSheet(f"border: 1px solid {error_colour().name()};" if pname in bad else "")

    # -- editing --------------------------------------------------------------------------------
    def _on_editor_value_changed(self, param: Param, value) -> None:
        if self._updating or self.node_id is None:
            return
        message = param.validate(value)
        if message is not None:
            self.problem_label.setText(f"{describe(self.document.spec, self.node_id)}: {message}")
            self.problem_label.show()
            return
        spec = self.document.spec.copy()
        node = spec.node(self.node_id)
        if node.params.get(param.name) == value:
            return
        node.params[param.name] = value
        stack = self.document.undo_stack
        target = (self.node_id, param.name)
        if target != self._merge_target or stack.index() != self._merge_index:
            self.document.end_merge(ProjectDocument.MERGE_PARAM)
        self.document.edit_spec(spec, self.tr("Change {setting} of {layer}").format(setting=param_label(param), layer=self.node_id),
                                ProjectDocument.MERGE_PARAM)
        self._merge_target, self._merge_index = target, stack.index()

    def set_param(self, name: str, value) -> None:
        """Set a parameter of the shown layer through its editor, as a user would."""
        editor = self.editors[name]
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentText(str(value))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))
            editor.editingFinished.emit()
        else:
            editor.setValue(value)

