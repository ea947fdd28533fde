"""prepare(): frame + schema + split -> ready-to-train arrays, with errors for people."""

from __future__ import annotations

import warnings as _warnings
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from engine.data.schema import Schema
from engine.data.time_series import check_time_column
from engine.errors import DataError, DataWarning
from engine.i18n import _
from engine.layers.base import ShapeContext, output_width_for
from engine.preprocess import columns as enc
from engine.preprocess.preprocessor import MAX_CLASSES, Preprocessor
from engine.preprocess.source_encoders import SOURCE_KINDS, SourceEncoders
from engine.preprocess.split import Split, split_counts, split_indices
from engine.preprocess.time_windows import check_part_sizes, windows


@dataclass
class PreparedData:
    """Arrays for training, validation and testing, and how they were made.

    rows holds the positional row indices (into the frame given to prepare) of the
    train, validation and test parts (in forecasting: of the predicted rows, in time order).
    x_* are arrays when the table is the only input, else tuples of arrays in `sources` order
    (engine.layers.InputSource); `encoders` holds the fitted state of the inputs beside the table.
    """

    x_train: np.ndarray | tuple
    y_train: np.ndarray
    x_val: np.ndarray | tuple
    y_val: np.ndarray
    x_test: np.ndarray | tuple
    y_test: np.ndarray
    preprocessor: Preprocessor
    schema: Schema
    rows: tuple[np.ndarray, np.ndarray, np.ndarray]
    warnings: list[str] = field(default_factory=list)
    sources: tuple = ()  # InputSource per model input; empty = the table only
    encoders: SourceEncoders | None = None  # None = the table only
    offsets: tuple | None = None  # forecasting: per part, what y (a change) is added to; None: y is the target

    def select_sources(self, names) -> "PreparedData":
        """The same data with only the inputs called `names` (in their order here); the table alone gives
        plain arrays again, exactly as a table-only prepare() would."""
        if not self.sources:
            return self
        keep = [i for i, source in enumerate(self.sources) if source.name in set(names)]
        if len(keep) == len(self.sources):
            return self
        sources = tuple(self.sources[i] for i in keep)

        def pick(x):
            return x[keep[0]] if [s.kind for s in sources] == ["table"] else tuple(x[i] for i in keep)

        if [s.kind for s in sources] == ["table"]:
            return replace(self, x_train=pick(self.x_train), x_val=pick(self.x_val), x_test=pick(self.x_test),
                           sources=(), encoders=None)
        kept_names = {s.name for s in sources}
        encoders = SourceEncoders([e for e in self.encoders.encoders if e.column in kept_names],
                                  forecast=self.encoders.forecast,
                                  table_width=self.encoders.table_width if "table" in kept_names else 0)
        return replace(self, x_train=pick(self.x_train), x_val=pick(self.x_val), x_test=pick(self.x_test),
                       sources=sources, encoders=encoders)


def prepare(frame: pd.DataFrame, schema: Schema, split: Split | None = None, *,
            max_categories: int = 20, base_dir=None, drop_unreadable: bool = False,
            image_size: tuple[int, int] | None = None, progress=None) -> PreparedData:
    """Drop rows without a target, split, fit the Preprocessor (and the text/image encoders) on the
    training part and transform all parts.

    With a time column (schema.time_column) the split is chronological and the model input is windows
    of history (see engine.preprocess.time_windows).

    Args:
        frame: the whole table.
        schema: column kinds/roles, target and task (task None -> the target's task_hint).
        split: fractions and seed (default 70/15/15, seed 0); stratified for classification.
        max_categories: most one-hot levels per categorical column.
        base_dir: the CSV's folder, from which relative image paths are read (None: the working folder).
        drop_unreadable: leave out rows whose image file is missing or unreadable (else a DataError).
        image_size: (height, width) images are resized to (None: from the training files).
        progress: called with (image files read, image files in all parts) while image columns are decoded.

    Returns:
        PreparedData; its warnings say what was dropped or left out.

    Raises:
        DataError: no target, target all missing / a single class / not numeric for
            regression, no feature columns, or too few rows for the split; image files missing.
    """
    if schema.time_column:
        return _prepare_forecast(frame, schema, split, max_categories)
    schema, pre, rows, col, warnings = _plan(frame, schema, split, max_categories)
    target = schema.target
    train = frame.iloc[rows[0]]
    pre.fit(train, classes_from=col)
    encoders = SourceEncoders.for_schema(schema, image_size=image_size)
    if not encoders.encoders:
        arrays = []
        for r in rows:
            part = frame.iloc[r]
            arrays += [pre.transform(part), pre.encode_target(part[target])]
        if pre.width == 0:
            raise DataError("No feature columns: the chosen features produce no inputs.")
        return PreparedData(*arrays, preprocessor=pre, schema=schema, rows=rows,
                            warnings=warnings)
    encoders.fit(train, base_dir)
    encoders.table_width = pre.width
    memory_limit = _image_memory_limit(encoders, sum(len(r) for r in rows), warnings)
    arrays, kept_rows = [], []
    for index, r in enumerate(rows):
        part = frame.iloc[r]
        counted = None if progress is None else _part_progress(progress, rows, index)
        with _warnings.catch_warnings():
            if index:  # truncation is reported for the training part, once
                _warnings.simplefilter("ignore", DataWarning)
            xs, keep, notes = encoders.transform(part, base_dir, drop_unreadable=drop_unreadable,
                                                 memory_limit=memory_limit, progress=counted)
        warnings += notes if index == 0 else [n for n in notes if keep.size and not keep.all()]
        part = part[keep]
        kept_rows.append(r[keep])
        table = (pre.transform(part),) if pre.width else ()
        arrays += [table + tuple(xs), pre.encode_target(part[target])]
    return PreparedData(*arrays, preprocessor=pre, schema=schema, rows=tuple(kept_rows), warnings=warnings,
                        sources=encoders.sources(), encoders=encoders)


