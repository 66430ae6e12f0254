"""Running one task per review (:func:`.reviews.build_review`, :func:`.verifying.verify_one`) over many
reviews on a Dask distributed cluster (``--scheduler``).

The same function as the local pool (:mod:`.pool`) runs, once per review folder, on the cluster's
workers; results come back in the portfolio's order and ``on_done`` hears of each as it finishes. The
workers must see the review folders at the same paths (a shared disk) and have reviewbench installed.
dask.distributed is imported only here, so a build on the local pool never pays for importing it.

A review whose build fails is an outcome with its folder and reason, as on the pool; a review whose
worker died (Dask retries it on other workers first) is one too. A scheduler that cannot be reached,
or that goes away during the build, is a :class:`ClusterError` naming its address and what to do.
"""

from __future__ import annotations

from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any

from ..errors import ClusterError
from .pool import Progress, Task
from .reviews import BuildOptions, ReviewOutcome, build_review

CONNECT_TIMEOUT_S = 10.0
_START_IT = ("Start the scheduler and its workers (dask scheduler; dask worker ADDRESS) on machines that see the "
             "review folders at the same paths, check the address, or leave out --scheduler to build on this "
             "computer's cores.")


def build_on_cluster(folders: list[Path], options: BuildOptions, address: str, *,
                     on_done: Progress | None = None, timeout: float = CONNECT_TIMEOUT_S) -> list[ReviewOutcome]:
    """Each folder's outcome, in the order of ``folders``, built on the cluster whose scheduler is at
    ``address`` (``tcp://host:port``); ``timeout`` seconds to connect.

    Raises:
        ClusterError: the scheduler cannot be reached, or the connection to it was lost.
    """
    return run_on_cluster(build_review, ReviewOutcome, folders, options, address, on_done=on_done, timeout=timeout)


def run_on_cluster(task: Task, outcome_type: type, folders: list[Path], options: Any, address: str, *,
                   on_done: Progress | None = None, timeout: float = CONNECT_TIMEOUT_S) -> list:
    """``task(folder, options)`` for each folder on the cluster at ``address``, its outcomes in the order of
    ``folders``; a review whose workers died is an ``outcome_type(folder=..., ok=False, reason=...)``.

    Raises:
        ClusterError: the scheduler cannot be reached, or the connection to it was lost.
    """
    from distributed import Client, KilledWorker, as_completed

    try:
        client = Client(address, timeout=timeout)
    except ValueError as exc:                   # not an address: "missing port number in address 'x'"
        raise ClusterError(f"'{address}' is not the address of a Dask scheduler ({exc}).",
                           hint="Give it as tcp://HOST:PORT, as 'dask scheduler' prints it.") from exc
    except OSError as exc:                      # refused, no such host, timed out
        raise ClusterError(f"the Dask scheduler at {address} could not be reached within {timeout:g} s ({exc}).",
                           hint=_START_IT) from exc
    outcomes: dict[int, Any] = {}
    with client:
        futures = {client.submit(task, str(folder), options, pure=False): index
                   for index, folder in enumerate(folders)}
        for future in as_completed(futures):
            index = futures[future]
            try:
                outcomes[index] = future.result()
            except KilledWorker as exc:
                outcomes[index] = outcome_type(
                    folder=str(folders[index]), ok=False,
                    reason=f"the Dask workers running it died ({exc}): it may need more memory than a worker has, "
                           "or a worker was stopped. Run it alone with 'reviewbench portfolio DIR --workers 1' "
                           "to see why.")
            except CancelledError as exc:
                raise ClusterError(f"the connection to the Dask scheduler at {address} was lost while the portfolio's "
                                   f"reviews were running ({len(outcomes)} of {len(folders)} done).",
                                   hint="Run the command again (a review built is kept and not built twice). "
                                        + _START_IT) from exc
            if on_done:
                on_done(outcomes[index], len(outcomes), len(folders))
    return [outcomes[i] for i in range(len(folders))]
