"""An authored YAML file of one mapping, read and checked into its pydantic model.

``authored/response.yaml``, ``authored/dissemination.yaml`` and ``authored/briefing.yaml`` are mappings
(not the store's lists of items), checked as strictly as the others: an unknown key is named with the
nearest known one, a date that is no date says so, each problem names the file and the key path (list
rows counted from 0, as review.yaml's problems are).
"""

from __future__ import annotations

from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..config import Review
from ..config_problems import validation_problems
from ..errors import AuthoredError, FileProblem
from ..yamlio import load_yaml
from .models import AUTHORED
from .store import unreadable

Model = TypeVar("Model", bound=BaseModel)


RESPONSE_SECTION = "The partnership's response, the plain summary and the dissemination record"


def read_checked(review: Review, name: str, model: type[Model], what: str,
                 section: str = RESPONSE_SECTION) -> Model | None:
    """``authored/<name>`` as ``model``; None when the file does not exist.

    Args:
        what: what the file holds, for the sentence when it is not a mapping ("the partnership's response").
        section: the README section that says what each key expects.

    Raises:
        AuthoredError: the file is not UTF-8 YAML, not a mapping, or a key or value is wrong (each problem
            a sentence naming the file and the key path).
    """
    where = f"{AUTHORED}/{name}"
    path = review.root / where
    if not path.exists():
        return None
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise AuthoredError([unreadable(where, exc)]) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise AuthoredError([FileProblem(where, f"must be a mapping of keys holding {what}; see the README "
                                                f"section '{section}'.")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc, model)
        keys = [".".join(str(p) for p in error["loc"]) or None for error in exc.errors()]
        raise AuthoredError([FileProblem(where, _sentence(p), key=k) for p, k in zip(problems, keys)]) from exc


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."
