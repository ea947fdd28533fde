"""The training-project export: a folder of readable PyTorch code that runs without LayerLab.

model.py (one line per layer, from each layer's declaration), preprocessing.py (LayerLab's
fitted preprocessing and seeded split, standalone), train.py (single process or torchrun +
DistributedDataParallel), predict.py, config.json, preprocessor.json, weights.safetensors,
requirements.txt and README.md. The folder is assembled beside ``out`` and checked (every file
compiles; model.py with the bundle's weights gives the bundle's outputs) before it replaces ``out``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

import torch
from safetensors.torch import save_file

from engine.errors import ExportError
from engine.export.model_code import OUTPUT_WORDS, convert_state_dict, model_source, safe_title
from engine.export.project_files import PROJECT_FORMAT, preprocessor_json, project_config
from engine.export.report import ExportReport
from engine.export.template_predict import PREDICT_PY, README_MD, REQUIREMENTS_TXT
from engine.export.template_preprocessing import PREPROCESSING_PY
from engine.export.template_train import TRAIN_PY
from engine.export.verify import check_inputs, compare
from engine.i18n import _

TOLERANCE = 1e-5
FILES = ("model.py", "preprocessing.py", "train.py", "predict.py", "config.json", "preprocessor.json",
         "weights.safetensors", "requirements.txt", "README.md")


def preprocessing_source() -> str:
    """The text of the project's preprocessing.py (LayerLab's missing tokens filled in)."""
    from engine.data import MISSING_TOKENS

    return PREPROCESSING_PY.replace("__MISSING_TOKENS__", repr(list(MISSING_TOKENS)))


def predict_source(bundle) -> str:
    """The text of the project's predict.py, the bundle's decision threshold written in as a float literal."""
    return PREDICT_PY.replace("__DECISION_THRESHOLD__", repr(float(bundle.threshold)))


def requirements(bundle) -> str:
    """requirements.txt: torch, pandas, numpy, safetensors; tokenizers for text columns, Pillow for image files."""
    text = REQUIREMENTS_TXT.format(torch=torch.__version__.split("+")[0])
    inputs = getattr(bundle, "inputs", None)
    kinds = {item["kind"] for item in inputs.to_dict()["encoders"]} if inputs is not None else set()
    if "text" in kinds:
        from importlib.metadata import version

        text += f"tokenizers>={version('tokenizers')}\n"
    if "image" in kinds:  # image files; "pixels" columns need nothing more
        text += "pillow>=10.0\n"
    return text


def inputs_words(bundle) -> str:
    """What the model reads, for the project's README (generated prose, not code): "29 model inputs from 12
    feature columns", or one phrase per input of a text, image or forecasting model."""
    m = bundle.manifest
    table = f"{bundle.context.input_width} model inputs from {len(m.get('feature_columns') or [])} feature columns"
    inputs = getattr(bundle, "inputs", None)
    if inputs is None:
        return table
    forecast = inputs.forecast
    if forecast:
        values, ahead = int(forecast["features"]), int(forecast["horizon"])
        return (f"windows of the last {forecast['lookback']} rows along the time column `{forecast['time_column']}` "
                f"({values} value{'s' if values != 1 else ''} per row, the target's own past included) predict "
                f"the target {ahead} row{'s' if ahead != 1 else ''} ahead")
    phrases = [table] if inputs.table_width else []
    for item in inputs.to_dict()["encoders"]:
        if item["kind"] == "text":
            phrases.append(f"text column `{item['column']}` as {item['length']} token ids")
        elif item["kind"] == "image":
            phrases.append(f"image files of column `{item['column']}` as {item['channels']}×"
                           + "×".join(str(v) for v in item["size"]) + " pixels")
        else:
            phrases.append(f"{len(item['columns'])} pixel columns `{item['column']}` as one "
                           + "×".join(str(v) for v in item["shape"]) + " image")
    return "; ".join(phrases)


