"""Bound helper parameters written into a ``VALUES`` block, so that Oxigraph's planner sees them,
and checked against a parameter's closed set of valid values (a ``# values:`` header line).

pyoxigraph's ``substitutions`` are initial bindings of a plan made without them (see
docs/writing-helpers.md); :func:`with_values` also puts each bound value, serialised by
pyoxigraph (N-Triples escaping, never pasted text), in a one-row ``VALUES`` block at the top of
the query's ``WHERE`` group.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

__all__ = ["canonical", "listing", "with_values"]

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


def canonical(given: str, rows: list[tuple]) -> str | None:
    """The valid value ``given`` names, compared without case: ``rows`` are what a helper's
    ``# values:`` query returned, each row one valid value (its first column, the spelling
    listed and bound) with its other accepted spellings; None if ``given`` is none of them.

    >>> rows = [("citesAsEvidence", "cito:citesAsEvidence"), ("extends", "cito:extends")]
    >>> canonical("CITO:citesasevidence", rows), canonical("agreesWith", rows)
    ('citesAsEvidence', None)
    """
    wanted = given.strip().casefold()
    for row in rows:
        if any(cell is not None and str(cell).strip().casefold() == wanted for cell in row):
            return str(row[0])
    return None


def listing(rows: list[tuple]) -> str:
    """The valid values for an error message: the first column of each row, sorted, once each.

    >>> listing([("IGA", "Investigator Global Assessment"), ("BSA", None), ("IGA", "iga")])
    'BSA, IGA'
    """
    return ", ".join(sorted({str(row[0]) for row in rows if row and row[0] is not None}, key=str.casefold))
