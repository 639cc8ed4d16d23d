"""Packaging checks: the wheel ships the YAML data and works once installed
outside the source tree (no reliance on the repo being on sys.path)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "infoshare_model" / "data"
BIN = "Scripts" if os.name == "nt" else "bin"

# Never copied into the scratch build tree: local state and build leftovers
# (a stale build/ would leak deleted modules into the wheel).
_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
    ".pytest_cache", ".hypothesis", ".ipynb_checkpoints", "notebooks",
)


def _run(cmd, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert proc.returncode == 0, (
        f"{' '.join(map(str, cmd))} exited {proc.returncode}\n"
        f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
    )
    return proc


def _clean_env() -> dict[str, str]:
    env = dict(os.environ)
    for var in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV"):
        env.pop(var, None)
    return env


def repo_yaml_files() -> set[str]:
    """Data YAML in the source tree, as wheel archive names."""
    if not DATA.is_dir():
        return set()
    return {
        p.relative_to(ROOT).as_posix()
        for p in DATA.rglob("*")
        if p.suffix in (".yaml", ".yml") and p.is_file()
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel from a clean copy of the repo (not in place)."""
    src = tmp_path_factory.mktemp("src") / "infoshare"
    shutil.copytree(ROOT, src, ignore=_IGNORE)
    out = tmp_path_factory.mktemp("wheelhouse")
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
         "-w", str(out), str(src)],
        env=_clean_env(),
    )
    wheels = sorted(out.glob("infoshare-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_ships_data_yaml(wheel):
    expected = repo_yaml_files()
    if not expected:
        pytest.skip("no YAML under infoshare_model/data in the repo yet")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n for n in names if n.startswith("infoshare_model/data/")}
    assert shipped, f"no infoshare_model/data/ files in {wheel.name}"
    missing = expected - names
    assert not missing, f"data YAML missing from {wheel.name}: {sorted(missing)}"


def test_wheel_declares_console_script(wheel):
    with zipfile.ZipFile(wheel) as zf:
        ep = next(n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt"))
        text = zf.read(ep).decode()
    assert "infoshare = infoshare_model.cli:main" in text


CHECK_INSTALLED = """
import json, sys
import infoshare_model
kb = infoshare_model.load_knowledge_base()
print(json.dumps({
    "file": infoshare_model.__file__,
    "records": len(kb.records),
    "version": kb.version,
}))
"""


@pytest.mark.slow
def test_installed_wheel_works_outside_source_tree(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], env=_clean_env())
    py = venv / BIN / "python"
    # Installs the runtime dependencies too (from pip's cache when warm).
    _run([str(py), "-m", "pip", "install", "--quiet", str(wheel)], env=_clean_env())

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = _run([str(py), "-c", CHECK_INSTALLED], cwd=elsewhere, env=_clean_env())
    result = json.loads(proc.stdout.strip().splitlines()[-1])

    module_file = Path(result["file"]).resolve()
    assert module_file.is_relative_to(venv.resolve()), module_file
    assert not module_file.is_relative_to(ROOT), module_file
    assert result["records"] > 0
    assert isinstance(result["version"], str) and result["version"].strip()

    cli = venv / BIN / "infoshare"
    assert cli.exists(), "console script 'infoshare' was not installed"
    proc = _run([str(cli), "kb", "list", "--format", "json"], cwd=elsewhere,
                env=_clean_env())
    listing = json.loads(proc.stdout)
    assert isinstance(listing, list) and listing, proc.stdout[:500]
