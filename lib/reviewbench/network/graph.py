"""The agency interaction graph: one node per agency involved, one edge per direction.

A directed graph with counts on the edges is what Gephi and Cytoscape show best, and what
the metrics need; the individual interactions stay in interactions.csv.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from ..chronology.counts import agency_entries
from .rules import KINDS


def build_graph(involved: list[str], entries: pd.DataFrame, interactions: pd.DataFrame,
                colours: dict[str, str], in_review: set[str]) -> nx.DiGraph:
    """Nodes in ``involved`` order with their entry counts (:func:`~reviewbench.chronology.counts.agency_entries`,
    as every table counts them); edges aggregated from the interactions."""
    graph = nx.DiGraph()
    counts = agency_entries(entries)
    for name in involved:
        graph.add_node(name, label=name, entries=int(counts.get(name, 0)), colour=colours.get(name, "#888888"),
                       in_review=name in in_review)
    if len(interactions):
        pair = ["from_agency", "to_agency"]
        edges = interactions.groupby(pair, sort=True).agg(
            weight=("entry_id", "size"), first_date=("date", "first"), last_date=("date", "last"))
        edges["entry_ids"] = interactions.groupby(pair, sort=True)["entry_id"].agg(lambda ids: "; ".join(ids.tolist()))
        kinds = interactions.groupby([*pair, "kind"], sort=True).size().unstack("kind", fill_value=0)
        kinds = kinds.reindex(columns=list(KINDS), fill_value=0)
        for (source, target), row, counts in zip(edges.index, edges.itertuples(index=False),
                                                 kinds.loc[edges.index].to_numpy()):
            attrs = {"weight": int(row.weight), "first_date": str(row.first_date), "last_date": str(row.last_date),
                     "entry_ids": row.entry_ids}
            attrs.update({kind.replace("-", "_"): int(n) for kind, n in zip(KINDS, counts)})
            graph.add_edge(source, target, **attrs)
    return graph


def undirected(graph: nx.DiGraph) -> nx.Graph:
    """Who had any exchange with whom, whichever way: what density and centrality are about."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for source, target, data in graph.edges(data=True):
        weight = data["weight"] + (simple[source][target]["weight"] if simple.has_edge(source, target) else 0)
        simple.add_edge(source, target, weight=weight)
    return simple
