"""Query syntax errors, told one way wherever a query comes from (``kg sparql``, a query file,
a helper, the endpoint's SERVICE check): where (line and column), what was found there and why
it cannot be read, and the line itself with a caret under the offending token::

    q.rq: syntax error at line 1, column 1: unexpected 'SELEC' (expected a query form such as ...)
      SELEC * WHERE { ?s ?p ?o }
      ^^^^^

:func:`describe` is the one form; :func:`syntax_error` finds the place. Oxigraph's own messages
give a position, but it is where its parser last looked ahead, often the end of the query; so the
place is found with rdflib's SPARQL *parser* (only parsed, never evaluated; imported here on the
error path only), which stops at the clause or token it could not read. Oxigraph's message is
used for what rdflib accepts and Oxigraph does not (an undeclared prefix, an invalid IRI).

>>> print(syntax_error("SELEC * WHERE { ?s ?p ?o }"))
syntax error at line 1, column 1: unexpected 'SELEC' (expected a query form such as SELECT, CONSTRUCT, ASK, DESCRIBE)
  SELEC * WHERE { ?s ?p ?o }
  ^^^^^
>>> print(syntax_error("SELECT ?x WHERE {\\n  ?x a foo:Bar }", "error at 2:15: expected one of Prefix not found"))
syntax error at line 2, column 8: unknown prefix 'foo:' (not predeclared: declare it with PREFIX foo: <...>)
    ?x a foo:Bar }
         ^^^^^^^
"""

from __future__ import annotations

import re
import threading

from kg.core.prefixes import PREFIX_IRIS

__all__ = ["PARSE_LOCK", "TOKEN", "describe", "is_update", "syntax_error"]

# One token at a time; strings, IRIs and comments are whole tokens, so nothing inside them is a keyword.
TOKEN = re.compile(r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<word>[?$]?[\w\u00B7\u0300-\u036F\u203F-\u2040:\\%-]+(?:\.[\w\u00B7\u0300-\u036F\u203F-\u2040:\\%-]+)*)
    | (?P<other>\S)
""", re.VERBOSE | re.DOTALL)
PARSE_LOCK = threading.Lock()  # pyparsing grammars are shared objects; one parse at a time

_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
_MODIFIERS = {"LIMIT": "LIMIT takes a whole number", "OFFSET": "OFFSET takes a whole number",
              "ORDER": "ORDER BY takes variables, ASC(...), DESC(...) or expressions in brackets",
              "GROUP": "GROUP BY takes variables or expressions in brackets",
              "HAVING": "HAVING takes a condition in brackets",
              "VALUES": "VALUES takes variables and a block of values in braces"}
_WINDOW = 100  # longer lines are shown as a window around the column


def describe(text: str, offset: int, what: str, width: int = 1, source: str | None = None) -> str:
    """The one form of a syntax error: ``[SOURCE: ]syntax error at line L, column C: WHAT``, then
    the line of ``text`` holding ``offset`` (a character index) with ``width`` carets under it.

    >>> print(describe("ASK {\\n\\t?s ?p }", 13, "unexpected '}'", source="q.rq"))
    q.rq: syntax error at line 2, column 8: unexpected '}'
       ?s ?p }
             ^
    """
    offset = max(0, min(offset, len(text)))
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start:] if end < 0 else text[start:end]
    line_number, column = text.count("\n", 0, offset) + 1, offset - start + 1
    shown, at = line.rstrip("\r").replace("\t", " "), column - 1
    if len(shown) > _WINDOW:  # one long line (an inline query): the part around the column
        first = max(0, at - _WINDOW // 3)
        shown = ("..." if first else "") + shown[first:first + _WINDOW] + ("..." if first + _WINDOW < len(line) else "")
        at = at - first + (3 if first else 0)
    carets = "^" * max(1, min(width, len(shown) - at))
    head = f"{source}: " if source else ""
    return f"{head}syntax error at line {line_number}, column {column}: {what}\n  {shown}\n  {' ' * at}{carets}"


def is_update(text: str) -> bool:
    """True if ``text`` parses as a SPARQL update (parsed only, never executed)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    if not _body(_tokens(text)):
        return False  # only comments: parses as an empty update, but is no update
    try:
        with PARSE_LOCK:
            parseUpdate(text)
    except Exception:  # noqa: BLE001 - any failure means "not an update"
        return False
    return True


def _tokens(text: str) -> list[re.Match[str]]:
    return [m for m in TOKEN.finditer(text) if m.lastgroup != "comment"]


def _body(tokens: list[re.Match[str]]) -> list[re.Match[str]]:
    """The tokens after the prologue (``PREFIX p: <iri>`` and ``BASE <iri>`` declarations)."""
    i = 0
    while i < len(tokens) and tokens[i].group().upper() in ("PREFIX", "BASE"):
        i += 3 if tokens[i].group().upper() == "PREFIX" else 2
    return tokens[i:]


