"""Stage 2c: map an article's cohort and its patients to triples.

Per patient: the cohort's shared facts (diagnosis, severity), one value per column of the patient
table as its schema says (a patient property, a SOSA observation, or a property of a treatment
course), the treatment courses named in article.yaml ``cohort.courses`` (a course's drug and
regimen come from its record or from the table), the course as ordered events, the
drug-refractory state, and the explicit negative findings the text states. Every value read from
the table is derived from its printed cell (see :mod:`kg.transform.map_patients`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS, XSD
from rdflib.term import Node

from kg.core.errors import CurationError
from kg.core.namespaces import ADKG, OBO, SOSA, entity_iri
from kg.ingest.load import PatientRow, Record
from kg.ingest.table_schema import Column, TableSchema
from kg.transform.map_article import ArticleContext
from kg.transform.table_terms import TableTerms, course_drug_column, notations, resolve_terms
from kg.transform.triples import decimal_literal

__all__ = ["map_cohort"]

#: The unit of a course record's ``dose_mg`` and ``loading_dose_mg``.
MILLIGRAM = OBO.UO_0000022


@dataclass
class _Course:
    name: str
    record: Record
    drug_key: str | None = None            # from the record; else from the table, per patient
    drug: URIRef | None = None
    drug_column: Column | None = None
    regimen: str | None = None             # the printed regimen of a record-given course


@dataclass
class _Cohort:
    """What every patient of the cohort shares."""

    iri: URIRef
    record: Record
    schema: TableSchema
    terms: TableTerms
    table_id: str
    cells: dict[tuple[str, int, str], URIRef]
    courses: dict[str, _Course]
    frequencies: dict[str, tuple[URIRef, str]]
    shared: dict[str, Any] = field(default_factory=dict)

    def cell(self, n: int, name: str) -> URIRef:
        return self.cells[(self.table_id, n, name)]


def _sourced(ctx: ArticleContext, record: Record, key: str) -> tuple[object, URIRef]:
    """A ``{value: ..., source: pN.sM}`` field: its value and the sentence it comes from."""
    item = record.require(key, Record)
    return item.require("value", (str, int)), ctx.sentence(item.require("source"), item.origin, "source")


def _source(ctx: ArticleContext, record: Record) -> URIRef:
    return ctx.sentence(record.require("source"), record.origin, "source")


def _courses(ctx: ArticleContext, cohort_rec: Record, schema: TableSchema,
             frequencies: dict[str, tuple[URIRef, str]]) -> dict[str, _Course]:
    records: Record = cohort_rec.require("courses", Record)
    courses = {}
    for name, record in records.items():
        if not isinstance(record, Record):
            raise CurationError.at(records.origin, "expected a mapping", str(name))
        course = _Course(str(name), record, drug_column=course_drug_column(schema, str(name)))
        if record.get("drug") is not None:
            course.drug = ctx.entity(record.require("drug"), record.origin, "drug")
            course.drug_key = record["drug"].partition(":")[2]
            frequency = record.require("frequency")
            if frequency not in frequencies:
                raise CurationError.at(record.origin, f"unknown frequency '{frequency}'", "frequency")
            loading = f"{record['loading_dose_mg']} mg loading dose, then " if record.get("loading_dose_mg") else ""
            course.regimen = f"{loading}{record.require('dose_mg', int)} mg {frequencies[frequency][1]}"
        elif course.drug_column is None:
            raise CurationError.at(record.origin, f"no drug for course '{name}': give `drug` here, or a column "
                                   f"of {schema.file} mapped to this course's adkg:drug", "drug")
        courses[course.name] = course
    for column in schema.columns:
        if column.maps_to.course is not None and column.maps_to.course not in courses:
            raise CurationError.at(column.origin, f"course '{column.maps_to.course}' is not in the cohort's "
                                   f"courses ({ctx.article.files['article']})", "maps_to")
    return courses


def map_cohort(ctx: ArticleContext, ontology: Graph, schema: TableSchema, table_id: str,
               cells: dict[tuple[str, int, str], URIRef]) -> None:
    """Map ``cohort`` of article.yaml and every patient of the table ``table_id``."""
    w, rec = ctx.writer, ctx.article.record
    cohort_rec: Record = rec.require("cohort", Record)
    o = cohort_rec.origin
    iri = ctx.local("cohort")
    w.node(iri, [ADKG.Cohort], cohort_rec.require("label"), origin=o)
    w.add(iri, ADKG.reportedIn, ctx.iri)
    w.add(iri, ADKG.cohortSize, Literal(len(ctx.article.patients)))
    frequencies = notations(ontology, ADKG.DosingFrequency)
    cohort = _Cohort(iri, cohort_rec, schema, resolve_terms(ctx, ontology, schema), table_id, cells,
                     _courses(ctx, cohort_rec, schema, frequencies), frequencies)
    severity, severity_src = _sourced(ctx, cohort_rec, "severity")
    confirmation, confirmation_src = _sourced(ctx, cohort_rec, "diagnosis_confirmation")
    cohort.shared = {
        "condition": ctx.entity(cohort_rec.require("condition"), o, "condition"),
        "severity": ctx.value(severity, o, "severity"), "severity_src": severity_src,
        "confirmation": Literal(str(confirmation)), "confirmation_src": confirmation_src,
        "author": rec["authors"][0]["family_name"],
    }
    for row in ctx.article.patients:
        _map_patient(ctx, cohort, row)
    _map_patient_notes(ctx, cohort)
    _map_claims(ctx, cohort)


def _map_patient(ctx: ArticleContext, cohort: _Cohort, row: PatientRow) -> None:
    w, n, shared = ctx.writer, row.number, cohort.shared
    p = ctx.local("patient", n)
    w.node(p, [ADKG.Patient], f"Patient {n} ({shared['author']} {ctx.article.record['year']})", origin=row.origin)
    w.add(cohort.iri, ADKG.hasMember, p)
    w.add(p, ADKG.reportedIn, ctx.iri)
    w.add(p, ADKG.hasDiagnosis, shared["condition"], source=shared["severity_src"])
    w.add(p, ADKG.diseaseSeverity, shared["severity"], source=shared["severity_src"])
    w.add(p, ADKG.diagnosisConfirmation, shared["confirmation"], source=shared["confirmation_src"])
    courses = _map_courses(ctx, cohort, row, p)
    observations: dict[str, URIRef] = {}
    for column in cohort.schema.columns:
        _map_value(ctx, cohort, row, p, column, courses, observations)
    _map_state(ctx, cohort, row, p, courses)
    _map_events(ctx, cohort, row, p, courses, observations)
    for finding in cohort.record.check("negative_findings", list) or []:
        what = ctx.value(finding.require("finding"), finding.origin, "finding")
        _negative(ctx, p, n, what, finding.require("period"), _source(ctx, finding))


def _drug(course: _Course, row: PatientRow) -> tuple[str, URIRef]:
    """The drug of ``course`` for this patient: its key and IRI."""
    if course.drug_column is None:
        return course.drug_key or "", course.drug or URIRef("")
    key = row.values[course.drug_column.name]
    return key, entity_iri(course.drug_column.kind or "", key)


def _map_courses(ctx: ArticleContext, cohort: _Cohort, row: PatientRow, p: URIRef) -> dict[str, URIRef]:
    w, n = ctx.writer, row.number
    iris = {name: ctx.local("patient", n, "course", _drug(course, row)[0]) for name, course in cohort.courses.items()}
    for name, course in cohort.courses.items():
        iri, record = iris[name], course.record
        w.node(iri, [ADKG.TreatmentCourse], f"Patient {n}: {_drug(course, row)[0]} course", origin=row.origin)
        w.add(p, ADKG.hasTreatmentCourse, iri)
        w.add(iri, ADKG.therapyRole, ctx.value(record.require("role"), record.origin, "role"),
              source=_source(ctx, record))
        for key, prop in (("reasons_started", ADKG.reasonStarted), ("reasons_stopped", ADKG.reasonStopped)):
            for reason in record.check(key, list) or []:
                w.add(iri, prop, Literal(reason.require("text")), source=_source(ctx, reason))
        if course.drug is not None:
            _map_regimen(ctx, cohort, course, iri)
        concomitant = record.check("concomitant_with", Record)
        if concomitant:
            other = concomitant.require("course")
            if other not in iris:
                raise CurationError.at(concomitant.origin, f"unknown course '{other}'", "course")
            w.add(iri, ADKG.concomitantWith, iris[other], source=_source(ctx, concomitant))
            w.add(iris[other], ADKG.concomitantWith, iri, source=_source(ctx, concomitant))
    return iris


def _map_regimen(ctx: ArticleContext, cohort: _Cohort, course: _Course, iri: URIRef) -> None:
    """A course whose drug and regimen the cohort record gives (the same for every patient)."""
    w, record = ctx.writer, course.record
    source = _source(ctx, record)
    w.add(iri, ADKG.drug, course.drug, source=source)
    w.add(iri, ADKG.doseValue, decimal_literal(record["dose_mg"]), source=source, origin=record.origin,
          field="dose_mg")
    if record.get("loading_dose_mg") is not None:
        w.add(iri, ADKG.loadingDoseValue, decimal_literal(record.check("loading_dose_mg", int)), source=source)
    w.add(iri, ADKG.doseUnit, MILLIGRAM, source=source)
    w.add(iri, ADKG.frequency, cohort.frequencies[record["frequency"]][0], source=source)
    if record.get("ongoing_at_follow_up"):
        w.add(iri, ADKG.ongoingAtFollowUp, Literal(True),
              source=_source(ctx, record.require("ongoing_at_follow_up", Record)))


def _literal(column: Column, value: Any) -> Literal:
    if column.type == "decimal":
        return decimal_literal(value)
    if column.type == "integer":
        return Literal(int(value), datatype=XSD.integer)
    return Literal(str(value))


def _node(cohort: _Cohort, column: Column, value: Any) -> Node | None:
    """The graph value of one cell: a term for a choice, an entity for a key, else a literal."""
    if value is None:
        return None
    if column.type == "choice":
        return cohort.terms.columns[column.name].choices[value]
    if column.type == "key":
        return entity_iri(column.kind or "", value)
    return _literal(column, value)


def _iri(value: URIRef | None, column: Column, what: str) -> URIRef:
    if value is None:  # the schema reader makes sure it is there; this says so to the type checker
        raise CurationError.at(column.origin, f"no {what}", "maps_to")
    return value


def _map_value(ctx: ArticleContext, cohort: _Cohort, row: PatientRow, p: URIRef, column: Column,
               courses: dict[str, URIRef], observations: dict[str, URIRef]) -> None:
    w, n, name, ro = ctx.writer, row.number, column.name, row.origin
    value, terms = row.values[name], cohort.terms.columns[name]
    if column.maps_to.target == "observation":
        observations[name] = _map_observation(ctx, cohort, row, p, column)
        return
    prop = _iri(terms.property, column, "property")
    if column.key:
        w.add(p, prop, _node(cohort, column, value), source=ctx.local(cohort.table_id), origin=ro, field=name)
    elif column.type == "keys":
        cell = cohort.cell(n, name)
        w.expect(p, prop, ro, name)
        for key in value:
            w.add(p, prop, entity_iri(column.kind or "", key), source=cell)
        if not value and terms.absent is not None and column.when_empty is not None:
            # Printed as empty ("None"): an explicit negative, not a missing value.
            _negative(ctx, p, n, terms.absent, column.when_empty[1], cell)
    else:
        subject = p if column.maps_to.course is None else courses[column.maps_to.course]
        cell = cohort.cell(n, name)
        w.add(subject, prop, _node(cohort, column, value), source=cell, origin=ro, field=name)
        if terms.unit_property is not None:
            w.add(subject, terms.unit_property, terms.unit, source=cell)


def _map_observation(ctx: ArticleContext, cohort: _Cohort, row: PatientRow, p: URIRef, column: Column) -> URIRef:
    w, n, name = ctx.writer, row.number, column.name
    terms, cell = cohort.terms.columns[name], cohort.cell(row.number, name)
    obs = ctx.local("patient", n, "observation", name)
    w.node(obs, [_iri(terms.observation, column, "observation class")],
           f"Patient {n}: {terms.short} at {terms.time_point_label}", origin=row.origin)
    w.add(obs, SOSA.hasFeatureOfInterest, p)
    w.add(obs, SOSA.observedProperty, _iri(terms.instrument, column, "instrument"))
    w.add(obs, ADKG.atTimePoint, _iri(terms.time_point, column, "time point"))
    w.add(obs, SOSA.hasSimpleResult, _node(cohort, column, row.values[name]), source=cell, origin=row.origin,
          field=name)
    w.add(obs, PROV.wasDerivedFrom, cell)
    return obs


def _map_state(ctx: ArticleContext, cohort: _Cohort, row: PatientRow, p: URIRef, courses: dict[str, URIRef]) -> None:
    """The drug-refractory state: a patient-level state, not a disease class."""
    w, n = ctx.writer, row.number
    refractory: Record = cohort.record.require("refractory", Record)
    to = refractory.require("to")
    if to not in cohort.courses:
        raise CurationError.at(refractory.origin, f"unknown course '{to}' ({', '.join(cohort.courses)})", "to")
    key, drug = _drug(cohort.courses[to], row)
    state = ctx.local("patient", n, "state", f"{key}-refractory")
    source = _source(ctx, refractory)
    w.node(state, [ADKG.DrugRefractoryState], f"Patient {n}: {key}-refractory", origin=row.origin)
    w.add(p, ADKG.hasClinicalState, state, source=source)
    w.add(state, ADKG.ofPatient, p)
    w.add(state, ADKG.refractoryTo, drug, source=source)
    w.add(state, ADKG.atTimePoint, ctx.value(refractory.require("time_point"), refractory.origin, "time_point"),
          source=source)


def _label(step: Record, names: dict[str, str]) -> str:
    try:
        return step.require("label").format(**names)
    except (KeyError, IndexError, ValueError) as exc:
        raise CurationError.at(step.origin, f"cannot fill in the label ({exc}); it may name "
                               f"{', '.join('{' + k + '}' for k in names)}", "label") from None


def _map_events(ctx: ArticleContext, cohort: _Cohort, row: PatientRow, p: URIRef, courses: dict[str, URIRef],
                observations: dict[str, URIRef]) -> None:
    """The course, in the order the curated steps give."""
    w, n = ctx.writer, row.number
    names = {name: _drug(course, row)[0] for name, course in cohort.courses.items()}
    names["regimen"] = next((c.regimen for c in cohort.courses.values() if c.regimen), "")
    for order, step in enumerate(cohort.record.require("course", list), 1):
        so = step.origin
        event = ctx.local("patient", n, "event", order)
        source = _source(ctx, step)
        w.node(event, [ctx.term(step.require("event"), so, "event")], f"Patient {n}, step {order}: "
               f"{_label(step, names)}", origin=so)
        w.add(event, ADKG.ofPatient, p)
        w.add(event, ADKG.ordinal, Literal(order))
        w.add(event, PROV.wasDerivedFrom, source)
        if step.get("course"):
            if step["course"] not in courses:
                raise CurationError.at(so, f"unknown course '{step['course']}' ({', '.join(courses)})", "course")
            w.add(event, ADKG.concernsCourse, courses[step["course"]])
        if step.get("time_point"):
            time_point = ctx.term(step["time_point"], so, "time_point")
            w.add(event, ADKG.atTimePoint, time_point)
            for name, obs in observations.items():
                if cohort.terms.columns[name].time_point == time_point:
                    w.add(event, ADKG.hasObservation, obs)
        if step.get("outcome"):
            w.add(event, ADKG.statedOutcome, Literal(step["outcome"]), source=source)
        for test in step.check("tests", list) or []:
            w.add(event, ADKG.testPerformed, ctx.entity(test, so, "tests"), source=source)
        for key, prop in (("min_months", ADKG.durationMinMonths), ("max_months", ADKG.durationMaxMonths)):
            if step.get(key) is not None:
                w.add(event, prop, decimal_literal(step.check(key, int)), source=source)


def _negative(ctx: ArticleContext, patient: URIRef, n: int, what: Node, period: str, source: URIRef) -> None:
    w = ctx.writer
    key = str(what).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    finding = ctx.local("patient", n, "negative-finding", key)
    w.node(finding, [ADKG.NegativeFinding], f"Patient {n}: no {key} ({period})")
    w.add(finding, ADKG.ofPatient, patient, source=source)
    w.add(finding, ADKG.absentFinding, what, source=source)
    w.add(finding, ADKG.period, Literal(period), source=source)


def _map_patient_notes(ctx: ArticleContext, cohort: _Cohort) -> None:
    """Patient-level details a printed cell carries beyond its values (article.yaml ``patient_notes``)."""
    table = ctx.article.record["tables"][0]
    column = cohort.schema.notes_in
    for note in table.check("patient_notes", list) or []:
        n = note.require("patient", int)
        if column is None:
            raise CurationError.at(note.origin, f"{cohort.schema.file} names no printed column for notes "
                                   "(`printed: notes_in`)", "patient")
        if (cohort.table_id, n, column) not in cohort.cells:
            raise CurationError.at(note.origin, f"no patient {n} in the table", "patient")
        p, source = ctx.local("patient", n), cohort.cell(n, column)
        if note.get("procedure_history"):
            ctx.writer.add(p, ADKG.procedureHistory, Literal(note["procedure_history"]), source=source)
        if note.get("no_history_of"):
            _negative(ctx, p, n, ctx.value(note["no_history_of"], note.origin, "no_history_of"),
                      "medical history", source)


def _claim_targets(cohort: _Cohort) -> dict[str, tuple[URIRef | None, URIRef | None, URIRef | None]]:
    """What a summary claim about each column is about: (instrument or course property, time
    point, drug class of the course). Observations, and numeric course properties of a course
    with a drug class, can be claimed about."""
    targets: dict[str, tuple[URIRef | None, URIRef | None, URIRef | None]] = {}
    for column in cohort.schema.columns:
        terms = cohort.terms.columns[column.name]
        if column.maps_to.target == "observation":
            targets[column.name] = (terms.instrument, terms.time_point, None)
        elif column.maps_to.course and column.type in ("integer", "decimal"):
            drug_class = cohort.terms.drug_classes.get(column.maps_to.course)
            if drug_class is not None:
                targets[column.name] = (terms.property, None, drug_class)
    return targets


def _map_claims(ctx: ArticleContext, cohort: _Cohort) -> None:
    w = ctx.writer
    targets = _claim_targets(cohort)
    for claim in cohort.record.check("summary_claims", list) or []:
        o = claim.origin
        name = claim.require("field")
        if name not in targets:
            raise CurationError.at(o, f"no summary claim can be about '{name}'; expected one of "
                                   f"{', '.join(sorted(targets))}", "field")
        about, time_point, drug_class = targets[name]
        iri = ctx.local("claim", name)
        source = ctx.sentence(claim.require("source"), o, "source")
        w.node(iri, [ADKG.SummaryClaim], f"Stated range of {name}: {claim.get('min')}-{claim.get('max')}", origin=o)
        w.add(iri, ADKG.aboutCohort, cohort.iri)
        w.add(iri, SKOS.notation, Literal(name))
        w.add(iri, ADKG.claimsAbout, about, source=source)
        if time_point is not None:
            w.add(iri, ADKG.atTimePoint, time_point, source=source)
        if drug_class is not None:
            w.add(iri, ADKG.claimsAboutDrugClass, drug_class)
        w.add(iri, ADKG.statedMinimum, decimal_literal(claim.require("min", (int, float))),
              source=source, origin=o, field="min")
        w.add(iri, ADKG.statedMaximum, decimal_literal(claim.require("max", (int, float))),
              source=source, origin=o, field="max")
        w.add(iri, PROV.wasDerivedFrom, source)
