"""The bundled example data sets and the settings each one is meant to be trained with."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from engine.training import TrainConfig


@dataclass(frozen=True)
class Example:
    name: str
    file: str
    target: str
    template: str
    description: str
    config: TrainConfig | None = field(default=None)  # None -> defaults sized to the data

    @property
    def path(self) -> Path:
        return Path(str(files("resources") / "examples" / self.file))


# churn reproduces the tutorial exactly: Dense 64 relu, Dense 64 relu, Dense 1 sigmoid; adam; 10 epochs; batch 32.
EXAMPLES = {
    "churn": Example("churn", "churn.csv", "churn", "tutorial-mlp",
                     "Customer churn (binary): the tutorial's network and settings.",
                     TrainConfig(epochs=10, batch_size=32, optimizer="adam", learning_rate=1e-3)),
    "wine": Example("wine", "wine.csv", "cultivar", "tutorial-mlp", "Wine cultivars (3 classes, UCI)."),
    "diabetes": Example("diabetes", "diabetes.csv", "progression", "regression-mlp",
                        "Diabetes progression (regression, Efron et al. 2004)."),
}


def get_example(name: str) -> Example:
    """Look up a bundled example by name. Raises KeyError with the known names."""
    try:
        return EXAMPLES[name]
    except KeyError:
        raise KeyError(f"Unknown example '{name}': choose one of {', '.join(EXAMPLES)}.") from None
