"""Every text the report shows passes through :class:`TextRenderer`.

It applies the names register (pseudonyms), escapes HTML (a ``<script>`` in a submission is
shown as text, never run), links the ids of entries, KPEs, findings and problems to where
they are in the report (or, for ids given a label, shows the label instead: the public edition
names a chronology entry by its agency and date, never by its id), shows a cited lens row
(``[voice:3]``) as its citation, and renders authored Markdown without raw HTML or remote images.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

import mistune
from markupsafe import Markup, escape
from mistune.renderers.html import HTMLRenderer

from ..publication.names import NameRegister
from .lens_citations import LENS_REF

_ANCHOR = re.compile(r"</?a\b[^>]*>")
# A run of id characters that no word character or hyphen comes before: an id starts at its start or
# after one of its dots, and ends at its end or before one of its dots.
_ID_RUN = re.compile(r"(?<![\w-])\w[\w.-]*")


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

    # Footnotes ([^1] in authored Markdown), numbered through the whole report and written as pandoc
    # writes them, so that report.docx gets real Word footnotes and report.html a list of notes.
    def footnote_ref(self, key: str, index: int) -> str:
        number = self.owner.notes_before + index
        self.owner.notes = max(self.owner.notes, number)
        return (f'<a href="#note-{number}" class="footnote-ref" id="note-ref-{number}" '
                f'role="doc-noteref"><sup>{number}</sup></a>')

    def footnotes(self, text: str) -> str:
        return (f'<section class="footnotes" role="doc-endnotes">\n<ol start="{self.owner.notes_before + 1}">\n'
                f'{text}</ol>\n</section>\n')

    def footnote_item(self, text: str, key: str, index: int) -> str:
        number = self.owner.notes_before + index
        back = f' <a href="#note-ref-{number}" class="footnote-back" role="doc-backlink">↩</a>'
        text = text.rstrip()
        text = text[:-4] + back + "</p>" if text.endswith("</p>") else text + back
        return f'<li id="note-{number}">{text}</li>\n'


class TextRenderer:
    """Pseudonymise, escape and link text; ``targets`` maps an id to its anchor in the report."""

    def __init__(self, register: NameRegister, targets: dict[str, str] | None = None):
        self.register = register
        self.targets: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.lens_refs: dict[str, Markup] = {}      # "voice:3" -> how the report shows that citation
        self.notes = 0                               # footnotes so far, numbered through the report
        self.notes_before = 0
        self._renderer = _Renderer(self)
        self._markdown = mistune.create_markdown(renderer=self._renderer,
                                                 plugins=["table", "strikethrough", "footnotes"])
        for name in ("footnote_ref", "footnotes", "footnote_item"):     # the plugin's own, replaced by ours
            self._renderer.register(name, getattr(_Renderer, name))
        if targets:
            self.set_targets(targets)

    def set_targets(self, targets: dict[str, str], labels: dict[str, str] | None = None) -> None:
        """``targets``: id -> anchor, shown as a link; ``labels``: id -> plain text shown instead of the id."""
        self.targets = dict(targets)
        self.labels = {k: v for k, v in (labels or {}).items() if k not in self.targets}

    def set_lens_refs(self, refs: dict[str, Markup]) -> None:
        """``refs``: a lens citation as written between its brackets (``voice:3``) -> the HTML shown instead."""
        self.lens_refs = dict(refs)

    def _ids_in(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, id) of every known id in ``text`` as a whole token: where an id may start, the
        longest one followed by neither a word character nor a hyphen. One pass with dictionary
        look-ups, whatever the number of ids (a regex alternating them all costs that number per text)."""
        known = (self.targets, self.labels)
        for run in _ID_RUN.finditer(text):
            token, base = run.group(), run.start()
            dots = [i for i, c in enumerate(token) if c == "."]
            ends = [len(token), *reversed(dots)]          # longest first
            start: int | None = 0
            while start is not None:
                end = next((e for e in ends if e > start and any(token[start:e] in ids for ids in known)), None)
                if end is not None:
                    yield base + start, base + end, token[start:end]
                after = start if end is None else end
                start = next((d + 1 for d in dots if d >= after), None)

    def mentioned(self, text: str, ids: set[str]) -> set[str]:
        """Which of ``ids`` appear as whole tokens in ``text``."""
        tokens = set(re.findall(r"[A-Za-z][A-Za-z0-9_.-]*", text or ""))
        return tokens & ids

    # -- the three ways text reaches the report -------------------------------------------------
    def plain(self, text: Any) -> Markup:
        """Pseudonymised and escaped; nothing linked."""
        return escape(self.register.apply("" if text is None else str(text)))

    def link_ids(self, escaped: Markup | str) -> Markup:
        """Turn known ids inside already-escaped text into links, and lens citations into theirs."""
        escaped = Markup(escaped)
        if self.lens_refs and "[" in escaped:
            text, parts, pos = str(escaped), [], 0
            for found in LENS_REF.finditer(text):
                shown = self.lens_refs.get(f"{found.group(1)}:{found.group(2)}")
                if shown is not None:
                    parts += [self._link_entry_ids(Markup(text[pos:found.start()])), shown]
                    pos = found.end()
            if parts:
                return Markup("").join([*parts, self._link_entry_ids(Markup(text[pos:]))])
        return self._link_entry_ids(escaped)

    def _link_entry_ids(self, escaped: Markup) -> Markup:
        if not self.targets and not self.labels:
            return escaped
        text, parts, pos = str(escaped), [], 0
        for start, end, found in self._ids_in(text):
            parts += [text[pos:start], self._shown_id(found)]
            pos = end
        return Markup("".join(parts) + text[pos:]) if parts else escaped

    def _shown_id(self, found: str) -> str:
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
        self.notes_before = self.notes
        return Markup(self._markdown(source))


def link(anchor: str, label: Markup | str) -> Markup:
    return Markup('<a href="#{}">{}</a>').format(anchor, label)
