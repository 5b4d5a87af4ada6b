"""A very small SVG writer: elements as text, every attribute and text escaped exactly once here.

Numbers are written with one fixed format (:func:`num`), attributes in the order given, so the
same drawing is always the same bytes.

>>> num(3), num(2.25), num(-0.04)
('3.0', '2.2', '-0.0')
>>> element("text", {"x": 1.5, "class": 'a"b'}, "IGA <4> & BSA")
'<text x="1.5" class="a&quot;b">IGA &lt;4&gt; &amp; BSA</text>'
>>> element("rect", {"width": 2, "height": 1})
'<rect width="2.0" height="1.0"/>'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from html import escape

__all__ = ["element", "group", "num", "text"]


def num(value: float | int | Decimal) -> str:
    """A coordinate or size with one decimal, always (round half to even, as ``format`` does)."""
    return f"{float(value):.1f}"


def _attribute(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return num(value)
    return escape(str(value), quote=True)


def element(tag: str, attrs: Mapping[str, object], content: str | None = None) -> str:
    """``<tag attrs>content</tag>`` with ``content`` as text (escaped), or ``<tag attrs/>``."""
    head = tag + "".join(f' {name}="{_attribute(value)}"' for name, value in attrs.items() if value is not None)
    if content is None:
        return f"<{head}/>"
    return f"<{head}>{escape(content, quote=False)}</{tag}>"


def text(x: float, y: float, content: str, **style: object) -> str:
    """A ``<text>`` at (x, y); ``style`` keys with ``_`` become ``-`` (``font_size`` -> ``font-size``)."""
    return element("text", {"x": x, "y": y, **{k.rstrip("_").replace("_", "-"): v for k, v in style.items()}},
                   content)


def group(attrs: Mapping[str, object], children: Iterable[str]) -> str:
    """A ``<g>`` around already written children, one per line."""
    head = element("g", attrs)[:-2]
    return head + ">\n" + "\n".join(children) + "\n</g>"
