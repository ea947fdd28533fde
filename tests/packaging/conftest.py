"""Fixtures for the packaging tests: one frozen build + zstd .deb per session, root commands, timings.

Run with:  python -m pytest -m packaging tests/packaging
Environment:
    LAYERLAB_DEB_COMPRESSION   zstd (default, seconds) or xz (the release workflow: smaller, minutes)
    LAYERLAB_PACKAGING_DIST    output folder (default: <repo>/dist, so the release job can upload it)
    LAYERLAB_PACKAGING_REUSE=1 reuse an existing bundle in the output folder (build.py --skip-freeze)
    LAYERLAB_PACKAGING_INSTALL_TOOLS=0  never apt-get install nsis/wine64 (skip those tests instead)
    LAYERLAB_PACKAGING_WINE=0  skip the wine install/uninstall test
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "packaging" / "build.py"
TIMINGS: dict[str, float] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.packaging)
            item.add_marker(pytest.mark.timeout(3600))


def pytest_runtest_setup(item):
    # Building takes minutes by design: pyproject's faulthandler_timeout would dump every thread's stack
    # into the log halfway through; pytest-timeout (3600 s above) still guards against a hang.
    if item.get_closest_marker("packaging"):
        import faulthandler

        faulthandler.cancel_dump_traceback_later()


def dist_dir() -> Path:
    return Path(os.environ.get("LAYERLAB_PACKAGING_DIST") or ROOT / "dist").resolve()


def record(name: str, seconds: float) -> None:
    """Keep a measured time; all of them are written to <dist>/packaging-timings.json at the end."""
    TIMINGS[name] = round(seconds, 1)
    out = dist_dir()
    out.mkdir(parents=True, exist_ok=True)
    (out / "packaging-timings.json").write_text(json.dumps(TIMINGS, indent=2), encoding="utf-8")


def root_prefix() -> list[str] | None:
    """[] when we are root, ['sudo', '-n'] when password-less sudo works (GitHub runners), else None."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    return None


def as_root(cmd: list[str], timeout: float = 900, check: bool = True) -> subprocess.CompletedProcess:
    prefix = root_prefix()
    if prefix is None:
        pytest.skip("needs root or password-less sudo (installs packages)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    full = prefix + (["env", "DEBIAN_FRONTEND=noninteractive"] if prefix else []) + cmd
    result = subprocess.run(full, capture_output=True, text=True, timeout=timeout, env=env)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout[-3000:]}\n"
                             f"{result.stderr[-3000:]}")
    return result


APT_LOCK = ["-o", "DPkg::Lock::Timeout=600"]


def dpkg_installed(package: str) -> bool:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return out.returncode == 0 and "install ok installed" in out.stdout


def ensure_tool(command: str, package: str) -> str:
    """Path of `command`, apt-installing `package` if needed; skips with the reason when that is impossible."""
    found = shutil.which(command) or (Path("/usr/lib/wine") / command if command == "wine64" else None)
    if found and Path(found).exists():
        return str(found)
    if os.environ.get("LAYERLAB_PACKAGING_INSTALL_TOOLS", "1") == "0":
        pytest.skip(f"{command} is not installed and LAYERLAB_PACKAGING_INSTALL_TOOLS=0")
    if not shutil.which("apt-get"):
        pytest.skip(f"{command} is not installed and there is no apt-get to install {package}")
    started = time.perf_counter()
    as_root(["apt-get", "update", "-qq"], check=False)
    result = as_root(["apt-get", "install", "-y", "-qq", *APT_LOCK, package], check=False)
    record(f"apt_install_{package}", time.perf_counter() - started)
    found = shutil.which(command) or (Path("/usr/lib/wine") / command if command == "wine64" else None)
    if result.returncode != 0 or not found or not Path(found).exists():
        pytest.skip(f"could not install {package} ({result.returncode}): {result.stderr.strip()[-500:]}")
    return str(found)


@pytest.fixture(scope="session")
def linux_deb_tools():
    if not sys.platform.startswith("linux") or not shutil.which("dpkg-deb"):
        pytest.skip("the .deb is built and installed on Debian/Ubuntu only")


@pytest.fixture(scope="session")
def build_result(linux_deb_tools) -> dict:
    """Freeze LayerLab, run the frozen smoke test and build the .deb, via packaging/build.py (once)."""
    compression = os.environ.get("LAYERLAB_DEB_COMPRESSION", "zstd")
    cmd = [sys.executable, str(BUILD), "--deb-compression", compression, "--dist", str(dist_dir())]
    if os.environ.get("LAYERLAB_PACKAGING_REUSE") == "1":
        cmd.append("--skip-freeze")
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    record("build_py_total", time.perf_counter() - started)
    summary_path = dist_dir() / "build-summary.json"
    summary = json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.is_file() else {}
    for name, seconds in summary.get("times_s", {}).items():
        record(f"build_{name}", seconds)
    assert result.returncode == 0, (f"packaging/build.py failed ({result.returncode}): "
                                    f"{summary.get('error', '')}\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}")
    return summary


@pytest.fixture(scope="session")
def deb_path(build_result) -> Path:
    key = next(k for k in build_result["artifacts"] if k.startswith("deb_"))
    path = Path(build_result["artifacts"][key])
    assert path.is_file(), path
    return path
