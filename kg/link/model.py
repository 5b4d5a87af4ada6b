"""The contract between a source-format adapter and the importer.

An adapter reads one file in its source format and tells a :class:`Sink` two things:

* the **triples** that describe the file's records in RDF (:meth:`Sink.add`), in the import's own
  named graph; and
* the **mentions** (:meth:`Sink.mention`): an identifier *as the source wrote it*
  (``DB:DB08895``, ``hgnc.symbol:IL4R``, ``https://doi.org/10.1111/BJD.15928``), the import's node
  it names, and where it was read (a line, or a record and field). The importer normalises each
  mention and links the node to the graph's entities that carry the same identifier
  (:mod:`kg.link.linker`); adapters never link and never normalise.

Adapters name the nodes they make with :meth:`Context.node`, under the import's own namespace, so
that an import never states anything about the graph's own IRIs or about an identifier's
canonical IRI. The node's local part comes from the source's own record identifier, so the same
file always gives the same IRIs.

>>> ctx = Context(name="wp5538", source=Path("WP5538.gpml"))
>>> ctx.node("datanode", "a1b2").value
'https://w3id.org/adkg/id/import/wp5538/datanode/a1b2'
>>> ctx.node("node", "DB:DB08895").value
'https://w3id.org/adkg/id/import/wp5538/node/DB%3ADB08895'
>>> sink = Collector()
>>> sink.add(ctx.node("node", "x"), RDFS_LABEL, ox.Literal("dupilumab"))
>>> sink.mention(ctx.node("node", "x"), "DB:DB08895", "line 2")
>>> len(sink.triples), sink.mentions[0].text
(1, 'DB:DB08895')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

import pyoxigraph as ox

__all__ = ["IMPORT_NODES", "Mention", "Sink", "Collector", "Once", "Context", "Format", "Reader", "Sniffer",
           "RDFS_LABEL", "RDF_TYPE", "SCHEMA_IDENTIFIER", "BIOLINK"]

#: The namespace of the nodes an import makes: ``IMPORT_NODES + NAME + "/" + kind + "/" + local``.
IMPORT_NODES = "https://w3id.org/adkg/id/import/"
BIOLINK = "https://w3id.org/biolink/vocab/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
#: The identifier exactly as the source wrote it (a literal), beside the node it names.
SCHEMA_IDENTIFIER = ox.NamedNode("https://schema.org/identifier")

Subject = ox.NamedNode | ox.BlankNode
Object = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass(frozen=True, slots=True)
class Mention:
    """An identifier as a source wrote it, the import's node it names, and where it was read."""

    node: str   # the IRI of the import's node
    text: str   # the identifier as written: a CURIE, an IRI, a bare accession, a DOI in any form
    where: str  # "line 12" or "record 'Dupilumab' (datanode), field 'Xref'"


class Sink(Protocol):
    """Where an adapter puts what it reads (the importer writes it out as it comes)."""

    def add(self, subject: Subject, predicate: ox.NamedNode, obj: Object) -> None: ...

    def mention(self, node: ox.NamedNode, text: str, where: str) -> None: ...


@dataclass
class Collector:
    """A :class:`Sink` that keeps everything in lists (for tests and small files)."""

    triples: list[ox.Triple] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def add(self, subject: Subject, predicate: ox.NamedNode, obj: Object) -> None:
        self.triples.append(ox.Triple(subject, predicate, obj))

    def mention(self, node: ox.NamedNode, text: str, where: str) -> None:
        self.mentions.append(Mention(node.value, text, where))


class Once:
    """Puts each (subject, predicate, object text) into ``sink`` once: for sources that name the
    same node or fact in several records (a concept in two paths, a drug on two rows).

    >>> sink = Collector(); once = Once(sink); node = ox.NamedNode("https://example.org/n")
    >>> once.add(node, RDFS_LABEL, ox.Literal("x")), once.add(node, RDFS_LABEL, ox.Literal("x"))
    (True, False)
    >>> len(sink.triples)
    1
    """

    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self.said: set[tuple[str, str, str]] = set()

    def add(self, subject: ox.NamedNode, predicate: ox.NamedNode, obj: ox.NamedNode | ox.Literal) -> bool:
        """Add the triple unless it was added before; whether it was added now."""
        key = (subject.value, predicate.value, obj.value)
        if key in self.said:
            return False
        self.said.add(key)
        self.sink.add(subject, predicate, obj)
        return True


@dataclass(frozen=True)
class Context:
    """What an adapter knows about the import besides its file: its name and its options
    (``--option KEY=VALUE``, e.g. the table adapter's column mapping)."""

    name: str
    source: Path
    options: Mapping[str, str] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"{IMPORT_NODES}{self.name}/"

    def node(self, kind: str, local: str) -> ox.NamedNode:
        """The IRI of the import's node of ``kind`` whose source identifier is ``local``
        (percent-encoded, so any source identifier gives a valid IRI)."""
        return ox.NamedNode(f"{self.base}{kind}/{quote(local, safe='-._~')}")


#: ``(file name, first bytes of the file) -> whether the file looks like this format``.
Sniffer = Callable[[str, bytes], bool]
#: ``(path, sink, context)``: read the file, put its triples and mentions into the sink; raise
#: :class:`~kg.core.errors.KgError` naming the file and the line (or record and field) on bad input.
Reader = Callable[[Path, Sink, Context], None]


@dataclass(frozen=True)
class Format:
    """One source format: how it is recognised and which adapter reads it."""

    name: str                        # what --format takes: "gpml", "kgx-tsv", ...
    title: str                       # "WikiPathways GPML 2013a"
    extensions: tuple[str, ...]      # lower case, with the dot: (".gpml",)
    sniff: Sniffer
    read: Reader
    spec: str                        # where the format is specified (an URL)
