"""The Test examples tab's texts: the worst-classified test texts, each word coloured by how it weighed.

The texts are shown at once; each word's contribution to the predicted class (engine.insight.word_attribution:
the change in the class's log-odds when the word is left out) is computed in a background task, a few texts
at a time, worst first, and the words are coloured as the numbers arrive. The HTML is built from escaped
text only: a user's text never becomes markup.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from PySide6.QtCore import QCoreApplication, QEvent, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QProgressBar, QTextBrowser, QToolTip, QVBoxLayout, QWidget

from gui.infra import background

TOWARDS, AGAINST = QColor("#2f7fd6"), QColor("#d64541")  # blue: for the predicted class; red: against it
STRONGEST = 0.7  # the largest share of the word colour mixed into the background: the text stays readable
TAIL_CHARACTERS = 300  # of a text's part past the model's length, shown greyed
translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text") calls


@dataclass
class ShownText:
    """One test text as listed: its words, true and predicted class names and the probability of the truth."""

    text: str
    truth: str
    predicted: str
    p_true: float


@dataclass
class WordsResult:
    """Word contributions for the shown texts first..first+len(contributions) of the run `key`."""

    key: int
    first: int
    contributions: list  # engine.insight.word_attribution.TextContributions


def weigh_words(state, key: int, bundle_path: str, rows: pd.DataFrame, column: str, classes: list[int],
                base_dir: Path | None) -> None:
    """Background task: open the bundle and hand over each group of texts' word contributions as it is done."""
    from engine.insight.word_attribution import TEXTS_PER_PASS, word_contributions
    from engine.io.bundle import load_bundle

    state.set_status(translate("TextExamplesView", "Opening the model…"))
    bundle = load_bundle(bundle_path)
    state.set_status(translate("TextExamplesView", "Leaving out each word of the texts in turn…"))
    for first in range(0, len(rows), TEXTS_PER_PASS):
        state.check_stop()
        part = slice(first, first + TEXTS_PER_PASS)
        found = word_contributions(bundle, rows.iloc[part], column, classes[part], base_dir=base_dir)
        state.set_partial_result(WordsResult(key, first, found))
        state.set_progress(100 * min(1.0, (first + TEXTS_PER_PASS) / len(rows)))


def word_colour(weight: float, scale: float, base: QColor) -> QColor:
    """The background of a word: the palette's base mixed with blue (for) or red (against), more the larger
    |weight| is against `scale`."""
    share = STRONGEST * min(1.0, abs(weight) / scale) if scale > 0 else 0.0
    hue = TOWARDS if weight > 0 else AGAINST
    return QColor.fromRgbF(*(base_c + (hue_c - base_c) * share for base_c, hue_c in
                             zip(base.getRgbF()[:3], hue.getRgbF()[:3])))


def colour_scale(contributions) -> float:
    """The |contribution| that gets the strongest colour: the 95th percentile over every word shown, so one
    outlier does not wash out all the others."""
    weights = np.abs([w for c in contributions if c is not None for w in c.weights])
    return float(np.percentile(weights, 95)) if len(weights) else 0.0


def probability(log_odds: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(log_odds, 700.0), -700.0)))


