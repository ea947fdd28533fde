"""`layerlab compare PROJECT [--diff A B] [--json]`: a project's runs side by side, and what two runs do not share."""

from __future__ import annotations


def add_parser(sub, common) -> None:
    p = sub.add_parser("compare", parents=[common], help="a project's runs side by side; --diff A B for two runs",
                       description="Every run's learning rate, batch, epochs, optimizer, one-line architecture, what "
                                   "changed from its parent run, and its scores; with --diff, the settings, layers and "
                                   "results that differ between two runs.")
    p.add_argument("project", help="a *.layerlab project file")
    p.add_argument("--diff", type=int, nargs=2, metavar=("A", "B"), help="the two runs to diff (1 = the first)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=run)


def run(args) -> int:
    from engine.cli.diagnose_cmd import pick_run
    from engine.cli.terminal import print_json
    from engine.io.project import Project
    from engine.runs.compare import COLUMNS, compare_rows, diff_runs, difference_dicts

    project = Project.load(args.project)
    if args.diff:
        first, second = (pick_run(project.runs, n, args.project) for n in args.diff)
        found = diff_runs(project.runs[first], project.runs[second])
        if args.json:
            print_json({"first": first + 1, "second": second + 1, "differences": difference_dicts(found)})
            return 0
        if not found:
            print(f"Run {first + 1} and run {second + 1} share every setting, layer and result.")
        for d in found:
            print(f"{d.what}: {d.first} → {d.second}")
        return 0
    pick_run(project.runs, None, args.project)  # no runs: say so
    rows = compare_rows(project.runs)
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        print(" · ".join(f"{header}: {row[key]}" for key, header in COLUMNS if row[key]))
    return 0
