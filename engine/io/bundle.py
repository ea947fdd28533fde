"""The trained-model bundle (*.llmodel): one zip of JSON + safetensors, never a pickle.

Entries: manifest.json (versions, task, columns, classes, metrics, a binary model's decision threshold),
model.json (ModelSpec),
preprocessor.json (fitted state), weights.safetensors, and inputs.json (the text/image/history inputs'
fitted state) for a model that reads more than the table. Loading reads exactly these names and
refuses anything else, so a crafted bundle cannot smuggle code or paths.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import load as load_safetensors
from safetensors.torch import save as save_safetensors

from engine.io.user_files import regular_file
from engine.io.atomic import write_bytes_atomic
from engine.io.jsonutil import JSONTooDeep, dumps, loads
from engine.errors import DataError, ProjectError, SpecError
from engine.graph import ModelSpec
from engine.i18n import _
from engine.layers import ShapeContext
from engine.model import build_model
from engine.preprocess import Preprocessor
from engine.preprocess.source_encoders import SourceEncoders
from engine.runs.decision import DEFAULT_THRESHOLD, check_threshold
from engine.runs.files import BUNDLE_SUFFIX as SUFFIX  # noqa: F401 - one rule for run file names

FORMAT = "layerlab.model"
VERSION = 1
ENTRIES = ("manifest.json", "model.json", "preprocessor.json", "weights.safetensors")
OPTIONAL_ENTRIES = ("inputs.json",)
MAX_JSON_BYTES = 64 * 1024**2  # a real manifest/model/preprocessor is kilobytes (a wide one-hot: a few MB)
MAX_WEIGHTS_BYTES = 800 * 1024**2  # the parameter limit (200,000,000 float32) plus the header
MAX_RATIO = 100  # deflated JSON and weights shrink 3-10x; a zip bomb shrinks 1000x
LIMITS = {name: MAX_JSON_BYTES for name in ENTRIES + OPTIONAL_ENTRIES} | {"weights.safetensors": MAX_WEIGHTS_BYTES}
METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}


@dataclass
class Bundle:
    """A loaded bundle: the rebuilt model (eval mode, CPU) and everything needed to use it."""

    manifest: dict
    spec: ModelSpec
    preprocessor: Preprocessor
    model: torch.nn.Module
    context: ShapeContext
    inputs: SourceEncoders | None = None  # the text/image/history inputs; None: the table only

    @property
    def task(self) -> str:
        return self.manifest["task"]

    @property
    def threshold(self) -> float:
        """The probability from which a binary model predicts the positive class (0.5 in older bundles)."""
        return decision_threshold(self.manifest)


def save_bundle(path: str | Path, run) -> Path:
    """Write a TrainedModel (engine.runs.pipeline) as a bundle atomically; returns the path written.

    Its task, target and class names are the run record's (the preprocessor's classes, in output order)."""
    from engine import __version__

    pre, record = run.preprocessor, run.record
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "layerlab_version": __version__,
        "torch_version": torch.__version__.split("+")[0],
        "created_at": record.finished_at,
        "task": record.task,
        "target": record.target,
        "feature_columns": list(pre.input_columns),
        "feature_names": list(pre.feature_names),
        "class_names": list(record.class_names) or None,
        "input_width": run.context.input_width,
        "output_width": run.context.output_width,
        "train_config": run.config.to_dict(),
        "result": {"reason": record.reason, "epochs_run": record.epochs_run, "best_epoch": record.best_epoch},
        "test_metrics": record.test_metrics,
        "baseline": record.baseline,
    }
    if record.task == "binary":
        manifest["decision_threshold"] = check_threshold(record.decision_threshold)
    state = {k: v.detach().cpu().contiguous() for k, v in run.model.state_dict().items()}
    return write_bundle(path, manifest, run.spec, pre, state, inputs=run.data.encoders)


def class_names(path: str | Path) -> list[str]:
    """A bundle's class names in output order (empty for regression); reads only the manifest.

    Raises:
        ProjectError: not a bundle, or damaged.
    """
    return [str(n) for n in (read_manifest(path).get("class_names") or [])]


def decision_threshold(manifest: dict) -> float:
    """A manifest's decision threshold; DEFAULT_THRESHOLD when it records none (bundles before thresholds)."""
    value = manifest.get("decision_threshold")
    return DEFAULT_THRESHOLD if value is None else check_threshold(value)


def set_threshold(path: str | Path, threshold: float) -> Path:
    """Store a binary model's decision threshold in its bundle (the other entries are copied unchanged;
    the file is replaced atomically, so a failure leaves the old bundle).

    Raises:
        ProjectError: not a bundle, damaged, or not a binary model. DataError: the threshold is not in (0, 1).
    """
    threshold = check_threshold(threshold)
    with _open(path) as archive:
        manifest = _read_json(archive, "manifest.json", path)
        _check_manifest(manifest, path)
        entries = {name: _read_entry(archive, name, path) for name in ENTRIES if name != "manifest.json"}
    if manifest.get("task") != "binary":
        raise ProjectError(_("'{path}' is a {task} model: a decision threshold applies to binary (two-class) "
                             "models only.").format(path=path, task=manifest.get("task")))
    manifest["decision_threshold"] = threshold
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", dumps(manifest, indent=2))
        for name, data in entries.items():
            archive.writestr(name, data)
    write_bytes_atomic(path, buffer.getvalue())
    return Path(path)


