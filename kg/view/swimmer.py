"""The patients' timeline of one article as a swimmer plot, written as SVG text.

One row per patient (by number), time in months since the first course started along the x axis:
the course the flare happened on (dupilumab) as a blue bar through the follow-up, its lighter end
the follow-up's stated range; the rescue course (the JAK inhibitor) as an orange bar from the flare
to its stop, labelled with drug, dose, frequency and months; IGA and % BSA written at each time
point; the adverse events the article reports in a column on the right. Points the article gives no
exact time for are drawn hollow with their values in italics, and the legend says where they were
put (:mod:`kg.view.swimmer_layout`). Each row is ``<g id="patient-N">``, so ``FILE.svg#patient-N``
highlights it; values are also in ``data-*`` attributes for programs. Hand-written, deterministic:
fixed number format, sorted input, no timestamps; all text escaped once (:mod:`kg.view.svg`).

>>> article = ArticleTimeline("x", "urn:a", "10.1/x", "A <title>", "J 2024;1:1.", ())
>>> svg = render_svg(article)
>>> svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"'), "A &lt;title&gt;" in svg
(True, True)
"""

from __future__ import annotations

import math

from kg.view.svg import element, group, text
from kg.view.swimmer_layout import Mark, Row, place
from kg.view.swimmer_legend import legend, names
from kg.view.swimmer_style import BASE, FLARE, FONT, GOOD, GREY, INK, RESCUE, UNITS, marker, months, regimen, value
from kg.view.timeline_data import ArticleTimeline

__all__ = ["render_svg", "WIDTH"]

WIDTH = 1300
_PLOT_X0, _PLOT_X1 = 215.0, 1140.0
_AE_X = 1175.0
_TOP = 128.0          # the first row's top
_ROW = 100.0
_CHAR = 7.0           # a rough width of one character at 12-13 px, to keep labels inside the plot


class _Scale:
    def __init__(self, rows: list[Row]) -> None:
        end = max([12.0] + [r.end for r in rows])
        self.step = 2 if end <= 30 else 3 if end <= 48 else 6
        self.span = math.ceil((end + 1.5) / self.step) * self.step
        self.per_month = (_PLOT_X1 - _PLOT_X0) / self.span

    def x(self, month: float) -> float:
        return _PLOT_X0 + month * self.per_month


def _header(article: ArticleTimeline, rows: list[Row]) -> list[str]:
    source = " · ".join(p for p in (article.citation, f"doi:{article.doi}", "Table I and text") if p)
    return [
        text(20, 30, "The patients' timeline (swimmer plot)", font_size=19, font_weight="bold", fill=INK),
        text(20, 54, article.title, font_size=14, fill=INK),
        text(20, 74, source, font_size=12.5, fill=GREY),
        text(20, _TOP - 10, "Patient", font_size=12.5, font_weight="bold", fill=GREY),
        text(_PLOT_X0, _TOP - 10, f"Months since {names([r.base.drug for r in rows if r.base]) or 'the first drug'}"
             " started; values: IGA (0-4) and % BSA",
             font_size=12.5, font_weight="bold", fill=GREY),
        text(_AE_X, _TOP - 10, "Adverse events", font_size=12.5, font_weight="bold", fill=GREY),
    ]


def _axis(scale: _Scale, rows: int) -> list[str]:
    bottom = _TOP + rows * _ROW
    parts = []
    for month in range(0, scale.span + 1, scale.step):
        x = scale.x(month)
        parts.append(element("line", {"x1": x, "y1": _TOP, "x2": x, "y2": bottom, "stroke": "#d9d9d9",
                                      "stroke-width": 1}))
        parts.append(element("line", {"x1": x, "y1": bottom, "x2": x, "y2": bottom + 6, "stroke": INK}))
        parts.append(text(x, bottom + 22, str(month), font_size=13, text_anchor="middle", fill=INK))
    parts.append(element("line", {"x1": _PLOT_X0, "y1": bottom, "x2": scale.x(scale.span), "y2": bottom,
                                  "stroke": INK}))
    parts.append(text((_PLOT_X0 + _PLOT_X1) / 2, bottom + 42, "months", font_size=13, text_anchor="middle",
                      fill=INK, font_weight="bold"))
    return [group({"class": "axis"}, parts)]


