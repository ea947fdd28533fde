"""`layerlab sweep`: many runs over a search space on Optuna, in K worker processes, resumable; the best
trial's bundle written at the end. Started on several machines with one --storage URL, it joins one study."""

from __future__ import annotations

import sys
from pathlib import Path

from engine.cli.job_options import add_data_options
from engine.sweeps.workers import PRUNERS, SAMPLERS


def add_parser(sub, common) -> None:
    p = sub.add_parser("sweep", parents=[common], help="search hyper-parameters over many runs (Optuna)",
                       description="Run a hyper-parameter sweep: --trials runs of the model over the search space "
                                   "(--space, the project's saved space, or the learning rate and Dense widths), "
                                   "in --jobs worker processes, pruning hopeless runs. The study lives in an SQLite "
                                   "file beside the project (run the same command again to resume) or in a shared "
                                   "database (--storage postgresql://…) that sweeps on other machines join.")
    add_data_options(p)
    p.add_argument("--epochs", type=int, help="epochs per trial (the most; pruning stops hopeless ones early)")
    p.add_argument("--seed", type=int, help="every trial's seed (the same, so trials differ only by the space)")
    p.add_argument("--trials", type=int, default=20, help="trials in the sweep in all (default 20; a resumed "
                                                           "sweep runs the missing ones; 0: only report)")
    p.add_argument("--jobs", "-j", type=int, default=1, help="worker processes on this machine (default 1)")
    p.add_argument("--space", metavar="SPACE.json", help="the search space: {\"params\": [{\"path\": "
                   "\"learning_rate\", \"low\": 1e-4, \"high\": 0.1, \"log\": true}, {\"path\": "
                   "\"layers.dense_1.units\", \"choices\": [32, 64]}]}")
    p.add_argument("--storage", metavar="URL", help="sqlite:///FILE, a file path, or postgresql://USER:PW@HOST/DB "
                                                    "(default: <name>.sweep.db beside the project or CSV)")
    p.add_argument("--study", help="the study's name in the storage (default: the project's or data's name)")
    p.add_argument("--pruner", choices=PRUNERS, default="median")
    p.add_argument("--sampler", choices=SAMPLERS, default="tpe")
    p.add_argument("--lock-timeout", type=float, default=None, metavar="SECONDS",
                   help="how long to wait for a locked SQLite file (default 30)")
    p.add_argument("--out", "-o", help="where to write the best trial's bundle (default <name>-best.llmodel)")
    p.add_argument("--force", action="store_true", help="replace an existing file of another kind at --out")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=run)


def run(args) -> int:
    from engine.cli.inputs import resolve_job_inputs
    from engine.cli.interrupts import import_libraries
    from engine.cli.terminal import print_json
    from engine.runs.files import BUNDLE_SUFFIX
    from engine.sweeps import SweepError
    from engine.sweeps.results import format_table, summary, trial_rows
    from engine.sweeps.runner import run_sweep, worker_context
    from engine.sweeps.study_store import LOCK_TIMEOUT, default_db_path, normalise_url, trials_folder_for

    worker_context(warm=args.trials > 0)  # the workers' fork server imports torch while the data is read
    import_libraries(("torch",))  # only now (main.LIGHT_COMMANDS): on the other core, beside the fork server's
    inputs = resolve_job_inputs(args)
    for warning in inputs.warnings:
        print(f"note: {warning}", file=sys.stderr)
    space, space_source = _space(args, inputs.spec)
    url = normalise_url(args.storage) if args.storage else None
    if url is None:
        url = normalise_url(str(default_db_path(_storage_folder(args), inputs.default_name)))
    out = Path(args.out) if args.out else Path(inputs.default_name + "-best" + BUNDLE_SUFFIX)
    _check_out(args, out)
    job = _job(inputs, space, url, args, trials_folder_for(url, Path(inputs.default_name + ".sweep-trials")),
               args.lock_timeout if args.lock_timeout is not None else LOCK_TIMEOUT)
    say = (lambda *a: None) if (args.json or args.quiet) else (lambda *a: print(*a, file=sys.stderr))
    say(f"Sweep '{job.study_name}' in {_shown(url)}: {args.trials} trials, {args.jobs} worker(s), "
        f"{space_source}:\n" + "\n".join(f"  {p.path}: {p.describe()}" for p in space.params))
    progress = None if (args.json or args.quiet) else _Progress(say, job)
    try:
        study = run_sweep(job, jobs=args.jobs, on_poll=progress)
    except KeyboardInterrupt:
        print("\nSweep stopped; its finished trials are kept. Run the same command again to resume.", file=sys.stderr)
        return 130
    result = summary(study)
    best = result["best"]
    if best is None:
        raise SweepError("No trial of the sweep finished, so there is no best model:\n"
                         + format_table(trial_rows(study)))
    written = _write_best(job, best, out)
    result["best_bundle"] = str(written.resolve())
    if args.json:
        print_json(result)
        return 0
    print(format_table(trial_rows(study)))
    print(f"Best trial #{best['number']}: validation loss {best['value']:.5g} with "
          + ", ".join(f"{k}={v}" for k, v in best["params"].items()))
    if result["importances"]:
        print("Parameter importances: " + ", ".join(f"{k} {v:.2f}" for k, v in result["importances"].items()))
    else:
        print(result["importances_note"])
    print(f"Best model saved to {written}")
    return 0


