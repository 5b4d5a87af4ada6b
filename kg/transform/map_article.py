"""Stage 2b: map one article's record (article.yaml, references.yaml) to its named graph.

Bibliographic data (FaBiO, PRISM, DCTERMS, PRO), the text as sections, paragraphs and sentences
(DoCO, C4O), the reference list and every in-text citation typed with its CiTO intent (BiRO,
CiTO), the facts the text states, article-local nodes (approvals, label update, ...), and the
curation notes (Web Annotation). Facts get provenance to the sentence, reference-list entry or
front-matter block they were read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDFS, SKOS
from rdflib.term import Node

from kg.core.errors import CurationError, Origin
from kg.ingest.load import Article, Record, Vocabulary
from kg.core.namespaces import (ADKG, BIRO, C4O, CITO, DEO, DOCO, FABIO, FRBR, OA, PRISM, PRO, XSD,
                           article_base, doi_iri, doi_resolver_iri, entity_iri, expand_curie,
                           normalise_doi)
from kg.transform.triples import GraphWriter, decimal_literal

__all__ = ["ArticleContext", "CITATION_INTENTS", "map_article", "map_curation_notes"]

#: CiTO citation functions accepted as a citation's intent.
CITATION_INTENTS = frozenset({
    "agreesWith", "citesAsAuthority", "citesAsDataSource", "citesAsEvidence", "citesAsMetadataDocument",
    "citesAsPotentialSolution", "citesAsRecommendedReading", "citesAsRelated", "citesAsSourceDocument",
    "citesForInformation", "confirms", "corrects", "credits", "critiques", "derides", "describes",
    "disagreesWith", "discusses", "disputes", "documents", "extends", "includesExcerptFrom",
    "includesQuotationFrom", "obtainsBackgroundFrom", "obtainsSupportFrom", "parodies", "plagiarizes",
    "qualifies", "refutes", "retracts", "reviews", "ridicules", "speculatesOn", "supports", "updates",
    "usesConclusionsFrom", "usesDataFrom", "usesMethodIn",
})

_SENTENCE_ID = re.compile(r"^(p\d+)\.s(\d+)$")


@dataclass
class ArticleContext:
    """Everything the article's mappers share: its IRIs and how to resolve curated values."""

    article: Article
    vocabulary: Vocabulary
    writer: GraphWriter
    ontology_terms: frozenset[URIRef]
    iri: URIRef = field(init=False)
    base: str = field(init=False)
    sentences: dict[str, URIRef] = field(default_factory=dict)
    references: dict[int, URIRef] = field(default_factory=dict)
    works: dict[int, URIRef] = field(default_factory=dict)
    nodes: dict[str, URIRef] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.iri = doi_iri(self.article.record["doi"])
        self.base = article_base(self.article.id)

    def local(self, *parts: object) -> URIRef:
        return URIRef("/".join([self.base, *map(str, parts)]))

    def term(self, curie: str, origin: Origin, field_name: str) -> URIRef:
        """An ontology or reused-vocabulary term; ``adkg:`` terms must be declared."""
        try:
            iri = expand_curie(curie)
        except KeyError:
            raise CurationError.at(origin, f"unknown term '{curie}' (unknown prefix)",
                                   field_name) from None
        if curie.startswith("adkg:") and iri not in self.ontology_terms:
            raise CurationError.at(origin, f"'{curie}' is not declared in ontology/adkg.ttl",
                                   field_name)
        return iri

    def entity(self, ref: str, origin: Origin, field_name: str) -> URIRef:
        resolved = self.vocabulary.resolve(ref)
        if resolved is None:
            raise CurationError.at(origin, f"unknown entity '{ref}' (not in data/vocabulary)",
                                   field_name)
        return entity_iri(*resolved)

    def sentence(self, sentence_id: str, origin: Origin, field_name: str) -> URIRef:
        if sentence_id not in self.sentences:
            raise CurationError.at(origin, f"unknown sentence '{sentence_id}' (expected pN.sM "
                                   "naming a sentence of `body`)", field_name)
        return self.sentences[sentence_id]

    def value(self, raw: object, origin: Origin, field_name: str) -> Node:
        """A curated value: entity key, CURIE, ``#node``, IRI, number, boolean or text."""
        if isinstance(raw, Record) and "value" in raw and "datatype" in raw:
            datatype = self.term(str(raw["datatype"]), origin, field_name)
            return Literal(str(raw["value"]), datatype=datatype)
        if isinstance(raw, bool):
            return Literal(raw)
        if isinstance(raw, int):
            return Literal(raw)
        if isinstance(raw, float):
            return decimal_literal(str(raw))
        if not isinstance(raw, str):
            raise CurationError.at(origin, f"cannot read value {raw!r}", field_name)
        if raw.startswith("#"):
            if raw[1:] not in self.nodes:
                raise CurationError.at(origin, f"unknown node '{raw}'", field_name)
            return self.nodes[raw[1:]]
        if raw.startswith(("http://", "https://")):
            return URIRef(raw)
        if self.vocabulary.is_reference(raw):
            return self.entity(raw, origin, field_name)
        if re.match(r"^[a-z][a-z0-9]*:[A-Za-z_]", raw) and " " not in raw:
            return self.term(raw, origin, field_name)
        return Literal(raw)


