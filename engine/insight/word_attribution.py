"""Which words of a text made the model predict what it did: each word's contribution, by occlusion.

Every token the model reads from one text column gets a number: how much the log-odds of the explained class
(or the prediction itself, for regression) fall when that token alone is masked out like padding (Captum's
FeatureAblation with the padding id as the baseline). Positive: the word pushed towards the class.

Why occlusion and not Integrated Gradients on the Embedding layer: IG needs a baseline text, and none is
neutral here. With the padding vector (zero) as the baseline, the straight path only rescales every word's
vector, which a Transformer block's LayerNorm undoes, so every word got about 0; with every word unknown as the
baseline, a text whose all-unknown version already gets the same class gets about 0 everywhere. Occlusion needs
no baseline text, and log-odds do not saturate as probabilities do (a word that moves 99.9% to 99% still
counts). Its known blind spot, two words that back each other up each counting less, matters less in
log-odds than in probabilities.

Tokens are mapped back to the characters of the original text by the tokenizer's offsets, so a word is
marked as it is written (capitals, full-width letters); an unknown word gets its number like any other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from engine.errors import DataError
from engine.i18n import _
from engine.insight.input_parts import input_parts
from engine.preprocess.text_encoder import PAD_ID, TextEncoder, texts_of
from engine.tasks import Task

TOKENS_PER_PASS = 32_768  # sequence positions through the model at once (a Transformer's attention grows with it)
TEXTS_PER_PASS = 8  # a caller that shows results as they come asks for this many at a time


@dataclass
class TextContributions:
    """One text's tokens and how much each moved the explained output.

    text: the text as read; spans: the (start, end) character offsets in `text` of each token the model
    reads, in order (the rest of a long text was cut off); weights: each token's contribution, in the same
    order: the output minus the output with that token masked (positive: towards the explained class);
    output: the explained output for the whole text (the class's log-odds, or the prediction);
    class_index: the class explained (None: regression).
    """

    text: str
    spans: list[tuple[int, int]]
    weights: list[float]
    output: float
    class_index: int | None


def word_contributions(bundle, rows: pd.DataFrame, column: str, class_indices=None, *, base_dir=None
                       ) -> list[TextContributions]:
    """Each word's contribution to the model's output for every row of `rows`.

    Args:
        bundle: a loaded Bundle (engine.io.bundle) whose model reads the text column `column`.
        rows: rows in the training CSV's columns (every column the model reads).
        column: the text column explained.
        class_indices: per row, the class whose log-odds are explained (e.g. the predicted one); required
            for classification, ignored for regression.
        base_dir: the folder relative image paths are read from (a model that also reads images).
    Returns:
        One TextContributions per row, in order.
    Raises:
        DataError: the model reads no text column `column`, classes are missing, or a needed column is missing.
    """
    from captum.attr import FeatureAblation

    encoder, position = _text_input(bundle, column)
    task = Task(bundle.preprocessor.task)
    if task is Task.REGRESSION:
        targets = np.zeros(len(rows), dtype=np.int64)
    elif class_indices is None or len(class_indices) != len(rows):
        raise DataError(_("Say which class to explain for each of the {count} texts.").format(count=len(rows)))
    else:
        targets = np.asarray(class_indices, dtype=np.int64)
    forward = _output_function(bundle, task, position)
    ablation = FeatureAblation(forward)
    tokenizer = _offset_tokenizer(encoder)
    texts = texts_of(rows[column])
    found = []
    for start in range(0, len(rows), TEXTS_PER_PASS):
        part = slice(start, start + TEXTS_PER_PASS)
        xs = input_parts(bundle, rows.iloc[part], base_dir).model_input()
        xs = [torch.as_tensor(x) for x in (xs if isinstance(xs, tuple) else (xs,))]
        ids, others = xs.pop(position), tuple(xs)
        target = torch.as_tensor(targets[part])
        per_pass = max(1, TOKENS_PER_PASS // (len(ids) * encoder.length))
        with torch.no_grad():
            weights = ablation.attribute(ids, baselines=PAD_ID, target=target, additional_forward_args=others,
                                         perturbations_per_eval=min(per_pass, encoder.length)).numpy()
            output = forward(ids, *others)[torch.arange(len(ids)), target].numpy()
        for text, row_weights, row_output, row_target in zip(texts[part], weights, output, targets[part]):
            spans = [tuple(offset) for offset in tokenizer.encode(text).offsets[:encoder.length]]
            found.append(TextContributions(text, spans, [float(w) for w in row_weights[:len(spans)]],
                                           float(row_output), None if task is Task.REGRESSION else int(row_target)))
    return found


def _text_input(bundle, column: str) -> tuple[TextEncoder, int]:
    """The column's text encoder and its position among the model's inputs."""
    sources = [s.name for s in bundle.context.all_sources()]
    encoders = bundle.inputs.encoders if bundle.inputs is not None else []
    encoder = next((e for e in encoders if isinstance(e, TextEncoder) and e.column == column), None)
    if encoder is None or column not in sources:
        raise DataError(_("The model reads no text column '{column}'.").format(column=column), column=column)
    return encoder, sources.index(column)


def _output_function(bundle, task: Task, position: int):
    """forward(ids, *other inputs) -> per class its log-odds (N, classes), or the prediction in the target's
    units (N, 1); the token ids go back to their place among the model's inputs."""
    model, pre = bundle.model.eval(), bundle.preprocessor

    def forward(ids: torch.Tensor, *others: torch.Tensor) -> torch.Tensor:
        xs = list(others)
        xs.insert(position, ids)
        logits = model(*xs).float()
        if task is Task.BINARY:
            return torch.cat([-logits, logits], dim=1)  # log-odds of the first class, of the second
        if task is Task.MULTICLASS:
            return logits - _logsumexp_of_the_others(logits)
        return logits * float(pre.target_std or 1.0) + float(pre.target_mean or 0.0)

    return forward


def _logsumexp_of_the_others(logits: torch.Tensor) -> torch.Tensor:
    """For each class k, log(sum of exp(logit j) over j != k): log(1 - p_k) + the log of the softmax's sum."""
    k = logits.shape[1]
    others = logits.unsqueeze(1).expand(-1, k, k).masked_fill(torch.eye(k, dtype=torch.bool), float("-inf"))
    return torch.logsumexp(others, dim=2)


def _offset_tokenizer(encoder: TextEncoder):
    """The encoder's tokenizer, rebuilt from its saved state (the encoder keeps its own private); its
    encodings carry each token's character offsets in the original text."""
    from tokenizers import Tokenizer

    return Tokenizer.from_str(json.dumps(encoder.to_dict()["tokenizer"]))
