"""The swimmer plot's look, shared by the plot and its legend: colours, glyphs and how values read.

>>> from decimal import Decimal as D
>>> value("IGA", D(3)), value("BSAInvolvement", D("2.5")), months(6.0), months(D("1.50"))
('IGA 3', 'BSA 2.5%', '6', '1.5')
>>> marker("Stop", 10, 20)
'<rect x="7.5" y="10.0" width="5.0" height="20.0" fill="#222222"/>'
"""

from __future__ import annotations

from decimal import Decimal

from kg.view.svg import element, num
from kg.view.timeline_data import Course

__all__ = ["BASE", "RESCUE", "FLARE", "INK", "GREY", "GOOD", "FONT", "MEASURES", "UNITS", "marker", "months",
           "regimen", "value"]

FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
BASE, RESCUE, FLARE, INK, GREY, GOOD = "#4e79a7", "#e8790c", "#d62728", "#222222", "#666666", "#2b7a3d"
#: How each measure's value is written: (prefix, suffix).
MEASURES = {"IGA": ("IGA ", ""), "BSAInvolvement": ("BSA ", "%")}
#: Unit symbols by unit IRI (the graph labels units in words: "milligram").
UNITS = {"http://purl.obolibrary.org/obo/UO_0000022": "mg"}


def value(measure: str, number: Decimal) -> str:
    """``IGA 3``, ``BSA 10%``: a measure's value as the article's table writes it."""
    prefix, suffix = MEASURES.get(measure, (measure + " ", ""))
    return f"{prefix}{number:f}{suffix}"


def months(number: float | Decimal) -> str:
    """A number of months without a needless ``.0``."""
    return f"{Decimal(str(round(float(number), 2))).normalize():f}"


def regimen(course: Course) -> str:
    """``dupilumab 300 mg every other week``: the drug and as much of its dose as the graph gives."""
    unit = UNITS.get(course.unit or "", "")
    dose = "" if course.dose is None else f" {course.dose:f} {unit}".rstrip()
    return f"{course.drug}{dose}{' ' + course.frequency if course.frequency else ''}"


def marker(kind: str, x: float, y: float, exact: bool = True) -> str:
    """The glyph of a time point: ``Baseline`` a diamond, ``Flare`` a red triangle, ``Stop`` a bar,
    the others a circle; one not at a stated time (``exact`` false) is hollow and dashed."""
    fill = INK if exact else "#ffffff"
    if kind == "Baseline":
        points = f"{num(x)},{num(y - 8)} {num(x + 7)},{num(y)} {num(x)},{num(y + 8)} {num(x - 7)},{num(y)}"
        return element("polygon", {"points": points, "fill": fill, "stroke": "#ffffff", "stroke-width": 1.5})
    if kind == "Flare":
        points = f"{num(x)},{num(y - 9)} {num(x + 8)},{num(y + 6)} {num(x - 8)},{num(y + 6)}"
        return element("polygon", {"points": points, "fill": FLARE, "stroke": "#ffffff", "stroke-width": 1.5})
    if kind == "Stop":
        return element("rect", {"x": x - 2.5, "y": y - 10, "width": 5, "height": 20, "fill": INK})
    return element("circle", {"cx": x, "cy": y, "r": 5.5, "fill": fill, "stroke": INK, "stroke-width": 1.6,
                              "stroke-dasharray": None if exact else "2 2"})
