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
    time_column: str | None = None  # set: a forecasting example along this column

    @property
    def path(self) -> Path:
        """The CSV; file may name a subfolder (digits/digits.csv), whose image paths are relative to it."""
        return Path(str(files("resources") / "examples")) / self.file


# churn reproduces the tutorial exactly: Dense 64 relu, Dense 64 relu, Dense 1 sigmoid; adam; 10 epochs; batch 32.
EXAMPLES = {
    "churn": Example("churn", "churn.csv", "churn", "tutorial-mlp",
                     "Customer churn (binary): the tutorial's network and settings.",
                     TrainConfig(epochs=10, batch_size=32, optimizer="adam", learning_rate=1e-3)),
    "wine": Example("wine", "wine.csv", "cultivar", "tutorial-mlp", "Wine cultivars (3 classes, UCI)."),
    "diabetes": Example("diabetes", "diabetes.csv", "progression", "regression-mlp",
                        "Diabetes progression (regression, Efron et al. 2004)."),
    "digits": Example("digits", "digits/digits.csv", "label", "image_cnn",
                      "Handwritten digits as 1,797 8×8 PNG files (10 classes, scikit-learn's digits)."),
    "digits_pixels": Example("digits_pixels", "digits_pixels.csv", "label", "image_cnn",
                             "The same digits as 64 pixel columns pixel_0_0 … pixel_7_7 (10 classes)."),
    "bible_verses": Example("bible_verses", "bible_verses.csv", "label", "text_light",
                            "Which part of the Bible a verse is from (6 classes, King James Version, public domain)."),
    "co2": Example("co2", "co2_monthly.csv", "co2", "forecaster",
                   "Monthly CO2 at Mauna Loa 1958-2001 (forecasting, public domain).", time_column="date"),
}


def get_example(name: str) -> Example:
    """Look up a bundled example by name. Raises KeyError with the known names."""
    try:
        return EXAMPLES[name]
    except KeyError:
        raise KeyError(f"Unknown example '{name}': choose one of {', '.join(EXAMPLES)}.") from None


@dataclass
class LoadedExample:
    """A bundled example ready to train: its table (engine.data.Table), schema with the target chosen,
    the template's spec, the settings it is meant for, and the split."""

    example: Example
    table: object
    schema: object
    spec: object
    config: TrainConfig
    split: object


def load_example(name: str) -> LoadedExample:
    """Read a bundled example and set it up as the CLI's `--example` and the app's File ▸ Open example show it:
    the target chosen, the example's template, its own settings or defaults sized to its training rows,
    and the default split.

    Raises:
        KeyError: unknown example (naming the known ones); DataError: its CSV cannot be read.
    """
    from engine.data import infer_schema, read_csv
    from engine.graph import load_template
    from engine.io.project import new_project_for_data

    example = get_example(name)
    table = read_csv(example.path)
    schema = infer_schema(table.frame, target=example.target, base_dir=example.path.parent)
    if example.time_column:
        schema.set_time_column(example.time_column)
    defaults = new_project_for_data(len(table.frame), schema)
    config = TrainConfig.from_dict(example.config.to_dict()) if example.config else defaults.config
    return LoadedExample(example=example, table=table, schema=schema, spec=load_template(example.template),
                         config=config, split=defaults.split)
