"""The disease, its mechanism, the drugs, regulatory facts and negative findings, as stated."""



def labels(sparql, query, **bindings):
    return {str(r[0]) for r in sparql.rows(query, **bindings)}


def test_th2_mechanism_and_cytokines(sparql):
    assert labels(sparql, """SELECT ?l WHERE { ?ad rdfs:label "atopic dermatitis" ;
        adkg:hasUpregulatedCytokine/skos:altLabel ?l }""") == {"IL-4", "IL-5", "IL-13", "IL-31"}
    assert "Th2 axis" in labels(sparql, """SELECT ?l WHERE { ?ad rdfs:label "atopic dermatitis" ;
        adkg:hasPathogenicProcess/skos:altLabel ?l }""")


def test_dupilumab_targets(sparql):
    assert labels(sparql, """SELECT ?l WHERE { ?d rdfs:label "dupilumab" ; adkg:inhibits/rdfs:label ?l }"""
                  ) == {"interleukin 4 receptor subunit alpha"}
    assert labels(sparql, """SELECT ?l WHERE { ?d rdfs:label "dupilumab" ;
        adkg:inhibitsPathway/skos:altLabel ?l }""") == {"IL-4 signaling", "IL-13 signaling"}


def test_jak_inhibitor_class_membership_through_the_ontology(sparql):
    members = labels(sparql, """SELECT ?l WHERE { ?d a/rdfs:subClassOf* adkg:JAKInhibitor ; rdfs:label ?l }""")
    assert members == {"tofacitinib", "baricitinib", "upadacitinib", "abrocitinib"}
    drugs = labels(sparql, """SELECT ?l WHERE { ?d a/rdfs:subClassOf* biolink:Drug ; rdfs:label ?l }""")
    assert members | {"dupilumab", "cyclosporine"} == drugs
    pathway = labels(sparql, """SELECT DISTINCT ?l WHERE { ?d a adkg:JAKInhibitor ;
        adkg:inhibitsPathway/rdfs:label ?l }""")
    assert pathway == {"JAK-STAT signaling pathway"}


def test_fda_approvals_2022(sparql):
    rows = sparql.python("""SELECT ?drug ?year WHERE { ?x a adkg:RegulatoryApproval ;
        adkg:concernsDrug/rdfs:label ?drug ; adkg:year ?year ;
        adkg:regulatoryAgency/skos:altLabel "FDA" ; adkg:indication/rdfs:label "atopic dermatitis" }""")
    assert {(d, str(y)) for d, y in rows} == {("upadacitinib", "2022"), ("abrocitinib", "2022")}


def test_fda_2021_class_wide_label_update(sparql):
    rows = sparql.python("""SELECT ?year ?classwide WHERE { ?x a adkg:LabelUpdate ;
        adkg:year ?year ; adkg:isClassWide ?classwide ; adkg:concernsDrugClass adkg:JAKInhibitor }""")
    assert [(str(y), c) for y, c in rows] == [("2021", True)]
    risks = labels(sparql, """SELECT ?l WHERE { ?x a adkg:LabelUpdate ; adkg:namesRisk ?r .
        { ?r rdfs:label ?l } UNION { ?r skos:altLabel ?l } }""")
    assert {"myocardial infarction", "stroke", "cancer", "blood clots", "death"} <= risks
    study = sparql.python("""SELECT ?drug ?cond ?comparator WHERE { ?x a adkg:LabelUpdate ;
        adkg:promptedBy ?s . ?s adkg:studiedDrug/rdfs:label ?drug ; adkg:studyCondition/rdfs:label ?cond ;
        adkg:comparator/rdfs:label ?comparator }""")
    assert study == [("tofacitinib", "rheumatoid arthritis", "tumor necrosis factor inhibitor")]


def test_alternatives_not_preferred_and_why(sparql):
    rows = sparql.python("""SELECT ?what ?reason WHERE { ?x a adkg:TreatmentConsideration ;
        adkg:verdict adkg:NotPreferred ; adkg:consideredTreatment/rdfs:label ?what ; adkg:reason ?reason }""")
    by_option = {}
    for what, reason in rows:
        by_option.setdefault(what, set()).add(reason)
    assert by_option["cyclosporine"] == by_option["oral corticosteroid"] == {
        "potential adverse event profile", "potential for rebound flares on discontinuation"}


def test_label_advice_against_combining_with_a_biologic(sparql):
    assert sparql.ask("""ASK { ?w a adkg:LabelWarning ; adkg:concernsDrugClass adkg:JAKInhibitor ;
        adkg:advisesAgainstCombinationWith adkg:Biologic . adkg:MonoclonalAntibody rdfs:subClassOf adkg:Biologic .
        ?d rdfs:label "dupilumab" ; a adkg:MonoclonalAntibody }""")


