"""JSON-LD read offline: schema.org's context inline, every other remote context refused.

JSON-LD as it is written on the web names schema.org's context by its address
(``"@context": "https://schema.org"``). Nothing is fetched at run time, so :func:`offline` replaces
that string (with or without the final slash, http or https, alone or inside a context list) by an
inline context with what the adapter needs of schema.org's own context: the vocabulary
(``https://schema.org/``, the form schema.org recommends), the ``schema:`` prefix, the ``id`` and
``type`` aliases, and the two terms whose values schema.org's context types as IRIs
(``"sameAs"`` and ``"url"``: ``"@type": "@id"`` in schema.org's own context, schemaorg/schemaorg
``data/releases/24.0/schemaorgcontext.jsonld`` at commit ad507209554d237cbae706ef3ea14ae376cad7a9;
``identifier``, ``propertyID``, ``value`` and ``citation`` are untyped there, so their strings stay
literals). schema.org's context has ``@vocab`` ``http://schema.org/``; the project writes the https
form, as the old importer did and as schema.org recommends.
Any other context given by address and any ``@import`` is refused with the file and line; the
parser has no document loader either, so nothing could be fetched. Objects and arrays nested deeper
than :data:`MAX_DEPTH` are refused too (the parser's cost grows with the square of the depth).

The replacement is made in the text, on the same line, so a parse error in the rewritten text
names the line of the file:

>>> text = offline('{"@context": "https://schema.org",\\n "name": "x"}', Path("a.jsonld"))
>>> text.splitlines()[0][:46], text.splitlines()[1]
('{"@context": {"@vocab": "https://schema.org/",', ' "name": "x"}')
>>> offline('{"@context": ["http://schema.org/", {"ex": "http://example.org/"}]}', Path("a.jsonld")).count("@vocab")
1
>>> offline('{"@context": "https://example.org/ctx.jsonld"}', Path("a.jsonld"))
Traceback (most recent call last):
kg.core.errors.KgError: a.jsonld:1: remote JSON-LD context 'https://example.org/ctx.jsonld' is not fetched; \
write the context inline in the file
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from kg.core.errors import KgError

__all__ = ["SCHEMA_ORG_CONTEXTS", "INLINE_SCHEMA_ORG", "MAX_DEPTH", "offline"]

SCHEMA_ORG_CONTEXTS = frozenset({"https://schema.org", "https://schema.org/", "http://schema.org",
                                 "http://schema.org/"})
_SCHEMA = "https://schema.org/"
#: What replaces a schema.org context given by address (one line, so line numbers stay the file's).
INLINE_SCHEMA_ORG = json.dumps({
    "@vocab": _SCHEMA, "schema": _SCHEMA, "id": "@id", "type": "@type",
    "sameAs": {"@id": f"{_SCHEMA}sameAs", "@type": "@id"},
    "url": {"@id": f"{_SCHEMA}url", "@type": "@id"},
})

#: How deep objects and arrays may nest. Oxigraph's JSON-LD parser needs memory and time that grow
#: with the square of the depth (about 200 MB at 1,000 levels; a 600 KB file of 60,000 levels took
#: 17 GB and crashed the process); JSON-LD as published nests a few levels.
MAX_DEPTH = 100

# JSON strings and the structural characters; numbers, true, false and null are skipped.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]', re.DOTALL)


def offline(text: str, path: Path) -> str:
    """``text`` with schema.org contexts given by address replaced inline; :class:`KgError`
    ``FILE:LINE`` for any other context given by address and for any ``@import``."""
    replace: list[tuple[int, int]] = []
    stack: list[bool] = []       # one entry per open array or object: is it a context list?
    key: str | None = None       # the key whose value comes next (after its ':')
    candidate = ""               # the last string seen where a key may stand
    for token in _TOKEN.finditer(text):
        value = token.group()
        if value == ":":
            key, candidate = _decoded(candidate), ""
            continue
        if value[0] == '"':
            if key in ("@context", "@import") or (key is None and stack and stack[-1]):
                _context_string(text, token, path, key == "@import")
                replace.append(token.span())
            elif key is None:
                candidate = value
            key = None
            continue
        if value in "[{":
            if len(stack) == MAX_DEPTH:
                line = text.count("\n", 0, token.start()) + 1
                raise KgError(f"{path}:{line}: JSON nested deeper than {MAX_DEPTH} objects and arrays; the JSON-LD "
                              "parser's memory grows with the square of the depth, so deeper files are refused")
            stack.append(value == "[" and key == "@context")
        elif value in "]}" and stack:
            stack.pop()
        key = None
    parts, last = [], 0
    for start, end in replace:
        parts += [text[last:start], INLINE_SCHEMA_ORG]
        last = end
    return "".join(parts) + text[last:]


def _decoded(token: str) -> str | None:
    if "\\" not in token:
        return token[1:-1]
    try:
        decoded = json.loads(token)
    except json.JSONDecodeError:
        return None  # the parser reports the broken string with its line
    return decoded if isinstance(decoded, str) else None


def _context_string(text: str, token: re.Match[str], path: Path, imported: bool) -> None:
    """Accept a schema.org context given by address; refuse any other, and any ``@import``."""
    value = _decoded(token.group())
    line = text.count("\n", 0, token.start()) + 1
    if imported:
        raise KgError(f"{path}:{line}: JSON-LD @import {value!r} is not fetched (remote JSON-LD contexts "
                      "are refused); write the context inline in the file")
    if value not in SCHEMA_ORG_CONTEXTS:
        raise KgError(f"{path}:{line}: remote JSON-LD context {value!r} is not fetched; "
                      "write the context inline in the file")
