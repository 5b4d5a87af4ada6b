"""The ADKG ontology's terms as a checked namespace: ``ADKG.Patient`` is the IRI, ``ADKG.Patinet``
raises ``AttributeError``. Generated from ontology/adkg.ttl by ``python -m kg.core.vocab_gen``; do not edit.

>>> ADKG.Patient
rdflib.term.URIRef('https://w3id.org/adkg/ontology#Patient')
>>> ADKG["ageYears"] == ADKG.ageYears
True
>>> ADKG.Patinet
Traceback (most recent call last):
AttributeError: term 'Patinet' not in namespace 'https://w3id.org/adkg/ontology#'
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["ADKG"]


class ADKG(DefinedNamespace):
    """The ADKG ontology's own terms (generated from ontology/adkg.ttl: do not edit)."""

    _NS = Namespace("https://w3id.org/adkg/ontology#")
    _fail = True

    # owl:Class
    Abbreviation: URIRef  # abbreviation
    AbbreviationList: URIRef  # abbreviation list
    Assertion: URIRef  # assertion
    AssessmentEvent: URIRef  # assessment
    Authorship: URIRef  # authorship
    BSAObservation: URIRef  # BSA observation
    BackgroundAssertion: URIRef  # background assertion
    Biologic: URIRef  # biologic
    CardiovascularRiskFactor: URIRef  # cardiovascular risk factor
    CaseSeries: URIRef  # case series
    ClinicalState: URIRef  # clinical state
    ClinicalStudy: URIRef  # clinical study
    Cohort: URIRef  # cohort
    CourseEvent: URIRef  # course event
    CurationNote: URIRef  # curation note
    Cytokine: URIRef  # cytokine
    DosingFrequency: URIRef  # dosing frequency
    DrugRefractoryState: URIRef  # drug-refractory state
    FindingType: URIRef  # finding type
    FlareEvent: URIRef  # flare
    FollowUpEvent: URIRef  # follow-up
    IGAObservation: URIRef  # IGA observation
    Immunomodulator: URIRef  # immunomodulator
    Immunosuppressant: URIRef  # immunosuppressant
    JAKInhibitor: URIRef  # JAK inhibitor
    LabelUpdate: URIRef  # label update
    LabelWarning: URIRef  # label warning
    LaboratoryTest: URIRef  # laboratory test
    LaboratoryTestingEvent: URIRef  # laboratory testing
    MonoclonalAntibody: URIRef  # monoclonal antibody
    NegativeFinding: URIRef  # negative finding
    Observation: URIRef  # observation
    OralCorticosteroid: URIRef  # oral corticosteroid
    OutcomeInstrument: URIRef  # outcome instrument
    Patient: URIRef  # patient
    RegulatoryAction: URIRef  # regulatory action
    RegulatoryApproval: URIRef  # regulatory approval
    ResponseEvent: URIRef  # response
    SecondarySourceMapping: URIRef  # secondary-source mapping
    Severity: URIRef  # severity
    Sex: URIRef  # sex
    SummaryClaim: URIRef  # summary claim
    TNFInhibitor: URIRef  # tumor necrosis factor inhibitor
    TableCell: URIRef  # table cell
    TableColumn: URIRef  # table column
    TherapyRole: URIRef  # therapy role
    TimePoint: URIRef  # time point
    TreatmentConsideration: URIRef  # treatment consideration
    TreatmentCourse: URIRef  # treatment course
    TreatmentStartEvent: URIRef  # treatment start
    TreatmentStopEvent: URIRef  # treatment stop
    Verdict: URIRef  # verdict

    # owl:ObjectProperty
    aboutCohort: URIRef  # about cohort
    absentFinding: URIRef  # absent finding
    advisesAgainstCombinationWith: URIRef  # advises against combination with
    affiliation: URIRef  # affiliation
    atTimePoint: URIRef  # at time point
    characterisedAs: URIRef  # characterised as
    claimsAbout: URIRef  # claims about
    claimsAboutDrugClass: URIRef  # claims about drug class
    comparator: URIRef  # comparator
    comparedWith: URIRef  # compared with
    concernsCourse: URIRef  # concerns course
    concernsDrug: URIRef  # concerns drug
    concernsDrugClass: URIRef  # concerns drug class
    concomitantWith: URIRef  # concomitant with
    consideredFor: URIRef  # considered for
    consideredRole: URIRef  # considered role
    consideredTreatment: URIRef  # considered treatment
    contrastedWithClass: URIRef  # contrasted with class
    denotes: URIRef  # denotes
    diseaseSeverity: URIRef  # disease severity
    doseUnit: URIRef  # dose unit
    drug: URIRef  # drug
    frequency: URIRef  # frequency
    hasClinicalState: URIRef  # has clinical state
    hasComorbidity: URIRef  # has comorbidity
    hasDiagnosis: URIRef  # has diagnosis
    hasMember: URIRef  # has member
    hasObservation: URIRef  # has observation
    hasPathogenicProcess: URIRef  # has pathogenic process
    hasTreatmentCourse: URIRef  # has treatment course
    hasUpregulatedCytokine: URIRef  # has upregulated cytokine
    inSentence: URIRef  # in sentence
    indication: URIRef  # indication
    inhibits: URIRef  # inhibits
    inhibitsPathway: URIRef  # inhibits pathway
    namesRisk: URIRef  # names risk
    ofPatient: URIRef  # of patient
    promptedBy: URIRef  # prompted by
    refractoryTo: URIRef  # refractory to
    regulatoryAgency: URIRef  # regulatory agency
    reportedEffectiveIn: URIRef  # reported effective in
    reportedIn: URIRef  # reported in
    scaleDatatype: URIRef  # scale datatype
    sex: URIRef  # sex
    showedIncreasedRiskOf: URIRef  # showed increased risk of
    studiedDrug: URIRef  # studied drug
    studyCondition: URIRef  # study condition
    tableColumn: URIRef  # table column
    testPerformed: URIRef  # test performed
    therapyRole: URIRef  # therapy role
    unit: URIRef  # unit
    verdict: URIRef  # verdict
    viaReference: URIRef  # via reference

    # owl:DatatypeProperty
    academicDegree: URIRef  # academic degree
    affiliationMark: URIRef  # affiliation mark
    ageYears: URIRef  # age in years
    authorListTruncated: URIRef  # author list truncated
    authorPosition: URIRef  # author position
    cohortSize: URIRef  # cohort size
    conflictOfInterestStatement: URIRef  # conflict of interest statement
    correspondenceAddress: URIRef  # correspondence address
    curatedField: URIRef  # curated field
    curatedText: URIRef  # curated text
    curationKind: URIRef  # curation kind
    diagnosisConfirmation: URIRef  # diagnosis confirmation
    doseValue: URIRef  # dose value
    dosesPerDay: URIRef  # doses per day
    durationMaxMonths: URIRef  # maximum duration in months
    durationMinMonths: URIRef  # minimum duration in months
    durationMonths: URIRef  # duration in months
    ethnicity: URIRef  # ethnicity
    fundingStatement: URIRef  # funding statement
    hasCardinalSymptom: URIRef  # has cardinal symptom
    irbStatus: URIRef  # IRB approval status
    isClassWide: URIRef  # is class-wide
    isCorrespondingAuthor: URIRef  # is corresponding author
    isFirstTargetedTherapyApproval: URIRef  # is first targeted therapy approval
    licenseStatement: URIRef  # license statement
    loadingDoseValue: URIRef  # loading dose value
    longForm: URIRef  # long form
    monthsUntilFlare: URIRef  # months until flare
    ongoingAtFollowUp: URIRef  # ongoing at follow-up
    ordinal: URIRef  # ordinal
    patientNumber: URIRef  # patient number
    period: URIRef  # period
    populationNote: URIRef  # population note
    printedText: URIRef  # printed text
    procedureHistory: URIRef  # procedure history
    reason: URIRef  # reason
    reasonStarted: URIRef  # reason started
    reasonStopped: URIRef  # reason stopped
    referenceNumber: URIRef  # reference number
    safetyCharacterisation: URIRef  # safety characterisation
    scaleMaximum: URIRef  # scale maximum
    scaleMinimum: URIRef  # scale minimum
    shortForm: URIRef  # short form
    statedMaximum: URIRef  # stated maximum
    statedMinimum: URIRef  # stated minimum
    statedOutcome: URIRef  # stated outcome
    tableRow: URIRef  # table row
    year: URIRef  # year

    # owl:AnnotationProperty
    sourceLocation: URIRef  # source location
    viaIdentifier: URIRef  # via identifier

    # owl:NamedIndividual
    AdverseEvent: URIRef  # adverse event
    BSAInvolvement: URIRef  # body surface area involvement
    Baseline: URIRef  # baseline
    Comorbidity: URIRef  # comorbidity
    EveryOtherWeek: URIRef  # every other week
    Female: URIRef  # female
    Flare: URIRef  # flare
    FollowUp: URIRef  # follow-up
    IGA: URIRef  # investigator's global assessment
    IntolerableSideEffect: URIRef  # intolerable side effect
    LaboratoryAbnormality: URIRef  # laboratory abnormality
    MaintenanceTherapy: URIRef  # maintenance therapy
    Male: URIRef  # male
    NotPreferred: URIRef  # not preferred
    OnceDaily: URIRef  # daily
    PostJAKiWeek4: URIRef  # 4 weeks after JAK inhibitor start
    PreFlare: URIRef  # pre-flare
    Preferred: URIRef  # preferred
    Relapse: URIRef  # relapse
    RescueTherapy: URIRef  # rescue therapy
    Severe: URIRef  # severe
    TwiceDaily: URIRef  # twice daily