class WordBrowser(QTextBrowser):
    """A read-only QTextBrowser whose words (anchors "#w<text>_<token>") show their numbers in a tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)  # a word is not a link to follow
        self.tips: dict[str, str] = {}

    def viewportEvent(self, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ToolTip:
            tip = self.tips.get(self.anchorAt(event.pos()), "")
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)


class TextExamplesView(QWidget):
    """The worst texts with their words coloured; show_texts(...) fills it and starts the word weighing."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.hide()  # shown while there is something to say
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setMaximumHeight(12)
        self.progress.setTextVisible(False)
        self.browser = WordBrowser(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.legend)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.browser, 1)
        self._key = 0
        self._task: background.BackgroundTask | None = None
        self._job: tuple | None = None  # (bundle path, rows, column, classes, base dir) still to weigh
        self._request: tuple | None = None  # what is shown: (bundle path, column, classes, texts)
        self.texts: list[ShownText] = []
        self.contributions: list = []  # per shown text: its TextContributions, None until weighed
        self._set_legend()

    def show_texts(self, texts: list[ShownText], bundle_path: str, rows: pd.DataFrame, column: str,
                   classes: list[int], base_dir: Path | None) -> None:
        """List `texts` (worst first) and weigh their words: `rows` are their table rows, `classes` the
        predicted class of each, explained."""
        request = (bundle_path, column, tuple(classes), tuple(t.text for t in texts))
        if request == self._request:
            return  # the same run shown again: its words are weighed (or being weighed) already
        self.stop()
        self._request = request
        self.texts, self.contributions = texts, [None] * len(texts)
        self._job = (bundle_path, rows, column, classes, base_dir)
        self.progress.setValue(0)
        self.progress.hide()
        self._set_status("")
        self._render()
        if self.isVisible():
            self._start()

    def stop(self) -> None:
        """Stop weighing words (another run, or no texts, is shown): what the task still reports is dropped."""
        self._key += 1
        self._request, self._job = None, None
        if self._task is not None:
            self._task.discard()
            self._task = None

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._job is not None and self._task is None:
            self._start()

    def wait_for_tasks(self, timeout_ms: int = 5000) -> bool:
        """Block until the word weighing ends (tests; the window closing)."""
        return self._task is None or self._task.wait(timeout_ms)

    def _start(self) -> None:
        job, self._job = self._job, None
        if not job or not job[1].shape[0]:
            return
        task = background.BackgroundTask(weigh_words, self._key, *job, name="layerlab-words")
        task.status_changed.connect(self._set_status)
        task.progress_changed.connect(self.progress.setValue)
        task.partial_result_ready.connect(self._on_task_partial_result)
        task.failed.connect(self._on_task_failed)
        task.finished.connect(self._on_task_finished)
        self._task = task
        self.progress.show()
        task.start()

    @Slot(str)
    def _set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    @Slot(object)
    def _on_task_partial_result(self, result: WordsResult) -> None:
        if result.key != self._key:
            return
        self.contributions[result.first:result.first + len(result.contributions)] = result.contributions
        self._render()

    @Slot(object)
    def _on_task_failed(self, exc: BaseException) -> None:
        from engine.errors import LayerLabError

        words = str(exc) if isinstance(exc, LayerLabError) else f"{type(exc).__name__}: {exc}"
        self._set_status(self.tr("Cannot weigh the words: {reason}").format(reason=words))

    @Slot()
    def _on_task_finished(self) -> None:
        if self.sender() is not self._task:
            return
        self._task = None
        self.progress.hide()
        if all(c is not None for c in self.contributions):
            self._set_status("")

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.PaletteChange:
            self._set_legend()
            self._render()
        super().changeEvent(event)

    # -- HTML ---------------------------------------------------------------------------------------------------
    def _set_legend(self) -> None:
        base = self.palette().color(QPalette.ColorRole.Base)
        towards, against = (word_colour(sign, 1.0, base).name() for sign in (1.0, -1.0))
        self.legend.setText(self.tr(
            "Each word is coloured by how it swayed the model towards the class it predicted: "
            "<span style='background-color:{towards}'>&nbsp;blue: for it&nbsp;</span> "
            "<span style='background-color:{against}'>&nbsp;red: against it&nbsp;</span>; the stronger the colour, "
            "the more the odds change when the word is left out. Hover a word for its numbers; greyed text is past "
            "the length the model reads.").format(
            towards=towards, against=against))

    def _render(self) -> None:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
        error = "#ff6b6b" if base.lightness() < 128 else "#c0392b"
        scale = colour_scale(self.contributions)
        self.browser.tips = {}
        blocks = []
        for number, (shown, found) in enumerate(zip(self.texts, self.contributions), start=1):
            colour = f" style='color:{error}'" if shown.predicted != shown.truth else ""
            header = self.tr("{number}. true <b>{truth}</b> · predicted <b{colour}>{predicted}</b> · "
                             "P(true) {p_true}").format(number=number, truth=html.escape(shown.truth),
                                                        predicted=html.escape(shown.predicted), colour=colour,
                                                        p_true=f"{shown.p_true:.0%}")
            body = (html.escape(shown.text) if found is None else
                    self._words_html(number, shown, found, scale, base, muted))
            blocks.append(f"<p style='margin-bottom:8px'><span style='color:{muted}'>{header}</span><br>{body}</p>")
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.browser.setHtml("".join(blocks))
        bar.setValue(position)

    def _words_html(self, number: int, shown: ShownText, found, scale: float, base: QColor, muted: str) -> str:
        text, parts, end = found.text, [], 0
        if not found.spans:
            return f"<span style='color:{muted}'>{html.escape(self.tr('(empty text)'))}</span>"
        text_colour = self.palette().color(QPalette.ColorRole.Text).name()
        for index, ((start, stop), weight) in enumerate(zip(found.spans, found.weights)):
            parts.append(html.escape(text[end:start]))
            anchor = f"#w{number}_{index}"
            self.browser.tips[anchor] = self._tip(text[start:stop], weight, found.output, shown.predicted)
            background_colour = word_colour(weight, scale, base).name()
            parts.append(f"<a href='{anchor}' style='color:{text_colour}; text-decoration:none; "
                         f"background-color:{background_colour}'>{html.escape(text[start:stop])}</a>")
            end = stop
        rest = text[end:]
        if rest.strip() and len(found.spans) and end < len(text):
            cut = rest[:TAIL_CHARACTERS] + ("…" if len(rest) > TAIL_CHARACTERS else "")
            parts.append(f"<span style='color:{muted}'>{html.escape(cut)}</span>")
        return "".join(parts)

    def _tip(self, word: str, weight: float, log_odds: float, predicted: str) -> str:
        now, without = probability(log_odds), probability(log_odds - weight)
        return self.tr("“{word}”: without it, P({predicted}) would be {without} instead of {now} "
                       "({change:+.2f} log-odds).").format(word=word, predicted=predicted, now=f"{now:.1%}",
                                                           without=f"{without:.1%}", change=weight)
