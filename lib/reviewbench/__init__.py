"""reviewbench: review authoring and evidence workbench for child-safeguarding case reviews."""

__version__ = "0.1.0"
