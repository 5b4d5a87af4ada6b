"""Stage 2c: map an article's patient table to triples, and check it against the printed table.

Each printed cell of the table becomes an ``adkg:TableCell`` (a Web Annotation specific resource
with a text-quote selector holding the printed text); every value read from it is asserted with
``prov:wasDerivedFrom`` that cell, so "where does this number come from?" has an answer. What the
values themselves become (patients, courses, observations) is the table schema's business and
:mod:`kg.transform.map_cohort`'s.

The transcription check compares each curated value with its printed cell, in the printed form
the schema gives the column (:mod:`kg.ingest.printed`).
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.core.errors import CurationError, KgError, Origin
from kg.core.namespaces import ADKG, DOCO, FRBR, OA
from kg.ingest.load import PatientRow, Record
from kg.ingest.printed import KeyNames, disagreement
from kg.ingest.table_schema import TableSchema
from kg.transform.map_article import ArticleContext
from kg.transform.map_cohort import map_cohort

__all__ = ["map_patient_tables", "check_transcriptions"]

Cells = dict[tuple[str, int, str], URIRef]


def _table(ctx: ArticleContext) -> Record | None:
    tables = ctx.article.record.check("tables", list) or []
    if len(tables) > 1:
        raise CurationError.at(tables[1].origin, "only one patient table per article is supported", "tables")
    return tables[0] if tables else None


def _joins(schema: TableSchema) -> dict[tuple[str, ...], str]:
    """The printed columns the schema allows: their fields -> the text between their values."""
    return {p.fields: p.join for p in schema.printed}


def _map_columns(ctx: ArticleContext, table: Record, schema: TableSchema,
                 t_iri: URIRef) -> dict[str, tuple[URIRef, str]]:
    """The table's printed columns (the first, the patient number, is not listed); the column
    and header of each schema column."""
    w = ctx.writer
    field_column: dict[str, tuple[URIRef, str]] = {}
    for index, column in enumerate(table.require("columns", list), 2):
        c_iri = ctx.local(table["id"], "column", index)
        header = column.require("header")
        w.node(c_iri, [ADKG.TableColumn], header, origin=column.origin)
        w.add(c_iri, ADKG.ordinal, Literal(index))
        w.add(c_iri, FRBR.partOf, t_iri)
        fields = tuple(column.require("fields", list))
        for name in fields:
            if not schema.has(name) or name == schema.key.name:
                raise CurationError.at(column.origin, f"unknown field '{name}' (not a column of {schema.file})",
                                       "fields")
            field_column[name] = (c_iri, header)
        if fields not in _joins(schema):
            printed = "; ".join(", ".join(f) for f in _joins(schema))
            raise CurationError.at(column.origin, f"{schema.file} prints no column holding {', '.join(fields)} "
                                   f"(its printed columns hold: {printed})", "fields")
    unmapped = [name for name in schema.names[1:] if name not in field_column]
    if unmapped:
        raise CurationError.at(table.origin, f"no column holds field(s) {', '.join(unmapped)}", "columns")
    return field_column


def _key(row: dict[str, str]) -> str:
    """A transcribed row's patient number: its first cell."""
    return next(iter(row.values()), "").strip()


def map_patient_tables(ctx: ArticleContext, ontology: Graph) -> Cells:
    """Map the article's patient table and cohort; return the cell of each (table, row, field)."""
    cells: Cells = {}
    table = _table(ctx)
    if table is None:
        return cells
    table_id = table["id"]
    schema = ctx.article.schemas[table_id]
    w = ctx.writer
    t_iri = ctx.local(table_id)
    w.node(t_iri, [DOCO.Table], table.require("label"), origin=table.origin)
    w.add(t_iri, FRBR.partOf, ctx.iri)
    if table.get("caption"):
        w.add(t_iri, RDFS.comment, Literal(table["caption"]))
    field_column = _map_columns(ctx, table, schema, t_iri)
    transcription = {_key(row): row for row in ctx.article.transcriptions[table_id]}
    for row in ctx.article.patients:
        printed = transcription.get(str(row.number), {})
        for name, (c_iri, header) in field_column.items():
            cells[(table_id, row.number, name)] = _cell(ctx, table, row, c_iri, header, printed)
    map_cohort(ctx, ontology, schema, table_id, cells)
    return cells


def _cell(ctx: ArticleContext, table: Record, row: PatientRow, c_iri: URIRef, header: str,
          printed: dict[str, str]) -> URIRef:
    w = ctx.writer
    cell = ctx.local(table["id"], "cell", row.number, str(c_iri).rsplit("/", 1)[1])
    if (cell, RDF.type, ADKG.TableCell) in w.graph:
        return cell
    w.node(cell, [ADKG.TableCell, OA.SpecificResource],
           f"{table['label']}, patient {row.number}, column '{header}'", origin=row.origin)
    w.add(cell, OA.hasSource, ctx.local(table["id"]))
    w.add(cell, ADKG.tableRow, Literal(row.number))
    w.add(cell, ADKG.tableColumn, c_iri)
    if header in printed:
        selector = URIRef(f"{cell}/selector")
        w.node(selector, [OA.TextQuoteSelector])
        w.add(selector, OA.exact, Literal(printed[header]))
        w.add(cell, OA.hasSelector, selector)
    return cell


# --------------------------------------------------------------------------------------------
# Transcription check: the curated values must agree with the printed table.

def _shown(value: object) -> str:
    if isinstance(value, list):
        return ";".join(value) or "(none)"
    return str(value)


def _check_row(ctx: ArticleContext, table: Record, schema: TableSchema, row: PatientRow,
               printed: dict[str, str], names: KeyNames) -> list[KgError]:
    problems: list[KgError] = []
    table_file = ctx.article.files[f"{table['id']}:transcription"]
    joins = _joins(schema)
    for column in table["columns"]:
        header = column["header"]
        where = Origin(table_file, f"patient {row.number}, column '{header}'")
        if header not in printed:
            problems.append(CurationError.at(where, "column missing from the transcription"))
            continue
        text = (printed[header] or "").strip()
        fields = tuple(column["fields"])
        wrong = disagreement(schema, fields, joins[fields], text, row.values, names)
        if wrong is not None:
            problems.append(CurationError.at(where, f"printed {text!r} but {row.origin.file}:{row.origin.line} "
                                             f"has {wrong}={_shown(row.values[wrong])}"))
    return problems


def check_transcriptions(ctx: ArticleContext) -> list[KgError]:
    """Compare patients.csv with the printed table transcription; return every disagreement (the
    printed forms are the table schema's)."""
    problems: list[KgError] = []
    tables = ctx.article.record.get("tables") or []
    if not tables:
        return problems
    table = tables[0]
    schema = ctx.article.schemas[table["id"]]
    table_file = ctx.article.files[f"{table['id']}:transcription"]
    transcription = ctx.article.transcriptions[table["id"]]
    rows = {_key(r): r for r in transcription}
    names = KeyNames.of(ctx.vocabulary.entities)
    for row in ctx.article.patients:
        printed = rows.get(str(row.number))
        if printed is None:
            problems.append(CurationError(table_file, f"no row for patient {row.number} "
                                          f"(patients.csv line {row.origin.line})"))
            continue
        problems += _check_row(ctx, table, schema, row, printed, names)
    if transcription:
        printed_headers = list(transcription[0].keys())[1:]
        if printed_headers != [c["header"] for c in table["columns"]]:
            problems.append(CurationError(table_file, "the header row differs from the columns "
                                          "listed in article.yaml", line=1))
    return problems
