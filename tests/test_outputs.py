"""build/ holds every serialisation; they agree with each other; builds are byte-identical."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.publish.serialize import OUTPUT_FILES

ROOT = Path(__file__).resolve().parent.parent


def test_build_writes_every_file(build_dir):
    assert sorted(p.name for p in build_dir.iterdir()) == sorted(OUTPUT_FILES)


def _quads(dataset: Dataset) -> dict[str, Graph]:
    graphs = {}
    for graph in dataset.graphs():
        if len(graph):
            g = Graph()
            for triple in graph:
                g.add(triple)
            graphs[str(graph.identifier)] = g
    return graphs


def test_trig_nquads_and_jsonld_hold_the_same_named_graphs(build_dir):
    trig = _quads(Dataset().parse(build_dir / "adkg.trig", format="trig"))
    nquads = _quads(Dataset().parse(build_dir / "adkg.nq", format="nquads"))
    jsonld = _quads(Dataset().parse(build_dir / "adkg.jsonld", format="json-ld"))
    # Each curated graph and, beside it, what the ontology's subclass and subproperty links entail from it.
    assert sorted(trig) == sorted(nquads) == sorted(jsonld) == [
        "https://w3id.org/adkg/graph/article/shahriari-2023-jaki-rescue",
        "https://w3id.org/adkg/graph/entailed/article/shahriari-2023-jaki-rescue",
        "https://w3id.org/adkg/graph/entailed/ontology",
        "https://w3id.org/adkg/graph/entailed/vocabulary",
        "https://w3id.org/adkg/graph/ontology",
        "https://w3id.org/adkg/graph/vocabulary",
    ]
    for name in trig:
        assert isomorphic(trig[name], nquads[name]), name
        assert isomorphic(trig[name], jsonld[name]), name
    merged = Graph().parse(build_dir / "adkg.ttl", format="turtle")
    union = Graph()
    for g in trig.values():
        union += g
    assert isomorphic(merged, union)


def test_jsonld_uses_the_shipped_context(build_dir):
    doc = json.loads((build_dir / "adkg.jsonld").read_text(encoding="utf-8"))
    shipped = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == shipped["@context"]
    assert json.loads((build_dir / "context.jsonld").read_text(encoding="utf-8")) == shipped


def test_summary(build_dir):
    summary = json.loads((build_dir / "summary.json").read_text(encoding="utf-8"))
    entities = summary["entities"]
    # The article: 6 patients, 10 references, 12 treatment courses (dupilumab + a JAK-I each),
    # 7 outcome values per patient, 72 Table I cells.
    assert (entities["adkg:Patient"], entities["biro:BibliographicReference"],
            entities["adkg:TreatmentCourse"], entities["adkg:Observation"],
            entities["adkg:TableCell"]) == (6, 10, 12, 42, 72)
    assert summary["triples"] == sum(summary["graphs"].values())


def _build(out: Path, seed: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    subprocess.run([sys.executable, "-m", "kg", "build", "--out", str(out)], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=300)
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir()) if p.is_file()}
    # The store is a database (its files carry their own ids): compare what it holds instead.
    store = ox.Store.read_only(str(out / "store"))
    dump = ox.serialize(store, format=ox.RdfFormat.N_QUADS)
    files["store"] = hashlib.sha256(b"".join(sorted(dump.splitlines(keepends=True)))).hexdigest()
    return files


def test_two_builds_are_byte_identical(tmp_path):
    first = _build(tmp_path / "one", "1")
    second = _build(tmp_path / "two", "2")
    assert first == second
    assert sorted(first) == sorted(OUTPUT_FILES)


def test_no_timestamps_or_blank_nodes(build_dir):
    text = (build_dir / "adkg.nq").read_text(encoding="utf-8")
    assert "_:" not in text
    assert "dateTime" not in text


def test_void_describes_the_dataset_and_its_linksets(build_dir):
    void = Graph().parse(build_dir / "void.ttl", format="turtle")
    summary = json.loads((build_dir / "summary.json").read_text(encoding="utf-8"))
    rows = {str(r.t): r for r in void.query("""
        PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?t ?n ?p WHERE { ?l a void:Linkset ; void:objectsTarget/<http://purl.org/dc/terms/title> ?t ;
                                   void:triples ?n ; void:linkPredicate ?p }""")}
    # 9 conditions mapped to MONDO in data/mappings; 11 works (the article and its 10 references) to DOIs.
    assert int(rows["MONDO"].n) == 9 and int(rows["DOI"].n) == 11
    assert str(rows["MONDO"].p) == "http://www.w3.org/2004/02/skos/core#exactMatch"
    total = void.value(URIRef("https://w3id.org/adkg/dataset"), URIRef("http://rdfs.org/ns/void#triples"))
    assert int(total) == summary["triples"]
    subsets = {str(s): int(n) for s, n in void.query("""
        PREFIX void: <http://rdfs.org/ns/void#> PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
        SELECT ?s ?n WHERE { ?s a sd:NamedGraph ; void:triples ?n }""")}
    assert subsets == summary["graphs"]
    patients = void.query("""PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?n WHERE { ?c void:class <https://w3id.org/adkg/ontology#Patient> ; void:entities ?n }""")
    assert [int(r.n) for r in patients] == [6]
    assert "_:" not in (build_dir / "void.ttl").read_text(encoding="utf-8")
