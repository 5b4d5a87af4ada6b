"""The gate every ad-hoc query passes before it runs: read-only, and answered from this dataset only.

Two things are refused (:func:`refusal` says why, in one sentence):

* an update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ...): the graph is read-only here;
* ``SERVICE``: pyoxigraph and the Oxigraph server would send the inner pattern over HTTP to the
  given IRI (or to every IRI a ``SERVICE ?var`` is bound to), so a query could make this
  machine call any host.

``FROM``, ``FROM NAMED`` and the protocol's ``default-graph-uri`` / ``named-graph-uri`` are
allowed: Oxigraph never fetches them, it only picks named graphs of its own store (an IRI that
names no graph of the store is simply empty), so a ``file:`` or ``http:`` IRI reads nothing.

``SERVICE`` is found in three steps. A cheap test: Oxigraph only knows the keyword spelled out
(no ``\\u`` escapes outside strings), so a text without the letters ``service`` in any case
cannot call anything. Otherwise the text is parsed (rdflib's SPARQL *parser* only, imported
here lazily, never its evaluator) and its syntax tree searched, and an independent tokenizer
that skips strings, IRIs, comments, variables and prefixed names looks for the keyword too. Either
finding it refuses the query; a text that mentions the word but cannot be parsed is refused as
unchecked.

>>> refusal("SELECT * WHERE { ?s ?p 'a SERVICE <http://example.org/> { }' }") is None
True
>>> print(refusal("select * where {\\n  service\\n <http://example.org/sparql> { ?s ?p ?o } }"))
refused: SERVICE <http://example.org/sparql> would query another endpoint; this graph answers only from its own data
>>> print(refusal("LOAD <http://example.org/x.ttl>"))
refused: LOAD is a SPARQL update and the graph is read-only here; only SELECT, ASK, CONSTRUCT and DESCRIBE are allowed
"""

from __future__ import annotations

import re
from typing import Any

from kg.dataset.syntax import PARSE_LOCK, TOKEN, syntax_error

__all__ = ["UPDATE_KEYWORDS", "refusal", "service_clause", "update_keyword", "update_refusal"]

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

_MENTIONS_SERVICE = re.compile("service", re.IGNORECASE)


def update_keyword(text: str) -> str | None:
    """The update keyword ``text`` starts with (after its prologue and comments), if any.

    >>> update_keyword("PREFIX ex: <http://e/> # it's\\n  drop all"), update_keyword("SELECT * {}")
    ('DROP', None)
    """
    tokens = (m for m in TOKEN.finditer(text) if m.lastgroup != "comment")
    for match in tokens:
        upper = match.group().upper()
        if upper in ("PREFIX", "BASE"):  # skip the declaration, up to and including its IRI
            for declared in tokens:
                if declared.lastgroup == "iri":
                    break
            continue
        return upper if upper in UPDATE_KEYWORDS else None
    return None


def update_refusal(keyword: str | None) -> str:
    what = f"{keyword} is a SPARQL update" if keyword else "this is a SPARQL update"
    return (f"refused: {what} and the graph is read-only here; "
            "only SELECT, ASK, CONSTRUCT and DESCRIBE are allowed")


def _tokens_service(text: str) -> str | None:
    """The first SERVICE keyword the tokenizer sees outside strings, IRIs and comments, with
    the token after it (``SERVICE <iri>``, ``SERVICE SILENT ?x``)."""
    tokens = [m for m in TOKEN.finditer(text) if m.lastgroup != "comment"]
    for i, match in enumerate(tokens):
        if match.lastgroup == "word" and match.group().upper() == "SERVICE":
            following = [t.group() for t in tokens[i + 1:i + 3]]
            if following and following[0].upper() == "SILENT":
                return " ".join(["SERVICE", *following[:2]])
            return " ".join(["SERVICE", *following[:1]])
    return None


def _term(term: Any) -> str:
    """A SERVICE target from rdflib's parse tree, as written: <iri>, ?var or prefix:name."""
    from rdflib.term import URIRef, Variable

    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Variable):
        return f"?{term}"
    if hasattr(term, "get") and "prefix" in term:
        return f"{term.get('prefix') or ''}:{term.get('localname') or ''}"
    return str(term)


def _tree_service(node: Any) -> str | None:
    """The target of the first ServiceGraphPattern in rdflib's parse tree."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            silent = " SILENT" if "silent" in node else ""
            return f"SERVICE{silent} {_term(node['term'])}"
        children = list(node.values())
    elif isinstance(node, (list, tuple, ParseResults)):
        children = list(node)
    else:
        return None
    for child in children:
        found = _tree_service(child)
        if found:
            return found
    return None


def service_clause(text: str, source: str | None = None) -> str | None:
    """The first SERVICE clause of ``text`` (``SERVICE <iri>``), or None if it has none.

    Raises ValueError (the syntax error, :func:`kg.dataset.syntax.syntax_error`) if ``text``
    mentions the word but cannot be parsed to tell.

    >>> service_clause("SELECT * { ?s <http://example.org/service> ?service } # SERVICE <x> {}") is None
    True
    >>> service_clause("ASK { FILTER EXISTS { SERVICE SILENT ?where { ?s ?p ?o } } }")
    'SERVICE SILENT ?where'
    """
    if not _MENTIONS_SERVICE.search(text):
        return None
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    by_tokens = _tokens_service(text)
    try:
        with PARSE_LOCK:
            tree = parseQuery(text)
    except ParseBaseException:
        if by_tokens:
            return by_tokens
        raise ValueError(syntax_error(text, source=source)) from None
    except Exception as exc:  # noqa: BLE001 - rdflib's parse actions raise their own errors
        if by_tokens:
            return by_tokens
        raise ValueError(str(exc) or type(exc).__name__) from None
    return _tree_service(tree) or by_tokens


def refusal(text: str, source: str | None = None) -> str | None:
    """Why ``text`` may not run here, or None if it may. Nothing is evaluated. ``source`` names
    the file the query was read from, in a syntax error."""
    keyword = update_keyword(text)
    if keyword:
        return update_refusal(keyword)
    try:
        clause = service_clause(text, source)
    except ValueError as exc:
        return ("refused: the query contains the word SERVICE and could not be parsed to check that it calls "
                f"no other endpoint, and SERVICE is not allowed here: {exc}")
    if clause:
        return (f"refused: {clause} would query another endpoint; "
                "this graph answers only from its own data")
    return None
