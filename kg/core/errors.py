"""Errors about curated input, each naming the file, the record and the field (or line).

>>> str(CurationError("data/x/patients.csv", "flare_iga is 7, above the IGA maximum 4",
...                   record="patient 3", line=4, field="flare_iga"))
"data/x/patients.csv:4: patient 3, field 'flare_iga': flare_iga is 7, above the IGA maximum 4"
"""

from __future__ import annotations

from kg.core.frozen import Frozen

__all__ = ["KgError", "CurationError", "BuildFailed", "Origin"]


class KgError(Exception):
    """Base of every error the command line reports as a message, without a traceback."""


class Origin(Frozen):
    """Where a curated record lives: its file, a human name for the record, and its line."""

    __slots__ = ("file", "record", "line")
    file: str
    record: str | None
    line: int | None

    def __init__(self, file: str, record: str | None = None, line: int | None = None) -> None:
        self._set(file=file, record=record, line=line)

    def locate(self, field: str | None = None) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [p for p in (self.record, f"field '{field}'" if field else None) if p]
        return where + (": " + ", ".join(parts) if parts else "")


class CurationError(KgError):
    """One problem in the curated data."""

    def __init__(self, file: str, message: str, *, record: str | None = None,
                 line: int | None = None, field: str | None = None) -> None:
        self.origin = Origin(file, record, line)
        self.field = field
        self.message = message
        super().__init__(f"{self.origin.locate(field)}: {message}")

    @classmethod
    def at(cls, origin: Origin, message: str, field: str | None = None) -> CurationError:
        return cls(origin.file, message, record=origin.record, line=origin.line, field=field)


class BuildFailed(KgError):
    """The build stopped on one or more problems; nothing was written."""

    def __init__(self, problems: list[KgError]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"build failed with {len(problems)} problem(s); build/ left untouched:\n{lines}")
