"""The training-project export: readable model.py, standalone preprocessing equal to the engine's,
train.py reproducing the engine's per-epoch losses without LayerLab, and DDP with 2 CPU processes."""

import csv
import importlib.util
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch
from safetensors.torch import load_file

from engine.io.bundle import load_bundle, save_bundle
from engine.data import infer_schema, read_csv
from engine.errors import ProjectError
from engine.io.examples import get_example
from engine.export import export_model
from engine.graph import load_template
from engine.runs.pipeline import RunPipeline
from engine.preprocess import Split, prepare, split_indices
from engine.training import TrainConfig
from tests.conftest import without_layerlab

ROWS = 600
EPOCHS = 2
SEED = 3
LOSS_TOLERANCE = 1e-6  # measured: bit-identical vs autograd runs; <= 5e-8 over 5 epochs vs the engine fast path
CHURN = get_example("churn").path

# Run a script with LayerLab not importable: isolated mode (-I: no PYTHONPATH, no cwd, no user site) and
# tests.conftest.without_layerlab() (LayerLab's own source hidden, every installed package kept).
RUN_SCRIPT = without_layerlab() + r'''
import runpy
sys.path.insert(0, os.getcwd())
commands, current = [], []
for arg in sys.argv[1:]:  # "a.py args --then b.py args": run the scripts one after the other
    if arg == "--then":
        commands.append(current)
        current = []
    else:
        current.append(arg)
for argv in commands + [current]:
    sys.argv = argv
    runpy.run_path(argv[0], run_name="__main__")
'''


def _clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_isolated(folder: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run `python <script> args` in `folder` with LayerLab not importable."""
    wrapper = folder / "_isolated_run.py"
    wrapper.write_text(RUN_SCRIPT)
    return subprocess.run([sys.executable, "-I", str(wrapper), *args], cwd=folder, env=_clean_env(),
                          capture_output=True, text=True, timeout=timeout)


def test_without_layerlab_keeps_a_virtual_environment_inside_the_checkout(tmp_path):
    """A newcomer's `python -m venv .venv` inside the clone: its site-packages lie under the checkout and must
    stay importable; only LayerLab's source (the checkout's root entry, its packages) is hidden."""
    checkout = tmp_path / "clone"
    (checkout / "engine").mkdir(parents=True)
    (checkout / "engine" / "__init__.py").write_text("")
    (checkout / "root_module.py").write_text("")
    site = checkout / ".venv" / "lib" / "site-packages"
    (site / "installed_dependency").mkdir(parents=True)
    (site / "installed_dependency" / "__init__.py").write_text("")
    script = (f"import sys\nsys.path[:0] = [{str(checkout)!r}, {str(site)!r}]\n" + without_layerlab(checkout)
              + "import installed_dependency\nprint('dependency importable')\n"
              + "try:\n    import root_module\n    print('checkout root importable')\nexcept ImportError:\n    pass\n")
    result = subprocess.run([sys.executable, "-I", "-c", script], cwd=tmp_path, env=_clean_env(),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == "engine is not importable dependency importable".split()


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A churn bundle (first ROWS rows, 2 epochs, seed 3) and the run that made it."""
    folder = tmp_path_factory.mktemp("project")
    frame = read_csv(CHURN).frame.iloc[:ROWS]
    job = RunPipeline(frame, infer_schema(frame, target="churn"), load_template("tutorial-mlp"),
                      TrainConfig(epochs=EPOCHS, batch_size=32, seed=SEED))
    run = job.run()
    bundle = save_bundle(folder / "churn.llmodel", run)
    return folder, bundle, run


@pytest.fixture(scope="module")
def project(trained):
    folder, bundle, _ = trained
    report = export_model(bundle, "project", folder / "proj")
    return folder / "proj", report


