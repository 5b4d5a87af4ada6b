"""Article parts a SPARQL user asks for (issue 13): the regulatory fact of p1.s3, the characterisation of
dupilumab in p7.s1, the JAK inhibitor's discontinuation as an outcome (p4.s5), curation judgements as
curation notes, and the unheaded Discussion section.

Expected values are written from the article (../shared/seed/000_89104d11b1d1f565.txt), through the
shipped store as `kg sparql` reads it.
"""

from __future__ import annotations

import re

import pytest

from kg.core.errors import BuildFailed, CurationError
from kg.core.namespaces import PREFIXES
from kg.dataset import query
from kg.publish.build import build

PREFIX_BLOCK = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())
ADKG = "https://w3id.org/adkg/ontology#"

#: The sentences as the article prints them (OCR corrected where a curation note says so).
P1_S3 = ("Dupilumab, a biologic, which inhibits IL-4 and IL-13 signaling via the inhibition of the IL-4 receptor "
         "alpha subunit, was the first targeted treatment approved for AD.")
P7_S1 = ("Although dupilumab is considered generally safe and immunomodulatory as opposed to immunosuppressive, "
         "the package labeling for the JAK-I's advises against the use of these drugs concomitantly with a "
         "biologic immunomodulator.")
P4_S5_START = "The JAK-I was successfully discontinued after 2 to 6 months of treatment"
DISCUSSION_FIRST = ("Although dupilumab has greatly improved the treatment options for AD, there still remain some "
                    "patients who despite dupilumab therapy continue to struggle with long-term control of their "
                    "disease and require rescue therapy.")
DISCUSSION_LAST = ("However, future studies looking at the safety and efficacy of combination treatment in larger "
                   "cohorts of patients are warranted.")


def select(store, text: str) -> list[tuple]:
    return [tuple(row) for row in query.sparql(PREFIX_BLOCK + "\n" + text, store).rows]


def test_first_targeted_treatment_approved_for_ad_with_its_sentence(store):
    rows = select(store, """
        SELECT ?drug ?indication ?where ?text WHERE {
          ?approval a adkg:RegulatoryApproval ; adkg:isFirstTargetedTherapyApproval true ;
                    adkg:concernsDrug/rdfs:label ?drug ; adkg:indication/rdfs:label ?indication .
          ?a rdf:subject ?approval ; rdf:predicate adkg:isFirstTargetedTherapyApproval ;
             prov:wasDerivedFrom ?s .
          ?s skos:notation ?where ; c4o:hasContent ?text }""")
    assert rows == [("dupilumab", "atopic dermatitis", "p1.s3", P1_S3)]
    # The article names no agency or year for it: none is made up.
    assert not select(store, """SELECT ?x WHERE { ?a adkg:isFirstTargetedTherapyApproval true .
        { ?a adkg:regulatoryAgency ?x } UNION { ?a adkg:year ?x } }""")


def test_dupilumab_generally_safe_and_immunomodulatory_not_immunosuppressive(store):
    rows = select(store, """
        SELECT ?p ?o ?where ?text WHERE {
          ?d rdfs:label "dupilumab" .
          VALUES ?p { adkg:safetyCharacterisation adkg:characterisedAs adkg:contrastedWithClass }
          ?a rdf:subject ?d ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?s .
          ?s skos:notation ?where ; c4o:hasContent ?text }""")
    found = {(p.removeprefix(ADKG), str(o).removeprefix(ADKG)): (where, text) for p, o, where, text in rows}
    assert found == {
        ("safetyCharacterisation", "generally safe"): ("p7.s1", P7_S1),
        ("characterisedAs", "Immunomodulator"): ("p7.s1", P7_S1),
        ("contrastedWithClass", "Immunosuppressant"): ("p7.s1", P7_S1),
    }
    # The article's view is not a curated class: dupilumab stays a monoclonal antibody, and the only
    # immunosuppressant the article names is cyclosporine.
    members = {r[0] for r in select(store, """SELECT ?l WHERE {
        ?d a/rdfs:subClassOf* adkg:Immunosuppressant ; rdfs:label ?l }""")}
    assert members == {"cyclosporine"}
    assert not select(store, """SELECT ?d WHERE { ?d rdfs:label "dupilumab" ; a adkg:Immunomodulator }""")


def test_successful_discontinuation_is_the_outcome_of_the_stop_not_a_reason(store):
    rows = select(store, """
        SELECT ?n ?outcome ?text WHERE {
          ?e a adkg:TreatmentStopEvent ; adkg:ofPatient/adkg:patientNumber ?n ; adkg:statedOutcome ?outcome ;
             adkg:concernsCourse/adkg:drug/rdfs:label ?drug .
          ?a rdf:subject ?e ; rdf:predicate adkg:statedOutcome ; rdf:object ?outcome ;
             prov:wasDerivedFrom/c4o:hasContent ?text }
        ORDER BY ?n""")
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5, 6]
    for _, outcome, text in rows:
        assert "successful" in outcome and "discontinu" in outcome
        assert text.startswith(P4_S5_START)
    # Durable control after it: the follow-up event that comes next in each course.
    follow = select(store, """SELECT ?outcome WHERE { ?stop a adkg:TreatmentStopEvent ; adkg:ofPatient ?p ;
        adkg:ordinal ?k . ?next adkg:ofPatient ?p ; adkg:ordinal ?k2 ; a adkg:FollowUpEvent ;
        adkg:statedOutcome ?outcome . FILTER(?k2 = ?k + 1) ?p adkg:patientNumber 2 }""")
    assert follow == [("durable disease control on continued dupilumab monotherapy",)]
    reasons = [r[0] for r in select(store, "SELECT ?r WHERE { ?c adkg:reasonStopped ?r }")]
    assert reasons and not any("successful" in r for r in reasons)


