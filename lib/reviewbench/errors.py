"""One root error for everything a reviewer must fix; messages are sentences, not tracebacks."""

from __future__ import annotations


class ReviewbenchError(Exception):
    """A problem the user can fix. ``str(err)`` is a complete sentence naming where and what to do."""

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        self.message = message
        self.where = where
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text = f"{text} {self.hint}"
        return text


class ReviewConfigError(ReviewbenchError):
    """review.yaml is missing, unreadable or invalid."""


class StaleBuildError(ReviewbenchError):
    """A view or a step needs the chronology or the network, and they are missing or older than their
    inputs; nothing was rebuilt (only the use-case layer, :mod:`reviewbench.build`, builds)."""


class IntakeFileError(ReviewbenchError):
    """A submission cannot be used as a whole (corrupt, protected, no chronology, unknown agency)."""

    def __init__(self, file: str, message: str, *, hint: str | None = None, location: str | None = None):
        self.file = file
        self.location = location
        where = f"{file} ({location})" if location else file
        super().__init__(message, where=where, hint=hint)


class DateError(ValueError):
    """A cell that should hold a date does not; ``reason`` is shown to the reviewer."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)
