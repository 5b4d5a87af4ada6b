"""kg import: external datasets in their own named graph, aligned to ours by shared identifiers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.core.errors import KgError
from kg.dataset import query
from kg.dataset.store import Paths, open_store
from kg.link.importer import _identifiers, import_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "import"


@pytest.fixture()
def paths(build_dir, tmp_path) -> Paths:
    shutil.copytree(build_dir, tmp_path / "build")
    return Paths(tmp_path / "build", ROOT / "data", ROOT / "ontology")


def test_wikidata_extract_joins_on_doi(paths):
    result = import_file(FIXTURES / "wikidata-extract.ttl", paths)
    assert (result.triples, result.same_as, result.exact_match) == (18, 2, 3)
    store = open_store(paths)
    # Which works in the extract cite papers that our article cites (joined through the DOI links)?
    rows = query.sparql("""
        PREFIX wdt: <http://www.wikidata.org/prop/direct/>
        SELECT ?citing ?number WHERE {
          ?citing wdt:P2860 ?wd .
          ?ours owl:sameAs ?wd .
          ?entry biro:references ?ours ; adkg:referenceNumber ?number .
        } ORDER BY ?number""", store).rows
    assert rows == [("http://www.wikidata.org/entity/Q900000001", 1), ("http://www.wikidata.org/entity/Q900000001", 4)]
    assert query.sparql("""ASK { <https://w3id.org/adkg/id/condition/atopic-dermatitis> skos:exactMatch
                                 <http://www.wikidata.org/entity/Q900000005> }""", store).boolean
    # Same DrugBank ID: exactMatch. Same HGNC ID: closeMatch, as our protein node is only close to the gene.
    assert query.sparql("""ASK { <https://w3id.org/adkg/id/drug/upadacitinib> skos:exactMatch
                                 <http://www.wikidata.org/entity/Q900000006> }""", store).boolean
    assert query.sparql("""ASK { <https://w3id.org/adkg/id/protein/il-4> skos:closeMatch
                                 <http://www.wikidata.org/entity/Q900000007> }""", store).boolean


def test_schema_org_jsonld_joins_on_doi_and_mondo(paths):
    result = import_file(FIXTURES / "schema-org.jsonld", paths)
    assert (result.same_as, result.exact_match) == (2, 1)
    store = open_store(paths)
    rows = query.sparql("""
        PREFIX schema: <https://schema.org/>
        SELECT ?number ?condition WHERE {
          ?study a schema:MedicalStudy ; schema:citation ?cited ; schema:healthCondition ?c .
          ?ours owl:sameAs ?cited . ?entry biro:references ?ours ; adkg:referenceNumber ?number .
          ?our_condition skos:exactMatch ?c ; rdfs:label ?condition .
        } ORDER BY ?number""", store).rows
    # The study cites ref 6 by its DOI IRI and ref 9 through a record with an http://dx.doi.org identifier.
    assert rows == [(6, "atopic dermatitis"), (9, "atopic dermatitis")]


def test_each_import_keeps_its_named_graph(paths):
    import_file(FIXTURES / "wikidata-extract.ttl", paths)
    store = open_store(paths)
    graphs = {row[0] for row in query.sparql("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", store).rows}
    assert {"https://w3id.org/adkg/graph/import/wikidata-extract",
            "https://w3id.org/adkg/graph/import/wikidata-extract/links"} <= graphs


UNION_MATCHES = """SELECT (COUNT(*) AS ?n) WHERE { { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }
                    FILTER NOT EXISTS { ?s ?p ?o } }"""


def test_importing_a_new_version_replaces_the_old_in_the_union(paths, tmp_path):
    """Regression: the store is updated in place (not reloaded), and its default graph stays the
    union of the named graphs: the earlier version's triples leave it, the new ones enter."""
    import_file(FIXTURES / "wikidata-extract.ttl", paths)
    newer = tmp_path / "wikidata-extract.ttl"
    text = (FIXTURES / "wikidata-extract.ttl").read_text(encoding="utf-8")
    newer.write_text(text.replace("An unrelated cited work (fixture)", "A renamed cited work (fixture)"),
                     encoding="utf-8")
    import_file(newer, paths)
    store = open_store(paths)
    labels = {row[0] for row in query.sparql(
        "SELECT ?l WHERE { <http://www.wikidata.org/entity/Q900000004> rdfs:label ?l }", store).rows}
    assert labels == {"A renamed cited work (fixture)"}
    assert query.sparql(UNION_MATCHES, store).rows == [(0,)]  # every named-graph triple is in the union
    held = query.sparql("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }",
                        store).rows
    assert query.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", store).rows == held  # and nothing else


@pytest.mark.parametrize("value", ["10.1016/J.JACI.2021.08.009", "doi:10.1016/j.jaci.2021.08.009",
                                   "https://doi.org/10.1016/j.jaci.2021.08.009",
                                   "http://dx.doi.org/10.1016/J.jaci.2021.08.009"])
def test_dois_match_in_any_usual_form(value):
    graph = Graph()
    graph.add((URIRef("urn:x"), URIRef("http://www.wikidata.org/prop/direct/P356"), Literal(value)))
    graph.add((URIRef("urn:y"), URIRef("https://schema.org/citation"), Literal(value)))  # not an identifier
    assert set(_identifiers(graph)) == {(URIRef("urn:x"), "doi", "10.1016/j.jaci.2021.08.009")}


def test_a_broken_file_reports_its_line_and_adds_nothing(paths, tmp_path):
    import_file(FIXTURES / "wikidata-extract.ttl", paths)
    before = {p.name: p.read_bytes() for p in (paths.build / "imports").iterdir()}
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e \"unclosed .\n",
                      encoding="utf-8")
    with pytest.raises(KgError, match=r"broken\.ttl:3: .*nothing imported"):
        import_file(broken, paths)
    assert {p.name: p.read_bytes() for p in (paths.build / "imports").iterdir()} == before


