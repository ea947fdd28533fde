"""Column schema: what kind each column is, what it is used for, and why we think so."""

from __future__ import annotations

import copy as _copy
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from engine.errors import DataError
from engine.data.kind_words import kind_words
from engine.data.pixel_groups import PixelGroup, find_pixel_groups, group_from_names
from engine.data.rich_kinds import free_text_kind, image_paths_kind, short_strings_kind
from engine.i18n import _, ngettext
from engine.tasks import TASKS, Task  # TASKS is re-exported as engine.data.TASKS

KINDS = ("numeric", "integer_category", "categorical", "boolean", "text", "datetime",
         "identifier", "constant", "image", "pixels")
ROLES = ("feature", "target", "ignore")
SCHEMA_VERSION = 1

MAX_INTEGER_CATEGORY_LEVELS = 10
MAX_MULTICLASS_LEVELS = 50
_UNUSABLE = ("identifier", "constant")
_INPUT_ONLY = ("text", "image", "pixels")  # model inputs, never a target
_TIME_KINDS = ("datetime", "numeric", "integer_category", "identifier")
_BOOLEAN_PAIRS = ({"yes", "no"}, {"true", "false"}, {"y", "n"}, {"t", "f"}, {"0", "1"},
                  {"0.0", "1.0"})
_TARGET_NAMES = ("target", "label", "labels", "class", "churn", "churned", "exited", "outcome", "y",
                 "survived", "diagnosis", "fraud", "is_fraud")
_TARGET_NAME_RE = re.compile(r"^(?:target|label)(?:[_\s-].+)?$|[_\s-](?:target|label)$", re.IGNORECASE)
MAX_GUESSED_CLASSES = 20  # a last column is taken as the target only when it holds a few classes
_CLASS_KINDS = ("categorical", "boolean", "integer_category")
_ID_NAME_RE = re.compile(r"(?:^|[_\s-])(?:id|uuid|guid|key)$|^(?:id|uuid|guid|index)$|[a-z]ID$"
                         r"|^row(?:_|\s)?(?:id|num(?:ber)?)?$", re.IGNORECASE)
