"""Small immutable value classes, without :mod:`dataclasses` or :mod:`typing` at run time.

Every ``kg`` command imports the classes it reads its arguments into (paths, errors, query
helpers). A dataclass would import dataclasses and inspect, a NamedTuple typing: together a good
share of a cold ``kg query``. A :class:`Frozen` subclass lists its fields in ``__slots__`` (with
their annotations), sets them once in ``__init__`` through :meth:`Frozen._set`, and gets
immutability, equality, hashing, ``repr`` and pickling from the slots.

>>> class Point(Frozen):
...     __slots__ = ("x", "y")
...     x: int
...     y: int
...     def __init__(self, x: int, y: int = 0) -> None:
...         self._set(x=x, y=y)
>>> Point(1), Point(1) == Point(1, 0), hash(Point(1)) == hash(Point(1, 0)), Point(1) == Point(2)
(Point(x=1, y=0), True, True, False)
>>> Point(1).x = 2
Traceback (most recent call last):
...
AttributeError: Point is immutable: cannot set x
"""

from __future__ import annotations

__all__ = ["Frozen"]


class Frozen:
    """Base of immutable value classes whose fields are their ``__slots__``, in order."""

    __slots__: tuple[str, ...] = ()

    def _set(self, **values: object) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Frozen) or type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"

    def __reduce__(self) -> tuple:
        return (type(self), self._values())
