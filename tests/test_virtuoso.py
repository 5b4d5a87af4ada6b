"""Every helper gives the same rows on Virtuoso as on the embedded store (issue 11, item 6).

The test starts Debian's Virtuoso Open Source 7.2.5 (``virtuoso-t``, installed by ``make
virtuoso``, which ``make test`` runs first) on free loopback ports with its own database folder
and ini file (:mod:`virtuoso_server`), pushes a build there with ``kg push``'s code
(:func:`kg.endpoint.remote.push`) and runs every helper with :func:`kg.endpoint.remote.run_remote`,
with and without its optional parameters. Each answer must equal the embedded store's
(:func:`kg.dataset.query.run` on build/store): the same columns, the same rows as a multiset, and
for a helper with ``ORDER BY`` the same sequence of sort keys. Two datasets are pushed in turn:
the real article's build, and a corpus of five synthetic articles plus the real one (works cited
by several articles are described in several named graphs, so a bag union would show).

If Virtuoso is not installed the test fails (it is never skipped), saying how to install it.
"""

from __future__ import annotations

import re
import shutil
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from virtuoso_server import Virtuoso, missing

from kg.dataset import query
from kg.dataset.store import Paths, open_store
from kg.endpoint import remote
from kg.endpoint.remote import UNION_GRAPH, push, run_remote, sparql_remote
from kg.publish.build import build
from kg.synth.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
REAL = "shahriari-2023-jaki-rescue"

# (helper, parameters): every helper without its optional parameters and with each of them.
# "$doi" is the real article's DOI, "$synthetic_doi" the first synthetic article's (corpus only).
CASES: list[tuple[str, dict[str, object]]] = [
    ("cardiovascular-risk", {}),
    ("cardiovascular-risk", {"min_age": 50}),
    ("citation-list", {}),
    ("citation-list", {"doi": "$doi"}),
    ("claims-check", {}),
    ("claims-check", {"doi": "$doi"}),
    ("drug-targets", {}),
    ("drug-targets", {"class": "JAK inhibitor"}),
    ("patient-table", {}),
    ("patient-table", {"doi": "$doi"}),
    ("patient-timeline", {"patient": 1}),
    ("patient-timeline", {"patient": 1, "doi": "$doi"}),
    ("patients-by-drug", {"drug": "tofacitinib"}),
    ("patients-by-drug", {"drug": "upadacitinib"}),
    ("references-by-intent", {}),
    ("references-by-intent", {"intent": "cito:citesAsEvidence"}),
    ("references-for-statement", {"statement": "p1.s2"}),
    ("references-for-statement", {"statement": "dupilumab"}),
    ("response", {}),
    ("response-summary", {}),
    ("safety-findings", {}),
    ("value-provenance", {"patient": 1, "measure": "IGA", "time_point": "flare"}),
    ("value-provenance", {"patient": 2, "measure": "BSA", "time_point": "baseline", "doi": "$doi"}),
]
CORPUS_ONLY: list[tuple[str, dict[str, object]]] = [
    ("citation-list", {"doi": "$synthetic_doi"}),
    ("claims-check", {"doi": "$synthetic_doi"}),
    ("patient-table", {"doi": "$synthetic_doi"}),
    ("patient-timeline", {"patient": 2, "doi": "$synthetic_doi"}),
    ("value-provenance", {"patient": 1, "measure": "BSA", "time_point": "flare", "doi": "$synthetic_doi"}),
]

# The helpers that read imported graphs (docs/linking.md, "Questions across datasets"): the builds
# pushed here hold no import, so they must answer nothing on both stores (their answers with the
# import fixtures are checked in tests/test_linked_helpers.py), with the same columns.
CROSS_DATASET: list[tuple[str, dict[str, object]]] = [
    ("catalogue-indications", {}),
    ("literature-mentions", {"doi": "$doi"}),
    ("mechanism-genes", {"doi": "$doi"}),
    ("mechanism-paths", {}),
    ("mechanism-paths", {"doi": "$doi", "drug": "dupilumab"}),
    ("pathway-members", {"pathway": "WP5538", "doi": "$doi"}),
]

def _case_id(dataset: str, name: str, params: dict[str, object]) -> str:
    return "-".join([dataset, name, *(f"{k}={v}".replace("$", "") for k, v in params.items())])


def _params() -> list:
    out = []
    for dataset, cases in (("article", CASES), ("corpus", CASES + CORPUS_ONLY)):
        for name, params in cases:
            out.append(pytest.param(dataset, name, params, id=_case_id(dataset, name, params)))
    return out


@pytest.fixture(scope="module")
def builds(build_dir, tmp_path_factory) -> dict[str, Path]:
    """The real article's build (conftest's) and a build of five synthetic articles plus the real one."""
    root = tmp_path_factory.mktemp("virtuoso-corpus")
    generate(root / "data", articles=5, seed=1, source=ROOT / "data")
    shutil.copytree(ROOT / "data" / "articles" / REAL, root / "data" / "articles" / REAL)
    build(root / "data", ROOT / "ontology", root / "build", root=root)
    return {"article": build_dir, "corpus": root / "build"}


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    reason = missing()
    if reason:
        pytest.fail(reason, pytrace=False)
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso-db"))
    try:
        yield server.start()
    finally:
        server.stop()


