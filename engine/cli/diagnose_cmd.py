"""`layerlab diagnose PROJECT [--run N] [--json]`: is a project's run overfitting or underfitting, and what to try."""

from __future__ import annotations


def add_parser(sub, common) -> None:
    p = sub.add_parser("diagnose", parents=[common], help="overfitting or underfitting of a project's run, with remedies",
                       description="Read a run's losses from a project file: overfitting (validation loss rising while "
                                   "training loss falls, from the epoch the gap opens) or underfitting (no better than "
                                   "a constant prediction or the linear baseline), and the remedies as exact changes.")
    p.add_argument("project", help="a *.layerlab project file")
    p.add_argument("--run", type=int, default=None, metavar="N", help="the run to read (1 = the first; default: the last)")
    p.add_argument("--json", action="store_true", help="machine-readable output: the diagnosis and each remedy's new "
                                                      "settings and model")
    p.set_defaults(handler=run)


def run(args) -> int:
    from engine.cli.terminal import print_json
    from engine.graph import ModelSpec
    from engine.insight.fitting import diagnose_record
    from engine.insight.remedies import remedies_for
    from engine.io.project import Project
    from engine.training.config import TrainConfig

    project = Project.load(args.project)
    index = pick_run(project.runs, args.run, args.project)
    record = project.runs[index]
    diagnosis = diagnose_record(record)
    remedies = remedies_for(diagnosis, TrainConfig.from_dict(record.config), ModelSpec.from_dict(record.spec)) \
        if record.spec else []
    if args.json:
        print_json({"run": index + 1, "diagnosis": diagnosis.to_dict(), "remedies": [r.to_dict() for r in remedies]})
        return 0
    print(f"Run {index + 1}: {diagnosis.words}")
    for remedy in remedies:
        print(f"  try {remedy.title.lower()}: {remedy.change}")
    return 0


def pick_run(runs: list, number: int | None, project: str) -> int:
    """The index of run `number` (1-based; None: the last). Raises DataError naming the project when there is none."""
    from engine.errors import DataError

    if not runs:
        raise DataError(f"'{project}' has no runs yet: train one in the app first.")
    if number is None:
        return len(runs) - 1
    if not 1 <= number <= len(runs):
        raise DataError(f"'{project}' has runs 1 to {len(runs)}; there is no run {number}.")
    return number - 1
