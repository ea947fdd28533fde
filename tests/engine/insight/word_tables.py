"""Texts whose class one word decides, for the word-contribution tests (engine and Evaluate page)."""

import numpy as np
import pandas as pd

FILLER = np.array(["the", "film", "plot", "actor", "scene", "music", "story", "ending", "cast", "screen"])
DECIDERS = ("excellent", "terrible")


def one_word_decides(n=300, seed=0) -> pd.DataFrame:
    """Texts of neutral words with one "excellent" or "terrible" somewhere in each (sometimes capitalised): that
    word alone decides the label. A table column of noise rides along."""
    rng = np.random.default_rng(seed)
    texts, labels = [], []
    for _ in range(n):
        words = list(rng.choice(FILLER, rng.integers(3, 8)))
        positive = bool(rng.integers(2))
        decider = DECIDERS[0] if positive else DECIDERS[1]
        words.insert(int(rng.integers(len(words) + 1)), decider.upper() if rng.random() < 0.2 else decider)
        texts.append(" ".join(words))
        labels.append("pos" if positive else "neg")
    return pd.DataFrame({"noise": rng.normal(size=n).round(3), "review": texts, "label": labels})
