""".github/workflows/release.yml cannot run here, so it is linted: a YAML parse, GitHub's workflow JSON schema
(check-jsonschema's vendored copy, offline; installed by the `packaging` extra) and the structure this project
relies on (the matrix, build.py in every job, the Linux job = .ci/run's packaging command, artifacts)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from tests.packaging.conftest import ROOT

pytestmark = pytest.mark.packaging

yaml = pytest.importorskip("yaml", reason="PyYAML is needed to read the workflow")

WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
PACKAGING_TEST_COMMAND = "python -m pytest -q -p no:cacheprovider -m packaging tests/packaging"


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_schema():
    exe = shutil.which("check-jsonschema")
    if exe is None:
        pytest.skip("check-jsonschema is not installed (pip install -e '.[packaging]')")
    result = subprocess.run([exe, "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_matrix_and_triggers(workflow):
    assert set(workflow["on"]) == {"push", "workflow_dispatch"}
    job = workflow["jobs"]["installer"]
    assert job["strategy"]["matrix"]["os"] == ["ubuntu-22.04", "windows-latest", "macos-latest"]
    assert job["strategy"]["fail-fast"] is False
    assert job["runs-on"] == "${{ matrix.os }}"
    assert "glibc" in WORKFLOW.read_text(encoding="utf-8")  # the comment that says why 22.04
    assert workflow["permissions"] == {"contents": "read"}


def steps(workflow) -> list[dict]:
    return workflow["jobs"]["installer"]["steps"]


def test_every_step_is_well_formed(workflow):
    for step in steps(workflow):
        assert ("uses" in step) != ("run" in step), step
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]
        if "if" in step:
            assert re.fullmatch(r"runner\.os [!=]= '(Linux|Windows|macOS)'", step["if"]), step["if"]


def test_linux_job_runs_the_packaging_tests_like_ci(workflow):
    linux = [s for s in steps(workflow) if s.get("if") == "runner.os == 'Linux'" and "run" in s]
    commands = [line.strip() for s in linux for line in s["run"].splitlines()]
    assert PACKAGING_TEST_COMMAND in commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert PACKAGING_TEST_COMMAND in ci  # .ci/run runs it with the venv's python, as the workflow does


def test_other_jobs_build_with_build_py_and_upload(workflow):
    others = [s for s in steps(workflow) if s.get("if") == "runner.os != 'Linux'"]
    assert [s["run"] for s in others] == ["python packaging/build.py"]
    upload = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert len(upload) == 1
    paths = upload[0]["with"]["path"].split()
    assert {"dist/*.deb", "dist/*-setup.exe", "dist/*.dmg"} <= set(paths)
    assert upload[0]["with"]["if-no-files-found"] == "error"


def test_build_py_help_runs():
    result = subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--help"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0
    for flag in ("--deb-compression", "--skip-freeze"):
        assert flag in result.stdout