class Loaded:
    """Which build Virtuoso holds now, and the graphs pushed for it."""

    def __init__(self) -> None:
        self.dataset: str | None = None
        self.graphs: list[str] = []


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    return Loaded()


def _delete_graph(server: Virtuoso, graph: str) -> None:
    url = server.crud + "?" + urllib.parse.urlencode({"graph": graph})
    request = urllib.request.Request(url, method="DELETE")  # noqa: S310 - our own loopback server
    with urllib.request.urlopen(request, timeout=60):  # noqa: S310
        pass


def _load(server: Virtuoso, loaded: Loaded, dataset: str, folder: Path) -> None:
    """Push ``folder`` to Virtuoso, first deleting the graphs of the build pushed before."""
    if loaded.dataset == dataset:
        return
    for graph in loaded.graphs:
        _delete_graph(server, graph)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(remote, "UNION_CHUNK", 10_000)  # the corpus's union graph goes as one PUT and four POSTs
        result = push(server.crud, folder, union=True)
    loaded.dataset, loaded.graphs = dataset, list(result.graphs)


def _resolve(params: dict[str, object], store) -> dict[str, object]:
    dois = [r[0] for r in query.sparql(
        "SELECT ?doi WHERE { ?a a adkg:CaseSeries ; prism:doi ?doi } ORDER BY ?doi", store).rows]
    real = next(d for d in dois if "synthetic" not in d)
    synthetic = next((d for d in dois if "synthetic" in d), None)
    values = {"$doi": real, "$synthetic_doi": synthetic}
    return {k: values.get(v, v) if isinstance(v, str) else v for k, v in params.items()}


def _order_keys(name: str, columns: list[str]) -> list[int]:
    """Positions of the result columns named in the helper's final ORDER BY."""
    found = re.findall(r"(?im)^ORDER BY\s+(.*)$", query.get(name).text)
    if not found:
        return []
    names = re.findall(r"\?(\w+)", found[-1])
    return [columns.index(n) for n in names if n in columns]


@pytest.mark.parametrize("dataset,name,params", _params())
def test_helper_gives_the_same_rows_on_virtuoso(virtuoso, loaded, builds, dataset, name, params):
    folder = builds[dataset]
    store = open_store(Paths(build=folder))
    _load(virtuoso, loaded, dataset, folder)
    params = _resolve(params, store)
    local = query.run(name, store, **params)
    remote = run_remote(name, virtuoso.sparql, timeout=120, default_graph=UNION_GRAPH, **params)
    assert local.rows, f"{name} {params} has no rows on the embedded store: the comparison would prove nothing"
    assert remote.columns == local.columns
    missing_rows = Counter(local.rows) - Counter(remote.rows)
    extra_rows = Counter(remote.rows) - Counter(local.rows)
    assert not missing_rows and not extra_rows, (
        f"{name} {params}: {len(local.rows)} rows embedded, {len(remote.rows)} on Virtuoso;\n"
        f"only embedded: {sorted(missing_rows.elements(), key=repr)[:5]}\n"
        f"only Virtuoso: {sorted(extra_rows.elements(), key=repr)[:5]}")
    keys = _order_keys(name, local.columns)
    if keys:
        assert [tuple(r[i] for i in keys) for r in remote.rows] == [tuple(r[i] for i in keys) for r in local.rows]


def test_the_union_graph_holds_each_triple_once(virtuoso, loaded, builds):
    """What the helpers read on Virtuoso is the embedded store's default graph: the distinct
    triples of every named graph, each once (a work cited by two articles is in both graphs)."""
    _load(virtuoso, loaded, "corpus", builds["corpus"])
    store = open_store(Paths(build=builds["corpus"]))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    embedded = query.sparql(count, store).rows[0][0]
    assert sparql_remote(virtuoso.sparql, count, default_graph=UNION_GRAPH).rows == [(embedded,)]
    # Without it, Virtuoso's own union of the graphs repeats the shared triples.
    assert sparql_remote(virtuoso.sparql, count).rows[0][0] > 2 * embedded


@pytest.mark.parametrize("name,params", CROSS_DATASET, ids=[_case_id("article", n, p) for n, p in CROSS_DATASET])
def test_cross_dataset_helpers_answer_nothing_without_imports(virtuoso, loaded, builds, name, params):
    _load(virtuoso, loaded, "article", builds["article"])
    store = open_store(Paths(build=builds["article"]))
    params = _resolve(params, store)
    local = query.run(name, store, **params)
    remote = run_remote(name, virtuoso.sparql, timeout=120, default_graph=UNION_GRAPH, **params)
    assert (remote.columns, remote.rows) == (local.columns, []) and local.rows == []
