"""ExportReport: what an export wrote and how it was checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from engine.i18n import _


@dataclass
class ExportReport:
    """The result of one export.

    Attributes:
        format: "onnx", "pt2" or "project".
        path: the file or folder written.
        files: every file written (the model file first).
        max_difference: largest absolute difference between the exported model's outputs and
            the torch model's on the check rows (None when not applicable, e.g. a project).
        tolerance: the largest difference accepted.
        checks: one line per check that passed, e.g. "onnxruntime batch 1: max |diff| 3e-08".
        notes: anything the user should know (exporter used, versions, limitations).
    """

    format: str
    path: Path
    files: list[Path] = field(default_factory=list)
    max_difference: float | None = None
    tolerance: float | None = None
    checks: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for a person: what was written, and the check result."""
        lines = [_("Exported {format} to {path}").format(format=self.format, path=self.path)]
        if self.max_difference is not None:
            lines.append(_("Checked: outputs match the LayerLab model, max difference {difference} (tolerance "
                           "{tolerance}).").format(difference=f"{self.max_difference:.3g}",
                                                   tolerance=f"{self.tolerance:g}"))
        lines += [f"  {c}" for c in self.checks]
        if len(self.files) > 1:
            lines.append(_("Files: ") + ", ".join(str(f) for f in self.files))
        lines += [_("note: {note}").format(note=n) for n in self.notes]
        return "\n".join(lines)
