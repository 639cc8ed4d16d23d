"""environment.yml (conda-forge) must declare exactly the dependencies of
pyproject.toml: core + every optional extra, with the same version bounds.

Adding, removing or re-bounding a dependency in only one of the two files
makes this test fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

tomllib = pytest.importorskip(
    "tomllib", reason="tomllib needs Python 3.11+; the check runs there"
)

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
ENVIRONMENT = ROOT / "environment.yml"

# Packages that are tooling in environment.yml, not project dependencies.
CONDA_TOOLING = {"pip"}
# A conda match spec "name <spec>" as used in environment.yml: name, then
# PEP 440-compatible comparison operators (no build strings, no channel).
CONDA_SPEC = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*?)\s*$")


def _add(deps: dict[str, SpecifierSet], name: str, spec: SpecifierSet) -> None:
    key = canonicalize_name(name)
    deps[key] = deps[key] & spec if key in deps else spec


def pyproject_dependencies() -> tuple[dict[str, SpecifierSet], SpecifierSet]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    groups = [project.get("dependencies", [])]
    groups += project.get("optional-dependencies", {}).values()
    deps: dict[str, SpecifierSet] = {}
    for group in groups:
        for line in group:
            req = Requirement(line)
            assert not req.url, f"{line!r}: URL requirements can't go to conda"
            _add(deps, req.name, req.specifier)
    return deps, SpecifierSet(project["requires-python"])


def _conda_spec(entry: str) -> tuple[str, SpecifierSet]:
    match = CONDA_SPEC.match(entry)
    assert match, f"environment.yml: cannot parse {entry!r}"
    name, spec = match.groups()
    try:
        return name, SpecifierSet(spec.replace(" ", ""))
    except Exception as exc:  # packaging.specifiers.InvalidSpecifier
        pytest.fail(
            f"environment.yml: {entry!r} is not a PEP 440 style bound "
            f"(use >=, <, ==, !=; not conda's single '='): {exc}"
        )


def environment_dependencies() -> tuple[dict[str, SpecifierSet], SpecifierSet]:
    env = yaml.safe_load(ENVIRONMENT.read_text(encoding="utf-8"))
    assert env.get("channels") == ["conda-forge"]
    deps: dict[str, SpecifierSet] = {}
    python: SpecifierSet | None = None
    for entry in env["dependencies"]:
        if isinstance(entry, dict):
            # The pip: section installs the project itself (-e .); anything
            # else listed there is a dependency like any other.
            for pip_line in entry.get("pip", []):
                if pip_line.startswith("-") or pip_line.startswith("."):
                    continue
                req = Requirement(pip_line)
                _add(deps, req.name, req.specifier)
            continue
        name, spec = _conda_spec(str(entry))
        if canonicalize_name(name) == "python":
            python = spec
        elif canonicalize_name(name) not in CONDA_TOOLING:
            _add(deps, name, spec)
    assert python is not None, "environment.yml must pin python"
    return deps, python


def test_environment_declares_the_project_itself():
    env = yaml.safe_load(ENVIRONMENT.read_text(encoding="utf-8"))
    names = [e for e in env["dependencies"] if isinstance(e, str)]
    assert "pip" in names
    pip_sections = [e["pip"] for e in env["dependencies"] if isinstance(e, dict)]
    assert any("-e ." in section for section in pip_sections)


def test_python_bound_matches_requires_python():
    _, py_req = pyproject_dependencies()
    _, py_env = environment_dependencies()
    assert py_env == py_req


def test_dependency_names_match():
    pyproject, _ = pyproject_dependencies()
    environment, _ = environment_dependencies()
    assert sorted(environment) == sorted(pyproject), (
        f"only in pyproject.toml: {sorted(set(pyproject) - set(environment))}; "
        f"only in environment.yml: {sorted(set(environment) - set(pyproject))}"
    )


def test_dependency_bounds_match():
    pyproject, _ = pyproject_dependencies()
    environment, _ = environment_dependencies()
    mismatched = {
        name: (str(pyproject[name]), str(environment[name]))
        for name in pyproject.keys() & environment.keys()
        if pyproject[name] != environment[name]
    }
    assert not mismatched, f"(pyproject, environment.yml) bounds differ: {mismatched}"


def test_expected_core_dependencies_present():
    pyproject, _ = pyproject_dependencies()
    for name in ("networkx", "pyyaml", "pydantic"):
        assert name in pyproject
