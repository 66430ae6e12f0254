"""A third-party import made lazy where it costs seconds and reviewbench never uses what it builds.

jsonschema, which nbformat imports (and so papermill, nbconvert and every command that reads or runs
a notebook), imports ``rfc3987_syntax`` when it is installed (Jupyter's ``jsonschema[format-nongpl]``
installs it), and ``rfc3987_syntax`` compiles 38 lark grammars as it is imported: about 2 s of CPU in
each process, for the ``iri`` format checker, which only a JSON schema declaring that format ever calls
(python-jsonschema/jsonschema#1428). :func:`defer_iri_grammars` puts a stand-in in its place whose
``is_valid_syntax`` imports the real module on first use, so nothing changes but when the cost is
paid. Any other attribute of the module imports it too.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

IRI_MODULE = "rfc3987_syntax"


class _Deferred(types.ModuleType):
    """The stand-in: every attribute but ``is_valid_syntax`` comes from the real module, imported then."""

    def __getattr__(self, name: str):
        return getattr(_real(), name)


def _real() -> types.ModuleType:
    if isinstance(sys.modules.get(IRI_MODULE), _Deferred):
        del sys.modules[IRI_MODULE]
    return importlib.import_module(IRI_MODULE)


def _is_valid_syntax(term: str, value: str) -> bool:
    return _real().is_valid_syntax(term, value)


def defer_iri_grammars() -> None:
    """Stand in for ``rfc3987_syntax`` until it is used; nothing when it is absent or already imported."""
    if IRI_MODULE in sys.modules:
        return
    spec = importlib.util.find_spec(IRI_MODULE)
    if spec is None:
        return
    stand_in = _Deferred(IRI_MODULE, "rfc3987_syntax, imported on first use (reviewbench.import_costs)")
    stand_in.__path__ = list(spec.submodule_search_locations or [])
    stand_in.is_valid_syntax = _is_valid_syntax
    sys.modules[IRI_MODULE] = stand_in
