"""Executing a methodology notebook with papermill, the kernel pinned and the folder set.

On failure the partial notebook stays in build/notebooks/ (papermill marks the failing cell)
and the error names the notebook and the cell in a sentence.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import nbformat

from .. import errors
from ..errors import NotebookError, ReviewbenchError

KERNEL_NAME = "reviewbench"
# A notebook cell that raised one of these needs no traceback: its message says what to fix.
REVIEWBENCH_ERRORS = frozenset(name for name, value in vars(errors).items()
                               if isinstance(value, type) and issubclass(value, ReviewbenchError))


_KERNEL_HINT = (f"Install it by hand: python -m ipykernel install --sys-prefix --name {KERNEL_NAME} "
                f"--display-name {KERNEL_NAME} (or --user instead of --sys-prefix), with the Python that runs "
                "reviewbench; 'make install' does it for .venv.")


def check_kernel(manager=None, prefix: str | Path | None = None) -> None:
    """The pinned kernel must exist before anything starts (papermill#251, nbval#140).

    When it is missing it is installed, once, for the Python running reviewbench, in that
    Python's environment (``prefix``, default ``sys.prefix``: where ``make install`` and the conda
    instructions put it), so ``pip install reviewbench`` needs no second step. ``manager`` is the
    jupyter_client ``KernelSpecManager`` to ask (tests give one that looks in a temporary folder).
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    manager = manager if manager is not None else KernelSpecManager()
    try:
        manager.get_kernel_spec(KERNEL_NAME)
        return
    except NoSuchKernel:
        pass
    where = install_kernel(manager, sys.prefix if prefix is None else prefix)
    try:
        manager.get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel as exc:
        raise ReviewbenchError(f"the Jupyter kernel '{KERNEL_NAME}' was installed in {where}, but Jupyter does not "
                               "look there (is JUPYTER_PATH or JUPYTER_DATA_DIR set?), so no notebook can run.",
                               hint=_KERNEL_HINT) from exc
    print(f"Installed the Jupyter kernel '{KERNEL_NAME}' for this Python ({sys.executable}) in {where}.",
          file=sys.stderr, flush=True)


class _Staged:
    """The kernel spec manager handed to ipykernel's ``install``, noting the folder the spec was staged in:
    ``install`` writes it into a temporary folder of its own, which it leaves behind (empty, or with the
    spec in it when installing failed)."""

    def __init__(self, manager):
        self.manager, self.staged = manager, []

    def install_kernel_spec(self, source_dir: str, **kwargs) -> str:
        self.staged.append(Path(source_dir))
        return self.manager.install_kernel_spec(source_dir, **kwargs)


def install_kernel(manager, prefix: str | Path) -> Path:
    """ipykernel's kernel spec for this interpreter, named and displayed as ``KERNEL_NAME`` (as the
    Makefile's ``ipykernel install``), into ``prefix``/share/jupyter/kernels; returns its folder."""
    from ipykernel.kernelspec import install
    staged = _Staged(manager)
    try:
        return Path(install(kernel_spec_manager=staged, kernel_name=KERNEL_NAME, display_name=KERNEL_NAME,
                            prefix=str(prefix)))
    except OSError as exc:
        done = Path(prefix, "share", "jupyter", "kernels", KERNEL_NAME)
        if (done / "kernel.json").is_file():            # another reviewbench installed it at the same moment
            return done
        raise ReviewbenchError(f"the Jupyter kernel '{KERNEL_NAME}' is not installed, and it could not be installed "
                               f"in {Path(prefix, 'share', 'jupyter', 'kernels')} ({exc.strerror or exc}), so no "
                               "notebook can run.", hint=_KERNEL_HINT) from exc
    finally:
        for source in staged.staged:                    # ipykernel's tmp*_kernels/<name>: its temporary folder
            if source.parent.name.endswith("_kernels"):
                shutil.rmtree(source.parent, ignore_errors=True)


def _kernel_manager(folder: str):
    """A kernel manager talking to the kernel over local sockets in ``folder`` (POSIX), not TCP:
    nothing of a sensitive review crosses a network port, and the kernel has nothing to warn about."""
    if os.name != "posix":
        return None
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import CaselessStrEnum, default

    class LocalKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

        @default("ip")
        def _ip_default(self) -> str:
            return os.path.join(folder, "kernel")

    return LocalKernelManager


def _first_line(source: str) -> str:
    line = next((text.strip() for text in (source or "").splitlines() if text.strip()), "")
    return line if len(line) <= 70 else line[:69] + "…"


def run_notebook(path: Path, output: Path, parameters: dict[str, Any], *, cwd: Path,
                 metadata: dict[str, Any], progress: bool = False) -> nbformat.NotebookNode:
    """Execute ``path`` into ``output``; ``metadata`` is recorded in the notebook as ``reviewbench``.
    ``progress``: papermill's bar of executed cells (on standard error)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    nb = nbformat.read(path, as_version=4)
    nb.metadata["reviewbench"] = metadata
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": KERNEL_NAME, "language": "python"}
    output.parent.mkdir(parents=True, exist_ok=True)
    logging.getLogger("papermill").setLevel(logging.ERROR)     # its progress lines belong to no report
    sockets = tempfile.mkdtemp(prefix="reviewbench-kernel-")
    manager = _kernel_manager(sockets)
    try:
        return papermill.execute_notebook(nb, str(output), parameters=parameters, kernel_name=KERNEL_NAME,
                                          cwd=str(cwd), progress_bar=progress, log_output=False,
                                          request_save_on_cell_execute=False,
                                          # Every output has arrived when the last cell ends: the kernel is
                                          # stopped then, not asked to (its exit hooks cost 0.3 s a render).
                                          shutdown_kernel="immediate",
                                          **({"kernel_manager_class": manager} if manager else {}))
    except PapermillExecutionError as exc:
        partial = output if output.exists() else None
        cell_id = ""
        if partial is not None:
            executed = nbformat.read(partial, as_version=4)
            if 0 <= exc.cell_index < len(executed.cells):
                cell_id = executed.cells[exc.cell_index].get("id", "")
        where = f"cell {exc.cell_index + 1}" + (f" (id {cell_id})" if cell_id else "")
        code = _first_line(exc.source)
        kept = f" The partial notebook is kept at {partial}." if partial else ""
        if exc.ename in REVIEWBENCH_ERRORS:
            message = f"notebook {path.name}, {where}: {exc.evalue}"
            hint = kept.strip() or None
        else:
            message = (f"notebook {path.name} stopped at {where}, `{code}`, with {exc.ename}: {exc.evalue}.{kept}")
            hint = "Open the partial notebook in JupyterLab: the failing cell is marked in red."
        raise NotebookError(message, notebook=path.name, cell=exc.cell_index + 1, partial=partial, hint=hint) from exc
    except Exception as exc:   # kernel died, did not start, timed out: name the notebook, keep the cause
        if exc.__class__.__name__ == "NoSuchKernel":
            check_kernel()
        raise NotebookError(f"notebook {path.name} could not be run ({type(exc).__name__}: {exc}).",
                            notebook=path.name, cell=None, partial=output if output.exists() else None) from exc
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