def _part_progress(progress, rows: tuple, index: int):
    """`progress` for part `index` of `rows`: its (done, total) as counts over all the parts."""
    before, everything = sum(len(r) for r in rows[:index]), sum(len(r) for r in rows)

    def counted(done: int, total: int) -> None:
        per_row = total / max(1, len(rows[index]))  # image columns per row
        progress(round(before * per_row) + done, round(everything * per_row))

    return counted


def _image_memory_limit(encoders: SourceEncoders, rows: int, warnings: list[str]) -> int:
    """The memory limit every part's images are loaded with: the setting when all parts together fit in it,
    else 0, so that all parts are streamed from disk (said in `warnings`, with the size)."""
    from engine.data.images import MEMORY_LIMIT_VARIABLE, image_memory_limit  # Pillow only where images are read

    limit = image_memory_limit()
    needed = encoders.image_bytes(rows)
    if needed <= limit:
        return limit
    warnings.append(_("The images take {size} MB decoded ({rows} rows), more than the memory limit of {limit} MB "
                      "(the environment variable {variable}, in bytes): training, evaluation and the baseline read "
                      "them from disk batch by batch.").format(
        size=f"{needed / 1e6:,.1f}", rows=f"{rows:,}", limit=f"{limit / 1e6:,.1f}", variable=MEMORY_LIMIT_VARIABLE))
    return 0


def _prepare_forecast(frame: pd.DataFrame, schema: Schema, split: Split | None, max_categories: int) -> PreparedData:
    """prepare() for a time column: rows in time order, a chronological split, windows built inside each part."""
    schema, pre, parts, lookback, horizon, warnings = _plan_forecast(frame, schema, split, max_categories)
    pre.fit(frame.iloc[parts[0]])
    arrays, rows, offsets = [], [], []
    for part_rows in parts:
        part = frame.iloc[part_rows]
        target = pre.encode_target(part[schema.target])
        features = np.hstack([pre.transform(part), target[:, None]])
        x, y, predicted, last = windows(features, target, lookback, horizon)
        arrays += [(x,), y]
        rows.append(part_rows[predicted])
        offsets.append(last)
    forecast = _forecast_settings(schema, pre, lookback, horizon)
    encoders = SourceEncoders([], forecast=forecast)
    return PreparedData(*arrays, preprocessor=pre, schema=schema, rows=tuple(rows), warnings=warnings,
                        sources=encoders.sources(), encoders=encoders, offsets=tuple(offsets))


