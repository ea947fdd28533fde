"""Export a trained bundle so it runs without LayerLab: ONNX, a torch.export program (.pt2),
or a standalone PyTorch training project (a folder). (Importing Keras code is engine.importers.)

``export_model(bundle_path, fmt, out)`` is the one entry point the CLI and the GUI call.
"""

from __future__ import annotations

from pathlib import Path

from engine.errors import ExportError
from engine.export.report import ExportReport

FORMATS = ("onnx", "pt2", "project")
"""Export formats, as the CLI's --format and the GUI's Export menu name them."""

SUFFIXES = {"onnx": ".onnx", "pt2": ".pt2", "project": ""}
CHECK_CSV_ROWS = 2048


def export_model(bundle_path: str | Path, fmt: str, out: str | Path, *,
                 check_rows=None, check_csv: str | Path | None = None, name: str | None = None,
                 force: bool = False) -> ExportReport:
    """Export the bundle at ``bundle_path`` in format ``fmt`` to ``out``.

    Args:
        bundle_path: a trained *.llmodel bundle.
        fmt: "onnx", "pt2" or "project".
        out: the file (onnx, pt2) or folder (project) to write.
        check_rows: optional preprocessed rows to verify on, in addition to random valid inputs: an array
            (N, input_width) for a table model, else a tuple of arrays in the order of the model's sources.
        check_csv: optional CSV whose first CHECK_CSV_ROWS rows are preprocessed with the bundle's
            preprocessor and verified on as well (real rows).
        name: the model's name in the generated code, README, config.json and ONNX metadata (the
            project's name); None keeps the name recorded in the bundle. Made safe by model_code.safe_title.
        force: replace files a user would lose otherwise: an existing ``<name>.preprocessor.json`` that is
            not an earlier LayerLab side file, or project files edited since the earlier export. Never
            allows writing over the bundle or check_csv, and never deletes files the export does not write.

    Returns:
        ExportReport: what was written and how it was checked (``summary()`` for people).

    Raises:
        ExportError: the format is unknown, ``out`` would replace an input or a user's files, or the
            exported model failed its check (nothing is left at ``out`` then).
        ProjectError: the bundle cannot be opened.
        DataError: check_csv cannot be read or lacks a feature column.
    """
    from engine.io.bundle import load_bundle
    from engine.io.output_paths import refuse_overwriting_inputs

    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format '{fmt}': choose one of {', '.join(FORMATS)}.")
    inputs = {"model bundle": bundle_path, "check CSV": check_csv}
    what = "the export folder" if fmt == "project" else f"the {fmt.upper()} file"
    refuse_overwriting_inputs(out, inputs, what, error=ExportError)
    if fmt != "project":
        from engine.export.project_files import side_file

        refuse_overwriting_inputs(side_file(out), inputs, "the preprocessing side file", error=ExportError)
    else:  # the project export writes these files into the folder and nothing else
        from engine.export.code_project import FILES

        for file in FILES:
            refuse_overwriting_inputs(Path(out) / file, inputs, f"the export's {file}", error=ExportError)
    bundle = load_bundle(bundle_path)
    if name:
        bundle.spec.name = name
    if check_csv is not None:
        from engine.export.verify import as_inputs

        real = as_inputs(bundle.context, _real_rows(bundle, check_csv))
        if check_rows is not None:
            import numpy as np

            given = as_inputs(bundle.context, check_rows)
            real = tuple(np.concatenate([a, b]) for a, b in zip(given, real))
        check_rows = real
    if fmt == "onnx":
        from engine.export.onnx_export import export_onnx

        return export_onnx(bundle, out, check_rows=check_rows, force=force)
    if fmt == "pt2":
        from engine.export.pt2_export import export_pt2

        return export_pt2(bundle, out, check_rows=check_rows, force=force)
    from engine.export.code_project import export_project

    return export_project(bundle, out, force=force)


def _real_rows(bundle, check_csv):
    """The model's inputs for the first CHECK_CSV_ROWS rows of ``check_csv``, made as `layerlab predict` makes
    them: the table's features, token ids, decoded images (paths relative to the CSV) or history windows."""
    from engine.data import read_csv

    frame = read_csv(check_csv, min_rows=1).frame.iloc[:CHECK_CSV_ROWS]
    inputs = bundle.inputs
    if inputs is None:
        return bundle.preprocessor.transform(frame)
    if inputs.forecast:
        from engine.preprocess.time_windows import history_windows

        return (history_windows(frame, bundle.preprocessor, inputs.forecast)[0],)
    table = (bundle.preprocessor.transform(frame),) if inputs.table_width else ()
    return table + tuple(inputs.transform(frame, Path(check_csv).parent)[0])


def model_code_for(spec, ctx) -> str:
    """The readable model.py source for a ModelSpec and ShapeContext (for "Show code")."""
    from engine.export.model_code import model_source

    return model_source(spec, ctx)


__all__ = ["FORMATS", "SUFFIXES", "ExportReport", "export_model", "model_code_for"]
