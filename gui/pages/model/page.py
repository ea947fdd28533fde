"""ModelPage: the Model tab. Palette | canvas | properties, summary and problems, composed.

The page wires views to the controller and to each other's selection; it holds no model state:
everything shown is read from the document, every change goes through document.edit_spec.
"""

from __future__ import annotations

import atexit
import functools
import json

from PySide6.QtCore import QT_TRANSLATE_NOOP, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import QLabel, QSplitter, QToolBar, QVBoxLayout, QWidget

from gui.pages.model.controller import CanvasController
from gui.pages.model.palette import LayerPalette
from gui.pages.model.scene import GraphScene
from gui.pages.model.model_summary import ModelSummary, ProblemsList
from gui.pages.model.view import GraphView
from gui.pages.model.properties import PropertiesPanel

CLIPBOARD_MIME = "application/x-layerlab-layers"
PASTE_STEP = 40.0
HINT = QT_TRANSLATE_NOOP("ModelPage", "Drag from a layer's bottom port to another's top port to connect · Delete removes · "
                                      "wheel zooms")


def _release_clipboard() -> None:
    """Take our copied layers off the clipboard before Python exits.

    Qt deletes clipboard data when its platform shuts down, after Python has gone; PySide6 then
    crashes (segfault at exit: seen with the offscreen platform, a QMimeData set from Python).
    """
    clipboard = QGuiApplication.clipboard() if QGuiApplication.instance() is not None else None
    data = clipboard.mimeData() if clipboard is not None else None
    if data is not None and data.hasFormat(CLIPBOARD_MIME):
        clipboard.clear()


@functools.cache
def _release_clipboard_at_exit() -> None:
    atexit.register(_release_clipboard)


def _titled(title: str, widget: QWidget, parent: QWidget) -> tuple[QWidget, QLabel]:
    box = QWidget(parent)
    label = QLabel(title, box)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(4, 6, 4, 2)
    layout.setSpacing(3)
    layout.addWidget(label)
    layout.addWidget(widget, 1)
    return box, label


