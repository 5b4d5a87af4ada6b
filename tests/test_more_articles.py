"""A second article (an invented fixture, kept out of data/) unifies with the first on shared
entities while keeping its own named graph; cross-article queries join them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef

from kg.dataset import query
from kg.dataset.store import Paths, open_store
from kg.publish.build import build

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "invented-2024-upadacitinib-rescue"
FIRST_DOI, SECOND_DOI = "10.1016/j.jdcr.2023.01.020", "10.5555/adkg.fixture.2024.001"


@pytest.fixture(scope="module")
def two_articles(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("two")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(FIXTURE, root / "data" / "articles" / FIXTURE.name)
    build(root / "data", root / "ontology", root / "build", root=root)
    return root


@pytest.fixture(scope="module")
def store(two_articles):
    return open_store(Paths(two_articles / "build", two_articles / "data", two_articles / "ontology"))


def test_each_article_keeps_its_named_graph_and_shares_entities(two_articles):
    dataset = Dataset().parse(two_articles / "build" / "adkg.nq", format="nquads")
    graphs = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    first = graphs["https://w3id.org/adkg/graph/article/shahriari-2023-jaki-rescue"]
    second = graphs["https://w3id.org/adkg/graph/article/invented-2024-upadacitinib-rescue"]
    upadacitinib = URIRef("https://w3id.org/adkg/id/drug/upadacitinib")
    chovatiya = URIRef("https://w3id.org/adkg/id/doi/10.1016/j.jaci.2021.08.009")
    for graph in (first, second):
        assert (None, None, upadacitinib) in graph
        assert (chovatiya, None, None) in graph  # the cited work, described from each reference list
    # The fixture writes the DOI in upper case; both articles still cite one work.
    dois = {o for g in (first, second) for o in g.objects(chovatiya, URIRef("http://prismstandard.org/namespaces/basic/2.0/doi"))}
    assert {str(d) for d in dois} == {"10.1016/j.jaci.2021.08.009"}


def test_articles_reporting_upadacitinib_for_ad(store):
    rows = query.sparql("""
        SELECT ?doi (COUNT(DISTINCT ?p) AS ?patients) WHERE {
          ?p adkg:reportedIn/prism:doi ?doi ; adkg:hasDiagnosis/rdfs:label "atopic dermatitis" ;
             adkg:hasTreatmentCourse/adkg:drug/rdfs:label "upadacitinib" .
        } GROUP BY ?doi ORDER BY ?doi""", store).rows
    assert rows == [(FIRST_DOI, 4), (SECOND_DOI, 2)]


def test_papers_cited_by_both(store):
    rows = query.sparql(f"""
        SELECT DISTINCT ?cited WHERE {{
          ?a prism:doi "{FIRST_DOI}" ; cito:cites ?w . ?b prism:doi "{SECOND_DOI}" ; cito:cites ?w .
          ?w prism:doi ?cited }} ORDER BY ?cited""", store).rows
    assert rows == [("10.1016/j.jaci.2021.08.009",), ("10.1056/nejmoa1314768",)]


def test_helpers_tell_the_articles_apart(store):
    first = query.run("patient-table", store, doi=FIRST_DOI).rows
    second = query.run("patient-table", store, doi=SECOND_DOI).rows
    assert len(first) == 6 and [r[0] for r in second] == [1, 2]
    assert [r[-2] for r in second] == [15, 30]  # upadacitinib 15 and 30 mg
    citing = {r[0] for r in query.run("citation-list", store).rows}
    assert citing == {FIRST_DOI, SECOND_DOI}
    claims = query.run("claims-check", store).rows
    assert {r[0] for r in claims} == {FIRST_DOI}  # the fixture states no summary claims
