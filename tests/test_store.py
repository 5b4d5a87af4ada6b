"""The embedded store build/store/: built, found stale, imported into, like a user would meet
it; and the regressions found while adding it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from kg.dataset import query
from kg.dataset.store import Paths, is_current, memory_store, open_store
from kg.publish.build import build
from kg.publish.storage import MARKER
from kg.validate.shacl import check_queries

ROOT = Path(__file__).resolve().parent.parent
ADKG = "https://w3id.org/adkg/ontology#"


def _kg(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "ontology", root / "ontology")
    return root


def test_build_writes_the_embedded_store(project):
    done = _kg("build", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "6  adkg:Patient" in done.stdout
    assert (project / "build" / "store" / MARKER).is_file()
    memory = build(project / "data", project / "ontology", project / "b2", write=False)
    on_disk = json.loads((project / "build" / "summary.json").read_text(encoding="utf-8"))
    assert on_disk == memory.summary
    out = _kg("query", "patients-by-drug", "--param", "drug=tofacitinib", "--format", "csv", cwd=project)
    assert out.returncode == 0, out.stderr
    assert [line.split(",")[0] for line in out.stdout.splitlines()[1:]] == ["1", "3"]
    assert "rebuilding" not in out.stderr  # the build left the store current


def test_no_documents_leaves_out_the_rdflib_dumps(tmp_path, project):
    done = _kg("build", "--no-documents", "--out", str(tmp_path / "b"), cwd=project)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "adkg-build.json", "adkg.nq", "context.jsonld", "ro-crate-metadata.json", "store", "summary.json", "void.ttl"]


def test_a_changed_build_file_makes_the_build_stale(project, tmp_path):
    paths = Paths(tmp_path / "build", project / "data", project / "ontology")
    build(paths.data, paths.ontology, paths.build)
    assert is_current(paths)
    store = open_store(paths)
    assert len(query.run("patient-table", store).rows) == 6
    del store
    # A file the store does not hold makes it stale: the command layer rebuilds before reading.
    (paths.build / "imports").mkdir()
    shutil.copy(paths.build / "adkg.nq", paths.build / "imports" / "copy.nq")
    assert not is_current(paths)
    build(paths.data, paths.ontology, paths.build)  # reloads the store with the import kept
    assert is_current(paths)
    assert len(query.run("patient-table", open_store(paths)).rows) == 6  # the copy's triples are not repeated


def test_import_goes_into_the_store_without_a_rebuild(project):
    pytest.importorskip("kg.link.adapters.rdf")  # the RDF adapter reads the Turtle fixture
    fixture = ROOT / "tests" / "fixtures" / "import" / "wikidata-extract.ttl"
    done = _kg("import", str(fixture), cwd=project)
    assert done.returncode == 0, done.stderr
    text = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/adkg/graph/import/wikidata-extract> "
            "{ ?s ?p ?o } }")
    out = _kg("sparql", text, "--format", "csv", cwd=project)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.splitlines()[1]) > 0
    assert "rebuilding" not in out.stderr  # the import went into the store; no rebuild


def test_memory_store_answers_like_the_embedded_one(project, tmp_path):
    paths = Paths(tmp_path / "build", project / "data", project / "ontology")
    build(paths.data, paths.ontology, paths.build)
    rows = query.run("patients-by-drug", memory_store(paths), drug="upadacitinib").rows
    assert [r[0] for r in rows] == [2, 4, 5, 6]


def test_missing_provenance_check_needs_a_table_cell():
    """Regression for the MINUS rewrite: an assertion derived from something that is not a
    table cell does not count as provenance."""
    graph = Graph().parse(ROOT / "ontology" / "adkg.ttl", format="turtle")
    patient = URIRef("https://w3id.org/adkg/id/article/x/patient/1")
    assertion = URIRef("https://w3id.org/adkg/id/article/x/assertion/1")
    graph.add((patient, URIRef(ADKG + "ageYears"), Literal(40)))
    for p, o in ((RDF.subject, patient), (RDF.predicate, URIRef(ADKG + "ageYears")), (RDF.object, Literal(40)),
                 (PROV.wasDerivedFrom, URIRef("https://w3id.org/adkg/id/article/x/sentence/1"))):
        graph.add((assertion, p, o))
    found = [str(p) for p in check_queries(graph, ROOT / "ontology" / "checks", None)]
    assert any("missing provenance" in p for p in found)
    graph.add((URIRef("https://w3id.org/adkg/id/article/x/sentence/1"), RDF.type, URIRef(ADKG + "TableCell")))
    found = [str(p) for p in check_queries(graph, ROOT / "ontology" / "checks", None)]
    assert not any("missing provenance" in p for p in found)


def test_focused_page_does_not_depend_on_the_hash_seed(project, tmp_path):
    """Regression: networkx's subgraph copy followed a set's order, so the focused page's layout
    changed with PYTHONHASHSEED."""
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"page-{seed}.html"
        done = _kg("viz", "--focus", "Patient 3", "-o", str(out), cwd=project, env={"PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


def test_response_summary_median_with_repeated_values():
    """Regression: the median averaged every patient at a middle value, so reductions 1, 1, 2, 3
    gave 1.33; the median of four values is the mean of the middle two, 1.5."""
    import pyoxigraph as ox

    sosa, adkg = "http://www.w3.org/ns/sosa/", ADKG
    store = ox.Store()
    graph = ox.NamedNode("https://w3id.org/adkg/graph/article/x")
    for number, (flare, week4) in enumerate([(10, 9), (5, 4), (7, 5), (3, 0)], start=1):
        patient = ox.NamedNode(f"https://w3id.org/adkg/id/article/x/patient/{number}")
        store.add(ox.Quad(patient, ox.NamedNode(str(RDF.type)), ox.NamedNode(adkg + "Patient"), graph))
        for kind, time_point, value in (("BSAInvolvement", "Flare", flare), ("BSAInvolvement", "PostJAKiWeek4", week4),
                                        ("IGA", "PostJAKiWeek4", 1)):
            node = ox.NamedNode(f"{patient.value}/observation/{kind}-{time_point}")
            for p, o in ((sosa + "hasFeatureOfInterest", patient),
                         (sosa + "observedProperty", ox.NamedNode(adkg + kind)),
                         (adkg + "atTimePoint", ox.NamedNode(adkg + time_point)),
                         (sosa + "hasSimpleResult", ox.Literal(str(value), datatype=ox.NamedNode(
                             "http://www.w3.org/2001/XMLSchema#integer")))):
                store.add(ox.Quad(node, ox.NamedNode(p), o, graph))
    row = query.run("response-summary", store).records()[0]
    assert row["patients"] == 4
    assert row["median_bsa_reduction"] == 1.5
    assert (row["min_bsa_reduction"], row["max_bsa_reduction"]) == (1, 3)
