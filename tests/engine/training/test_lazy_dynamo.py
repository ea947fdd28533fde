"""A table's run never imports torch._dynamo (1.2-1.8 s of every run's start), and its optimiser still saves
and restores its state."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

TABLE_RUN = textwrap.dedent("""
    import sys
    from engine.io.examples import load_example
    from engine.runs.pipeline import RunPipeline
    from engine.training import TrainConfig
    from engine.training.checkpoint import load_checkpoint
    from engine.training.parts import make_optimizer

    loaded = load_example("churn")
    config = TrainConfig.from_dict({**loaded.config.to_dict(), "epochs": 2, "early_stopping": False})
    trained = RunPipeline(loaded.table.frame, loaded.schema, loaded.spec, config, loaded.split,
                          checkpoint_path=sys.argv[1]).run()
    assert trained.result.epochs_run == 2, trained.result
    saved = load_checkpoint(sys.argv[1])["optimizer_state"]
    optimizer = make_optimizer(config, trained.model, None)
    optimizer.load_state_dict(saved)
    assert optimizer.state_dict()["state"][0]["step"] > 0
    print("dynamo loaded:", "torch._dynamo" in sys.modules)
""")


def test_a_table_run_trains_without_importing_torch_dynamo(tmp_path):
    done = subprocess.run([sys.executable, "-c", TABLE_RUN, str(tmp_path / "run.ckpt")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "dynamo loaded: False" in done.stdout