def test_negative_findings_are_explicit(sparql):
    rows = sparql.python("""SELECT ?finding (COUNT(DISTINCT ?p) AS ?patients) WHERE {
        ?f a adkg:NegativeFinding ; adkg:absentFinding ?x ; adkg:ofPatient ?p . ?x rdfs:label ?finding }
        GROUP BY ?finding ORDER BY ?finding""")
    assert dict(rows) == {"adverse event": 6, "intolerable side effect": 6, "laboratory abnormality": 6,
                          "relapse": 6, "thrombosis": 1, "comorbidity": 3}
    # Table I prints "None" under Comorbidities for patients 2, 3 and 6.
    none = sparql.python("""SELECT ?n WHERE { ?f adkg:absentFinding adkg:Comorbidity ;
        adkg:ofPatient/adkg:patientNumber ?n } ORDER BY ?n""")
    assert none == [(2,), (3,), (6,)]
    # Patient 1's "no history of clotting" is a negative finding about patient 1 only.
    assert sparql.ask("""ASK { ?f adkg:absentFinding/skos:altLabel "clotting" ;
                               adkg:ofPatient/adkg:patientNumber 1 }""")


def test_dupilumab_refractory_is_a_patient_state_not_a_disease(sparql):
    rows = sparql.python("""SELECT ?n ?tp WHERE { ?p adkg:patientNumber ?n ; adkg:hasClinicalState ?s .
        ?s a adkg:DrugRefractoryState ; adkg:refractoryTo/rdfs:label "dupilumab" ;
           adkg:atTimePoint/rdfs:label ?tp } ORDER BY ?n""")
    assert rows == [(n, "flare") for n in range(1, 7)]
    assert not sparql.ask("""ASK { ?c a/rdfs:subClassOf* biolink:Disease ; rdfs:label ?l .
                                   FILTER(CONTAINS(LCASE(?l), "refractory")) }""")


def test_laboratory_tests(sparql):
    screening = labels(sparql, """SELECT ?l WHERE { ?e a adkg:LaboratoryTestingEvent ; adkg:ordinal 5 ;
        adkg:ofPatient/adkg:patientNumber 2 ; adkg:testPerformed/rdfs:label ?l }""")
    assert screening == {"tuberculosis screening test", "hepatitis B screening test",
                         "hepatitis C screening test", "complete blood cell count", "liver function tests",
                         "fasting lipid panel"}
    recheck = labels(sparql, """SELECT ?l WHERE { ?e a adkg:LaboratoryTestingEvent ; adkg:ordinal 8 ;
        adkg:ofPatient/adkg:patientNumber 2 ; adkg:testPerformed/rdfs:label ?l }""")
    # "The complete blood cell count, liver function tests, and lipid panel were rechecked" - not "fasting".
    assert recheck == {"complete blood cell count", "liver function tests", "lipid panel"}


def test_course_in_order(sparql):
    rows = sparql.python("""SELECT ?order ?type WHERE { ?e adkg:ofPatient/adkg:patientNumber 3 ;
        adkg:ordinal ?order ; a ?t . ?t rdfs:subClassOf adkg:CourseEvent ; rdfs:label ?type } ORDER BY ?order""")
    assert [t for _, t in rows] == ["assessment", "treatment start", "response", "flare",
                                    "laboratory testing", "treatment start", "assessment",
                                    "laboratory testing", "treatment stop", "follow-up"]
    follow = sparql.python("""SELECT ?min ?max WHERE { ?e a adkg:FollowUpEvent ;
        adkg:ofPatient/adkg:patientNumber 3 ; adkg:durationMinMonths ?min ; adkg:durationMaxMonths ?max }""")
    assert [(int(a), int(b)) for a, b in follow] == [(3, 4)]


def test_summary_claims_are_recorded(sparql):
    rows = sparql.python("""SELECT ?min ?max WHERE { ?c a adkg:SummaryClaim ; adkg:claimsAbout adkg:BSAInvolvement ;
        adkg:atTimePoint adkg:Flare ; adkg:statedMinimum ?min ; adkg:statedMaximum ?max }""")
    assert [(int(a), int(b)) for a, b in rows] == [(3, 20)]


