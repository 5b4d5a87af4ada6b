"""A query's time limit unless one is given, and the longest one accepted, in seconds (plain
constants, so that ``kg --help`` imports nothing of the query layer for them).

>>> DEFAULT_TIMEOUT <= MAX_TIMEOUT
True
"""

__all__ = ["DEFAULT_TIMEOUT", "MAX_TIMEOUT"]

DEFAULT_TIMEOUT = 30.0
MAX_TIMEOUT = 24 * 3600.0
