"""Target column, task and the train/validation/test split: each change is one undoable edit."""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QSpinBox, QVBoxLayout)

from engine.data import TASKS
from engine.tasks import Task
from engine.preprocess import Split
from gui.pages.data.data_summary import task_label

NO_TARGET_TEXT = QT_TRANSLATE_NOOP("TargetPanel", "— choose the column to predict —")
PROMPT_STYLE = ("QLabel#targetPrompt { background: #fff4c2; border: 1px solid #e3c75a; "
                "border-radius: 4px; padding: 2px 6px; color: #4a3b00; }")

_TASK_HELP = {
    Task.BINARY: QT_TRANSLATE_NOOP("TargetPanel", "two classes: the model predicts the probability of the second"),
    Task.MULTICLASS: QT_TRANSLATE_NOOP("TargetPanel", "one of several classes"),
    Task.REGRESSION: QT_TRANSLATE_NOOP("TargetPanel", "a number"),
}


def allowed_tasks(info) -> set[str]:
    """Tasks that make sense for a target column (others are offered greyed out)."""
    if info is None or info.unique < 2:
        return set()
    allowed = {Task.MULTICLASS} if info.kind not in ("text", "identifier", "constant") else set()
    if info.unique == 2:
        allowed.add(Task.BINARY)
    if info.kind == "numeric" or info.dtype.startswith(("int", "float")):
        allowed.add(Task.REGRESSION)
    return allowed


class _WrappedLabel(QLabel):
    """A word-wrapped label that asks for the height of its text at its width: a splitter above it does not pass
    on height-for-width, so without this minimum the page squeezed the text's last lines away."""

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.setMinimumHeight(0)  # heightForWidth() counts the minimum in: free it, or it only ever grows
        self.setMinimumHeight(max(0, self.heightForWidth(self.width())))  # -1: no text


