"""Reading YAML: libyaml's safe loader when PyYAML has it (about ten times faster on the built-in
vocabularies, the methodologies and every authored file), its pure-Python safe loader otherwise.
The two read the same documents into the same values and report errors with the same marks."""

from __future__ import annotations

import pickle
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

import yaml

from .errors import ReviewConfigError


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader, its dates checked: a value written as a date (YYYY-MM-DD) that is no day of the
    calendar (2024-02-30) makes PyYAML raise a bare ValueError, with no place, which every reader would take
    for a bug; here it is a YAML error with its line (:func:`impossible_date` tells it apart), which every
    reader reports as it reports a file that does not parse."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            error = yaml.constructor.ConstructorError(
                None, None, f"'{node.value}' is not a day of the calendar; correct it (dates are written "
                            "YYYY-MM-DD).", node.start_mark)
            error.impossible_date = True
            raise error from exc


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
SafeLoader = _Loader


def load_yaml(source: str | bytes | IO) -> Any:
    """``yaml.safe_load``, faster, and a date that is no day of the calendar refused with its line."""
    return yaml.load(source, Loader=SafeLoader)  # noqa: S506 - a safe loader


def builtin_yaml(name: str) -> Any:
    """The built-in data file ``reviewbench/data/<name>`` as parsed: parsed once per process (the rules,
    vocabularies and records are read by every step of every command), each caller getting its own copy
    to change as it likes."""
    return pickle.loads(_builtin_pickled(name))


@lru_cache(maxsize=None)
def _builtin_pickled(name: str) -> bytes:
    # A pickle of the parsed file: unpickling is about a hundred times faster than parsing the YAML again.
    return pickle.dumps(load_yaml(resources.files("reviewbench.data").joinpath(name).read_text(encoding="utf-8")))


def impossible_date(exc: BaseException) -> bool:
    """Whether ``exc`` is the loader's error for a date that is no day of the calendar (its ``problem`` the
    sentence to show)."""
    return getattr(exc, "impossible_date", False)


def yaml_problem(exc: yaml.YAMLError | UnicodeDecodeError) -> str:
    """The sentence for a file that does not parse: "is not valid YAML at line 3, column 5 (could not
    find expected ':')", the place where PyYAML saw the problem, without its multi-line dump."""
    if isinstance(exc, UnicodeDecodeError):
        return "is not UTF-8 text; save it again as UTF-8."
    mark = getattr(exc, "problem_mark", None)
    at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    if impossible_date(exc):
        return f"{at.strip()}: {exc.problem}"
    return f"is not valid YAML{at} ({getattr(exc, 'problem', None) or exc})."


def read_overlay(review_dir: str | Path | None, name: str) -> tuple[Any, Path] | None:
    """A review's own settings file ``name`` (beside review.yaml) as parsed, and its path; None when the
    review has none. A file that does not parse is refused, naming it and the place."""
    if review_dir is None or not (path := Path(review_dir) / name).exists():
        return None
    try:
        return load_yaml(path.read_text(encoding="utf-8")), path
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ReviewConfigError(yaml_problem(exc), file=str(path)) from exc


def with_overlay(data: Any, review_dir: str | Path | None, name: str, merge) -> tuple[Any, str]:
    """The built-in settings ``data`` (from ``reviewbench/data/<name>``) with the review's own ``name``
    merged over it by ``merge(data, own, origin)``, and the file to name in messages."""
    found = read_overlay(review_dir, name)
    if found is None:
        return data, f"reviewbench/data/{name}"
    own, path = found
    return merge(data, own, str(path)), str(path)