def write_bundle(path: str | Path, manifest: dict, spec: ModelSpec, preprocessor: Preprocessor, state: dict, *,
                 inputs: SourceEncoders | None = None) -> Path:
    """Assemble and atomically write the zip (inputs.json only for a model with inputs beside the table)."""
    path = Path(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", dumps(manifest, indent=2))
        archive.writestr("model.json", spec.to_json())
        archive.writestr("preprocessor.json", json.dumps(preprocessor.to_dict(), indent=2))
        archive.writestr("weights.safetensors", save_safetensors(state))
        if inputs is not None:
            archive.writestr("inputs.json", json.dumps(inputs.to_dict(), ensure_ascii=False))
    write_bytes_atomic(path, buffer.getvalue())
    return path


def read_manifest(path: str | Path) -> dict:
    """Only the manifest, for `layerlab info` (cheap: weights are not read)."""
    with _open(path) as archive:
        manifest = _read_json(archive, "manifest.json", path)
    _check_manifest(manifest, path)
    return manifest


def read_inputs(path: str | Path) -> SourceEncoders | None:
    """Only the fitted state of the text, image and history inputs (None: the model reads the table alone),
    for views that show a run's own inputs (cheap: the model is not built, weights are not read).

    Raises:
        ProjectError: not a bundle, or damaged.
    """
    with _open(path) as archive:
        manifest = _read_json(archive, "manifest.json", path)
        data = _read_json(archive, "inputs.json", path) if "inputs.json" in archive.namelist() else None
    _check_manifest(manifest, path)
    try:
        return SourceEncoders.from_dict(data) if data is not None else None
    except DataError as exc:
        raise ProjectError(_("Model bundle '{path}' is damaged or inconsistent: {problem}").format(
            path=path, problem=exc)) from exc


def load_bundle(path: str | Path) -> Bundle:
    """Open a bundle, rebuild its model and load its weights. Nothing is unpickled.

    Raises:
        ProjectError: not a bundle, damaged, unexpected entries, newer format, or weights that do not fit.
    """
    with _open(path) as archive:
        manifest = _read_json(archive, "manifest.json", path)
        spec_data = _read_json(archive, "model.json", path)
        pre_data = _read_json(archive, "preprocessor.json", path)
        weights = _read_entry(archive, "weights.safetensors", path)
        inputs_data = _read_json(archive, "inputs.json", path) if "inputs.json" in archive.namelist() else None
    _check_manifest(manifest, path)
    try:
        spec = ModelSpec.from_dict(spec_data)
        preprocessor = Preprocessor.from_dict(pre_data)
        inputs = SourceEncoders.from_dict(inputs_data) if inputs_data is not None else None
        context = ShapeContext(input_width=int(manifest["input_width"]), output_width=int(manifest["output_width"]),
                               task=manifest["task"], sources=inputs.sources() if inputs is not None else ())
        _check_consistent(manifest, preprocessor, context)
        model = build_model(spec, context)
        try:
            state = load_safetensors(weights)
        except Exception as exc:  # safetensors raises its own SafetensorError for damaged bytes
            raise ValueError(f"weights.safetensors is not a safetensors file ({exc})") from exc
        _check_finite(state)
        model.load_state_dict(state)
    except (SpecError, DataError, KeyError, ValueError, RuntimeError, TypeError, AttributeError) as exc:
        raise ProjectError(_("Model bundle '{path}' is damaged or inconsistent: {problem}").format(
            path=path, problem=exc)) from exc
    model.eval()
    return Bundle(manifest=manifest, spec=spec, preprocessor=preprocessor, model=model, context=context,
                  inputs=inputs)


def _check_manifest(manifest, path) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ProjectError(_("'{path}' is not a LayerLab model bundle.").format(path=path))
    version = manifest.get("version", 0)
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProjectError(_("'{path}' is damaged: bad model format version {version}. Export the model again.")
                           .format(path=path, version=repr(version)))
    if version > VERSION:
        raise ProjectError(_("'{path}' was made by a newer LayerLab (model format {version}): upgrade LayerLab to "
                             "open it.").format(path=path, version=version))
    try:
        decision_threshold(manifest)
    except DataError as exc:
        raise ProjectError(_("'{path}' is damaged: {problem}").format(path=path, problem=exc)) from exc


def _open(path: str | Path) -> zipfile.ZipFile:
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise ProjectError(_("Model file '{path}' does not exist.").format(path=path))
    regular_file(path, "Model file", ProjectError)  # a FIFO, a device, a folder, a symlink loop
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ProjectError(_("'{path}' is not a LayerLab model bundle (not a zip archive): {problem}.").format(
            path=path, problem=exc)) from exc
    try:
        _check_entries(archive, path)
    except ProjectError:
        archive.close()
        raise
    return archive


def _check_entries(archive: zipfile.ZipFile, path) -> None:
    """Refuse from the zip's directory alone, before anything is inflated: unexpected, duplicate or missing
    entries, encryption, compression other than stored/deflated, sizes over the per-entry caps, and
    compression ratios only a zip bomb has."""
    names = archive.namelist()
    unexpected = [n for n in names if n not in ENTRIES + OPTIONAL_ENTRIES]
    if unexpected:
        raise ProjectError(f"'{path}' contains unexpected entries ({', '.join(unexpected[:5])}); "
                           "LayerLab refuses to open it. A real bundle holds only " + ", ".join(ENTRIES) + ".")
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise ProjectError(f"'{path}' holds {duplicated[0]} more than once; LayerLab refuses a bundle whose "
                           "entries are ambiguous. Export the model again.")
    missing = [n for n in ENTRIES if n not in names]
    if missing:
        raise ProjectError(_("'{path}' is incomplete: missing {entries}. Export the model again.").format(
            path=path, entries=", ".join(missing)))
    for info in archive.infolist():
        where = f"'{path}': entry {info.filename}"
        if info.flag_bits & 0x1:
            raise ProjectError(f"{where} is encrypted; LayerLab bundles never are. Export the model again.")
        if info.compress_type not in METHODS:
            raise ProjectError(f"{where} uses compression method {info.compress_type}; LayerLab bundles use "
                               "only stored or deflated entries. Export the model again.")
        if info.file_size > 1024**2 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ProjectError(f"{where} would inflate {info.file_size // max(info.compress_size, 1):,} times "
                               f"(to {_size(info.file_size)}); only a zip bomb does that. LayerLab refuses to open it.")
        limit = LIMITS[info.filename]
        if info.file_size > limit:
            raise ProjectError(f"{where} says it is {_size(info.file_size)}, more than the {_size(limit)} "
                               "a LayerLab bundle can hold; LayerLab refuses to open it.")


def _size(n: int) -> str:
    return f"{n / 1024**3:.1f} GB" if n >= 1024**3 else f"{n / 1024**2:.0f} MB"


def _read_entry(archive: zipfile.ZipFile, name: str, path) -> bytes:
    """An entry's bytes, read in chunks and stopped at its declared size and its cap (the header may lie);
    damaged, encrypted or undecodable entries become one ProjectError naming the file and entry."""
    info = archive.getinfo(name)
    limit = min(info.file_size, LIMITS[name])
    chunks, total = [], 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(min(1024**2, limit + 1 - total))
                if not chunk:
                    break
                total += len(chunk)
                if total > limit:
                    raise ProjectError(f"'{path}': entry {name} holds more than its header says "
                                       f"({_size(limit)}); the file is damaged or hostile. Export the model again.")
                chunks.append(chunk)
    except ProjectError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
        raise ProjectError(f"'{path}': entry {name} is damaged ({exc}). Export the model again.") from exc
    return b"".join(chunks)


def _read_json(archive: zipfile.ZipFile, name: str, path) -> dict:
    data = _read_entry(archive, name, path)
    try:
        return loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError, JSONTooDeep) as exc:
        raise ProjectError(f"'{path}': {name} is damaged ({exc}). Export the model again.") from exc


