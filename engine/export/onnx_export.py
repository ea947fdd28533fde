"""ONNX export: torch.onnx.export(dynamo=True), opset 18, dynamic batch axis, checked before it is kept.

Why the dynamo exporter: from torch 2.9 it is torch's default and the TorchScript-based
exporter (dynamo=False) is deprecated upstream. Our models are static graphs of standard
layers with no data-dependent control flow, which torch.export captures exactly; the
batch axis is declared with torch.export.Dim so the file accepts any batch size.
"""

from __future__ import annotations

import json

import contextlib
import io
import logging
import os
import tempfile
import warnings
from pathlib import Path

import torch

from engine.errors import ExportError
from engine.export.report import ExportReport
from engine.i18n import N_, _
from engine.export.verify import batch_axes, check_inputs, compare, example_inputs, export_failure

OPSET = 18
TOLERANCE = 1e-4
INPUT_NAME = "features"
OUTPUT_NAME = "logits"
LABEL_NAME = "label"  # binary models: the predicted class index (int64), 1 where sigmoid(logits) >= threshold
EXPORTER = "torch.onnx.export(dynamo=True)"


def _require_onnx():
    try:
        import onnx
        import onnxruntime
        import onnxscript  # noqa: F401  (the dynamo exporter needs it)
    except ImportError as exc:
        raise ExportError(_("ONNX export needs the onnx, onnxscript and onnxruntime packages ({package} is "
                            "missing). Install them with: {command}").format(
            package=exc.name, command="pip install 'layerlab[export]'")) from None
    return onnx, onnxruntime


def export_onnx(bundle, out: str | Path, *, check_rows=None, force: bool = False) -> ExportReport:
    """Write the bundle's model as ONNX to ``out`` and its preprocessor state beside it.

    The file is written to a temporary name, checked with onnx.checker (full check) and
    compared with the torch model in onnxruntime at batch 1 and many; only then is it moved
    to ``out``. The preprocessor JSON goes to ``<out stem>.preprocessor.json``.

    Raises:
        ExportError: export failed or outputs differ by more than 1e-4 (no file is left).
    """
    from engine.export.project_files import check_side_file, preprocessor_json, side_file

    check_side_file(out, force)
    onnx, ort = _require_onnx()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    model = bundle.model.eval()
    ctx = bundle.context
    names = input_names(ctx)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            program = _export_program(model, ctx, bundle.threshold if bundle.task == "binary" else None)
            proto = program.model_proto
        except Exception as exc:  # the exporter raises many types; all mean the same to a user
            raise ExportError(export_failure("ONNX", exc)) from exc
        _add_metadata(onnx, proto, bundle)
        onnx.save_model(proto, str(tmp))
        try:
            onnx.checker.check_model(str(tmp), full_check=True)
        except onnx.checker.ValidationError as exc:
            raise ExportError(_("The ONNX file failed onnx.checker: {problem}").format(problem=exc)) from exc
        session = ort.InferenceSession(str(tmp), providers=["CPUExecutionProvider"])
        cases = check_inputs(ctx, check_rows)
        worst, passed, failed = compare(model, lambda xs: session.run([OUTPUT_NAME], dict(zip(names, xs)))[0],
                                        cases, TOLERANCE, "onnxruntime")
        if bundle.task == "binary":
            passed.append(_check_labels(model, session, names, cases, bundle.threshold, failed))
        if failed:
            raise ExportError(_("The ONNX model does not give the same outputs as the LayerLab model, so it was "
                                "not saved: {differences}").format(differences="; ".join(failed)))
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    side = side_file(out)
    from engine.io.atomic import write_text_atomic

    write_text_atomic(side, preprocessor_json(bundle))
    return ExportReport(
        format="onnx", path=out, files=[out, side], max_difference=worst, tolerance=TOLERANCE,
        checks=["onnx.checker full check: passed"] + passed,
        notes=[f"{EXPORTER}, opset {OPSET}, torch {torch.__version__}, onnx {onnx.__version__}, "
               f"onnxruntime {ort.__version__}",
               *input_notes(ctx, names, side.name),
               f"output '{OUTPUT_NAME}': {_output_words(bundle)}",
               *outside_notes(ctx)])