class _Progress:
    """One line per trial that ends, from the storage (a few reads a second)."""

    def __init__(self, say, job):
        self.say, self.job, self.seen, self.calls = say, job, set(), 0
        self.study = None

    def __call__(self) -> None:
        self.calls += 1
        if self.calls % 5:
            return
        from engine.sweeps.results import trial_rows
        from engine.sweeps.workers import load_study

        if self.study is None:
            self.study = load_study(self.job)
        for row in trial_rows(self.study):
            if row.state in ("complete", "pruned", "failed") and row.number not in self.seen:
                self.seen.add(row.number)
                value = "" if row.value is None else f" val loss {row.value:.5g}"
                self.say(f"trial {row.number} {row.state}{value}" + (f": {row.failure}" if row.failure else ""))


def _space(args, spec):
    """The search space and where it came from: --space, the project's saved one, or the default."""
    from engine.sweeps.space import SweepSpace, default_space, read_space_file

    if args.space:
        return read_space_file(args.space), f"space from {args.space}"
    if args.project:
        from engine.io.project import Project

        saved = Project.load(args.project).sweep_space
        if saved.get("params"):
            return SweepSpace.from_dict(saved), "the project's sweep space"
    return default_space(spec), "the default space (give --space SPACE.json for another)"


def _storage_folder(args) -> Path:
    """Beside the project or the CSV; the current folder for an example."""
    if args.project:
        return Path(args.project).resolve().parent
    if args.csv:
        return Path(args.csv).resolve().parent
    return Path.cwd()


def _job(inputs, space, url, args, trials_folder, lock_timeout):
    from engine.sweeps.trial_run import SweepJob

    return SweepJob(frame=inputs.frame, schema=inputs.schema, spec=inputs.spec, config=inputs.config,
                    split=inputs.split, space=space, storage_url=url, study_name=args.study or inputs.default_name,
                    trials_folder=trials_folder, n_trials=args.trials, pruner=args.pruner, sampler=args.sampler,
                    lock_timeout=lock_timeout, data_options=inputs.data_options)


def _check_out(args, out: Path) -> None:
    from engine.io.output_paths import check_outputs
    from engine.runs.files import metrics_csv_for

    inputs = {"project file": args.project, "training CSV": args.csv, "model spec": args.model,
              "settings file": args.config, "sweep space file": args.space}
    check_outputs([(out, "the best model bundle", (".llmodel",)),
                   (metrics_csv_for(out), "the per-epoch metrics CSV", (".csv",))], inputs, force=args.force)


def _write_best(job, best: dict, out: Path) -> Path:
    """The best trial's bundle at `out`: copied when this machine has it, else trained again with its values."""
    from engine.io.atomic import write_bytes_atomic
    from engine.runs.files import metrics_csv_for

    bundle = Path(best["bundle"]) if best.get("bundle") else None
    if bundle is not None and bundle.is_file():
        write_bytes_atomic(out, bundle.read_bytes())
        if metrics_csv_for(bundle).is_file():
            write_bytes_atomic(metrics_csv_for(out), metrics_csv_for(bundle).read_bytes())
        return out
    from engine.runs.finish import finish_run
    from engine.sweeps.trial_run import retrain

    finish_run(retrain(job, best["params"]), out)
    return out


def _shown(url: str) -> str:
    from engine.sweeps.study_store import shown_url, sqlite_path

    path = sqlite_path(url)
    return f"'{path}'" if path is not None else shown_url(url)

