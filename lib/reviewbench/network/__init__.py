"""The agency interaction graph and the patterns reviewers look for (``reviewbench graph``).

Front functions: :func:`analyse` (a chronology DataFrame, any period), :func:`write_network`
(build/network/ files) and :func:`graph_review` (a review folder, both at once).
"""

from .analysis import analyse, graph_review, network_dir
from .outputs import metrics_dict, read_statements, write_network
from .results import NetworkAnalysis
from .rules import interaction_rules

__all__ = ["NetworkAnalysis", "analyse", "graph_review", "interaction_rules", "metrics_dict", "network_dir",
           "read_statements", "write_network"]
