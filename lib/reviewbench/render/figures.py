"""The figures a draft draws from the authored content, saved beside it as PNG files (``figures/``).

The report embeds every figure; those drawn from the authored content (the SEIPS work system, the RCA
contributory-factor chart and fishbones) exist nowhere else, so render saves the very bytes the report
holds, under the anchor each has in the report: ``figures/figure-work-system.png``.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

from ..atomic import write_atomic
from ..methodology import AUTHORED_FIGURES

# The figure template's own markup (reviewbench/report/templates/figure.html.j2).
_FIGURE = re.compile(r'<figure id="(?P<anchor>[A-Za-z0-9._-]+)">'
                     r'<img src="data:image/png;base64,(?P<data>[A-Za-z0-9+/=]+)"')
_DRAWN = tuple(f"figure-{name}" for name in AUTHORED_FIGURES if name != "fishbone") + ("fishbone-",)


def save_figures(body: str, folder: Path) -> list[Path]:
    """Write each figure of ``body`` (the report's HTML) drawn from the authored content into ``folder``."""
    written = []
    for match in _FIGURE.finditer(body):
        anchor = match.group("anchor")
        if not anchor.startswith(_DRAWN):
            continue
        path = folder / f"{anchor}.png"
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, base64.b64decode(match.group("data")))
        written.append(path)
    return written
