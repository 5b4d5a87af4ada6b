"""Where each fact of a patient's course sits on the swimmer plot, in months since the first drug started.

The article gives some times exactly and some not; each placed point says which (``exact``):

* the flare: the months on the course it happened on (``adkg:monthsUntilFlare``, Table I), exact;
* baseline: before that course started; drawn at month 0, as exact as the article's "before";
* pre-flare: no time stated, only that it fell between the start and the flare: drawn midway and
  marked not exact;
* the rescue course (``adkg:durationMonths``) is drawn from the flare: the article states no gap
  between the flare and the rescue start (``rescue_from_flare``); its stop is the start plus its months;
* 4 weeks after the rescue start: that start plus 4 weeks (28 days, at 365.25 / 12 days a month);
* the follow-up: a stated range of months after the stop (``adkg:durationMinMonths`` to ``Max``).

>>> from decimal import Decimal as D
>>> from kg.view.timeline_data import Course, Event, PatientTimeline, Value
>>> base = Course("c1", "dupilumab", "MaintenanceTherapy", D(300), None, "every other week", D(600), D(6), None, True)
>>> rescue = Course("c2", "tofacitinib", "RescueTherapy", D(5), None, "daily", None, None, D(6), False)
>>> follow = Event(10, "FollowUpEvent", "FollowUp", "c1", D(3), D(4), None)
>>> stop = Event(9, "TreatmentStopEvent", None, "c2", None, None, None)
>>> values = (Value("Flare", "IGA", D(3)), Value("PreFlare", "IGA", D(1)), Value("PostJAKiWeek4", "IGA", D(1)))
>>> row = place(PatientTimeline("p1", 1, 62, "male", (base, rescue), (stop, follow), values, ()))
>>> row.flare, row.rescue_start, row.rescue_stop, row.follow_up, row.end
(6.0, 6.0, 12.0, (15.0, 16.0), 16.0)
>>> [(m.time_point, round(m.month, 2), m.exact) for m in row.marks]
[('PreFlare', 3.0, False), ('Flare', 6.0, True), ('PostJAKiWeek4', 6.92, True)]
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kg.view.timeline_data import Course, PatientTimeline

__all__ = ["Mark", "Row", "place", "WEEK_MONTHS", "TIME_POINTS"]

#: One week in months (7 days at 365.25 / 12 days a month).
WEEK_MONTHS = 7 / (365.25 / 12)
#: The time points drawn, in the order of a course (a value at another time point is not drawn).
TIME_POINTS = ("Baseline", "PreFlare", "Flare", "PostJAKiWeek4")


@dataclass(frozen=True)
class Mark:
    """The values observed at one time point, placed at ``month`` (``exact``: a time the article states)."""

    time_point: str
    month: float
    exact: bool
    values: tuple[tuple[str, Decimal], ...]   # (measure, value), IGA first


@dataclass(frozen=True)
class Row:
    """One patient's row: the courses, the months of each event and the marks; ``None`` where unknown."""

    patient: PatientTimeline
    base: Course | None          # the course the flare happened on
    rescue: Course | None        # the course added at the flare and stopped
    flare: float | None
    rescue_start: float | None
    rescue_stop: float | None
    stopped: bool                # the graph has the rescue course's stop event
    follow_up: tuple[float, float] | None   # (shortest, longest) end of the follow-up after the stop
    marks: tuple[Mark, ...]

    @property
    def end(self) -> float:
        """The last month the row draws."""
        return max([0.0] + [m for m in (self.flare, self.rescue_stop) if m is not None]
                   + ([self.follow_up[1]] if self.follow_up else []) + [m.month for m in self.marks])


def _courses(patient: PatientTimeline) -> tuple[Course | None, Course | None]:
    base = next((c for c in patient.courses if c.months_until_flare is not None), None)
    rescues = [c for c in patient.courses if c is not base and c.duration_months is not None]
    rescue = next((c for c in rescues if c.role == "RescueTherapy"), rescues[0] if rescues else None)
    return base, rescue


def _month(time_point: str, flare: float | None, rescue_start: float | None) -> tuple[float, bool] | None:
    if time_point == "Baseline":
        return 0.0, True
    if time_point == "PreFlare" and flare is not None:
        return flare / 2, False
    if time_point == "Flare" and flare is not None:
        return flare, True
    if time_point == "PostJAKiWeek4" and rescue_start is not None:
        return rescue_start + 4 * WEEK_MONTHS, True
    return None


def _marks(patient: PatientTimeline, flare: float | None, rescue_start: float | None) -> tuple[Mark, ...]:
    marks = []
    for point in TIME_POINTS:
        values = sorted(((v.measure, v.value) for v in patient.values if v.time_point == point),
                        key=lambda mv: (mv[0] != "IGA", mv[0], mv[1]))
        placed = _month(point, flare, rescue_start)
        if values and placed is not None:
            marks.append(Mark(point, placed[0], placed[1], tuple(values)))
    return tuple(marks)


def place(patient: PatientTimeline) -> Row:
    """The patient's row; what the graph does not give (no flare month, no rescue course) stays ``None``."""
    base, rescue = _courses(patient)
    flare = None if base is None or base.months_until_flare is None else float(base.months_until_flare)
    start = flare if rescue is not None else None
    stop = None
    if start is not None and rescue is not None and rescue.duration_months is not None:
        stop = start + float(rescue.duration_months)
    stopped = rescue is not None and any(e.kind == "TreatmentStopEvent" and e.course == rescue.iri
                                         for e in patient.events)
    follow_up = None
    for event in patient.events:
        if event.kind == "FollowUpEvent" and stop is not None and event.min_months is not None:
            longest = event.max_months if event.max_months is not None else event.min_months
            follow_up = (stop + float(event.min_months), stop + float(longest))
            break
    return Row(patient, base, rescue, flare, start, stop, stopped, follow_up, _marks(patient, flare, start))
