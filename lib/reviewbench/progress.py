"""Progress for people at a terminal: a line when a step of more than a few seconds starts. Nothing
when standard error is not a terminal (scripts, CI, a notebook's kernel), so logs stay clean."""

from __future__ import annotations

import sys


def on_terminal() -> bool:
    """Whether progress is shown: standard error is a terminal."""
    return sys.stderr.isatty()


def say(message: str) -> None:
    """Print a progress line to standard error when it is a terminal."""
    if on_terminal():
        print(message, file=sys.stderr, flush=True)
