"""The mapping table (data/mappings/*.sssom.tsv): sourced rows, canonical IRIs, no identifier from
anywhere else, and a clear failure on a malformed CURIE."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml
from rdflib import Dataset, URIRef
from rdflib.namespace import SKOS

from kg.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
TABLES = sorted((ROOT / "data" / "mappings").glob("*.sssom.tsv"))
CANONICAL = {  # prefix -> canonical IRI form (as the OBO Foundry / bioregistry write them)
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_", "HP": "http://purl.obolibrary.org/obo/HP_",
    "DOID": "http://purl.obolibrary.org/obo/DOID_", "GO": "http://purl.obolibrary.org/obo/GO_",
    "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_",
}


def _rows(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    header = yaml.safe_load("\n".join(l[1:] for l in lines if l.startswith("#")))
    return header, list(csv.DictReader([l for l in lines if not l.startswith("#")], delimiter="\t"))


@pytest.mark.parametrize("path", TABLES, ids=[p.name for p in TABLES])
def test_every_row_is_sourced_and_well_formed(path):
    header, rows = _rows(path)
    assert rows
    for row in rows:
        assert row["see_also"].strip(), row
        assert row["mapping_justification"].startswith("semapv:"), row
        assert row["predicate_id"] in {"skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch"}
        prefix, _, local = row["object_id"].partition(":")
        assert prefix in header["curie_map"] and re.fullmatch(r"[A-Za-z0-9_.-]+", local), row["object_id"]
        if prefix in CANONICAL:
            assert header["curie_map"][prefix] == CANONICAL[prefix]
    keys = [(r["subject_id"], r["predicate_id"], r["object_id"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_every_external_identifier_in_the_graph_comes_from_the_table(build_dir):
    expected = set()
    for path in TABLES:
        header, rows = _rows(path)
        for row in rows:
            prefix, _, local = row["object_id"].partition(":")
            expected.add(URIRef(header["curie_map"][prefix] + local))
    dataset = Dataset().parse(build_dir / "adkg.nq", format="nquads")
    vocabulary = dataset.graph(URIRef("https://w3id.org/adkg/graph/vocabulary"))
    found = {o for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch)
             for o in vocabulary.objects(None, p)}
    assert found == expected
    # In the article graphs, the only external identifiers are the works' DOI IRIs.
    for graph in dataset.graphs():
        if "/graph/article/" in str(graph.identifier):
            assert {str(o)[:16] for o in graph.objects(None, SKOS.exactMatch)} == {"https://doi.org/"}


@pytest.mark.parametrize("bad,message", [
    ("\tskos:exactMatch\tMONDO:0005044\t", "\tskos:exactMatch\tMONDO:00 05044\t"),
    ("\tskos:exactMatch\tMONDO:0005044\t", "\tskos:exactMatch\tMONDOX:0005044\t"),
])
def test_a_malformed_curie_fails_the_build(data_copy, capsys, bad, message):
    path = data_copy / "data" / "mappings" / "adkg.sssom.tsv"
    text = path.read_text(encoding="utf-8")
    assert bad in text
    path.write_text(text.replace(bad, message, 1), encoding="utf-8")
    code = main(["build", "--data", str(data_copy / "data"), "--ontology", str(data_copy / "ontology"),
                 "--out", str(data_copy / "build")])
    err = capsys.readouterr().err
    assert code == 1
    assert "adkg.sssom.tsv:" in err and "field 'object_id'" in err and "malformed CURIE" in err


def test_a_non_canonical_iri_in_the_curie_map_fails(data_copy, capsys):
    path = data_copy / "data" / "mappings" / "adkg.sssom.tsv"
    text = path.read_text(encoding="utf-8").replace("http://purl.obolibrary.org/obo/MONDO_", "http://purl.obolibrary.org/obo/mondo#", 1)
    path.write_text(text, encoding="utf-8")
    code = main(["build", "--data", str(data_copy / "data"), "--ontology", str(data_copy / "ontology"),
                 "--out", str(data_copy / "build")])
    assert code == 1 and "curie_map" in capsys.readouterr().err
