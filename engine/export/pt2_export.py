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
from engine.export.verify import check_inputs, compare

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
    model = bundle.model.eval()
    width = bundle.context.input_width
    batch = torch.export.Dim("batch", min=1)
    buffer = io.BytesIO()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            program = torch.export.export(model, (torch.randn(2, width),), dynamic_shapes={"x": {0: batch}},
                                          strict=False)
            torch.export.save(program, buffer)
            buffer.seek(0)
            loaded = torch.export.load(buffer).module()
    except Exception as exc:  # torch.export raises many types; all mean the same to a user
        raise ExportError(f"The model could not be exported with torch.export: {exc}") from exc

    def run(x):
        with torch.no_grad():
            return loaded(torch.from_numpy(x)).numpy()

    worst, passed, failed = compare(model, run, check_inputs(width, check_rows), TOLERANCE, "torch.export.load")
    if failed:
        raise ExportError("The exported program does not give the same outputs as the LayerLab model, so it "
                          "was not saved: " + "; ".join(failed))
    write_bytes_atomic(out, buffer.getvalue())
    side = side_file(out)
    write_text_atomic(side, preprocessor_json(bundle))
    return ExportReport(
        format="pt2", path=out, files=[out, side], max_difference=worst, tolerance=TOLERANCE, checks=passed,
        notes=[f"torch.export (torch {torch.__version__}); load with: "
               f"torch.export.load('{out.name}').module()(features)",
               f"input: float32 (batch, {width}) preprocessed features (see {side.name}); output: logits"])
