"""Shared fixtures: one build of the real data per session, and SPARQL helpers over it.

Expected values in the tests are written from the article itself
(../shared/seed/000_89104d11b1d1f565.txt), never read from data/.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from kg.core.namespaces import PREFIXES
from kg.dataset.store import Paths, Store, open_store
from kg.publish.build import build

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "https://w3id.org/adkg/id/article/shahriari-2023-jaki-rescue"
#: The cohort ranges the article's text states (p2-p3 of the seed), as (min, max) per curated field.
STATED_CLAIMS = {"baseline_bsa_pct": (10, 40), "baseline_iga": (3, 4), "iga_preflare": (0, 1),
                 "flare_bsa_pct": (3, 20), "flare_iga": (2, 4), "post_jaki_bsa_pct": (0, 4),
                 "post_jaki_iga": (0, 1), "jaki_months": (2, 6), "dupilumab_months_to_flare": (6, 18)}
PREFIX_BLOCK = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "build"
    build(ROOT / "data", ROOT / "ontology", out, root=ROOT)
    return out


@pytest.fixture(scope="session")
def store(build_dir) -> Store:
    """The build's embedded store, read-only, as `kg query` opens it (a module may define its own)."""
    return open_store(Paths(build=build_dir))


@pytest.fixture(scope="session")
def graph(build_dir) -> Graph:
    """The merged graph as written to build/adkg.ttl."""
    return Graph().parse(build_dir / "adkg.ttl", format="turtle")


class Sparql:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def rows(self, query: str, **bindings) -> list[tuple]:
        result = self.graph.query(PREFIX_BLOCK + "\n" + query, initBindings=bindings)
        return [tuple(row) for row in result]

    def python(self, query: str, **bindings) -> list[tuple]:
        """Rows with every literal converted to its Python value."""
        return [tuple(None if v is None else getattr(v, "toPython", lambda v=v: v)() for v in row)
                for row in self.rows(query, **bindings)]

    def ask(self, query: str, **bindings) -> bool:
        return bool(self.graph.query(PREFIX_BLOCK + "\n" + query, initBindings=bindings).askAnswer)


@pytest.fixture(scope="session")
def sparql(graph) -> Sparql:
    return Sparql(graph)


def processes_with(marker: str) -> list[int]:
    """Ids of the running processes whose command line contains ``marker``."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if marker.encode() in (proc / "cmdline").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


def snapshot(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by relative path: to show a build/ was left as it was."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def previous_build(build_dir, data_copy) -> Path:
    """A copy of the real build as data_copy/build: the build/ a failed run must leave unchanged."""
    out = data_copy / "build"
    shutil.copytree(build_dir, out)
    return out


@pytest.fixture()
def listener():
    """A loopback TCP listener that records every connection (a fetch that must not happen)."""
    from loopback import Listener

    opened = Listener()
    opened.probe()
    yield opened
    opened.close()


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    """A writable copy of data/ and ontology/ for tests that break the input."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "ontology", tmp_path / "ontology")
    return tmp_path