def _labels(mark: Mark) -> list[str]:
    labels = [value(m, v) for m, v in mark.values]
    if "BSAInvolvement" not in {m for m, _ in mark.values}:
        labels.append("BSA n/r")
    return labels


def _crowded(row: Row, scale: _Scale) -> set[str]:
    """The time points whose values would overlap their neighbours' above the blue bar (only the
    pre-flare ones can, between baseline and an early flare): these go below it instead."""
    spans = {}
    for mark in row.marks:
        width = _CHAR * max(len(label) for label in _labels(mark))
        x = scale.x(mark.month)
        spans[mark.time_point] = (x - 6, x - 6 + width) if mark.time_point == "Baseline" else (x - width / 2,
                                                                                                x + width / 2)
    if "PreFlare" not in spans:
        return set()
    low, high = spans["PreFlare"]
    clash = any(s[0] < high + 4 and low - 4 < s[1] for p, s in spans.items() if p in ("Baseline", "Flare"))
    return {"PreFlare"} if clash else set()


def _mark(mark: Mark, scale: _Scale, top: float, lower: bool = False) -> str:
    """A time point's glyph and values: above the blue bar, or below it (``lower``, or the 4 weeks'
    values, below the orange bar)."""
    x = scale.x(mark.month)
    week4 = mark.time_point == "PostJAKiWeek4"
    y = top + (68 if week4 else 48)
    labels = _labels(mark)
    style = {"font_size": 12.5, "fill": FLARE if mark.time_point == "Flare" else INK,
             "font_style": None if mark.exact else "italic",
             "font_weight": "bold" if mark.time_point == "Flare" else None}
    anchor = "start" if mark.time_point == "Baseline" else "middle"
    x_text = x - 6 if anchor == "start" else x
    if week4 or lower:
        shown = [text(x_text, top + (93 if week4 else 73), " · ".join(labels), text_anchor=anchor, **style)]
    else:
        shown = [text(x_text, top + 22 + 14 * i, label, text_anchor=anchor, **style) for i, label in enumerate(labels)]
    attrs = {"class": "mark", "data-time-point": mark.time_point, "data-month": f"{mark.month:.2f}",
             "data-exact": mark.exact}
    attrs.update({f"data-{'iga' if m == 'IGA' else 'bsa' if m == 'BSAInvolvement' else m.lower()}": f"{v:f}"
                  for m, v in mark.values})
    return group(attrs, [marker(mark.time_point, x, y, mark.exact), *shown])


def _base_course(row: Row, scale: _Scale, top: float) -> list[str]:
    if row.flare is None:
        return [text(_PLOT_X0, top + 52, "no months to the flare in the graph", font_size=12.5, fill=GREY)]
    solid = row.follow_up[0] if row.follow_up else row.rescue_stop if row.rescue_stop is not None else row.flare
    parts = [element("rect", {"x": scale.x(0), "y": top + 42, "width": scale.x(solid) - scale.x(0), "height": 12,
                              "fill": BASE, "rx": 2})]
    if row.follow_up:
        low, high = row.follow_up
        parts.append(element("rect", {"x": scale.x(low), "y": top + 42, "width": scale.x(high) - scale.x(low),
                                      "height": 12, "fill": BASE, "fill-opacity": 0.3, "stroke": BASE,
                                      "stroke-dasharray": "3 2"}))
    if row.follow_up and row.rescue_stop is not None:
        low, high = (row.follow_up[0] - row.rescue_stop, row.follow_up[1] - row.rescue_stop)
        span = months(low) if low == high else f"{months(low)}-{months(high)}"
        x = scale.x(row.rescue_stop) + 8
        parts.append(text(x, top + 22, f"{row.base.drug if row.base else ''} alone {span} mo".strip(),
                          font_size=12.5, fill=BASE))
        parts.append(text(x, top + 36, "durable control", font_size=12.5, fill=BASE))
    course = row.base
    attrs = {"class": "course base", "data-drug": course.drug if course else None,
             "data-regimen": regimen(course) if course else None,
             "data-months-until-flare": months(row.flare)}
    return [group(attrs, parts)]


