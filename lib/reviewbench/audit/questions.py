"""An audit's questions, as data: the built-in sets (``reviewbench/data/audit_questions.yaml``) and a
review's own ``authored/audit_questions.yaml``, merged and checked once into a :class:`QuestionSet`.

Every question is ``{id, text, section, scale}``; a scale lists its answers in order, each with the
score it counts for (none: not scored, as "not applicable"). The ``standard`` questions (the child's
voice) are in every audit and cannot be replaced or removed by a review. Both files refuse keys they do
not know with the nearest known one, as review.yaml does.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..config import Review
from ..config_problems import key_path, not_among, problems_message, validation_problems
from ..errors import ReviewConfigError
from ..yamlio import builtin_yaml, read_overlay

QUESTIONS_FILE = "audit_questions.yaml"
AUTHORED_QUESTIONS = f"authored/{QUESTIONS_FILE}"
VOICE_SECTION = "voice-of-the-child"
ID = r"^[A-Za-z][A-Za-z0-9_.-]{0,23}$"
HINT = "See the README section 'Case audits' for what each key expects."


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ScaleValue(_Strict):
    id: str = Field(min_length=1)
    label: str = Field(min_length=1)
    score: float | None = None             # None: an answer that is not scored ("not applicable")


class Scale(_Strict):
    label: str = ""
    values: list[ScaleValue] = Field(min_length=2)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.values)

    @property
    def top(self) -> float | None:
        return max((v.score for v in self.values if v.score is not None), default=None)

    def value(self, written: object) -> ScaleValue | None:
        """The answer ``written`` names, by its id or its label (case and spacing ignored)."""
        wanted = " ".join(str(written).split()).lower()
        return next((v for v in self.values if wanted in (v.id.lower(), v.label.lower())), None)


class Question(_Strict):
    id: str = Field(pattern=ID)
    text: str = Field(min_length=1)
    section: str = Field(min_length=1)
    scale: str = Field(min_length=1)


class _BuiltInSet(_Strict):
    title: str = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)


class _BuiltIn(_Strict):
    scales: dict[str, Scale]
    standard: list[Question] = Field(min_length=1)
    sets: dict[str, _BuiltInSet] = Field(min_length=1)


class _ReviewQuestions(_Strict):
    """authored/audit_questions.yaml: scales and questions added (a question with a set's id replaces it),
    and the set's questions removed."""

    scales: dict[str, Scale] = {}
    questions: list[Question] = []
    remove: list[str] = []


@dataclass(frozen=True)
class QuestionSet:
    """The questions an audit asks, in order (the standard ones first), with their scales."""

    id: str
    title: str
    scales: dict[str, Scale]
    questions: tuple[Question, ...]
    standard: frozenset[str]                # the ids of the standard (voice of the child) questions

    def question(self, question_id: object) -> Question | None:
        wanted = str(question_id).strip().lower()
        return next((q for q in self.questions if q.id.lower() == wanted), None)

    def scale_of(self, question: Question) -> Scale:
        return self.scales[question.scale]

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]


def _checked(model: type[BaseModel], data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise ReviewConfigError("must be a mapping of keys (scales, questions, remove).", file=where, hint=HINT)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ReviewConfigError(problems_message(validation_problems(exc, model)), file=where,
                                key=key_path(exc.errors()[0]["loc"]), hint=HINT) from exc


@lru_cache(maxsize=1)
def built_in() -> _BuiltIn:
    """The built-in scales, standard questions and sets (read once per process)."""
    where = f"reviewbench/data/{QUESTIONS_FILE}"
    data = _checked(_BuiltIn, builtin_yaml(QUESTIONS_FILE), where)
    problems = _problems(data.scales, [*data.standard, *(q for s in data.sets.values() for q in s.questions)], ())
    if problems:
        raise ReviewConfigError(problems_message(problems), file=where, hint=HINT)
    return data


def _problems(scales: dict[str, Scale], questions: list[Question], at: tuple[str, ...]) -> list[str]:
    """Scales that do not exist, and answers a scale lists twice."""
    problems = []
    for scale_id, scale in scales.items():
        ids = [v.id.lower() for v in scale.values]
        problems += [f"scale '{scale_id}' lists the answer '{v}' more than once" for v in sorted(set(ids))
                     if ids.count(v) > 1]
    for question in questions:
        if question.scale not in scales:
            problems.append(f"question {question.id}: " + not_among(question.scale, list(scales), "a scale"))
    return problems


def _merged(base: _BuiltIn, set_id: str, own: _ReviewQuestions | None, where: str) -> QuestionSet:
    chosen = base.sets[set_id]
    standard = {q.id for q in base.standard}
    questions = {q.id: q for q in [*base.standard, *chosen.questions]}
    scales = {**base.scales, **(own.scales if own else {})}
    if own is not None:
        problems = _problems(scales, own.questions, ())
        ids = [q.id for q in own.questions]
        problems += [f"question {q} is listed more than once: keep one" for q in sorted(set(ids)) if ids.count(q) > 1]
        for question_id in [*ids, *own.remove]:
            if question_id in standard:
                problems.append(f"question {question_id} is a standard question on the child's voice, which every "
                                "audit asks: it cannot be replaced or removed (add a question of your own beside it)")
        problems += ["remove: " + not_among(q, [i for i in questions if i not in standard], f"a question of the set "
                                                                                            f"'{set_id}'")
                     for q in own.remove if q not in questions]
        if problems:
            raise ReviewConfigError(problems_message(problems), file=where, hint=HINT)
        for question in own.questions:
            questions[question.id] = question
        for question_id in own.remove:
            questions.pop(question_id, None)
    return QuestionSet(set_id, chosen.title, scales, tuple(questions.values()), frozenset(standard))


def load_questions(review: Review) -> QuestionSet:
    """The questions of the audit ``review``: its set, with its own ``authored/audit_questions.yaml`` merged.

    Raises:
        ReviewConfigError: an unknown set, or a question file that is not right (each problem named).
    """
    base = built_in()
    set_id = review.audit.questions if review.audit else "multi-agency"
    if set_id not in base.sets:
        raise ReviewConfigError("key 'audit.questions': " + not_among(set_id, list(base.sets), "a question set") + ".",
                                file=str(review.root / "review.yaml"), key="audit.questions", hint=HINT)
    path = review.root / AUTHORED_QUESTIONS
    found = read_overlay(review.root, AUTHORED_QUESTIONS)
    own = None if found is None or found[0] is None else _checked(_ReviewQuestions, found[0], str(path))
    return _merged(base, set_id, own, str(path))
