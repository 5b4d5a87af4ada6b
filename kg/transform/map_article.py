"""Stage 2b: map one article's record (article.yaml, references.yaml) to its named graph.

The text as sections, paragraphs and sentences (DoCO, C4O), the facts the text states,
article-local nodes (approvals, label update, ...), the abbreviation lists, and the curation notes
(Web Annotation), with provenance to the sentence they were read from. The bibliography (front
matter, reference list, citations) is :mod:`kg.transform.map_bibliography`; the shared context
(IRIs, value resolution) is :mod:`kg.transform.article_context`.
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, SKOS
from rdflib.term import Node

from kg.core.errors import CurationError, Origin
from kg.core.namespaces import ADKG, C4O, DEO, DOCO, FRBR, article_graph
from kg.ingest.load import Record
from kg.transform.article_context import ArticleContext, as_list
from kg.transform.curation import write_curation_note
from kg.transform.map_bibliography import CITATION_INTENTS, map_bibliography, map_citations, map_references

# ArticleContext and CITATION_INTENTS are re-exported: other mappers import them from here.
__all__ = ["ArticleContext", "CITATION_INTENTS", "map_article", "map_curation_notes"]

_SENTENCE_ID = re.compile(r"^(p\d+)\.s(\d+)$")

#: The DEO class of a section, by its key (its name in lower case, hyphenated).
SECTION_TYPES = {"introduction": DEO.Introduction, "discussion": DEO.Discussion}


def map_article(ctx: ArticleContext) -> None:
    """Map the article's record into ``ctx.writer``'s graph (the order matters: later parts point
    at the sentences, references and nodes earlier parts mint)."""
    _map_text(ctx)
    map_bibliography(ctx)
    map_references(ctx)
    _map_nodes(ctx)
    map_citations(ctx)
    _map_abbreviations(ctx)
    _map_statements(ctx)


def _map_text(ctx: ArticleContext) -> None:
    w, rec = ctx.writer, ctx.article.record
    # The graph names the article it is about, so a query can find an article's graph by its DOI.
    w.add(article_graph(ctx.article.id), FOAF.primaryTopic, ctx.iri)
    w.node(ctx.local("front-matter"), [DOCO.FrontMatter], "Front matter", origin=rec.origin)
    w.add(ctx.local("front-matter"), FRBR.partOf, ctx.iri)
    w.node(ctx.local("back-matter"), [DOCO.BackMatter], "Back matter", origin=rec.origin)
    w.add(ctx.local("back-matter"), FRBR.partOf, ctx.iri)
    w.node(ctx.local("body"), [DOCO.BodyMatter], "Body", origin=rec.origin)
    w.add(ctx.local("body"), FRBR.partOf, ctx.iri)
    seen: set[str] = set()
    for p_index, paragraph in enumerate(rec["body"], 1):
        if not isinstance(paragraph, Record):
            raise CurationError(ctx.article.files["article"], f"body entry {p_index} is not a mapping")
        pid = paragraph.require("id")
        paragraph.origin = Origin(paragraph.origin.file, f"paragraph {pid}", paragraph.origin.line)
        if pid != f"p{p_index}" or pid in seen:
            raise CurationError.at(paragraph.origin, f"paragraph ids must run p1, p2, ...; "
                                   f"expected p{p_index}", "id")
        seen.add(pid)
        p_iri = ctx.local(pid)
        w.node(p_iri, [DOCO.Paragraph], f"Paragraph {p_index}", origin=paragraph.origin)
        w.add(p_iri, ADKG.ordinal, Literal(p_index))
        w.add(p_iri, FRBR.partOf, _section(ctx, paragraph))
        for s_index, sentence in enumerate(paragraph.require("sentences", list), 1):
            sid = f"{pid}.s{s_index}"
            s_iri = ctx.local(pid, f"s{s_index}")
            ctx.sentences[sid] = s_iri
            sentence.origin = Origin(sentence.origin.file, f"sentence {sid}", sentence.origin.line)
            w.node(s_iri, [DOCO.Sentence], f"Paragraph {p_index}, sentence {s_index}",
                   origin=sentence.origin)
            w.add(s_iri, C4O.hasContent, Literal(sentence.require("text")),
                  origin=sentence.origin, field="text")
            w.add(s_iri, ADKG.ordinal, Literal(s_index))
            w.add(s_iri, SKOS.notation, Literal(sid))
            w.add(s_iri, FRBR.partOf, p_iri)


def _section(ctx: ArticleContext, paragraph: Record) -> URIRef:
    """The section a paragraph is part of: the one its printed heading (``section``) or the
    curator's reading (``unheaded_section``, no ``dcterms:title``) names, else the body."""
    printed, unheaded = paragraph.get("section"), paragraph.get("unheaded_section")
    if printed and unheaded:
        raise CurationError.at(paragraph.origin, "give `section` (a printed heading) or `unheaded_section`, "
                               "not both", "unheaded_section")
    name = printed or unheaded
    if not name:
        return ctx.local("body")
    key = re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")
    if key not in ctx.sections:
        iri = ctx.sections[key] = ctx.local("section", key)
        types = [DOCO.Section, *([SECTION_TYPES[key]] if key in SECTION_TYPES else [])]
        ctx.writer.node(iri, types, str(name).title() if printed else str(name), origin=paragraph.origin)
        if printed:
            ctx.writer.add(iri, DCTERMS.title, Literal(printed))
        ctx.writer.add(iri, ADKG.ordinal, Literal(len(ctx.sections)))
        ctx.writer.add(iri, FRBR.partOf, ctx.local("body"))
    return ctx.sections[key]


