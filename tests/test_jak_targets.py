"""The JAK inhibitors' protein targets: background knowledge from named public datasets (issue 13).

Expected values are written from the sources: DrugMechDB (SuLab/DrugMechDB @a5c984ce, indication_paths.yaml)
paths DB08895_MESH_D001172_1 (tofacitinib decreases activity of JAK1 P23458 and JAK3 P52333) and
DB11817_MESH_D001172_1 (baricitinib: JAK1, JAK2 O60674, JAK3); WikiPathways WP5538 (wikipathways-database
@c4859b40, pathways/WP5538/WP5538.gpml) interactions ae990/idbdeeec9: the JAK-inhibitor group with
upadacitinib and abrocitinib inhibits JAK1; DrugMechDB's page of path DB11817_MESH_D001172_1
(pages/mydoc/db11817-mesh-d001172-1.md @38718e80): "Baricitinib DECREASES ACTIVITY OF Tyrosine Kinase 2" (TYK2).
"""

from __future__ import annotations

from kg.dataset import query

DRUGMECHDB = "https://github.com/SuLab/DrugMechDB/blob/a5c984ce87c286edb5439c825b4138673676d12b/indication_paths.yaml"
DRUGMECHDB_PAGE = ("https://github.com/SuLab/DrugMechDB/blob/38718e8011019440e9197c36705261185d5ab228/"
                   "pages/mydoc/db11817-mesh-d001172-1.md")
WP5538 = ("https://github.com/wikipathways/wikipathways-database/blob/c4859b40a3417e6852f9cceb98acd6645f87bd16/"
          "pathways/WP5538/WP5538.gpml")
EXPECTED = {
    ("tofacitinib", "JAK1"): "DrugMechDB DB08895_MESH_D001172_1",
    ("tofacitinib", "JAK3"): "DrugMechDB DB08895_MESH_D001172_1",
    ("baricitinib", "JAK1"): "DrugMechDB DB11817_MESH_D001172_1",
    ("baricitinib", "JAK2"): "DrugMechDB DB11817_MESH_D001172_1",
    ("baricitinib", "JAK3"): "DrugMechDB DB11817_MESH_D001172_1",
    ("baricitinib", "TYK2"): "DrugMechDB DB11817_MESH_D001172_1",
    ("upadacitinib", "JAK1"): "WikiPathways WP5538 interactions ae990 and idbdeeec9",
    ("abrocitinib", "JAK1"): "WikiPathways WP5538 interactions ae990 and idbdeeec9",
}

PREFIXES = """PREFIX adkg: <https://w3id.org/adkg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def select(store, text):
    return [tuple(row) for row in query.sparql(PREFIXES + text, store).rows]


def test_drug_targets_lists_each_jak_with_its_source(store):
    rows = query.run("drug-targets", store, **{"class": "JAK inhibitor"}).rows
    found = {(r[1], r[2].rsplit(" ", 1)[-1]): r[4] for r in rows if r[2]}  # "... kinase JAK1" -> JAK1
    assert found == EXPECTED
    for drug in ("tofacitinib", "baricitinib", "upadacitinib", "abrocitinib"):
        assert (drug, "JAK1") in found


def test_each_target_is_a_background_assertion_with_repository_path_and_revision(store):
    rows = select(store, """
        SELECT ?drug ?target ?url ?record WHERE {
          ?a a adkg:BackgroundAssertion ; rdf:subject ?d ; rdf:predicate adkg:inhibits ; rdf:object ?t ;
             prov:wasDerivedFrom ?src .
          ?d rdfs:label ?drug . ?t skos:altLabel ?target . FILTER(REGEX(?target, "^(JAK[123]|TYK2)$"))
          ?src dcterms:source ?url ; dcterms:identifier ?record .
        }""")
    got = {(drug, target): (url, record) for drug, target, url, record in rows}
    assert got[("tofacitinib", "JAK1")] == (DRUGMECHDB, "DB08895_MESH_D001172_1")
    assert got[("baricitinib", "JAK2")] == (DRUGMECHDB, "DB11817_MESH_D001172_1")
    assert got[("baricitinib", "TYK2")] == (DRUGMECHDB_PAGE, "DB11817_MESH_D001172_1")
    assert got[("upadacitinib", "JAK1")] == (WP5538, "WP5538 interactions ae990 and idbdeeec9")
    assert got[("abrocitinib", "JAK1")] == (WP5538, "WP5538 interactions ae990 and idbdeeec9")
    assert len(got) == len(EXPECTED)


def test_background_assertions_are_not_the_articles_claims(store):
    # The article's own inhibits claim (dupilumab -> IL-4Ra, p1.s3) is an assertion but not background;
    # no JAK target is derived from an article sentence.
    rows = select(store, """
        SELECT ?drug WHERE {
          ?a a adkg:Assertion ; rdf:subject ?d ; rdf:predicate adkg:inhibits .
          FILTER NOT EXISTS { ?a a adkg:BackgroundAssertion }
          ?d rdfs:label ?drug }""")
    assert sorted(set(rows)) == [("dupilumab",)]


def test_jak_uniprot_accessions(store):
    rows = select(store, """
        SELECT ?symbol ?match WHERE {
          ?p skos:altLabel ?symbol ; skos:exactMatch ?match . FILTER(REGEX(?symbol, "^(JAK[123]|TYK2)$"))
          FILTER(STRSTARTS(STR(?match), "http://purl.uniprot.org/uniprot/")) }""")
    assert sorted(rows) == [("JAK1", "http://purl.uniprot.org/uniprot/P23458"),
                            ("JAK2", "http://purl.uniprot.org/uniprot/O60674"),
                            ("JAK3", "http://purl.uniprot.org/uniprot/P52333"),
                            ("TYK2", "http://purl.uniprot.org/uniprot/P29597")]


def test_chronic_kidney_disease_mesh_is_d051436(store):
    rows = select(store, """
        SELECT ?match WHERE { ?c rdfs:label "chronic kidney disease" ; skos:exactMatch ?match .
          FILTER(STRSTARTS(STR(?match), "http://id.nlm.nih.gov/mesh/")) }""")
    assert rows == [("http://id.nlm.nih.gov/mesh/D051436",)]
