"""What the phenopackets are made of, read from the built store by SPARQL.

Five SELECT queries over the curated graphs (the store's default graph; article graphs only for
the patients): the patients with their article, their conditions, the ontology terms those
conditions and the drugs are mapped to (with the mapping record and the file it was checked in),
their treatment courses and their outcome observations. :func:`read_patients` groups the rows
into one :class:`Patient` each, in article and patient-number order.

>>> import pyoxigraph as ox
>>> read_patients(ox.Store())
[]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from kg.dataset.query import sparql
from kg.dataset.store import Store

__all__ = ["Article", "Condition", "Course", "Mapping", "Observation", "Patient", "Entity", "read_patients",
           "ontology_info"]

ARTICLE_GRAPHS = "https://w3id.org/adkg/graph/article/"

PATIENTS = """
SELECT ?patient ?graph ?number ?age ?sex ?work ?doi ?title ?citation ?year WHERE {
  GRAPH ?graph { ?patient a adkg:Patient ; adkg:patientNumber ?number }
  FILTER(STRSTARTS(STR(?graph), "%s"))
  OPTIONAL { ?patient adkg:ageYears ?age }
  OPTIONAL { ?patient adkg:sex/skos:notation ?sex }
  OPTIONAL { ?patient adkg:reportedIn ?work .
             OPTIONAL { ?work prism:doi ?doi } OPTIONAL { ?work dcterms:title ?title }
             OPTIONAL { ?work dcterms:bibliographicCitation ?citation }
             OPTIONAL { ?work fabio:hasPublicationYear ?year } }
} ORDER BY ?graph ?number ?work
""" % ARTICLE_GRAPHS  # noqa: UP031 - a constant, not user input

CONDITIONS = """
SELECT DISTINCT ?patient ?role ?entity WHERE {
  ?patient a adkg:Patient .
  { ?patient adkg:hasDiagnosis ?entity BIND("diagnosis" AS ?role) }
  UNION { ?patient adkg:hasComorbidity ?entity BIND("comorbidity" AS ?role) }
  UNION { ?finding a adkg:NegativeFinding ; adkg:ofPatient ?patient ; adkg:absentFinding ?entity .
          ?entity a biolink:Disease BIND("excluded" AS ?role) }
} ORDER BY ?patient ?role ?entity
"""

#: Every condition and drug a patient refers to, with its label and what it is mapped to.
TERMS = """
SELECT ?entity ?label ?predicate ?target ?record ?source WHERE {
  { SELECT DISTINCT ?entity WHERE {
      { ?p a adkg:Patient ; adkg:hasDiagnosis|adkg:hasComorbidity ?entity }
      UNION { ?f a adkg:NegativeFinding ; adkg:absentFinding ?entity . ?entity a biolink:Disease }
      UNION { ?c a adkg:TreatmentCourse ; adkg:drug ?entity } } }
  ?entity rdfs:label ?label .
  OPTIONAL {
    VALUES ?predicate { skos:exactMatch skos:closeMatch }
    ?entity ?predicate ?target .
    OPTIONAL { ?record a sssom:Mapping ; owl:annotatedSource ?entity ; owl:annotatedProperty ?predicate ;
                       owl:annotatedTarget ?target .
               OPTIONAL { ?record dcterms:source ?source } } }
} ORDER BY ?entity ?predicate ?target ?record ?source
"""

COURSES = """
SELECT ?patient ?course ?drug ?role ?dose ?unit ?unitLabel ?loading ?frequency ?frequencyLabel
       ?untilFlare ?months ?ongoing ?stopped ?refractory ?improved ?noAdverse ?followUpMin WHERE {
  ?patient a adkg:Patient ; adkg:hasTreatmentCourse ?course .
  ?course adkg:drug ?drug .
  OPTIONAL { ?course adkg:therapyRole ?role }
  OPTIONAL { ?course adkg:doseValue ?dose }
  OPTIONAL { ?course adkg:doseUnit ?unit OPTIONAL { ?unit rdfs:label ?unitLabel } }
  OPTIONAL { ?course adkg:loadingDoseValue ?loading }
  OPTIONAL { ?course adkg:frequency ?frequency OPTIONAL { ?frequency rdfs:label ?frequencyLabel } }
  OPTIONAL { ?course adkg:monthsUntilFlare ?untilFlare }
  OPTIONAL { ?course adkg:durationMonths ?months }
  OPTIONAL { ?course adkg:ongoingAtFollowUp ?ongoing }
  OPTIONAL { ?follow a adkg:FollowUpEvent ; adkg:ofPatient ?patient ; adkg:durationMinMonths ?followUpMin }
  BIND(EXISTS { ?stop a adkg:TreatmentStopEvent ; adkg:concernsCourse ?course } AS ?stopped)
  BIND(EXISTS { ?patient adkg:hasClinicalState ?state .
                ?state a adkg:DrugRefractoryState ; adkg:refractoryTo ?drug } AS ?refractory)
  BIND(EXISTS { ?event adkg:concernsCourse ?course ; adkg:statedOutcome ?outcome .
                FILTER(CONTAINS(LCASE(STR(?outcome)), "improvement")) } AS ?improved)
  BIND(EXISTS { ?none a adkg:NegativeFinding ; adkg:ofPatient ?patient ;
                      adkg:absentFinding adkg:AdverseEvent } AS ?noAdverse)
} ORDER BY ?patient ?course
"""

OBSERVATIONS = """
SELECT ?patient ?observation ?label ?instrument ?instrumentLabel ?value ?timePoint ?timeLabel ?order
       ?unit ?unitLabel ?low ?high WHERE {
  ?observation a adkg:Observation ; sosa:hasFeatureOfInterest ?patient ; sosa:observedProperty ?instrument ;
               sosa:hasSimpleResult ?value ; adkg:atTimePoint ?timePoint .
  ?patient a adkg:Patient .
  OPTIONAL { ?observation rdfs:label ?label }
  OPTIONAL { ?instrument rdfs:label ?instrumentLabel }
  OPTIONAL { ?timePoint rdfs:label ?timeLabel }
  OPTIONAL { ?timePoint adkg:ordinal ?order }
  OPTIONAL { ?instrument adkg:unit ?unit OPTIONAL { ?unit rdfs:label ?unitLabel } }
  OPTIONAL { ?instrument adkg:scaleMinimum ?low }
  OPTIONAL { ?instrument adkg:scaleMaximum ?high }
} ORDER BY ?patient ?order ?instrument ?observation
"""

ONTOLOGY = """
SELECT ?title ?version ?refractoryLabel WHERE {
  OPTIONAL { <https://w3id.org/adkg/ontology> dcterms:title ?title }
  OPTIONAL { <https://w3id.org/adkg/ontology> owl:versionInfo ?version }
  OPTIONAL { adkg:DrugRefractoryState rdfs:label ?refractoryLabel }
} LIMIT 1
"""


@dataclass(frozen=True)
class Mapping:
    """One mapping of a project entity: the SKOS predicate, the target IRI, the mapping record
    (``sssom:Mapping``) and the file it was checked in (``dcterms:source``), where the graph has them."""

    predicate: str
    target: str
    record: str | None
    source: str | None


@dataclass(frozen=True)
class Entity:
    """A condition or drug of the graph: its IRI, label and mappings."""

    iri: str
    label: str
    mappings: tuple[Mapping, ...]


@dataclass(frozen=True)
class Condition:
    role: str          # diagnosis | comorbidity | excluded
    entity: Entity


@dataclass(frozen=True)
class Course:
    iri: str
    drug: Entity
    role: str | None
    dose: Decimal | None
    unit: str | None
    unit_label: str | None
    loading_dose: Decimal | None
    frequency: str | None
    frequency_label: str | None
    months_until_flare: Decimal | None
    months: Decimal | None
    ongoing: bool
    stopped: bool
    refractory: bool
    improved: bool
    no_adverse_events: bool
    follow_up_min_months: Decimal | None


@dataclass(frozen=True)
class Observation:
    iri: str
    label: str | None
    instrument: str
    instrument_label: str | None
    value: Decimal | int
    time_point: str
    time_label: str | None
    unit: str | None
    unit_label: str | None
    low: Decimal | int | None
    high: Decimal | int | None


@dataclass(frozen=True)
class Article:
    iri: str | None
    key: str                 # the article's key: the last segment of its named graph
    doi: str | None
    title: str | None
    citation: str | None
    year: str | None


@dataclass
class Patient:
    iri: str
    number: int
    age: int | None
    sex: str | None
    article: Article
    conditions: list[Condition] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)


def _rows(store: Store | ox.Store, text: str) -> list[dict[str, Any]]:
    return sparql(text, store).records()


def _entities(store: Store | ox.Store) -> dict[str, Entity]:
    labels: dict[str, str] = {}
    mappings: dict[str, list[Mapping]] = defaultdict(list)
    for row in _rows(store, TERMS):
        labels.setdefault(row["entity"], row["label"])
        if row["target"] is not None:
            found = Mapping(row["predicate"], row["target"], row["record"], row["source"])
            if found not in mappings[row["entity"]]:
                mappings[row["entity"]].append(found)
    return {iri: Entity(iri, label, tuple(mappings[iri])) for iri, label in labels.items()}


def _course(row: dict[str, Any], entities: dict[str, Entity]) -> Course:
    return Course(row["course"], entities[row["drug"]], row["role"], row["dose"], row["unit"], row["unitLabel"],
                  row["loading"], row["frequency"], row["frequencyLabel"], row["untilFlare"], row["months"],
                  bool(row["ongoing"]), bool(row["stopped"]), bool(row["refractory"]), bool(row["improved"]),
                  bool(row["noAdverse"]), row["followUpMin"])


def _observation(row: dict[str, Any]) -> Observation:
    return Observation(row["observation"], row["label"], row["instrument"], row["instrumentLabel"], row["value"],
                       row["timePoint"], row["timeLabel"], row["unit"], row["unitLabel"], row["low"], row["high"])


def read_patients(store: Store | ox.Store) -> list[Patient]:
    """Every patient of the article graphs, with what their phenopacket needs."""
    patients: dict[str, Patient] = {}
    for row in _rows(store, PATIENTS):
        if row["patient"] in patients:
            continue  # a second article or label for the same patient: the first, in query order
        key = row["graph"][len(ARTICLE_GRAPHS):]
        article = Article(row["work"], key, row["doi"], row["title"], row["citation"],
                          None if row["year"] is None else str(row["year"]))
        patients[row["patient"]] = Patient(row["patient"], int(row["number"]), row["age"], row["sex"], article)
    entities = _entities(store)
    for row in _rows(store, CONDITIONS):
        if row["patient"] in patients and row["entity"] in entities:
            patients[row["patient"]].conditions.append(Condition(row["role"], entities[row["entity"]]))
    for row in _rows(store, COURSES):
        if row["patient"] in patients:
            patients[row["patient"]].courses.append(_course(row, entities))
    for row in _rows(store, OBSERVATIONS):
        if row["patient"] in patients:
            patients[row["patient"]].observations.append(_observation(row))
    return sorted(patients.values(), key=lambda p: (p.article.key, p.number, p.iri))


def ontology_info(store: Store | ox.Store) -> dict[str, Any]:
    """The project ontology's title and version, and the label of the drug-refractory state."""
    rows = _rows(store, ONTOLOGY)
    return rows[0] if rows else {"title": None, "version": None, "refractoryLabel": None}
