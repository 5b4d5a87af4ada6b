"""The article's bibliographic record, authors and affiliations, as printed (OCR corrected)."""

ARTICLE_DOI = "10.1016/j.jdcr.2023.01.020"


def test_title_journal_and_citation(sparql):
    rows = sparql.python("""SELECT ?title ?year ?volume ?first ?last ?journal ?issn WHERE {
        ?a prism:doi ?doi ; dcterms:title ?title ; fabio:hasPublicationYear ?year ;
           prism:volume ?volume ; prism:startingPage ?first ; prism:endingPage ?last ;
           frbr:partOf/frbr:partOf ?j . ?j dcterms:title ?journal ; prism:issn ?issn }""",
        doi=__import__("rdflib").Literal(ARTICLE_DOI))
    assert len(rows) == 1
    title, year, volume, first, last, journal, issn = rows[0]
    assert title == ("JAK-inhibitors as rescue therapy in dupilumab-refractory severe atopic "
                     "dermatitis: A case series of 6 patients")
    assert str(year) == "2023"
    assert (volume, first, last) == ("33", "81", "83")
    assert (journal, issn) == ("JAAD Case Reports", "2352-5126")


def test_article_types(sparql):
    types = {str(r[0]) for r in sparql.rows(
        "SELECT ?t WHERE { ?a prism:doi ?d ; a ?t }", d=__import__("rdflib").Literal(ARTICLE_DOI))}
    assert {"http://purl.org/spar/fabio/JournalArticle", "http://purl.org/spar/fabio/CaseReport",
            "https://w3id.org/adkg/ontology#CaseSeries"} <= types


def test_authors_in_order_with_affiliations(sparql):
    rows = sparql.python("""SELECT ?pos ?name (GROUP_CONCAT(?mark; separator=",") AS ?marks) WHERE {
        ?a prism:doi "10.1016/j.jdcr.2023.01.020" .
        ?role pro:relatesToDocument ?a ; adkg:authorPosition ?pos ; pro:isHeldBy/foaf:name ?name ;
              adkg:affiliationMark ?mark }
        GROUP BY ?pos ?name ORDER BY ?pos""")
    assert [(p, n, ",".join(sorted(m.split(",")))) for p, n, m in rows] == [
        (1, "Neda Shahriari", "a"), (2, "Bruce Strober", "b,c"), (3, "Mona Shahriari", "b,c")]
    orgs = {r[0] for r in sparql.python("""SELECT ?org WHERE {
        ?role adkg:authorPosition 1 ; pro:relatesToDocument/prism:doi "10.1016/j.jdcr.2023.01.020" ;
              adkg:affiliation/rdfs:label ?org }""")}
    assert orgs == {"Department of Dermatology, Brigham and Women's Hospital, Harvard Medical School, "
                    "Boston, Massachusetts"}
    degrees = {r[0] for r in sparql.python("""SELECT ?d WHERE {
        ?p foaf:name "Bruce Strober" ; adkg:academicDegree ?d }""")}
    assert degrees == {"MD", "PhD"}


def test_corresponding_author(sparql):
    rows = sparql.python("""SELECT ?name ?mbox ?address WHERE {
        ?role adkg:isCorrespondingAuthor true ; pro:isHeldBy ?p ; adkg:correspondenceAddress ?address .
        ?p foaf:name ?name ; foaf:mbox ?mbox }""")
    assert len(rows) == 1
    name, mbox, address = rows[0]
    assert name == "Mona Shahriari"
    assert str(mbox) == "mailto:shahriari@centralctderm.com"
    assert "1 Willowbrook Rd, Suite #2, Cromwell, CT 06416" in address


def test_declarations_licence_and_keywords(sparql):
    rows = sparql.python("""SELECT ?funding ?irb ?coi ?licence WHERE {
        ?a prism:doi "10.1016/j.jdcr.2023.01.020" ; adkg:fundingStatement ?funding ;
           adkg:irbStatus ?irb ; adkg:conflictOfInterestStatement ?coi ; dcterms:license ?licence }""")
    assert [tuple(map(str, r)) for r in rows] == [
        ("None.", "Not applicable.", "None disclosed.", "http://creativecommons.org/licenses/by-nc-nd/4.0/")]
    keywords = {r[0] for r in sparql.python("""SELECT ?k WHERE {
        ?a prism:doi "10.1016/j.jdcr.2023.01.020" ; prism:keyword ?k }""")}
    assert keywords == {"atopic dermatitis", "dupilumab", "JAK inhibition", "tofacitinib", "upadacitinib"}


def test_abbreviations(sparql):
    rows = dict(sparql.python("""SELECT ?short ?long WHERE {
        ?list a adkg:AbbreviationList ; rdfs:label "Abbreviations used" .
        ?ab frbr:partOf ?list ; adkg:shortForm ?short ; adkg:longForm ?long }"""))
    assert rows == {"AD": "atopic dermatitis", "BSA": "body surface area",
                    "IGA": "investigator's global assessment", "IL": "interleukin",
                    "JAK-I": "JAK-inhibitor"}
    footnote = {r[0] for r in sparql.python("""SELECT ?short WHERE {
        ?ab frbr:partOf ?list ; adkg:shortForm ?short . ?list rdfs:label "Table I footnote abbreviations" }""")}
    assert footnote == {"BSA", "CKD", "CVA", "CVD", "HLD", "HTN", "IGA", "Pt"}
