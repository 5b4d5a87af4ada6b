"""Stage 2b, bibliography: an article's front matter, reference list and in-text citations.

The article and each cited work as FaBiO works with title, DOI, year, journal volume and pages
(PRISM, DCTERMS); authors with their authorship roles (PRO) and affiliations; the reference list
(BiRO, DoCO); every in-text citation typed with its CiTO intent. Facts get provenance to the
front-matter block or the reference-list entry they were read from.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS
from rdflib.term import Node

from kg.core.errors import CurationError, Origin
from kg.core.namespaces import (
    ADKG,
    BIRO,
    CITO,
    DEO,
    DOCO,
    FABIO,
    FRBR,
    PRISM,
    PRO,
    XSD,
    doi_iri,
    doi_resolver_iri,
    entity_iri,
    normalise_doi,
)
from kg.ingest.load import Record
from kg.transform.article_context import ArticleContext, as_list

__all__ = ["CITATION_INTENTS", "map_bibliography", "map_citations", "map_references"]

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


def map_bibliography(ctx: ArticleContext) -> None:
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


def map_references(ctx: ArticleContext) -> None:
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


def map_citations(ctx: ArticleContext) -> None:
    w = ctx.writer
    for paragraph in ctx.article.record["body"]:
        for s_index, sentence in enumerate(paragraph["sentences"], 1):
            sid = f"{paragraph['id']}.s{s_index}"
            for cite in sentence.check("cites", list) or []:
                intents = []
                for intent_curie in as_list(cite.require("intent", (str, list))):
                    intent_name = str(intent_curie).removeprefix("cito:")
                    if intent_name not in CITATION_INTENTS:
                        raise CurationError.at(cite.origin, f"unknown CiTO intent '{intent_curie}'",
                                               "intent")
                    intents.append(CITO[intent_name])
                targets: list[tuple[str, Node, URIRef | None]] = []
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