class ModelPage(QWidget):
    """The model designer: a layer palette (left), the GraphView canvas (centre) and, on the
    right, the Properties form, the model summary and the Problems list.

    Attributes: actions (dict of QActions: delete, copy, paste, duplicate, select_all,
    auto_layout, zoom_in, zoom_out, fit), scene, view, controller, palette, properties, summary,
    problems. Signals: selection_changed(list[str]) with the selected layer ids."""

    selection_changed = Signal(list)

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.controller = CanvasController(document, self)
        self.scene = GraphScene(document, self)
        self.view = GraphView(self.scene, self)
        self.view.connection_check = self.controller.connection_problem
        self.palette = LayerPalette(self)
        self.properties = PropertiesPanel(document, self)
        self.summary = ModelSummary(document, self)
        self.problems = ProblemsList(document, self)
        self.status = QLabel(self.tr(HINT), self)
        self.status.setWordWrap(True)
        muted = self.status.palette()
        muted.setColor(QPalette.ColorRole.WindowText, muted.color(QPalette.ColorRole.PlaceholderText))
        self.status.setPalette(muted)
        self._clipboard_fallback: dict | None = None
        self._paste_count = 0
        self._shown_ids: set[str] = {n.id for n in document.spec.nodes}
        self._fitted = False
        self._emitted_selection: list[str] | None = None
        self.actions = self._make_actions()
        self._build_layout()
        self._connect()
        self._on_scene_selection_changed([])

    # -- construction -----------------------------------------------------------------------------
    def _make_actions(self) -> dict[str, QAction]:
        specs = [
            ("delete", self.tr("&Delete"), QKeySequence.StandardKey.Delete, self._on_delete_triggered, True),
            ("copy", self.tr("&Copy"), QKeySequence.StandardKey.Copy, self._on_copy_triggered, True),
            ("paste", self.tr("&Paste"), QKeySequence.StandardKey.Paste, self._on_paste_triggered, True),
            ("duplicate", self.tr("D&uplicate"), QKeySequence("Ctrl+D"), self._on_duplicate_triggered, True),
            ("select_all", self.tr("Select &All"), QKeySequence.StandardKey.SelectAll, self._on_select_all_triggered, True),
            ("auto_layout", self.tr("Auto-&layout"), QKeySequence("Ctrl+L"), self._on_auto_layout_triggered, False),
            ("zoom_in", self.tr("Zoom &In"), QKeySequence.StandardKey.ZoomIn, self._on_zoom_in_triggered, False),
            ("zoom_out", self.tr("Zoom &Out"), QKeySequence.StandardKey.ZoomOut, self._on_zoom_out_triggered, False),
            ("fit", self.tr("&Fit to View"), QKeySequence("Ctrl+0"), self._on_fit_triggered, False),
        ]
        actions = {}
        for key, text, shortcut, slot, canvas_only in specs:
            action = QAction(text, self)
            action.setObjectName(f"model_{key}")
            if isinstance(shortcut, QKeySequence.StandardKey):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(shortcut)
            # Editing keys act only when the canvas has focus (Ctrl+C in a text field stays
            # text copy); view keys work anywhere on the page.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut if canvas_only
                                      else Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            actions[key] = action
        actions["delete"].setToolTip(self.tr("Delete the selected layers (neighbours reconnect) or connections"))
        actions["zoom_in"].setShortcuts([QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")])
        for key, action in actions.items():
            self.view.addAction(action)
            if key in ("paste", "select_all"):
                self.view.addAction(self._separator())
        for key in ("auto_layout", "zoom_in", "zoom_out", "fit"):
            self.addAction(actions[key])
        return actions

    def _separator(self) -> QAction:
        separator = QAction(self)
        separator.setSeparator(True)
        return separator

    def _build_layout(self) -> None:
        toolbar = QToolBar(self)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for key in ("auto_layout", "fit", "zoom_in", "zoom_out"):
            toolbar.addAction(self.actions[key])
        toolbar.addSeparator()
        for key in ("delete", "duplicate"):
            toolbar.addAction(self.actions[key])
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(toolbar)
        centre_layout.addWidget(self.view, 1)
        status_row = QWidget(centre)
        status_layout = QVBoxLayout(status_row)
        status_layout.setContentsMargins(8, 3, 8, 3)
        status_layout.addWidget(self.status)
        centre_layout.addWidget(status_row)
        right = QSplitter(Qt.Orientation.Vertical, self)
        properties_box, _ = _titled(self.tr("Properties"), self.properties, right)
        summary_box, _ = _titled(self.tr("Model summary"), self.summary, right)
        problems_box, self._problems_title = _titled(self.tr("Problems"), self.problems, right)
        for box in (properties_box, summary_box, problems_box):
            right.addWidget(box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 3)
        right.setStretchFactor(2, 2)
        right.setSizes([230, 340, 150])  # the summary holds the table and the cost lines
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        palette_box, _ = _titled(self.tr("Layers"), self.palette, splitter)
        splitter.addWidget(palette_box)
        splitter.addWidget(centre)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(1, False)
        splitter.setSizes([190, 700, 340])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _connect(self) -> None:
        self.scene.selection_changed.connect(self._on_scene_selection_changed)
        self.palette.layer_activated.connect(self._on_palette_layer_activated)
        self.view.layer_dropped.connect(self._on_view_layer_dropped)
        self.view.connect_requested.connect(self._on_view_connect_requested)
        self.view.nodes_moved.connect(self._on_view_nodes_moved)
        self.view.status_message.connect(self._on_status_message)
        self.controller.status_message.connect(self._on_status_message)
        self.problems.problem_activated.connect(self._on_problems_problem_activated)
        self.summary.layer_activated.connect(self._on_problems_problem_activated)
        self.document.spec_changed.connect(self._on_document_spec_changed)
        self.document.context_changed.connect(self._on_document_spec_changed)  # the problems' count follows
        self._on_document_spec_changed()

    # -- public ---------------------------------------------------------------------------------
    def select_nodes(self, node_ids: list[str], centre: bool = False) -> None:
        """Select exactly these layers on the canvas (and show the first one if centre)."""
        self.scene.select_nodes(node_ids)
        if centre and node_ids and self.scene.node_item(node_ids[0]) is not None:
            self.view.ensureVisible(self.scene.node_item(node_ids[0]), 40, 40)

    def selected_node_ids(self) -> list[str]:
        return self.scene.selected_node_ids()

    # -- slots ------------------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            QTimer.singleShot(0, self.view, self.view.fit)

    def _on_document_spec_changed(self) -> None:
        ids = {n.id for n in self.document.spec.nodes}
        if ids and not (ids & self._shown_ids) and self.isVisible():
            QTimer.singleShot(0, self.view, self.view.fit)  # a different model (template, opened file)
        self._shown_ids = ids
        problems = self.problems.count
        self._problems_title.setText(self.tr("Problems ({count})").format(count=problems) if problems
                                     else self.tr("Problems"))

    def _on_scene_selection_changed(self, node_ids: list) -> None:
        has_nodes = bool(node_ids)
        self.actions["delete"].setEnabled(has_nodes or bool(self.scene.selected_edges()))
        self.actions["copy"].setEnabled(has_nodes)
        self.actions["duplicate"].setEnabled(has_nodes)
        if list(node_ids) != self._emitted_selection:
            self._emitted_selection = list(node_ids)
            self.properties.show_nodes(list(node_ids))
            self.selection_changed.emit(list(node_ids))

    def _on_status_message(self, text: str) -> None:
        self.status.setText(text)

    def _on_palette_layer_activated(self, type_name: str) -> None:
        new_id = self.controller.append_layer(type_name)
        self.select_nodes([new_id], centre=True)

    def _on_view_layer_dropped(self, type_name: str, position, edge) -> None:
        if edge is not None:
            new_id = self.controller.insert_layer_on_edge(type_name, edge[0], edge[1], position)
        else:
            new_id = self.controller.add_layer(type_name, position)
        self.select_nodes([new_id])
        self.view.setFocus()

    def _on_view_connect_requested(self, source: str, target: str) -> None:
        self.controller.connect(source, target)

    def _on_view_nodes_moved(self, positions: dict) -> None:
        self.controller.move_nodes(positions)

    def _on_problems_problem_activated(self, node_id: str) -> None:
        self.select_nodes([node_id], centre=True)

    def _on_delete_triggered(self) -> None:
        self.controller.delete(self.scene.selected_node_ids(), self.scene.selected_edges())

    def _on_copy_triggered(self) -> None:
        ids = self.scene.selected_node_ids()
        if not ids:
            return
        payload = self.controller.copy_payload(ids)
        self._clipboard_fallback, self._paste_count = payload, 0
        data = QMimeData()
        text = json.dumps(payload)
        data.setData(CLIPBOARD_MIME, text.encode("utf-8"))
        data.setText(text)
        _release_clipboard_at_exit()
        QGuiApplication.clipboard().setMimeData(data)
        self._on_status_message(self.tr("Copied {count} layers").format(count=len(ids)) if len(ids) > 1
                                else self.tr("Copied {count} layer").format(count=len(ids)))

    def _clipboard_payload(self) -> dict | None:
        data = QGuiApplication.clipboard().mimeData()
        if data is not None and data.hasFormat(CLIPBOARD_MIME):
            try:
                return json.loads(bytes(data.data(CLIPBOARD_MIME)).decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                return None
        return self._clipboard_fallback

    def _on_paste_triggered(self) -> None:
        payload = self._clipboard_payload()
        if not payload:
            self._on_status_message(self.tr("Nothing to paste: copy some layers first."))
            return
        self._paste_count += 1
        step = PASTE_STEP * self._paste_count
        self.select_nodes(self.controller.paste(payload, offset=(step, step)))

    def _on_duplicate_triggered(self) -> None:
        ids = self.scene.selected_node_ids()
        if ids:
            self.select_nodes(self.controller.duplicate(ids))

    def _on_select_all_triggered(self) -> None:
        self.scene.select_nodes([n.id for n in self.document.spec.nodes])

    def _on_auto_layout_triggered(self) -> None:
        self.controller.auto_layout()
        self.view.fit()

    def _on_zoom_in_triggered(self) -> None:
        self.view.zoom_by(1.25)

    def _on_zoom_out_triggered(self) -> None:
        self.view.zoom_by(0.8)

    def _on_fit_triggered(self) -> None:
        self.view.fit()
