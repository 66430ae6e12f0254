"""``authored/audit_answers.yaml``: each agency's answer to each question for each case, with what it
said before.

An answer is keyed by (case, question, agency): one agency's return only ever writes its own keys, so
it cannot overwrite another agency's answer. When a return is read again and an answer changed, the
old answer goes into the answer's ``history`` (oldest first) and the change is reported: nothing is
lost. Written through the authored store (comments kept, never over a hand edit made meanwhile).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from ..atomic import write_guarded
from ..authored.models import AUTHORED, _Item
from ..authored.store import ListFile, list_file_text, read_list_file
from ..authored.validate import AUDIT_ANSWERS_FILE as ANSWERS_FILE
from ..config import Review
from ..errors import AuthoredError, FileProblem

WHERE = f"{AUTHORED}/{ANSWERS_FILE}"


class Earlier(_Item):
    """What an answer said before a later return changed it, and where it was read."""

    answer: str = Field(min_length=1)
    comment: str = ""
    source: str = ""


class Answer(_Item):
    """One agency's answer to one question about one case (the answer's id on the question's scale)."""

    case: str = Field(min_length=1)
    question: str = Field(min_length=1)
    agency: str = Field(min_length=1)
    answer: str = Field(min_length=1)
    comment: str = ""
    source: str = ""                      # the return and the row it was read from
    history: list[Earlier] = []

    @property
    def key(self) -> tuple[str, str, str]:
        return self.case, self.question, self.agency

    def plain(self, mode="json"):
        data = super().plain(mode)
        if self.history:
            data["history"] = [h.plain(mode) for h in self.history]
        return data


SPEC = ListFile("audit_answers", ANSWERS_FILE, "answers", Answer, "answer",
                "The case audit's answers, read from the agencies' returns ('reviewbench audit DIR --read'):\n"
                "# {case, question, agency, answer, comment, source, history: [{answer, comment, source}]}.",
                block=True, identity=("case", "question", "agency"))


@dataclass
class AnswerBook:
    """The answers as loaded, with the file's fingerprint (so a save never overwrites a hand edit)."""

    review: Review
    answers: dict[tuple[str, str, str], Answer]
    stamp: str | None

    @property
    def path(self):
        return self.review.authored_dir / ANSWERS_FILE

    def save(self) -> None:
        old = self.path.read_text(encoding="utf-8") if self.path.exists() else None
        items = sorted(self.answers.values(), key=lambda a: a.key)
        self.stamp = write_guarded(self.path, list_file_text(SPEC, items, old), self.stamp, WHERE)


def load_answers(review: Review) -> AnswerBook:
    """Read ``authored/audit_answers.yaml`` (none yet: an empty book).

    Raises:
        AuthoredError: the file is not right, or holds one key twice; each problem names the answer.
    """
    problems: list[FileProblem] = []
    stamps: dict[str, str | None] = {}
    items = read_list_file(review.root, SPEC, stamps, problems)
    answers: dict[tuple[str, str, str], Answer] = {}
    for answer in items:
        if answer.key in answers:
            problems.append(FileProblem(WHERE, f"case {answer.case}, question {answer.question}, {answer.agency} is "
                                               "answered twice: keep one answer (the other in its history).",
                                        f"answer {answer.case}/{answer.question}/{answer.agency}"))
        answers[answer.key] = answer
    if problems:
        raise AuthoredError(problems)
    return AnswerBook(review, answers, stamps[WHERE])
