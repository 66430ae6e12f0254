"""Every error reviewbench raises, under one root, :class:`ReviewbenchError`.

``str(err)`` is a sentence a reviewer understands: where, what is wrong, what to do. The same
facts are kept as fields for code that shows them another way (the workbench, a quality
checker's script): ``file`` (relative to the review folder where it can be), ``location`` inside
it (a sheet and row, an item, a line, a notebook cell) and ``key`` (a key path of a YAML file,
"settings.gap_day").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence


def _restore(cls: type[ReviewbenchError], state: dict[str, Any]) -> ReviewbenchError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    error.args = (str(error),)
    return error


class ReviewbenchError(Exception):
    """A problem the user can fix. ``str(err)`` is a complete sentence naming where and what to do.

    Args:
        message: what is wrong.
        where: the text put before the message ("review.yaml", "agency_reports/gp.docx (table 2)").
        hint: what to do, after the message.
        file, location, key: the same place as data; they never change ``str(err)``.
    """

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None, file: str | None = None,
                 location: str | None = None, key: str | None = None):
        self.message = message
        self.where = where
        self.hint = hint
        self.file = file
        self.location = location
        self.key = key
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text = f"{text} {self.hint}"
        return text

    def __reduce__(self):
        # Keyword-only fields survive a worker process (the ingest reads files in several).
        return _restore, (type(self), dict(self.__dict__))


class ReviewConfigError(ReviewbenchError):
    """review.yaml or another settings file is missing, unreadable or invalid; ``where`` defaults to
    ``file``, ``key`` is the key path of the (first) problem."""

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None, file: str | None = None,
                 location: str | None = None, key: str | None = None):
        super().__init__(message, where=file if where is None else where, hint=hint, file=file, location=location,
                         key=key)


class StaleBuildError(ReviewbenchError):
    """A view or a step needs the chronology or the network, and they are missing or older than their
    inputs; nothing was rebuilt (only the use-case layer, :mod:`reviewbench.build`, builds)."""


class IntakeFileError(ReviewbenchError):
    """A submission cannot be used as a whole (corrupt, protected, no chronology, unknown agency)."""

    def __init__(self, file: str, message: str, *, hint: str | None = None, location: str | None = None):
        where = f"{file} ({location})" if location else file
        super().__init__(message, where=where, hint=hint, file=file, location=location)


class DateError(ValueError):
    """A cell that should hold a date does not; ``reason`` is shown to the reviewer (a row is rejected
    with it: not a :class:`ReviewbenchError`, nothing stops)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


class RowRejected(ValueError):
    """A row of an agency's return (an action plan update) that cannot be applied; ``reason`` is shown for
    it. Not a :class:`ReviewbenchError`: the row is rejected, the other rows are still read."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class FileProblem:
    """One thing to fix in one file: ``authored/findings.yaml, finding F2: evidence 'X' is not ...``."""

    file: str                      # relative to the review folder
    message: str                   # what is wrong and what to do, a sentence
    location: str | None = None    # "finding F2", "line 3", "entry CSC-1a2b3c4d"
    key: str | None = None         # the key of the item at fault: "evidence", "entries.0"

    def __str__(self) -> str:
        where = f"{self.file}, {self.location}" if self.location else self.file
        return f"{where}: {self.message}"


class AuthoredError(ReviewbenchError):
    """Authored content that cannot be used. ``problems`` lists each as a sentence (file, item, what is
    wrong), ``details`` the same as :class:`FileProblem`; ``file``, ``location`` and ``key`` are the
    first problem's."""

    def __init__(self, problems: Sequence[FileProblem]):
        self.details = list(problems)
        self.problems = [str(p) for p in self.details]
        if len(self.problems) == 1:
            message = self.problems[0]
        else:
            message = f"{len(self.problems)} problems in the authored content:\n" + "\n".join(
                f"  - {p}" for p in self.problems)
        first = self.details[0] if self.details else None
        super().__init__(message, file=first and first.file, location=first and first.location,
                         key=first and first.key)


class NameInTextError(ReviewbenchError):
    """Text meant for the report holds a registered form; ``only_ordinary_words`` when every form
    found is a capitalised ordinary word that may not be the person at all."""

    def __init__(self, message: str, *, only_ordinary_words: bool = False):
        self.only_ordinary_words = only_ordinary_words
        super().__init__(message)


class PublicationError(ReviewbenchError):
    """An output meant for publication still holds something that could identify someone. ``hits`` are
    the places (:class:`reviewbench.publication.scan.Hit`), ``problems`` what could not be checked."""

    def __init__(self, message: str, *, hits: Sequence[Any] = (), problems: Sequence[str] = (),
                 hint: str | None = None):
        self.hits = list(hits)
        self.problems = list(problems)
        super().__init__(message, hint=hint)


class NotPublishableError(ReviewbenchError):
    """The public edition was refused; ``reasons`` are sentences, one for each thing to fix."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        listed = "\n  - ".join(reasons)
        super().__init__(f"the public edition was not written: {len(reasons)} thing(s) to fix first:\n  - {listed}\n",
                         hint="Nothing was written to build/publish/ and the working draft was not changed. Fix "
                              "each one, then render with --publish again.")


class NotebookParameterError(ReviewbenchError):
    """A notebook parameter that is unknown, missing or of the wrong type; ``file`` is the notebook and
    ``key`` the parameter."""


class NotebookError(ReviewbenchError):
    """A notebook stopped with an error; ``notebook``, ``cell`` and ``partial`` (the partly executed
    copy kept for reading) say where; ``file`` and ``location`` say the same as text."""

    def __init__(self, message: str, *, notebook: str, cell: int | None, partial: Path | None,
                 hint: str | None = None):
        self.notebook = notebook
        self.cell = cell
        self.partial = partial
        super().__init__(message, hint=hint, file=notebook, location=None if cell is None else f"cell {cell}")


class ClusterError(ReviewbenchError):
    """The Dask scheduler of ``reviewbench portfolio --scheduler`` cannot be reached, or went away while the
    portfolio was building; the message names its address."""
