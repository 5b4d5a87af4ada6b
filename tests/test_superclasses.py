"""Superclasses that answer (issue 13, item 1): the build materialises the ontology's subclass and
subproperty links over the data, in the entailed graphs beside the curated ones, so that a query
for a parent class or property answers on the store, in the dumps and at any endpoint.

Expected values are written from the article (../shared/seed/): Table I has six patients, each
with seven observed values (IGA at four time points, % BSA at three: 42 observations) and two
treatment courses (dupilumab, then a JAK inhibitor: 12); the text names six drugs (dupilumab,
tofacitinib, upadacitinib, baricitinib, abrocitinib, cyclosporine); every patient has atopic
dermatitis, the one cohort is the case series.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli.main import main
from kg.publish.build import build
from kg.publish.finish import SUMMARY_CLASSES

ROOT = Path(__file__).resolve().parent.parent
ENTAILED = "https://w3id.org/adkg/graph/entailed/"
FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "invented-2024-upadacitinib-rescue"


def _count(build_dir: Path, capsys, query: str) -> int:
    """The single number a query prints through `kg sparql` (CSV)."""
    capsys.readouterr()
    assert main(["sparql", query, "--format", "csv", "--build", str(build_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "n" and len(out) == 2, out
    return int(out[1])


@pytest.mark.parametrize("cls,expected", [
    ("sosa:Observation", 42),     # 6 patients x 7 observed values (Table I)
    ("adkg:Observation", 42),     # the parent of the IGA and BSA observations
    ("biolink:Drug", 6),          # the six drugs the article names
    ("biolink:Case", 6),          # the six patients
    ("biolink:Treatment", 12),    # dupilumab and a JAK inhibitor, for each patient
    ("biolink:Cohort", 1),        # the case series
    ("sosa:ObservableProperty", 2),  # IGA and % BSA, the measures of Table I
])
def test_a_parent_class_answers_through_kg_sparql(build_dir, capsys, cls, expected):
    assert _count(build_dir, capsys, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}") == expected


def test_a_parent_property_answers(build_dir, capsys):
    # adkg:hasDiagnosis rdfs:subPropertyOf biolink:has_phenotype: all six patients have atopic dermatitis.
    query = ("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { "
             "?p biolink:has_phenotype <https://w3id.org/adkg/id/condition/atopic-dermatitis> }")
    assert _count(build_dir, capsys, query) == 6


def test_every_assertion_is_an_rdf_statement(build_dir, capsys):
    assertions = _count(build_dir, capsys, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a adkg:Assertion }")
    statements = _count(build_dir, capsys, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a rdf:Statement }")
    assert assertions > 72 and statements == assertions  # at least one per Table I cell


@pytest.mark.parametrize("cls", SUMMARY_CLASSES)
def test_each_summary_count_is_what_the_query_answers(build_dir, capsys, cls):
    summary = json.loads((build_dir / "summary.json").read_text(encoding="utf-8"))
    assert _count(build_dir, capsys, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}") \
        == summary["entities"][cls]


def test_no_rdfs_noise(build_dir, capsys):
    # Only the ontology's own subclass and subproperty links: no rdfs:Resource, owl:Thing or rdf:Property typing.
    query = ("SELECT (COUNT(*) AS ?n) WHERE { ?x a ?t "
             "FILTER(?t IN (rdfs:Resource, owl:Thing, rdf:Property, rdfs:Class) && !STRSTARTS(STR(?x), "
             "'https://w3id.org/adkg/ontology')) }")
    assert _count(build_dir, capsys, query) == 0


@pytest.fixture(scope="module")
def store(build_dir):
    opened = ox.Store.read_only(str(build_dir / "store"))
    yield opened
    del opened


def _rows(store: ox.Store, query: str) -> list:
    return list(store.query(query))


def test_each_curated_graph_has_its_entailed_graph_and_nothing_is_said_twice(store):
    graphs = sorted(g.value for g in store.named_graphs())
    assert [g for g in graphs if g.startswith(ENTAILED)] == [
        ENTAILED + "article/shahriari-2023-jaki-rescue", ENTAILED + "ontology", ENTAILED + "vocabulary"]
    # No entailed triple is held by an asserted graph, nor by a second entailed graph.
    twice = _rows(store, f"""SELECT ?s ?p ?o ?g WHERE {{
        GRAPH ?e {{ ?s ?p ?o }} GRAPH ?g {{ ?s ?p ?o }}
        FILTER(STRSTARTS(STR(?e), "{ENTAILED}") && ?g != ?e) }} LIMIT 5""")
    assert twice == []
    # Each entailed triple is in the default graph (the union the helpers and `kg sparql` read).
    missing = _rows(store, f"""SELECT ?s WHERE {{ GRAPH ?e {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?e), "{ENTAILED}"))
        FILTER NOT EXISTS {{ ?s ?p ?o }} }} LIMIT 5""")
    assert missing == []


def test_summary_says_what_is_asserted_and_what_entailed(build_dir, store):
    summary = json.loads((build_dir / "summary.json").read_text(encoding="utf-8"))
    entailed = int(_rows(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?e {{ ?s ?p ?o }}
        FILTER(STRSTARTS(STR(?e), "{ENTAILED}")) }}""")[0]["n"].value)
    asserted = int(_rows(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
        GRAPH ?g {{ ?s ?p ?o }} FILTER(!STRSTARTS(STR(?g), "{ENTAILED}")) }} }}""")[0]["n"].value)
    assert entailed > 42 + 6 + 6  # at least the superclasses asked for above
    assert (summary["entailed_triples"], summary["asserted_triples"]) == (entailed, asserted)
    assert summary["triples"] == asserted + entailed


def test_a_push_sends_the_entailed_graphs(build_dir):
    from kg.endpoint.remote import _graphs  # what `kg push` PUTs, graph by graph

    pushed = _graphs(build_dir)
    assert ENTAILED + "article/shahriari-2023-jaki-rescue" in pushed
    observations = {q.subject for q in pushed[ENTAILED + "article/shahriari-2023-jaki-rescue"]
                    if q.object == ox.NamedNode("http://www.w3.org/ns/sosa/Observation")}
    assert len(observations) == 42


def test_an_added_article_brings_its_entailed_graph_as_a_full_build_does(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "ontology", tmp_path / "ontology")
    articles = tmp_path / "data" / "articles"
    build(tmp_path / "data", tmp_path / "ontology", tmp_path / "build", root=tmp_path, documents=False)
    shutil.copytree(FIXTURE, articles / FIXTURE.name)
    result = build(tmp_path / "data", tmp_path / "ontology", tmp_path / "build", root=tmp_path, documents=False)
    assert (result.rebuilt.full, result.rebuilt.added) == (False, (FIXTURE.name,))
    assert result.summary["graphs"][ENTAILED + "article/" + FIXTURE.name] > 0
    full = build(tmp_path / "data", tmp_path / "ontology", tmp_path / "full", root=tmp_path, documents=False)
    assert full.rebuilt.full
    for name in ("adkg.nq", "summary.json", "void.ttl", "adkg-build.json"):
        assert (tmp_path / "build" / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), name
    # The invented fixture's patients are cases too (its Table I has two).
    store = ox.Store.read_only(str(tmp_path / "build" / "store"))
    cases = store.query(f"""SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH <{ENTAILED}article/{FIXTURE.name}> {{
        ?x a <https://w3id.org/biolink/vocab/Case> }} }}""")
    assert int(next(iter(cases))["n"].value) == 2

