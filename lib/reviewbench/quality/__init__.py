"""Quality: the SCIE/NSPCC quality markers, the evidence the workbench computes, statutory timescales."""

from .markers import Assessment, Marker, markers_in_force, quality_markers, reviewer_assessments
from .report import assess_quality, quality_markdown, write_quality
from .timescales import Timescale, add_working_days, deadline, review_timescales, timescales_markdown

__all__ = ["Assessment", "Marker", "Timescale", "add_working_days", "assess_quality", "deadline", "markers_in_force",
           "quality_markdown", "quality_markers", "review_timescales", "reviewer_assessments",
           "timescales_markdown", "write_quality"]
