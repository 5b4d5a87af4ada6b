"""Link an import's nodes to the graph's entities by the identifiers the source wrote.

Each mention (an identifier as written, the node it names, where it was read) is normalised
through the prefix map (:mod:`kg.core.identifiers`): any prefix synonym and case (``DB:``,
``drugbank:``, ``DrugBank:``), any IRI form the map knows, the OBO form ``MONDO_0004980``, a bare
DrugBank or Wikidata identifier, and a DOI in every form and case (bare, ``doi:``, any resolver
IRI, upper case). It is then matched, in this order:

1. a DOI one of our works has (``prism:doi``): ``owl:sameAs`` (a DOI names one publication);
2. an identifier one of our entities carries under a SKOS mapping predicate (``skos:exactMatch``,
   ``skos:closeMatch``, ...): that predicate, as strong as our own mapping;
3. failing both, an SSSOM row (:mod:`kg.link.bridges`) between the identifier and one our entity
   carries (or our entity itself): the weaker of the row's predicate and our own.

A match is **ambiguous** when the identifier leads to several of our entities of different
types (a DrugBank identifier that names a drug and, through a row, a protein): it is reported and
not linked, because one imported node cannot be two different things. Several entities of the
same type (the same work under two IRIs) are all linked.

Each link comes with its provenance (:meth:`Linker.provenance`), an ``owl:Axiom`` as SSSOM and OWL
write it, whose IRI is a hash of the link triple: ``owl:annotatedSource`` ours,
``owl:annotatedProperty``, ``owl:annotatedTarget`` the import's node,
``sssom:mapping_justification`` (``semapv:DatabaseCrossReference``: the same identifier after
normalisation, a cross-reference on both sides; ``semapv:MappingChaining``: through a row),
``adkg:viaIdentifier`` the identifier as written, ``adkg:sourceLocation`` where it was read, and
``prov:wasDerivedFrom`` the SSSOM row that made or states it, else the import's own graph (its file).

>>> from kg.core.identifiers import default
>>> identify("https://doi.org/10.1111/BJD.15928", default())
Identified(prefix='DOI', value='10.1111/bjd.15928')
>>> identify("DB:DB14973", default()).value
'https://go.drugbank.com/drugs/DB14973'
>>> identify("FOO:1", default()), identify("drugbank:8895", default())
(Unidentified(reason='unknown prefix', prefix='FOO'), Unidentified(reason='malformed', prefix='DRUGBANK'))
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from kg.core.identifiers import Identifiers
from kg.core.namespaces import normalise_doi
from kg.link.bridges import OURS, SKOS_MATCH, Bridges, inverse, weakest
from kg.link.index import Index
from kg.link.model import IMPORT_NODES, Mention

__all__ = ["Identified", "Unidentified", "Link", "Outcome", "Linker", "identify", "strength", "OWL_SAME_AS",
           "UNKNOWN_PREFIX", "MALFORMED", "NO_ENTITY", "AMBIGUOUS"]

OWL = "http://www.w3.org/2002/07/owl#"
OWL_SAME_AS = f"{OWL}sameAs"
SEMAPV = "https://w3id.org/semapv/vocab/"
#: Why a mention did not link (the report's keys).
UNKNOWN_PREFIX, MALFORMED, NO_ENTITY, AMBIGUOUS = ("unknown prefix", "malformed", "no such entity in the graph",
                                                   "ambiguous")
#: The justification of a link made by one identifier both sides carry (the import's node as a
#: cross-reference, ours under our own mapping).
_SAME_IDENTIFIER = f"{SEMAPV}DatabaseCrossReference"
#: Identifier spaces whose identifiers name themselves without a prefix (checked against their pattern).
_BARE_SPACES = ("DRUGBANK", "WIKIDATA")


@dataclass(frozen=True, slots=True)
class Identified:
    prefix: str  # the canonical prefix ("DOI" for a DOI)
    value: str   # the normalised DOI, or the identifier's canonical IRI


@dataclass(frozen=True, slots=True)
class Unidentified:
    reason: str  # UNKNOWN_PREFIX or MALFORMED
    prefix: str  # the prefix as seen ("" if there was none)


@dataclass(frozen=True, slots=True)
class Link:
    """``ours predicate theirs``, and why."""

    ours: str
    predicate: str
    theirs: str
    justification: str   # a SEMAPV term IRI
    via: str             # the identifier as written
    where: str           # where it was read
    derived_from: str    # the SSSOM row's IRI, or the import's graph


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one mention: its identifier (if recognised), its links, or why none."""

    identified: Identified | Unidentified
    links: tuple[Link, ...]
    reason: str | None  # None if linked


def identify(text: str, ids: Identifiers) -> Identified | Unidentified:
    """The identifier ``text`` is (see the module's description), or why it is none."""
    text = text.strip()
    found = ids.parse(text)
    if found is None:
        doi = normalise_doi(text)
        if ids.matches("DOI", doi):
            return Identified("DOI", doi)
        for space in _BARE_SPACES:
            if ids.matches(space, text):
                return Identified(space, ids.expand(space, text))
        return Unidentified(UNKNOWN_PREFIX, _prefix_seen(text))
    prefix, local = found
    if prefix == "DOI":
        doi = normalise_doi(local)
        return Identified("DOI", doi) if ids.matches("DOI", doi) else Unidentified(MALFORMED, "DOI")
    if prefix not in ids.spaces:
        return Unidentified(UNKNOWN_PREFIX, prefix)
    if not ids.matches(prefix, local):
        return Unidentified(MALFORMED, prefix)
    return Identified(prefix, ids.expand(prefix, local))


