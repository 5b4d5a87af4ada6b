"""Every helper gives the same answers on both stores: ``memory`` (rdflib's engine) and
``oxigraph:PATH`` (an on-disk Oxigraph store), over the real article and over a two-article
corpus (the real one and the invented fixture), where shared works sit in two named graphs.

The article's own answers are asserted in test_query_helpers.py; here a few spot checks from
the article (written below) keep the comparison from passing on two empty results.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from kg import query
from kg.build import build
from kg.network import focus, neighbourhood_quads, network_graph
from kg.store import MemoryStore, OxigraphStore, Paths, open_store, parse_store
from kg.viz import write_page

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "articles" / "invented-2024-upadacitinib-rescue"
DOI = "10.1016/j.jdcr.2023.01.020"

#: Each helper with no parameters, with each optional one, and with its required ones.
CALLS = [
    ("patient-table", {}), ("patient-table", {"doi": DOI}),
    ("drug-targets", {}), ("drug-targets", {"class": "JAK inhibitor"}), ("drug-targets", {"class": "biologic"}),
    ("patients-by-drug", {"drug": "tofacitinib"}), ("patients-by-drug", {"drug": "upadacitinib"}),
    ("patients-by-drug", {"drug": "abrocitinib"}),
    ("response", {}), ("response-summary", {}),
    ("cardiovascular-risk", {}), ("cardiovascular-risk", {"min_age": 50}),
    ("patient-timeline", {"patient": 3}), ("patient-timeline", {"patient": 1, "doi": DOI}),
    ("citation-list", {}), ("citation-list", {"doi": DOI}),
    ("references-by-intent", {}), ("references-by-intent", {"intent": "citesAsEvidence"}),
    ("references-by-intent", {"intent": "cito:citesAsAuthority"}),
    ("references-for-statement", {"statement": "p1.s2"}), ("references-for-statement", {"statement": "tofacitinib"}),
    ("value-provenance", {"patient": 3, "measure": "BSA", "time_point": "flare"}),
    ("value-provenance", {"patient": 1, "measure": "IGA", "time_point": "baseline", "doi": DOI}),
    ("claims-check", {}), ("claims-check", {"doi": DOI}),
    ("safety-findings", {}),
]


def test_every_helper_is_called():
    assert {name for name, _ in CALLS} == {q.name for q in query.available()}


@pytest.fixture(scope="module")
def corpora(tmp_path_factory, build_dir) -> dict[str, Paths]:
    root = tmp_path_factory.mktemp("parity")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(FIXTURE, root / "data" / "articles" / FIXTURE.name)
    build(root / "data", ROOT / "ontology", root / "build", root=root)
    return {"one article": Paths(build=build_dir), "two articles": Paths(build=root / "build")}


@pytest.fixture(scope="module")
def stores(corpora, tmp_path_factory) -> dict[str, tuple]:
    pairs = {}
    for label, paths in corpora.items():
        location = tmp_path_factory.mktemp("oxigraph") / "store"
        pairs[label] = (open_store(paths, rebuild=False),
                        open_store(paths, spec=parse_store(f"oxigraph:{location}"), rebuild=False))
    return pairs


@pytest.mark.parametrize("corpus", ["one article", "two articles"])
@pytest.mark.parametrize("name,params", CALLS, ids=[f"{n}-{'-'.join(map(str, p.values())) or 'all'}" for n, p in CALLS])
def test_helper_gives_the_same_answer_on_both_stores(stores, corpus, name, params):
    memory, disk = stores[corpus]
    assert isinstance(memory, MemoryStore) and isinstance(disk, OxigraphStore)
    on_memory = query.run(name, memory, **params)
    on_disk = query.run(name, disk, **params)
    assert on_memory.columns == on_disk.columns
    assert on_memory.rows == on_disk.rows


def test_spot_checks_from_the_article_on_both_stores(stores):
    for store in stores["one article"]:
        rows = query.run("patients-by-drug", store, drug="tofacitinib").records()
        assert [(r["patient"], r["dose_mg"]) for r in rows] == [(1, Decimal(5)), (3, Decimal(5))]
        summary = query.run("response-summary", store).records()[0]
        assert summary["patients"] == 6
        assert len(query.run("citation-list", store).rows) == 10
        assert len(query.run("patient-table", store).rows) == 6


def test_shared_work_counted_once_on_both_stores(stores):
    """Chovatiya 2021 is cited by both articles, so its triples sit in two named graphs; the
    union default graph must not repeat its rows on either engine."""
    for store in stores["two articles"]:
        rows = query.run("citation-list", store).records()
        keys = [(r["article_doi"], r["number"]) for r in rows]
        assert len(keys) == len(set(keys))
        assert {r["article_doi"] for r in rows} == {DOI, "10.5555/adkg.fixture.2024.001"}


def test_adhoc_sparql_is_the_same_on_both_stores(stores):
    text = ("SELECT ?drug (COUNT(DISTINCT ?p) AS ?patients) WHERE { ?c adkg:drug/rdfs:label ?drug . "
            "?p adkg:hasTreatmentCourse ?c } GROUP BY ?drug ORDER BY ?drug")
    memory, disk = stores["two articles"]
    assert query.sparql(text, memory).rows == query.sparql(text, disk).rows
    assert query.sparql("ASK { ?p a adkg:Patient }", memory).boolean is True
    assert query.sparql("ASK { ?p a adkg:Patient }", disk).boolean is True


@pytest.mark.parametrize("name,depth", [("Patient 3", 1), ("Patient 3", 2), ("dupilumab", 2), ("tofacitinib", 1)])
def test_focused_neighbourhood_equals_focus_on_the_whole_graph(stores, name, depth):
    for store in stores["one article"]:
        whole = focus(network_graph(store), name, depth)
        centre, quads = neighbourhood_quads(store, name, depth)
        part = focus(network_graph(store, quads), centre, depth)
        assert list(part.nodes(data=True)) == list(whole.nodes(data=True))
        assert list(part.edges(keys=True, data=True)) == list(whole.edges(keys=True, data=True))


def test_the_page_is_the_same_from_both_stores(stores, tmp_path):
    pages = []
    for index, store in enumerate(stores["one article"]):
        centre, quads = neighbourhood_quads(store, "Patient 3", 2)
        graph = focus(network_graph(store, quads), centre, 2)
        pages.append(write_page(graph, tmp_path / f"page-{index}.html", "Patient 3", focused=True).read_bytes())
    assert pages[0] == pages[1]
