"""Notes to the writer in authored Markdown: ``<!-- ... -->`` comments, never content.

The skeletons ``reviewbench new`` writes teach each file's fields in such notes. A section or a
contribution that holds nothing but notes is still unwritten, so the draft report shows its gap;
and a note is never rendered (not even into the HTML source, where a name in it would leak).
"""

from __future__ import annotations

import re

_NOTE = re.compile(r"<!--.*?-->[ \t]*(?:\r?\n)?", re.S)


def without_notes(text: str) -> str:
    """``text`` with every closed ``<!-- ... -->`` note removed (and the line break after it)."""
    return _NOTE.sub("", text) if "<!--" in text else text