def map_article(ctx: ArticleContext) -> None:
    _map_text(ctx)
    _map_bibliography(ctx)
    _map_references(ctx)
    _map_nodes(ctx)
    _map_citations(ctx)
    _map_abbreviations(ctx)
    _map_statements(ctx)


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _map_text(ctx: ArticleContext) -> None:
    w, rec = ctx.writer, ctx.article.record
    w.node(ctx.local("front-matter"), [DOCO.FrontMatter], "Front matter", origin=rec.origin)
    w.add(ctx.local("front-matter"), FRBR.partOf, ctx.iri)
    w.node(ctx.local("back-matter"), [DOCO.BackMatter], "Back matter", origin=rec.origin)
    w.add(ctx.local("back-matter"), FRBR.partOf, ctx.iri)
    w.node(ctx.local("body"), [DOCO.BodyMatter], "Body", origin=rec.origin)
    w.add(ctx.local("body"), FRBR.partOf, ctx.iri)
    sections: dict[str, URIRef] = {}
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
        parent = ctx.local("body")
        if paragraph.get("section"):
            title = paragraph["section"]
            key = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
            if key not in sections:
                sections[key] = ctx.local("section", key)
                types = [DOCO.Section] + ([DEO.Introduction] if key == "introduction" else [])
                w.node(sections[key], types, title.title(), origin=paragraph.origin)
                w.add(sections[key], DCTERMS.title, Literal(title))
                w.add(sections[key], FRBR.partOf, ctx.local("body"))
            parent = sections[key]
        w.add(p_iri, FRBR.partOf, parent)
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


def _map_bibliography(ctx: ArticleContext) -> None:
    w, rec, art = ctx.writer, ctx.article.record, ctx.iri
    o = rec.origin
    src = ctx.local("front-matter")
    types = [ctx.term(t, o, "article_types") for t in rec.check("article_types", list) or []]
    w.node(art, types or [FABIO.JournalArticle], rec["title"], origin=o)
    _describe_work(ctx, art, rec, src, o)
    w.add(art, PRISM.startingPage, Literal(str(rec["first_page"])), source=src)
    w.add(art, PRISM.endingPage, Literal(str(rec["last_page"])), source=src)
    optional = {
        "citation_line": DCTERMS.bibliographicCitation, "copyright": DCTERMS.rights,
        "license_statement": ADKG.licenseStatement, "funding": ADKG.fundingStatement,
        "irb_status": ADKG.irbStatus,
    }
    for key, prop in optional.items():
        if rec.get(key):
            w.add(art, prop, Literal(rec.check(key, str)), source=src, origin=o, field=key)
    if rec.get("conflicts_of_interest"):
        w.add(art, ADKG.conflictOfInterestStatement, Literal(rec["conflicts_of_interest"]),
              source=ctx.local("back-matter"), origin=o, field="conflicts_of_interest")
    if rec.get("license"):
        w.add(art, DCTERMS.license, URIRef(rec["license"]), source=src)
    for key, prop in (("publisher", DCTERMS.publisher), ("copyright_holder", DCTERMS.rightsHolder)):
        if rec.get(key):
            w.add(art, prop, ctx.entity(rec[key], o, key), source=src)
    for keyword in rec.check("keywords", list) or []:
        w.add(art, PRISM.keyword, Literal(keyword), source=src)
    for subject in rec.check("subjects", list) or []:
        w.add(art, DCTERMS.subject, ctx.value(subject, o, "subjects"), source=src)

    marks: dict[str, URIRef] = {}
    for aff in rec.check("affiliations", list) or []:
        marks[aff.require("mark")] = ctx.entity(aff.require("organisation"), aff.origin, "organisation")
    corresponding = rec.get("correspondence") or {}
    for author in rec["authors"]:
        position = author.require("position", int)
        author.origin = Origin(author.origin.file, f"author {position}", author.origin.line)
        person = entity_iri("person", author.require("key"))
        name = f"{author.require('given_name')} {author.require('family_name')}"
        w.node(person, [FOAF.Person], name, origin=author.origin)
        w.add(person, FOAF.name, Literal(name), source=src)
        w.add(person, FOAF.givenName, Literal(author["given_name"]), source=src)
        w.add(person, FOAF.familyName, Literal(author["family_name"]), source=src)
        for degree in author.check("degrees", list) or []:
            w.add(person, ADKG.academicDegree, Literal(degree), source=src)
        role = ctx.local("authorship", position)
        _authorship(ctx, art, role, person, position, name, src, author.origin)
        for mark in author.check("affiliations", list) or []:
            if mark not in marks:
                raise CurationError.at(author.origin, f"unknown affiliation mark '{mark}'",
                                       "affiliations")
            w.add(role, ADKG.affiliation, marks[mark], source=src)
            w.add(role, ADKG.affiliationMark, Literal(mark), source=src)
        if corresponding and corresponding.get("author") == position:
            w.add(role, ADKG.isCorrespondingAuthor, Literal(True), source=src)
            if corresponding.get("address"):
                w.add(role, ADKG.correspondenceAddress, Literal(corresponding["address"]), source=src)
            if corresponding.get("email"):
                w.add(person, FOAF.mbox, URIRef("mailto:" + corresponding["email"]), source=src)


