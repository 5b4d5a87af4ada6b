"""One GA4GH Phenopacket (schema v2) per patient, built with the ``phenopackets`` package.

What each part holds (the README's "GA4GH Phenopackets" section says the same for users):

- ``subject``: the patient's id, the graph IRI as alternate id, the age the article reports as the
  age at last encounter (``P62Y``) and the sex.
- ``diseases``: the diagnosis (atopic dermatitis), the comorbidities, and each condition a negative
  finding rules out (patient 1's "no history of clotting": thrombosis, ``excluded: true``).
- ``medicalActions``: one treatment per course: the drug, its doses (quantity, schedule frequency,
  interval), the disease it treats, the response and the reason it ended.
- ``measurements``: every IGA and % BSA observation, at its time point (an ADKG time-point term).
- ``metaData``: the article as external reference, a note for each term not from the preferred
  identifier space, the resources with the versions the mappings were checked in, schema 2.0.

Dates: the article gives durations, not dates, and a dose interval needs two timestamps. The
intervals are laid on a relative time line whose origin, 1970-01-01T00:00:00Z, stands for the start
of the first course (dupilumab): it runs until the flare (its months until flare), the rescue course
starts at the flare and lasts its months, and the first course continues through the follow-up's
shorter bound after the rescue stops. A month is 30.4375 days. Only the differences are data; the
article reference of each phenopacket says so. ``metaData.created`` is the first day of the
article's publication year, not the time of export, so the same build gives the same bytes.

>>> days(Decimal("6")), days(Decimal("1.5"))
(183, 46)
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from phenopackets import (
    Age,
    DoseInterval,
    ExternalReference,
    Individual,
    Measurement,
    MedicalAction,
    MetaData,
    OntologyClass,
    Phenopacket,
    Quantity,
    ReferenceRange,
    Resource,
    Sex,
    TimeElement,
    TimeInterval,
    Treatment,
    Value,
)
from phenopackets import Disease as PDisease

from kg import __version__
from kg.core import identifiers
from kg.export.pheno import terms as T
from kg.export.pheno.read import Course, Observation, Patient

__all__ = ["build_phenopacket", "phenopacket_id", "days"]

SCHEMA_VERSION = "2.0"
DAYS_PER_MONTH = Decimal("30.4375")
_SEX = {"male": Sex.MALE, "female": Sex.FEMALE}


def days(months: Decimal) -> int:
    """Whole days in ``months`` months of 30.4375 days."""
    return int((months * DAYS_PER_MONTH).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def phenopacket_id(patient: Patient) -> str:
    """The phenopacket's id and file stem: the article's key and the patient number."""
    return f"{patient.article.key}-patient-{patient.number}"


class _Terms:
    """Makes the ontology classes of one phenopacket and remembers their resources and notes."""

    def __init__(self) -> None:
        self.versions: dict[str, set[str]] = defaultdict(set)
        self.notes: dict[str, T.Term] = {}

    def oc(self, curie: str, label: str, version: str | None = None) -> OntologyClass:
        self.versions[curie.partition(":")[0]].update([version] if version else [])
        return OntologyClass(id=curie, label=label)

    def chosen(self, term: T.Term) -> OntologyClass:
        if term.note:
            self.notes[term.curie] = term
        return self.oc(term.curie, term.label, term.checked_in)


def _subject(patient: Patient) -> Individual:
    subject = Individual(id=phenopacket_id(patient), alternate_ids=[patient.iri],
                         sex=_SEX.get(patient.sex or "", Sex.UNKNOWN_SEX))
    if patient.age is not None:
        subject.time_at_last_encounter.CopyFrom(TimeElement(age=Age(iso8601duration=f"P{patient.age}Y")))
    return subject


def _diseases(patient: Patient, made: _Terms) -> list[PDisease]:
    order = {"diagnosis": 0, "comorbidity": 1, "excluded": 2}
    conditions = sorted(patient.conditions, key=lambda c: (order.get(c.role, 3), c.entity.label))
    return [PDisease(term=made.chosen(T.choose(c.entity, T.DISEASE_SPACES)), excluded=c.role == "excluded")
            for c in conditions]


def _stamp(day: int) -> dict[str, Any]:
    return {"seconds": day * 86400}


def _interval(start: int, end: int) -> TimeInterval:
    return TimeInterval(start=_stamp(start), end=_stamp(end))


def _dose_intervals(course: Course, flare: int | None, end: int | None, made: _Terms) -> list[DoseInterval]:
    """The course's dose intervals on the relative time line (none without a dose)."""
    if course.dose is None or course.unit is None:
        return []
    unit = made.oc(T.curie_of(course.unit), course.unit_label or T.curie_of(course.unit))
    curie, label = T.FREQUENCIES.get(course.frequency or "", (None, None))
    if curie is None and course.frequency is not None:
        curie, label = T.curie_of(course.frequency), course.frequency_label or T.curie_of(course.frequency)
    frequency = made.oc(curie, label or curie) if curie else None

    def interval(dose: Decimal, schedule: OntologyClass | None, start: int, stop: int) -> DoseInterval:
        return DoseInterval(quantity=Quantity(unit=unit, value=float(dose)), schedule_frequency=schedule,
                            interval=_interval(start, stop))

    found: list[DoseInterval] = []
    if course.months_until_flare is not None and flare is not None:  # the first course, from the origin
        if course.loading_dose is not None:
            found.append(interval(course.loading_dose, made.oc(*T.ONCE), 0, 0))
        found.append(interval(course.dose, frequency, 0, flare))
        if course.ongoing and end is not None:
            found.append(interval(course.dose, frequency, flare, end))
    elif course.months is not None and flare is not None:  # a course started at the flare
        found.append(interval(course.dose, frequency, flare, flare + days(course.months)))
    return found