def _rescue_course(row: Row, scale: _Scale, top: float) -> list[str]:
    course, start, stop = row.rescue, row.rescue_start, row.rescue_stop
    if course is None or start is None or stop is None:
        return []
    x0, x1 = scale.x(start), scale.x(stop)
    label = f"{regimen(course)} for {months(stop - start)} mo"
    if x1 + 10 + _CHAR * len(label) <= _PLOT_X1 + 30:
        shown = text(x1 + 10, top + 73, label, font_size=13, font_weight="bold", fill=RESCUE)
    else:  # no room after the stop: before the start, where the orange lane is empty
        shown = text(x0 - 10, top + 73, label, font_size=13, font_weight="bold", fill=RESCUE, text_anchor="end")
    parts = [element("line", {"x1": x0, "y1": top + 54, "x2": x0, "y2": top + 62, "stroke": GREY,
                              "stroke-dasharray": "2 2"}),
             element("rect", {"x": x0, "y": top + 62, "width": x1 - x0, "height": 12, "fill": RESCUE, "rx": 2}),
             shown]
    if row.stopped:
        parts.append(marker("Stop", x1, top + 68))
    attrs = {"class": "course rescue", "data-drug": course.drug, "data-regimen": regimen(course),
             "data-dose": None if course.dose is None else f"{course.dose:f}",
             "data-unit": UNITS.get(course.unit or "", course.unit), "data-frequency": course.frequency,
             "data-start-month": months(start), "data-months": months(stop - start), "data-stopped": row.stopped}
    return [group(attrs, parts)]


def _row(row: Row, scale: _Scale, index: int) -> str:
    top = _TOP + index * _ROW
    patient = row.patient
    who = ", ".join(p for p in (f"{patient.age} y" if patient.age is not None else "", patient.sex or "") if p)
    adverse = "none" if any(f == "AdverseEvent" for f, _, _ in patient.absent) else "not stated"
    parts = [element("rect", {"class": "band", "x": 8, "y": top + 3, "width": WIDTH - 16, "height": _ROW - 6,
                              "rx": 5, "fill": "#000000", "fill-opacity": 0.035 if index % 2 == 0 else 0.0}),
             text(20, top + 32, f"Patient {patient.number}", font_size=16, font_weight="bold", fill=INK),
             text(20, top + 52, who, font_size=13, fill=INK)]
    if row.flare is not None:
        parts.append(text(20, top + 71, f"flare after {months(row.flare)} mo", font_size=13, fill=GREY))
    parts += _base_course(row, scale, top) + _rescue_course(row, scale, top)
    crowded = _crowded(row, scale)
    parts += [_mark(mark, scale, top, mark.time_point in crowded) for mark in row.marks]
    if row.flare is not None and not any(m.time_point == "Flare" for m in row.marks):
        parts.append(marker("Flare", scale.x(row.flare), top + 48))
    parts.append(element("text", {"class": "adverse-events", "x": _AE_X, "y": top + 53, "font-size": 14,
                                  "font-weight": "bold", "fill": GOOD if adverse == "none" else GREY},
                         adverse))
    return group({"id": f"patient-{patient.number}", "class": "patient", "data-patient": str(patient.number)}, parts)


def render_svg(article: ArticleTimeline) -> str:
    """The swimmer plot of ``article``'s patients as one SVG document (text, ending in a newline)."""
    rows = [place(p) for p in article.patients]
    scale = _Scale(rows)
    bottom = _TOP + len(rows) * _ROW
    below, height = legend(rows, bottom + 64)
    body = _header(article, rows) + _axis(scale, len(rows)) + [_row(r, scale, i) for i, r in enumerate(rows)] + below
    style = "g.patient:target > rect.band { fill: #ffd43b; fill-opacity: 0.28; stroke: #e0a800; }"
    head = element("svg", {"xmlns": "http://www.w3.org/2000/svg", "width": str(WIDTH), "height": str(int(height)),
                           "viewBox": f"0 0 {WIDTH} {int(height)}", "font-family": FONT, "role": "img"})[:-2]
    summary = (f"{len(rows)} patients of doi:{article.doi}: courses, flare, JAK inhibitor, stop and follow-up "
               "in months, with IGA and % BSA at each time point.")
    return "\n".join([head + ">", element("title", {}, f"The patients' timeline: {article.title}"),
                      element("desc", {}, summary), element("style", {}, style),
                      element("rect", {"width": str(WIDTH), "height": str(int(height)), "fill": "#ffffff"}),
                      *body, "</svg>"]) + "\n"