def test_curation_notes_record_the_ocr_corrections(sparql):
    rows = {(p, c) for p, c in sparql.python("""SELECT ?printed ?curated WHERE {
        ?n a adkg:CurationNote ; adkg:printedText ?printed ; adkg:curatedText ?curated ;
           oa:motivatedBy oa:editing ; oa:hasTarget ?t ; rdfs:comment ?why }""")}
    assert ("(Table D)", "(Table I)") in rows
    assert ("urable disease control", "durable disease control") in rows
    assert ("10.1016/j.jidcr.2023.01.020", "10.1016/j.jdcr.2023.01.020") in rows
    assert ("10.1016/j.jidcr.2021.01.020", "10.1016/j.jdcr.2021.01.020") in rows
    # The corrected text is what the graph holds.
    assert sparql.ask("""ASK { ?s c4o:hasContent ?t . FILTER(CONTAINS(?t, "maintained durable disease control")) }""")
    assert not sparql.ask("""ASK { ?s c4o:hasContent ?t . FILTER(CONTAINS(?t, "Table D")) }""")




# Regression tests for the curation audit of the first article.

def test_jak_inhibitor_verdicts_do_not_contradict(sparql):
    """Short-course rescue is preferred (over add-on steroids and cyclosporine); long-term
    maintenance is not: the verdicts differ by role, not on the same (treatment, role) pair."""
    rows = sparql.python("""SELECT ?role ?verdict WHERE { ?x a adkg:TreatmentConsideration ;
        adkg:consideredTreatment adkg:JAKInhibitor ; adkg:consideredRole/rdfs:label ?role ;
        adkg:verdict/rdfs:label ?verdict }""")
    assert sorted(rows) == [("maintenance therapy", "not preferred"), ("rescue therapy", "preferred")]
    compared = labels(sparql, """SELECT ?l WHERE { ?x adkg:consideredTreatment adkg:JAKInhibitor ;
        adkg:verdict adkg:Preferred ; adkg:comparedWith/rdfs:label ?l }""")
    assert compared == {"oral corticosteroid", "cyclosporine"}
    # Steroids and cyclosporine are judged as add-on rescue for flares, not in general.
    assert labels(sparql, """SELECT ?l WHERE { ?x adkg:verdict adkg:NotPreferred ;
        adkg:consideredRole adkg:RescueTherapy ; adkg:consideredTreatment/rdfs:label ?l }""") == {
        "oral corticosteroid", "cyclosporine"}


def _source_text(sparql, subject_query, predicate):
    rows = sparql.python(f"""SELECT DISTINCT ?text WHERE {{ {subject_query}
        ?a rdf:subject ?s ; rdf:predicate {predicate} ; prov:wasDerivedFrom/c4o:hasContent ?text }}""")
    return {r[0] for r in rows}


def test_severity_comes_from_the_sentence_that_says_severe(sparql):
    texts = _source_text(sparql, "?s adkg:patientNumber 2 .", "adkg:diseaseSeverity")
    assert len(texts) == 1 and "6 patients with severe AD" in texts.pop()


def test_flare_event_comes_from_the_flare_sentence(sparql):
    rows = sparql.python("""SELECT ?text WHERE { ?e a adkg:FlareEvent ; adkg:ofPatient/adkg:patientNumber 4 ;
        prov:wasDerivedFrom/c4o:hasContent ?text }""")
    assert len(rows) == 1 and rows[0][0].startswith("However, all 6 patients experienced a flare")


def test_reasons_for_stopping_the_jak_inhibitor_are_each_sourced(sparql):
    rows = sparql.python("""SELECT ?reason ?text WHERE { ?p adkg:patientNumber 5 ; adkg:hasTreatmentCourse ?c .
        ?c adkg:drug/rdfs:label "upadacitinib" ; adkg:reasonStopped ?reason .
        ?a rdf:subject ?c ; rdf:predicate adkg:reasonStopped ; rdf:object ?reason ;
           prov:wasDerivedFrom/c4o:hasContent ?text }""")
    # "successfully discontinued" (p4.s5) is the outcome of the stop, not a reason for it.
    assert len(rows) == 1
    reason, text = rows[0]
    assert "safety concerns" in reason and text.startswith("Because of these potential safety concerns")


def test_treats_only_where_approved(sparql):
    assert labels(sparql, """SELECT ?l WHERE { ?d biolink:treats/rdfs:label "atopic dermatitis" ;
        rdfs:label ?l }""") == {"dupilumab", "upadacitinib", "abrocitinib"}
    assert labels(sparql, """SELECT ?l WHERE { ?d adkg:reportedEffectiveIn/rdfs:label "atopic dermatitis" ;
        rdfs:label ?l }""") == {"tofacitinib", "baricitinib", "upadacitinib", "abrocitinib"}


def test_follow_up_outcome_is_queryable(sparql):
    rows = sparql.python("""SELECT ?outcome WHERE { ?e a adkg:FollowUpEvent ;
        adkg:ofPatient/adkg:patientNumber 6 ; adkg:statedOutcome ?outcome }""")
    assert rows == [("durable disease control on continued dupilumab monotherapy",)]