def _unknown_prefix(text: str, tokens: list[re.Match[str]]) -> re.Match[str] | None:
    """The first prefixed name whose prefix is neither declared in ``text`` nor predeclared."""
    declared = set(PREFIX_IRIS) | set(re.findall(r"(?i)\bPREFIX\s+([\w.-]*):", text))
    for token in tokens:
        word = token.group()
        named = token.lastgroup == "word" and ":" in word and word[0] not in "?$" and not word.startswith("_:")
        if named and word.partition(":")[0] not in declared:
            return token
    return None


def _rdflib_position(text: str) -> tuple[int, str] | None:
    """Where rdflib's parser stopped (a character index) and what it expected there, if it fails."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        with PARSE_LOCK:
            parseQuery(text.replace("\t", " "))  # pyparsing expands tabs; one space keeps the indexes
    except ParseBaseException as exc:
        return exc.loc, str(exc.msg)
    except Exception:  # noqa: BLE001 - rdflib's parse actions raise their own errors
        return None
    return None


def _engine_position(text: str, message: str) -> int | None:
    """The character index of Oxigraph's ``error at LINE:COLUMN`` (it points just past it)."""
    match = re.match(r"error at (\d+):(\d+)", message)
    if not match:
        return None
    lines = text.split("\n")
    line = min(int(match.group(1)), len(lines))
    return sum(len(x) + 1 for x in lines[:line - 1]) + max(0, int(match.group(2)) - 2)


def _at(tokens: list[re.Match[str]], offset: int) -> int:
    """The index of the first token ending after ``offset`` (``len(tokens)`` at the end)."""
    return next((i for i, t in enumerate(tokens) if t.end() > offset), len(tokens))


def _explain(text: str, tokens: list[re.Match[str]], offset: int, expected: str, source: str | None) -> str:
    """The error at rdflib's ``offset``, with what the token found there most likely means."""
    i = _at(tokens, offset)
    if i == len(tokens):
        return describe(text, len(text.rstrip()), "unexpected end of the query (a pattern, bracket or clause "
                        "left unfinished)", source=source)
    word = tokens[i].group()
    if expected.startswith("Expected end of text"):
        keyword = word.upper()
        if keyword in _MODIFIERS and i + 1 < len(tokens):
            j = i + 2 if keyword in ("ORDER", "GROUP") and i + 2 < len(tokens) else i + 1
            return describe(text, tokens[j].start(), f"unexpected {tokens[j].group()!r} ({_MODIFIERS[keyword]})",
                            len(tokens[j].group()), source)
        return describe(text, tokens[i].start(), f"unexpected {word!r} (expected the end of the query, or "
                        "GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET or VALUES)", len(word), source)
    return describe(text, tokens[i].start(), f"cannot read the query from {word!r} on (look here for an "
                    "unfinished triple or FILTER, a missing '.', ';' or ',', a misspelt keyword or an unclosed "
                    "bracket)", len(word), source)


def syntax_error(text: str, engine_message: str = "", source: str | None = None) -> str:
    """The error in ``text`` (a query that did not parse), in the form of :func:`describe`.
    ``engine_message`` is Oxigraph's, used where rdflib's parser finds nothing wrong."""
    tokens = _tokens(text)
    body = _body(tokens)
    if not body:
        return describe(text, len(text.rstrip()), "the query is empty (expected a query form such as SELECT, "
                        "CONSTRUCT, ASK, DESCRIBE)", source=source)
    if body[0].group().upper() not in _FORMS:
        word = body[0].group()
        return describe(text, body[0].start(), f"unexpected {word!r} (expected a query form such as "
                        "SELECT, CONSTRUCT, ASK, DESCRIBE)", len(word), source)
    if "Prefix not found" in engine_message:
        token = _unknown_prefix(text, tokens)
        if token is not None:
            prefix = token.group().partition(":")[0]
            return describe(text, token.start(), f"unknown prefix '{prefix}:' (not predeclared: declare it with "
                            f"PREFIX {prefix}: <...>)",
                            len(token.group()), source)
    offset = _engine_position(text, engine_message)
    if offset is not None and "IRI parsing failed" in engine_message:  # the last <...> before Oxigraph stopped
        bad = [m for m in re.finditer(r"<[^<>\n]*>", text) if m.start() < offset]
        if bad:
            return describe(text, bad[-1].start(), f"{bad[-1].group()} is not a valid IRI", len(bad[-1].group()),
                            source)
    located = _rdflib_position(text)
    if located is not None:
        return _explain(text, tokens, *located, source)
    if offset is None:
        detail = re.sub(r"^error at \d+:\d+: ", "", engine_message).split("\n")[0][:200]
        return (f"{source}: " if source else "") + f"syntax error: {detail or 'the query cannot be read'}"
    # Oxigraph points just past what it could not read: the token that ends there, or the next one.
    i = min(_at(tokens, max(0, offset - 1)), len(tokens) - 1)
    return describe(text, tokens[i].start(), f"cannot read the query from {tokens[i].group()!r} on",
                    len(tokens[i].group()), source)
