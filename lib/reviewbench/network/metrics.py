"""Numbers about the network that a reviewer can act on, each traceable to entries.

Centrality is computed on the undirected graph (who had any exchange with whom), without
weights: it answers "through whom did information have to pass", not "who wrote most".
Reciprocity leaves joint meetings out, because a meeting is mutual by nature.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from .graph import undirected


def _round(value: float) -> float:
    return round(float(value), 4)


def agency_table(graph: nx.DiGraph, interactions: pd.DataFrame) -> pd.DataFrame:
    """Per agency: entries, interactions out and in, partners (degree) and centralities."""
    simple = undirected(graph)
    nodes = list(graph.nodes)
    betweenness = nx.betweenness_centrality(simple) if len(nodes) > 2 else dict.fromkeys(nodes, 0.0)
    closeness = nx.closeness_centrality(simple) if len(nodes) > 1 else dict.fromkeys(nodes, 0.0)
    out_counts = interactions["from_agency"].value_counts()
    in_counts = interactions["to_agency"].value_counts()
    rows = []
    for name in nodes:
        degree = simple.degree(name)
        rows.append({
            "agency": name,
            "entries": graph.nodes[name]["entries"],
            "interactions_out": int(out_counts.get(name, 0)),
            "interactions_in": int(in_counts.get(name, 0)),
            "degree": int(degree),
            "degree_centrality": _round(degree / (len(nodes) - 1)) if len(nodes) > 1 else 0.0,
            "betweenness": _round(betweenness[name]),
            "closeness": _round(closeness[name]),
            "isolate": degree == 0,
        })
    columns = ["agency", "entries", "interactions_out", "interactions_in", "degree",
               "degree_centrality", "betweenness", "closeness", "isolate"]
    return pd.DataFrame(rows, columns=columns)


def density(graph: nx.DiGraph) -> dict:
    """Share of the possible pairs of involved agencies that had any recorded exchange."""
    simple = undirected(graph)
    n = simple.number_of_nodes()
    possible = n * (n - 1) // 2
    return {"agencies": n, "pairs_possible": possible, "pairs_linked": simple.number_of_edges(),
            "density": _round(simple.number_of_edges() / possible) if possible else None}


def reciprocity(interactions: pd.DataFrame) -> dict:
    """How many one-way links (referrals, sharing, requests, contacts) were ever returned."""
    directed = interactions[interactions["kind"] != "joint-meeting"]
    pairs = directed.groupby(["from_agency", "to_agency"], sort=True)["entry_id"].agg(list)
    links = set(pairs.index)
    one_way = [{"from_agency": a, "to_agency": b, "count": len(ids), "entry_ids": ids}
               for (a, b), ids in pairs.items() if (b, a) not in links]
    returned = len(links) - len(one_way)
    return {"links": len(links), "returned": returned,
            "reciprocity": _round(returned / len(links)) if links else None,
            "one_way": one_way}


def expected_missing_ties(entries: pd.DataFrame, linked: set[frozenset], window: int) -> list[dict]:
    """Pairs of agencies that both recorded concerns within ``window`` days but never exchanged anything.

    Dates are compared as intervals, so an entry dated only to the month can pair with any
    day of that month.
    """
    return missing_ties(concerns_by_agency(entries), linked, window)


def concerns_by_agency(entries: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Each agency's dated concerns sorted by start: starts, ends and entry ids (read once for every window)."""
    concerns = entries.loc[entries["_concern"] & entries["_dated"] & (entries["agency"] != ""),
                           ["agency", "_start", "_end", "entry_id"]]
    by_agency = {}
    for name, group in concerns.groupby("agency", sort=True):
        group = group.sort_values("_start", kind="stable")
        by_agency[name] = (group["_start"].to_numpy(), group["_end"].to_numpy(), group["entry_id"].to_numpy())
    return by_agency


def missing_ties(by_agency: dict, linked: set[frozenset], window: int) -> list[dict]:
    """:func:`expected_missing_ties` of the concerns :func:`concerns_by_agency` read."""
    names = sorted(by_agency)
    found = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if frozenset((a, b)) in linked:
                continue
            near_a = _near(by_agency[a], by_agency[b], window)
            if not near_a.any():
                continue
            near_b = _near(by_agency[b], by_agency[a], window)
            sa, ea, ids_a = (x[near_a] for x in by_agency[a])
            sb, eb, ids_b = (x[near_b] for x in by_agency[b])
            found.append({"agencies": [a, b],
                          "first_day": int(min(sa.min(), sb.min())), "last_day": int(max(ea.max(), eb.max())),
                          "entry_ids": {a: ids_a.tolist(), b: ids_b.tolist()}})
    return found


def _near(mine: tuple, theirs: tuple, window: int) -> np.ndarray:
    """Which of my entries lie within ``window`` days of any of theirs (theirs sorted by start)."""
    starts, ends, _ = mine
    their_starts, their_ends, _ = theirs
    reach = np.maximum.accumulate(their_ends)
    upto = np.searchsorted(their_starts, ends + window, side="right")
    ok = upto > 0
    near = np.zeros(len(starts), dtype=bool)
    near[ok] = reach[upto[ok] - 1] >= starts[ok] - window
    return near