def _plan_forecast(frame: pd.DataFrame, schema: Schema, split: Split | None, max_categories: int):
    """Check a forecast's columns and split its rows in time order.
    Returns (schema, unfitted pre, the three parts' rows, lookback, horizon, warnings)."""
    schema = schema.copy()
    time_column = schema.time_column
    if time_column not in frame.columns:
        raise DataError(_("The time column '{column}' is not in the data.").format(column=time_column),
                        column=time_column)
    if time_column == schema.target:
        raise DataError(_("The time column '{column}' is also the target; choose the column to forecast as "
                          "the target.").format(column=time_column), column=time_column)
    schema.set_role(time_column, "ignore")
    skipped = [c.name for c in schema.columns if c.role == "feature" and c.kind in SOURCE_KINDS]
    for name in skipped:
        schema.set_role(name, "ignore")
    task = schema.task or schema.column(schema.target).task_hint if schema.target else None
    if schema.target and task != "regression":
        raise DataError(_("A time column turns the target into a forecast of numbers, but '{target}' is "
                          "{task}. Choose a numeric target, or clear the time column.").format(
            target=schema.target, task=task or _("not a number")), column=schema.target)
    schema, pre, kept, _col, warnings = _check_target(frame, schema, max_categories)
    if skipped:
        warnings.append(_("Not used in a forecast (text and image columns): {columns}.").format(
            columns=", ".join(skipped)))
    split = split or Split()
    check = check_time_column(frame.iloc[kept], time_column, lookback=schema.lookback, horizon=schema.horizon)
    warnings += check.warnings
    ordered, lookback, horizon = kept[check.order], check.lookback, check.horizon
    n_train, n_val, _n_test = split_counts(len(ordered), split)
    parts = (ordered[:n_train], ordered[n_train:n_train + n_val], ordered[n_train + n_val:])
    check_part_sizes({_("training"): n_train, _("validation"): n_val, _("test"): len(parts[2])}, lookback, horizon)
    return schema, pre, parts, lookback, horizon, warnings


def _forecast_settings(schema: Schema, pre: Preprocessor, lookback: int, horizon: int) -> dict:
    return {"time_column": schema.time_column, "lookback": int(lookback), "horizon": int(horizon),
            "features": int(pre.width + 1)}


def fit_preprocessor(frame: pd.DataFrame, schema: Schema, split: Split | None = None, *,
                     max_categories: int = 20, max_rows: int | None = None, seed: int = 0) -> Preprocessor:
    """Fit the Preprocessor exactly as prepare() would (same checks, same training rows), without
    transforming anything: the widths a model will be built for, cheaply.

    Args:
        max_rows: fit on a fixed random sample of at most this many training rows (None = all);
            widths can then differ from a full fit only in rare levels or missing values.
    Raises:
        DataError: as prepare().
    """
    _, pre, rows, col, _ = _plan(frame, schema, split, max_categories)
    return pre.fit(frame.iloc[_sample(rows[0], max_rows, seed)], classes_from=col)


def fit_sources(frame: pd.DataFrame, schema: Schema, split: Split | None = None, *, max_categories: int = 20,
                max_rows: int | None = None, base_dir=None, seed: int = 0,
                image_size: tuple[int, int] | None = None) -> tuple[Preprocessor, tuple]:
    """fit_preprocessor() plus the model inputs prepare() would give (PreparedData.sources), cheaply: text
    fitted on the (sampled) training rows, image files probed but not decoded (resized to image_size when
    given, as prepare()'s), a forecast's windows chosen from the data. Returns (preprocessor, sources); sources
    is empty when the table is the only input.

    Raises:
        DataError: as prepare().
    """
    if schema.time_column:
        schema, pre, parts, lookback, horizon, _notes = _plan_forecast(frame, schema, split, max_categories)
        pre.fit(frame.iloc[_sample(parts[0], max_rows, seed)])
        return pre, SourceEncoders([], forecast=_forecast_settings(schema, pre, lookback, horizon)).sources()
    schema, pre, rows, col, _notes = _plan(frame, schema, split, max_categories)
    train = frame.iloc[_sample(rows[0], max_rows, seed)]
    pre.fit(train, classes_from=col)
    encoders = SourceEncoders.for_schema(schema, image_size=image_size)
    if not encoders.encoders:
        return pre, ()
    encoders.fit(train, base_dir)
    encoders.table_width = pre.width
    return pre, encoders.sources()


def context_for(pre: Preprocessor, sources) -> ShapeContext:
    """The widths a model is built for, from a fitted Preprocessor and its input sources (empty: the table only)."""
    n_classes = len(pre.classes) if pre.classes else 0
    width = pre.width if not sources else next((s.shape[0] for s in sources if s.kind == "table"), 0)
    return ShapeContext(input_width=width, output_width=output_width_for(pre.task, n_classes), task=pre.task,
                        sources=tuple(sources))


def _sample(rows: np.ndarray, max_rows: int | None, seed: int) -> np.ndarray:
    if max_rows is None or len(rows) <= max_rows:
        return rows
    return np.sort(np.random.default_rng(seed).choice(rows, max_rows, replace=False))


