"""The mapping table (data/mappings/*.sssom.tsv): sourced rows, canonical IRIs, no identifier from
anywhere else, and a clear failure on a malformed CURIE."""

from __future__ import annotations

import csv
import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from curies import Converter
from rdflib import Dataset, URIRef
from rdflib.namespace import SKOS

from kg.cli.main import main
from kg.core.errors import CurationError
from kg.core.identifiers import default, load
from kg.core.prefixes import PREFIX_IRIS
from kg.ingest.load import Vocabulary
from kg.ingest.mappings import load_mappings

ROOT = Path(__file__).resolve().parent.parent
TABLES = sorted((ROOT / "data" / "mappings").glob("*.sssom.tsv"))
CANONICAL = {  # prefix -> canonical IRI form (as the OBO Foundry / bioregistry write them)
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_", "HP": "http://purl.obolibrary.org/obo/HP_",
    "DOID": "http://purl.obolibrary.org/obo/DOID_", "GO": "http://purl.obolibrary.org/obo/GO_",
    "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_",
}


def _rows(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    header = yaml.safe_load("\n".join(line[1:] for line in lines if line.startswith("#")))
    return header, list(csv.DictReader([line for line in lines if not line.startswith("#")], delimiter="\t"))


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



# --- Identifiers other AD datasets write (issue 12): each reaches the entity written here ---
# (object as the other dataset writes it, our entity, the predicate). Values from the sources the
# rows cite: the HGNC complete set (IL4 = HGNC:6014 = NCBI Gene 3565 = ENSG00000113520, IL4R =
# HGNC:6015 = 3566 = ENSG00000077238, IL13 = HGNC:5973), DrugMechDB's dupilumab path (MESH:C582203),
# dismech's atopic dermatitis file (NCIT:C162455, hgnc:6014), the Disease Ontology (DOID:3310 xref
# MESH:D003876), WP5538's datanodes (drugbank:DB12159 with wikidata:Q5315925) and issue 13 (the CKD
# heading is D051436; D007676 is narrower).
LINKED = [
    ("hgnc:6014", "protein:il-4", "skos:closeMatch"),
    ("hgnc.symbol:IL4", "protein:il-4", "skos:closeMatch"),
    ("ncbigene:3565", "protein:il-4", "skos:closeMatch"),
    ("ensembl:ENSG00000113520", "protein:il-4", "skos:closeMatch"),
    ("uniprot:P05112", "protein:il-4", "skos:exactMatch"),
    ("ncbigene:3566", "protein:il-4ra", "skos:closeMatch"),
    ("hgnc.symbol:IL4R", "protein:il-4ra", "skos:closeMatch"),
    ("ensembl:ENSG00000077238", "protein:il-4ra", "skos:closeMatch"),
    ("UniProt:P24394", "protein:il-4ra", "skos:exactMatch"),
    ("HGNC:5973", "protein:il-13", "skos:closeMatch"),
    ("hgnc:19372", "protein:il-31", "skos:closeMatch"),
    ("DOID:3310", "condition:atopic-dermatitis", "skos:exactMatch"),
    ("MESH:D003876", "condition:atopic-dermatitis", "skos:exactMatch"),
    ("MONDO:0004980", "condition:atopic-dermatitis", "skos:exactMatch"),
    ("MESH:D051436", "condition:chronic-kidney-disease", "skos:exactMatch"),
    ("MESH:D007676", "condition:chronic-kidney-disease", "skos:narrowMatch"),
    ("DOID:0051061", "condition:cerebrovascular-accident", "skos:exactMatch"),
    ("DOID:1168", "condition:hyperlipidemia", "skos:closeMatch"),
    ("MESH:C582203", "drug:dupilumab", "skos:exactMatch"),
    ("NCIT:C162455", "drug:dupilumab", "skos:exactMatch"),
    ("DB:DB12159", "drug:dupilumab", "skos:exactMatch"),
    ("MESH:C479163", "drug:tofacitinib", "skos:exactMatch"),
    ("MESH:C000596027", "drug:baricitinib", "skos:exactMatch"),
    ("wikidata:Q5315925", "drug:dupilumab", "skos:exactMatch"),  # WP5538's datanodes (the issue's example)
    ("wikidata:Q76656815", "drug:abrocitinib", "skos:exactMatch"),
]


def _by_object_iri() -> dict[str, list[tuple[str, str]]]:
    """Canonical object IRI -> [(subject, predicate)] over every table."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path in TABLES:
        header, rows = _rows(path)
        for row in rows:
            prefix, _, local = row["object_id"].partition(":")
            found.setdefault(header["curie_map"][prefix] + local, []).append((row["subject_id"], row["predicate_id"]))
    return found


@pytest.mark.parametrize("written,subject,predicate", LINKED, ids=[w for w, _, _ in LINKED])
def test_an_identifier_as_other_datasets_write_it_reaches_our_entity(written, subject, predicate):
    iri = default().standardise(written)
    assert iri is not None, written
    assert _by_object_iri().get(iri) == [(subject, predicate)]


def test_ckds_exact_mesh_match_is_the_ckd_heading():
    """Issue 13: D007676 (Kidney Failure, Chronic) is narrower than CKD; the exact match is D051436."""
    ckd = [(r["object_id"], r["predicate_id"]) for path in TABLES for r in _rows(path)[1]
           if r["subject_id"] == "condition:chronic-kidney-disease" and r["object_id"].startswith("MESH:")]
    assert sorted(ckd) == [("MESH:D007676", "skos:narrowMatch"), ("MESH:D051436", "skos:exactMatch")]


def test_no_entity_has_two_exact_matches_in_one_identifier_space_nor_shares_one():
    exact: dict[tuple[str, str], list[str]] = {}
    owners: dict[str, set[str]] = {}
    for path in TABLES:
        for row in _rows(path)[1]:
            if row["predicate_id"] == "skos:exactMatch":
                prefix = row["object_id"].partition(":")[0]
                exact.setdefault((row["subject_id"], prefix), []).append(row["object_id"])
                owners.setdefault(row["object_id"], set()).add(row["subject_id"])
    assert {key: ids for key, ids in exact.items() if len(ids) > 1} == {}
    assert {obj: subjects for obj, subjects in owners.items() if len(subjects) > 1} == {}


# A source is a repository, an @revision (40 hex digits) and a path; never a search hit number.
SOURCE = re.compile(r"^(secondary: )?[\w.-]+/[\w.-]+ @[0-9a-f]{40} \S")
UNTRACED: set[str] = set()  # KEGG hsa04630, whose only copy was in an unnamed file, was dropped (README)


@pytest.mark.parametrize("path", TABLES, ids=[p.name for p in TABLES])
def test_every_source_names_a_repository_revision_and_path(path):
    _, rows = _rows(path)
    untraced = {row["object_id"] for row in rows if not SOURCE.match(row["see_also"])}
    assert untraced == UNTRACED
    assert all("hit" not in row["see_also"] for row in rows if row["object_id"] not in UNTRACED)
    justified = {row["mapping_justification"] for row in rows}
    assert justified <= {"semapv:ManualMappingCuration", "semapv:DatabaseCrossReference"}


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
    text = path.read_text(encoding="utf-8").replace("http://purl.obolibrary.org/obo/MONDO_",
                                                    "http://purl.obolibrary.org/obo/mondo#", 1)
    path.write_text(text, encoding="utf-8")
    code = main(["build", "--data", str(data_copy / "data"), "--ontology", str(data_copy / "ontology"),
                 "--out", str(data_copy / "build")])
    assert code == 1 and "curie_map" in capsys.readouterr().err


# --- The prefix map (ontology/prefixes.epm.json) and the SSSOM reader on a fixture written here ---

FIXTURE_HEADER = """# mapping_set_id: https://example.org/fixture.sssom.tsv
# license: https://creativecommons.org/publicdomain/zero/1.0/
# curie_map:
#   drug: "https://w3id.org/adkg/id/drug/"
#   protein: "https://w3id.org/adkg/id/protein/"
#   process: "https://w3id.org/adkg/id/process/"
#   CHEMBL.COMPOUND: "https://www.ebi.ac.uk/chembl/compound_report_card/"
#   DRUGBANK: "https://go.drugbank.com/drugs/"
#   KEGG.PATHWAY: "https://www.kegg.jp/entry/"
#   UniProtKB: "http://purl.uniprot.org/uniprot/"
#   semapv: "https://w3id.org/semapv/vocab/"
#   skos: "http://www.w3.org/2004/02/skos/core#"
"""
FIXTURE_ROWS = [  # subject, predicate, object (identifiers of tofacitinib, IL-4 and JAK-STAT signalling)
    ("drug:tofacitinib", "skos:exactMatch", "CHEMBL.COMPOUND:CHEMBL221959"),
    ("drug:tofacitinib", "skos:exactMatch", "DRUGBANK:DB08895"),
    ("protein:il-4", "skos:exactMatch", "UniProtKB:P05112"),
    ("process:jak-stat-signaling", "skos:closeMatch", "KEGG.PATHWAY:hsa04630"),
]
CURIE_MAP_LINES = {"CHEMBL.COMPOUND": 7, "KEGG.PATHWAY": 9, "UniProtKB": 10}  # lines of FIXTURE_HEADER


def _fixture_table(tmp_path: Path, header: str = FIXTURE_HEADER, rows=FIXTURE_ROWS) -> Path:
    columns = ["subject_id", "predicate_id", "object_id", "mapping_justification", "see_also", "confidence"]
    body = ["\t".join(columns)] + ["\t".join([*row, "semapv:ManualMappingCuration", "written in the test", "0.9"])
                                   for row in rows]
    path = tmp_path / "fixture.sssom.tsv"
    path.write_text(header + "\n".join(body) + "\n", encoding="utf-8")
    return path


def _load(path: Path):
    vocabulary = Vocabulary({"drug": {"tofacitinib": {}}, "protein": {"il-4": {}},
                             "process": {"jak-stat-signaling": {}}})
    return load_mappings(path, "fixture.sssom.tsv", vocabulary, default())


def test_the_fixture_table_reads_to_canonical_iris(tmp_path):
    mappings = _load(_fixture_table(tmp_path))
    assert [(m.subject, m.object_iri, m.origin.line) for m in mappings] == [
        (("drug", "tofacitinib"), "https://www.ebi.ac.uk/chembl/compound_report_card/CHEMBL221959", 14),
        (("drug", "tofacitinib"), "https://go.drugbank.com/drugs/DB08895", 15),
        (("protein", "il-4"), "http://purl.uniprot.org/uniprot/P05112", 16),
        (("process", "jak-stat-signaling"), "https://www.kegg.jp/entry/hsa04630", 17),
    ]


@pytest.mark.parametrize("prefix,wrong", [
    ("CHEMBL.COMPOUND", "https://www.ebi.ac.uk/chembl/compound/inspect/"),  # bioregistry's own form
    ("KEGG.PATHWAY", "https://www.kegg.jp/pathway/"),
    ("UniProtKB", "https://www.uniprot.org/uniprot/"),
])
def test_a_wrong_iri_for_a_dotted_or_mixed_case_prefix_fails(tmp_path, prefix, wrong):
    """These three were skipped by the old check (it looked up prefix.upper())."""
    header = re.sub(rf'(#   {re.escape(prefix)}: )"[^"]+"', rf'\1"{wrong}"', FIXTURE_HEADER)
    assert header != FIXTURE_HEADER
    with pytest.raises(CurationError) as caught:
        _load(_fixture_table(tmp_path, header))
    assert str(caught.value).startswith(f"fixture.sssom.tsv:{CURIE_MAP_LINES[prefix]}: curie_map, field '{prefix}': ")
    assert f"not {wrong}" in str(caught.value)


@pytest.mark.parametrize("entry,message", [
    ('#   FOO: "https://example.org/foo/"\n', "unknown prefix 'FOO'"),
    ('#   drugbank: "https://go.drugbank.com/drugs/"\n',
     "'drugbank' is not the canonical form of the prefix; write 'DRUGBANK'"),
])
def test_an_unknown_or_non_canonical_curie_map_prefix_fails(tmp_path, entry, message):
    prefix = entry[4:].split(":")[0]
    with pytest.raises(CurationError, match=re.escape(f"fixture.sssom.tsv:13: curie_map, field '{prefix}': {message}")):
        _load(_fixture_table(tmp_path, FIXTURE_HEADER + entry))


@pytest.mark.parametrize("curie,message", [
    ("FOO:0000001", "malformed CURIE 'FOO:0000001': unknown prefix 'FOO' (not in the curie_map)"),
    ("uniprotkb:P05112", "the prefix is written 'UniProtKB' (its canonical form), not 'uniprotkb'"),
    ("DRUGBANK:8895", "'8895' is not a DRUGBANK identifier"),
    ("UniProtKB:P05 112", "'P05 112' is not a UniProtKB identifier"),
])
def test_a_bad_object_curie_fails_naming_line_and_field(tmp_path, curie, message):
    rows = [*FIXTURE_ROWS[:2], ("protein:il-4", "skos:exactMatch", curie)]
    where = re.escape("fixture.sssom.tsv:16: mapping of protein:il-4, field 'object_id': ")
    with pytest.raises(CurationError, match=where + ".*" + re.escape(message)):
        _load(_fixture_table(tmp_path, rows=rows))


def test_a_row_the_sssom_library_rejects_fails_naming_line_and_field(tmp_path):
    path = _fixture_table(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("written in the test\t0.9\n", "written in the test\thigh\n", 1), encoding="utf-8")
    with pytest.raises(CurationError, match=r"^fixture\.sssom\.tsv:14: field 'confidence': rejected by the SSSOM"):
        _load(path)


def test_a_wrong_curie_map_iri_fails_the_build(data_copy, capsys):
    path = data_copy / "data" / "mappings" / "adkg.sssom.tsv"
    lines = path.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("#   KEGG.PATHWAY: "))
    lines[line - 1] = '#   KEGG.PATHWAY: "https://www.kegg.jp/pathway/"'
    path.write_text("\n".join(lines), encoding="utf-8")
    code = main(["build", "--data", str(data_copy / "data"), "--ontology", str(data_copy / "ontology"),
                 "--out", str(data_copy / "build")])
    assert code == 1
    assert f"adkg.sssom.tsv:{line}: curie_map, field 'KEGG.PATHWAY': KEGG.PATHWAY must expand to " \
           "https://www.kegg.jp/entry/" in capsys.readouterr().err
    assert not (data_copy / "build").exists()


def test_the_build_reads_the_prefix_map_of_its_ontology_folder(data_copy, capsys):
    (data_copy / "ontology" / "prefixes.epm.json").unlink()
    code = main(["build", "--data", str(data_copy / "data"), "--ontology", str(data_copy / "ontology"),
                 "--out", str(data_copy / "build")])
    assert code == 1 and "prefixes.epm.json: cannot read the prefix map" in capsys.readouterr().err


@pytest.mark.parametrize("forms,iri,curie", [
    (["DB:DB08895", "drugbank:DB08895", "DrugBank:DB08895", "DRUGBANK:DB08895"], "https://go.drugbank.com/drugs/DB08895",
     "DRUGBANK:DB08895"),
    (["UniProtKB:P24394", "uniprot:P24394"], "http://purl.uniprot.org/uniprot/P24394", "UniProtKB:P24394"),
    (["HGNC:6014", "hgnc:6014"], "https://identifiers.org/hgnc:6014", "HGNC:6014"),
    (["NCBIGene:3566", "ncbigene:3566"], "https://www.ncbi.nlm.nih.gov/gene/3566", "NCBIGene:3566"),
    (["CHEMBL.COMPOUND:CHEMBL221959", "chembl.compound:CHEMBL221959"],
     "https://www.ebi.ac.uk/chembl/compound_report_card/CHEMBL221959", "CHEMBL.COMPOUND:CHEMBL221959"),
    (["MESH:D003876", "mesh:D003876", "MeSH:D003876"], "http://id.nlm.nih.gov/mesh/D003876", "MESH:D003876"),
])
def test_the_converter_expands_every_synonym_to_the_graphs_iri_and_compresses_back(forms, iri, curie):
    ids = default()
    assert [ids.converter.expand(form) for form in forms] == [iri] * len(forms)  # curies itself, no case folding
    assert ids.converter.compress(iri) == curie
    assert ids.curie(iri) == curie


def test_prefixes_are_recognised_in_any_case():
    ids = default()
    assert ids.standardise("Drugbank:DB08895") == ids.standardise("dRuGbAnK:DB08895") == "https://go.drugbank.com/drugs/DB08895"
    assert ids.standardise("Mondo:0004980") == ids.standardise("MONDO_0004980") == "http://purl.obolibrary.org/obo/MONDO_0004980"
    assert ids.standardise("FOO:0004980") is None and ids.parse("not an identifier") is None


def test_bioregistrys_iri_forms_are_kept_as_synonyms():
    ids = default()
    # bioregistry's preferred IRIs differ from the graph's for these; both parse to the graph's.
    assert ids.standardise("https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/6014") == \
        "https://identifiers.org/hgnc:6014"
    assert ids.standardise("https://meshb.nlm.nih.gov/record/ui?ui=D003876") == "http://id.nlm.nih.gov/mesh/D003876"
    assert ids.standardise("https://www.ebi.ac.uk/chembl/compound/inspect/CHEMBL221959") == \
        "https://www.ebi.ac.uk/chembl/compound_report_card/CHEMBL221959"


def test_the_shipped_prefix_map_is_valid_and_pinned():
    document = json.loads((ROOT / "ontology" / "prefixes.epm.json").read_text(encoding="utf-8"))
    converter = Converter.from_extended_prefix_map(document["records"])
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert extras["prefix-map"] == [f"bioregistry=={document['bioregistry_version']}"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", document["bioregistry_version"])
    records = {r.prefix: r for r in converter.records}
    # The project's vocabularies, as prefixes.py binds them.
    assert {p: records[p].uri_prefix for p in PREFIX_IRIS} == PREFIX_IRIS
    # Every identifier space has a bioregistry pattern; the project's IRI forms are the canonical ones.
    assert all(records[p].pattern for p in document["identifier_spaces"])
    assert records["HGNC"].uri_prefix == "https://identifiers.org/hgnc:"
    assert records["DRUGBANK"].uri_prefix == "https://go.drugbank.com/drugs/"
    assert records["DOI"].uri_prefix == "https://doi.org/"
    assert document["wikidata_properties"]["P715"] == "DRUGBANK"


@pytest.mark.parametrize("path", TABLES, ids=[p.name for p in TABLES])
def test_every_curie_map_prefix_is_canonical_in_the_prefix_map(path):
    ids = default()
    header, _ = _rows(path)
    for prefix, iri in header["curie_map"].items():
        assert ids.prefix(prefix) == prefix and ids.uri_prefix(prefix) == iri, prefix


@pytest.mark.parametrize("document,message", [
    ({"records": [{"prefix": "MONDO", "uri_prefix": "http://purl.obolibrary.org/obo/MONDO_"}]},
     "does not record the bioregistry version"),
    ({"bioregistry_version": "0.15.6", "records": [
        {"prefix": "MONDO", "uri_prefix": "http://purl.obolibrary.org/obo/MONDO_"},
        {"prefix": "mondo", "uri_prefix": "http://purl.obolibrary.org/obo/MONDO_"}]}, "invalid extended prefix map"),
    ({"bioregistry_version": "0.15.6", "records": [], "identifier_spaces": ["MONDO"]}, "have no record: MONDO"),
])
def test_a_broken_prefix_map_is_refused_naming_the_file(tmp_path, document, message):
    path = tmp_path / "prefixes.epm.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CurationError, match=r"prefixes\.epm\.json: .*" + re.escape(message)):
        load(path)
