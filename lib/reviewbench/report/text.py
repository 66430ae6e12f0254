"""Every text the report shows passes through :class:`TextRenderer`.

It applies the names register (pseudonyms), escapes HTML (a ``<script>`` in a submission is
shown as text, never run), links the ids of entries, KPEs, findings and problems to where
they are in the report (or, for ids given a label, shows the label instead: the public edition
names a chronology entry by its agency and date, never by its id), and renders authored
Markdown without raw HTML or remote images.
"""

from __future__ import annotations

import re
from typing import Any

import mistune
from markupsafe import Markup, escape
from mistune.renderers.html import HTMLRenderer

from ..publication.names import NameRegister

_ANCHOR = re.compile(r"</?a\b[^>]*>")


class _Renderer(HTMLRenderer):
    """Mistune's HTML renderer, escaping raw HTML, shifting headings and never fetching images."""

    def __init__(self, owner: "TextRenderer"):
        super().__init__(escape=True)
        self.owner = owner
        self.base_level = 3

    def text(self, text: str) -> str:
        return str(self.owner.link_ids(escape(text)))

    def heading(self, text: str, level: int, **attrs: Any) -> str:
        level = min(6, level + self.base_level - 1)
        return f"<h{level}>{text}</h{level}>\n"

    def image(self, text: str, url: str, title: str | None = None) -> str:
        return f'<span class="image-omitted">[image not embedded: {text or "no description"}]</span>'

    def link(self, text: str, url: str, title: str | None = None) -> str:
        return super().link(_ANCHOR.sub("", text), url, title)


class TextRenderer:
    """Pseudonymise, escape and link text; ``targets`` maps an id to its anchor in the report."""

    def __init__(self, register: NameRegister, targets: dict[str, str] | None = None):
        self.register = register
        self.targets: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self._pattern: re.Pattern | None = None
        self._renderer = _Renderer(self)
        self._markdown = mistune.create_markdown(renderer=self._renderer, plugins=["table", "strikethrough"])
        if targets:
            self.set_targets(targets)

    def set_targets(self, targets: dict[str, str], labels: dict[str, str] | None = None) -> None:
        """``targets``: id -> anchor, shown as a link; ``labels``: id -> plain text shown instead of the id."""
        self.targets = dict(targets)
        self.labels = {k: v for k, v in (labels or {}).items() if k not in self.targets}
        ids = sorted({*self.targets, *self.labels}, key=len, reverse=True)
        self._pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(i) for i in ids) + r")(?![\w-])") if ids \
            else None

    def mentioned(self, text: str, ids: set[str]) -> set[str]:
        """Which of ``ids`` appear as whole tokens in ``text``."""
        tokens = set(re.findall(r"[A-Za-z][A-Za-z0-9_.-]*", text or ""))
        return tokens & ids

    # -- the three ways text reaches the report -------------------------------------------------
    def plain(self, text: Any) -> Markup:
        """Pseudonymised and escaped; nothing linked."""
        return escape(self.register.apply("" if text is None else str(text)))

    def link_ids(self, escaped: Markup | str) -> Markup:
        """Turn known ids inside already-escaped text into links."""
        escaped = Markup(escaped)
        if self._pattern is None:
            return escaped
        return Markup(self._pattern.sub(self._shown_id, str(escaped)))

    def _shown_id(self, match: re.Match) -> str:
        found = match.group(1)
        if found in self.targets:
            return f'<a href="#{self.targets[found]}">{found}</a>'
        return str(self.plain(self.labels[found]))

    def ref(self, item_id: str) -> Markup:
        """An id, linked to where it is in the report when it is there."""
        anchor = self.targets.get(item_id)
        return link(anchor, item_id) if anchor else escape(item_id)

    def refs(self, ids: list[str]) -> Markup:
        return Markup(", ").join(self.ref(i) for i in ids)

    def inline(self, text: Any) -> Markup:
        """A one-line text: pseudonymised, escaped, ids linked."""
        return self.link_ids(self.plain(text))

    def record(self, text: Any) -> Markup:
        """Text as an agency recorded it: never Markdown, line breaks kept."""
        return Markup("<br>").join(self.inline(line) for line in str(text or "").split("\n"))

    def markdown(self, text: Any, level: int = 3) -> Markup:
        """Authored Markdown (headings start at ``level``); raw HTML is shown as text."""
        source = self.register.apply("" if text is None else str(text)).strip()
        if not source:
            return Markup("")
        self._renderer.base_level = level
        return Markup(self._markdown(source))


def link(anchor: str, label: Markup | str) -> Markup:
    return Markup('<a href="#{}">{}</a>').format(anchor, label)
