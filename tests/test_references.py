"""The 10 references and every in-text citation with its CiTO intent."""

import pytest
from rdflib import Literal

# The reference list of the article: number -> (first author as printed, year, DOI). DOIs are
# case-insensitive and held in lower case (the article prints S0140-6736(17)31191-1).
REFERENCES = {
    1: ("Chovatiya R", 2021, "10.1016/j.jaci.2021.08.009"),
    2: ("Gittler JK", 2012, "10.1016/j.jaci.2012.07.012"),
    3: ("Brunner PM", 2017, "10.1016/j.jaci.2017.01.011"),
    4: ("Beck LA", 2014, "10.1056/nejmoa1314768"),
    5: ("Levy LL", 2015, "10.1016/j.jaad.2015.06.045"),
    6: ("Damsky W", 2017, "10.1016/j.jaad.2016.12.005"),
    7: ("Peterson DM", 2021, "10.1016/j.jdcr.2021.01.020"),  # printed j.jidcr (OCR)
    8: ("Blauvelt A", 2017, "10.1016/s0140-6736(17)31191-1"),
    9: ("Halling AS", 2021, "10.1016/j.jaad.2020.08.051"),
    10: ("Drucker AM", 2018, "10.1111/bjd.15928"),
}

CITATION_LIST = """
SELECT ?number ?first ?year ?doi ?journal ?volume ?pages WHERE {
  ?entry a biro:BibliographicReference ; adkg:referenceNumber ?number ; biro:references ?w .
  ?w prism:doi ?doi ; fabio:hasPublicationYear ?year ; frbr:partOf/frbr:partOf/skos:altLabel ?journal ;
     prism:volume ?volume ; prism:startingPage ?pages .
  ?role pro:relatesToDocument ?w ; adkg:authorPosition 1 ; pro:isHeldBy/foaf:name ?first .
  FILTER(!CONTAINS(?journal, " Reports") && ?journal != "JAAD Case Reports")
} ORDER BY ?number"""


def test_ten_references_with_dois(sparql):
    rows = sparql.python("""SELECT ?number ?first ?year ?doi WHERE {
        ?entry a biro:BibliographicReference ; adkg:referenceNumber ?number ; biro:references ?w .
        ?w prism:doi ?doi ; fabio:hasPublicationYear ?year .
        ?role pro:relatesToDocument ?w ; adkg:authorPosition 1 ; pro:isHeldBy/foaf:name ?first }
        ORDER BY ?number""")
    assert [(n, f, int(str(y)), d) for n, f, y, d in rows] == [
        (n, *REFERENCES[n]) for n in range(1, 11)]


def test_reference_details(sparql):
    rows = sparql.python("""SELECT ?title ?volume ?issue ?first ?last ?truncated WHERE {
        ?w prism:doi "10.1016/s0140-6736(17)31191-1" ; dcterms:title ?title ; prism:volume ?volume ;
           prism:issueIdentifier ?issue ; prism:startingPage ?first ; prism:endingPage ?last ;
           adkg:authorListTruncated ?truncated }""")
    assert len(rows) == 1
    title, volume, issue, first, last, truncated = rows[0]
    assert title.startswith("Long-term management of moderate-to-severe atopic dermatitis with dupilumab")
    assert (volume, issue, first, last, truncated) == ("389", "10086", "2287", "2303", True)
    authors = sparql.python("""SELECT ?pos ?name WHERE {
        ?w prism:doi "10.1016/j.jaad.2020.08.051" . ?role pro:relatesToDocument ?w ;
           adkg:authorPosition ?pos ; pro:isHeldBy/foaf:name ?name } ORDER BY ?pos""")
    assert [n for _, n in authors] == ["Halling AS", "Loft N", "Silverberg JI", "Guttman-Yassky E",
                                       "Thyssen JP"]


INTENTS = """
SELECT ?number ?intent WHERE {
  ?c a cito:Citation ; cito:hasCitationCharacterization ?intent ; adkg:inSentence ?s ;
     adkg:viaReference/adkg:referenceNumber ?number .
  ?s c4o:hasContent ?text . FILTER(STRSTARTS(?text, ?start))
} ORDER BY ?number"""


@pytest.mark.parametrize("start,expected", [
    ("The pathogenesis of AD", [(2, "citesAsEvidence"), (3, "citesAsEvidence")]),
    ("In fact, a single case report", [(7, "citesAsEvidence"), (7, "citesAsRelated")]),
    ("More recently, the inhibition", [(5, "citesAsEvidence"), (6, "obtainsBackgroundFrom")]),
    ("Although dupilumab has greatly improved", [(7, "citesAsEvidence"), (8, "citesAsEvidence"),
                                                 (9, "citesAsEvidence")]),
    ("Dupilumab, a biologic", [(4, "citesAsEvidence")]),
    ("However, because of their potential adverse event profile", [(10, "citesAsAuthority")]),
])
def test_citation_intents(sparql, start, expected):
    rows = sparql.python(INTENTS, start=Literal(start))
    assert sorted((n, str(i).rsplit("/", 1)[1]) for n, i in rows) == expected


def test_every_reference_is_cited_and_the_count_of_citations(sparql):
    rows = sparql.python("""SELECT ?number (COUNT(?c) AS ?times) WHERE {
        ?c a cito:Citation ; adkg:viaReference/adkg:referenceNumber ?number } GROUP BY ?number ORDER BY ?number""")
    # In the text: 1; 2,3; 4; 5,6; 7; 7-9; 10; 6 -> ref 6 and ref 7 are cited twice.
    assert rows == [(1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 2), (7, 2), (8, 1), (9, 1), (10, 1)]


def test_direct_cito_shortcut(sparql):
    assert sparql.ask("""ASK { ?a prism:doi "10.1016/j.jdcr.2023.01.020" ; cito:citesAsRelated ?w .
                              ?w prism:doi "10.1016/j.jdcr.2021.01.020" }""")


def test_unnumbered_fda_citation(sparql):
    """The text cites the FDA with no reference-list entry: the citation points at a node for the
    FDA communication, whose subject is the 2021 label update."""
    rows = sparql.python("""SELECT ?author ?update ?intent ?text WHERE {
        ?c a cito:Citation ; cito:hasCitedEntity ?x ; cito:hasCitationCharacterization ?intent ;
           adkg:inSentence/c4o:hasContent ?text .
        FILTER NOT EXISTS { ?c adkg:viaReference ?r }
        ?x a fabio:Work ; dcterms:creator/skos:altLabel ?author ; dcterms:subject ?u .
        ?u a adkg:LabelUpdate ; rdfs:label ?update }""")
    assert len(rows) == 1
    author, update, intent, text = rows[0]
    assert author == "FDA" and "2021" in update and str(intent).endswith("citesAsAuthority")
    assert text.endswith("(U.S. Food and Drug Administration citation).")