def input_names(ctx) -> list[str]:
    """The ONNX input name of each source: 'features' for today's single table; else the source's name where
    it is a plain identifier (letters, digits, _) and free, else input_<i>. The metadata maps them back."""
    sources = ctx.all_sources()
    if len(sources) == 1 and sources[0].kind == "table":
        return [INPUT_NAME]
    taken, names = {OUTPUT_NAME, LABEL_NAME}, []
    for i, source in enumerate(sources):
        name = "features" if source.kind == "table" else source.name
        if not (name.isascii() and name.isidentifier() and len(name) <= 64) or name in taken:
            name = f"input_{i}"
        taken.add(name)
        names.append(name)
    return names


INPUT_DTYPES = {"table": "float32", "text": "int64", "image": "uint8", "sequence": "float32"}


def input_words(source) -> str:
    """What one input takes, e.g. "int64 (batch, 32) token ids of text column 'review' (0 = padding, ...)"."""
    shape = ", ".join(["batch", *(str(n) for n in source.shape)])
    if source.kind == "text":
        what = _("token ids of text column {name} (0 = padding at the end, 1 = unknown word; vocabulary of "
                 "{size})").format(name=repr(source.name), size=source.vocab_size)
    elif source.kind == "image":
        what = _("raw pixels 0..255 of image {name} (channels, height, width); the model scales them").format(
            name=repr(source.name))
    elif source.kind == "sequence":
        what = _("scaled history windows (lookback steps x features, the target's column last, relative to its "
                 "last value)")
    else:
        what = "preprocessed features"
    return f"{INPUT_DTYPES.get(source.kind, 'float32')} ({shape}) {what}"


def input_notes(ctx, names: list[str], side_name: str) -> list[str]:
    """One note per input: its ONNX name and what it takes."""
    return [_("input '{name}': {what} (see {file})").format(name=name, what=input_words(source), file=side_name)
            for name, source in zip(names, ctx.all_sources())]


OUTSIDE_WORDS = {
    "text": N_("tokenisation stays outside the model: turn each text into token ids with the fitted tokenizer "
               "(the Hugging Face tokenizers JSON in the side file), cut or pad to the sequence length"),
    "image": N_("image decoding and resizing stay outside the model: open each file (Pillow), convert to the "
                "channels and resize to the size in the side file, pass uint8 pixels"),
    "sequence": N_("windowing stays outside the model: sort the rows by the time column, scale them as the side "
                   "file says and pass the last lookback rows per prediction; add the last known target value "
                   "to the output"),
}


def outside_notes(ctx) -> list[str]:
    """The preprocessing steps a caller must do before the exported model, one per kind of input it has."""
    kinds = dict.fromkeys(s.kind for s in ctx.all_sources())
    return [_(OUTSIDE_WORDS[k]) for k in kinds if k in OUTSIDE_WORDS]


def _check_labels(model, session, names: list[str], cases, threshold: float, failed: list[str]) -> str:
    """Compare the ONNX `label` output with the decision `layerlab predict` makes on every case; a row may
    differ only where its probability lies within 1e-6 of the threshold (float rounding). Failures are
    appended to `failed`; returns the line for a pass."""
    import numpy as np

    from engine.export.verify import torch_outputs
    from engine.runs.decision import predict_positive
    from engine.runs.metrics import probabilities

    rows = 0
    for label, xs in cases:
        proba = probabilities("binary", torch_outputs(model, xs))
        got = np.asarray(session.run([LABEL_NAME], dict(zip(names, xs)))[0]).reshape(-1)
        differ = (got != predict_positive(proba, threshold)) & (np.abs(proba - threshold) > 1e-6)
        if differ.any():
            failed.append(f"onnxruntime {label}: the label output differs from the decision at threshold "
                          f"{threshold:g} on {int(differ.sum())} row(s)")
        rows += len(xs[0])
    return f"onnxruntime label output: the decision at threshold {threshold:g} on {rows} rows"


