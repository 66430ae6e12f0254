"""Did-you-mean: the known names nearest to a mistyped one, for error messages.

One place for the matching (difflib's similarity ratio) and the wording, so that every
message that offers a correction offers it the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def close_matches(value: object, options: Iterable[object], *, n: int = 1, cutoff: float = 0.6,
                  containing: bool = False) -> list[str]:
    """Up to ``n`` of ``options`` that look like ``value``, closest first.

    Args:
        value: what was written.
        options: the names that would have been understood.
        n: how many to offer at most.
        cutoff: how alike (0 to 1, difflib's ratio) a name must be to be offered.
        containing: offer first the names that contain ``value`` (case ignored), so that a
            short form ("scie") finds the long name ("scie-learning-together").
    """
    names = [str(o) for o in options]
    asked = str(value)
    found = [name for name in names if asked.strip() and asked.strip().lower() in name.lower()] if containing else []
    found += [name for name in difflib.get_close_matches(asked, names, n=n, cutoff=cutoff) if name not in found]
    return found[:n]


def did_you_mean(value: object, options: Iterable[object], *, n: int = 1, cutoff: float = 0.6,
                 containing: bool = False, aside: bool = False) -> str:
    """" Did you mean 'x'?" (or " (did you mean 'x'?)" with ``aside``), or "" when nothing is close.

    The result starts with a space so that it can follow the message directly; several
    names read "'a' or 'b'". The other arguments are those of :func:`close_matches`.
    """
    close = close_matches(value, options, n=n, cutoff=cutoff, containing=containing)
    if not close:
        return ""
    names = " or ".join(f"'{name}'" for name in close)
    return f" (did you mean {names}?)" if aside else f" Did you mean {names}?"
