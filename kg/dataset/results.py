"""Render a query :class:`~kg.dataset.query.Result` as a table, CSV, TSV or JSON.

Numbers are written without units and without trailing zeros (``Decimal("30.0")`` -> ``30``);
missing values are empty. CONSTRUCT and DESCRIBE results are Turtle whatever the format.

>>> from decimal import Decimal
>>> from kg.dataset.query import Result
>>> print(render(Result("select", ["patient", "bsa"], [(3, Decimal("15.0"))]), "csv"), end="")
patient,bsa
3,15
"""

from __future__ import annotations

import csv
import io
import json
import math
from decimal import Decimal
from enum import StrEnum

from kg.dataset.query import Result

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing on every start
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Format", "render", "cell"]


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


def cell(value: Any) -> str:
    """One value as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "") else text
    return str(value)


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


def render(result: Result, fmt: Format | str = Format.TABLE) -> str:
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
    rows = [[cell(v).replace("\n", "\\n") for v in row] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(result.columns)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()  # noqa: E731
    lines = [line(result.columns), line(["-" * w for w in widths])] + [line(r) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
