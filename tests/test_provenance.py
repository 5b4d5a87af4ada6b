"""Each Table I value traces to its row and column; text facts trace to their sentence."""

import pytest

# The 12 printed data columns of Table I, as headed in the article, with a value of patient 3
# (the row "3 | 22, Male, White | None | 40% | 4 | 6 mo | 1 | 15% | 4 | 4 | 1 | 3 mo |
# Tofacitinib 5 mg twice daily") as printed.
COLUMNS = [
    ("Age, sex, ethnicity", "22, Male, White"),
    ("Comorbidities", "None"),
    ("Baseline BSA involvement (%)", "40%"),
    ("Baseline IGA", "4"),
    ("Duration of treatment on dupilumab (300 mg QOW) until flare", "6 mo"),
    ("IGA preflare", "1"),
    ("BSA during flare (%)", "15%"),
    ("IGA during flare", "4"),
    ("Post-JAK-I BSA (%), after 4 wks", "4"),
    ("Post-JAK-I IGA, after 4 wks", "1"),
    ("Duration of JAK-I treatment until discontinuation", "3 mo"),
    ("JAK-I used", "Tofacitinib 5 mg twice daily"),
]

WHERE_FROM = """
SELECT ?table ?row ?column ?printed ?label WHERE {
  ?p a adkg:Patient ; adkg:patientNumber ?n .
  ?obs sosa:hasFeatureOfInterest ?p ; sosa:observedProperty ?measure ; adkg:atTimePoint ?tp ;
       sosa:hasSimpleResult ?v .
  ?a rdf:subject ?obs ; rdf:predicate sosa:hasSimpleResult ; rdf:object ?v ; prov:wasDerivedFrom ?cell .
  ?cell adkg:tableRow ?row ; adkg:tableColumn/rdfs:label ?column ; oa:hasSource/rdfs:label ?table ;
        oa:hasSelector/oa:exact ?printed ; rdfs:label ?label .
}"""


def test_where_does_this_number_come_from(sparql):
    from rdflib import Literal

    from kg.core.namespaces import ADKG
    rows = sparql.python(WHERE_FROM, n=Literal(3), measure=ADKG.BSAInvolvement, tp=ADKG.Flare)
    assert rows == [("Table I", 3, "BSA during flare (%)", "15%",
                     "Table I, patient 3, column 'BSA during flare (%)'")]


def test_every_cell_of_patient_3_has_provenance(sparql):
    rows = sparql.python("""SELECT DISTINCT ?column ?printed WHERE {
        ?cell a adkg:TableCell ; adkg:tableRow 3 ; adkg:tableColumn/rdfs:label ?column ;
              oa:hasSelector/oa:exact ?printed .
        ?a prov:wasDerivedFrom ?cell ; rdf:subject ?s }""")
    assert sorted(rows) == sorted(COLUMNS)


def test_each_of_the_72_cells_has_a_row_a_column_and_a_value(sparql):
    rows = sparql.python("""SELECT ?row (COUNT(DISTINCT ?column) AS ?columns) WHERE {
        ?cell a adkg:TableCell ; adkg:tableRow ?row ; adkg:tableColumn ?column .
        FILTER EXISTS { ?a prov:wasDerivedFrom ?cell ; rdf:object ?v } }
        GROUP BY ?row ORDER BY ?row""")
    assert rows == [(n, 12) for n in range(1, 7)]


@pytest.mark.parametrize("predicate,value,sentence_start", [
    ("adkg:hasUpregulatedCytokine", "interleukin 31", "The pathogenesis of AD is multifactorial"),
    ("adkg:inhibits", "interleukin 4 receptor subunit alpha", "Dupilumab, a biologic"),
])
def test_text_facts_trace_to_their_sentence(sparql, predicate, value, sentence_start):
    rows = sparql.python(f"""SELECT ?text ?paragraph WHERE {{
        ?s {predicate} ?o . ?o rdfs:label ?label .
        ?a rdf:subject ?s ; rdf:predicate {predicate} ; rdf:object ?o ; prov:wasDerivedFrom ?sentence .
        ?sentence a doco:Sentence ; c4o:hasContent ?text ; frbr:partOf/adkg:ordinal ?paragraph .
        FILTER(STR(?label) = "{value}") }}""")
    assert len(rows) == 1
    assert rows[0][0].startswith(sentence_start)
    assert rows[0][1] == 1  # both are in the first paragraph of the introduction


def test_reference_data_traces_to_the_reference_list_entry(sparql):
    rows = sparql.python("""SELECT ?number WHERE {
        ?w prism:doi "10.1111/bjd.15928" .
        ?a rdf:subject ?w ; rdf:predicate dcterms:title ; prov:wasDerivedFrom ?entry .
        ?entry a biro:BibliographicReference ; adkg:referenceNumber ?number }""")
    assert rows == [(10,)]