def _check_consistent(manifest: dict, pre: Preprocessor, context: ShapeContext) -> None:
    """The manifest's widths and classes agree with the preprocessor's: the model's head has one output per
    class (one for binary), its input one per feature."""
    classes = pre.classes or []
    if context.task in ("binary", "multiclass"):
        heads = 1 if context.task == "binary" else len(classes)
        if context.output_width != heads:
            raise ValueError(f"the {context.task} model has {context.output_width} output(s) but the preprocessor "
                             f"lists {len(classes)} classes ({', '.join(map(str, classes))})")
        if manifest.get("class_names") not in (None, classes):
            raise ValueError(f"the manifest's classes {manifest.get('class_names')!r} differ from the "
                             f"preprocessor's {classes!r}")
    uses_table = not context.sources or any(s.kind == "table" for s in context.sources)
    if context.input_width != (pre.width if uses_table else 0):
        raise ValueError(f"the model takes {context.input_width} inputs but the preprocessor makes {pre.width}")


def _check_finite(state: dict) -> None:
    """Refuse NaN/inf weights (a model with them predicts NaN), naming the first layer that holds them."""
    for key, tensor in state.items():
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            layer = key.split(".")[1] if key.startswith("layers.") else key.rsplit(".", 1)[0]
            raise ValueError(f"the weights of layer '{layer}' ({key}) contain NaN or infinite values; "
                             "the model was saved from a training run that diverged. Train again "
                             "(a lower learning rate helps)")
