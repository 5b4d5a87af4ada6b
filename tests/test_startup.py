"""What a cold `kg` start pays for: the read commands import only what they use, and the freshness
check hashes only the inputs that changed. (Speed itself is measured by bench/coldstart_bench.py,
never asserted here.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli.freshness import ensure_built
from kg.core import fingerprint
from kg.core.fingerprint import read_manifest, scan, write_manifest
from kg.dataset.store import Paths, is_current

ROOT = Path(__file__).resolve().parent.parent

#: Heavy modules that only the build, the page or the checks need: never a query's.
HEAVY = ("rdflib", "pyparsing", "pyshacl", "networkx", "pyvis", "yaml", "numpy", "scipy", "multiprocessing",
         "dataclasses", "importlib.resources")

# Runs one command in a fresh interpreter; reports its exit code and the modules that the command,
# not the interpreter's own start, imported.
SCRIPT = """
import contextlib, io, json, sys
before = set(sys.modules)
out, err = io.StringIO(), io.StringIO()
from kg.cli.main import main
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    try:
        code = main(json.loads(sys.argv[1]))
    except SystemExit as exc:  # --help
        code = exc.code
print(json.dumps({"code": code, "out": out.getvalue(), "err": err.getvalue(),
                  "imported": sorted(set(sys.modules) - before)}))
