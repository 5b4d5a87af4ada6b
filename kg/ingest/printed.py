"""How curated values are printed in a transcribed table cell, read both ways.

A column's ``printed`` form (see :mod:`kg.ingest.table_schema`) is literal text around one value
form: ``{n}`` a number, ``{text}`` the text as held, ``{label}`` the label of a choice or key,
``{months}`` a duration in months (``6 mo``) or years (``1.5 y``), ``{abbreviations}`` the
abbreviations of a list of keys (found anywhere in the cell). A printed column holding several
values joins their forms with its ``join`` text. :func:`disagreement` says which value a printed
cell contradicts; :func:`render` prints values the same way (for ``kg synth``).

>>> from decimal import Decimal
>>> months("1.5 y"), months("6 mo"), months("soon")
(Decimal('18.0'), Decimal('6'), None)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kg.ingest.table_schema import Column, TableSchema

__all__ = ["KeyNames", "disagreement", "months", "render"]

_NUMBER = r"\d+(?:\.\d+)?"
_GROUPS = {"n": f"({_NUMBER})", "text": "(.+?)", "label": "(.+?)",
           "months": rf"({_NUMBER}\s*(?:mo|months?|y|years?))"}


@dataclass(frozen=True)
class KeyNames:
    """What the vocabulary calls each key: its label and its abbreviations, by kind.

    >>> names = KeyNames.of({"condition": {"hypertension": {"label": "hypertension", "abbreviations": ["HTN"]}}})
    >>> names.label("condition", "hypertension"), names.abbreviations["condition"]
    ('hypertension', {'HTN': 'hypertension'})
    """

    labels: dict[str, dict[str, str]]
    abbreviations: dict[str, dict[str, str]]   # kind -> abbreviation -> key

    @classmethod
    def of(cls, entities: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> KeyNames:
        labels = {kind: {key: str(rec["label"]) for key, rec in keys.items()} for kind, keys in entities.items()}
        short = {kind: {str(a): key for key, rec in keys.items() for a in rec.get("abbreviations") or []}
                 for kind, keys in entities.items()}
        return cls(labels, short)

    def label(self, kind: str | None, key: str) -> str:
        return self.labels[kind or ""][key]

    def abbreviation(self, kind: str | None, key: str) -> str:
        return next(a for a, k in self.abbreviations[kind or ""].items() if k == key)


def months(printed: str) -> Decimal | None:
    """A printed duration in months (``1.5 y`` is 18), or None if it is not one."""
    match = re.fullmatch(rf"\s*({_NUMBER})\s*(mo|months?|y|years?)\s*", printed)
    if not match:
        return None
    value = Decimal(match.group(1))
    return value * 12 if match.group(2).startswith("y") else value


def _literal(text: str) -> str:
    return r"\s+".join(re.escape(part) for part in re.split(r"\s+", text))


def _value_pattern(column: Column) -> str:
    before, _, after = column.printed.partition("{" + column.form + "}")
    return _literal(before) + _GROUPS[column.form] + _literal(after)


def _cell_pattern(columns: list[Column], join: str) -> re.Pattern[str]:
    return re.compile(_literal(join).join(_value_pattern(c) for c in columns))


def _agrees(column: Column, printed: str, value: Any, names: KeyNames) -> bool:
    form = column.form
    if form == "n":
        return Decimal(printed) == Decimal(value)
    if form == "months":
        return months(printed) == Decimal(value)
    if form == "text":
        return printed == str(value)
    label = column.label(value) if column.type == "choice" else names.label(column.kind, value)
    return printed.casefold() == label.casefold()


def _abbreviations_agree(column: Column, text: str, values: list[str], names: KeyNames) -> bool:
    """The keys whose abbreviations appear as words in the cell are the values (the cell may say
    more, e.g. "HTN CVD with stent placement"); no values: the cell is ``printed_when_empty``."""
    known = names.abbreviations.get(column.kind or "", {})
    found = sorted({known[word] for word in re.findall(r"[A-Za-z0-9]+", text) if word in known})
    if not values:
        return not found and text == (column.printed_when_empty or "")
    return found == sorted(values)


def disagreement(schema: TableSchema, fields: tuple[str, ...], join: str, text: str,
                 values: dict[str, Any], names: KeyNames) -> str | None:
    """The first of ``fields`` whose value the printed ``text`` does not show, or None."""
    columns = [schema.column(name) for name in fields]
    if columns[0].form == "abbreviations":
        ok = _abbreviations_agree(columns[0], text.strip(), values[fields[0]], names)
        return None if ok else fields[0]
    match = _cell_pattern(columns, join).fullmatch(text.strip())
    if not match:
        return fields[0]
    for column, printed in zip(columns, match.groups(), strict=True):
        if not _agrees(column, printed.strip(), values[column.name], names):
            return column.name
    return None


def _render_value(column: Column, value: Any, names: KeyNames) -> str:
    if column.form == "abbreviations":
        return ", ".join(names.abbreviation(column.kind, k) for k in value) or (column.printed_when_empty or "")
    if column.form == "label":
        shown = column.label(value) if column.type == "choice" else names.label(column.kind, value)
    elif column.form == "months":
        shown = f"{value} mo"
    else:
        shown = str(value)
    return column.printed.replace("{" + column.form + "}", shown)


def render(schema: TableSchema, fields: tuple[str, ...], join: str, values: dict[str, Any],
           names: KeyNames) -> str:
    """The printed cell of ``fields`` (sentence case: its first letter upper case)."""
    text = join.join(_render_value(schema.column(name), values[name], names) for name in fields)
    return text[:1].upper() + text[1:]
