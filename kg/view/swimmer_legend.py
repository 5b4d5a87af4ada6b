"""The swimmer plot's legend: what each bar and glyph means, and where the article gives no exact
time, how the plot placed it. Its words name the drugs, doses and ranges found in the graph.

>>> from kg.view.timeline_data import PatientTimeline
>>> from kg.view.swimmer_layout import place
>>> parts, height = legend([place(PatientTimeline("p", 1, None, None, (), (), (), ()))], 500.0)
>>> height > 500, any("Adverse events: not stated" in p for p in parts)
(True, True)
"""

from __future__ import annotations

from kg.view.svg import element, group, text
from kg.view.swimmer_layout import WEEK_MONTHS, Row
from kg.view.swimmer_style import BASE, FLARE, GREY, INK, RESCUE, marker, months, regimen

__all__ = ["legend", "names"]

_LINE = 21.0


def names(items: list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``: sorted, each once.

    >>> names(["upadacitinib", "tofacitinib", "upadacitinib"]), names([])
    ('tofacitinib or upadacitinib', '')
    """
    unique = sorted(set(items))
    return unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + (" or " + unique[-1] if unique else "")


def _base_words(rows: list[Row]) -> tuple[str, str]:
    """The first course's drug(s), and its regimen(s) with any loading dose."""
    courses = [r.base for r in rows if r.base is not None]
    loading = names([f"{c.loading_dose:f} mg" for c in courses if c.loading_dose is not None])
    regimens = names([regimen(c) for c in courses])
    return names([c.drug for c in courses]) or "first drug", regimens + (f" (after a {loading} loading dose)"
                                                                           if loading else "")


def _follow_up_words(rows: list[Row]) -> str:
    spans = []
    for r in rows:
        if r.follow_up and r.rescue_stop is not None:
            low, high = r.follow_up[0] - r.rescue_stop, r.follow_up[1] - r.rescue_stop
            spans.append(months(low) if low == high else f"{months(low)}-{months(high)}")
    return names(spans)


def _keys(rows: list[Row], top: float) -> list[str]:
    base_drug, base_regimen = _base_words(rows)
    rescue = names([r.rescue.drug for r in rows if r.rescue is not None])
    span = _follow_up_words(rows)
    bars = [(BASE, 1.0, f"{base_regimen or base_drug}"),
            (BASE, 0.3, f"follow-up on {base_drug} alone: {span} months after the stop (the range, lighter)"
             if span else "follow-up: not stated"),
            (RESCUE, 1.0, f"rescue course ({rescue}), drawn from the flare" if rescue else "rescue course: none")]
    glyphs = [("Baseline", True, f"baseline: before {base_drug} began (drawn at month 0)"),
              ("PreFlare", False, "pre-flare: no time stated, between the start and the flare (drawn midway)"),
              ("Flare", True, f"flare on {base_drug} (months until the flare: Table I)"),
              ("PostJAKiWeek4", True, f"4 weeks after the rescue start (+{WEEK_MONTHS * 4:.2f} months)"),
              ("Stop", True, "rescue drug stopped (months of treatment: Table I)")]
    parts = []
    for i, (colour, opacity, words) in enumerate(bars):
        y = top + i * _LINE
        parts.append(element("rect", {"x": 20, "y": y - 10, "width": 34, "height": 12, "fill": colour,
                                      "fill-opacity": opacity, "stroke": colour if opacity < 1 else None,
                                      "stroke-dasharray": "3 2" if opacity < 1 else None, "rx": 2}))
        parts.append(text(62, y, words, font_size=13, fill=INK))
    for i, (kind, exact, words) in enumerate(glyphs):
        y = top + i * _LINE
        parts.append(marker(kind, 672, y - 4, exact))
        parts.append(text(690, y, words, font_size=13, fill=INK, font_style=None if exact else "italic"))
    return parts


def _notes(rows: list[Row], top: float) -> list[str]:
    """The notes: exact and placed times, the adverse events stated absent, the source (one per line)."""
    base_drug, _ = _base_words(rows)
    absent: dict[str, set[str]] = {}
    for r in rows:
        for _, label, period in r.patient.absent:
            absent.setdefault(period, set()).add(label)
    reported = bool(rows) and all(any(f == "AdverseEvent" for f, _, _ in r.patient.absent) for r in rows)
    lines = [
        ("Exact times (Table I): months on " + base_drug + " until the flare and months on the rescue drug; "
         "values: IGA (0-4) and % BSA as in Table I.", INK),
        ("Placed where the article gives no time: hollow dashed glyphs and italic values; the pre-flare visit "
         "reports IGA only (BSA n/r: not reported).", INK),
        ("Adverse events: none, as the article states:" if reported else "Adverse events: not stated for every "
         "patient.", INK if reported else FLARE),
    ]
    lines += [(f"\u2013 no {names(sorted(labels))} ({period})", INK) for period, labels in
              sorted(absent.items(), key=lambda item: ("adverse event" not in item[1], item[0]))]
    lines.append(("Drawn from the knowledge graph by SPARQL (kg/view/queries/timeline-*.rq); a patient's row "
                  "is FILE.svg#patient-N.", GREY))
    return [text(36 if words.startswith("\u2013") else 20, top + i * 19, words, font_size=12.5, fill=colour)
            for i, (words, colour) in enumerate(lines)]


def legend(rows: list[Row], top: float) -> tuple[list[str], float]:
    """The legend's SVG parts starting at ``top``, and the drawing's full height below them."""
    keys_top = top + 22
    notes_top = keys_top + 5 * _LINE + 12
    parts = [text(20, top, "Legend", font_size=14, font_weight="bold", fill=INK),
             *_keys(rows, keys_top)]
    notes = _notes(rows, notes_top)
    return [group({"class": "legend"}, [*parts, *notes])], notes_top + len(notes) * 19 + 4