def _map_abbreviations(ctx: ArticleContext) -> None:
    w = ctx.writer
    lists = {"abbreviations": (ctx.local("abbreviations"), "Abbreviations used")}
    for table in ctx.article.record.get("tables") or []:
        lists[table["id"]] = (ctx.local(table["id"], "abbreviations"),
                              f"{table.get('label', table['id'])} footnote abbreviations")
    for abbreviation in ctx.article.record.check("abbreviations", list) or []:
        o = abbreviation.origin
        list_key = abbreviation.require("list")
        if list_key not in lists:
            raise CurationError.at(o, f"unknown abbreviation list '{list_key}'", "list")
        list_iri, list_label = lists[list_key]
        w.node(list_iri, [ADKG.AbbreviationList], list_label, origin=o)
        w.add(list_iri, FRBR.partOf, ctx.iri)
        short = abbreviation.require("short")
        iri = URIRef(f"{list_iri}/{re.sub(r'[^A-Za-z0-9-]+', '-', short)}")
        w.node(iri, [ADKG.Abbreviation], f"{short}: {abbreviation.require('long')}", origin=o)
        w.add(iri, FRBR.partOf, list_iri)
        w.add(iri, ADKG.shortForm, Literal(short), source=list_iri)
        w.add(iri, ADKG.longForm, Literal(abbreviation["long"]), source=list_iri)
        if abbreviation.get("denotes"):
            w.add(iri, ADKG.denotes, ctx.value(abbreviation["denotes"], o, "denotes"), source=list_iri)


def _property_values(ctx: ArticleContext, raw: object, default_source: URIRef, origin: Origin,
                     field_name: str) -> tuple[list[Node], URIRef]:
    source = default_source
    if isinstance(raw, Record) and "value" in raw and "datatype" not in raw:
        if raw.get("source"):
            source = ctx.sentence(raw["source"], origin, field_name)
        raw = raw["value"]
    return [ctx.value(v, origin, field_name) for v in as_list(raw)], source


def _map_nodes(ctx: ArticleContext) -> None:
    w = ctx.writer
    nodes = ctx.article.record.check("nodes", list) or []
    for node in nodes:  # mint every IRI first so that nodes can refer to each other
        node_id = node.require("id")
        node.origin = Origin(node.origin.file, f"node '{node_id}'", node.origin.line)
        ctx.nodes[node_id] = ctx.local("node", node_id)
    for node in nodes:
        o = node.origin
        iri = ctx.nodes[node["id"]]
        source = ctx.sentence(node.require("source"), o, "source")
        w.node(iri, [ctx.term(node.require("type"), o, "type")], node.require("label"), origin=o)
        w.add(iri, PROV.wasDerivedFrom, source)
        for curie, raw in (node.check("properties", Record) or {}).items():
            prop = ctx.term(curie, o, f"properties.{curie}")
            values, value_source = _property_values(ctx, raw, source, o, f"properties.{curie}")
            for value in values:
                w.add(iri, prop, value, source=value_source, origin=o, field=f"properties.{curie}")


def _map_statements(ctx: ArticleContext) -> None:
    w = ctx.writer
    for statement in ctx.article.record.check("statements", list) or []:
        o = statement.origin
        source = ctx.sentence(statement.require("source"), o, "source")
        prop = ctx.term(statement.require("predicate"), o, "predicate")
        subjects = [ctx.value(s, o, "subject") for s in as_list(statement.require("subject", (str, list)))]
        objects = [ctx.value(v, o, "object") for v in as_list(statement.get("object"))]
        if not objects:
            raise CurationError.at(o, "required field is missing", "object")
        for subject in subjects:
            for obj in objects:
                w.add(subject, prop, obj, source=source, origin=o, field="object")


def curation_location(ctx: ArticleContext, location: str, field_name: str | None,
                      origin: Origin, cells: dict[tuple[str, int, str], URIRef]) -> URIRef:
    """Resolve a curation note's ``location`` (pN.sM, article, reference-N, section-KEY, TABLE.row-N)."""
    if _SENTENCE_ID.match(location):
        return ctx.sentence(location, origin, "location")
    if location == "article":
        return ctx.iri
    if location.startswith("section-") and location[len("section-"):] in ctx.sections:
        return ctx.sections[location[len("section-"):]]
    match = re.match(r"^reference-(\d+)$", location)
    if match and int(match.group(1)) in ctx.references:
        return ctx.references[int(match.group(1))]
    match = re.match(r"^([a-z0-9-]+)\.row-(\d+)$", location)
    if match and field_name and (match.group(1), int(match.group(2)), field_name) in cells:
        return cells[(match.group(1), int(match.group(2)), field_name)]
    raise CurationError.at(origin, f"cannot resolve location '{location}'", "location")


def map_curation_notes(ctx: ArticleContext, cells: dict[tuple[str, int, str], URIRef]) -> None:
    for index, note in enumerate(ctx.article.record.check("curation_notes", list) or [], 1):
        target = curation_location(ctx, note.require("location"), note.get("field"), note.origin, cells)
        write_curation_note(ctx.writer, ctx.local("curation-note", index), f"Curation note {index}", target, note)