def _load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(f"{name}_{uuid.uuid4().hex}", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


def test_project_has_every_file_and_readable_model_code(project, trained):
    out, report = project
    for name in ("model.py", "preprocessing.py", "train.py", "predict.py", "config.json", "preprocessor.json",
                 "weights.safetensors", "requirements.txt", "README.md"):
        assert (out / name).is_file(), name
    code = (out / "model.py").read_text()
    bundle = load_bundle(trained[1])
    for node in bundle.spec.nodes:
        assert f"self.{node.id} = " in code  # attributes named after the canvas nodes
    assert "self.dense_1 = nn.Sequential(nn.Linear(29, 64, bias=True), nn.ReLU())" in code
    assert set((out / "requirements.txt").read_text().split()) >= {"pandas>=2.1", "numpy>=1.26", "safetensors>=0.4"}
    readme = (out / "README.md").read_text()
    assert "torchrun --standalone --nproc-per-node" in readme and "python train.py --csv" in readme
    assert report.max_difference == 0.0
    config = json.loads((out / "config.json").read_text())
    assert config["split"]["seed"] == SEED and config["train_config"]["epochs"] == EPOCHS


def test_generated_model_matches_bundle_weights(project, trained):
    out, _ = project
    module = _load_module(out / "model.py", "model")
    model = module.Model()
    model.load_state_dict(load_file(out / "weights.safetensors"))
    model.eval()
    bundle = load_bundle(trained[1])
    x = torch.randn(50, bundle.context.input_width)
    with torch.no_grad():
        assert torch.equal(model(x), bundle.model(x))


def test_residual_model_code_includes_merge_modules(tmp_path):
    from engine.export import model_code_for
    from engine.layers import ShapeContext

    code = model_code_for(load_template("residual-mlp"), ShapeContext(10, 3, "multiclass"))
    assert "class Add(nn.Module):" in code and "self.add_1([dense_3, dense_1])" in code
    namespace = {}
    exec(compile(code, "model.py", "exec"), namespace)  # our own generated code
    torch.manual_seed(0)
    out = namespace["Model"]()(torch.randn(4, 10))
    assert out.shape == (4, 3)


def _synthetic_csv(path: Path) -> None:
    rng = np.random.default_rng(1)
    n = 400
    pd.DataFrame({
        "amount": [f"{v:,.2f}" if i % 7 == 0 else f"{v:.2f}" for i, v in enumerate(rng.uniform(0, 5000, n))],
        "rate": [f"{v:.1f}%" for v in rng.uniform(0, 100, n)],
        "age": [str(int(v)) if i % 11 else "NA" for i, v in enumerate(rng.integers(18, 90, n))],
        "member": [["yes", "no", "no", ""][i % 4] for i in range(n)],
        "city": [f"c{int(v)}" if i % 13 else "?" for i, v in enumerate(rng.zipf(1.5, n) % 60)],
        "joined": [f"20{10 + i % 12}-0{1 + i % 9}-1{i % 9}" if i % 17 else "" for i in range(n)],
        "level": rng.integers(1, 4, n),
        "target": rng.choice(["a", "b", "c"], n),
    }).to_csv(path, index=False)


@pytest.mark.parametrize("source", ["churn", "wine", "diabetes", "synthetic"])
def test_standalone_preprocessing_equals_engine(project, tmp_path, source):
    out, _ = project
    if source == "synthetic":
        path = tmp_path / "synthetic.csv"
        _synthetic_csv(path)
        target = "target"
    else:
        example = get_example(source)
        path, target = example.path, example.target
    frame = read_csv(path).frame
    schema = infer_schema(frame, target=target)
    split = Split(seed=5)
    data = prepare(frame, schema, split)
    pre = data.preprocessor
    generated = _load_module(out / "preprocessing.py", "preprocessing")
    standalone = generated.Preprocessor(json.loads(json.dumps(pre.to_dict())))
    own_frame = generated.read_table(path)
    np.testing.assert_allclose(standalone.transform(own_frame), pre.transform(frame), rtol=0, atol=1e-6)
    prepared = generated.prepare(own_frame, standalone, split.to_dict())
    for ours, theirs in zip(prepared["rows"], data.rows):
        np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(prepared["x_train"], data.x_train)
    np.testing.assert_array_equal(prepared["y_test"], data.y_test)
    if source == "synthetic":
        kinds = {c["kind"] for c in pre.to_dict()["columns"]}
        assert kinds >= {"numeric", "categorical", "boolean", "datetime", "integer_category"}


def test_standalone_split_equals_engine_split(project):
    generated = _load_module(project[0] / "preprocessing.py", "preprocessing")
    rng = np.random.default_rng(0)
    for n, y in ((10, None), (97, rng.choice(["x", "y", "z"], 97)), (500, rng.choice([0, 1], 500))):
        split = Split(train=0.6, val=0.25, test=0.15, seed=11)
        for ours, theirs in zip(generated.split_indices(n, y, split.to_dict()), split_indices(n, y, split)):
            np.testing.assert_array_equal(ours, theirs)


def test_train_then_predict_without_layerlab_reproduces_engine(project, trained, tmp_path):
    """One interpreter without LayerLab runs train.py (the engine's per-epoch losses within LOSS_TOLERANCE,
    same weights) and then predict.py (the bundle's probabilities)."""
    out, _ = project
    run = trained[2]
    rows = tmp_path / "new.csv"
    pd.read_csv(CHURN).iloc[:20].drop(columns=["churn"]).to_csv(rows, index=False)
    result = run_isolated(out, "train.py", "--csv", str(CHURN), "--max-rows", str(ROWS),
                          "--out", "retrained.safetensors", "--metrics", "retrained.csv",
                          "--then", "predict.py", "--csv", str(rows), "-o", str(tmp_path / "pred.csv"))
    assert result.returncode == 0, result.stderr
    assert "engine is not importable" in result.stdout
    with open(out / "retrained.csv") as handle:
        epochs = list(csv.DictReader(handle))
    assert len(epochs) == EPOCHS
    for ours, theirs in zip(epochs, run.result.history):
        assert abs(float(ours["train_loss"]) - theirs.train_loss) <= LOSS_TOLERANCE
        assert abs(float(ours["val_loss"]) - theirs.val_loss) <= LOSS_TOLERANCE
    retrained = load_file(out / "retrained.safetensors")
    for key, value in load_file(out / "weights.safetensors").items():
        torch.testing.assert_close(retrained[key], value, rtol=0, atol=1e-5)

    predictions = pd.read_csv(tmp_path / "pred.csv")
    assert len(predictions) == 20 and {"predicted_churn", "probability_No", "probability_Yes"} <= set(predictions)
    bundle = load_bundle(trained[1])
    with torch.no_grad():
        logits = bundle.model(torch.as_tensor(bundle.preprocessor.transform(read_csv(rows).frame)))
    np.testing.assert_allclose(predictions["probability_Yes"], torch.sigmoid(logits)[:, 0].numpy(), atol=1e-6)


def test_export_refuses_a_folder_with_other_files(trained, tmp_path):
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    with pytest.raises(ProjectError, match="not empty"):
        export_model(trained[1], "project", other)
    assert (other / "notes.txt").read_text() == "keep me"


def _ddp_env(rank: int, world: int, port: int) -> dict:
    env = _clean_env()
    env.update(RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE=str(world), LOCAL_WORLD_SIZE=str(world),
               MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), OMP_NUM_THREADS="1")
    return env


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _check_ddp_outputs(out: Path, stdout: str, weights: str, metrics: str) -> None:
    assert stdout.count("Saved the weights") == 1  # rank 0 only
    assert "2 process(es)" in stdout
    with open(out / metrics) as handle:
        losses = [float(r["train_loss"]) for r in csv.DictReader(handle)]
    assert len(losses) == 3 and losses[-1] < losses[0]
    assert set(load_file(out / weights)) == set(load_file(out / "weights.safetensors"))


