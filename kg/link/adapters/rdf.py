"""RDF files in every syntax Oxigraph parses: Turtle, N-Triples, N-Quads, TriG, N3, JSON-LD, RDF/XML.

An RDF file keeps its own IRIs and its own statements: every triple is passed to the sink as it is
parsed (:func:`pyoxigraph.parse`, streaming), with three changes:

* **blank nodes are named**, in the order they first appear in the file, ``bnode/1``,
  ``bnode/2``, ... under the import's namespace (:meth:`~kg.link.model.Context.node`), so that
  links can point at them and the same file always gives the same triples (Oxigraph gives
  anonymous blank nodes random labels);
* **graphs are dropped**: the quads of an N-Quads or TriG file, whatever graph they are in, all
  go into the import's one graph;
* **relative IRIs** are resolved against the import's namespace
  (``https://w3id.org/adkg/id/import/NAME/``), never against the file's place on disk.

The identifiers the file states are told to the sink as mentions (:mod:`.rdf_mentions`). Nothing is
fetched: schema.org's JSON-LD context is replaced inline and every other remote context or
``@import`` is refused (:mod:`.jsonld`); an XML file that declares a DOCTYPE or an ENTITY is
refused before it is parsed (:mod:`.safety`); a file that does not parse, an invalid IRI included,
is a :class:`~kg.core.errors.KgError` naming the file and the line.

>>> import tempfile
>>> from kg.link.model import Collector, Context
>>> with tempfile.TemporaryDirectory() as folder:
...     source = Path(folder) / "tiny.ttl"
...     _ = source.write_text('<http://example.org/s> <http://example.org/p> [ <http://example.org/q> 1 ] .')
...     sink = Collector()
...     by_name("turtle").read(source, sink, Context("tiny", source))
>>> for triple in sink.triples:
...     print(triple.subject.value, triple.predicate.value, triple.object.value)
https://w3id.org/adkg/id/import/tiny/bnode/1 http://example.org/q 1
http://example.org/s http://example.org/p https://w3id.org/adkg/id/import/tiny/bnode/1
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TypeVar, cast

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.core.identifiers import default as default_identifiers
from kg.link.adapters.jsonld import offline
from kg.link.adapters.rdf_mentions import Mentions
from kg.link.adapters.safety import LineReader, refuse_deep_xml, refuse_xml_declarations, syntax_error
from kg.link.model import Context, Format, Sink, Sniffer

__all__ = ["FORMATS", "by_name"]

Object = ox.NamedNode | ox.Literal
_T = TypeVar("_T")


class _Skolem:
    """Blank node label -> the import's ``bnode/N`` IRI, numbered by first appearance."""

    def __init__(self, ctx: Context) -> None:
        self.prefix = ctx.node("bnode", "").value
        self._names: dict[str, ox.NamedNode] = {}

    def __call__(self, node: ox.BlankNode) -> ox.NamedNode:
        named = self._names.get(node.value)
        if named is None:
            named = self._names[node.value] = ox.NamedNode(f"{self.prefix}{len(self._names) + 1}")
        return named


def _read(syntax: ox.RdfFormat, title: str, path: Path, sink: Sink, ctx: Context) -> None:
    """Parse ``path`` in ``syntax`` and put its triples and mentions into ``sink``."""
    if syntax == ox.RdfFormat.RDF_XML:
        _checked(refuse_xml_declarations, path)
        _checked(functools.partial(refuse_deep_xml, title=title), path)
    data = _checked(_json_ld_text, path) if syntax == ox.RdfFormat.JSON_LD else None
    skolem = _Skolem(ctx)
    mentions = Mentions(sink, default_identifiers(), skolem.prefix)
    try:
        for s, p, o in _triples(path, data, syntax, ctx, skolem):
            sink.add(s, p, o)
            mentions.see(s, p, o)
    except SyntaxError as error:
        line = error.lineno or _failing_line(path, data, syntax, ctx)
        raise syntax_error(path, title, error, line) from None
    except OSError as error:
        if isinstance(error, FileNotFoundError) or not path.exists():
            raise KgError(f"{path}: no such file") from None
        raise KgError(f"{path}: cannot read: {error.strerror or error}") from None
    mentions.finish()


