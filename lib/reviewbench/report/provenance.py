"""The "Parameters and provenance" appendix: what this report was made from and with.

Only facts that are the same for the same inputs appear here (no render time, no machine
paths, nothing about whether the build was reused), so two renders of the same review
compare equal.
"""

from __future__ import annotations

import platform
from importlib import metadata
from typing import Protocol

from markupsafe import Markup

from .. import __version__
from ..authored import Authored
from ..config import Review
from ..methodology import Methodology, Section
from ..quality.timescales import review_timescales
from .parts import Options
from .prepare import Prepared
from .text import TextRenderer

LIBRARIES = ("pandas", "networkx", "matplotlib", "nbconvert", "papermill", "nbformat")


class AppendixBuilder(Protocol):
    """What the appendix needs of :class:`~reviewbench.report.content.ReportBuilder`, which calls
    it: the builder's inputs and its table and label helpers (so this module needs no import of it)."""

    review: Review
    method: Methodology
    authored: Authored
    prepared: Prepared
    options: Options
    text: TextRenderer

    def table(self, caption: str, head: list[str], rows: list[list[Markup]], css: str = "") -> Markup: ...

    def label(self, text: str) -> Markup: ...


def library_versions() -> dict[str, str]:
    """Versions of reviewbench, Python, the libraries the report is made with, and pandoc."""
    versions = {"reviewbench": __version__, "python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    try:
        import pypandoc
        versions["pandoc"] = pypandoc.get_pandoc_version()
    except (ImportError, OSError, RuntimeError):
        versions["pandoc"] = "not available"
    return versions


def _value(name: str, value, builder: AppendixBuilder) -> str:
    if name == "review_dir":
        return f"the review folder ({builder.review.id})"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def provenance_html(builder: AppendixBuilder, section: Section) -> Markup:
    review, method, options = builder.review, builder.method, builder.options
    plain = builder.text.plain
    facts = [
        ("Review", f"{review.title} ({review.id})"),
        ("Review period", f"{review.scope.start.isoformat()} to {review.scope.end.isoformat()}"),
        ("Methodology", f"{method.title} ({method.id}, version {method.version})"),
        ("Report notebook", method.report_notebook.path),
        ("Rendered for", "publication (publish = true)" if options.publish else "a draft (publish = false)"),
        ("Names register", "applied to every text shown (private/names.yaml; never rendered)"),
    ]
    out = builder.table("The report", ["", ""], [[plain(k), plain(v)] for k, v in facts], "provenance")

    specs = method.report_notebook.parameters
    rows = [[Markup("<code>{}</code>").format(name), plain(_value(name, options.parameters.get(name, spec.default),
                                                                   builder)), plain(spec.help)]
            for name, spec in specs.items()]
    out += builder.table("Notebook parameters", ["Parameter", "Value", "Meaning"], rows, "parameters")

    report = builder.prepared.ingest_report
    counts = [("Rows read", report.get("rows_read")), ("Entries accepted", report.get("rows_accepted")),
              ("Rows rejected", report.get("rows_rejected")),
              ("Entries outside the scope (kept)", (report.get("out_of_scope") or {}).get("count")),
              ("Joint events", len(report.get("joint_events", []))),
              ("Date conflicts to resolve", len(report.get("conflicts", [])))]
    out += builder.table("The integrated chronology", ["", ""], [[plain(k), plain(v)] for k, v in counts], "counts")

    timescales = review_timescales(review, today=None)     # judged on the dates alone: reproducible
    if timescales:
        rows = [[plain(t.label), plain(t.rule), plain(t.due or "-"), plain(t.actual or "-"),
                 Markup("<strong>{}</strong>").format(t.status.upper()) if t.flagged else plain(t.status),
                 plain(t.detail)] for t in timescales]
        out += builder.table("Statutory timescales", ["Timescale", "Rule", "Due", "Done", "Status", ""],
                             rows, "timescales")

    inputs = dict(builder.prepared.inputs)
    inputs.update(builder.authored.files())
    rows = [[plain(path), Markup('<code class="hash">{}</code>').format(sha)] for path, sha in sorted(inputs.items())]
    out += builder.table("Inputs (SHA-256)", ["File", "SHA-256"], rows, "inputs")

    versions = options.versions or library_versions()
    out += builder.table("Software", ["", "Version"], [[plain(k), plain(v)] for k, v in versions.items()], "software")
    if builder.authored.warnings:
        out += builder.label("Notes on the authored content")
        out += Markup("<ul>{}</ul>\n").format(Markup("").join(Markup("<li>{}</li>").format(plain(w))
                                                             for w in builder.authored.warnings))
    return out
