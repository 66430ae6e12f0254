"""The network's measures and settings in the provenance appendix, for the review team and the
quality checker: the report's body says what the measures mean in words ("agencies heard back
from most of the agencies they contacted"); their names and values are kept here, with how
much each prompt depends on the setting behind it (build/network/metrics.json, sensitivity.csv).
"""

from __future__ import annotations

from markupsafe import Markup

from ..builder import ReportBuilder


def settings_sensitivity(b: ReportBuilder) -> Markup:
    """Each threshold's finding at the setting, at half and at double it."""
    rows = b.prepared.metrics.get("sensitivity") or []
    if not rows:
        return Markup("")
    plain = b.text.plain
    intro = b.m.meta("Each setting of review.yaml that decides a prompt, with the prompts counted again at half "
                     "and at double it (build/network/sensitivity.csv). Where the counts change, the prompts depend "
                     "on the setting: read them with it in mind.")
    cells = [[b.m.code(f"{r['setting']}: {r['value']}"), plain(r["text"]),
              plain("yes" if r["depends_on_setting"] else "no")] for r in rows]
    return intro + b.table("How the prompts depend on the settings", ["Setting", "Found", "Depends on it"], cells,
                           "sensitivity")


def network_measures(b: ReportBuilder) -> Markup:
    """Density and reciprocity, and each agency's centralities, with what each means."""
    network = b.prepared.metrics.get("network") or {}
    density, reciprocity = network.get("density") or {}, network.get("reciprocity") or {}
    plain = b.text.plain
    out = Markup("")
    rows = []
    if density.get("density") is not None:
        rows.append([plain("density"), plain(f"{density['density']:.2f}"),
                     plain(f"the share of the {density['pairs_possible']:,} pairs of involved agencies that had any "
                           f"recorded exchange ({density['pairs_linked']:,})")])
    if reciprocity.get("reciprocity") is not None:
        rows.append([plain("reciprocity"), plain(f"{reciprocity['reciprocity']:.2f}"),
                     plain(f"the share of the {reciprocity['links']:,} one-way links (one agency contacting another) "
                           f"with something recorded going back ({reciprocity['returned']:,})")])
    if rows:
        out += b.m.meta("The measures behind the prompts of the chronology (build/network/metrics.json); the body "
                        "of the report says what they mean in words.")
        out += b.table("Network measures", ["Measure", "Value", "What it is"], rows, "measures")
    agencies = b.prepared.metrics.get("agencies") or {}
    if agencies:
        cells = [[plain(name), plain(m["degree"]), plain(f"{m['betweenness']:.2f}"), plain(f"{m['closeness']:.2f}")]
                 for name, m in agencies.items()]
        out += b.m.meta("Degree: the agencies it exchanged with. Betweenness: the share of the shortest routes "
                        "between two other agencies that pass through it. Closeness: how near it is, on average, "
                        "to every other agency.")
        out += b.table("Network measures by agency", ["Agency", "Degree", "Betweenness", "Closeness"], cells,
                       "centrality")
    return out
