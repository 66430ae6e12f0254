"""briefing.html: the same briefing as the Word page, self-contained (its style inline, nothing fetched),
in a grid of two columns that prints on one A4 page at the size :mod:`.layout` chose.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..atomic import write_atomic
from ..palette import TAB10, UNKNOWN
from . import layout
from .fill import Briefing
from .word import RULE


def briefing_html(briefing: Briefing, fitted: layout.Fit) -> str:
    """The page's HTML (autoescaped: an authored ``<script>`` is shown as text)."""
    env = Environment(loader=PackageLoader("reviewbench.briefing"), autoescape=True, undefined=StrictUndefined,
                      keep_trailing_newline=True)
    size = fitted.size
    return env.get_template("briefing.html.j2").render(
        briefing=briefing, size=size, line=layout.LINE, after=round(size * layout.AFTER, 2),
        title_size=size * layout.TITLE_SCALE, label_size=round(size * 1.15, 2), margin=layout.MARGIN,
        padding=layout.CELL_PADDING, indent=layout.BULLET_INDENT, width=layout.PAGE_WIDTH - 2 * layout.MARGIN,
        height=round(sum(fitted.row_minimum(i) for i in range(len(fitted.rows))), 1), rule=RULE, gap=UNKNOWN,
        colours=[TAB10[i % len(TAB10)] for i in range(len(briefing.boxes))])


def write_briefing_html(briefing: Briefing, fitted: layout.Fit, path: Path) -> Path:
    write_atomic(path, briefing_html(briefing, fitted))
    return path
