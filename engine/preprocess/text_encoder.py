"""Text columns as token ids: a word vocabulary fitted on the training rows (Hugging Face `tokenizers`).

The tokenizer's own JSON is the state, so it round-trips exactly and never needs unpickling. Words are
NFKC-normalised and lower-cased; punctuation splits words and every CJK character is its own token, so
Chinese text without spaces tokenises too.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd

from engine.errors import DataError, DataWarning
from engine.i18n import _

PAD_ID, UNKNOWN_ID = 0, 1
PAD, UNKNOWN = "[PAD]", "[UNK]"
MIN_LENGTH, MAX_LENGTH = 8, 256
LENGTH_PERCENTILE = 95
MAX_VOCABULARY = 20_000
MAX_CHARACTERS = 100_000
"""Longer texts are cut to this many characters before tokenising: far past any sequence length, and a
multi-megabyte cell then costs no more than a normal one."""


def _tokenizer_class():
    from tokenizers import Tokenizer  # imported when text is used: the table path never pays for it

    return Tokenizer


def _new_tokenizer():
    from tokenizers import models, normalizers, pre_tokenizers

    tokenizer = _tokenizer_class()(models.WordLevel(unk_token=UNKNOWN))
    tokenizer.normalizer = normalizers.Sequence([
        normalizers.NFKC(),
        normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=False, lowercase=True)])
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()  # whitespace and punctuation
    return tokenizer


def texts_of(column: pd.Series) -> list[str]:
    """The cells as text: missing cells are empty, very long ones are cut to MAX_CHARACTERS."""
    return [("" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value))[:MAX_CHARACTERS]
            for value in column.tolist()]


def token_counts(column: pd.Series) -> np.ndarray:
    """How many tokens each text splits into, as the encoder splits them (a missing or empty text: 0)."""
    from tokenizers import models

    counter = _new_tokenizer()
    counter.model = models.WordLevel(vocab={UNKNOWN: 0}, unk_token=UNKNOWN)  # every word one token; no fitting
    return np.array([len(item.ids) for item in counter.encode_batch(texts_of(column))], dtype=np.int64)


def sequence_length(counts) -> int:
    """The length sequences are padded or cut to: the 95th percentile of the token counts, clamped to 8..256."""
    counts = np.asarray(counts) if len(counts) else np.zeros(1)
    return int(np.clip(np.ceil(np.percentile(counts, LENGTH_PERCENTILE)), MIN_LENGTH, MAX_LENGTH))


class TextEncoder:
    """One text column -> int64 token ids (N, length); 0 pads, 1 is a word not in the vocabulary.

    An empty or missing text becomes a single unknown token, so every row has one position a padding
    mask keeps (a mean over no positions would be undefined).
    """

    kind = "text"

    def __init__(self, column: str):
        self.column = column
        self.length = 0
        self._tokenizer = None

    @property
    def vocab_size(self) -> int:
        """Words in the vocabulary, padding and unknown included."""
        return self._tokenizer.get_vocab_size() if self._tokenizer is not None else 0

    @property
    def shape(self) -> tuple[int, ...]:
        return (self.length,)

    def fit(self, column: pd.Series) -> "TextEncoder":
        """Learn the vocabulary and the sequence length (the 95th percentile of the training texts' token
        counts, clamped to 8..256) from the training rows."""
        from tokenizers import trainers

        texts = texts_of(column)
        tokenizer = _new_tokenizer()
        min_frequency = 2 if len(texts) >= 1000 else 1  # small data: keep words seen once
        trainer = trainers.WordLevelTrainer(vocab_size=MAX_VOCABULARY, min_frequency=min_frequency,
                                            special_tokens=[PAD, UNKNOWN], show_progress=False)
        tokenizer.train_from_iterator(texts, trainer)
        self._tokenizer = tokenizer
        self.length = sequence_length([len(e.ids) for e in tokenizer.encode_batch(texts)])
        return self

    def tokens(self, text: str) -> list[str]:
        """The words of `text` as the model sees them (lower-cased, split, cut to the sequence length)."""
        return self._tokenizer.encode(str(text)[:MAX_CHARACTERS]).tokens[:self.length]

    def transform(self, column: pd.Series) -> np.ndarray:
        """Token ids of every row, int64 (N, length). Texts longer than the length are cut at the end: a
        DataWarning says how many (and what share)."""
        encoded = self._tokenizer.encode_batch(texts_of(column))
        ids = np.zeros((len(encoded), self.length), dtype=np.int64)
        cut = 0
        for row, item in enumerate(encoded):
            values = item.ids or [UNKNOWN_ID]
            cut += len(values) > self.length
            values = values[:self.length]
            ids[row, :len(values)] = values
        if cut:
            warnings.warn(_("{cut:,} of {total:,} texts in column '{column}' ({share:.1%}) are longer than "
                            "{length} tokens; their ends are cut off.").format(
                cut=cut, total=len(encoded), column=self.column, share=cut / len(encoded), length=self.length),
                DataWarning, stacklevel=2)
        return ids

    def to_dict(self) -> dict:
        """JSON-safe state: the column, the sequence length and the tokenizer's own JSON."""
        return {"kind": self.kind, "column": self.column, "length": self.length,
                "tokenizer": json.loads(self._tokenizer.to_str())}

    @classmethod
    def from_dict(cls, state: dict) -> "TextEncoder":
        """Rebuild from to_dict() output. Raises DataError when the state is damaged."""
        encoder = cls(str(state.get("column", "")))
        try:
            encoder.length = int(state["length"])
            encoder._tokenizer = _tokenizer_class().from_str(json.dumps(state["tokenizer"]))
        except Exception as exc:  # noqa: BLE001 - tokenizers raises a plain Exception for bad JSON
            raise DataError(_("The preprocessing state of text column '{column}' is damaged ({problem}).").format(
                column=encoder.column, problem=exc), column=encoder.column) from None
        if not MIN_LENGTH <= encoder.length <= MAX_LENGTH or encoder._tokenizer.token_to_id(PAD) != PAD_ID:
            raise DataError(_("The preprocessing state of text column '{column}' is damaged (length {length}).")
                            .format(column=encoder.column, length=encoder.length), column=encoder.column)
        return encoder
