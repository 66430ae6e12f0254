"""The report's front matter: title block, draft marking, contents and the list of gaps.

Built after the sections, so that it can list their gaps. The public edition has no marking and
no gap list; its title block says what the provenance appendix of the draft would: the period
under review, the methodology and its version, and the publication date when review.yaml has one.
"""

from __future__ import annotations

from markupsafe import Markup

from ..dates import long_date
from .builder import ReportBuilder
from .clock import front_clock
from .templating import render

DRAFT_MARK = "DRAFT — not for publication"


def front_matter(b: ReportBuilder, subtitle: str) -> Markup:
    review, method, edition = b.review, b.method, b.edition
    working = edition.shows_working_notes
    published = review.dates.publication if edition.publish else None
    return render("front.html.j2", b, title=review.title, subtitle=subtitle, method=method,
                  draft_mark=DRAFT_MARK if working else "",
                  start=long_date(review.scope.start), end=long_date(review.scope.end),
                  published=long_date(published) if published else "", clock=front_clock(review, method),
                  scale=b.options.scale,
                  contents=[(number, section, b.heading(section)) for number, section in edition.numbered(method)
                            if "." not in number],
                  gaps=b.gaps if working else [])
