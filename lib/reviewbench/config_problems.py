"""Problems in a YAML settings file, as sentences: the key path, what is wrong, what to do.

pydantic reports a location tuple and an error type; a reviewer needs
"unknown key 'settings.gap_day': did you mean 'gap_days'?". review.yaml, the review's own
overlay files (event_kinds.yaml, interaction_rules.yaml, themes.yaml, timescales.yaml,
authored/quality.yaml) and method.yaml all word their problems through here, so a typo reads
the same wherever it is made. Key paths are dotted; list items count from 0 ("agencies.0.name").
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .suggest import close_matches


def key_path(parts: Iterable[object]) -> str:
    """``("settings", "gap_day")`` -> ``"settings.gap_day"``; no parts is the top level."""
    return ".".join(str(p) for p in parts) or "(top level)"


def unknown_key(key: object, allowed: Sequence[str], at: Sequence[object] = ()) -> str:
    """The sentence for a key nobody reads: its path and the nearest allowed key, or the allowed ones."""
    path = key_path([*at, key])
    close = close_matches(key, allowed)
    if close:
        return f"unknown key '{path}': did you mean '{close[0]}'?"
    if allowed:
        return f"unknown key '{path}': use one of {', '.join(allowed)}"
    return f"unknown key '{path}': remove it"


def not_among(value: object, allowed: Sequence[str], what: str) -> str:
    """"'x' is not <what>: did you mean 'y'?" (or the allowed values, when none is close)."""
    close = close_matches(value, allowed)
    return f"'{value}' is not {what}: " + (f"did you mean '{close[0]}'?" if close else
                                           f"use one of {', '.join(allowed)}")


def unknown_keys(mapping: Mapping, allowed: Sequence[str], at: Sequence[object] = ()) -> list[str]:
    """One :func:`unknown_key` sentence for each key of ``mapping`` not in ``allowed``, in file order."""
    return [unknown_key(key, allowed, at) for key in mapping if key not in allowed]


def yaml_keys(model: type[BaseModel]) -> list[str]:
    """The keys a file may hold for ``model``: each field by its YAML name, internal fields left out."""
    return [field.alias or name for name, field in model.model_fields.items() if not field.exclude]


def _members(annotation: Any) -> tuple[Any, ...]:
    if get_origin(annotation) in (Union, types.UnionType):
        return get_args(annotation)
    return (annotation,)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _step(annotation: Any, part: object) -> Any:
    """The type found one step down ``annotation`` at ``part`` (a key or a list position)."""
    for member in _members(annotation):
        origin = get_origin(member)
        if isinstance(part, int) and origin in (list, tuple, set, frozenset):
            args = get_args(member)
            return args[0] if args else None
        if isinstance(part, str) and _is_model(member):
            for name, field in member.model_fields.items():
                if part in (name, field.alias):
                    return field.annotation
        if isinstance(part, str) and origin is dict:
            return get_args(member)[1]
    return None


def _keys_at(model: type[BaseModel], loc: Sequence[object]) -> list[str]:
    annotation: Any = model
    for part in loc:
        annotation = _step(annotation, part)
    found = next((m for m in _members(annotation) if _is_model(m)), None)
    return yaml_keys(found) if found else []


_SHAPES = {"model_type": "a mapping of keys", "model_attributes_type": "a mapping of keys",
           "dict_type": "a mapping of keys", "list_type": "a list", "int_parsing": "a whole number",
           "int_type": "a whole number", "bool_parsing": "true or false", "bool_type": "true or false",
           "string_type": "a text", "date_parsing": "a date written YYYY-MM-DD",
           "date_from_datetime_parsing": "a date written YYYY-MM-DD", "date_type": "a date written YYYY-MM-DD"}


def validation_problems(exc: ValidationError, model: type[BaseModel], at: Sequence[object] = ()) -> list[str]:
    """Each error of ``exc`` (raised validating ``model``) as a sentence naming its key path.

    ``at`` is where ``model`` sits in the file (``("rules", "notification")`` for one timescale
    rule), so the path names the key as the reviewer wrote it.
    """
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        path = key_path([*at, *loc])
        kind = error["type"]
        if kind == "extra_forbidden" and loc:
            problems.append(unknown_key(loc[-1], _keys_at(model, loc[:-1]), [*at, *loc[:-1]]))
            continue
        if kind == "missing":
            problems.append(f"key '{path}' is missing")
            continue
        if kind in _SHAPES:
            msg = f"must be {_SHAPES[kind]}"
        else:
            msg = error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
            if msg.startswith("Input should be "):
                msg = "must be " + msg.removeprefix("Input should be ")
        value = error.get("input")
        shown = f" (found {value!r})" if value is not None and not isinstance(value, (dict, list)) else ""
        problems.append(f"key '{path}': {msg}{shown}")
    return problems


def duplicate_agencies(agencies: Sequence[tuple[str, str, str, bool]]) -> list[str]:
    """Sentences for agencies listed twice, and for codes two agencies share, naming their places.

    ``agencies``: per item of ``agencies:``, (name, name as matched, code, whether the code is
    written or made from the name's initials). Either would give one agency's entries another
    agency's ids, or two ids that cannot be told apart.
    """
    problems = []
    by_name: dict[str, list[int]] = {}
    by_code: dict[str, list[int]] = {}
    for i, (_name, matched, code, _given) in enumerate(agencies):
        by_name.setdefault(matched, []).append(i)
        by_code.setdefault(code, []).append(i)
    for places in by_name.values():
        if len(places) > 1:
            where = " and ".join(f"agencies.{i}" for i in places)
            times = "twice" if len(places) == 2 else f"{len(places)} times"
            problems.append(f"the agency '{agencies[places[0]][0]}' is listed {times} ({where}): "
                            "keep one entry and put every other name it goes by in its aliases")
    for code, places in by_code.items():
        named = {agencies[i][1] for i in places}
        if len(places) > 1 and len(named) > 1:
            where = ", ".join(f"'{agencies[i][0]}' (agencies.{i}."
                              f"{'code' if agencies[i][3] else 'name: no code given, so its initials'})"
                              for i in places)
            problems.append(f"the code '{code}' is used by {len(places)} agencies: {where}; entry ids start "
                            "with the code, so give each agency its own 'code'")
    return problems


def _sentence(problem: str) -> str:
    return problem if problem.endswith((".", "?", "!")) else f"{problem}."


def problems_message(problems: Sequence[str]) -> str:
    """One problem as a sentence; several as a count and one a line, so each can be fixed in turn."""
    if len(problems) == 1:
        return _sentence(problems[0])
    return f"{len(problems)} problems:\n" + "\n".join(f"  - {_sentence(p)}" for p in problems)
