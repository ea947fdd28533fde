"""The Export dialog: choose a format and a path, export off the UI thread, show the check result.

The path offered is named after the project ("penguins.onnx", "penguins-project") in the folder last used
for that kind of export (else the project's or its data's folder, else Documents; never the hidden
folder where an unsaved project's runs live), and the model inside is named after the project.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from gui.infra.background import BackgroundTask

FORMAT_CHOICES = (  # English; the dialog translates
    ("onnx", QT_TRANSLATE_NOOP("ExportDialog", "ONNX (.onnx) — runs in onnxruntime, C++, C# and browsers")),
    ("pt2", QT_TRANSLATE_NOOP("ExportDialog", "PyTorch program (.pt2) — torch.export, loads without LayerLab")),
    ("project", QT_TRANSLATE_NOOP("ExportDialog", "PyTorch training project (folder) — model.py, train.py, predict.py")),
)


def folder_kind(fmt: str) -> str:
    """The settings' folder kind for an export format: "code" for the training project, else "model"."""
    return "code" if fmt == "project" else "model"


def _export(state, bundle_path: str, fmt: str, out: str, name: str | None):
    """The background part: engine.export.export_model (it cannot be interrupted half-way)."""
    from engine.export import export_model

    return export_model(bundle_path, fmt, out, name=name)


def _failure_message(exc: BaseException) -> str:
    from engine.errors import LayerLabError

    return str(exc) if isinstance(exc, LayerLabError) else QCoreApplication.translate(
        "ExportDialog", "The export failed: {error}").format(error=exc)


class ExportDialog(QDialog):
    """Export a trained bundle as ONNX, a .pt2 program or a training project.

    The export (with its check against the LayerLab model) runs as a background task; the dialog shows
    the max difference found. Signals: export_finished(ExportReport), export_failed(str).
    """

    export_finished = Signal(object)
    export_failed = Signal(str)

    def __init__(self, bundle_path: str | Path, parent: QWidget | None = None, *, document=None, settings=None):
        """`document` (ProjectDocument) names the files and the model; `settings` (AppSettings) gives and
        keeps the folder per kind of export. Without them the files go beside the bundle, named after it."""
        super().__init__(parent)
        self.bundle_path = str(bundle_path)
        self.document, self.settings = document, settings
        self.file_stem = document.suggested_name if document is not None else Path(self.bundle_path).stem
        self.model_name = document.model_name if document is not None else None
        self._offered = ""
        self.report = None
        self._task = None  # the running export (gui.infra.background), if any
        self.setWindowTitle(self.tr("Export model"))
        self.format_box = QComboBox(self)
        for key, label in FORMAT_CHOICES:
            self.format_box.addItem(self.tr(label), key)
        self.path_edit = QLineEdit(self)
        self.browse_button = QPushButton(self.tr("Browse…"), self)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        run_file = Path(self.bundle_path).name
        form.addRow(self.tr("Model"), QLabel(f"{self.model_name} ({run_file})" if self.model_name else run_file, self))
        form.addRow(self.tr("Format"), self.format_box)
        form.addRow(self.tr("Save to"), path_row)
        self.status_label = QLabel(self.tr("Choose a format and where to save it."), self)
        self.status_label.setWordWrap(True)
        self.difference_label = QLabel("", self)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(160)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        self.export_button = QPushButton(self.tr("Export"), self)
        self.export_button.setDefault(True)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status_label)
        layout.addWidget(self.difference_label)
        layout.addWidget(self.details)
        layout.addWidget(self.buttons)
        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.export_button.clicked.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        self._on_format_changed()

    # -- public -----------------------------------------------------------------------------
    def set_format(self, fmt: str) -> None:
        """Select a format by key ("onnx", "pt2", "project")."""
        self.format_box.setCurrentIndex(self.format_box.findData(fmt))

    def format(self) -> str:  # noqa: A003 - reads naturally
        """The selected format key."""
        return self.format_box.currentData()

    def is_running(self) -> bool:
        """True while an export runs."""
        return self._task is not None

    def start_export(self) -> None:
        """Start exporting to the chosen path in the background (does nothing while one runs)."""
        out = self.path_edit.text().strip()
        if self.is_running():
            return
        if not out:
            self.status_label.setText(self.tr("Choose where to save the export first."))
            return
        self.report = None
        self._set_busy(True)
        self.status_label.setText(self.tr("Exporting and checking the exported model against the LayerLab model…"))
        self.difference_label.setText("")
        self.details.clear()
        self._task = BackgroundTask(_export, self.bundle_path, self.format(), out, self.model_name, name="layerlab-export")
        self._task.succeeded.connect(self._on_task_succeeded)
        self._task.failed.connect(self._on_task_failed)
        self._task.start()

    # -- slots (GUI thread) --------------------------------------------------------------------
    @Slot(object)
    def _on_task_succeeded(self, report) -> None:
        self._end_task()
        self.report = report
        if self.settings is not None:
            self.settings.remember_folder(folder_kind(self.format()), report.path)
        self.status_label.setText(self.tr("Exported to {path}.").format(path=report.path))
        if report.max_difference is not None:
            self.difference_label.setText(self.tr("Max difference from the LayerLab model: {difference} (allowed "
                                                  "{tolerance})").format(difference=f"{report.max_difference:.3g}",
                                                                         tolerance=f"{report.tolerance:g}"))
        self.details.setPlainText(report.summary())
        self.export_finished.emit(report)

    @Slot(object)
    def _on_task_failed(self, exc) -> None:
        self._end_task()
        message = _failure_message(exc)
        self.status_label.setText(self.tr("Export failed; nothing was saved."))
        self.details.setPlainText(message)
        self.export_failed.emit(message)

    def suggested_path(self, fmt: str) -> Path:
        """Where an export in `fmt` is offered: `<folder>/<project name>.onnx` (or `-project` for the code)."""
        from engine.export import SUFFIXES

        if self.settings is not None:
            folder = self.settings.start_folder(folder_kind(fmt), self.document)
        else:
            folder = Path(self.bundle_path).parent
        return folder / (f"{self.file_stem}-project" if fmt == "project" else self.file_stem + SUFFIXES[fmt])

    def _on_format_changed(self) -> None:
        current = self.path_edit.text().strip()
        if not current or current == self._offered:  # a path the user typed or browsed to stays
            self._offered = str(self.suggested_path(self.format()))
            self.path_edit.setText(self._offered)

    def _on_browse_clicked(self) -> None:
        fmt = self.format()
        if fmt == "project":
            path = QFileDialog.getExistingDirectory(self, self.tr("Folder for the training project"), self.path_edit.text())
        else:
            from engine.export import SUFFIXES

            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export model"), self.path_edit.text(),
                                                  self.tr("{format} files (*{suffix})").format(format=fmt.upper(),
                                                                                               suffix=SUFFIXES[fmt]))
        if path:
            self.path_edit.setText(path)

    def reject(self) -> None:
        """Close, unless an export is still running (it cannot be interrupted half-way)."""
        if self.is_running():
            self.status_label.setText(self.tr("The export is still running; it takes a few seconds."))
            return
        super().reject()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.export_button, self.format_box, self.path_edit, self.browse_button):
            widget.setEnabled(not busy)

    def _end_task(self) -> None:
        self._task = None
        self._set_busy(False)
