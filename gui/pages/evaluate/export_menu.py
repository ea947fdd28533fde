"""File ▸ Export formats, Model ▸ Show code, and File ▸ Import Keras code: actions over engine exporters.

ExportActions owns the actions; the menus only place them. Export runs in ExportDialog's worker
thread; Keras code is parsed by the engine (ast, never executed) and applied as undoable edits.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget)

from engine.errors import LayerLabError
from gui.infra import messages

FORMATS = (("onnx", QT_TRANSLATE_NOOP("ExportActions", "&ONNX (.onnx)…")),  # English; ExportActions translates
           ("pt2", QT_TRANSLATE_NOOP("ExportActions", "PyTorch &program (.pt2)…")),
           ("project", QT_TRANSLATE_NOOP("ExportActions", "PyTorch training &project (folder)…")))

MACHINE_SETTINGS = ("device", "precision", "seed", "tensorboard")  # kept when Keras settings are imported

KERAS_EXAMPLE = """model = Sequential()
model.add(Dense(64, activation='relu', input_shape=(input_dim,)))
model.add(Dense(64, activation='relu'))
model.add(Dense(1, activation='sigmoid'))
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=10, batch_size=32, validation_data=(x_val, y_val))
"""


class KerasImportDialog(QDialog):
    """A paste box for Keras Sequential code; accept() leaves the parsed KerasImport in `result_import`."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import Keras code"))
        self.result_import = None
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(KERAS_EXAMPLE)
        self.editor.setMinimumSize(620, 260)
        self.message = QLabel(self.tr("Paste a Keras Sequential model (with compile() and fit() if you have them). "
                                      "The code is read, never run."), self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.editor)
        layout.addWidget(buttons)

    def _on_buttons_accepted(self) -> None:
        from engine.importers.keras import import_keras_source

        source = self.editor.toPlainText() or KERAS_EXAMPLE
        try:
            self.result_import = import_keras_source(source)
        except LayerLabError as exc:
            self.message.setText(f"<span style='color:#c0392b'>{exc}</span>")
            return
        self.accept()


class ExportActions(QObject):
    """Export, Show code and Import Keras actions. `export_actions` (by format), `show_code`, `import_keras`."""

    def __init__(self, window: QWidget, document, evaluate_page, tabs=None):
        super().__init__(window)
        self.window, self.document, self.evaluate_page, self.tabs = window, document, evaluate_page, tabs
        self.export_actions: dict[str, QAction] = {}
        for fmt, text in FORMATS:
            action = QAction(self.tr(text), window)
            action.triggered.connect(lambda _=False, f=fmt: self.export(f))
            self.export_actions[fmt] = action
        self.show_code = QAction(self.tr("Show &code (model.py)…"), window)
        self.show_code.setStatusTip(self.tr("The PyTorch code of this model, one line per layer"))
        self.show_code.triggered.connect(self.show_model_code)
        self.import_keras = QAction(self.tr("&Import Keras code…"), window)
        self.import_keras.setStatusTip(self.tr("Turn a Keras Sequential model into a LayerLab model (the code is never "
                                               "run)"))
        self.import_keras.triggered.connect(self.import_keras_code)
        self.last_dialog: QDialog | None = None
        page_action = getattr(evaluate_page, "export_action", None)
        if page_action is not None and hasattr(evaluate_page, "export_model"):
            # File ▸ Export model… (and the Evaluate page's button) ask here: the folder and name rules
            # of every export, and the app settings that remember the folder, live in this class.
            page_action.triggered.disconnect(evaluate_page.export_model)
            page_action.triggered.connect(self.export_bundle)

    def export(self, fmt: str) -> None:
        """Open the export dialog for the selected run's bundle, preset to `fmt`."""
        from gui.pages.evaluate.export_dialog import ExportDialog

        bundle = self.evaluate_page._existing_bundle()
        if bundle is None:
            return
        dialog = ExportDialog(bundle, self.window, document=self.document,
                              settings=getattr(self.window, "settings", None))
        dialog.set_format(fmt)
        self.last_dialog = dialog
        dialog.open()

    def export_bundle(self) -> None:
        """Save the selected run's *.llmodel as `<project>-runN.llmodel`, in the folder last used for models."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        page = self.evaluate_page
        if page._existing_bundle() is None:
            return
        settings = getattr(self.window, "settings", None)
        folder = settings.start_folder("model", self.document) if settings is not None else Path.home()
        name = f"{self.document.suggested_name}-run{(page.current_index or 0) + 1}.llmodel"
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export model"), str(folder / name),
                                              self.tr("LayerLab models (*.llmodel)"))
        if not path:
            return
        if not path.lower().endswith(".llmodel"):
            path += ".llmodel"
        if page.export_to(path) and settings is not None:
            settings.remember_folder("model", path)

    def show_model_code(self) -> None:
        """Show the readable model.py for the current design (widths from the loaded data)."""
        from gui.pages.model.code_view import CodeView, model_code_for

        ctx = self.document.context()
        if ctx is None:
            messages.show_warning(self.window, self.tr("No data yet"),
                                  self.tr("Open a CSV and choose a target first: the code needs the input and output "
                                          "widths."))
            return
        try:
            code = model_code_for(self.document.spec, ctx)
        except LayerLabError as exc:
            messages.show_error(self.window, self.tr("The model cannot be written as code"), exc)
            return
        dialog = CodeView(code, self.window)
        self.last_dialog = dialog
        dialog.open()

    def import_keras_code(self) -> None:
        """Paste Keras code; the model and training settings replace the current ones (undoable)."""
        dialog = KerasImportDialog(self.window)
        self.last_dialog = dialog
        dialog.accepted.connect(lambda: self.apply_import(dialog.result_import))
        dialog.open()

    def apply_import(self, imported) -> None:
        """Apply a KerasImport as one undoable step (model, training settings, and the split when fit() gave
        validation_split) and show what was read. The settings of this machine (device, precision, seed,
        TensorBoard) stay as they are: Keras code does not choose them."""
        if imported is None:
            return
        from engine.training import TrainConfig

        kept = {k: getattr(self.document.config, k) for k in MACHINE_SETTINGS}
        config = TrainConfig.from_dict({**imported.config.to_dict(), **kept})
        stack = self.document.undo_stack
        stack.beginMacro(self.tr("Import Keras code"))
        self.document.edit_spec(imported.spec, self.tr("Import Keras model"))
        self.document.edit_config(config, self.tr("Import Keras training settings"))
        if imported.split is not None:
            split = imported.split.to_dict()
            split["seed"] = self.document.split.seed
            split["stratify"] = self.document.split.stratify
            from engine.preprocess import Split

            self.document.edit_split(Split.from_dict(split), self.tr("Import Keras validation split"))
        stack.endMacro()
        if self.tabs is not None:
            self.tabs.setCurrentIndex(1)
        messages.show_info(self.window, self.tr("Keras code imported"), imported.summary())