_DATE_RE = (r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
            r"(?:Z|[+-]\d{2}:?\d{2})?|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"
            r"(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_DATE_SAMPLE = 2000


@dataclass
class ColumnInfo:
    """One column's inferred (or user-chosen) kind and role, with the reason in words.

    Attributes:
        name: column name. kind: one of KINDS. role: one of ROLES.
        reason: why this kind/role was chosen, for the user.
        missing: missing values. unique: distinct non-missing values. dtype: pandas dtype.
        task_hint: the task this column would give as a target (None = not usable as target).
        group: the pixel group this column's name belongs to (pixel_0_0 -> "pixel"), "" for none;
            the group is one image input while its columns' kind is "pixels".
    """

    name: str
    kind: str
    role: str
    reason: str
    missing: int = 0
    unique: int = 0
    dtype: str = ""
    task_hint: str | None = None
    group: str = ""

    def to_dict(self) -> dict:
        """Plain JSON-safe dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "ColumnInfo":
        """Inverse of to_dict; unknown keys are ignored."""
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class Schema:
    """All columns' kinds and roles, the target column and the task.

    target_reason says in words why the target is this column, or, when there is none, why no
    column was clear enough to pick (shown to the user beside "Choose the column to predict").
    target_chosen is True when the user named the target (then target_reason says "chosen by you"
    in the language of that moment: code asks target_chosen, never compares the words).
    time_column, when set, turns the task into forecasting: windows of `lookback` rows predict the
    target `horizon` rows ahead (None = chosen from the data); see set_time_column.
    """

    columns: list[ColumnInfo] = field(default_factory=list)
    target: str | None = None
    task: str | None = None
    target_reason: str = ""
    target_chosen: bool = False
    time_column: str | None = None
    lookback: int | None = None
    horizon: int | None = None

    def column(self, name: str) -> ColumnInfo:
        """The ColumnInfo called name. Raises DataError naming the column when absent."""
        for col in self.columns:
            if col.name == name:
                return col
        raise DataError(_("There is no column '{name}' in the data. Columns are: {columns}.").format(
            name=name, columns=", ".join(c.name for c in self.columns[:30])), column=name)

    @property
    def target_candidates(self) -> list[str]:
        """Columns that could be predicted (their task_hint is set), in column order."""
        return [c.name for c in self.columns if c.task_hint is not None]

    @property
    def features(self) -> list[str]:
        """Names of the columns whose role is "feature", in column order."""
        return [c.name for c in self.columns if c.role == "feature"]

    def set_target(self, name: str | None, task: str | None = None) -> None:
        """Make name the target (the previous target becomes a feature, or ignored when its
        kind is not usable); task None takes the column's task_hint. name None clears it."""
        if name is not None:
            new = self.column(name)
        if self.target is not None and self.target != name:
            old = self.column(self.target)
            old.role = "ignore" if old.kind in _UNUSABLE else "feature"
        if name is None:
            self.target, self.task, self.target_reason, self.target_chosen = None, None, "", False
            return
        _check_task(task)
        new.role = "target"
        self.target = name
        self.task = task or new.task_hint
        self.target_reason, self.target_chosen = _("chosen by you"), True

    def set_role(self, name: str, role: str) -> None:
        """Set a column's role; "target" is the same as set_target(name)."""
        if role not in ROLES:
            raise DataError(_("Unknown role '{role}' for column '{name}'; use one of {roles}.").format(
                role=role, name=name, roles=", ".join(ROLES)), column=name)
        col = self.column(name)
        if role == "target":
            self.set_target(name)
            return
        if self.target == name:
            self.target, self.task, self.target_reason, self.target_chosen = None, None, "", False
        for member in self._kind_members(col):  # one pixel alone is no image: its group follows
            member.role = role

    def set_kind(self, name: str, kind: str) -> None:
        """Override a column's kind; its reason says so and its task_hint follows the kind."""
        if kind not in KINDS:
            raise DataError(_("Unknown kind '{kind}' for column '{name}'; use one of {kinds}.").format(
                kind=kind, name=name, kinds=", ".join(KINDS)), column=name)
        col = self.column(name)
        if kind == "pixels" and not col.group:
            raise DataError(_("Column '{name}' is not part of a pixel group: pixels are numbered columns that "
                              "form a square image, like pixel_0_0 … pixel_7_7 or p0 … p783.").format(name=name),
                            column=name)
        members = [m for m in self.columns if m.group == col.group] if kind == "pixels" else self._kind_members(col)
        for member in members:  # a pixel group changes kind as a whole
            member.kind = kind
            member.reason = _("{kind}: set by you").format(kind=kind_words(kind))
            member.task_hint = _task_hint(kind, member.unique)
            if member.role == "feature" and kind in _UNUSABLE:
                member.role = "ignore"
        if self.target == name and kind in _INPUT_ONLY:  # text, images and pixels are inputs, never predicted
            self.set_role(name, "feature")
        if self.target == name and self.task is None:
            self.task = col.task_hint

    def _kind_members(self, col: ColumnInfo) -> list[ColumnInfo]:
        """The columns that change with col: its whole pixel group while it is pixels, else col alone."""
        if col.kind != "pixels" or not col.group:
            return [col]
        return [m for m in self.columns if m.group == col.group and m.kind == "pixels"]

    def pixel_groups(self) -> list[PixelGroup]:
        """The pixel groups used as images (their columns' kind is "pixels"), each once, in column order."""
        groups = []
        for name in dict.fromkeys(c.group for c in self.columns if c.kind == "pixels" and c.group):
            group = group_from_names([c.name for c in self.columns if c.group == name and c.kind == "pixels"])
            if group is not None:
                groups.append(group)
        return groups

    def set_time_column(self, name: str | None, lookback: int | None = None, horizon: int | None = None) -> None:
        """Forecast along `name` (dates, or increasing numbers): windows of `lookback` rows predict the target
        `horizon` rows ahead; None chooses them from the data. name None goes back to rows without order.

        Raises:
            DataError: the column is missing, is the target, holds neither dates nor numbers, or a window size
                is not a whole number of at least 1.
        """
        if name is None:
            self.time_column, self.lookback, self.horizon = None, None, None
            return
        col = self.column(name)
        if col.kind not in _TIME_KINDS or (col.kind == "identifier" and not _is_number_dtype(col.dtype)):
            raise DataError(_("Column '{name}' holds {kind} values; a time column holds dates or increasing "
                              "numbers.").format(name=name, kind=kind_words(col.kind)), column=name)
        if name == self.target:
            raise DataError(_("Column '{name}' is the column to predict; the time column must be another "
                              "one.").format(name=name), column=name)
        for label, value in (("lookback", lookback), ("horizon", horizon)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise DataError(_("The {setting} must be a whole number of rows, at least 1 (got {value}).").format(
                    setting=label, value=repr(value)), column=name)
        self.time_column, self.lookback, self.horizon = name, lookback, horizon

    def set_task(self, task: str | None) -> None:
        """Set the task (one of TASKS, or None to clear)."""
        _check_task(task)
        self.task = task

    def to_dict(self) -> dict:
        """Plain JSON-safe dict with a "version" key."""
        return {"version": SCHEMA_VERSION, "columns": [c.to_dict() for c in self.columns],
                "target": self.target, "task": self.task, "target_reason": self.target_reason,
                "target_chosen": self.target_chosen, "time_column": self.time_column,
                "lookback": self.lookback, "horizon": self.horizon}

    @classmethod
    def from_dict(cls, d: dict) -> "Schema":
        """Inverse of to_dict. Raises DataError for a newer, unknown version."""
        version = d.get("version", 1)
        if version > SCHEMA_VERSION:
            raise DataError(_("This column schema was saved by a newer LayerLab (version {version}); "
                              "update LayerLab to open it.").format(version=version))
        return cls(columns=[ColumnInfo.from_dict(c) for c in d.get("columns", [])],
                   target=d.get("target"), task=d.get("task"),
                   target_reason=str(d.get("target_reason") or ""),
                   # files from before the flag: the English words were the only sign
                   target_chosen=bool(d.get("target_chosen", d.get("target_reason") == "chosen by you")),
                   time_column=d.get("time_column"), lookback=_window(d.get("lookback")),
                   horizon=_window(d.get("horizon")))

    def copy(self) -> "Schema":
        """An independent deep copy."""
        return _copy.deepcopy(self)


def _window(value) -> int | None:
    """A saved lookback/horizon: a whole number of at least 1, anything else None (chosen from the data)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else None


def _is_number_dtype(dtype: str) -> bool:
    return dtype.lower().startswith(("int", "uint", "float"))


def _check_task(task: str | None) -> None:
    if task is not None and task not in TASKS:
        raise DataError(_("Unknown task '{task}'; use one of {tasks}.").format(task=task, tasks=", ".join(TASKS)))


def _task_hint(kind: str, unique: int) -> Task | None:
    if kind in _UNUSABLE or kind in _INPUT_ONLY or unique < 2:
        return None
    if kind == "numeric":
        return Task.BINARY if unique == 2 else Task.REGRESSION
    if kind == "datetime":
        return None
    if unique == 2:
        return Task.BINARY
    return Task.MULTICLASS if unique <= MAX_MULTICLASS_LEVELS else None


def infer_schema(frame: pd.DataFrame, target: str | None = None,
                 task: str | None = None, base_dir: str | Path | None = None) -> Schema:
    """Guess every column's kind and role, the target and the task.

    Args:
        frame: the data (e.g. Table.frame).
        target: the target column; None guesses one only when it is clear: a column named
            like a target (target, label, class, churn, exited, outcome, y, ...), else the last
            column when it holds a few classes (at most MAX_GUESSED_CLASSES). Otherwise the
            schema has no target and target_reason says why (e.g. the last column is a number).
        task: one of TASKS; None takes the target column's task_hint.
        base_dir: the CSV's folder, against which image paths are checked; None takes the folder
            read_csv noted in frame.attrs["csv_folder"] (without either, image files are not checked).

    Returns:
        A Schema whose columns each carry a reason in words, and whose target_reason says
        why the target was chosen or why none was.

    Raises:
        DataError: target names a column that is not in the frame, or task is unknown.
    """
    _check_task(task)
    if base_dir is None:
        base_dir = frame.attrs.get("csv_folder")
    pixels = _pixel_columns(frame)
    columns = [pixels.get(str(name)) or _infer_column(str(name), frame[name], len(frame), base_dir)
               for name in frame.columns]
    group_of = {name: g.name for g in find_pixel_groups(frame, check_values=False) for name in g.columns}
    for col in columns:
        col.group = group_of.get(col.name, "")
    schema = Schema(columns=columns)
    chosen, reason = target is not None, _("chosen by you")
    if target is None:
        target, reason = guess_target(columns)
    if target is not None:
        schema.set_target(target, task)
    schema.target_reason, schema.target_chosen = reason, chosen
    return schema


def guess_target(columns: list[ColumnInfo]) -> tuple[str | None, str]:
    """The column to predict when it is clear, and why; (None, why not) when it is not.

    Clear means: a column named like a target (exact names first, then e.g. "target_price"),
    else the last column (trailing constant or empty columns skipped) when it holds 2 to
    MAX_GUESSED_CLASSES classes. A number, an ID or free text at the end is not a guess worth
    making: the user is asked instead.
    """
    usable = [c for c in columns if c.task_hint is not None]
    for wanted in _TARGET_NAMES:
        for col in usable:
            if col.name.strip().lower() == wanted:
                return col.name, _("named like a target ('{name}')").format(name=col.name)
    for col in usable:
        if _TARGET_NAME_RE.search(col.name.strip()):
            return col.name, _("named like a target ('{name}')").format(name=col.name)
    present = [c for c in columns if c.kind != "constant"] or columns
    if not present:
        return None, _("the data has no columns")
    last = present[-1]
    if last.kind in _CLASS_KINDS and last.task_hint is not None and 2 <= last.unique <= MAX_GUESSED_CLASSES:
        return last.name, _("the last column, with {count} classes").format(count=last.unique)
    return None, _("no column is named like a target and the last column, {name}, {why}").format(
        name=last.name, why=_not_a_target(last))


def _not_a_target(col: ColumnInfo) -> str:
    """Why this last column is not taken as the target without asking, in words."""
    if col.kind == "identifier":
        return _("looks like an ID")
    # no parentheses: the reason is quoted inside parentheses (Train's blocker, the Data page)
    if col.kind == "numeric" and col.dtype.lower().startswith("float"):
        return _("is a continuous number, maybe a regression target")
    if col.kind == "numeric":
        return _("is a whole number, maybe a regression target")
    if col.kind == "integer_category":
        return _("holds {count} whole-number levels, maybe classes to predict or a feature").format(count=col.unique)
    if col.kind == "text":
        return _("is free text")
    if col.kind == "datetime":
        return _("holds dates")
    if col.kind == "constant":
        return _("holds a single value")
    return _("has {count} classes, too many to assume it is the target").format(count=f"{col.unique:,}")


def _pixel_columns(frame: pd.DataFrame) -> dict[str, ColumnInfo]:
    """The columns of each group of pixel values (0..255), as "pixels" columns: counted in one pass over the
    group instead of inferred one by one (MNIST has 784). A constant border pixel is still part of the image."""
    found = {}
    for group in find_pixel_groups(frame):
        shape = "×".join(str(n) for n in group.shape)
        reason = _("pixels: {count} columns {first} … {last} form one {shape} image ('{group}')").format(
            count=len(group.columns), first=group.columns[0], last=group.columns[-1], shape=shape, group=group.name)
        values = frame[list(group.columns)].to_numpy(dtype=float, na_value=np.nan)
        missing = np.isnan(values).sum(axis=0)
        for name, n_missing, unique in zip(group.columns, missing, _distinct_per_column(values)):
            found[name] = ColumnInfo(name, "pixels", "feature", reason, int(n_missing), int(unique),
                                     str(frame[name].dtype), None, group.name)
    return found


def _distinct_per_column(values: np.ndarray) -> np.ndarray:
    """Distinct non-missing values in each column of a 2-D float array: by counting when they are whole
    numbers 0..255 (one bincount for all columns), else column by column."""
    present = ~np.isnan(values)
    whole = np.where(present, values, 0)
    if np.all(whole == np.round(whole)):
        codes = whole.astype(np.int64) + 256 * np.arange(values.shape[1])
        seen = np.bincount(codes[present], minlength=256 * values.shape[1]).reshape(values.shape[1], 256)
        return (seen > 0).sum(axis=1)
    return np.array([len(np.unique(column[~np.isnan(column)])) for column in values.T])


def _infer_column(name: str, col: pd.Series, n_rows: int, base_dir: str | Path | None = None) -> ColumnInfo:
    missing = int(col.isna().sum())
    dtype = str(col.dtype)
    info = ColumnInfo(name=name, kind="constant", role="ignore", reason="", missing=missing,
                      dtype=dtype)
    present = n_rows - missing
    if present == 0:
        info.reason = _("ignored: every value is missing")
        return info
    counts = col.value_counts(dropna=True, sort=True)
    info.unique = unique = len(counts)
    if unique == 1:
        info.reason = _("ignored: only one value ({value})").format(value=_show(counts.index[0]))
        return info
    kind, reason = _classify(name, col, counts, present, n_rows, base_dir)
    info.kind, info.reason = kind, reason
    info.role = "ignore" if kind in _UNUSABLE else "feature"
    info.task_hint = _task_hint(kind, unique)
    return info


def _classify(name: str, col: pd.Series, counts: pd.Series, present: int,
              n_rows: int, base_dir: str | Path | None = None) -> tuple[str, str]:
    unique = len(counts)
    levels = counts.index
    if pd.api.types.is_bool_dtype(col):
        return "boolean", _("boolean: True/False")
    if unique == 2:
        lowered = {str(v).strip().lower() for v in levels}
        if lowered in _BOOLEAN_PAIRS:
            return "boolean", _("boolean: values {values}").format(values="/".join(sorted(str(v) for v in levels)))
    if pd.api.types.is_datetime64_any_dtype(col):
        return "datetime", _("datetime: dates and times")
    if pd.api.types.is_numeric_dtype(col):
        return _classify_numeric(name, levels, unique, present, n_rows)
    return _classify_text(name, col, counts, present, n_rows, base_dir)


def _classify_numeric(name: str, levels: pd.Index, unique: int, present: int,
                      n_rows: int) -> tuple[str, str]:
    values = np.asarray(levels, dtype=float)
    whole = bool(np.all(values == np.round(values)))
    if whole and unique == present == n_rows:
        sequential = values.max() - values.min() + 1 == unique and n_rows >= 20
        if sequential or _ID_NAME_RE.search(name):
            return "identifier", _("ignored: unique per row, looks like an ID")
    if whole and unique <= MAX_INTEGER_CATEGORY_LEVELS and np.abs(values).max() <= 100:
        shown = ", ".join(f"{v:g}" for v in np.sort(values))
        return "integer_category", _("integer category: {count} levels ({shown})").format(count=unique, shown=shown)
    lo, hi = np.nanmin(values), np.nanmax(values)
    return "numeric", _("numeric: {count} distinct values from {low} to {high}").format(count=unique, low=f"{lo:g}",
                                                                                          high=f"{hi:g}")


def _classify_text(name: str, col: pd.Series, counts: pd.Series, present: int,
                   n_rows: int, base_dir: str | Path | None = None) -> tuple[str, str]:
    unique = len(counts)
    levels = pd.Series(counts.index.astype(str), dtype="str")
    numbers = pd.to_numeric(levels.str.strip(), errors="coerce").notna().to_numpy()
    n_numeric = int(counts.to_numpy()[numbers].sum())
    if n_numeric == present:
        return "numeric", _("numeric: {count} distinct values (stored as text)").format(count=unique)
    if n_numeric >= present / 2:
        bad_levels = levels[~numbers]
        n_bad = present - n_numeric
        mask = col.isin(set(bad_levels))
        pos = int(np.argmax(mask.to_numpy(dtype=bool)))
        example = col.iloc[pos]
        # too many values for categories: numbers, and the few words among them count as missing
        kind = "categorical" if unique <= MAX_MULTICLASS_LEVELS * 20 else "numeric"
        what = ngettext("{count} value is not a number", "{count} values are not numbers", n_bad).format(count=n_bad)
        return kind, _("mixed: {what}, e.g. {example} at row {row}; treated as {kind}").format(
            what=what, example=_show(example), row=pos + 1, kind=kind_words(kind))
    if _looks_like_dates(levels):
        return "datetime", _("datetime: values look like dates")
    # before the ID rule: file names are unique without spaces, and so are texts in Chinese
    found = image_paths_kind(levels, base_dir) or free_text_kind(levels, counts, present)
    if found:
        return found
    if unique == present == n_rows:
        no_spaces = not levels.iloc[:1000].str.contains(" ", regex=False).any()
        if _ID_NAME_RE.search(name) or (no_spaces and n_rows >= 20):
            return "identifier", _("ignored: unique per row, looks like an ID")
    found = short_strings_kind(levels, present)
    if found:
        return found
    shown = ", ".join(_show(v) for v in counts.index[:5]) + (", ..." if unique > 5 else "")
    return "categorical", _("categorical: {count} levels ({shown})").format(count=unique, shown=shown)


def _looks_like_dates(levels: pd.Series) -> bool:
    sample = levels.iloc[:_DATE_SAMPLE].str.strip()
    if sample.str.fullmatch(_DATE_RE).mean() < 0.95:
        return False
    parsed = pd.to_datetime(sample, errors="coerce", format="mixed")
    return bool(parsed.notna().mean() >= 0.95)


def _show(value) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")
