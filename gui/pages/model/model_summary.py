"""The model summary table and the Problems list shown beside the canvas."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (QHeaderView, QLabel, QListWidget, QListWidgetItem, QStyle, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from engine.graph import BYTES_PER_PARAMETER, count_hidden_layers, format_bytes, summary_rows
from engine.layers import REGISTRY

from gui.pages.model.cost_view import CostView
from gui.pages.model.input_text import input_explanation

NODE_ROLE = Qt.ItemDataRole.UserRole


class ModelSummary(QWidget):
    """Keras-style summary of document.spec: layer, output shape and parameters per layer in run
    order, with the total, the hidden layers counted as a person would and, as its tooltip, how
    the table's columns became the Input width; rebuilt on every spec, schema or table change. Under it,
    `cost` (a CostView): memory, FLOPs per sample and time per epoch.
    Signals: layer_activated(str node_id)."""

    layer_activated = Signal(str)

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.table = QTreeWidget(self)
        self.table.setMinimumHeight(60)  # it scrolls (its scroll bar needs 54 px); the cost lines below it must fit a 1024x600 window
        self.table.setHeaderLabels([self.tr("Layer"), self.tr("Output"), self.tr("Params")])
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.total_label = QLabel(self)
        self.total_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total_label)
        self.cost = CostView(document, self)
        layout.addWidget(self.cost)
        self.total = 0
        self.table.itemClicked.connect(self._on_table_item_clicked)
        document.spec_changed.connect(self._on_document_spec_changed)
        document.schema_changed.connect(self._on_document_spec_changed)
        document.table_changed.connect(self._on_document_spec_changed)  # and schema_changed after context_changed
        self.refresh()

    def _on_document_spec_changed(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the rows from the document."""
        explanation = input_explanation(self.document)
        spec, ctx = self.document.spec, self.document.context()
        self.table.clear()
        if ctx is not None:
            rows = summary_rows(spec, ctx)
        else:
            rows = []
            for node in spec.nodes:
                layer = REGISTRY.get(node.type)
                try:
                    text = layer.summary(node.params, None) if layer else node.type
                except Exception:  # noqa: BLE001 - bad params still list the layer
                    text = node.type
                rows.append((node.id, text, None, 0))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        pending = ctx is None and self.document.context_pending
        for node_id, text, shape, count in rows:
            shape_text = "?" if shape is None else str(tuple(shape))  # "(64,)", "(51, 64)"
            count_text = "?" if shape is None and ctx is not None else f"{count:,}"
            if pending:  # shapes and counts follow once the data's inputs are worked out
                shape_text = count_text = "…"
            item = QTreeWidgetItem(self.table, [f"{node_id}  {text}", shape_text, count_text])
            item.setData(0, NODE_ROLE, node_id)
            tip = f"{node_id}: {text}"
            if explanation is not None and spec.has_node(node_id) and spec.node(node_id).type == "Input":
                tip += "\n\n" + explanation[1]
            item.setToolTip(0, tip)
            item.setTextAlignment(2, right)
        self.total = sum(r[3] for r in rows)
        hidden = count_hidden_layers(spec)
        hidden_text = self.tr("Hidden layers: {count}").format(count=hidden)
        if pending:
            self.total_label.setText(self.tr("Working out the model's inputs from the data…"))
            self.total_label.setWordWrap(True)
            self.total_label.setToolTip(self.tr("Shapes and parameter counts follow in a moment: the text columns' "
                                                "vocabulary and the images' size are read from the training rows."))
        elif ctx is None:
            self.total_label.setText(self.tr("Shapes and parameter counts appear once a CSV with a target is open."))
            self.total_label.setWordWrap(True)
            self.total_label.setToolTip("")
        else:
            inputs_text = self.tr("Input: {inputs} · ").format(inputs=explanation[0]) if explanation is not None else ""
            total = self.tr("Total: {count} parameters").format(count=f"{self.total:,}")
            self.total_label.setText(f"<b>{total}</b> ({format_bytes(self.total * BYTES_PER_PARAMETER)})<br>"
                                     f"{inputs_text}{hidden_text}")
            self.total_label.setToolTip((explanation[1] + "\n\n" if explanation is not None else "")
                                        + self.tr("{hidden}: each Dense layer, with its activation, dropout and "
                                                  "normalisation, counts as one hidden layer.").format(hidden=hidden_text))

    def _on_table_item_clicked(self, item: QTreeWidgetItem, column: int) -> None:
        node_id = item.data(0, NODE_ROLE)
        if node_id:
            self.layer_activated.emit(node_id)


class ProblemsList(QWidget):
    """Every problem document.problems() reports, one row each; clicking a row that names a layer
    emits problem_activated(node_id) so the page can select it. Signals: problem_activated(str)."""

    problem_activated = Signal(str)

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setAlternatingRowColors(True)
        self.list.setIconSize(QSize(16, 16))
        self.list.setMinimumHeight(44)  # one row, then it scrolls: at 1024x600 the cost lines above need the height
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        self.list.itemClicked.connect(self._on_list_item_clicked)
        self.list.itemActivated.connect(self._on_list_item_clicked)
        document.spec_changed.connect(self._on_document_spec_changed)
        document.context_changed.connect(self._on_document_spec_changed)
        self.refresh()

    @property
    def count(self) -> int:
        """Number of problems listed (0 when the model is fine)."""
        return sum(1 for i in range(self.list.count()) if self.list.item(i).data(NODE_ROLE) is not None
                   or self.list.item(i).data(NODE_ROLE + 1))

    def _on_document_spec_changed(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        problems = self.document.problems()
        style = self.style()
        if not problems and self.document.context_pending:  # the shapes are not checked yet
            item = QListWidgetItem(self.tr("Working out the model's inputs from the data…"))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
            return
        if not problems:
            item = QListWidgetItem(style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
                                   self.tr("No problems: the model can be built."))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
            return
        icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for problem in problems:
            item = QListWidgetItem(icon, problem.message)
            item.setData(NODE_ROLE, problem.node_id)
            item.setData(NODE_ROLE + 1, True)
            item.setToolTip(problem.message)
            self.list.addItem(item)

    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        node_id = item.data(NODE_ROLE)
        if node_id:
            self.problem_activated.emit(node_id)