def split_words(bundle, split: dict) -> str:
    """The split for the project's README: seeded and stratified, or chronological for a forecaster."""
    fractions = f"{split['train']:g} / {split['val']:g} / {split['test']:g} (train/val/test)"
    inputs = getattr(bundle, "inputs", None)
    if inputs is not None and inputs.forecast:
        return (f"{fractions} of the rows in time order (the earliest train, the latest test; no window crosses "
                "a part's boundary), computed by `preprocessing.prepare_forecast` as in LayerLab")
    return (f"{fractions}, seed {split['seed']}, stratified {split['stratify']}, computed by the same seeded "
            "(stratified) rule as LayerLab (`preprocessing.split_indices`)")


def split_note(bundle, config: dict) -> str:
    """The export report's sentence on how train.py splits the rows."""
    split = config["split"]
    fractions = f"{split['train']:g}/{split['val']:g}/{split['test']:g}"
    inputs = getattr(bundle, "inputs", None)
    if inputs is not None and inputs.forecast:
        return _("Split: in time order, reproduced by preprocessing.prepare_forecast (LayerLab's chronological "
                 "rule), {fractions}: the earliest rows train, the latest test").format(fractions=fractions)
    if config["split_recorded_in_bundle"]:
        return _("Split: reproduced by preprocessing.split_indices (LayerLab's seeded rule), {fractions}, seed "
                 "{seed}").format(fractions=fractions, seed=split["seed"])
    return _("Split: reproduced by preprocessing.split_indices (LayerLab's seeded rule), {fractions}, seed {seed} "
             "(LayerLab's default split for the run's seed; the bundle does not record a custom split)").format(
        fractions=fractions, seed=split["seed"])


