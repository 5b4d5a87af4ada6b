"""A table schema's ontology terms, resolved (and checked) against the ontology for one article.

The schema names its properties, instruments, time points, units and classes as CURIEs; here
each becomes an IRI through the article's context, so a term the ontology does not declare is
reported with the schema file and the column that names it. The checks that need the ontology
are made here too: a choice's values are notations of individuals of its ``terms`` class, and an
observation column's type and unit agree with its instrument's scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.core.errors import CurationError, Origin
from kg.core.namespaces import ADKG, expand_curie
from kg.ingest.table_schema import Column, TableSchema
from kg.transform.map_article import ArticleContext

__all__ = ["ColumnTerms", "TableTerms", "course_drug_column", "notations", "resolve_terms"]


def notations(ontology: Graph, cls: URIRef) -> dict[str, tuple[URIRef, str]]:
    """Individuals of ``cls`` by their skos:notation -> (IRI, label)."""
    found = {}
    for individual in ontology.subjects(RDF.type, cls):
        notation = ontology.value(individual, SKOS.notation)
        if notation is not None and isinstance(individual, URIRef):
            found[str(notation)] = (individual, str(ontology.value(individual, RDFS.label)))
    return found


@dataclass
class ColumnTerms:
    """The IRIs one column's mapping uses."""

    property: URIRef | None = None
    unit: URIRef | None = None
    unit_property: URIRef | None = None
    instrument: URIRef | None = None
    time_point: URIRef | None = None
    time_point_label: str = ""
    observation: URIRef | None = None
    short: str = ""
    choices: dict[str, URIRef] = field(default_factory=dict)
    absent: URIRef | None = None


@dataclass
class TableTerms:
    columns: dict[str, ColumnTerms]
    drug_classes: dict[str, URIRef | None]


_DATATYPES = {"integer": XSD.integer, "decimal": XSD.decimal}


def _observation(ctx: ArticleContext, ontology: Graph, schema: TableSchema, column: Column,
                 terms: ColumnTerms) -> None:
    o = column.origin
    terms.instrument = ctx.term(column.instrument or "", o, "instrument")
    terms.time_point = ctx.term(column.time_point or "", o, "time_point")
    if (terms.time_point, RDF.type, ADKG.TimePoint) not in ontology:
        raise CurationError.at(o, f"'{column.time_point}' is not an adkg:TimePoint", "time_point")
    terms.time_point_label = str(ontology.value(terms.time_point, RDFS.label))
    instrument = schema.instruments[column.instrument or ""]
    terms.observation = ctx.term(instrument.observation, o, "instrument")
    terms.short = instrument.short
    datatype = ontology.value(terms.instrument, ADKG.scaleDatatype)
    if datatype is not None and datatype != _DATATYPES.get(column.type):
        raise CurationError.at(o, f"{column.instrument} values are {ontology.namespace_manager.qname(str(datatype))}, "
                               f"not {column.type}", "type")
    unit = ontology.value(terms.instrument, ADKG.unit)
    if unit != terms.unit:
        raise CurationError.at(o, f"the unit of {column.instrument} is {unit or 'none'}, not "
                               f"{terms.unit or 'none'}", "unit")


def _column(ctx: ArticleContext, ontology: Graph, schema: TableSchema, column: Column) -> ColumnTerms:
    o = column.origin
    terms = ColumnTerms()
    if column.unit is not None:
        terms.unit = ctx.term(schema.units[column.unit], o, "unit")
    if column.maps_to.property is not None:
        terms.property = ctx.term(column.maps_to.property, o, "maps_to")
    if column.maps_to.unit_property is not None:
        terms.unit_property = ctx.term(column.maps_to.unit_property, o, "maps_to")
        if terms.unit is None:
            raise CurationError.at(o, "a column whose unit is stated has a `unit`", "unit")
    if column.maps_to.target == "observation":
        _observation(ctx, ontology, schema, column, terms)
    if column.terms is not None:
        individuals = notations(ontology, ctx.term(column.terms, o, "terms"))
        missing = [v for v in column.choices if v not in individuals]
        if missing:
            raise CurationError.at(o, f"no {column.terms} has the notation {', '.join(missing)}", "values")
        terms.choices = {v: individuals[v][0] for v in column.choices}
    if column.when_empty is not None:
        terms.absent = ctx.term(column.when_empty[0], o, "when_empty")
    return terms


#: The last schema resolved, against which ontology and declared terms: articles sharing a
#: schema in one build resolve it once.
_LAST: list[tuple[TableSchema, Graph, frozenset[URIRef], TableTerms]] = []


def resolve_terms(ctx: ArticleContext, ontology: Graph, schema: TableSchema) -> TableTerms:
    """Every term of ``schema`` as an IRI."""
    for cached_schema, cached_ontology, declared, terms in _LAST:
        if cached_schema is schema and cached_ontology is ontology and declared is ctx.ontology_terms:
            return terms
    courses = {name: ctx.term(cls, Origin(schema.file, f"course '{name}'"), "drug_class") if cls else None
               for name, cls in schema.courses.items()}
    terms = TableTerms({c.name: _column(ctx, ontology, schema, c) for c in schema.columns}, courses)
    _LAST[:] = [(schema, ontology, ctx.ontology_terms, terms)]
    return terms


def course_drug_column(schema: TableSchema, course: str) -> Column | None:
    """The column giving ``course``'s drug, if the table gives it (else the cohort record does)."""
    return next((c for c in schema.columns if c.maps_to.course == course
                 and c.maps_to.property and expand_curie(c.maps_to.property) == ADKG.drug), None)
