"""kg import: the pipeline (adapter -> N-Quads, linker, report, imports folder, store), with a
test-only format (tests/import_adapter.py) so it runs before and apart from the real adapters.

Expected identifiers are the article's own (abrocitinib DrugBank DB14973, the references' DOIs,
atopic dermatitis DOID:3310), written here, not read from data/.
"""

from __future__ import annotations

from pathlib import Path

import import_adapter
import pytest
from conftest import snapshot

from kg.core.errors import KgError
from kg.core.identifiers import default
from kg.dataset import query
from kg.dataset.store import Paths, open_store
from kg.link.importer import import_file
from kg.link.linker import Identified, identify

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "import"
ABRO = "https://w3id.org/adkg/id/drug/abrocitinib"
AD = "https://w3id.org/adkg/id/condition/atopic-dermatitis"
SAMPLE = ("a\tabrocitinib\thttps://go.drugbank.com/drugs/DB14973\n"
          "b\tcited work\thttps://doi.org/10.1111/BJD.15928\n"
          "c\tsomething\tFOO:1\n"
          "d\tbad id\tdrugbank:8895\n"
          "e\tAD\tDOID:3310\n"
          "f\tno such gene\thgnc:99999\n")


@pytest.fixture()
def project(build_dir, tmp_path, monkeypatch) -> Paths:
    """A copy of build/, data/ and ontology/ and the test format as the only one registered."""
    return import_adapter.project_copy(build_dir, tmp_path, monkeypatch)


def sample(tmp_path: Path, text: str = SAMPLE, name: str = "sample.testids") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


kg = import_adapter.run_kg


def test_report_counts_identifiers_links_and_reasons(project, tmp_path):
    report = import_file(sample(tmp_path), project).report
    assert (report["records"], report["triples"], report["mentions"]) == (6, 12, 6)
    assert report["identifiers"] == {"DOI": 1, "DOID": 1, "DRUGBANK": 1, "HGNC": 1}
    assert report["unknown_prefixes"] == {"FOO": 1}
    assert report["linked"]["mentions"] == 3 and report["linked"]["links"] == 3
    by_type = report["linked"]["by_type"]
    assert by_type["adkg:JAKInhibitor"]["by_predicate"] == {"http://www.w3.org/2004/02/skos/core#exactMatch": 1}
    assert by_type["biolink:Disease"]["entities"] == 1
    assert by_type["fabio:JournalArticle"]["by_predicate"] == {"http://www.w3.org/2002/07/owl#sameAs": 1}
    assert report["not_linked"] == {
        "malformed": {"count": 1, "examples": [{"identifier": "drugbank:8895", "where": "line 4"}]},
        "no such entity in the graph": {"count": 1, "examples": [{"identifier": "hgnc:99999", "where": "line 6"}]},
        "unknown prefix": {"count": 1, "examples": [{"identifier": "FOO:1", "where": "line 3"}]}}
    written = (project.build / "imports" / "sample.report.json").read_text(encoding="utf-8")
    assert '"import": "sample"' in written and written.endswith("}\n")