class TargetPanel(QGroupBox):
    """Target column and task combos. Choosing either pushes one edit_schema; the document's
    spec_changed then updates the Output layer. While data is loaded without a target, a
    yellow prompt says "Choose the column to predict" and why none was guessed (the schema's
    target_reason). Signal: edited(str description)."""

    edited = Signal(str)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Target"))
        self.document = document
        self.target_combo = QComboBox()
        self.target_combo.setToolTip(self.tr("The column the model learns to predict"))
        self.target_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.task_combo = QComboBox()
        self.task_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.task_combo.setToolTip(self.tr("binary: two classes · multiclass: several classes · regression: a number"))
        self.output_label = QLabel("")
        self.output_label.setWordWrap(True)
        self.prompt_label = _WrappedLabel("")
        self.prompt_label.setObjectName("targetPrompt")
        self.prompt_label.setStyleSheet(PROMPT_STYLE)
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setTextFormat(Qt.TextFormat.RichText)
        self._prompt = ""
        self.prompt_label.hide()
        # The wrapped labels sit in a QVBoxLayout, not in rows of the form: a QFormLayout gives a spanning
        # word-wrapped label the height of its text at some other width, and cut the prompt's last lines.
        form = self._form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Predict"), self.target_combo)
        form.addRow(self.tr("Task"), self.task_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt_label)
        layout.addLayout(form)
        layout.addWidget(self.output_label)
        layout.addStretch(1)
        self.target_combo.activated.connect(self._on_target_combo_activated)
        self.task_combo.activated.connect(self._on_task_combo_activated)
        self.refresh()

    def refresh(self) -> None:
        """Re-read target and task from the document."""
        schema = self.document.schema
        self.target_combo.blockSignals(True)
        self.task_combo.blockSignals(True)
        self.target_combo.clear()
        self.task_combo.clear()
        self.target_combo.addItem(self.tr(NO_TARGET_TEXT), None)
        info = None
        if schema is not None:
            for column in schema.columns:
                if column.task_hint is not None or column.name == schema.target:
                    self.target_combo.addItem(column.name, column.name)
            if schema.target:
                info = schema.column(schema.target)
                self.target_combo.setCurrentIndex(self.target_combo.findData(schema.target))
        hint = info.task_hint if info is not None else None
        self.task_combo.addItem(self.tr("auto (inferred: {task})").format(
            task=task_label(hint) if hint else self.tr("none")), None)
        allowed = allowed_tasks(info)
        items: QStandardItemModel = self.task_combo.model()
        for task in TASKS:
            self.task_combo.addItem(task_label(task), task)
            self.task_combo.setItemData(self.task_combo.count() - 1, self.tr(_TASK_HELP[task]),
                                        Qt.ItemDataRole.ToolTipRole)
            if task not in allowed:
                items.item(self.task_combo.count() - 1).setEnabled(False)
        task = schema.task if schema is not None else None
        explicit = task is not None and task != hint
        self.task_combo.setCurrentIndex(self.task_combo.findData(task) if explicit else 0)
        self.task_combo.setEnabled(info is not None)
        self.target_combo.setEnabled(schema is not None)
        self.target_combo.blockSignals(False)
        self.task_combo.blockSignals(False)
        self.output_label.setText(self._output_text())
        self.output_label.setVisible(bool(self.output_label.text()))
        # no target: the task (disabled, "auto (inferred: none)") says nothing; its room goes to the prompt
        self._form.setRowVisible(self.task_combo, info is not None or self.document.table is None)
        self._show_prompt(schema)

    def prompt_text(self) -> str:
        """What the prompt says now ("" when a target is chosen or no data is loaded)."""
        return self._prompt if not self.prompt_label.isHidden() else ""

    def _show_prompt(self, schema) -> None:
        if schema is None or schema.target or self.document.table is None:
            self._prompt = ""
            self.prompt_label.hide()
            self.target_combo.setToolTip(self.tr("The column the model learns to predict"))
            return
        reason = schema.target_reason
        why = self.tr("Not guessed: {reason}.").format(reason=reason) if reason and not schema.target_chosen else ""
        self._prompt = self.tr("Choose the column to predict") + (f"\n{why}" if why else "")
        self.prompt_label.setText("<b>" + self.tr("Choose the column to predict.") + "</b>"
                                  + (f" {html.escape(why)}" if why else ""))
        self.target_combo.setToolTip(self.tr("Choose the column the model learns to predict; "
                                             "Train stays disabled until one is chosen"))
        self.prompt_label.show()

    def _output_text(self) -> str:
        context = self.document.context() if self.document.table is not None else None
        if context is None:
            return ""
        width = context.output_width
        if context.sources:  # text, images, a forecast's history: each input by name and shape
            shapes = " + ".join("{name} ({shape})".format(name=source.name, shape="×".join(map(str, source.shape)))
                                for source in context.sources)
            text = self.tr("Network: {shapes} → {outputs} output") if width == 1 else \
                self.tr("Network: {shapes} → {outputs} outputs")
            return text.format(shapes=shapes, outputs=width)
        text = self.tr("Network: {inputs} inputs → {outputs} output") if width == 1 else \
            self.tr("Network: {inputs} inputs → {outputs} outputs")
        return text.format(inputs=context.input_width, outputs=width)

    def _on_target_combo_activated(self, position: int) -> None:
        name = self.target_combo.itemData(position)
        schema = self.document.schema
        if schema is None or name == schema.target:
            return
        new = schema.copy()
        new.set_target(name)
        text = self.tr("Make {name} the target").format(name=name) if name else self.tr("Clear the target")
        self.document.edit_schema(new, text)
        self.edited.emit(text)

    def _on_task_combo_activated(self, position: int) -> None:
        schema = self.document.schema
        if schema is None or not schema.target:
            return
        task = self.task_combo.itemData(position) or schema.column(schema.target).task_hint
        if task == schema.task:
            return
        new = schema.copy()
        new.set_task(task)
        text = self.tr("Set task to {task}").format(task=task_label(task))
        self.document.edit_schema(new, text)
        self.edited.emit(text)