def _describe_work(ctx: ArticleContext, work: URIRef, record: Record, source: URIRef, origin: Origin) -> None:
    """What the article and every cited work share: title, DOI (and its IRI), year, journal volume."""
    w = ctx.writer
    w.add(work, DCTERMS.title, Literal(record["title"]), source=source, origin=origin, field="title")
    w.add(work, PRISM.doi, Literal(normalise_doi(record["doi"])), source=source, origin=origin, field="doi")
    w.add(work, SKOS.exactMatch, doi_resolver_iri(record["doi"]))
    w.add(work, FABIO.hasPublicationYear, Literal(str(record["year"]), datatype=XSD.gYear),
          source=source, origin=origin, field="year")
    if record.get("volume"):
        journal = ctx.entity(f"journal:{record['journal']}", origin, "journal")
        w.add(work, PRISM.volume, Literal(str(record["volume"])), source=source, origin=origin, field="volume")
        w.add(work, FRBR.partOf, _volume(ctx, journal, record["journal"], str(record["volume"]), origin),
              source=source)


def _authorship(ctx: ArticleContext, work: URIRef, role: URIRef, person: URIRef, position: int, name: str,
                source: URIRef, origin: Origin) -> None:
    """The author role ``person`` holds for ``work``, at ``position`` in its author list."""
    w = ctx.writer
    w.node(role, [ADKG.Authorship], f"{name}, author {position}", origin=origin)
    w.add(role, PRO.withRole, PRO.author)
    w.add(role, PRO.relatesToDocument, work)
    w.add(role, PRO.isHeldBy, person)
    w.add(person, PRO.holdsRoleInTime, role)
    w.add(role, ADKG.authorPosition, Literal(position), source=source, origin=origin, field="position")
    w.add(work, DCTERMS.creator, person, source=source)


def _volume(ctx: ArticleContext, journal: URIRef, journal_key: str, volume: str,
            origin: Origin) -> URIRef:
    iri = entity_iri("journal", f"{journal_key}/volume/{volume}")
    label = f"{ctx.vocabulary.entities['journal'][journal_key]['label']}, volume {volume}"
    ctx.writer.node(iri, [FABIO.JournalVolume], label, origin=origin)
    ctx.writer.add(iri, PRISM.volume, Literal(volume))
    ctx.writer.add(iri, FRBR.partOf, journal)
    return iri


def _pages(pages: str) -> tuple[str, str | None]:
    first, _, last = str(pages).partition("-")
    return first.strip(), (last.strip() or None)


def _map_references(ctx: ArticleContext) -> None:
    w = ctx.writer
    ref_list = ctx.local("references")
    w.node(ref_list, [BIRO.ReferenceList, DOCO.ListOfReferences], "References",
           origin=ctx.article.record.origin)
    w.add(ref_list, FRBR.partOf, ctx.local("back-matter"))
    for ref in ctx.article.references:
        number, o = ref["number"], ref.origin
        entry = ctx.local("reference", number)
        ctx.references[number] = entry
        w.node(entry, [BIRO.BibliographicReference, DEO.BibliographicReference],
               f"Reference {number}", origin=o)
        w.add(entry, ADKG.referenceNumber, Literal(number))
        w.add(entry, FRBR.partOf, ref_list)
        work = doi_iri(ref["doi"])
        ctx.works[number] = work
        w.add(entry, BIRO.references, work, origin=o, field="doi")
        w.node(work, [FABIO.JournalArticle], ref["title"], origin=o)
        _describe_work(ctx, work, ref, entry, o)
        if ref.get("issue"):
            w.add(work, PRISM.issueIdentifier, Literal(str(ref["issue"])), source=entry)
        first, last = _pages(ref["pages"])
        w.add(work, PRISM.startingPage, Literal(first), source=entry)
        if last:
            w.add(work, PRISM.endingPage, Literal(last), source=entry)
        if ref.get("et_al"):
            w.add(work, ADKG.authorListTruncated, Literal(True), source=entry)
        for position, name in enumerate(ref["authors"], 1):
            person = URIRef(f"{work}/author/{position}")
            w.node(person, [FOAF.Person], str(name), origin=o)
            w.add(person, FOAF.name, Literal(str(name)), source=entry)
            _authorship(ctx, work, URIRef(f"{work}/authorship/{position}"), person, position, str(name), entry, o)


