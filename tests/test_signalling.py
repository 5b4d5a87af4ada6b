"""IL-4/IL-13 -> their signalling -> JAK-STAT, the JAK genes' identifiers and the sourced descriptions:
background knowledge from named public files (issue 13, item 5), never the article's claim.

Expected values are written from the files read:
- WikiPathways WP395 "IL4 signaling" (wikipathways-database @c0aa5fdb, pathways/WP395/WP395-datanodes.tsv):
  datanodes IL4 (ncbigene:3565), JAK1 (3716), JAK2 (3717), JAK3 (3718), TYK2 (7297).
- WikiPathways WP5538 (@c4859b40, pathways/WP5538/WP5538.gpml) description: "IL-4 and IL-13 signal through type I
  ... and type II ... receptors ..., activating the JAK-STAT signaling pathway."
- DrugMechDB DB08895_MESH_D001172_1 (@609ec287, pages/mydoc/db08895-mesh-d001172-1.md): "Tyrosine-Protein Kinase
  Jak1 POSITIVELY REGULATES Receptor Signaling Pathway Via Jak-Stat", and the same for Jak3.
- HGNC complete set (CogDisResLab/MultiomicMenu @35f44657, hgnc_complete_set.txt): HGNC:6190 JAK1 entrez 3716
  ENSG00000162434; HGNC:6192 JAK2 3717 ENSG00000096968; HGNC:6193 JAK3 3718 ENSG00000105639.
"""

from __future__ import annotations

from kg.dataset import query

