"""A progress line for long builds: articles done of all, the rate and the time left.

Written to stderr as one line redrawn in place, and only on a terminal: in a pipe, a log file
or CI (the ``CI`` environment variable is set) :func:`progress_line` gives None and nothing is
printed.

>>> import io
>>> out = io.StringIO()
>>> clock = iter([0.0, 10.0]).__next__
>>> show = Line(out, clock)
>>> show(0, 100); show(20, 100)
>>> out.getvalue().split("\\r")[-1]
'Mapping and validating articles: 20/100 (2.0/s, 40 s left)'
>>> show.close(); out.getvalue().endswith("\\n")
True
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Line", "progress_line"]


class Line:
    """The progress callback (``line(done, total)``) that redraws one line on ``stream``."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.started: float | None = None
        self.width = 0

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self.started is None:
            self.started = now
        elapsed = now - self.started
        text = f"Mapping and validating articles: {done}/{total}"
        if done and elapsed > 0:
            rate = done / elapsed
            text += f" ({rate:.1f}/s, {_duration((total - done) / rate)} left)"
        self.stream.write("\r" + text.ljust(self.width))
        self.width = len(text)
        self.stream.flush()

    def close(self) -> None:
        """End the line (once the build is done or failed)."""
        if self.width:
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0


def _duration(seconds: float) -> str:
    """
    >>> _duration(42.4), _duration(125), _duration(3725)
    ('42 s', '2 min 5 s', '1 h 2 min')
    """
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


def progress_line(stream: TextIO | None = None) -> Line | None:
    """A :class:`Line` on ``stream`` (default stderr) if it is a terminal and CI is not set, else None."""
    stream = stream or sys.stderr
    if os.environ.get("CI") or not stream.isatty():
        return None
    return Line(stream)
