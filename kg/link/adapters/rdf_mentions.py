"""Which identifiers an RDF file states, and which of its resources each one names.

An RDF file names its resources by IRIs, some of which are identifiers themselves
(``https://doi.org/10.1111/BJD.15928``, ``http://purl.obolibrary.org/obo/MONDO_0004980``,
``http://www.wikidata.org/entity/Q5315925``), and states other identifiers of a resource under
identifier predicates. :class:`Mentions` sees the triples one by one, as the parser gives them,
and tells the sink:

* a subject or object IRI in an identifier space of the prefix map: a mention of the IRI by the
  IRI itself (a work a study cites by its DOI IRI is a node of its own, named by that DOI);
* the value under an identifier predicate (schema:identifier, schema:sameAs, owl:sameAs,
  skos:exactMatch, dcterms:identifier, dc:identifier, prism:doi, bibo:doi, bibo:pmid, and the
  Wikidata identifier properties of the prefix map such as wdt:P356 DOI or wdt:P715 DrugBank ID),
  literal or IRI: a mention of the subject. A bare value under a Wikidata property is mentioned
  with the property's identifier space (``6014`` under wdt:P354 is ``HGNC:6014``), since the
  property is what says which space it is in;
* a schema.org ``PropertyValue`` given as a resource's schema:identifier (``propertyID`` "doi",
  ``value`` "https://doi.org/10.1016/J.JAAD.2016.12.005"): a mention of that resource, the value
  as written, prefixed by the propertyID when the value is bare (``doi:10.1016/...``). These are
  told when the file is read, as the PropertyValue's statements may come after the reference.

Each (node, identifier) is told once, at its first place: ``record <subject>, field <predicate>``.
Mentions are never normalised here; the linker does that.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.core.identifiers import Identifiers
from kg.link.model import Sink

__all__ = ["IDENTIFIER_PREDICATES", "WIKIDATA_DIRECT", "Mentions"]

_SCHEMAS = ("https://schema.org/", "http://schema.org/")
WIKIDATA_DIRECT = "http://www.wikidata.org/prop/direct/"
#: Predicates whose value identifies their subject (besides the Wikidata identifier properties).
IDENTIFIER_PREDICATES = frozenset({
    *(f"{schema}{name}" for schema in _SCHEMAS for name in ("identifier", "sameAs")),
    "http://www.w3.org/2002/07/owl#sameAs",
    "http://www.w3.org/2004/02/skos/core#exactMatch",
    "http://purl.org/dc/terms/identifier",
    "http://purl.org/dc/elements/1.1/identifier",
    "http://prismstandard.org/namespaces/basic/2.0/doi",
    "http://prismstandard.org/namespaces/basic/3.0/doi",
    "http://purl.org/ontology/bibo/doi",
    "http://purl.org/ontology/bibo/pmid",
})
_PROPERTY_ID = frozenset(f"{schema}propertyID" for schema in _SCHEMAS)
_VALUE = frozenset(f"{schema}value" for schema in _SCHEMAS)
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: A propertyID that can stand as a prefix (``doi``, ``DrugBank``, ``pubmed``), not an IRI or a sentence.
_PREFIX_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,31}")


@dataclass
class Mentions:
    """Harvest the mentions of a stream of triples (blank nodes already named) into a sink."""

    sink: Sink
    ids: Identifiers
    skolem: str                  # the IRI prefix of the names given to the file's blank nodes
    _told: set[tuple[str, str]] = field(default_factory=set)
    # PropertyValues are blank nodes in practice; only theirs are kept, so memory follows them.
    _parts: dict[str, dict[str, str]] = field(default_factory=dict)
    _references: list[tuple[ox.NamedNode, str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Bounded, so a file with millions of distinct IRIs does not keep them all.
        self._space_of_iri = functools.lru_cache(maxsize=1 << 16)(self._space)
        # Host -> the IRI prefixes of identifier spaces there (each record's and its synonyms'),
        # longest first: most IRIs of a file are in no space, and this tells so at once.
        by_host: dict[str, list[tuple[str, str]]] = {}
        for name in sorted(self.ids.spaces):
            record = self.ids.records[name]
            for uri in (record.uri_prefix, *record.uri_prefix_synonyms):
                by_host.setdefault(_host(uri), []).append((uri, name))
        self._by_host = {host: sorted(found, key=lambda item: -len(item[0])) for host, found in by_host.items()}

    def see(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self._self(s, f"record <{s.value}>")
        predicate = p.value
        space = self._wikidata_space(predicate)
        if predicate in IDENTIFIER_PREDICATES or space is not None:
            self._identifier(s, predicate, o, space)
        elif (predicate in _PROPERTY_ID or predicate in _VALUE) and s.value.startswith(self.skolem):
            self._parts.setdefault(s.value, {})["id" if predicate in _PROPERTY_ID else "value"] = o.value
        elif isinstance(o, ox.NamedNode) and predicate != _RDF_TYPE:
            self._self(o, f"record <{s.value}>, field <{predicate}>")

    def finish(self) -> None:
        """Tell the PropertyValue mentions (once the whole file has been read)."""
        for node, value, where in self._references:
            parts = self._parts.get(value, {})
            text = parts.get("value", "").strip()
            if text:
                prefix = parts.get("id", "")
                if _PREFIX_LIKE.fullmatch(prefix):
                    text = self._qualified(prefix, text)
                self._tell(node, text, f"{where} (PropertyValue {prefix!r})" if prefix else where)

    def _wikidata_space(self, predicate: str) -> str | None:
        if not predicate.startswith(WIKIDATA_DIRECT):
            return None
        return self.ids.wikidata_properties.get(predicate[len(WIKIDATA_DIRECT):])

    def _identifier(self, s: ox.NamedNode, predicate: str, o: ox.NamedNode | ox.Literal, space: str | None) -> None:
        where = f"record <{s.value}>, field <{predicate}>"
        if isinstance(o, ox.NamedNode) and o.value.startswith(self.skolem):
            self._references.append((s, o.value, where))  # it may be a PropertyValue
            return
        text = o.value.strip()
        self._tell(s, self._qualified(space, text) if space is not None else text, where)

    def _qualified(self, prefix: str, text: str) -> str:
        """``text`` as written if it names its space itself (a known CURIE or an IRI, or it starts
        with ``prefix:``), else ``prefix:text``: the space the property or propertyID names."""
        if "://" in text or text.casefold().startswith(f"{prefix.casefold()}:") or self.ids.parse(text):
            return text
        return f"{prefix}:{text}"

    def _self(self, node: ox.NamedNode, where: str) -> None:
        """A mention of an IRI that is an identifier in a space of the prefix map, by itself."""
        if not node.value.startswith(self.skolem) and self._space_of_iri(node.value) is not None:
            self._tell(node, node.value, where)

    def _space(self, iri: str) -> str | None:
        """The identifier space whose IRI prefix (or a synonym of it) ``iri`` extends, else None."""
        for prefix, space in self._by_host.get(_host(iri), ()):
            if iri.startswith(prefix) and len(iri) > len(prefix):
                return space
        return None

    def _tell(self, node: ox.NamedNode, text: str, where: str) -> None:
        if text and (node.value, text) not in self._told:
            self._told.add((node.value, text))
            self.sink.mention(node, text, where)


def _host(iri: str) -> str:
    """``doi.org`` of ``https://doi.org/10.1111/x`` (lower case; empty if no ``//``)."""
    return iri.partition("//")[2].partition("/")[0].lower()