def export_project(bundle, out: str | Path, *, csv_hint: str = "DATA.csv", force: bool = False) -> ExportReport:
    """Write the training project for ``bundle`` into the folder ``out``.

    ``out`` must be new, empty, or an earlier LayerLab project export. Into an earlier export only the
    files the export writes (FILES) are replaced; the user's other files (data, notes) are never touched.
    config.json records each file's SHA-256; a file edited since (or an export that records none) is
    replaced only with ``force``.

    Raises:
        ExportError: ``out`` holds other files, holds edited export files and ``force`` is not set, or the
            generated model does not reproduce the bundle's outputs (nothing is changed at ``out`` then).
    """
    out = Path(out)
    _check_target(out, force)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the project is an ordinary folder
    try:
        config = project_config(bundle)
        _write_files(staging, bundle, config, csv_hint)
        worst, passed, failed = _check_folder(staging, bundle)
        if failed:
            raise ExportError("The generated model.py does not reproduce the LayerLab model, so the project was "
                              "not saved: " + "; ".join(failed))
        _replace_folder(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    notes = [_("Run: cd {folder} && pip install -r requirements.txt && python train.py --csv {csv}").format(
        folder=out, csv=csv_hint), split_note(bundle, config)]
    return ExportReport(format="project", path=out, files=[out / f for f in FILES], max_difference=worst,
                        tolerance=TOLERANCE, checks=["every .py file compiles"] + passed, notes=notes)


def _check_target(out: Path, force: bool = False) -> None:
    if out.exists() and not out.is_dir():
        raise ExportError(f"'{out}' is a file; a training project is a folder. Choose a new folder name.")
    if not out.is_dir() or not any(out.iterdir()):
        return
    config = _project_config(out)
    if config is None:
        raise ExportError(f"The folder '{out}' is not empty and is not a LayerLab project export, so it was left "
                          "alone. Choose a new or empty folder.")
    folders = [f for f in FILES if (out / f).is_dir() or (out / f).is_symlink()]
    if folders:
        raise ExportError(f"The export folder '{out}' has {', '.join(folders)} as a folder or link where the export "
                          "writes a file, so nothing was written. Move it away or choose a new folder.")
    recorded = config.get("files") if isinstance(config.get("files"), dict) else None
    if recorded is None:
        edited = [f for f in FILES if f != "config.json" and (out / f).exists()]
        why = "was made by an earlier LayerLab that records no checksums, so edits to its files cannot be told"
    else:
        edited = [f for f in FILES if f != "config.json" and (out / f).exists()
                  and recorded.get(f) != _sha256(out / f)]
        why = f"has files edited since it was exported ({', '.join(edited)})"
    if edited and not force:
        raise ExportError(f"The folder '{out}' is an earlier LayerLab export but {why}; nothing was written. "
                          "Export to a new folder, or use --force to replace the files the export writes "
                          f"({', '.join(FILES)}); your other files there are kept either way.")


def _project_config(folder: Path) -> dict | None:
    """config.json of an earlier project export in ``folder``, or None when it is not one."""
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return config if isinstance(config, dict) and config.get("format") == PROJECT_FORMAT else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_files(folder: Path, bundle, config: dict, csv_hint: str) -> None:
    from engine import __version__

    m = bundle.manifest
    settings = config["train_config"]
    split = config["split"]
    text = {
        "model.py": model_source(bundle.spec, bundle.context),
        "preprocessing.py": preprocessing_source(),
        "train.py": TRAIN_PY,
        "predict.py": predict_source(bundle),
        "config.json": json.dumps(config, indent=2),
        "preprocessor.json": preprocessor_json(bundle),
        "requirements.txt": requirements(bundle),
        "README.md": README_MD.format(
            title=safe_title(bundle.spec.name), version=__version__, csv=csv_hint, task=m["task"],
            target=m.get("target"), inputs_words=inputs_words(bundle),
            packages=", ".join(line.split(">=")[0] for line in requirements(bundle).split()),
            settings=", ".join(f"{k} {settings[k]}" for k in ("epochs", "batch_size", "optimizer", "learning_rate",
                                                              "schedule", "seed") if k in settings),
            split_words=split_words(bundle, split),
            output_words=OUTPUT_WORDS.get(m["task"], "logits"),
            decision_words="" if m["task"] != "binary" else (
                f" `predict.py` predicts the second class where its probability is at least "
                f"`DECISION_THRESHOLD` = {bundle.threshold:g}, the threshold chosen in LayerLab (`--threshold` "
                "overrides it).")),
    }
    for name, content in text.items():
        (folder / name).write_text(content, encoding="utf-8")
    state = {k: v.detach().cpu().contiguous() for k, v in bundle.model.state_dict().items()}
    save_file(convert_state_dict(bundle.spec, state), str(folder / "weights.safetensors"),
              metadata={"format": "layerlab.project.weights"})
    config = dict(config, files={f: _sha256(folder / f) for f in FILES if f != "config.json"})
    (folder / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")  # so edits can be told


def _check_folder(folder: Path, bundle):
    """Compile every .py; build model.py's Model with the weights and compare it with the bundle's model."""
    from safetensors.torch import load_file

    for path in sorted(folder.glob("*.py")):
        try:
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
        except SyntaxError as exc:
            raise ExportError(f"Generated {path.name} does not compile ({exc}); please report this.") from exc
    name = f"_layerlab_export_model_{uuid.uuid4().hex}"
    spec = importlib.util.spec_from_file_location(name, folder / "model.py")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        generated = module.Model()
        generated.load_state_dict(load_file(str(folder / "weights.safetensors")))
    finally:
        sys.modules.pop(name, None)
    generated.eval()

    def run(xs):
        with torch.no_grad():
            return generated(*(torch.from_numpy(x) for x in xs)).numpy()

    return compare(bundle.model, run, check_inputs(bundle.context), TOLERANCE, "model.py")


def _replace_folder(staging: Path, out: Path) -> None:
    """Move the checked files into ``out``: the whole folder when ``out`` is new or empty, else only FILES
    (config.json last), so a user's other files in an earlier export are never deleted."""
    if out.is_dir() and not any(out.iterdir()):
        out.rmdir()
    if not out.exists():
        os.replace(staging, out)
        return
    for name in sorted(FILES, key=lambda f: f == "config.json"):
        os.replace(staging / name, out / name)
