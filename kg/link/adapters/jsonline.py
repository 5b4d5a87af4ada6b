"""One line of a JSON Lines file, parsed with the errors every JSON Lines adapter reports alike.

>>> json_line('{"id": "x"}', "f.jsonl:3")
{'id': 'x'}
>>> try:
...     json_line('{"id": ', "f.jsonl:4")
... except KgError as error:
...     print(error)
f.jsonl:4: not JSON (Expecting value, column 8)
"""

from __future__ import annotations

import json
from typing import Any

from kg.core.errors import KgError

__all__ = ["json_line"]


def json_line(line: str, where: str) -> Any:
    """The JSON value of ``line``; :class:`KgError` at ``where`` (``FILE:LINE``) if it is not JSON
    or is nested too deeply for the parser."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise KgError(f"{where}: not JSON ({exc.msg}, column {exc.colno})") from None
    except RecursionError:
        raise KgError(f"{where}: JSON nested too deeply to read") from None