PREFIXES = """PREFIX adkg: <https://w3id.org/adkg/ontology#>
PREFIX biolink: <https://w3id.org/biolink/vocab/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX obo: <http://purl.obolibrary.org/obo/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
WP395 = ("https://github.com/wikipathways/wikipathways-database/blob/c0aa5fdb57bcce8171cbb02030f7f1fee80b5919/"
         "pathways/WP395/WP395-datanodes.tsv")
WP5538 = ("https://github.com/wikipathways/wikipathways-database/blob/c4859b40a3417e6852f9cceb98acd6645f87bd16/"
          "pathways/WP5538/WP5538.gpml")
TOFACITINIB_PAGE = ("https://github.com/SuLab/DrugMechDB/blob/609ec2873377ad878b0fbd469ff620c937fd0002/"
                    "pages/mydoc/db08895-mesh-d001172-1.md")


def select(store, text):
    return sorted(tuple(row) for row in query.sparql(PREFIXES + text, store).rows)


def test_il4_reaches_jak_stat_through_il4_signalling(store):
    rows = select(store, """
        SELECT DISTINCT ?cytokine ?process ?pathway WHERE {
          ?c skos:altLabel ?cytokine ; biolink:participates_in ?p .
          ?p rdfs:label ?process ; obo:RO_0002213 ?jakstat .
          ?jakstat rdfs:label ?pathway .
          FILTER(?cytokine IN ("IL-4", "IL-13")) }""")
    assert rows == [("IL-13", "interleukin-13 signaling", "JAK-STAT signaling pathway"),
                    ("IL-4", "interleukin-4 signaling", "JAK-STAT signaling pathway")]


def test_each_signalling_link_is_background_with_its_file(store):
    rows = select(store, """
        SELECT ?s ?p ?o ?url WHERE {
          ?a a adkg:BackgroundAssertion ; rdf:subject ?sub ; rdf:predicate ?p ; rdf:object ?obj ;
             prov:wasDerivedFrom/dcterms:source ?url .
          FILTER(?p IN (biolink:participates_in, obo:RO_0002213))
          ?sub rdfs:label ?s . ?obj rdfs:label ?o }""")
    pi, pr = "https://w3id.org/biolink/vocab/participates_in", "http://purl.obolibrary.org/obo/RO_0002213"
    expected = [("interleukin 13", pi, "interleukin-13 signaling", WP5538),
                ("interleukin 4", pi, "interleukin-4 signaling", WP395),
                ("interleukin-13 signaling", pr, "JAK-STAT signaling pathway", WP5538),
                ("interleukin-4 signaling", pr, "JAK-STAT signaling pathway", WP5538),
                ("non-receptor tyrosine-protein kinase TYK2", pi, "interleukin-4 signaling", WP395),
                ("tyrosine-protein kinase JAK1", pi, "interleukin-4 signaling", WP395),
                ("tyrosine-protein kinase JAK1", pr, "JAK-STAT signaling pathway", TOFACITINIB_PAGE),
                ("tyrosine-protein kinase JAK2", pi, "interleukin-4 signaling", WP395),
                ("tyrosine-protein kinase JAK3", pi, "interleukin-4 signaling", WP395),
                ("tyrosine-protein kinase JAK3", pr, "JAK-STAT signaling pathway", TOFACITINIB_PAGE)]
    assert rows == sorted(expected)


def test_every_background_assertion_has_a_file_at_a_revision_and_a_licence(store):
    rows = select(store, """
        SELECT ?a ?url ?licence ?statement WHERE {
          ?a a adkg:BackgroundAssertion .
          OPTIONAL { ?a prov:wasDerivedFrom ?src . ?src dcterms:source ?url ; dcterms:license ?licence ;
                     rdfs:comment ?statement } }""")
    assert len({r[0] for r in rows}) >= 25  # 8 inhibits + 10 signalling links + 7 descriptions
    for _, url, licence, statement in rows:
        assert url and url.startswith("https://github.com/") and "/blob/" in url, url
        assert len(url.split("/blob/")[1].split("/")[0]) == 40  # a commit, not a branch
        assert licence in {"MIT", "CC0-1.0"} and statement


def test_no_article_claim_is_marked_background(store):
    # dupilumab's inhibitsPathway and IL-4Ra's participates_in are the article's (p1.s3): not background
    rows = select(store, """
        SELECT ?s WHERE { ?a a adkg:BackgroundAssertion ; rdf:subject ?sub ; rdf:predicate biolink:participates_in .
          ?sub rdfs:label ?s . FILTER(?s = "interleukin 4 receptor subunit alpha") }""")
    assert rows == []


def test_descriptions_are_sourced(store):
    rows = select(store, """
        SELECT ?label ?description ?url WHERE {
          ?e rdfs:label ?label ; dcterms:description ?description .
          FILTER(REGEX(STR(?e), "^https://w3id.org/adkg/id/(drug|protein|process|condition|lab-test)/"))
          OPTIONAL { ?a a adkg:BackgroundAssertion ; rdf:subject ?e ; rdf:predicate dcterms:description ;
                       rdf:object ?description ; prov:wasDerivedFrom/dcterms:source ?url } }""")
    got = {label: (text, url) for label, text, url in rows}
    assert set(got) >= {"dupilumab", "tofacitinib", "baricitinib", "upadacitinib", "abrocitinib", "cyclosporine",
                        "interleukin 4 receptor subunit alpha"}
    assert all(url for _, url in got.values()), got
    assert got["upadacitinib"] == ("Oral selective JAK1 inhibitor.", WP5538)
    assert got["tofacitinib"][1] == TOFACITINIB_PAGE
    assert "fully human" not in got["dupilumab"][0].lower()


def test_jak_gene_identifiers(store):
    rows = select(store, """
        SELECT ?symbol ?match WHERE {
          ?p skos:altLabel ?symbol ; skos:closeMatch ?match . FILTER(REGEX(?symbol, "^(JAK[123]|TYK2)$")) }""")
    assert rows == sorted([
        ("JAK1", "https://identifiers.org/hgnc:6190"), ("JAK1", "https://www.ncbi.nlm.nih.gov/gene/3716"),
        ("JAK1", "https://www.ensembl.org/id/ENSG00000162434"),
        ("JAK1", "https://www.genenames.org/data/gene-symbol-report/#!/symbol/JAK1"),
        ("JAK2", "https://identifiers.org/hgnc:6192"), ("JAK2", "https://www.ncbi.nlm.nih.gov/gene/3717"),
        ("JAK2", "https://www.ensembl.org/id/ENSG00000096968"),
        ("JAK2", "https://www.genenames.org/data/gene-symbol-report/#!/symbol/JAK2"),
        ("JAK3", "https://identifiers.org/hgnc:6193"), ("JAK3", "https://www.ncbi.nlm.nih.gov/gene/3718"),
        ("JAK3", "https://www.ensembl.org/id/ENSG00000105639"),
        ("JAK3", "https://www.genenames.org/data/gene-symbol-report/#!/symbol/JAK3"),
        ("TYK2", "https://www.ncbi.nlm.nih.gov/gene/7297"), ("TYK2", "https://www.ensembl.org/id/ENSG00000105397"),
        ("TYK2", "https://www.genenames.org/data/gene-symbol-report/#!/symbol/TYK2")])
