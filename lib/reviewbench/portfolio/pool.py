"""Running :func:`.reviews.build_review` over many reviews: in this process, or on a local process pool.

The pool is ``concurrent.futures``' own; results come back in the portfolio's order whatever order
they finish in, and ``on_done`` hears of each as it finishes (the progress line).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Callable

from .reviews import BuildOptions, ReviewOutcome, build_review

Progress = Callable[[ReviewOutcome, int, int], None]        # (outcome, how many done, how many in all)


def default_workers() -> int:
    return os.cpu_count() or 1


def build_reviews(folders: list[Path], options: BuildOptions, *, workers: int | None = None,
                  on_done: Progress | None = None) -> list[ReviewOutcome]:
    """Each folder's outcome, in the order of ``folders``; ``workers`` processes at most (default: the
    cores); one worker, or one review, builds in this process."""
    workers = max(1, min(workers or default_workers(), len(folders)))
    outcomes: dict[int, ReviewOutcome] = {}
    if workers == 1:
        for index, folder in enumerate(folders):
            outcomes[index] = build_review(folder, options)
            if on_done:
                on_done(outcomes[index], len(outcomes), len(folders))
        return [outcomes[i] for i in range(len(folders))]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(build_review, str(folder), options): index for index, folder in enumerate(folders)}
        for future in as_completed(futures):
            outcomes[futures[future]] = future.result()
            if on_done:
                on_done(outcomes[futures[future]], len(outcomes), len(folders))
    return [outcomes[i] for i in range(len(folders))]
