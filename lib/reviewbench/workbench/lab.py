"""``reviewbench lab DIR``: JupyterLab on the review's own notebooks, for this computer only.

The server listens on 127.0.0.1 only and keeps JupyterLab's token authentication (the token is
in the address JupyterLab prints and opens: the review's notebook, ``/lab/tree/<notebook>``, not the
Launcher). JupyterLab's news feed, update check and PyPI extension manager are turned off, so
nothing is fetched from the internet, and the toast asking whether to fetch Jupyter news never
shows: ``--LabApp.news_url=None`` does not stop it, the notification plugin's own settings do, as
defaults in ``reviewbench/data/lab_settings/overrides.json`` (the lab's application settings
folder; a reviewer's own JupyterLab settings still win). The review gets its own copy of
``notebooks/workbench.ipynb`` (``<review>/workbench.ipynb``), or of another shipped notebook asked for
with ``--notebook``, made once and never overwritten, so the reviewer's copy is theirs. JupyterLab and
every kernel it starts get ``REVIEWBENCH_REVIEW_DIR``, the review folder, which the shipped notebooks'
``parameters`` cells take as their ``review_dir``.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

from ..atomic import write_atomic
from ..config import load_review
from ..errors import ReviewbenchError
from ..resources import notebooks_dir
from ..suggest import did_you_mean

NOTEBOOK = "workbench.ipynb"
REVIEW_DIR_VARIABLE = "REVIEWBENCH_REVIEW_DIR"
PARAMETERS = 'review_dir = "."  # this review\'s folder: the notebook sits in it'
LAB_SETTINGS = Path(__file__).resolve().parents[1] / "data" / "lab_settings"     # overrides.json


def shipped_notebook(name: str = NOTEBOOK) -> Path:
    """``notebooks/<name>``, of the repository or the installed shared data."""
    return notebooks_dir() / name


def shipped_notebook_names() -> list[str]:
    """The shipped notebooks ``--notebook`` can open, without ``.ipynb``."""
    return sorted(p.stem for p in notebooks_dir().glob("*.ipynb"))


def workbench_notebook(review_dir: str | Path, name: str = NOTEBOOK) -> Path:
    """``<review>/<name>``: made from the shipped notebook if missing, never overwritten.

    In the copy, ``review_dir`` is the folder it sits in; its other parameters keep their values.
    """
    root = Path(review_dir).resolve()
    target = root / name
    if target.exists():
        return target
    source = shipped_notebook(name)
    if not source.exists():
        raise ReviewbenchError(f"the notebook {source} is missing from the installation.",
                               hint="Reinstall reviewbench (make install).")
    import nbformat  # here: it costs seconds to import, and only making the notebook needs it
    nb = nbformat.read(source, as_version=4)
    cell = next((c for c in nb.cells if "parameters" in c.metadata.get("tags", [])), None)
    if cell is None:
        raise ReviewbenchError(f"{source} has no cell tagged 'parameters'.", hint="Restore it from the repository.")
    kept = [line for line in cell.source.splitlines()          # the other parameters, without the notes on
            if line.strip() and not line.startswith(("#", "import ", "review_dir ="))]   # where review_dir comes from
    cell.source = "\n".join([PARAMETERS, *kept]) + "\n"
    write_atomic(target, nbformat.writes(nb) + "\n")
    return target


def lab_environment(review_root: str | Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """JupyterLab's environment: ``base`` (default: this process's) with the review folder set for the
    notebooks (``REVIEWBENCH_REVIEW_DIR``); the kernels JupyterLab starts inherit it."""
    env = dict(os.environ if base is None else base)
    env[REVIEW_DIR_VARIABLE] = str(Path(review_root).resolve())
    return env


def lab_command(review_root: str | Path, notebook: str | Path, *, open_browser: bool = True,
                port: int | None = None, allow_root: bool = False) -> list[str]:
    """The JupyterLab command line: localhost only, token kept, nothing fetched from the internet.

    ``allow_root``: JupyterLab refuses to run as root unless told (containers often run as root).
    """
    root, path = Path(review_root).resolve(), Path(notebook).resolve()
    command = [sys.executable, "-m", "jupyterlab",
               "--ServerApp.ip=127.0.0.1",
               f"--notebook-dir={root}",
               f"--LabApp.default_url={notebook_url(root, path)}",
               f"--LabApp.app_settings_dir={LAB_SETTINGS}",
               "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly"]
    if not open_browser:
        command.append("--no-browser")
    if port is not None:
        command += [f"--ServerApp.port={int(port)}", "--ServerApp.port_retries=0"]
    if allow_root:
        command.append("--allow-root")
    command.append(str(path))
    return command


def notebook_url(review_root: Path, notebook: Path) -> str:
    """The path JupyterLab opens and prints (with the token): the notebook itself, ``/lab/tree/...``."""
    try:
        relative = notebook.relative_to(review_root).as_posix()
    except ValueError:
        raise ReviewbenchError(f"the notebook {notebook} is not inside the review folder {review_root}.",
                               hint="Open a notebook of the review's own folder.") from None
    return "/lab/tree/" + urllib.parse.quote(relative)


def launch_lab(review_dir: str | Path, *, open_browser: bool = True, port: int | None = None,
               allow_root: bool = False, notebook: str | None = None) -> int:
    """Start JupyterLab on the review's workbench notebook (or its copy of the shipped ``notebook``)
    and wait until it is stopped.

    Returns JupyterLab's exit code (0 after Ctrl+C). The review is checked first, so a wrong
    folder is a sentence, not a server that opens on nothing.
    """
    name = _notebook_name(notebook)
    if importlib.util.find_spec("jupyterlab") is None:
        raise ReviewbenchError("JupyterLab is not installed in this environment.",
                               hint="Run 'make install' (or pip install -e .) in the reviewbench folder.")
    review = load_review(review_dir)
    from ..render.execute import check_kernel
    check_kernel()                               # the notebook is pinned to it: installed on first use
    path = workbench_notebook(review.root, name)
    command = lab_command(review.root, path, open_browser=open_browser, port=port, allow_root=allow_root)
    print(f"Starting JupyterLab on {path} (this computer only); its notebooks work on {review.root} "
          f"({REVIEW_DIR_VARIABLE}). Stop it with Ctrl+C in this window.", flush=True)
    process = subprocess.Popen(command, cwd=review.root, env=lab_environment(review.root))
    try:
        return process.wait()
    except KeyboardInterrupt:
        return stop_lab(process)


def stop_lab(process: subprocess.Popen, timeout: float = 30) -> int:
    """Stop JupyterLab the way it shuts down cleanly (SIGTERM: its kernels are shut down too)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return 0


def _notebook_name(notebook: str | None) -> str:
    """``chronology`` or ``chronology.ipynb`` -> ``chronology.ipynb``, if it is a shipped notebook."""
    if notebook is None:
        return NOTEBOOK
    stem = notebook.removesuffix(".ipynb")
    names = shipped_notebook_names()
    if stem not in names:
        raise ReviewbenchError(f"there is no shipped notebook '{notebook}'{did_you_mean(stem, names, aside=True)}.",
                               hint=f"Choose one of: {', '.join(names)}.")
    return f"{stem}.ipynb"
