"""The importer's :class:`~kg.link.model.Sink`: each triple as an N-Quads line, as it comes.

An adapter's triples are written straight to a file, one line each, into the import's graph, in
the order the adapter gives them (so the same file gives the same bytes; nothing is sorted,
relabelled or kept in memory but the set of subjects, which the report counts as the records
read). Each mention is handed on at once (to the linker), so an import streams end to end.

>>> import io, pyoxigraph as ox
>>> out, seen = io.StringIO(), []
>>> sink = NQuadsWriter(out, "https://w3id.org/adkg/graph/import/x", seen.append)
>>> node = ox.NamedNode("https://w3id.org/adkg/id/import/x/node/1")
>>> sink.add(node, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal('IL-4 "R"'))
>>> sink.mention(node, "uniprot:P24394", "line 2")
>>> out.getvalue()
'<https://w3id.org/adkg/id/import/x/node/1> <http://www.w3.org/2000/01/rdf-schema#label> "IL-4 \\\\"R\\\\"" \
<https://w3id.org/adkg/graph/import/x> .\\n'
>>> sink.triples, sink.records, seen[0].text
(1, 1, 'uniprot:P24394')
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

import pyoxigraph as ox

from kg.link.model import Mention, Object, Subject

__all__ = ["NQuadsWriter", "nquad"]


def nquad(subject: str, predicate: str, obj: str, graph: str) -> str:
    """One N-Quads line from terms already in N-Triples form and a graph IRI."""
    return f"{subject} {predicate} {obj} <{graph}> .\n"


class NQuadsWriter:
    """Writes triples into ``graph`` on ``out``; hands each mention to ``on_mention``."""

    def __init__(self, out: TextIO, graph: str, on_mention: Callable[[Mention], None]) -> None:
        self.out = out
        self.graph = f"<{graph}>"
        self.on_mention = on_mention
        self.triples = 0
        self.mentions = 0
        self._subjects: set[str] = set()

    def add(self, subject: Subject, predicate: ox.NamedNode, obj: Object) -> None:
        text = str(subject)
        self.out.write(f"{text} {predicate} {obj} {self.graph} .\n")
        self.triples += 1
        self._subjects.add(text)

    def mention(self, node: ox.NamedNode, text: str, where: str) -> None:
        self.mentions += 1
        self.on_mention(Mention(node.value, text, where))

    @property
    def records(self) -> int:
        """The distinct subjects written so far (the records the report says were read)."""
        return len(self._subjects)