WHY = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX adkg: <https://w3id.org/adkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX sssom: <https://w3id.org/sssom/>
SELECT ?property ?justification ?identifier ?where ?source WHERE {
  GRAPH ?links { ?link a owl:Axiom ; owl:annotatedSource ?ours ; owl:annotatedTarget ?theirs ;
                   owl:annotatedProperty ?property ; sssom:mapping_justification ?justification ;
                   adkg:viaIdentifier ?identifier ; adkg:sourceLocation ?where ; prov:wasDerivedFrom ?source } }"""


def test_why_two_nodes_are_linked_is_one_sparql_query(project, tmp_path):
    import_file(sample(tmp_path), project)
    store = open_store(project)
    node = "https://w3id.org/adkg/id/import/sample/node/a"
    rows = query.sparql(WHY + f" VALUES (?ours ?theirs) {{ (<{ABRO}> <{node}>) }}", store).rows
    assert len(rows) == 1
    prop, justification, identifier, where, source = rows[0]
    assert (prop, identifier, where) == ("http://www.w3.org/2004/02/skos/core#exactMatch",
                                         "https://go.drugbank.com/drugs/DB14973", "line 1")
    assert justification == "https://w3id.org/semapv/vocab/DatabaseCrossReference"
    # the provenance record of our mapping (stable when rows are added to the table), in the graph
    assert source.startswith("https://w3id.org/adkg/id/mapping/")
    assert query.sparql(f"ASK {{ <{source}> owl:annotatedSource <{ABRO}> ; owl:annotatedTarget "
                        f"<https://go.drugbank.com/drugs/DB14973> }}", store).boolean
    # The link itself is in the links graph, not in the default graph (the curated union).
    assert query.sparql(f"ASK {{ GRAPH <https://w3id.org/adkg/graph/import/sample/links> "
                        f"{{ <{ABRO}> skos:exactMatch <{node}> }} }}", store).boolean
    assert not query.sparql(f"ASK {{ <{ABRO}> skos:exactMatch <{node}> }}", store).boolean


MAPPINGS = """# mapping_set_id: https://example.org/test-bridges.sssom.tsv
# license: https://creativecommons.org/publicdomain/zero/1.0/
# curie_map:
#   NCIT: "http://purl.obolibrary.org/obo/NCIT_"
#   DRUGBANK: "https://go.drugbank.com/drugs/"
#   MONDO: "http://purl.obolibrary.org/obo/MONDO_"
#   semapv: "https://w3id.org/semapv/vocab/"
#   skos: "http://www.w3.org/2004/02/skos/core#"
subject_id\tpredicate_id\tobject_id\tmapping_justification
NCIT:C90001\tskos:closeMatch\tDRUGBANK:DB14973\tsemapv:ManualMappingCuration
NCIT:C90002\tskos:broadMatch\tMONDO:0004980\tsemapv:ManualMappingCuration
NCIT:C90003\tskos:exactMatch\tDRUGBANK:DB14973\tsemapv:ManualMappingCuration
NCIT:C90003\tskos:exactMatch\tMONDO:0004980\tsemapv:ManualMappingCuration
"""


def test_a_mappings_file_bridges_other_vocabularies(project, tmp_path):
    mappings = tmp_path / "bridges.sssom.tsv"
    mappings.write_text(MAPPINGS, encoding="utf-8")
    source = sample(tmp_path, "x\tabro\tNCIT:C90001\ny\teczema kind\tNCIT:C90002\nz\ttwo things\tNCIT:C90003\n")
    result = import_file(source, project, name="bridged", mappings=mappings)
    assert result.report["not_linked"]["ambiguous"]["examples"] == [{"identifier": "NCIT:C90003", "where": "line 3"}]
    store = open_store(project)
    rows = query.sparql(WHY + " VALUES ?theirs { <https://w3id.org/adkg/id/import/bridged/node/x> "
                        "<https://w3id.org/adkg/id/import/bridged/node/y> }", store).rows
    assert sorted((r[0].rsplit("#", 1)[1], r[1].rsplit("/", 1)[1], r[4]) for r in rows) == [
        # exactMatch (ours) then closeMatch (the row): the weaker; the row's IRI is its line.
        ("closeMatch", "MappingChaining", "https://example.org/test-bridges.sssom.tsv#L10"),
        # NCIT:C90002 is narrower than MONDO:0004980, which our condition exactly matches.
        ("narrowMatch", "MappingChaining", "https://example.org/test-bridges.sssom.tsv#L11")]
    assert (project.imports / "bridged" / "mappings.sssom.tsv").read_text(encoding="utf-8") == MAPPINGS


def test_the_imports_folder_keeps_the_inputs(project, tmp_path):
    source = sample(tmp_path)
    import_file(source, project, options={"b": "2", "a": "1"})
    folder = project.imports / "sample"
    assert sorted(p.name for p in folder.iterdir()) == ["import.json", "source.testids"]
    assert (folder / "source.testids").read_bytes() == source.read_bytes()
    spec = (folder / "import.json").read_text(encoding="utf-8")
    assert '"original": "sample.testids"' in spec and '"a": "1"' in spec and '"format": "test-ids"' in spec
    assert not (project.build / "imports" / "sample").exists()


def test_dry_run_prints_the_report_and_writes_nothing(project, tmp_path, capsys):
    assert kg(project, "query", "patient-table") == 0  # the freshness check has kept its manifest
    before = snapshot(project.build), snapshot(project.data)
    assert kg(project, "import", str(sample(tmp_path)), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "not linked, unknown prefix: 1, e.g. FOO:1 (line 3)" in out and "Dry run: nothing written." in out
    assert (snapshot(project.build), snapshot(project.data)) == before


def test_list_formats(project, capsys):
    assert kg(project, "import", "--list-formats") == 0
    assert capsys.readouterr().out.split() == ["test-ids", "Test", "identifiers", "(tests", "only)", "(.testids)",
                                               "https://example.org/test-ids"]


def test_bad_input_names_its_line_and_writes_nothing(project, tmp_path, capsys):
    assert kg(project, "query", "patient-table") == 0
    before = snapshot(project.build), snapshot(project.data)
    assert kg(project, "import", str(sample(tmp_path, "a\tx\tDOID:3310\n!\n"))) == 1
    assert "sample.testids:2: bad line" in capsys.readouterr().err
    assert (snapshot(project.build), snapshot(project.data)) == before


def test_unknown_format_and_bad_option_are_errors(project, tmp_path, capsys):
    assert kg(project, "import", str(sample(tmp_path)), "--format", "nope") == 1
    assert "unknown format 'nope'" in capsys.readouterr().err
    assert kg(project, "import", str(sample(tmp_path)), "--option", "novalue") == 1
    assert "--option takes KEY=VALUE" in capsys.readouterr().err
    with pytest.raises(KgError, match="no such file"):
        import_file(tmp_path / "missing.testids", project)


@pytest.mark.parametrize("text,expected", [
    ("10.1016/J.JACI.2021.08.009", "10.1016/j.jaci.2021.08.009"),
    ("doi:10.1016/j.jaci.2021.08.009", "10.1016/j.jaci.2021.08.009"),
    ("DOI:10.1016/J.JACI.2021.08.009", "10.1016/j.jaci.2021.08.009"),
    ("https://doi.org/10.1016/j.jaci.2021.08.009", "10.1016/j.jaci.2021.08.009"),
    ("HTTPS://DOI.ORG/10.1016/J.JACI.2021.08.009", "10.1016/j.jaci.2021.08.009"),
    ("http://dx.doi.org/10.1016/J.jaci.2021.08.009", "10.1016/j.jaci.2021.08.009"),
])
def test_dois_in_every_form_and_case(text, expected):
    assert identify(text, default()) == Identified("DOI", expected)


DRUGBANK_TOFACITINIB = "https://go.drugbank.com/drugs/DB08895"


@pytest.mark.parametrize("text,expected", [
    ("DB:DB08895", DRUGBANK_TOFACITINIB), ("drugbank:DB08895", DRUGBANK_TOFACITINIB),
    ("DrugBank:DB08895", DRUGBANK_TOFACITINIB), ("DB08895", DRUGBANK_TOFACITINIB),
    ("https://www.drugbank.ca/drugs/DB08895", DRUGBANK_TOFACITINIB),
    ("http://identifiers.org/drugbank:DB08895", DRUGBANK_TOFACITINIB),
    ("uniprot:P24394", "http://purl.uniprot.org/uniprot/P24394"),
    ("UniProtKB:P24394", "http://purl.uniprot.org/uniprot/P24394"),
    ("hgnc:6014", "https://identifiers.org/hgnc:6014"), ("HGNC:6014", "https://identifiers.org/hgnc:6014"),
    ("NCBIGene:3566", "https://www.ncbi.nlm.nih.gov/gene/3566"),
    ("ncbigene:3566", "https://www.ncbi.nlm.nih.gov/gene/3566"),
    ("mondo:0004980", "http://purl.obolibrary.org/obo/MONDO_0004980"),
    ("MONDO_0004980", "http://purl.obolibrary.org/obo/MONDO_0004980"),
    ("MESH:D003876", "http://id.nlm.nih.gov/mesh/D003876"),
])
def test_identifiers_in_any_synonym_form(text, expected):
    found = identify(text, default())
    assert isinstance(found, Identified) and found.value == expected


@pytest.mark.parametrize("text,reason", [
    ("drugbank:8895", "malformed"), ("FOO:DB08895", "unknown prefix"), ("http://example.org/x", "unknown prefix"),
    ("UniProtKB:3566", "malformed")])
def test_values_that_are_not_identifiers(text, reason):
    assert identify(text, default()).reason == reason


# The RDF adapter's own behaviour on the project's earlier fixtures (run once it is registered).

def _rdf(monkeypatch):
    pytest.importorskip("kg.link.adapters.rdf")
    monkeypatch.undo()


def test_wikidata_extract_joins_on_doi(project, monkeypatch):
    _rdf(monkeypatch)
    report = import_file(FIXTURES / "wikidata-extract.ttl", project).report
    assert report["linked"]["links"] == 5
    store = open_store(project)
    rows = query.sparql("""
        PREFIX wdt: <http://www.wikidata.org/prop/direct/>
        SELECT ?citing ?number WHERE {
          GRAPH <https://w3id.org/adkg/graph/import/wikidata-extract> { ?citing wdt:P2860 ?wd }
          GRAPH <https://w3id.org/adkg/graph/import/wikidata-extract/links> { ?ours owl:sameAs ?wd }
          ?entry biro:references ?ours ; adkg:referenceNumber ?number .
        } ORDER BY ?number""", store).rows
    assert rows == [("http://www.wikidata.org/entity/Q900000001", 1), ("http://www.wikidata.org/entity/Q900000001", 4)]


def test_schema_org_jsonld_joins_on_doi_and_mondo(project, monkeypatch):
    _rdf(monkeypatch)
    import_file(FIXTURES / "schema-org.jsonld", project)
    rows = query.sparql("""
        PREFIX schema: <https://schema.org/>
        SELECT ?number ?condition WHERE {
          GRAPH <https://w3id.org/adkg/graph/import/schema-org> {
            ?study a schema:MedicalStudy ; schema:citation ?cited ; schema:healthCondition ?c }
          GRAPH <https://w3id.org/adkg/graph/import/schema-org/links> {
            ?ours owl:sameAs ?cited . ?our_condition skos:exactMatch ?c }
          ?entry biro:references ?ours ; adkg:referenceNumber ?number . ?our_condition rdfs:label ?condition .
        } ORDER BY ?number""", open_store(project)).rows
    assert rows == [(6, "atopic dermatitis"), (9, "atopic dermatitis")]