def strength(predicate: str) -> int:
    """How strong a link predicate is: ``owl:sameAs`` above the SKOS predicates, exactMatch
    above closeMatch above broad and narrow above related. One import node is linked to one of
    our entities once, by the strongest predicate any of its identifiers gives.

    >>> strength(OWL_SAME_AS) > strength("http://www.w3.org/2004/02/skos/core#exactMatch")
    True
    """
    return 4 if predicate == OWL_SAME_AS else SKOS_MATCH.get(predicate, -1)


def _prefix_seen(text: str) -> str:
    """What stands for a prefix in an unrecognised identifier: an IRI's scheme and host, or the
    part before the colon ("" if none).

    >>> _prefix_seen("http://example.org/x/1"), _prefix_seen("foo:1"), _prefix_seen("12345")
    ('http://example.org', 'foo', '')
    """
    if "://" in text:
        parts = urlsplit(text)
        return f"{parts.scheme}://{parts.netloc}"
    prefix, sep, _ = text.partition(":")
    return prefix if sep else ""


class Linker:
    """Links mentions of the import ``name`` to the entities of ``index``, through ``bridges``."""

    def __init__(self, name: str, index: Index, bridges: Bridges, ids: Identifiers) -> None:
        self.name, self.index, self.bridges, self.ids = name, index, bridges, ids
        self.graph = f"https://w3id.org/adkg/graph/import/{name}"

    def link(self, mention: Mention) -> Outcome:
        """The outcome of one mention (the same mention always gives the same outcome)."""
        identified = identify(mention.text, self.ids)
        if isinstance(identified, Unidentified):
            return Outcome(identified, (), identified.reason)
        if identified.prefix == "DOI":
            found = [(ours, OWL_SAME_AS, self.graph) for ours in self.index.dois.get(identified.value, ())]
            justification = _SAME_IDENTIFIER
        else:
            found = [(ours, predicate, self.index.rows.get((ours, identified.value), self.graph))
                     for ours, predicate in self.index.external.get(identified.value, ())]
            justification = _SAME_IDENTIFIER
            if not found:
                found = self._chained(identified.value)
                justification = f"{SEMAPV}MappingChaining"
        if not found:
            return Outcome(identified, (), NO_ENTITY)
        if len({self.index.kind(ours) for ours, _, _ in found}) > 1:
            return Outcome(identified, (), AMBIGUOUS)
        links = tuple(Link(ours, predicate, mention.node, justification, mention.text, mention.where, source)
                      for ours, predicate, source in found)
        return Outcome(identified, links, None)

    def _chained(self, iri: str) -> list[tuple[str, str, str]]:
        """(ours, predicate, row) for each SSSOM row from ``iri`` to our entity or to an identifier
        one of our entities carries (one step; the predicate the weakest of the chain)."""
        found: dict[tuple[str, str], str] = {}
        for bridge in self.bridges.get(iri, ()):
            # The row says iri P other; read from our side: other inverse(P) iri.
            towards = inverse(bridge.predicate)
            if bridge.other.startswith(OURS) and not bridge.other.startswith(IMPORT_NODES):
                found.setdefault((bridge.other, towards), bridge.row)
                continue
            for ours, predicate in self.index.external.get(bridge.other, ()):
                found.setdefault((ours, weakest(predicate, towards)), bridge.row)
        return [(ours, predicate, row) for (ours, predicate), row in found.items()]

    def provenance(self, link: Link) -> tuple[str, list[tuple[str, str, str]]]:
        """The IRI of ``link``'s provenance record and its statements, as (subject, predicate,
        object) N-Triples terms, the link triple first.

        >>> from kg.core.identifiers import default
        >>> from kg.link.index import Index
        >>> linker = Linker("x", Index({}, {}, {}, {}), {}, default())
        >>> link = Link("https://w3id.org/adkg/id/drug/d", OWL_SAME_AS, "https://w3id.org/adkg/id/import/x/n/1",
        ...             SEMAPV + "DatabaseCrossReference", "DB:DB1", "line 2", linker.graph)
        >>> iri, statements = linker.provenance(link)
        >>> iri.rsplit("/", 1)[0], len(iri.rsplit("/", 1)[1]), iri == linker.provenance(link)[0]
        ('https://w3id.org/adkg/id/import/x/link', 16, True)
        >>> statements[-2][1:]
        ('<https://w3id.org/adkg/ontology#sourceLocation>', '"line 2"')
        """
        triple = (f"<{link.ours}>", f"<{link.predicate}>", f"<{link.theirs}>")
        digest = hashlib.sha256(" ".join(triple).encode("utf-8")).hexdigest()[:16]
        iri = f"{IMPORT_NODES}{self.name}/link/{digest}"
        node = f"<{iri}>"
        statements = [triple,
                      (node, f"<{_RDF_TYPE}>", f"<{OWL}Axiom>"),
                      (node, f"<{OWL}annotatedSource>", triple[0]),
                      (node, f"<{OWL}annotatedProperty>", triple[1]),
                      (node, f"<{OWL}annotatedTarget>", triple[2]),
                      (node, f"<{_JUSTIFICATION}>", f"<{link.justification}>"),
                      (node, f"<{_ADKG}viaIdentifier>", _literal(link.via)),
                      (node, f"<{_ADKG}sourceLocation>", _literal(link.where)),
                      (node, f"<{_PROV}wasDerivedFrom>", f"<{link.derived_from}>")]
        return iri, statements


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_JUSTIFICATION = "https://w3id.org/sssom/mapping_justification"
_ADKG = "https://w3id.org/adkg/ontology#"
_PROV = "http://www.w3.org/ns/prov#"


def _literal(text: str) -> str:
    """A plain literal in N-Triples form (pyoxigraph escapes it)."""
    import pyoxigraph as ox

    return str(ox.Literal(text))