class SplitPanel(QGroupBox):
    """Train / validation / test percentages, seed and stratification.

    The three percentages must add up to 100; until they do, a message says so and nothing is
    applied. A valid change is one undoable edit_split. Signal: rejected(str message).
    """

    rejected = Signal(str)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Split"))
        self.document = document
        self.train_spin, self.val_spin, self.test_spin = (self._percent_spin(t) for t in (
            self.tr("Rows used to fit the weights"), self.tr("Rows used to watch for over-fitting and early stopping"),
            self.tr("Rows kept aside for the final, honest score")))
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2_147_483_647)
        self.seed_spin.setKeyboardTracking(False)
        self.seed_spin.setToolTip(self.tr("The same seed gives the same split every time"))
        self.stratify_check = QCheckBox(self.tr("Stratify"))
        self.stratify_check.setToolTip(self.tr("Keep each class's share the same in every part (classification)"))
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setObjectName("splitMessage")
        self.message.setStyleSheet("color: #c0392b;")
        self.message.hide()
        row = QHBoxLayout()
        for label, spin in ((self.tr("Train"), self.train_spin), (self.tr("Val"), self.val_spin),
                            (self.tr("Test"), self.test_spin)):
            row.addWidget(QLabel(label))
            row.addWidget(spin)
        row.addStretch(1)
        seed_row = QHBoxLayout()
        seed_row.addWidget(QLabel(self.tr("Seed")))
        seed_row.addWidget(self.seed_spin)
        seed_row.addSpacing(12)
        seed_row.addWidget(self.stratify_check)
        seed_row.addStretch(1)
        form = QFormLayout(self)
        form.addRow(row)
        form.addRow(seed_row)
        form.addRow(self.message)
        for spin in (self.train_spin, self.val_spin, self.test_spin, self.seed_spin):
            spin.valueChanged.connect(self._on_spin_changed)
        self.stratify_check.toggled.connect(self._on_spin_changed)
        self.refresh()

    @staticmethod
    def _percent_spin(tip: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, 100)
        spin.setSuffix(" %")
        spin.setKeyboardTracking(False)  # typing "80" is one change, not "8" then "80"
        spin.setToolTip(tip)
        return spin

    def refresh(self) -> None:
        """Show the document's split (dropping any unfinished, invalid input)."""
        split = self.document.split
        widgets = (self.train_spin, self.val_spin, self.test_spin, self.seed_spin,
                   self.stratify_check)
        for widget in widgets:
            widget.blockSignals(True)
        self.train_spin.setValue(round(split.train * 100))
        self.val_spin.setValue(round(split.val * 100))
        self.test_spin.setValue(round(split.test * 100))
        self.seed_spin.setValue(int(split.seed))
        self.stratify_check.setChecked(bool(split.stratify))
        for widget in widgets:
            widget.blockSignals(False)
        self.message.hide()

    def problem(self) -> str | None:
        """Why the entered percentages cannot be used, or None."""
        train, val, test = self.train_spin.value(), self.val_spin.value(), self.test_spin.value()
        if train <= 0:
            return self.tr("Training needs a share above 0 %.")
        total = train + val + test
        if total != 100:
            return self.tr("Train + val + test = {total} %: make them add up to 100 % (not applied yet).").format(
                total=total)
        return None

    def _on_spin_changed(self, *_args) -> None:
        problem = self.problem()
        if problem:
            self.message.setText(problem)
            self.message.show()
            self.rejected.emit(problem)
            return
        self.message.hide()
        current = self.document.split
        new = Split(train=self.train_spin.value() / 100, val=self.val_spin.value() / 100,
                    test=self.test_spin.value() / 100, seed=self.seed_spin.value(),
                    stratify=self.stratify_check.isChecked())
        if new.to_dict() == Split.from_dict(current.to_dict()).to_dict():
            return
        if new.seed != current.seed:
            text = self.tr("Change seed")
        elif new.stratify != current.stratify:
            text = self.tr("Change stratification")
        else:
            text = self.tr("Set split to {train}/{val}/{test}").format(
                train=self.train_spin.value(), val=self.val_spin.value(), test=self.test_spin.value())
        self.document.edit_split(new, text)
