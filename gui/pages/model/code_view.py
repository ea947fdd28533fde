"""A read-only, syntax-highlighted view of the generated model.py, with a Copy button."""

from __future__ import annotations

import keyword
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget


def model_code_for(spec, ctx) -> str:
    """The model.py source LayerLab exports for ``spec`` at ``ctx`` (raises SpecError if it cannot be built)."""
    from engine.export import model_code_for as engine_model_code_for

    return engine_model_code_for(spec, ctx)


def _format(color: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


class PythonHighlighter(QSyntaxHighlighter):
    """Colours Python keywords, builtins, numbers, strings, comments and docstrings (line by line;
    triple-quoted strings carry over lines through the block state)."""

    _RULES = [
        (re.compile(r"\b(" + "|".join(keyword.kwlist) + r")\b"), _format("#7c3aed", bold=True)),
        (re.compile(r"\b(self|super|print|len|range|list|dict|int|float|str)\b"), _format("#b45309")),
        (re.compile(r"\b(nn|torch)\b"), _format("#0369a1")),
        (re.compile(r"\b[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?\b"), _format("#15803d")),
        (re.compile(r"'[^'\n]*'|\"[^\"\n]*\""), _format("#be123c")),
        (re.compile(r"#[^\n]*"), _format("#6b7280", italic=True)),
    ]
    _DOC = _format("#be123c", italic=True)
    _TRIPLE = '"""'

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        for pattern, fmt in self._RULES:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), fmt)
        self._docstrings(text)

    def _docstrings(self, text: str) -> None:
        start = 0 if self.previousBlockState() == 1 else text.find(self._TRIPLE)
        self.setCurrentBlockState(0)
        while start >= 0:
            search_from = start if self.previousBlockState() == 1 and start == 0 else start + 3
            end = text.find(self._TRIPLE, search_from)
            if end < 0:
                self.setCurrentBlockState(1)
                self.setFormat(start, len(text) - start, self._DOC)
                return
            self.setFormat(start, end + 3 - start, self._DOC)
            start = text.find(self._TRIPLE, end + 3)
            if start < 0:
                return


class CodeView(QDialog):
    """Shows model code read-only with syntax colours; "Copy" puts the whole text on the clipboard.

    Signals: none (a plain dialog). ``copied`` text is shown in the status line after copying.
    """

    def __init__(self, code_text: str, parent: QWidget | None = None, title: str = "model.py"):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Code: {file}").format(file=title))
        self.resize(820, 560)
        self.editor = QPlainTextEdit(self)
        self.editor.setReadOnly(True)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setPlainText(code_text)
        self.highlighter = PythonHighlighter(self.editor.document())
        self.highlighter.rehighlight()  # now, not on the next event-loop turn
        self.status = QLabel(self.tr("This is the PyTorch code LayerLab exports for the model on the canvas."), self)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.setToolTip(self.tr("Copy the whole code to the clipboard"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def code(self) -> str:
        """The text shown."""
        return self.editor.toPlainText()

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.code())
        self.status.setText(self.tr("Copied %n lines to the clipboard.", "", len(self.code().splitlines())))
