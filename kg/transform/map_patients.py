"""Stage 2c: map an article's patient table and cohort to triples.

Each printed cell of the table becomes an ``adkg:TableCell`` (a Web Annotation specific resource
with a text-quote selector holding the printed text); every value read from it is asserted with
``prov:wasDerivedFrom`` that cell, so "where does this number come from?" has an answer.

Per patient: demographics and comorbidities, the base (dupilumab) and rescue (JAK inhibitor)
treatment courses, one SOSA observation per outcome value, the course as ordered events, the
drug-refractory state, and the explicit negative findings the text states for the cohort.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.core.errors import CurationError, KgError, Origin
from kg.ingest.load import Record
from kg.transform.map_article import ArticleContext
from kg.core.namespaces import ADKG, DOCO, FRBR, OA, OBO, SOSA, entity_iri
from kg.ingest.patient_fields import OBSERVATION_FIELDS, PATIENT_FIELDS
from kg.transform.triples import decimal_literal

__all__ = ["map_patient_tables", "check_transcriptions"]

MILLIGRAM = OBO.UO_0000022

_OBSERVATION_CLASS = {"IGA": ADKG.IGAObservation, "BSAInvolvement": ADKG.BSAObservation}


def _notations(ontology: Graph, cls: URIRef) -> dict[str, tuple[URIRef, str]]:
    """Individuals of ``cls`` by their skos:notation -> (IRI, label)."""
    found = {}
    for individual in ontology.subjects(RDF.type, cls):
        notation = ontology.value(individual, SKOS.notation)
        if notation is not None:
            found[str(notation)] = (individual, str(ontology.value(individual, RDFS.label)))
    return found


def _literal(name: str, value) -> Literal:
    if PATIENT_FIELDS[name].type == "decimal":
        return decimal_literal(value)
    if PATIENT_FIELDS[name].type == "integer":
        return Literal(int(value), datatype=XSD.integer)
    return Literal(str(value))


def map_patient_tables(ctx: ArticleContext, ontology: Graph) -> dict[tuple[str, int, str], URIRef]:
    """Map every table of the article; return the cell of each (table, row, field)."""
    cells: dict[tuple[str, int, str], URIRef] = {}
    tables = ctx.article.record.check("tables", list) or []
    if not tables:
        return cells
    if len(tables) > 1:
        raise CurationError.at(tables[1].origin, "only one patient table per article is supported",
                               "tables")
    table = tables[0]
    table_id = table["id"]
    w = ctx.writer
    t_iri = ctx.local(table_id)
    w.node(t_iri, [DOCO.Table], table.require("label"), origin=table.origin)
    w.add(t_iri, FRBR.partOf, ctx.iri)
    if table.get("caption"):
        w.add(t_iri, RDFS.comment, Literal(table["caption"]))
    field_column: dict[str, tuple[URIRef, str]] = {}
    for index, column in enumerate(table.require("columns", list), 2):  # column 1 is "Pt"
        c_iri = ctx.local(table_id, "column", index)
        header = column.require("header")
        w.node(c_iri, [ADKG.TableColumn], header, origin=column.origin)
        w.add(c_iri, ADKG.ordinal, Literal(index))
        w.add(c_iri, FRBR.partOf, t_iri)
        for name in column.require("fields", list):
            if name not in PATIENT_FIELDS:
                raise CurationError.at(column.origin, f"unknown field '{name}'", "fields")
            field_column[name] = (c_iri, header)
    unmapped = [f for f in PATIENT_FIELDS if f not in field_column and f != "patient"]
    if unmapped:
        raise CurationError.at(table.origin, f"no column holds field(s) {', '.join(unmapped)}",
                               "columns")

    transcription = {row.get("Pt", "").strip(): row for row in ctx.article.transcriptions[table_id]}
    label = table["label"]
    for row in ctx.article.patients:
        printed = transcription.get(str(row.number), {})
        for name, (c_iri, header) in field_column.items():
            cell = ctx.local(table_id, "cell", row.number, str(c_iri).rsplit("/", 1)[1])
            cells[(table_id, row.number, name)] = cell
            if (cell, RDF.type, ADKG.TableCell) in w.graph:
                continue
            w.node(cell, [ADKG.TableCell, OA.SpecificResource],
                   f"{label}, patient {row.number}, column '{header}'", origin=row.origin)
            w.add(cell, OA.hasSource, t_iri)
            w.add(cell, ADKG.tableRow, Literal(row.number))
            w.add(cell, ADKG.tableColumn, c_iri)
            if header in printed:
                selector = URIRef(f"{cell}/selector")
                w.node(selector, [OA.TextQuoteSelector])
                w.add(selector, OA.exact, Literal(printed[header]))
                w.add(cell, OA.hasSelector, selector)
    _map_cohort(ctx, ontology, table_id, cells)
    return cells


def _sourced(ctx: ArticleContext, record: Record, key: str) -> tuple[object, URIRef]:
    """A ``{value: ..., source: pN.sM}`` field: its value and the sentence it comes from."""
    item = record.require(key, Record)
    return item.require("value", (str, int)), ctx.sentence(item.require("source"), item.origin, "source")


def _source(ctx: ArticleContext, record: Record) -> URIRef:
    return ctx.sentence(record.require("source"), record.origin, "source")


def _map_cohort(ctx: ArticleContext, ontology: Graph, table_id: str,
                cells: dict[tuple[str, int, str], URIRef]) -> None:
    w, rec = ctx.writer, ctx.article.record
    cohort_rec: Record = rec.require("cohort", Record)
    o = cohort_rec.origin
    cohort = ctx.local("cohort")
    w.node(cohort, [ADKG.Cohort], cohort_rec.require("label"), origin=o)
    w.add(cohort, ADKG.reportedIn, ctx.iri)
    w.add(cohort, ADKG.cohortSize, Literal(len(ctx.article.patients)))
    frequencies = _notations(ontology, ADKG.DosingFrequency)
    sexes = _notations(ontology, ADKG.Sex)
    courses: Record = cohort_rec.require("courses", Record)
    base_rec: Record = courses.require("base", Record)
    rescue_rec: Record = courses.require("rescue", Record)
    base_drug = ctx.entity(base_rec.require("drug"), base_rec.origin, "drug")
    base_key = base_rec["drug"].partition(":")[2]
    frequency = base_rec.require("frequency")
    if frequency not in frequencies:
        raise CurationError.at(base_rec.origin, f"unknown frequency '{frequency}'", "frequency")
    condition = ctx.entity(cohort_rec.require("condition"), o, "condition")
    severity, severity_src = _sourced(ctx, cohort_rec, "severity")
    confirmation, confirmation_src = _sourced(ctx, cohort_rec, "diagnosis_confirmation")
    refractory: Record = cohort_rec.require("refractory", Record)
    author = rec["authors"][0]["family_name"]
    loading = f"{base_rec['loading_dose_mg']} mg loading dose, then " if base_rec.get("loading_dose_mg") else ""
    regimen_text = f"{loading}{base_rec.require('dose_mg', int)} mg {frequencies[frequency][1]}"

    for row in ctx.article.patients:
        v, n, ro = row.values, row.number, row.origin
        cell = lambda name: cells[(table_id, n, name)]  # noqa: E731
        p = ctx.local("patient", n)
        w.node(p, [ADKG.Patient], f"Patient {n} ({author} {rec['year']})", origin=ro)
        w.add(cohort, ADKG.hasMember, p)
        w.add(p, ADKG.reportedIn, ctx.iri)
        w.add(p, ADKG.patientNumber, Literal(n), source=ctx.local(table_id), origin=ro, field="patient")
        w.add(p, ADKG.ageYears, _literal("age", v["age"]), source=cell("age"), origin=ro, field="age")
        w.add(p, ADKG.sex, sexes[v["sex"]][0], source=cell("sex"), origin=ro, field="sex")
        w.add(p, ADKG.ethnicity, Literal(v["ethnicity"]), source=cell("ethnicity"), origin=ro,
              field="ethnicity")
        w.expect(p, ADKG.hasComorbidity, ro, "comorbidities")
        for key in v["comorbidities"]:
            w.add(p, ADKG.hasComorbidity, entity_iri("condition", key), source=cell("comorbidities"))
        if not v["comorbidities"]:  # printed "None": an explicit negative, not a missing value
            _negative(ctx, p, n, ADKG.Comorbidity, "at presentation", cell("comorbidities"))
        w.add(p, ADKG.hasDiagnosis, condition, source=severity_src)
        w.add(p, ADKG.diseaseSeverity, ctx.value(severity, o, "severity"), source=severity_src)
        w.add(p, ADKG.diagnosisConfirmation, Literal(str(confirmation)), source=confirmation_src)

        # The two treatment courses: the base regimen (same for all) and the rescue JAK inhibitor.
        rescue_key = v["jaki_drug"]
        base = ctx.local("patient", n, "course", base_key)
        rescue = ctx.local("patient", n, "course", rescue_key)
        course_iris = {"base": base, "rescue": rescue}
        for course, course_rec, drug_key in ((base, base_rec, base_key), (rescue, rescue_rec, rescue_key)):
            w.node(course, [ADKG.TreatmentCourse], f"Patient {n}: {drug_key} course", origin=ro)
            w.add(p, ADKG.hasTreatmentCourse, course)
            w.add(course, ADKG.therapyRole, ctx.value(course_rec.require("role"), course_rec.origin, "role"),
                  source=_source(ctx, course_rec))
            for key, prop in (("reasons_started", ADKG.reasonStarted), ("reasons_stopped", ADKG.reasonStopped)):
                for reason in course_rec.check(key, list) or []:
                    w.add(course, prop, Literal(reason.require("text")), source=_source(ctx, reason))
        reg_src = _source(ctx, base_rec)
        w.add(base, ADKG.drug, base_drug, source=reg_src)
        w.add(base, ADKG.doseValue, decimal_literal(base_rec["dose_mg"]), source=reg_src,
              origin=base_rec.origin, field="dose_mg")
        if base_rec.get("loading_dose_mg") is not None:
            w.add(base, ADKG.loadingDoseValue, decimal_literal(base_rec.check("loading_dose_mg", int)),
                  source=reg_src)
        w.add(base, ADKG.doseUnit, MILLIGRAM, source=reg_src)
        w.add(base, ADKG.frequency, frequencies[frequency][0], source=reg_src)
        w.add(base, ADKG.monthsUntilFlare, _literal("dupilumab_months_to_flare", v["dupilumab_months_to_flare"]),
              source=cell("dupilumab_months_to_flare"), origin=ro, field="dupilumab_months_to_flare")
        if base_rec.get("ongoing_at_follow_up"):
            w.add(base, ADKG.ongoingAtFollowUp, Literal(True),
                  source=_source(ctx, base_rec.require("ongoing_at_follow_up", Record)))
        w.add(rescue, ADKG.drug, entity_iri("drug", rescue_key), source=cell("jaki_drug"),
              origin=ro, field="jaki_drug")
        w.add(rescue, ADKG.doseValue, _literal("jaki_dose_mg", v["jaki_dose_mg"]),
              source=cell("jaki_dose_mg"), origin=ro, field="jaki_dose_mg")
        w.add(rescue, ADKG.doseUnit, MILLIGRAM, source=cell("jaki_dose_mg"))
        w.add(rescue, ADKG.frequency, frequencies[v["jaki_frequency"]][0], source=cell("jaki_frequency"),
              origin=ro, field="jaki_frequency")
        w.add(rescue, ADKG.durationMonths, _literal("jaki_months", v["jaki_months"]),
              source=cell("jaki_months"), origin=ro, field="jaki_months")
        concomitant = rescue_rec.check("concomitant_with", Record)
        if concomitant:
            other = course_iris[concomitant.require("course")]
            w.add(rescue, ADKG.concomitantWith, other, source=_source(ctx, concomitant))
            w.add(other, ADKG.concomitantWith, rescue, source=_source(ctx, concomitant))

        # Observations, one per outcome value.
        observations: dict[str, URIRef] = {}
        for name in OBSERVATION_FIELDS:
            spec = PATIENT_FIELDS[name]
            obs = ctx.local("patient", n, "observation", name)
            observations[name] = obs
            w.node(obs, [_OBSERVATION_CLASS[spec.instrument]],
                   f"Patient {n}: {'IGA' if spec.instrument == 'IGA' else 'BSA %'} at "
                   f"{ontology.value(ADKG[spec.time_point], RDFS.label)}", origin=ro)
            w.add(obs, SOSA.hasFeatureOfInterest, p)
            w.add(obs, SOSA.observedProperty, ADKG[spec.instrument])
            w.add(obs, ADKG.atTimePoint, ADKG[spec.time_point])
            w.add(obs, SOSA.hasSimpleResult, _literal(name, v[name]), source=cell(name),
                  origin=ro, field=name)
            w.add(obs, PROV.wasDerivedFrom, cell(name))

        # The drug-refractory state: a patient-level state, not a disease class.
        ref_course = refractory.require("to")
        state = ctx.local("patient", n, "state", f"{base_key}-refractory")
        ref_src = _source(ctx, refractory)
        w.node(state, [ADKG.DrugRefractoryState], f"Patient {n}: {base_key}-refractory", origin=ro)
        w.add(p, ADKG.hasClinicalState, state, source=ref_src)
        w.add(state, ADKG.ofPatient, p)
        w.add(state, ADKG.refractoryTo, {"base": base_drug, "rescue": entity_iri("drug", rescue_key)}[ref_course],
              source=ref_src)
        w.add(state, ADKG.atTimePoint, ctx.value(refractory.require("time_point"), refractory.origin,
                                                 "time_point"), source=ref_src)

        # The course, in the order the curated steps give.
        names = {"base": base_key, "rescue": rescue_key, "regimen": regimen_text}
        for order, step in enumerate(cohort_rec.require("course", list), 1):
            so = step.origin
            cls = ctx.term(step.require("event"), so, "event")
            event = ctx.local("patient", n, "event", order)
            source = _source(ctx, step)
            w.node(event, [cls], f"Patient {n}, step {order}: {step.require('label').format(**names)}",
                   origin=so)
            w.add(event, ADKG.ofPatient, p)
            w.add(event, ADKG.ordinal, Literal(order))
            w.add(event, PROV.wasDerivedFrom, source)
            if step.get("course"):
                if step["course"] not in course_iris:
                    raise CurationError.at(so, f"unknown course '{step['course']}' (base or rescue)", "course")
                w.add(event, ADKG.concernsCourse, course_iris[step["course"]])
            if step.get("time_point"):
                time_point = ctx.term(step["time_point"], so, "time_point")
                w.add(event, ADKG.atTimePoint, time_point)
                for name, obs in observations.items():
                    if ADKG[PATIENT_FIELDS[name].time_point] == time_point:
                        w.add(event, ADKG.hasObservation, obs)
            if step.get("outcome"):
                w.add(event, ADKG.statedOutcome, Literal(step["outcome"]), source=source)
            for test in step.check("tests", list) or []:
                w.add(event, ADKG.testPerformed, ctx.entity(test, so, "tests"), source=source)
            for key, prop in (("min_months", ADKG.durationMinMonths), ("max_months", ADKG.durationMaxMonths)):
                if step.get(key) is not None:
                    w.add(event, prop, decimal_literal(step.check(key, int)), source=source)

        # Explicit negative findings.
        for finding in cohort_rec.check("negative_findings", list) or []:
            what = ctx.value(finding.require("finding"), finding.origin, "finding")
            _negative(ctx, p, n, what, finding.require("period"), _source(ctx, finding))

    for note in (ctx.article.record["tables"][0].check("patient_notes", list) or []):
        n = note.require("patient", int)
        p = ctx.local("patient", n)
        if (table_id, n, "comorbidities") not in cells:
            raise CurationError.at(note.origin, f"no patient {n} in the table", "patient")
        source = cells[(table_id, n, "comorbidities")]
        if note.get("procedure_history"):
            w.add(p, ADKG.procedureHistory, Literal(note["procedure_history"]), source=source)
        if note.get("no_history_of"):
            _negative(ctx, p, n, ctx.value(note["no_history_of"], note.origin, "no_history_of"),
                      "medical history", source)

    _map_claims(ctx, cohort, cohort_rec)


def _negative(ctx: ArticleContext, patient: URIRef, n: int, what: URIRef, period: str,
              source: URIRef) -> None:
    w = ctx.writer
    key = str(what).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    finding = ctx.local("patient", n, "negative-finding", key)
    w.node(finding, [ADKG.NegativeFinding], f"Patient {n}: no {key} ({period})")
    w.add(finding, ADKG.ofPatient, patient, source=source)
    w.add(finding, ADKG.absentFinding, what, source=source)
    w.add(finding, ADKG.period, Literal(period), source=source)


#: What each summary-claim field is about: (instrument or course property, time point, drug class).
_CLAIM_TARGETS = {
    name: (ADKG[spec.instrument], ADKG[spec.time_point], None)
    for name, spec in PATIENT_FIELDS.items() if spec.instrument
} | {
    "dupilumab_months_to_flare": (ADKG.monthsUntilFlare, None, ADKG.MonoclonalAntibody),
    "jaki_months": (ADKG.durationMonths, None, ADKG.JAKInhibitor),
}


def _map_claims(ctx: ArticleContext, cohort: URIRef, cohort_rec: Record) -> None:
    w = ctx.writer
    for claim in cohort_rec.check("summary_claims", list) or []:
        o = claim.origin
        name = claim.require("field")
        if name not in _CLAIM_TARGETS:
            raise CurationError.at(o, f"no summary claim can be about '{name}'; expected one of "
                                   f"{', '.join(sorted(_CLAIM_TARGETS))}", "field")
        about, time_point, drug_class = _CLAIM_TARGETS[name]
        iri = ctx.local("claim", name)
        source = ctx.sentence(claim.require("source"), o, "source")
        w.node(iri, [ADKG.SummaryClaim], f"Stated range of {name}: {claim.get('min')}-{claim.get('max')}",
               origin=o)
        w.add(iri, ADKG.aboutCohort, cohort)
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


# --------------------------------------------------------------------------------------------
# Transcription check: the curated values must agree with the printed table.

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _months(printed: str) -> Decimal | None:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(mo|months?|y|years?)\s*", printed)
    if not match:
        return None
    value = Decimal(match.group(1))
    return value * 12 if match.group(2).startswith("y") else value


def check_transcriptions(ctx: ArticleContext, ontology: Graph) -> list[KgError]:
    """Compare patients.csv with the printed table transcription; return every disagreement."""
    problems: list[KgError] = []
    tables = ctx.article.record.get("tables") or []
    if not tables:
        return problems
    table = tables[0]
    table_file = ctx.article.files[f"{table['id']}:transcription"]
    rows = {r.get("Pt", "").strip(): r for r in ctx.article.transcriptions[table["id"]]}
    headers = [c["header"] for c in table["columns"]]
    frequencies = _notations(ontology, ADKG.DosingFrequency)
    vocab = ctx.vocabulary
    abbreviations = {str(a): key for key, rec in vocab.entities["condition"].items()
                     for a in rec.get("abbreviations") or []}

    for row in ctx.article.patients:
        printed = rows.get(str(row.number))
        if printed is None:
            problems.append(CurationError(table_file, f"no row for patient {row.number} "
                                          f"(patients.csv line {row.origin.line})"))
            continue
        for column in table["columns"]:
            header = column["header"]
            text = (printed.get(header) or "").strip()
            where = Origin(table_file, f"patient {row.number}, column '{header}'")

            def mismatch(name: str, expected: object) -> None:
                problems.append(CurationError.at(
                    where, f"printed {text!r} but {row.origin.file}:{row.origin.line} has "
                    f"{name}={expected}"))

            if header not in printed:
                problems.append(CurationError.at(where, "column missing from the transcription"))
                continue
            v = row.values
            fields = column["fields"]
            if fields == ["age", "sex", "ethnicity"]:
                parts = [x.strip() for x in text.split(",")]
                if len(parts) != 3 or parts[0] != str(v["age"]):
                    mismatch("age", v["age"])
                elif parts[1].casefold() != v["sex"]:
                    mismatch("sex", v["sex"])
                elif parts[2] != v["ethnicity"]:
                    mismatch("ethnicity", v["ethnicity"])
            elif fields == ["comorbidities"]:
                found = sorted({abbreviations[t] for t in re.findall(r"[A-Z]{2,5}", text)
                                if t in abbreviations})
                if found != sorted(v["comorbidities"]) or (not found and text != "None"):
                    mismatch("comorbidities", ";".join(v["comorbidities"]) or "(none)")
            elif fields == ["jaki_drug", "jaki_dose_mg", "jaki_frequency"]:
                match = re.fullmatch(r"(\S+)\s+(\d+(?:\.\d+)?)\s*mg\s+(.+)", text)
                label = vocab.entities["drug"][v["jaki_drug"]]["label"]
                if not match or match.group(1).casefold() != str(label).casefold():
                    mismatch("jaki_drug", v["jaki_drug"])
                elif Decimal(match.group(2)) != v["jaki_dose_mg"]:
                    mismatch("jaki_dose_mg", v["jaki_dose_mg"])
                elif match.group(3).casefold() != frequencies[v["jaki_frequency"]][1].casefold():
                    mismatch("jaki_frequency", v["jaki_frequency"])
            elif len(fields) == 1 and fields[0].endswith("months") or fields == ["dupilumab_months_to_flare"]:
                if _months(text) != v[fields[0]]:
                    mismatch(fields[0], v[fields[0]])
            elif len(fields) == 1:
                numbers = [Decimal(x) for x in _NUMBER.findall(text)]
                if numbers != [Decimal(v[fields[0]])]:
                    mismatch(fields[0], v[fields[0]])
    if ctx.article.transcriptions[table["id"]]:
        printed_headers = list(ctx.article.transcriptions[table["id"]][0].keys())[1:]
        if printed_headers != headers:
            problems.append(CurationError(table_file, "the header row differs from the columns "
                                          "listed in article.yaml", line=1))
    return problems
