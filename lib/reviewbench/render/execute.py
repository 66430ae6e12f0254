"""Executing a methodology notebook with papermill, the kernel pinned and the folder set.

On failure the partial notebook stays in build/notebooks/ (papermill marks the failing cell)
and the error names the notebook and the cell in a sentence.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import nbformat

from ..errors import ReviewbenchError

KERNEL_NAME = "reviewbench"
REVIEWBENCH_ERRORS = ("ReviewbenchError", "ReviewConfigError", "AuthoredError", "IntakeFileError",
                      "NotebookParameterError")


class NotebookError(ReviewbenchError):
    """A notebook stopped with an error; ``notebook``, ``cell`` and ``partial`` say where."""

    def __init__(self, message: str, *, notebook: str, cell: int | None, partial: Path | None, hint: str | None = None):
        self.notebook = notebook
        self.cell = cell
        self.partial = partial
        super().__init__(message, hint=hint)


def check_kernel() -> None:
    """The pinned kernel must exist before anything starts (papermill#251, nbval#140)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel as exc:
        raise ReviewbenchError(f"the Jupyter kernel '{KERNEL_NAME}' is not installed, so no notebook can run.",
                               hint="Run 'make install' (or: .venv/bin/python -m ipykernel install --prefix .venv "
                                    f"--name {KERNEL_NAME}).") from exc


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
    line = next((l.strip() for l in (source or "").splitlines() if l.strip()), "")
    return line if len(line) <= 70 else line[:69] + "…"


def run_notebook(path: Path, output: Path, parameters: dict[str, Any], *, cwd: Path,
                 metadata: dict[str, Any]) -> nbformat.NotebookNode:
    """Execute ``path`` into ``output``; ``metadata`` is recorded in the notebook as ``reviewbench``."""
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
                                          cwd=str(cwd), progress_bar=False, log_output=False,
                                          request_save_on_cell_execute=False,
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
