"""PyTorch program export: torch.export.export + torch.export.save (a .pt2 archive).

A .pt2 loads with plain ``torch.export.load(path).module()``: no LayerLab, no model source
code. TorchScript is deprecated upstream and not offered.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import torch

from engine.errors import ExportError
from engine.io.atomic import write_bytes_atomic, write_text_atomic
from engine.export.report import ExportReport
from engine.export.verify import batch_axes, check_inputs, compare, example_inputs, export_failure
from engine.i18n import _

TOLERANCE = 1e-5


def export_pt2(bundle, out: str | Path, *, check_rows=None, force: bool = False) -> ExportReport:
    """Write the bundle's model as a torch.export program to ``out`` (+ preprocessor JSON beside it).

    The archive is built in memory, loaded back with torch.export.load and compared with the
    model at batch 1 and many before anything is written.

    Raises:
        ExportError: torch.export failed, or the reloaded program differs by more than 1e-5.
    """
    from engine.export.project_files import check_side_file, preprocessor_json, side_file

    check_side_file(out, force)
    out = Path(out)
    from engine.export.onnx_export import input_words, outside_notes

    model = bundle.model.eval()
    ctx = bundle.context
    buffer = io.BytesIO()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            program = torch.export.export(model, example_inputs(ctx), dynamic_shapes=batch_axes(model, ctx),
                                          strict=False)
            torch.export.save(program, buffer)
            buffer.seek(0)
            loaded = torch.export.load(buffer).module()
    except Exception as exc:  # torch.export raises many types; all mean the same to a user
        raise ExportError(export_failure("a torch.export program (.pt2)", exc)) from exc

    def run(xs):
        with torch.no_grad():
            return loaded(*(torch.from_numpy(x) for x in xs)).numpy()

    worst, passed, failed = compare(model, run, check_inputs(ctx, check_rows), TOLERANCE, "torch.export.load")
    if failed:
        raise ExportError(_("The exported program does not give the same outputs as the LayerLab model, so it "
                            "was not saved: {differences}").format(differences="; ".join(failed)))
    write_bytes_atomic(out, buffer.getvalue())
    side = side_file(out)
    write_text_atomic(side, preprocessor_json(bundle))
    sources = ctx.all_sources()
    if len(sources) == 1 and sources[0].kind == "table":
        call, inputs = "features", [_("input: float32 (batch, {width}) preprocessed features (see {file}); output: "
                                      "logits").format(width=ctx.input_width, file=side.name)]
    else:
        call = ", ".join(f"x{i}" for i in range(len(sources)))
        inputs = [_("input {name}: {what} (see {file})").format(name=f"x{i}", what=input_words(s), file=side.name)
                  for i, s in enumerate(sources)]
        inputs.append(_("output: logits"))
    return ExportReport(
        format="pt2", path=out, files=[out, side], max_difference=worst, tolerance=TOLERANCE, checks=passed,
        notes=[_("torch.export (torch {version}); load with: {code}").format(
                   version=torch.__version__, code=f"torch.export.load('{out.name}').module()({call})"),
               *inputs, *outside_notes(ctx)])
