"""Small text tables for the preprocessing tests: short reviews of a few words, and a number beside them."""

import numpy as np
import pandas as pd


def reviews(n=120, seed=0):
    """n reviews of 3-11 words; the label is "pos" when one says "good"; price is noise."""
    rng = np.random.default_rng(seed)
    words = np.array(["good", "bad", "film", "plot", "fun", "dull", "actor", "scene"])
    texts = [" ".join(rng.choice(words, rng.integers(3, 12))) for _ in range(n)]
    return pd.DataFrame({"review": texts, "price": rng.normal(size=n),
                         "label": ["pos" if "good" in t else "neg" for t in texts]})
