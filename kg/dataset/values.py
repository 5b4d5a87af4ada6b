"""Bound helper parameters written into a ``VALUES`` block, so that Oxigraph's planner sees them.

pyoxigraph's ``substitutions`` are initial bindings of a plan made without them (see
docs/writing-helpers.md); :func:`with_values` also puts each bound value, serialised by
pyoxigraph (N-Triples escaping, never pasted text), in a one-row ``VALUES`` block at the top of
the query's ``WHERE`` group.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

__all__ = ["with_values"]

_TOP_WHERE = re.compile(r"(?im)^SELECT\b.*?\bWHERE\s*\{", re.S)


def with_values(text: str, bound: dict[str, ox.Literal]) -> str:
    r"""``text`` with the bound parameters also in a ``VALUES`` block opening its top-level
    ``WHERE`` group, each value written by pyoxigraph's N-Triples serialiser.

    Oxigraph plans a query before it sees the substitutions, so a pattern on a parameter looks
    as costly as a whole-store scan and is joined last; a one-row ``VALUES`` block is the cheapest
    pattern there is, so the plan starts from it (docs/writing-helpers.md). The substitutions are
    kept: they also bind the parameter inside sub-selects that project it. Remote endpoints get
    the same block (:mod:`kg.endpoint.remote`).

    >>> print(with_values("SELECT ?doi WHERE { ?a prism:doi ?doi }", {"doi": ox.Literal('x"y')}))
    SELECT ?doi WHERE {
      VALUES (?doi) { ("x\"y") }
     ?a prism:doi ?doi }
    """
    match = _TOP_WHERE.search(text)
    if not bound or match is None:
        return text
    values = ("VALUES (" + " ".join(f"?{name}" for name in bound) + ") { ("
              + " ".join(str(term) for term in bound.values()) + ") }")
    return text[:match.end()] + "\n  " + values + "\n" + text[match.end():]
