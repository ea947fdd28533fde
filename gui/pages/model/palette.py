"""LayerPalette: every registered layer type, grouped by category, searchable, draggable."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from engine.layers import categories
from engine.layers.layer_text import category_label, layer_help

from gui.pages.model.node_item import category_colour
from gui.pages.model.view import LAYER_MIME

TYPE_ROLE = Qt.ItemDataRole.UserRole


def _swatch(colour: QColor, size: int = 12) -> QIcon:
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)


class _LayerTree(QTreeWidget):
    """The tree inside the palette; drags carry the layer type name as LAYER_MIME. It asks for the width of its
    longest name (in the app's language and font), so no category or layer name is cut short."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        names = self.sizeHintForColumn(0)  # the widest item, its indentation included
        width = names + 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), width), hint.height())

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt's name
        return [LAYER_MIME]

    def mimeData(self, items) -> QMimeData:  # noqa: N802 - Qt's name
        data = QMimeData()
        names = [i.data(0, TYPE_ROLE) for i in items if i.data(0, TYPE_ROLE)]
        if names:
            data.setData(LAYER_MIME, names[0].encode("utf-8"))
            data.setText(names[0])
        return data


class LayerPalette(QWidget):
    """The layer palette: a search box over a tree of layer types grouped by category, each
    with its help text as tooltip. Drag an entry onto the canvas to place it.

    Signals: layer_activated(str type_name) on double-click or Enter (append before Output)."""

    layer_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search layers…"))
        self.search.setClearButtonEnabled(True)
        self.tree = _LayerTree(self)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(10)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        hint = QLabel(self.tr("Drag onto the canvas or onto an arrow; double-click adds before Output."), self)
        hint.setWordWrap(True)
        muted = hint.palette()
        muted.setColor(QPalette.ColorRole.WindowText, muted.color(QPalette.ColorRole.PlaceholderText))
        hint.setPalette(muted)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hint)
        self._populate()
        self.search.textChanged.connect(self._on_search_text_changed)
        self.tree.itemActivated.connect(self._on_tree_item_activated)

    def _populate(self) -> None:
        bold = self.tree.font()
        bold.setBold(True)
        for category, layer_types in categories().items():
            group = QTreeWidgetItem(self.tree, [category_label(category)])
            group.setFont(0, bold)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            icon = _swatch(category_colour(category))
            for layer_type in layer_types:
                item = QTreeWidgetItem(group, [layer_type.display_name])
                item.setData(0, TYPE_ROLE, layer_type.name)
                item.setIcon(0, icon)
                item.setToolTip(0, f"<b>{layer_type.display_name}</b> ({category_label(category)})<br>"
                                   f"{layer_help(layer_type)}")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsDragEnabled)
            group.setExpanded(True)

    def type_names(self, visible_only: bool = False) -> list[str]:
        """Layer type names listed (only those the search leaves visible, if asked)."""
        names = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                child = group.child(j)
                if not visible_only or not (child.isHidden() or group.isHidden()):
                    names.append(child.data(0, TYPE_ROLE))
        return names

    def _on_search_text_changed(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            any_shown = False
            for j in range(group.childCount()):
                child = group.child(j)
                haystack = " ".join([child.text(0), group.text(0), child.data(0, TYPE_ROLE), child.toolTip(0)]).lower()
                shown = not needle or needle in haystack
                child.setHidden(not shown)
                any_shown |= shown
            group.setHidden(not any_shown)

    def _on_tree_item_activated(self, item: QTreeWidgetItem, column: int) -> None:
        name = item.data(0, TYPE_ROLE)
        if name:
            self.layer_activated.emit(name)