def test_remote_jsonld_context_is_refused(paths, tmp_path):
    remote = tmp_path / "remote.jsonld"
    remote.write_text('{"@context": "https://example.org/context.jsonld", "@id": "urn:x", "name": "x"}',
                      encoding="utf-8")
    with pytest.raises(KgError, match="remote and is not fetched"):
        import_file(remote, paths)


def test_cli_import(paths):
    result = subprocess.run([sys.executable, "-m", "kg", "import", str(FIXTURES / "schema-org.jsonld"),
                             "--build", str(paths.build), "--data", str(paths.data), "--ontology", str(paths.ontology)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "linked 2 works (owl:sameAs, same DOI) and 1 entities" in result.stdout


DRUGBANK_TOFACITINIB = "https://go.drugbank.com/drugs/DB08895"


@pytest.mark.parametrize("predicate,value,expected", [
    # A CURIE in any prefix synonym and case, a bare DrugBank ID, and other IRI forms of it.
    ("https://schema.org/identifier", "DB:DB08895", DRUGBANK_TOFACITINIB),
    ("https://schema.org/identifier", "drugbank:DB08895", DRUGBANK_TOFACITINIB),
    ("https://schema.org/identifier", "DrugBank:DB08895", DRUGBANK_TOFACITINIB),
    ("https://schema.org/identifier", "DB08895", DRUGBANK_TOFACITINIB),
    ("http://www.w3.org/2002/07/owl#sameAs", "https://www.drugbank.ca/drugs/DB08895", DRUGBANK_TOFACITINIB),
    ("http://www.w3.org/2002/07/owl#sameAs", "http://identifiers.org/drugbank:DB08895", DRUGBANK_TOFACITINIB),
    ("https://schema.org/identifier", "uniprot:P24394", "http://purl.uniprot.org/uniprot/P24394"),
    ("https://schema.org/identifier", "UniProtKB:P24394", "http://purl.uniprot.org/uniprot/P24394"),
    ("https://schema.org/identifier", "hgnc:6014", "https://identifiers.org/hgnc:6014"),
    ("https://schema.org/identifier", "NCBIGene:3566", "https://www.ncbi.nlm.nih.gov/gene/3566"),
    ("http://www.w3.org/2004/02/skos/core#exactMatch", "mondo:0004980", "http://purl.obolibrary.org/obo/MONDO_0004980"),
    ("http://www.w3.org/2004/02/skos/core#exactMatch", "MONDO_0004980", "http://purl.obolibrary.org/obo/MONDO_0004980"),
    # Wikidata identifier properties (P352 UniProt ID, P351 Entrez Gene ID): bare values.
    ("http://www.wikidata.org/prop/direct/P352", "P24394", "http://purl.uniprot.org/uniprot/P24394"),
    ("http://www.wikidata.org/prop/direct/P351", "3566", "https://www.ncbi.nlm.nih.gov/gene/3566"),
])
def test_identifiers_match_in_any_synonym_form(predicate, value, expected):
    graph = Graph()
    graph.add((URIRef("urn:x"), URIRef(predicate), Literal(value)))
    assert set(_identifiers(graph)) == {(URIRef("urn:x"), "iri", expected)}


@pytest.mark.parametrize("predicate,value", [
    ("https://schema.org/identifier", "drugbank:8895"),          # not a DrugBank identifier (pattern)
    ("https://schema.org/identifier", "FOO:DB08895"),            # unknown prefix
    ("https://schema.org/citation", "drugbank:DB08895"),         # not an identifier predicate
    ("http://www.wikidata.org/prop/direct/P352", "3566"),       # not a UniProt accession
])
def test_values_that_are_not_identifiers_are_left_alone(predicate, value):
    graph = Graph()
    graph.add((URIRef("urn:x"), URIRef(predicate), Literal(value)))
    assert set(_identifiers(graph)) == set()
