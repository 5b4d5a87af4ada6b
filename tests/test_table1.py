"""Every value of Table I is in the graph as a typed literal (or a typed resource)."""

from decimal import Decimal

import pytest
from rdflib import XSD

# Table I of the article, typed from the article: patient -> (age, sex, ethnicity, comorbidities,
# baseline BSA %, baseline IGA, dupilumab months until flare, IGA pre-flare, flare BSA %,
# flare IGA, post-JAK-I BSA %, post-JAK-I IGA, JAK-I months, drug, dose mg, frequency).
TABLE_I = {
    1: (62, "male", "White", {"hypertension", "cardiovascular disease"}, 30, 4, 6, 1, 10, 3, 2, 1, 6,
        "tofacitinib", 5, "daily"),
    2: (19, "male", "Indian", set(), 10, 3, 8, 0, 3, 2, 0, 0, 4, "upadacitinib", 15, "daily"),
    3: (22, "male", "White", set(), 40, 4, 6, 1, 15, 4, 4, 1, 3, "tofacitinib", 5, "twice daily"),
    4: (48, "female", "White", {"cerebrovascular accident"}, 20, 3, 7, 1, 6, 3, 1, 1, 2,
        "upadacitinib", 15, "daily"),
    5: (83, "female", "White", {"hypertension", "chronic kidney disease", "hyperlipidemia"}, 40, 4,
        18, 1, 20, 4, 1, 1, 2, "upadacitinib", 15, "daily"),
    6: (56, "female", "White", set(), 15, 3, 6, 0, 10, 3, 0, 0, 6, "upadacitinib", 15, "daily"),
}

OBSERVATIONS = [  # (position in TABLE_I row, instrument, time point)
    (4, "BSAInvolvement", "Baseline"), (5, "IGA", "Baseline"), (7, "IGA", "PreFlare"),
    (8, "BSAInvolvement", "Flare"), (9, "IGA", "Flare"), (10, "BSAInvolvement", "PostJAKiWeek4"),
    (11, "IGA", "PostJAKiWeek4"),
]


def _patient(sparql, n):
    rows = sparql.rows("SELECT ?p WHERE { ?p a adkg:Patient ; adkg:patientNumber ?n }", n=_int(n))
    assert len(rows) == 1, f"patient {n}"
    return rows[0][0]


def _int(n):
    from rdflib import Literal
    return Literal(n, datatype=XSD.integer)


def test_six_patients(sparql):
    rows = sparql.python("SELECT ?n WHERE { ?p a adkg:Patient ; adkg:patientNumber ?n } ORDER BY ?n")
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("n", sorted(TABLE_I))
def test_demographics(sparql, n):
    age, sex, ethnicity, comorbidities = TABLE_I[n][:4]
    p = _patient(sparql, n)
    rows = sparql.rows("""SELECT ?age ?sex ?eth WHERE {
        ?p adkg:ageYears ?age ; adkg:sex/rdfs:label ?sex ; adkg:ethnicity ?eth }""", p=p)
    assert len(rows) == 1
    age_lit, sex_lit, eth_lit = rows[0]
    assert age_lit.datatype == XSD.integer and age_lit.toPython() == age
    assert str(sex_lit) == sex
    assert str(eth_lit) == ethnicity
    labels = {str(r[0]) for r in sparql.rows(
        "SELECT ?l WHERE { ?p adkg:hasComorbidity/rdfs:label ?l }", p=p)}
    assert labels == comorbidities


@pytest.mark.parametrize("n", sorted(TABLE_I))
@pytest.mark.parametrize("index,instrument,time_point", OBSERVATIONS)
def test_observations(sparql, n, index, instrument, time_point):
    from kg.core.namespaces import ADKG
    rows = sparql.rows("""SELECT ?v WHERE {
        ?o sosa:hasFeatureOfInterest ?p ; sosa:observedProperty ?i ; adkg:atTimePoint ?t ;
           sosa:hasSimpleResult ?v }""", p=_patient(sparql, n), i=ADKG[instrument], t=ADKG[time_point])
    assert len(rows) == 1
    value = rows[0][0]
    expected = TABLE_I[n][index]
    if instrument == "IGA":
        assert value.datatype == XSD.integer and value.toPython() == expected
    else:
        assert value.datatype == XSD.decimal and value.toPython() == Decimal(expected)


@pytest.mark.parametrize("n", sorted(TABLE_I))
def test_treatment_courses(sparql, n):
    row = TABLE_I[n]
    p = _patient(sparql, n)
    dupi = sparql.rows("""SELECT ?months ?dose ?loading ?freq WHERE {
        ?p adkg:hasTreatmentCourse ?c . ?c adkg:drug/rdfs:label "dupilumab" ;
           adkg:monthsUntilFlare ?months ; adkg:doseValue ?dose ; adkg:loadingDoseValue ?loading ;
           adkg:frequency/rdfs:label ?freq }""", p=p)
    assert len(dupi) == 1
    months, dose, loading, freq = dupi[0]
    assert months.toPython() == Decimal(row[6])
    assert (dose.toPython(), loading.toPython(), str(freq)) == (Decimal(300), Decimal(600), "every other week")
    jak = sparql.rows("""SELECT ?drug ?months ?dose ?unit ?freq WHERE {
        ?p adkg:hasTreatmentCourse ?c . ?c adkg:drug ?d ; adkg:durationMonths ?months ;
           adkg:doseValue ?dose ; adkg:doseUnit ?unit ; adkg:frequency/rdfs:label ?freq .
        ?d a adkg:JAKInhibitor ; rdfs:label ?drug }""", p=p)
    assert len(jak) == 1
    drug, months, dose, unit, freq = jak[0]
    assert str(drug) == row[13]
    assert months.datatype == XSD.decimal and months.toPython() == Decimal(row[12])
    assert dose.datatype == XSD.decimal and dose.toPython() == Decimal(row[14])
    assert str(unit) == "http://purl.obolibrary.org/obo/UO_0000022"  # milligram
    assert str(freq) == row[15]


def test_seventy_two_values(sparql):
    """12 printed columns x 6 patients: each cell is a node with at least one value read from it."""
    rows = sparql.rows("""SELECT (COUNT(DISTINCT ?cell) AS ?n) WHERE {
        ?cell a adkg:TableCell . ?a rdf:subject ?s ; prov:wasDerivedFrom ?cell ; rdf:object ?v }""")
    assert rows[0][0].toPython() == 72
