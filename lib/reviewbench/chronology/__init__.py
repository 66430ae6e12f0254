"""The integrated multi-agency chronology: merging entries, joint events, exports."""

from .export import read_chronology
from .merge import build_chronology

__all__ = ["build_chronology", "read_chronology"]