def _timeline(patient: Patient) -> tuple[int | None, int | None]:
    """Days from the origin to the flare, and to the end of the reported follow-up."""
    flare = next((days(c.months_until_flare) for c in patient.courses if c.months_until_flare is not None), None)
    if flare is None:
        return None, None
    rescue = [c for c in patient.courses if c.months is not None and c.months_until_flare is None]
    follow = next((c.follow_up_min_months for c in patient.courses if c.follow_up_min_months is not None), None)
    if not rescue or follow is None:
        return flare, None
    return flare, flare + max(days(c.months) for c in rescue if c.months is not None) + days(follow)


def _actions(patient: Patient, target: OntologyClass | None, info: dict[str, Any], made: _Terms) -> list[MedicalAction]:
    flare, end = _timeline(patient)
    actions = []
    for course in sorted(patient.courses, key=lambda c: (c.months_until_flare is None, c.iri)):
        action = MedicalAction(treatment=Treatment(agent=made.chosen(T.choose(course.drug, T.DRUG_SPACES)),
                                                   dose_intervals=_dose_intervals(course, flare, end, made)))
        if target is not None:
            action.treatment_target.CopyFrom(target)
        if course.refractory:
            refractory = made.oc("adkg:DrugRefractoryState", info.get("refractoryLabel") or "drug-refractory state")
            action.response_to_treatment.CopyFrom(refractory)
        elif course.improved:
            action.response_to_treatment.CopyFrom(made.oc(*T.FAVORABLE))
        if course.stopped and course.no_adverse_events:
            action.treatment_termination_reason.CopyFrom(made.oc(*T.TREATMENT_COMPLETED))
        actions.append(action)
    return actions


def _measurement(observation: Observation, made: _Terms) -> Measurement:
    if observation.unit is not None:
        unit = made.oc(T.curie_of(observation.unit), observation.unit_label or T.curie_of(observation.unit))
    else:
        unit = made.oc(*T.DIMENSIONLESS)
    quantity = Quantity(unit=unit, value=float(observation.value))
    if observation.low is not None and observation.high is not None:
        quantity.reference_range.CopyFrom(ReferenceRange(unit=unit, low=float(observation.low),
                                                         high=float(observation.high)))
    assay = made.oc(T.curie_of(observation.instrument), observation.instrument_label or observation.instrument)
    when = made.oc(T.curie_of(observation.time_point), observation.time_label or observation.time_point)
    return Measurement(description=observation.label or "", assay=assay, value=Value(quantity=quantity),
                       time_observed=TimeElement(ontology_class=when))


def _article_reference(patient: Patient) -> ExternalReference:
    article = patient.article
    text = " ".join(part for part in (article.title and article.title.rstrip(".") + ".", article.citation) if part)
    text += (f" Table I, patient {patient.number}. The dose intervals' dates are relative: 1970-01-01 stands for the "
             "start of the first course, the rescue course starts at the flare, and a month counts 30.4375 days.")
    if article.doi:
        return ExternalReference(id=f"DOI:{article.doi}", reference=f"https://doi.org/{article.doi}",
                                 description=text.strip())
    return ExternalReference(id=article.iri or article.key, description=text.strip())


def _resources(made: _Terms, info: dict[str, Any]) -> list[Resource]:
    ids = identifiers.default()
    found = []
    for prefix in sorted(made.versions, key=str.casefold):
        name, url = T.RESOURCES.get(prefix, (prefix, ""))
        versions = made.versions[prefix]
        if prefix == "adkg" and info.get("version"):
            versions = {str(info["version"])}
        try:
            iri_prefix = ids.uri_prefix(prefix)
        except KeyError:
            iri_prefix = ""
        found.append(Resource(id=prefix.casefold(), name=name, url=url, namespace_prefix=prefix,
                              iri_prefix=iri_prefix, version="; ".join(sorted(versions)) or "unrecorded"))
    return found


def build_phenopacket(patient: Patient, info: dict[str, Any]) -> Phenopacket:
    """The phenopacket of one patient (``info``: :func:`kg.export.pheno.read.ontology_info`)."""
    made = _Terms()
    diseases = _diseases(patient, made)
    target = next((d.term for d in diseases if not d.excluded), None)
    packet = Phenopacket(id=phenopacket_id(patient), subject=_subject(patient), diseases=diseases,
                         medical_actions=_actions(patient, target, info, made),
                         measurements=[_measurement(o, made) for o in patient.observations])
    notes = [ExternalReference(id=curie, reference=term.record or "", description=term.note or "")
             for curie, term in sorted(made.notes.items())]
    meta = MetaData(created_by=f"ADKG {__version__} (kg export phenopackets)",
                    phenopacket_schema_version=SCHEMA_VERSION, resources=_resources(made, info),
                    external_references=[_article_reference(patient), *notes])
    meta.created.FromJsonString(f"{patient.article.year or 1970}-01-01T00:00:00Z")
    packet.meta_data.CopyFrom(meta)
    return packet
