"""Making a report publishable: the names register and the checks before publication."""

from .names import NameRegister, load_register
from .scan import Hit, ScanResult, assert_publishable, published_files, scan_outputs, scan_review

__all__ = ["CheckResult", "Hit", "NameRegister", "ScanResult", "assert_publishable",
           "check_review", "load_register", "published_files", "scan_outputs", "scan_review"]


def __getattr__(name: str):
    # ``check`` also reads the quality markers, the timescales and the record of renders (which loads
    # pandas): loaded only when asked for, so that render, which imports this package, starts light.
    if name in ("check_review", "CheckResult"):
        from . import check
        return getattr(check, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
