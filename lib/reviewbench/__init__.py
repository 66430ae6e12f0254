"""reviewbench: review authoring and evidence workbench for child-safeguarding case reviews."""

from .import_costs import defer_iri_grammars

__version__ = "0.1.0"

defer_iri_grammars()      # seconds saved in every command that reads a notebook (import_costs.py says why)