def _triples(path: Path, data: bytes | None, syntax: ox.RdfFormat, ctx: Context,
             skolem: _Skolem) -> Iterator[tuple[ox.NamedNode, ox.NamedNode, Object]]:
    # Oxigraph's JSON-LD parser drops a node whose IRI is invalid, silently; read leniently and
    # check every IRI here instead, so that an invalid IRI is an error with its line.
    lenient = syntax == ox.RdfFormat.JSON_LD
    formulas = syntax == ox.RdfFormat.N3  # the parser puts a formula's statements in a graph of their own
    quads = ox.parse(data, format=syntax, base_iri=ctx.base, lenient=lenient) if data is not None else \
        ox.parse(path=path, format=syntax, base_iri=ctx.base)
    for quad in quads:
        subject, predicate, obj = quad.subject, quad.predicate, quad.object
        s = skolem(subject) if isinstance(subject, ox.BlankNode) else subject
        if isinstance(obj, ox.Triple) or not isinstance(s, ox.NamedNode):
            raise KgError(f"{path}: record {s}, field <{predicate.value}>: RDF 1.2 triple terms "
                          "are not imported")
        if formulas and not isinstance(quad.graph_name, ox.DefaultGraph):
            raise KgError(f"{path}: record {s}, field <{predicate.value}>: a statement inside an N3 formula "
                          "({ ... }) is quoted, not asserted; N3 beyond RDF is not imported")
        o = skolem(obj) if isinstance(obj, ox.BlankNode) else obj
        if lenient:
            _check_terms(path, data or b"", ctx.base, (s, predicate, o))
        yield s, predicate, o


