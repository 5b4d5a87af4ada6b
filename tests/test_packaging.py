"""Packaging: one version source, typed package data shipped, ``python -m kg``, and set-up steps that
install only what each quick-start command needs."""

import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_python_dash_m_kg_prints_the_help():
    done = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: kg ")
    for command in ("build", "query", "sparql", "viz", "serve"):
        assert command in done.stdout


def test_the_version_has_one_source():
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "kg.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", kg.__version__)
    try:
        installed = importlib.metadata.version("adkg")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("adkg is not installed in this environment")
    assert installed == kg.__version__


def test_every_data_file_in_the_package_is_shipped():
    """Non-Python files under kg/ (py.typed, helper queries, page template) match the package data."""
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["kg"]
    assert "py.typed" in patterns and (ROOT / "kg" / "py.typed").is_file()
    files = [p for p in (ROOT / "kg").rglob("*")
             if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]
    assert len(files) > 3
    unshipped = [p for p in files if not any(p.relative_to(ROOT / "kg").match(pattern) for pattern in patterns)]
    assert unshipped == []


def test_running_installs_no_test_tools():
    runtime = " ".join(PYPROJECT["project"]["dependencies"]).lower()
    test_extra = " ".join(PYPROJECT["project"]["optional-dependencies"]["test"]).lower()
    for tool in ("pytest", "hypothesis", "playwright", "ruff", "mypy", "types-pyyaml"):
        assert tool not in runtime
        assert tool in test_extra


def _recipe(makefile: str, target: str) -> tuple[str, list[str]]:
    """A Makefile rule's prerequisites and recipe lines."""
    match = re.search(rf"^{re.escape(target)}:(.*)\n((?:\t.*\n?)*)", makefile, re.M)
    assert match, target
    return match.group(1), [line.strip() for line in match.group(2).splitlines()]


def test_make_run_installs_the_package_only_and_make_test_lints_first():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run_needs, _ = _recipe(makefile, "run")
    assert "$(RUN_STAMP)" in run_needs
    _, run_install = _recipe(makefile, "$(RUN_STAMP)")
    assert any(line.endswith("pip install --quiet -e .") for line in run_install)
    _, test_install = _recipe(makefile, "$(STAMP)")
    assert any(line.endswith("-e '.[test]'") for line in test_install)
    test_needs, test_steps = _recipe(makefile, "test")
    assert test_needs.split()[:1] == ["lint"] and "chromium" in test_needs
    assert test_steps == ["$(BIN)/python -m pytest"]
    _, lint_steps = _recipe(makefile, "lint")
    assert lint_steps == ["$(BIN)/ruff check .", "$(BIN)/mypy"]