"""


def _run(args: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _heavy(imported: list[str]) -> list[str]:
    return sorted(m for m in imported if m.split(".")[0] in HEAVY or m in HEAVY)


def test_a_query_imports_nothing_heavy(build_dir):
    """The whole `kg query` path: freshness check against the real inputs, store, forked query, CSV."""
    result = _run(["query", "patient-table", "--format", "csv", "--build", str(build_dir),
                   "--data", str(ROOT / "data"), "--ontology", str(ROOT / "ontology")])
    assert result["code"] == 0, result["err"]
    assert "rebuilding" not in result["err"]  # the build was current: this is the read path
    lines = result["out"].splitlines()
    assert lines[0].startswith("patient,age,sex,") and len(lines) == 1 + 6  # the article's six patients
    assert "pyoxigraph" in result["imported"]  # the check can see what the command imported
    assert _heavy(result["imported"]) == []


def test_listing_the_helpers_imports_nothing_heavy(build_dir):
    result = _run(["query", "--list", "--build", str(build_dir)])
    assert result["code"] == 0 and "patient-table:" in result["out"]
    assert _heavy(result["imported"]) == []


def test_help_imports_neither_the_store_nor_the_pipeline():
    result = _run(["--help"])
    assert result["code"] == 0 and "usage: kg" in result["out"]
    assert _heavy(result["imported"]) == []
    assert not [m for m in result["imported"] if m.startswith(("pyoxigraph", "kg.dataset", "kg.publish"))]


# --- the freshness check's manifest -----------------------------------------------------------

@pytest.fixture()
def counted(monkeypatch):
    """Every file the freshness check hashes, by name; changes count as trusted at once (no 2 s wait)."""
    hashed: list[str] = []
    real = fingerprint._sha256

    def spy(path: Path) -> str:
        hashed.append(path.name)
        return real(path)

    monkeypatch.setattr(fingerprint, "_sha256", spy)
    monkeypatch.setattr(fingerprint, "RACY_NS", 0)
    return hashed


def test_unchanged_inputs_are_not_hashed_again(data_copy, counted, monkeypatch):
    paths = Paths(data_copy / "build", data_copy / "data", data_copy / "ontology")
    ensure_built(paths)  # builds, then records the manifest beside the store
    assert paths.inputs.is_file() and is_current(paths)
    from kg.publish import build as build_module
    builds = []
    monkeypatch.setattr(build_module, "build", lambda *a, **k: builds.append(a))

    counted.clear()
    ensure_built(paths)
    assert counted == [] and builds == []  # nothing changed: nothing hashed, nothing rebuilt

    readme = data_copy / "data" / "README.md"
    os.utime(readme, ns=(readme.stat().st_atime_ns, readme.stat().st_mtime_ns + 10**9))  # touched, same bytes
    ensure_built(paths)
    assert counted == ["README.md"] and builds == []  # only the touched file is hashed; still current
    counted.clear()
    ensure_built(paths)
    assert counted == []  # and the manifest now knows its new time


def test_a_change_that_keeps_size_and_time_is_still_seen(data_copy, counted):
    paths = Paths(data_copy / "build", data_copy / "data", data_copy / "ontology")
    ensure_built(paths)
    drugs = data_copy / "data" / "vocabulary" / "drugs.yaml"
    before = drugs.stat()
    text = drugs.read_text(encoding="utf-8")
    swapped = text.replace("dupilumab", "dupilumaX", 1)
    assert swapped != text and len(swapped) == len(text)
    drugs.write_text(swapped, encoding="utf-8")
    os.utime(drugs, ns=(before.st_atime_ns, before.st_mtime_ns))  # the old size and modification time
    assert drugs.stat().st_size == before.st_size and drugs.stat().st_mtime_ns == before.st_mtime_ns
    assert not is_current(paths)  # the change time differs, so the file is hashed again


def test_a_broken_manifest_only_costs_a_full_hash(data_copy, counted):
    paths = Paths(data_copy / "build", data_copy / "data", data_copy / "ontology")
    ensure_built(paths)
    for junk in ("not json", "[]", '{"files": {"data/README.md": [1, 2]}, "fingerprint": 3}'):
        paths.inputs.write_text(junk, encoding="utf-8")
        assert read_manifest(paths.inputs) == ({}, None)
        counted.clear()
        assert is_current(paths)
        assert len(counted) == len(scan(paths.data, paths.ontology))  # every file hashed, same answer


def test_a_file_changed_just_now_is_left_out_of_the_manifest(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "ontology").mkdir()
    (tmp_path / "data" / "a.csv").write_text("a\n1\n", encoding="utf-8")
    manifest = scan(tmp_path / "data", tmp_path / "ontology")
    assert list(manifest) == ["data/a.csv"]
    write_manifest(tmp_path / "inputs.json", manifest)
    # Written within the file system's clock tick of a change, a later change could keep its
    # times: so the entry is not kept, and the next check hashes the file again.
    assert read_manifest(tmp_path / "inputs.json") == ({}, fingerprint.fingerprint({}))


# --- the query's time limit: a bare fork, reaped every time --------------------------------------

def _children() -> set[int]:
    """This process's child processes (zombies included), from /proc."""
    return {int(pid) for task in Path("/proc/self/task").iterdir()
            for pid in (task / "children").read_text().split()}


def test_the_time_limit_leaves_no_process_behind(build_dir):
    from kg.dataset import query
    from kg.dataset.store import open_store

    store = open_store(Paths(build=build_dir))
    before = _children()
    assert len(query.run("patient-table", store, timeout=30).rows) == 6  # answered from the fork
    with pytest.raises(query.QueryTimeout, match="stopped after 0.5 s"):
        query.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", store, timeout=0.5)
    with pytest.raises(query.QueryError, match="line 1"):  # an error found in the child comes back as one
        query.sparql("SELECT ?x WHERE { ?x ?y }", store, timeout=30)
    assert _children() == before


def test_a_child_that_dies_gives_no_answer_not_a_hang():
    from kg.dataset.timelimit import NoAnswer, run_in_fork

    before = _children()
    with pytest.raises(NoAnswer, match="ended without an answer"):
        run_in_fork(lambda: 1 / 0, timeout=30.0)  # raised in the child
    with pytest.raises(NoAnswer):
        run_in_fork(lambda: (lambda: None), timeout=30.0)  # an answer that cannot be sent back
    assert run_in_fork(lambda: {"rows": [(1, "a")]}, timeout=30.0) == {"rows": [(1, "a")]}
    assert _children() == before