class _WithLabel(torch.nn.Module):
    """A binary model that also outputs its decision: the class index 1 where the probability reaches the
    threshold (the bundle's, a constant in the graph), else 0, as `layerlab predict` decides."""

    def __init__(self, model: torch.nn.Module, threshold: float):
        super().__init__()
        self.model = model
        self.threshold = float(threshold)

    def forward(self, *xs):
        logits = self.model(*xs)
        return logits, (torch.sigmoid(logits.double()) >= self.threshold).to(torch.int64)


def _export_program(model: torch.nn.Module, ctx, threshold: float | None = None):
    """The ONNX program: one input per source, `logits`, and for a binary model (threshold given) `label`."""
    outputs = [OUTPUT_NAME]
    if threshold is not None:
        model, outputs = _WithLabel(model, threshold).eval(), [OUTPUT_NAME, LABEL_NAME]
    with warnings.catch_warnings(), _quiet_exporter():
        warnings.simplefilter("ignore")
        return torch.onnx.export(model, example_inputs(ctx), dynamo=True, opset_version=OPSET,
                                 input_names=input_names(ctx), output_names=outputs,
                                 dynamic_shapes=batch_axes(model, ctx), external_data=False,
                                 optimize=True, verbose=False, report=False)


@contextlib.contextmanager
def _quiet_exporter():
    """The exporter prints progress and logs warnings about optional packages; keep the CLI clean."""
    loggers = [logging.getLogger(n) for n in ("torch.onnx", "torch.export", "torch._dynamo", "onnxscript")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


def _add_metadata(onnx, proto, bundle) -> None:
    from engine import __version__
    import onnxruntime
    import onnxscript

    from engine.export.model_code import safe_title

    manifest = bundle.manifest
    props = {
        "layerlab.exporter": EXPORTER,
        "layerlab.opset": str(OPSET),
        "layerlab.version": __version__,
        "torch.version": torch.__version__,
        "onnx.version": onnx.__version__,
        "onnxscript.version": onnxscript.__version__,
        "onnxruntime.checked_with": onnxruntime.__version__,
        "layerlab.model_name": safe_title(bundle.spec.name),
        "layerlab.task": str(manifest.get("task")),
        "layerlab.target": str(manifest.get("target")),
        # JSON, not ",".join: a class name holding a comma or a quote must come back as it was
        "layerlab.class_names": json.dumps([str(c) for c in manifest.get("class_names") or []], ensure_ascii=False),
        "layerlab.output": _output_words(bundle),
        # name -> source and kind, so a caller can feed each input (source names are data, never code)
        "layerlab.inputs": json.dumps([{"input": name, "source": s.name, "kind": s.kind, "shape": list(s.shape),
                                        "dtype": INPUT_DTYPES.get(s.kind, "float32"), "vocab_size": s.vocab_size}
                                       for name, s in zip(input_names(bundle.context), bundle.context.all_sources())],
                                      ensure_ascii=False),
    }
    if bundle.task == "binary":
        props["layerlab.decision_threshold"] = repr(bundle.threshold)
    proto.producer_name = "LayerLab"
    proto.producer_version = __version__
    existing = {p.key: p for p in proto.metadata_props}
    for key, value in props.items():
        entry = existing.get(key) or proto.metadata_props.add()
        entry.key, entry.value = key, value


def _output_words(bundle) -> str:
    task = bundle.task
    if task == "binary":
        return ("logits (batch, 1): apply sigmoid for the probability of the second class; "
                f"'{LABEL_NAME}' (batch, 1) int64: 1 (the second class) where that probability is at least "
                f"the decision threshold {bundle.threshold:g}, else 0")
    if task == "multiclass":
        return f"logits (batch, {bundle.context.output_width}): apply softmax for class probabilities"
    return "standardised prediction (batch, 1): multiply by target_std and add target_mean"
