"""The agency interaction graph and the patterns reviewers look for (``reviewbench graph``).

Front functions: :func:`analyse` (a chronology DataFrame, any period), :func:`write_network`
(build/network/ files) and :func:`graph_review` (a review folder, both at once).

The names below are loaded on first use (PEP 562): importing one networkx-free module of the package
(``reading``, ``rules``, ``sightings``... what the lenses and a report notebook read) does not load
networkx and the analysis with it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .analysis import analyse, graph_review
    from .built import network_dir, read_statements
    from .outputs import metrics_dict, write_network
    from .results import NetworkAnalysis
    from .rules import interaction_rules

_WHERE = {"analyse": "analysis", "graph_review": "analysis", "network_dir": "built",
          "metrics_dict": "outputs", "read_statements": "built", "write_network": "outputs",
          "NetworkAnalysis": "results", "interaction_rules": "rules"}

__all__ = ["NetworkAnalysis", "analyse", "graph_review", "interaction_rules", "metrics_dict", "network_dir",
           "read_statements", "write_network"]


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value
