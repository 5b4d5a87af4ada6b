"""Issue 12's acceptance on the real fixtures, end to end: each file imported into a copy of the
built graph with the real adapters, its links checked with SPARQL and its link report read.

Expected values are written here from the fixture files (tests/fixtures/import/*/, each with its
SOURCE.md) and the article: WP5538's datanodes table carries DrugBank IDs for dupilumab
(DB12159), upadacitinib (DB15091), abrocitinib (DB14973) and baricitinib (DB11817) but none for
tofacitinib, and UniProt IDs for IL-4 (P05112), IL-13 (P35225) and IL-4 receptor alpha
(P24394, on two rows); dismech's AD file names MONDO:0004980 and the genes hgnc:6014 (IL4) and
hgnc:5973 (IL13); the schema.org file's DOIs are the article's references 6 and 10.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from import_adapter import copy_project

from kg.dataset import query
from kg.dataset.store import Paths, open_store
from kg.link.importer import import_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "import"
ID = "https://w3id.org/adkg/id/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
IMPORTS = {
    "wp5538": ("wikipathways/WP5538-datanodes-excerpt.tsv", None),
    "dismech": ("dismech/Atopic_Dermatitis.yaml", None),
    "schema": ("rdf/schema-org-in-the-wild.jsonld", None),
}


@pytest.fixture(scope="module")
def project(build_dir, tmp_path_factory) -> Paths:
    paths = copy_project(build_dir, tmp_path_factory.mktemp("real-imports"))
    for name, (file, fmt) in IMPORTS.items():
        import_file(FIXTURES / file, paths, name=name, fmt=fmt)
    return paths


def links(paths: Paths, name: str) -> list[tuple[str, str, str, str]]:
    """(ours, predicate, theirs, identifier as written) of each link the import made."""
    rows = query.sparql(f"""
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX adkg: <https://w3id.org/adkg/ontology#>
        SELECT ?ours ?p ?theirs ?via WHERE {{
          GRAPH <https://w3id.org/adkg/graph/import/{name}/links> {{
            ?ours ?p ?theirs .
            ?axiom owl:annotatedSource ?ours ; owl:annotatedProperty ?p ; owl:annotatedTarget ?theirs ;
                   adkg:viaIdentifier ?via }} }}""", open_store(paths)).rows
    return sorted((str(a), str(b), str(c), str(d)) for a, b, c, d in rows)


def report(paths: Paths, name: str) -> dict:
    return json.loads((paths.build / "imports" / f"{name}.report.json").read_text(encoding="utf-8"))


def test_wp5538_datanodes_link_four_drugs_by_drugbank_and_three_proteins_by_uniprot(project):
    found = links(project, "wp5538")
    drugs = {(ours[len(ID) + 5:], via) for ours, _p, _t, via in found if ours.startswith(ID + "drug/")}
    assert drugs == {("dupilumab", "drugbank:DB12159"), ("upadacitinib", "drugbank:DB15091"),
                     ("abrocitinib", "drugbank:DB14973"), ("baricitinib", "drugbank:DB11817")}
    proteins = sorted((ours[len(ID) + 8:], p[len(SKOS):], via) for ours, p, _t, via in found
                      if ours.startswith(ID + "protein/"))
    assert proteins == [("il-13", "exactMatch", "uniprot:P35225"), ("il-4", "exactMatch", "uniprot:P05112"),
                        ("il-4ra", "exactMatch", "uniprot:P24394"), ("il-4ra", "exactMatch", "uniprot:P24394")]


def test_one_link_per_pair_by_the_strongest_identifier(project):
    # IL-13's row carries its UniProt ID (our exact match) and its Ensembl gene (our close match):
    # one exactMatch, not both.
    pairs = [(ours, theirs) for ours, _p, theirs, _via in links(project, "wp5538")]
    assert len(pairs) == len(set(pairs)) == 8


def test_wp5538_report(project):
    data = report(project, "wp5538")
    assert (data["records"], data["linked"]["links"]) == (14, 8)
    assert data["identifiers"]["DRUGBANK"] == 6 and data["identifiers"]["UniProtKB"] > 0
    assert "tofacitinib" not in json.dumps(data["linked"])
    assert set(data["not_linked"]) == {"no such entity in the graph", "unknown prefix"}
    assert data["unknown_prefixes"]["inchikey"] > 0


def test_dismech_links_atopic_dermatitis_and_the_il4_il13_genes(project):
    found = {(ours[len(ID):], via) for ours, _p, _t, via in links(project, "dismech")}
    assert ("condition/atopic-dermatitis", "MONDO:0004980") in found
    assert ("protein/il-4", "hgnc:6014") in found
    assert ("protein/il-13", "hgnc:5973") in found
    assert report(project, "dismech")["linked"]["links"] == len(found)


def test_schema_org_as_written_links_both_references_and_abrocitinib(project):
    found = links(project, "schema")
    numbers = query.sparql("""
        PREFIX biro: <http://purl.org/spar/biro/>
        PREFIX adkg: <https://w3id.org/adkg/ontology#>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT DISTINCT ?n WHERE { GRAPH <https://w3id.org/adkg/graph/import/schema/links> { ?work owl:sameAs ?x }
                                   ?entry biro:references ?work ; adkg:referenceNumber ?n } ORDER BY ?n""",
                           open_store(project)).rows
    assert [int(str(n)) for (n,) in numbers] == [6, 10]
    drugs = {(ours, p) for ours, p, _t, _v in found if "/drug/" in ours}
    assert drugs == {(ID + "drug/abrocitinib", SKOS + "exactMatch")}
    assert report(project, "schema")["linked"]["links"] == 3


def test_imports_leave_the_curated_answers_alone(project):
    # Table I has six patients, whatever the imports say.
    assert len(query.run("patient-table", paths=project).rows) == 6


@pytest.fixture(scope="module")
def more(project) -> Paths:
    """The other real fixtures imported beside the first three."""
    table = {"subject": "drugbank_id:drugbank,drug:label", "subject_type": "Drug",
             "object": "doid_id:curie,disease:label", "object_type": "Disease", "predicate_column": "category",
             "predicate.DM": "biolink:treats", "predicate.SYM": "biolink:ameliorates_condition",
             "predicate.NOT": "none"}
    for name, file, fmt, options in (
            ("gpml", "wikipathways/WP5538-excerpt.gpml", None, None),
            ("kgx", "kgx/chebi_kgx_tsv.tar.gz", None, None),
            ("pubtator", "pubtator/PMID33664495-biocjson.json", None, None),
            ("openalex", "openalex/W2741809807.json", None, None),
            ("pdb", "pharmacotherapydb/indications.tsv", "table", table)):
        import_file(FIXTURES / file, project, name=name, fmt=fmt, options=options)
    return project


def test_gpml_report_links_the_drugs_proteins_and_the_doid_tag(more):
    data = report(more, "gpml")
    # WP5538's GPML: the four drugs by DrugBank, IL-4 and IL-13 and (twice) IL-4Ra by their
    # Ensembl genes, JAK3 and TYK2 by theirs (issue 13: ENSG00000105639, ENSG00000105397; the GPML's JAK1
    # datanodes carry no Ensembl ID), and atopic dermatitis by the pathway's DOID:3310 tag.
    kinds = {kind: (v["entities"], v["links"]) for kind, v in data["linked"]["by_type"].items()}
    assert kinds == {"adkg:Cytokine": (2, 2), "adkg:JAKInhibitor": (3, 3), "adkg:MonoclonalAntibody": (1, 1),
                     "biolink:Disease": (1, 1), "biolink:Protein": (3, 4)}


def test_kgx_archive_report(more):
    data = report(more, "kgx")
    # chebi_kgx_tsv.tar.gz: 9 ChEBI nodes (10 lines with the header), none a ChEBI entity of ours.
    assert (data["records"], data["mentions"], data["linked"]["links"]) == (9, 9, 0)
    assert data["not_linked"]["no such entity in the graph"]["count"] == 9


def test_pharmacotherapydb_table_report(more):
    data = report(more, "pdb")
    # 22 rows: 22 drugs (DrugBank) and 2 diseases (DOID:10652 Alzheimer's, DOID:3310 atopic
    # dermatitis); only atopic dermatitis is ours (none of the 22 drugs is one of the article's).
    assert (data["records"], data["mentions"], data["linked"]["links"]) == (24, 24, 1)
    assert data["identifiers"] == {"DOID": 2, "DRUGBANK": 22}
    assert data["not_linked"]["no such entity in the graph"]["count"] == 23


@pytest.mark.parametrize("name", ["pubtator", "openalex"])
def test_reports_of_files_about_other_topics_account_for_every_mention(more, name):
    # Neither real file is about atopic dermatitis: nothing links, and every mention has its reason.
    data = report(more, name)
    assert data["linked"]["links"] == 0
    assert sum(v["count"] for v in data["not_linked"].values()) == data["mentions"] > 0