def _map_citations(ctx: ArticleContext) -> None:
    w = ctx.writer
    for paragraph in ctx.article.record["body"]:
        for s_index, sentence in enumerate(paragraph["sentences"], 1):
            sid = f"{paragraph['id']}.s{s_index}"
            for cite in sentence.check("cites", list) or []:
                intents = []
                for intent_curie in _as_list(cite.require("intent", (str, list))):
                    intent_name = str(intent_curie).removeprefix("cito:")
                    if intent_name not in CITATION_INTENTS:
                        raise CurationError.at(cite.origin, f"unknown CiTO intent '{intent_curie}'",
                                               "intent")
                    intents.append(CITO[intent_name])
                targets: list[tuple[str, URIRef, URIRef | None]] = []
                for number in cite.check("refs", list) or []:
                    if number not in ctx.works:
                        raise CurationError.at(sentence.origin, f"cites reference {number}, "
                                               "which is not in references.yaml", "cites")
                    targets.append((str(number), ctx.works[number], ctx.references[number]))
                if cite.get("node"):
                    targets.append((cite["node"], ctx.value("#" + cite["node"], cite.origin, "node"), None))
                for key, work, entry in targets:
                    citation = ctx.local("citation", sid, key)
                    w.node(citation, [CITO.Citation], f"{sid} cites {key}", origin=cite.origin)
                    w.add(citation, CITO.hasCitingEntity, ctx.iri)
                    w.add(citation, CITO.hasCitedEntity, work)
                    w.add(citation, ADKG.inSentence, ctx.sentences[sid])
                    if entry is not None:
                        w.add(citation, ADKG.viaReference, entry)
                    for intent in intents:
                        w.add(citation, CITO.hasCitationCharacterization, intent)
                        w.add(ctx.iri, intent, work, source=ctx.sentences[sid])
                    w.add(ctx.iri, CITO.cites, work, source=ctx.sentences[sid])


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
    return [ctx.value(v, origin, field_name) for v in _as_list(raw)], source


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
        subjects = [ctx.value(s, o, "subject") for s in _as_list(statement.require("subject", (str, list)))]
        objects = [ctx.value(v, o, "object") for v in _as_list(statement.get("object"))]
        if not objects:
            raise CurationError.at(o, "required field is missing", "object")
        for subject in subjects:
            for obj in objects:
                w.add(subject, prop, obj, source=source, origin=o, field="object")


def curation_location(ctx: ArticleContext, location: str, field_name: str | None,
                      origin: Origin, cells: dict[tuple[str, int, str], URIRef]) -> URIRef:
    """Resolve a curation note's ``location`` (pN.sM, article, reference-N, TABLE.row-N)."""
    if _SENTENCE_ID.match(location):
        return ctx.sentence(location, origin, "location")
    if location == "article":
        return ctx.iri
    match = re.match(r"^reference-(\d+)$", location)
    if match and int(match.group(1)) in ctx.references:
        return ctx.references[int(match.group(1))]
    match = re.match(r"^([a-z0-9-]+)\.row-(\d+)$", location)
    if match and field_name and (match.group(1), int(match.group(2)), field_name) in cells:
        return cells[(match.group(1), int(match.group(2)), field_name)]
    raise CurationError.at(origin, f"cannot resolve location '{location}'", "location")


def map_curation_notes(ctx: ArticleContext, cells: dict[tuple[str, int, str], URIRef]) -> None:
    w = ctx.writer
    for index, note in enumerate(ctx.article.record.check("curation_notes", list) or [], 1):
        o = note.origin
        iri = ctx.local("curation-note", index)
        target = curation_location(ctx, note.require("location"), note.get("field"), o, cells)
        w.node(iri, [ADKG.CurationNote, OA.Annotation],
               f"Curation note {index}: '{note.require('printed')}' -> '{note.require('curated')}'",
               origin=o)
        w.add(iri, OA.motivatedBy, OA.editing)
        w.add(iri, OA.hasTarget, target)
        w.add(iri, ADKG.printedText, Literal(str(note["printed"])))
        w.add(iri, ADKG.curatedText, Literal(str(note["curated"])))
        w.add(iri, ADKG.curationKind, Literal(note.require("kind")))
        w.add(iri, RDFS.comment, Literal(note.require("reason")))
        if note.get("field"):
            w.add(iri, ADKG.curatedField, Literal(note["field"]))
