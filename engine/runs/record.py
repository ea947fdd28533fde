"""RunRecord: the one shape of a finished run, for the CLI, the app and project files alike.

A record is plain data (JSON-safe once `to_dict()`-ed): what was trained (spec, settings, task, target,
class names), how it went (why it ended, epochs, time, device, history, batch losses), how it scored
(test metrics, baseline, a sample of test outputs for plots) and where its files are (bundle,
checkpoint, metrics CSV). Records carry a version; `from_dict` migrates older ones (the dicts that
project files held before records were versioned) and keeps a record from a newer LayerLab readable.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace

from engine.errors import DataError, ProjectError
from engine.runs.decision import DEFAULT_THRESHOLD, check_threshold
from engine.tasks import Task
from engine.training.events import EndReason

RECORD_VERSION = 1
FILE_FIELDS = ("bundle", "checkpoint", "metrics_csv")  # a record's files: absolute in memory


@dataclass
class RunRecord:
    """One finished run. Attributes (all plain data):

    task, target, class_names: what the model predicts (class_names: the preprocessor's classes, in
        output order; empty for regression).
    reason (EndReason value), message, epochs_run, best_epoch, best_val_loss, seconds, device,
        engine_path, steps_per_epoch, started_at, finished_at: how training went.
    config, spec: the TrainConfig and ModelSpec as dicts (their own versioned JSON).
    history: one EpochEnded dict per epoch; batch_losses: [[global_step, loss], ...] (thinned).
    test_metrics, baseline: the test part's scores (engine.runs.metrics, engine.runs.baseline).
    constant_loss: the validation loss of always predicting the training rows' mean or class shares
        (engine.insight.fitting: losses near it mean the model learned nothing); None when not recorded.
    parent, change: the index of the run this one was derived from (None: none), and the change in words
        when it was a remedy ("dropout 0.3 after dense_1, dense_2"; empty: see engine.runs.compare).
    test_outputs: a sample of the test rows' truth and predictions as lists, for plots.
    decision_threshold: a binary model predicts the positive class from this probability on (chosen on
        the Evaluate page; kept in the bundle too).
    bundle, checkpoint, metrics_csv: the run's files ("" when not saved).
    """

    task: str = ""
    target: str = ""
    class_names: list[str] = field(default_factory=list)
    reason: str = EndReason.FINISHED.value
    message: str = ""
    epochs_run: int = 0
    best_epoch: int | None = None
    best_val_loss: float | None = None
    seconds: float = 0.0
    device: str = ""
    engine_path: str = ""
    steps_per_epoch: int = 0
    started_at: str = ""
    finished_at: str = ""
    config: dict = field(default_factory=dict)
    spec: dict = field(default_factory=dict)
    history: list[dict] = field(default_factory=list)
    batch_losses: list[list] = field(default_factory=list)
    test_metrics: dict = field(default_factory=dict)
    baseline: dict = field(default_factory=dict)
    constant_loss: float | None = None
    parent: int | None = None
    change: str = ""
    test_outputs: dict = field(default_factory=dict)
    decision_threshold: float = DEFAULT_THRESHOLD
    bundle: str = ""
    checkpoint: str = ""
    metrics_csv: str = ""

    @property
    def end_reason(self) -> EndReason | None:
        """`reason` as an EndReason; None for a reason this version does not know (a newer file)."""
        try:
            return EndReason(self.reason)
        except ValueError:
            return None

    @property
    def is_regression(self) -> bool:
        return self.task == Task.REGRESSION

    @property
    def has_model(self) -> bool:
        """True when the run finished at least one epoch and was scored."""
        return bool(self.test_metrics)

    def with_changes(self, **changes) -> "RunRecord":
        """A copy with some fields replaced (records are shared between pages: never edit one in place)."""
        return replace(self, **changes)

    def to_dict(self) -> dict:
        """The JSON-safe dict kept in project files and printed by `layerlab train --json`."""
        from engine.io.jsonutil import json_safe

        return {"version": RECORD_VERSION, **json_safe(asdict(self))}

    @classmethod
    def from_dict(cls, data: dict) -> "RunRecord":
        """Read a record written by `to_dict` or by an older LayerLab (see `migrate_record`).

        Raises:
            ProjectError: `data` is not an object, or a field has a value of the wrong kind.
        """
        if isinstance(data, RunRecord):
            return data
        data = migrate_record(data)
        known = {f.name: f for f in fields(cls)}
        values = {}
        for key, value in data.items():
            if key not in known or value is None and key not in ("best_epoch", "best_val_loss"):
                continue  # unknown keys (a newer file's) are dropped; None means "not recorded"
            values[key] = _coerce(key, value)
        return cls(**values)


def migrate_record(data: dict) -> dict:
    """Bring a run record dict up to RECORD_VERSION.

    Version 0 (no "version" key: project files before records were versioned) is today's keys plus, in
    some files, "classes" for the class names; the app never wrote class names there, so they stay
    empty and are read from the bundle when shown. A newer version is read as far as its keys are known.

    Raises:
        ProjectError: `data` is not an object or its version is not a non-negative integer.
    """
    if not isinstance(data, dict):
        raise ProjectError(f"A run record should be a JSON object, not {type(data).__name__}.")
    version = data.get("version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ProjectError(f"A run record has an unknown format version {version!r}.")
    data = dict(data)
    if version == 0:
        if "class_names" not in data and isinstance(data.get("classes"), list):
            data["class_names"] = data.pop("classes")
        data.pop("classes", None)
        data["version"] = 1
    data.pop("version", None)
    return data


_LISTS = ("class_names", "history", "batch_losses")
_DICTS = ("config", "spec", "test_metrics", "baseline", "test_outputs")
_TEXTS = ("task", "target", "reason", "message", "device", "engine_path", "started_at", "finished_at",
          "bundle", "checkpoint", "metrics_csv", "change")


def _coerce(key: str, value):
    """A stored value as the field's type; ProjectError naming the field when it cannot be one."""
    try:
        if key in _LISTS:
            if not isinstance(value, list):
                raise TypeError("a list")
            return [str(v) for v in value] if key == "class_names" else list(value)
        if key in _DICTS:
            if not isinstance(value, dict):
                raise TypeError("an object")
            return dict(value)
        if key in _TEXTS:
            return str(value)
        if key in ("epochs_run", "steps_per_epoch", "parent"):
            if isinstance(value, bool):
                raise TypeError("a whole number")
            return int(value)
        if key == "decision_threshold":
            return check_threshold(value)
        if key == "best_epoch":
            return None if value is None else int(value)
        return None if value is None else float(value)  # seconds, best_val_loss, constant_loss
    except (TypeError, ValueError, DataError) as exc:
        raise ProjectError(f"A run record's '{key}' is damaged ({value!r:.60}).") from exc