@pytest.mark.slow  # a child process or several: CI runs it with -m slow
def test_train_py_ddp_two_cpu_processes_with_gloo(project):
    """The torchrun contract (RANK/WORLD_SIZE/MASTER_* env) with 2 plain processes: fast enough for every run."""
    out, _ = project
    wrapper = out / "_isolated_run.py"
    wrapper.write_text(RUN_SCRIPT)
    port = _free_port()
    args = [sys.executable, "-I", str(wrapper), "train.py", "--csv", str(CHURN), "--max-rows", "1000",
            "--epochs", "3", "--out", "ddp.safetensors", "--metrics", "ddp.csv"]
    procs = [subprocess.Popen(args, cwd=out, env=_ddp_env(rank, 2, port), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for rank in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (stdout, stderr) in zip(procs, outputs):
        assert p.returncode == 0, stderr
        assert "engine is not importable" in stdout
    _check_ddp_outputs(out, outputs[0][0] + outputs[1][0], "ddp.safetensors", "ddp.csv")


@pytest.mark.slow
def test_train_py_under_torchrun(project):
    """The README's command: torchrun --standalone --nproc-per-node 2 (about 25 s on 2 CPU cores)."""
    out, _ = project
    wrapper = out / "_isolated_run.py"
    wrapper.write_text(RUN_SCRIPT)
    result = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node",
                             "2", str(wrapper), "train.py", "--csv", str(CHURN), "--max-rows", "1000", "--epochs",
                             "3", "--out", "torchrun.safetensors", "--metrics", "torchrun.csv"],
                            cwd=out, env=_clean_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.count("engine is not importable") == 2
    _check_ddp_outputs(out, result.stdout, "torchrun.safetensors", "torchrun.csv")
