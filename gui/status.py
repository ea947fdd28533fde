"""The status bar: whether the model can be trained (and why not), and what the last run did."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QStatusBar

from engine.training import reason_words

MESSAGE_MS = 6000
ELIDES = "elidesText"  # a label's property: True when it ends its text in "…" on purpose (the label-fit test)


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when the status bar gives it less room than its text needs (1024 px
    wide windows); text() and the tooltip keep the whole text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setProperty(ELIDES, True)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().horizontalAdvance("x" * 24)), hint.height())

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        self.style().drawItemText(QPainter(self), rect, int(self.alignment()), self.palette(), self.isEnabled(),
                                  text, self.foregroundRole())


class StatusController(QObject):
    """Keeps the status bar's permanent labels in step with the document and the training page.

    Left: temporary messages (file opened, saved …). Right: the training readiness ("Ready to
    train (F5)" or the reason Train is disabled) and the last run's status.
    """

    def __init__(self, status_bar: QStatusBar, document, training_page):
        super().__init__(status_bar)
        self.status_bar, self.document, self.training_page = status_bar, document, training_page
        self.readiness = ElidedLabel(status_bar)
        self.readiness.setObjectName("readiness_label")
        self.run_status = ElidedLabel(status_bar)
        self.run_status.setObjectName("run_status_label")
        status_bar.addPermanentWidget(self.run_status)
        status_bar.addPermanentWidget(self.readiness)
        for signal in (document.spec_changed, document.schema_changed, document.config_changed,
                       document.table_changed):
            signal.connect(self._on_document_changed)
        document.runs_changed.connect(self._on_document_runs_changed)
        training_page.starting.connect(self._on_training_page_starting)
        training_page.run_started.connect(self._on_training_page_run_started)
        training_page.paused_changed.connect(self._on_training_page_paused_changed)
        training_page.run_finished.connect(self._on_training_page_run_finished)
        training_page.run_failed.connect(self._on_training_page_run_failed)
        # the page re-enables Train when its run has ended: then readiness is true again
        training_page.train_action.changed.connect(self._on_document_changed)
        self._on_document_changed()
        self._on_document_runs_changed()

    def show_message(self, text: str) -> None:
        self.status_bar.showMessage(text, MESSAGE_MS)

    def _on_document_changed(self) -> None:
        if getattr(self.training_page, "is_training", False):
            return
        blocker = self.document.training_blocker()
        if blocker:
            self.readiness.setText(f"⚠ {blocker}")
            self.readiness.setToolTip(self.tr("Train is disabled: {reason}").format(reason=blocker))
        else:
            self.readiness.setText(self.tr("✔ Ready to train (F5)"))
            self.readiness.setToolTip(self.tr("The model is valid for this data."))

    def _on_document_runs_changed(self) -> None:
        runs = self.document.runs
        if not runs:
            self.run_status.setText(self.tr("No runs yet"))
            return
        last = runs[-1]
        epochs = last.epochs_run
        text = self.tr("Run {number}: {how} after {epochs} epochs") if epochs else self.tr("Run {number}: {how}")
        self.run_status.setText(text.format(number=len(runs), how=reason_words(last.reason), epochs=epochs))
        self.run_status.setToolTip(last.message)

    def _running_label(self) -> str:
        index = getattr(self.training_page, "running_index", None)
        return self.tr("Run {number}").format(number=(len(self.document.runs) if index is None else index) + 1)

    def _on_training_page_starting(self) -> None:
        # the first run of a session waits for the training process to start (seconds): not "Ready" meanwhile
        self.readiness.setText(self.tr("● Starting the training process…"))
        self.readiness.setToolTip(self.tr("Train is busy: the run starts as soon as the training process is ready."))
        self.run_status.setText(self.tr("{run} starting…").format(run=self._running_label()))

    def _on_training_page_run_started(self) -> None:
        self.readiness.setText(self.tr("● Training… (F6 pauses, Esc stops)"))
        self.readiness.setToolTip("")
        self.run_status.setText(self.tr("{run} running").format(run=self._running_label()))

    def _on_training_page_paused_changed(self, paused: bool) -> None:
        if paused:
            self.readiness.setText(self.tr("● Paused (F6 resumes, Esc stops)"))
            self.run_status.setText(self.tr("{run} paused").format(run=self._running_label()))
        else:
            self._on_training_page_run_started()

    def _on_training_page_run_finished(self, index: int) -> None:
        self._on_document_changed()
        self._on_document_runs_changed()
        if 0 <= index < len(self.document.runs):
            message = self.document.runs[index].message or self.tr("Run finished.")
            self.show_message(self.tr("{message}  See the Evaluate page for test metrics.").format(message=message))

    def _on_training_page_run_failed(self, message: str) -> None:
        self._on_document_changed()
        self.run_status.setText(self.tr("Last run failed"))
        self.run_status.setToolTip(message)
        self.show_message(self.tr("Training failed: {message}").format(message=message))
