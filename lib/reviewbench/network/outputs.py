"""build/network/: interactions.csv, statements.csv, agency_graph.graphml, metrics.json, sensitivity.csv, the figures.

Every file is deterministic (sorted, no timestamps) so that ``reviewbench verify`` can
compare a re-run byte for byte.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd

from .. import __version__
from ..dates import day_to_iso
from .built import METRICS_JSON, STATEMENTS_CSV
from .followthrough import FOLLOWTHROUGH_COLUMNS
from .results import NetworkAnalysis

METRICS_VERSION = 1


def _plain(value):
    """JSON-ready values: numpy scalars to Python, NA to None."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        if all(type(v) is str for v in value):   # entry ids: the bulk of the file
            return list(value)
        return [_plain(v) for v in value]
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts (missing values as None)."""
    plain = frame.astype(object)
    return plain.where(frame.notna(), None).to_dict("records")


def metrics_dict(analysis: NetworkAnalysis) -> dict:
    """What metrics.json holds: every number with the entries behind it, and the statements."""
    follow = analysis.followthrough
    table = analysis.patterns["contacts_by_month"]
    gaps = [{k: v for k, v in g.items() if k not in ("from_day", "to_day")} for g in analysis.patterns["contact_gaps"]]
    unseen = [{k: v for k, v in g.items() if k not in ("from_day", "to_day")}
              for g in analysis.patterns["child_not_seen"]]
    ties = [{"agencies": t["agencies"], "entry_ids": t["entry_ids"], "from": day_to_iso(t["first_day"]),
             "to": day_to_iso(t["last_day"]), "rule": t.get("rule", ""), "setting": t.get("setting", {}),
             "matched": t.get("matched", [])} for t in analysis.network["expected_missing_ties"]]
    return _plain({
        "metrics_version": METRICS_VERSION,
        "reviewbench_version": __version__,
        "review": analysis.review_id,
        "period": {"start": analysis.start.isoformat(), "end": analysis.end.isoformat(), "basis": analysis.basis},
        "settings": analysis.settings,
        "counts": {"entries": int(len(analysis.entries)), "interactions": int(len(analysis.interactions)),
                   "agencies_involved": int(analysis.graph.number_of_nodes()),
                   "interactions_by_kind": {k: int(v) for k, v in
                                            sorted(analysis.interactions["kind"].value_counts().items())}},
        "agencies": {row["agency"]: {k: v for k, v in row.items() if k != "agency"}
                     for row in _records(analysis.agencies)},
        "network": {"density": analysis.network["density"], "reciprocity": analysis.network["reciprocity"],
                    "isolates": analysis.network["isolates"], "not_involved": analysis.network["not_involved"],
                    "expected_missing_ties": ties},
        "referral_followthrough": {
            "response_days": analysis.settings["referral_response_days"],
            "referrals": int(len(follow)), "answered": int((follow["status"] == "answered").sum()),
            "unanswered": _records(follow[~follow["status"].isin(["answered", "too-recent"])]),
            "too_recent": _records(follow[follow["status"] == "too-recent"]),
            "answered_entry_ids": follow.loc[follow["status"] == "answered", "entry_id"].tolist(),
        },
        "patterns": {
            "contacts_by_month": {agency: {m: int(v) for m, v in row.items() if v}
                                  for agency, row in table.iterrows()},
            "contact_gaps": gaps, "child_not_seen": unseen,
            "child_seen_recorded": analysis.patterns["child_seen_recorded"],
            "child_seen": analysis.patterns["child_seen"],
            "attendance": _records(analysis.attendance_table()),
            "repeated_nfa": analysis.patterns["repeated_nfa"],
            "missed_appointments": analysis.patterns["missed_appointments"],
        },
        "statements": [s.as_dict() for s in analysis.statements],
        "sensitivity": analysis.sensitivity,
        "notes": analysis.notes,
    })


def _graphml_ready(analysis: NetworkAnalysis) -> nx.DiGraph:
    graph = analysis.graph.copy()
    graph.graph.update(review=analysis.review_id, start=analysis.start.isoformat(), end=analysis.end.isoformat())
    for _, data in graph.nodes(data=True):   # Gephi wants every attribute on every node
        for key, default in (("interactions_out", 0), ("interactions_in", 0), ("degree", 0),
                             ("degree_centrality", 0.0), ("betweenness", 0.0), ("closeness", 0.0),
                             ("isolate", False)):
            data.setdefault(key, default)
        colour = data["colour"].lstrip("#")   # r, g, b: the node colour as Gephi reads it
        data.update(r=int(colour[0:2], 16), g=int(colour[2:4], 16), b=int(colour[4:6], 16))
    return graph


def write_network(analysis: NetworkAnalysis, out_dir: str | Path, *, figures: bool = True) -> list[Path]:
    """Write the network outputs into ``out_dir`` and return their paths.

    ``figures=False`` leaves out the drawings (about a second each with matplotlib) for a caller
    that reads only the tables, graph and metrics; every build writes them."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []

    path = out / "interactions.csv"
    analysis.interactions_table().to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    written.append(path)

    path = out / "followthrough.csv"
    analysis.followthrough[list(FOLLOWTHROUGH_COLUMNS)].to_csv(path, index=False, lineterminator="\n",
                                                                encoding="utf-8")
    written.append(path)

    path = out / STATEMENTS_CSV
    analysis.statements_table().to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    written.append(path)

    path = out / "meetings.csv"
    meetings = analysis.meetings.assign(entry_ids=analysis.meetings["entry_ids"].map("; ".join))
    meetings.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    written.append(path)

    path = out / "child_seen.csv"
    analysis.child_seen_table().to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    written.append(path)

    path = out / "contacts_by_month.csv"
    analysis.patterns["contacts_by_month"].rename_axis("agency").to_csv(path, lineterminator="\n", encoding="utf-8")
    written.append(path)

    path = out / "sensitivity.csv"
    analysis.sensitivity_table().to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    written.append(path)

    path = out / "agency_graph.graphml"
    nx.write_graphml(_graphml_ready(analysis), path, encoding="utf-8")
    written.append(path)

    path = out / METRICS_JSON
    path.write_text(json.dumps(metrics_dict(analysis), indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    written.append(path)

    if figures:
        from .figures import draw_figures, save_figure  # matplotlib: loaded only when something is drawn

        for name, figure in draw_figures(analysis).items():
            written.extend(save_figure(figure, out / name))
    return written