def split_rows(frame: pd.DataFrame, schema: Schema, split: Split | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The positional rows of the training, validation and test parts, exactly as prepare() splits
    them (rows without a target value left out), without fitting or transforming anything.

    Raises:
        DataError: as prepare().
    """
    return _plan(frame, schema, split, max_categories=20)[2]


def _plan(frame: pd.DataFrame, schema: Schema, split: Split | None, max_categories: int):
    """Check the target and features and split the rows. Returns (schema, unfitted pre, rows, target column, warnings)."""
    split = split or Split()
    split.validate()
    schema, pre, kept, col, warnings = _check_target(frame, schema, max_categories)
    if len(kept) < split.min_rows():
        raise DataError(f"Too few rows for the split: {len(kept)} row(s) have a value in "
                        f"target '{schema.target}', need at least {split.min_rows()} "
                        "(one per part). Add more rows.", column=schema.target)
    y_for_split = None if schema.task == "regression" else enc.as_text(col).to_numpy()
    parts = split_indices(len(kept), y_for_split, split)
    rows = tuple(kept[p] for p in parts)
    return schema, pre, rows, col, warnings


def _check_target(frame: pd.DataFrame, schema: Schema, max_categories: int):
    """Check the target and features. Returns (schema, unfitted pre, kept rows, target column, warnings)."""
    schema = schema.copy()
    warnings: list[str] = []
    target = schema.target
    if target is None:
        raise DataError("No target column is chosen. Choose the column to predict "
                        "(set its role to target).")
    if target not in frame.columns:
        raise DataError(f"The target column '{target}' is not in the data.", column=target)
    task = schema.task or schema.column(target).task_hint
    if task is None:
        raise DataError(f"Cannot tell what to predict from target '{target}' "
                        f"({schema.column(target).reason}). Choose binary, multiclass or "
                        "regression, or another target.", column=target)
    schema.set_task(task)
    col = frame[target]
    is_regression = task == "regression"
    values = enc.as_float(col) if is_regression else None
    present = ~col.isna().to_numpy()
    if is_regression:
        present &= ~np.isinf(enc.as_float(col)) | col.isna().to_numpy()
    if not present.any():
        raise DataError(f"Target '{target}' has no values: every row is missing. Choose "
                        "another target column.", column=target)
    if not present.all():
        n = int((~present).sum())
        warnings.append(f"dropped {n} row{'s' if n != 1 else ''} with no value in target "
                        f"'{target}'")
    kept = np.flatnonzero(present).astype(np.int64)
    col = col.iloc[kept]
    if is_regression:
        values = values[kept]
        bad = np.flatnonzero(np.isnan(values))
        if len(bad):
            n_bad = len(bad)
            raise DataError(f"Target '{target}' is not numeric, so it cannot be used for "
                            f"regression: {n_bad} value{'s are' if n_bad != 1 else ' is'} not "
                            f"a number, e.g. {col.iloc[bad[0]]!r} at row {kept[bad[0]] + 1}. "
                            "Choose classification, or another target.", column=target,
                            row=int(kept[bad[0]]) + 1)
    else:
        classes = pd.unique(enc.as_text(col).to_numpy())
        if len(classes) < 2:
            raise DataError(f"Target '{target}' has only one class ({classes[0]!r}); a "
                            "classifier needs at least two. Choose another target, or add "
                            "rows of the other classes.", column=target)
        if task == "binary" and len(classes) > 2:
            raise DataError(f"Target '{target}' has {len(classes)} classes, but binary needs "
                            "exactly 2. Choose multiclass.", column=target)
        if len(classes) > MAX_CLASSES:
            raise DataError(f"Target '{target}' has {len(classes)} classes (the most is "
                            f"{MAX_CLASSES}). Choose regression, or another target.",
                            column=target)
    pre = Preprocessor(schema, max_categories=max_categories)
    source_columns = SourceEncoders.for_schema(schema).columns if not schema.time_column else []
    unused = [c.name for c in schema.columns if c.role == "feature" and c.name != target
              and c.name not in pre.input_columns and c.name not in source_columns]
    if unused:
        warnings.append("Not used as features (text, ID or constant columns): "
                        + ", ".join(unused) + ".")
    if not pre.input_columns and not source_columns and not schema.time_column:
        raise DataError("No feature columns: every column is ignored or is the target. Set "
                        "the role of at least one column to feature.")
    return schema, pre, kept, col, warnings
