"""Render a query :class:`~kg.dataset.query.Result` as a table, CSV, TSV or JSON.

The table is for reading: IRIs print as CURIEs with the project's prefixes (``adkg:Patient``,
``MONDO:0005044``, ``drug:upadacitinib``; :class:`Names`), an IRI under no known prefix as
``<iri>``; decimals and doubles are rounded to ``precision`` places (2 unless asked; trailing
zeros dropped, so ``15`` stays ``15`` and a mean of 25.8333... prints ``25.83``); integers print
as they are. ``precision=None`` prints every digit.

CSV, TSV and JSON are for programs: full IRIs and every digit of a number (without trailing
zeros: ``Decimal("30.0")`` -> ``30``); in JSON numbers are JSON numbers. Missing values are empty.
CONSTRUCT and DESCRIBE results are Turtle whatever the format (:mod:`kg.dataset.turtle`).

>>> from decimal import Decimal
>>> from kg.dataset.query import Result
>>> from kg.dataset.terms import IRI
>>> print(render(Result("select", ["patient", "bsa"], [(3, Decimal("15.0"))]), "csv"), end="")
patient,bsa
3,15
>>> answer = Result("select", ["c", "mean"], [(IRI("https://w3id.org/adkg/ontology#Patient"),
...                                            Decimal("25.833333333333333333"))])
>>> print(render(answer, "table"), end="")
c             mean
------------  -----
adkg:Patient  25.83
(1 row)
>>> print(render(answer, "csv"), end="")
c,mean
https://w3id.org/adkg/ontology#Patient,25.833333333333333333
"""

from __future__ import annotations

import csv
import io
import json
import math
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from pathlib import Path

from kg.core.prefixes import PREFIX_IRIS
from kg.dataset.query import Result
from kg.dataset.terms import IRI

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing on every start
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

__all__ = ["DEFAULT_PRECISION", "Format", "Names", "render", "cell", "rounded"]

#: Decimal places of a decimal or double in table output, unless asked otherwise.
DEFAULT_PRECISION = 2


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


class Names:
    """IRIs as CURIEs: the longest namespace of a prefix map that an IRI starts with, else ``<iri>``.

    :meth:`from_prefix_map` reads the project's prefix map (``ontology/prefixes.epm.json``, the
    file :mod:`kg.core.identifiers` builds its converter from) with plain ``json``: the table
    path stays light. The project's own prefixes (:data:`~kg.core.prefixes.PREFIX_IRIS`) are
    always known.

    >>> names = Names({"obo": "http://purl.obolibrary.org/obo/", "MONDO": "http://purl.obolibrary.org/obo/MONDO_"})
    >>> names.curie("http://purl.obolibrary.org/obo/MONDO_0005044"), names.curie("https://w3id.org/adkg/ontology#Drug")
    ('MONDO:0005044', 'adkg:Drug')
    >>> names.curie("https://example.org/x"), names.curie("http://purl.obolibrary.org/obo/")
    ('<https://example.org/x>', '<http://purl.obolibrary.org/obo/>')
    """

    def __init__(self, prefixes: Mapping[str, str] | None = None) -> None:
        known = {**PREFIX_IRIS, **(prefixes or {})}
        self._namespaces = sorted(((ns, p) for p, ns in known.items() if ns), key=lambda item: -len(item[0]))
        self._seen: dict[str, str] = {}

    @classmethod
    def from_prefix_map(cls, path: Path) -> Names:
        """The prefixes of an extended prefix map file; the project's prefixes alone if it cannot be read."""
        try:
            records = json.loads(path.read_text(encoding="utf-8")).get("records", [])
            return cls({r["prefix"]: r["uri_prefix"] for r in records
                        if isinstance(r.get("prefix"), str) and isinstance(r.get("uri_prefix"), str)})
        except (OSError, ValueError, AttributeError, TypeError):
            return cls()

    def curie(self, iri: str) -> str:
        known = self._seen.get(iri)
        if known is None:
            known = f"<{iri}>"
            for namespace, prefix in self._namespaces:
                local = iri[len(namespace):]
                if iri.startswith(namespace) and local and not any(c.isspace() or c in "<>" for c in local):
                    known = f"{prefix}:{local}"
                    break
            self._seen[iri] = known
        return known


def cell(value: Any) -> str:
    """One value as text, every digit kept (CSV, TSV; ASK answers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "") else text
    return str(value)


def rounded(value: Decimal | float, places: int) -> str:
    """A decimal or double rounded half up to at most ``places`` decimals, trailing zeros dropped.

    >>> rounded(Decimal("25.833333333333333333"), 2), rounded(Decimal("15"), 2), rounded(-73.25, 1)
    ('25.83', '15', '-73.3')
    >>> rounded(float("nan"), 2), rounded(float("-inf"), 2), rounded(Decimal("0.001"), 2)
    ('NaN', '-INF', '0')
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            return "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
        value = Decimal(repr(value))
    if not value.is_finite():
        return cell(value)
    with localcontext() as context:
        context.prec = max(28, value.adjusted() + places + 2)
        return cell(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _table_cell(value: Any, precision: int | None, names: Names) -> str:
    if isinstance(value, IRI):
        return names.curie(value)
    if precision is not None and isinstance(value, (Decimal, float)) and not isinstance(value, bool):
        return rounded(value, precision)
    return cell(value).replace("\n", "\\n")


def _tsv(value: Any) -> str:
    """A TSV field (IANA text/tab-separated-values): no quoting; tab, newlines and backslash escaped."""
    return (cell(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # NaN and infinities are not JSON numbers
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _table(result: Result, precision: int | None, names: Names) -> str:
    rows = [[_table_cell(v, precision, names) for v in row] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(result.columns)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()  # noqa: E731
    lines = [line(result.columns), line(["-" * w for w in widths])] + [line(r) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def render(result: Result, fmt: Format | str = Format.TABLE, *, precision: int | None = DEFAULT_PRECISION,
           names: Names | None = None) -> str:
    """``result`` as text. ``precision`` (decimal places; None: all) and ``names`` (the CURIE
    prefixes; default: the project's) apply to the table only."""
    fmt = Format(fmt)
    if result.kind == "graph":
        return result.turtle or ""
    if result.kind == "ask":
        if fmt is Format.JSON:
            return json.dumps({"boolean": result.boolean}) + "\n"
        return cell(result.boolean) + "\n"
    if fmt is Format.JSON:
        records = [{c: _json_value(v) for c, v in zip(result.columns, row, strict=True)} for row in result.rows]
        return json.dumps({"columns": result.columns, "rows": records}, ensure_ascii=False, indent=2,
                          allow_nan=False) + "\n"
    if fmt is Format.TSV:
        lines = ["\t".join(result.columns)] + ["\t".join(_tsv(v) for v in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    if fmt is Format.CSV:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([cell(v) for v in row] for row in result.rows)
        return out.getvalue()
    return _table(result, precision, names or Names())
