"""The Data page: open a CSV, preview it, choose column roles and kinds, target, task and split."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QFrame, QGroupBox, QHBoxLayout,
                               QHeaderView, QLabel, QProgressBar, QPushButton, QScrollArea, QSplitter,
                               QTableView, QToolButton, QVBoxLayout, QWidget)

from engine.data import Schema
from gui.pages.data.columns_panel import ColumnsPanel, make_one_tab_stop
from gui.pages.data.loader import CsvLoader
from gui.pages.data.settings_panel import SplitPanel, TargetPanel
from gui.pages.data.time_series_panel import TimeSeriesPanel
from gui.pages.data.images_panel import ImagesPanel
from gui.pages.data.columns_model import model_inputs
from gui.pages.data.data_summary import inputs_text, missing_policy_text, summary_text
from gui.pages.data.table_model import FrameTableModel
from gui.infra.lazy_widget import LazyWidget

_BAR_STYLES = {
    "warning": "QFrame#{name} {{ background: #fff4c2; border: 1px solid #e3c75a; border-radius: 4px; }}"
               " QFrame#{name} QLabel {{ color: #4a3b00; }}",
    "error": "QFrame#{name} {{ background: #fde2e1; border: 1px solid #e08a86; border-radius: 4px; }}"
             " QFrame#{name} QLabel {{ color: #5c1210; }}",
}
MAX_WARNING_LINES = 3
SIDE_MIN_HEIGHT = 300  # px: with the preview's least height, the page still fits a 1024×600 window


def _make_distribution() -> QWidget:
    from gui.pages.data.distribution import DistributionView

    return DistributionView()


def _message_bar(name: str, style: str) -> tuple[QFrame, QLabel]:
    bar = QFrame()
    bar.setObjectName(name)
    bar.setStyleSheet(_BAR_STYLES[style].format(name=name))
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    close = QToolButton()
    close.setText("✕")
    close.setAutoRaise(True)
    close.setToolTip(QCoreApplication.translate("DataPage", "Dismiss"))
    close.clicked.connect(bar.hide)
    layout = QHBoxLayout(bar)
    layout.setContentsMargins(8, 4, 4, 4)
    layout.addWidget(label, 1)
    layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
    bar.hide()
    return bar, label


class _SideScroll(QScrollArea):
    """The Data page's right column, scrolling up and down when the window is too short for it; as wide as its
    widest box needs (it never scrolls sideways) and at most SIDE_MIN_HEIGHT tall at its smallest."""

    def __init__(self, side: QWidget):
        super().__init__()
        self.setWidget(side)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        inner = self.widget().minimumSizeHint()
        return QSize(inner.width() + self.verticalScrollBar().sizeHint().width(), min(inner.height(), SIDE_MIN_HEIGHT))


class DataPage(QWidget):
    """The Data page, a view of the ProjectDocument's table and schema.

    open_csv(path) reads the file in a background thread (progress shown, window responsive)
    and hands the result to document.set_table. Column roles/kinds, target, task and split
    are edited through the document's undoable edit_* methods; the page redraws from
    document.table_changed / schema_changed.

    Signals: load_started(str path), load_finished(str path), load_failed(str message).
    A failed load shows a red bar on the page unless `inline_errors` is False (the main window's
    FileController turns it off: it reports the failure as one dialog instead).
    """

    load_started = Signal(str)
    load_finished = Signal(str)
    load_failed = Signal(str)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.loader = CsvLoader(self)
        self._loading_name = ""
        self._summary_cache: dict = {}
        self._wanted_schema: Schema | None = None
        self.inline_errors = True
        self._build()
        self._connect()
        self._on_document_table_changed()

    # -- public API -------------------------------------------------------------------------------
    def open_csv(self, path: str | Path, schema: Schema | None = None) -> None:
        """Read path in the background; a load already running is cancelled and ignored.

        schema (reopening a project's data): the column choices to keep when the file has the
        same columns; otherwise they are inferred afresh and a warning says so.
        """
        self._wanted_schema = schema.copy() if schema is not None else None
        self.loader.start(path)

    def cancel_load(self) -> None:
        """Stop the running load (the document keeps its current data)."""
        self.loader.cancel()

    @property
    def is_loading(self) -> bool:
        return self.loader.is_busy

    def wait_for_load(self, timeout_ms: int = 5000) -> bool:
        """Cancel any load and wait for its thread to end (call before closing the window)."""
        return self.loader.wait(timeout_ms)

    def selected_columns(self) -> list[str]:
        """Names of the columns selected in the column list, in file order."""
        return self.columns_panel.selected_columns()

    def select_columns(self, names: list[str]) -> None:
        """Select these columns in the column list (the first becomes current)."""
        self.columns_panel.select_columns(names)

    def set_role(self, names: list[str], role: str) -> bool:
        """Give every named column role, as one undoable edit. False when nothing changed."""
        return self.columns_panel.set_role(names, role)

    def set_kind(self, names: list[str], kind: str) -> bool:
        """Give every named column kind, as one undoable edit. False when nothing changed."""
        return self.columns_panel.set_kind(names, kind)

    # -- construction -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.summary_label = QLabel()
        self.summary_label.setObjectName("dataSummary")
        font = self.summary_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.summary_label.setFont(font)
        self.open_button = QPushButton(self.tr("Open CSV…"))
        self.open_button.setToolTip(self.tr("Open a comma, semicolon or tab separated file"))
        header = QHBoxLayout()
        header.addWidget(self.summary_label, 1)
        header.addWidget(self.open_button)

        self.loading_bar = QFrame()
        self.loading_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(14)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        loading = QHBoxLayout(self.loading_bar)
        loading.setContentsMargins(0, 0, 0, 0)
        loading.addWidget(self.loading_label)
        loading.addWidget(self.progress, 1)
        loading.addWidget(self.cancel_button)
        self.loading_bar.hide()

        self.error_bar, self.error_label = _message_bar("errorBar", "error")
        self.warnings_bar, self.warnings_label = _message_bar("warningsBar", "warning")

        top = QSplitter(Qt.Orientation.Horizontal)
        self.columns_panel = ColumnsPanel(self.document)
        self.columns_view = self.columns_panel.view
        self.columns_model = self.columns_panel.model
        top.addWidget(self.columns_panel)
        top.addWidget(self._build_side())
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        top.setSizes([620, 640])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self._build_preview_box())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([440, 300])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(header)
        layout.addWidget(self.loading_bar)
        layout.addWidget(self.error_bar)
        layout.addWidget(self.warnings_bar)
        layout.addWidget(self.splitter, 1)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        """Reading order: filter, column tools, the columns table, target, task, split, preview."""
        columns, split = self.columns_panel, self.split_panel
        chain = [columns.filter_edit, columns.role_button, columns.kind_button, self.columns_view,
                 self.target_combo, self.task_combo, split.train_spin, split.val_spin,
                 split.test_spin, split.seed_spin, split.stratify_check, self.preview_view,
                 self.open_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _build_side(self) -> QWidget:
        self.target_panel = TargetPanel(self.document)
        self.split_panel = SplitPanel(self.document)
        self.time_series_panel = TimeSeriesPanel(self.document)
        self.images_panel = ImagesPanel(self.document)
        self.target_combo = self.target_panel.target_combo
        self.task_combo = self.target_panel.task_combo
        box = QGroupBox(self.tr("Distribution"))
        # pyqtgraph: built when first shown, then it draws the current column
        self._distribution_slot = LazyWidget(_make_distribution, lambda _view: self._show_current_distribution())
        QVBoxLayout(box).addWidget(self._distribution_slot)
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.target_panel, 3)
        row.addWidget(self.split_panel, 4)
        layout.addLayout(row)
        layout.addWidget(self.time_series_panel)
        layout.addWidget(self.images_panel)
        layout.addWidget(box, 1)
        # With the Forecast or Images box shown the column is taller than a 1024×600 window has room for: it
        # scrolls then, instead of holding the window taller than the screen.
        return _SideScroll(side)

    def _build_preview_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Preview"))
        self.preview_model = FrameTableModel(self)
        self.preview_view = QTableView()
        self.preview_view.setModel(self.preview_model)
        self.preview_view.setAlternatingRowColors(True)
        self.preview_view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        make_one_tab_stop(self.preview_view)
        rows = self.preview_view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # 1M rows: no per-row sizing
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        columns = self.preview_view.horizontalHeader()
        columns.setResizeContentsPrecision(200)
        columns.setHighlightSections(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        label, tip = missing_policy_text()
        self.missing_label = QLabel(label)
        self.missing_label.setToolTip(tip)
        self.missing_label.setWordWrap(True)
        self.missing_label.setObjectName("missingPolicy")
        layout = QVBoxLayout(box)
        layout.addWidget(self.preview_view, 1)
        layout.addWidget(self.missing_label)
        return box

    def _connect(self) -> None:
        doc = self.document
        doc.table_changed.connect(self._on_document_table_changed)
        doc.schema_changed.connect(self._on_document_schema_changed)
        self.loader.started.connect(self._on_loader_started)
        self.loader.progress_changed.connect(self._on_loader_progress_changed)
        self.loader.loaded.connect(self._on_loader_loaded)
        self.loader.failed.connect(self._on_loader_failed)
        self.loader.busy_changed.connect(self._on_loader_busy_changed)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.columns_panel.current_changed.connect(self._on_columns_current_changed)
        self.preview_view.horizontalHeader().sectionClicked.connect(self._on_preview_header_clicked)

    # -- document ---------------------------------------------------------------------------------
    def _on_document_table_changed(self) -> None:
        table = self.document.table
        if self._distribution_slot.is_built:
            self.distribution.forget()
        self._summary_cache.clear()
        self.preview_model.set_frame(table.frame if table is not None else None,
                                     self.document.schema)
        if table is not None:
            self._size_preview_columns()
        self._show_warnings(table.warnings if table is not None else [])
        self._on_document_schema_changed()
        if table is not None and self.columns_model.rowCount():
            first = self.document.schema.target or self.columns_model.column_info(0).name
            self.select_columns([first])

    def _on_document_schema_changed(self) -> None:
        schema = self.document.schema
        self.preview_model.set_schema(schema)
        self.columns_panel.refresh()
        self.target_panel.refresh()
        self.split_panel.refresh()
        self.time_series_panel.refresh()
        self.images_panel.refresh()
        described = model_inputs(self.document)
        # a text or image column is a model input of its own: the summary's count is of table inputs only
        inputs = sum(c.width for c in described) if described and not any(c.shape for c in described) else None
        self.summary_label.setText(summary_text(self.document.table, schema, self._summary_cache, inputs))
        self.summary_label.setToolTip(inputs_text(described) if described else "")
        self._show_current_distribution()

    def _size_preview_columns(self) -> None:
        """Width from the header and the first rows; Qt's own sizing asks for ~20,000 cells."""
        metrics = self.preview_view.fontMetrics()
        bold = QFont(self.preview_view.font())
        bold.setBold(True)
        header_metrics = QFontMetrics(bold)
        heads = self.preview_view.horizontalHeader()
        model = self.preview_model
        for column in range(model.columnCount()):
            texts = model.sample_texts(column)
            cells = max((metrics.horizontalAdvance(t) for t in texts), default=0)
            title = header_metrics.horizontalAdvance(str(model.headerData(
                column, Qt.Orientation.Horizontal))) + 12
            heads.resizeSection(column, min(max(cells + 16, title, 56), 260))

    def _show_warnings(self, warnings: list[str]) -> None:
        if not warnings:
            self.warnings_bar.hide()
            return
        shown = warnings[:MAX_WARNING_LINES]
        more = len(warnings) - len(shown)
        text = "\n".join(f"⚠ {w}" for w in shown) + (
            "\n" + self.tr("… and {count} more (hover to read)").format(count=more) if more else "")
        self.warnings_label.setText(text)
        self.warnings_bar.setToolTip("\n".join(warnings))
        self.warnings_bar.show()

    # -- loading ----------------------------------------------------------------------------------
    def _on_open_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open CSV"), "",
                                              self.tr("CSV files (*.csv *.tsv *.txt);;All files (*)"))
        if path:
            self.open_csv(path)

    def _on_cancel_button_clicked(self) -> None:
        self.cancel_load()

    def _on_loader_started(self, path: str) -> None:
        self.error_bar.hide()
        self.progress.setValue(0)
        self._loading_name = Path(path).name
        self.loading_label.setText(self.tr("Reading {name}… {percent}%").format(name=self._loading_name, percent=0))
        self.load_started.emit(path)

    def _on_loader_progress_changed(self, percent: int) -> None:
        self.progress.setValue(percent)
        step = self.tr("Reading {name}… {percent}%") if percent < 90 else \
            self.tr("Inferring column kinds of {name}… {percent}%")
        self.loading_label.setText(step.format(name=self._loading_name, percent=percent))

    def _on_loader_busy_changed(self, busy: bool) -> None:
        self.loading_bar.setVisible(busy)

    def _on_loader_loaded(self, table, schema, path: str) -> None:
        kept, self._wanted_schema = self._wanted_schema, None
        if kept is not None:
            if [c.name for c in kept.columns] == [str(c) for c in table.frame.columns]:
                schema = kept
            else:
                table.warnings.append(self.tr("The columns of '{name}' differ from the ones this project was made "
                                              "with; column roles and kinds were inferred again. Check the target "
                                              "and features.").format(name=Path(path).name))
        self.document.set_table(table, schema)
        self.load_finished.emit(path)

    def _on_loader_failed(self, message: str) -> None:
        if self.inline_errors:
            self.error_label.setText(message)
            self.error_bar.show()
        self.load_failed.emit(message)

    # -- column list ------------------------------------------------------------------------------
    def _on_columns_current_changed(self, _name: str) -> None:
        self._show_current_distribution()

    def _on_preview_header_clicked(self, column: int) -> None:
        self.select_columns([self.preview_model.column_name(column)])

    @property
    def distribution(self):
        """The selected column's distribution plot (a DistributionView), built on first use."""
        return self._distribution_slot.widget()

    def _show_current_distribution(self) -> None:
        if not self._distribution_slot.is_built:
            return  # drawn when the view is first shown
        table, schema = self.document.table, self.document.schema
        name = self.columns_panel.current_column()
        if table is None or schema is None or not name:
            self.distribution.clear()
            return
        info = next((c for c in schema.columns if c.name == name), None)
        if info is None or name not in table.frame.columns:
            self.distribution.clear(self.tr("'{name}' is not in the loaded data.").format(name=name))
            return
        self.distribution.show_column(table.frame[name], info, self.document.data_folder,
                                      self.document.image_options.size)
