"""The "Parameters and provenance" appendix: what this report was made from and with, and the
network's measures and how much its prompts depend on their settings (:mod:`.network_appendix`).

Only facts that are the same for the same inputs appear here (no render time, no machine
paths, nothing about whether the build was reused), so two renders of the same review
compare equal.
"""

from __future__ import annotations

import datetime as dt
import platform
from importlib import metadata

from markupsafe import Markup

from ... import __version__
from ...dates import long_date, period
from ...methodology import Section
from ...process import review_pack
from ...quality.timescales import review_timescales
from ..builder import ReportBuilder
from ..registry import fill
from .network_appendix import network_measures, settings_sensitivity

LIBRARIES = ("pandas", "networkx", "matplotlib", "nbconvert", "papermill", "nbformat")


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


def _value(name: str, value, builder: ReportBuilder) -> str:
    if name == "review_dir":
        return f"the review folder ({builder.review.id})"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _day(iso: str | None) -> str:
    return long_date(dt.date.fromisoformat(iso)) if iso else "-"


@fill("provenance")
def provenance(b: ReportBuilder, section: Section, number: str, level: int) -> Markup:
    review, method, options = b.review, b.method, b.options
    plain = b.text.plain
    facts = [
        ("Review", f"{review.title} ({review.id})"),
        ("Review period", period(review.scope.start, review.scope.end)),
        ("Methodology", f"{method.title} ({method.id}, version {method.version})"),
        *([("Scale", f"{options.scale.title} ({options.scale.id})")] if options.scale else []),
        ("Report notebook", method.report_notebook.path),
        ("Edition", "public edition" if options.publish else "working draft"),
        ("Names register", "applied to every text shown (private/names.yaml; never rendered)"),
    ]
    out = b.table("The report", ["", ""], [[plain(k), plain(v)] for k, v in facts], "provenance")    # no header

    if method.sources:
        out += b.table(f"Sources of the {method.title} outline", ["Source", "What it is evidence of"],
                       [[plain(source.citation), plain(source.note)] for source in method.sources], "sources")

    specs = method.report_notebook.parameters
    rows = [[b.m.code(name), plain(_value(name, options.parameters.get(name, spec.default), b)), plain(spec.help)]
            for name, spec in specs.items()]
    out += b.table("Notebook parameters", ["Parameter", "Value", "Meaning"], rows, "parameters")

    report = b.prepared.ingest_report
    counts = [("Rows read", report.get("rows_read")), ("Entries accepted", report.get("rows_accepted")),
              ("Rows rejected", report.get("rows_rejected")),
              ("Entries outside the scope (kept)", (report.get("out_of_scope") or {}).get("count")),
              ("Joint events", len(report.get("joint_events", []))),
              ("Date conflicts to resolve", len(report.get("conflicts", [])))]
    out += b.table("The integrated chronology", ["", ""], [[plain(k), plain(v)] for k, v in counts], "counts")
    out += settings_sensitivity(b) + network_measures(b)

    timescales = review_timescales(review, today=None)     # judged on the dates alone: reproducible
    if timescales:
        words = review_pack(review).pack.in_words
        rows = [[plain(t.label), plain(words(t.rule)), plain(_day(t.due)), plain(_day(t.actual)),
                 b.m.strong(t.status.upper()) if t.flagged else plain(t.status), plain(words(t.detail))]
                for t in timescales]
        out += b.table("Statutory timescales", ["Timescale", "Rule", "Due", "Done", "Status", "Detail"], rows,
                       "timescales")

    inputs = dict(b.prepared.inputs)
    inputs.update(b.authored.files())
    rows = [[plain(path), b.m.hash(sha)] for path, sha in sorted(inputs.items())]
    out += b.table("Inputs (SHA-256)", ["File", "SHA-256"], rows, "inputs")

    versions = options.versions or library_versions()
    out += b.table("Software", ["Software", "Version"], [[plain(k), plain(v)] for k, v in versions.items()],
                   "software")
    if b.authored.warnings:
        out += b.m.label("Notes on the authored content") + b.m.notes(b.authored.warnings)
    return out