@pytest.mark.parametrize("condition", ["chronic kidney disease", "hyperlipidemia"])
def test_cardiovascular_risk_factor_typing_is_a_curation_note_on_the_condition(store, condition):
    rows = select(store, f"""
        SELECT ?kind ?curated ?field ?why WHERE {{
          ?c rdfs:label "{condition}" ; a adkg:CardiovascularRiskFactor .
          ?note a adkg:CurationNote ; oa:hasTarget ?c ; adkg:curationKind ?kind ; adkg:curatedText ?curated ;
                adkg:curatedField ?field ; adkg:printedText ?printed ; rdfs:comment ?why }}""")
    assert len(rows) == 1
    kind, curated, field, why = rows[0]
    assert (kind, curated, field) == ("judgement", "adkg:CardiovascularRiskFactor", "types")
    assert "risk" in why


def test_every_judgement_is_a_curation_note(store):
    judged = {r[0] for r in select(store, """SELECT ?t WHERE { ?n a adkg:CurationNote ;
        adkg:curationKind "judgement" ; oa:hasTarget ?t }""")}
    risk_factors = {r[0] for r in select(store, "SELECT ?c WHERE { ?c a adkg:CardiovascularRiskFactor }")}
    # Every condition typed a cardiovascular risk factor carries the judgement (no article says so).
    assert risk_factors and risk_factors <= judged


def test_the_sentences_of_the_discussion(store):
    rows = select(store, """
        SELECT ?where ?text WHERE {
          ?section a deo:Discussion ; frbr:partOf/frbr:partOf ?article .
          ?article prism:doi "10.1016/j.jdcr.2023.01.020" .
          ?paragraph frbr:partOf ?section ; adkg:ordinal ?pn .
          ?sentence frbr:partOf ?paragraph ; adkg:ordinal ?sn ; skos:notation ?where ; c4o:hasContent ?text }
        ORDER BY ?pn ?sn""")
    assert rows[0] == ("p5.s1", DISCUSSION_FIRST)
    assert rows[-1] == ("p7.s3", DISCUSSION_LAST)
    assert len(rows) == 13                   # paragraphs 5 (7 sentences), 6 (3) and 7 (3)
    assert ("p7.s1", P7_S1) in rows


def test_sections_in_order_and_the_unheaded_ones_say_so(store):
    rows = select(store, """
        SELECT ?label ?title WHERE {
          ?section a doco:Section ; rdfs:label ?label ; adkg:ordinal ?o .
          OPTIONAL { ?section dcterms:title ?title } } ORDER BY ?o""")
    # Only INTRODUCTION is printed; the case series and the Discussion are unheaded.
    assert rows == [("Introduction", "INTRODUCTION"), ("Case series", None), ("Discussion", None)]
    notes = select(store, """SELECT ?printed ?why WHERE { ?s a deo:Discussion .
        ?n a adkg:CurationNote ; oa:hasTarget ?s ; adkg:printedText ?printed ; rdfs:comment ?why }""")
    assert len(notes) == 1 and "DISCUSSION" in notes[0][0]
    # No paragraph hangs off the body outside a section.
    assert not select(store, "SELECT ?p WHERE { ?p a doco:Paragraph ; frbr:partOf ?b . ?b a doco:BodyMatter }")


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("file,old,new,expected", [
    ("vocabulary/conditions.yaml", "  curation_notes:\n    - {field: types,", "  curation_notes:\n    - {field: typos,",
     "conditions.yaml:\\d+: record 'hypertension', field 'curation_notes\\[0\\]\\.field': .*no field 'typos'"),
    ("articles/shahriari-2023-jaki-rescue/article.yaml", "  - id: p5\n    unheaded_section: Discussion\n",
     "  - id: p5\n    section: DISCUSSION\n    unheaded_section: Discussion\n",
     "paragraph p5.*unheaded_section.*not both"),
    ("articles/shahriari-2023-jaki-rescue/article.yaml", "location: section-discussion,", "location: section-methods,",
     "cannot resolve location 'section-methods'"),
])
def test_bad_notes_and_sections_name_file_record_and_field(data_copy, file, old, new, expected):
    _edit(data_copy / "data" / file, old, new)
    with pytest.raises((BuildFailed, CurationError)) as failed:
        build(data_copy / "data", data_copy / "ontology", data_copy / "build", root=data_copy)
    assert re.search(expected, str(failed.value)), str(failed.value)
    assert not (data_copy / "build").exists()
