"""Running one task per review (:func:`.reviews.build_review`, :func:`.verifying.verify_one`) over many
reviews: in this process, or on a local process pool.

The pool is ``concurrent.futures``' own; results come back in the portfolio's order whatever order
they finish in, and ``on_done`` hears of each as it finishes (the progress line).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any, Callable

from .reviews import BuildOptions, ReviewOutcome, build_review

Progress = Callable[[Any, int, int], None]         # (the outcome of one review, how many done, how many in all)
Task = Callable[[str, Any], Any]                   # (a review folder, the options) -> its outcome, never raising


def default_workers() -> int:
    return os.cpu_count() or 1


def build_reviews(folders: list[Path], options: BuildOptions, *, workers: int | None = None,
                  on_done: Progress | None = None) -> list[ReviewOutcome]:
    """Each folder's outcome, in the order of ``folders``; ``workers`` processes at most (default: the
    cores); one worker, or one review, builds in this process."""
    return run_each(build_review, folders, options, workers=workers, on_done=on_done)


def run_each(task: Task, folders: list[Path], options: Any, *, workers: int | None = None,
             on_done: Progress | None = None) -> list:
    """``task(folder, options)`` for each folder, its outcomes in the order of ``folders``; ``workers``
    processes at most (default: the cores); one worker, or one review, runs in this process."""
    workers = max(1, min(workers or default_workers(), len(folders)))
    outcomes: dict[int, Any] = {}
    if workers == 1:
        for index, folder in enumerate(folders):
            outcomes[index] = task(str(folder), options)
            if on_done:
                on_done(outcomes[index], len(outcomes), len(folders))
        return [outcomes[i] for i in range(len(folders))]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(task, str(folder), options): index for index, folder in enumerate(folders)}
        for future in as_completed(futures):
            outcomes[futures[future]] = future.result()
            if on_done:
                on_done(outcomes[futures[future]], len(outcomes), len(folders))
    return [outcomes[i] for i in range(len(folders))]
