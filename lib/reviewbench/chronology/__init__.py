"""The integrated multi-agency chronology: its schema, merging entries, joint events, exports."""

from .merge import build_chronology
from .schema import CHRONOLOGY_COLUMNS, read_chronology, write_chronology

__all__ = ["CHRONOLOGY_COLUMNS", "build_chronology", "read_chronology", "write_chronology"]
