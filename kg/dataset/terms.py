"""Query answers as Python values: IRIs as :class:`IRI` (a str), typed literals as int, Decimal, float,
bool or date.

>>> import pyoxigraph as ox
>>> to_python(ox.Literal("40.0", datatype=ox.NamedNode(_XSD + "decimal")))
Decimal('40')
>>> literal_value("12", _XSD + "integer"), literal_value("x", _XSD + "integer")
(12, 'x')
>>> iri = to_python(ox.NamedNode("https://w3id.org/adkg/ontology#Patient"))
>>> iri == "https://w3id.org/adkg/ontology#Patient", isinstance(iri, IRI)
(True, True)
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

__all__ = ["IRI", "to_python", "literal_value"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                     "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                     "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


class IRI(str):
    """An IRI in a query answer: a plain ``str`` everywhere (equal to its text, written as its text in
    CSV and JSON), marked so that table output can tell it from a string literal and print it as a
    CURIE (:mod:`kg.dataset.results`)."""

    __slots__ = ()


def to_python(term: Any) -> Any:
    """A pyoxigraph term as a Python value: IRIs as :class:`IRI`, typed literals as int, Decimal,
    float, bool or date, other literals as str."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return IRI(term.value)
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        return literal_value(term.value, term.datatype.value)
    return str(term)


def _canonical_decimal(number: Decimal) -> Decimal:
    """``5.0`` and ``5`` as ``Decimal('5')``, ``2.50`` as ``Decimal('2.5')``: one value, one form.

    >>> _canonical_decimal(Decimal("40.0")), _canonical_decimal(Decimal("2.50"))
    (Decimal('40'), Decimal('2.5'))
    """
    if not number.is_finite():
        return number
    if number == number.to_integral_value():
        return Decimal(int(number))
    return number.normalize()


def literal_value(value: str, datatype: str) -> Any:
    """A literal's lexical form as a Python value by its datatype (the text itself if ill-typed)."""
    try:
        if datatype in _INTEGER_TYPES:
            return int(value)
        if datatype == _XSD + "decimal":
            return _canonical_decimal(Decimal(value))
        if datatype in (_XSD + "double", _XSD + "float"):
            return float(value)
        if datatype == _XSD + "boolean":
            return value in ("true", "1")
        if datatype == _XSD + "date":
            import datetime  # only dates need it: kept off the start-up path

            return datetime.date.fromisoformat(value)
    except (ValueError, InvalidOperation):
        return value
    return value
