"""The Evaluate page's metrics table: network vs baseline (vs the most common class), best value in bold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from gui.pages.evaluate.verdict import baseline_name, metric_label, metric_rows


def _sentence_case(name: str) -> str:
    """The first letter upper-cased and the rest kept: "TF-IDF + logistic regression" (capitalize() gave "Tf-idf")."""
    return name[:1].upper() + name[1:]


class MetricsTable(QTableWidget):
    """One row per test metric; in each row the best value (higher or lower, as the metric reads) is bold,
    so the network's column is bold only where the network wins. Fill with show_record(record); clear()
    empties it (a project with no runs)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 4, parent)
        self.setObjectName("metrics_table")
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # its minimum width fits every column
        self.setWordWrap(True)

    def show_record(self, record) -> None:
        """Show a run record's test metrics beside its baseline's."""
        from engine.runs.metrics import higher_is_better

        rows = metric_rows(record)
        headers = [self.tr("Metric"), self.tr("Network"), _sentence_case(baseline_name(record))]
        if not record.is_regression:
            headers.append(self.tr("Most common class"))
        self.clear()
        self.setColumnCount(len(headers))
        self.setHorizontalHeaderLabels(headers)
        self.setRowCount(len(rows))
        for row, metric in enumerate(rows):
            values = [metric_label(metric.key), metric.network, metric.baseline, metric.majority][:len(headers)]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(metric.tooltip)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column in metric.best:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    best = (self.tr("Best of this row (higher is better).") if higher_is_better(metric.key)
                            else self.tr("Best of this row (lower is better)."))
                    item.setToolTip(f"{metric.tooltip}\n{best}")
                self.setItem(row, column, item)
        self._fit_size()

    def clear(self) -> None:  # noqa: D102 - QTableWidget's
        super().clear()
        self.setRowCount(0)
        self.setMinimumWidth(0)

    def _fit_size(self) -> None:
        """As tall as its rows, and at least as wide as its columns' text: a window opened at 1024 px gave the
        table a third of the page and cut the "Most common class" header."""
        frame = 2 * self.frameWidth()
        header = self.horizontalHeader()
        header.resizeSections(QHeaderView.ResizeMode.ResizeToContents)
        widths = [max(header.sectionSizeFromContents(c).width(), self.sizeHintForColumn(c))
                  for c in range(self.columnCount())]
        self.setMinimumWidth(sum(widths) + frame)
        self.setFixedHeight(header.height() + self.verticalHeader().length() + frame + 4)
