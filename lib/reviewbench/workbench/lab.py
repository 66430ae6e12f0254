"""``reviewbench lab DIR``: JupyterLab on the review's own workbench notebook, for this computer only.

The server listens on 127.0.0.1 only and keeps JupyterLab's token authentication (the token is
in the address JupyterLab prints and opens). JupyterLab's news feed, update check and PyPI
extension manager are turned off, so nothing is fetched from the internet. The review gets its own copy of
``notebooks/workbench.ipynb`` (``<review>/workbench.ipynb``), made once and never overwritten,
so the reviewer's copy is theirs.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from ..atomic import write_atomic
from ..config import load_review
from ..errors import ReviewbenchError
from ..resources import notebooks_dir

NOTEBOOK = "workbench.ipynb"
PARAMETERS = ('review_dir = "."  # this review\'s folder: the notebook sits in it\n')


def shipped_notebook() -> Path:
    """``notebooks/workbench.ipynb``, of the repository or the installed shared data."""
    return notebooks_dir() / NOTEBOOK


def workbench_notebook(review_dir: str | Path) -> Path:
    """``<review>/workbench.ipynb``: made from the shipped notebook if missing, never overwritten."""
    root = Path(review_dir).resolve()
    target = root / NOTEBOOK
    if target.exists():
        return target
    source = shipped_notebook()
    if not source.exists():
        raise ReviewbenchError(f"the workbench notebook {source} is missing from the installation.",
                               hint="Reinstall reviewbench (make install).")
    import nbformat  # here: it costs seconds to import, and only making the notebook needs it
    nb = nbformat.read(source, as_version=4)
    cell = next((c for c in nb.cells if "parameters" in c.metadata.get("tags", [])), None)
    if cell is None:
        raise ReviewbenchError(f"{source} has no cell tagged 'parameters'.", hint="Restore it from the repository.")
    cell.source = PARAMETERS
    write_atomic(target, nbformat.writes(nb) + "\n")
    return target


def lab_command(review_root: str | Path, notebook: str | Path, *, open_browser: bool = True,
                port: int | None = None, allow_root: bool = False) -> list[str]:
    """The JupyterLab command line: localhost only, token kept, nothing fetched from the internet.

    ``allow_root``: JupyterLab refuses to run as root unless told (containers often run as root).
    """
    command = [sys.executable, "-m", "jupyterlab",
               "--ServerApp.ip=127.0.0.1",
               f"--notebook-dir={Path(review_root).resolve()}",
               "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly"]
    if not open_browser:
        command.append("--no-browser")
    if port is not None:
        command += [f"--ServerApp.port={int(port)}", "--ServerApp.port_retries=0"]
    if allow_root:
        command.append("--allow-root")
    command.append(str(Path(notebook).resolve()))
    return command


def launch_lab(review_dir: str | Path, *, open_browser: bool = True, port: int | None = None,
               allow_root: bool = False) -> int:
    """Start JupyterLab on the review's workbench notebook and wait until it is stopped.

    Returns JupyterLab's exit code (0 after Ctrl+C). The review is checked first, so a wrong
    folder is a sentence, not a server that opens on nothing.
    """
    if importlib.util.find_spec("jupyterlab") is None:
        raise ReviewbenchError("JupyterLab is not installed in this environment.",
                               hint="Run 'make install' (or pip install -e .) in the reviewbench folder.")
    review = load_review(review_dir)
    from ..render.execute import check_kernel
    check_kernel()                               # the notebook is pinned to it: installed on first use
    notebook = workbench_notebook(review.root)
    command = lab_command(review.root, notebook, open_browser=open_browser, port=port, allow_root=allow_root)
    print(f"Starting JupyterLab on {notebook} (this computer only). Stop it with Ctrl+C in this window.",
          flush=True)
    process = subprocess.Popen(command, cwd=review.root)
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