#: An absolute IRI with none of the characters RFC 3987 excludes (spaces, controls, <>"{}|\\^`).
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|\\^`\x7f-\x9f]*")


#: A language tag as BCP 47 shapes it (letters, then subtags of letters and digits).
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_NEWLINE = b"\n"


def _check_terms(path: Path, data: bytes, base: str, terms: tuple[ox.NamedNode, ox.NamedNode, Object]) -> None:
    """What the lenient JSON-LD parser let through unchecked: every IRI (datatypes included) and
    language tag; a bad one is an error naming the line where the file writes it."""
    for term in terms:
        if isinstance(term, ox.Literal):
            if term.language is not None and not _LANGUAGE.fullmatch(term.language):
                raise _invalid(path, data, "language tag", term.language)
            term = term.datatype
        if not _IRI.fullmatch(term.value):
            written = term.value[len(base):] if term.value.startswith(base) else term.value
            bad = next((c for c in written if not _IRI.fullmatch(f"x:{c}")), "")
            # A term or compact IRI expanded by the context (@vocab, a prefix) is written as its last
            # segment: look for that too.
            cut = max(written.rfind(c, 0, written.find(bad)) for c in "/#:") + 1 if bad else 0
            raise _invalid(path, data, "IRI", term.value, written, f" (character {bad!r})" if bad else "",
                           written[cut:])


def _invalid(path: Path, data: bytes, what: str, value: str, written: str = "", detail: str = "",
             segment: str = "") -> KgError:
    """An invalid value as an error naming the line where the file writes it (found in the text: the
    value as written, else ``segment``, the part of it the file may have written alone)."""
    written = written or value
    at = data.find(json.dumps(written)[1:-1].encode("utf-8"))
    if at < 0 and segment:
        at = data.find(json.dumps(segment)[1:-1].encode("utf-8"))
    where = f"{path}:{data.count(_NEWLINE, 0, at) + 1}" if at >= 0 else str(path)
    return KgError(f"{where}: cannot parse as JSON-LD: invalid {what} {value!r}{detail}")


def _failing_line(path: Path, data: bytes | None, syntax: ox.RdfFormat, ctx: Context) -> int:
    """The line the parser was reading when it failed, found by parsing again a line at a time
    (only on failure: the parsers of RDF/XML and JSON-LD give some errors without a position)."""
    import io  # noqa: PLC0415 - only needed on this path

    with (io.BytesIO(data) if data is not None else path.open("rb")) as handle:
        reader = LineReader(handle)
        try:
            for _ in ox.parse(cast(IO[bytes], reader), format=syntax, base_iri=ctx.base,
                              lenient=syntax == ox.RdfFormat.JSON_LD):
                pass
        except SyntaxError:
            return reader.line
    return 0


def _json_ld_text(path: Path) -> bytes:
    return offline(path.read_text(encoding="utf-8"), path).encode("utf-8")


def _checked(step: Callable[[Path], _T], path: Path) -> _T:
    """``step(path)``, its read errors as :class:`KgError` naming the file."""
    try:
        return step(path)
    except FileNotFoundError:
        raise KgError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise KgError(f"{path}: not UTF-8 text (byte {error.start}): {error.reason}") from None
    except OSError as error:
        raise KgError(f"{path}: cannot read: {error.strerror or error}") from None


# --- sniffers: cheap, and only where the content tells the syntax apart --------------------------------
_TURTLE_HEAD = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s|#[^\n]*\n)*(?:@prefix|@base|PREFIX\s|BASE\s)", re.IGNORECASE)
_JSON_LD_KEYS = (b'"@context"', b'"@id"', b'"@graph"')


def _by_extension(*extensions: str) -> Sniffer:
    return lambda name, head: name.endswith(extensions)


def _turtle(name: str, head: bytes) -> bool:
    return name.endswith(".ttl") or _TURTLE_HEAD.match(head) is not None


def _json_ld(name: str, head: bytes) -> bool:
    if name.endswith(".jsonld"):
        return True
    return head.lstrip()[:1] in (b"{", b"[") and any(key in head for key in _JSON_LD_KEYS)


def _rdf_xml(name: str, head: bytes) -> bool:
    return name.endswith((".rdf", ".owl")) or b"<rdf:RDF" in head


_SYNTAXES: tuple[tuple[str, ox.RdfFormat, str, tuple[str, ...], Sniffer, str], ...] = (
    ("turtle", ox.RdfFormat.TURTLE, "Turtle", (".ttl",), _turtle, "https://www.w3.org/TR/rdf12-turtle/"),
    ("n-triples", ox.RdfFormat.N_TRIPLES, "N-Triples", (".nt",), _by_extension(".nt"),
     "https://www.w3.org/TR/rdf12-n-triples/"),
    ("n-quads", ox.RdfFormat.N_QUADS, "N-Quads (every quad into the import's one graph)", (".nq",),
     _by_extension(".nq"), "https://www.w3.org/TR/rdf12-n-quads/"),
    ("trig", ox.RdfFormat.TRIG, "TriG (every graph into the import's one graph)", (".trig",), _by_extension(".trig"),
     "https://www.w3.org/TR/rdf12-trig/"),
    ("n3", ox.RdfFormat.N3, "Notation3 (its RDF subset)", (".n3",), _by_extension(".n3"),
     "https://w3c.github.io/N3/spec/"),
    ("json-ld", ox.RdfFormat.JSON_LD, "JSON-LD 1.1 (schema.org's context inline, no remote contexts)",
     (".jsonld", ".json"), _json_ld, "https://www.w3.org/TR/json-ld11/"),
    ("rdf-xml", ox.RdfFormat.RDF_XML, "RDF/XML (no DOCTYPE or entities)", (".rdf", ".owl", ".xml"), _rdf_xml,
     "https://www.w3.org/TR/rdf12-xml/"),
)

#: One :class:`~kg.link.model.Format` per RDF syntax.
FORMATS: tuple[Format, ...] = tuple(
    Format(name, title, extensions, sniff, functools.partial(_read, syntax, title.split(" (")[0]), spec)
    for name, syntax, title, extensions, sniff, spec in _SYNTAXES)


def by_name(name: str) -> Format:
    """The RDF format called ``name`` (``turtle``, ``json-ld``, ...)."""
    return next(f for f in FORMATS if f.name == name)
