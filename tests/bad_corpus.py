"""The bad-input corpus (tests/data/bad, listed in CASES.md): where it lives and how the CLI is asked.

Shared by tests/engine/data/test_bad_csv.py (CSV files), tests/engine/io/test_bad_files.py (model, project,
bundle and checkpoint files) and tests/gui/test_reliability_inputs.py; the `corpus` fixture is in
tests/conftest.py.
"""

from __future__ import annotations

import importlib.util
import re
import resource
from pathlib import Path

from engine.cli.main import main
from engine.layers import ShapeContext

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "bad"
CTX = ShapeContext(input_width=5, output_width=1, task="binary")  # good.csv: 5 inputs


def generator():
    spec = importlib.util.spec_from_file_location("make_bad_inputs", BAD / "make_bad_inputs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cli(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_refused(capsys, fragment: str, *argv) -> str:
    """The CLI answers exit status 2 and one error message containing fragment, no traceback."""
    code, _, err = cli(capsys, *argv)
    assert code == 2, err
    assert "Traceback" not in err
    lines = [ln for ln in err.strip().splitlines() if not ln.startswith("note: ")]
    assert lines and lines[0].startswith("layerlab: error: "), err
    assert re.search(fragment, err, re.S), (fragment, err)
    return err


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


# Corpus cases added with issue #17's hostile inputs; tests/engine/io/test_bad_files.py counts them as covered.
# Each list names the test file that checks its cases.
HOSTILE_CASES: set[str] = set()
HOSTILE_CASES |= {"mixed_encoding.csv", "wide_columns.csv", "huge_numbers.csv",  # tests/engine/data/test_hostile_csv.py
                  "numbers_as_words.csv"}
HOSTILE_CASES |= {"predict_cells.csv", "project_split_100_0_0.layerlab"}  # tests/engine/io/test_output_paths.py, test_predict_output.py
HOSTILE_CASES |= {"model_hostile_node_id.json", "project_hostile_name.layerlab"}  # tests/engine/export/test_hostile_exports.py
HOSTILE_CASES |= {"bundle_zip_bomb.llmodel", "bundle_duplicate_entry.llmodel", "bundle_bad_crc.llmodel",  # tests/engine/io/test_hostile_bundles.py
                  "bundle_deep_json.llmodel", "bundle_nan_weights.llmodel", "bundle_one_class.llmodel"}
