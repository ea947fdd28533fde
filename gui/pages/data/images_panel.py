"""Images: the size image files are resized to and whether rows whose image can't be read are left out; each
change is one undoable edit of the document's image options, which every run the app starts reads.

Shown only when a feature column holds image file paths.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox

from engine.errors import LayerLabError, UnreadableImagesError
from engine.io.project import MAX_IMAGE_SIDE, ImageOptions


def image_columns(schema) -> list[str]:
    """The feature columns of image file paths (pixel groups have a fixed size and no files)."""
    if schema is None:
        return []
    return [c.name for c in schema.columns if c.kind == "image" and c.role == "feature" and c.name != schema.target]


def with_way_out(message: str, error: BaseException | None = None, *, droppable: bool | None = None) -> str:
    """A failure's message, plus how to go on when image files were missing and the others are fine: tick the
    Images box's option (`error` the exception, or `droppable` as a run's process reported it)."""
    if droppable is None:
        droppable = isinstance(error, UnreadableImagesError) and error.droppable
    if not droppable:
        return message
    return message + " " + QCoreApplication.translate(
        "ImagesPanel", "To train without those rows, tick “Leave out rows whose image can't be read” in the "
        "Images box on the Data page.")


class ImagesPanel(QGroupBox):
    """Height × width every image is resized to (the files' own size until set; "From the files" goes back to
    it) and "Leave out rows whose image can't be read". The files' size is probed from a sample of their
    headers, once per table."""

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Images"))
        self.document = document
        self._probed_frame = None
        self._probes: dict[str, object] = {}  # column -> ImageProbe, or the sentence saying why it failed
        self.height_spin = self._side_spin(self.tr("Height in pixels every image is resized to"))
        self.width_spin = self._side_spin(self.tr("Width in pixels every image is resized to"))
        self.files_button = QPushButton(self.tr("From the files"))
        self.files_button.setToolTip(self.tr("Use the size of the image files (scaled down to at most 128 pixels "
                                             "on the longer side)"))
        self.leave_out_check = QCheckBox(self.tr("Leave out rows whose image can't be read"))
        self.leave_out_check.setToolTip(self.tr("Rows whose image file is missing or can't be decoded are left out "
                                                "of training, validation and test, and the run says how many. "
                                                "Unticked, the run stops and names them."))
        self.found = QLabel("")
        self.found.setWordWrap(True)
        self.found.setObjectName("imagesFound")
        size = QHBoxLayout()
        size.addWidget(self.height_spin)
        size.addWidget(QLabel("×"))
        size.addWidget(self.width_spin)
        size.addWidget(QLabel(self.tr("pixels")))
        size.addWidget(self.files_button)
        size.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.tr("Size"), size)
        form.addRow(self.found)
        form.addRow(self.leave_out_check)
        self.height_spin.valueChanged.connect(self._on_size_changed)
        self.width_spin.valueChanged.connect(self._on_size_changed)
        self.files_button.clicked.connect(self._on_files_button_clicked)
        self.leave_out_check.toggled.connect(self._on_leave_out_toggled)
        self.refresh()

    def _side_spin(self, tip: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(1, MAX_IMAGE_SIDE)
        spin.setKeyboardTracking(False)
        spin.setToolTip(tip)
        return spin

    def files_size(self) -> tuple[int, int] | None:
        """The size the files give (the first image column's), or None when none of them can be read."""
        probes = [p for p in self._current_probes().values() if not isinstance(p, str)]
        return tuple(probes[0].size) if probes else None

    def refresh(self) -> None:
        """Show the document's image options; hidden when the table has no column of image files."""
        shown = bool(image_columns(self.document.schema)) and self.document.table is not None
        self.setVisible(shown)
        if not shown:
            return
        options = self.document.image_options
        shown = options.size or self.files_size() or (0, 0)
        widgets = (self.height_spin, self.width_spin, self.leave_out_check)
        for widget in widgets:
            widget.blockSignals(True)
        self.height_spin.setValue(max(1, shown[0]))
        self.width_spin.setValue(max(1, shown[1]))
        self.leave_out_check.setChecked(options.drop_unreadable)
        for widget in widgets:
            widget.blockSignals(False)
        self.files_button.setEnabled(options.size is not None)
        self.found.setText(self._found_text(options))

    def _current_probes(self) -> dict[str, object]:
        """Each image column's probe (or why it failed), probed once per table: a sample of file headers."""
        from engine.data.images import probe_images

        table = self.document.table
        if table is None:
            return {}
        if self._probed_frame is not table.frame:
            self._probed_frame, self._probes = table.frame, {}
        for column in image_columns(self.document.schema):
            if column not in self._probes and column in table.frame.columns:
                try:
                    self._probes[column] = probe_images(table.frame[column].tolist(), self.document.data_folder)
                except LayerLabError as exc:
                    self._probes[column] = str(exc)
        return {c: self._probes[c] for c in image_columns(self.document.schema) if c in self._probes}

    def _found_text(self, options: ImageOptions) -> str:
        """What the files are, per image column, and the size the run reads them at."""
        probes = self._current_probes()
        lines = []
        for column, probe in probes.items():
            described = probe if isinstance(probe, str) else probe.describe()
            lines.append(self.tr("'{column}': {files}").format(column=column, files=described)
                         if len(probes) > 1 else self.tr("Files: {files}").format(files=described))
        if options.size:
            lines.append(self.tr("Every image is resized to {height}×{width}.").format(
                height=options.size[0], width=options.size[1]))
        return "\n".join(lines)

    # -- user intents -------------------------------------------------------------------------------------------
    def _on_size_changed(self, *_args) -> None:
        size = (self.height_spin.value(), self.width_spin.value())
        options = self.document.image_options
        if size == (options.size or self.files_size()):
            return
        self.document.edit_image_options(ImageOptions(size, options.drop_unreadable),
                                         self.tr("Resize images to {height}×{width}").format(
                                             height=size[0], width=size[1]))

    def _on_files_button_clicked(self) -> None:
        options = self.document.image_options
        if options.size is not None:
            self.document.edit_image_options(ImageOptions(None, options.drop_unreadable),
                                             self.tr("Images at the files' size"))

    def _on_leave_out_toggled(self, checked: bool) -> None:
        options = self.document.image_options
        if checked == options.drop_unreadable:
            return
        text = self.tr("Leave out unreadable images") if checked else self.tr("Stop on unreadable images")
        self.document.edit_image_options(ImageOptions(options.size, checked), text)
