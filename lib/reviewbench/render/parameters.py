"""Notebook parameters, checked against the methodology's schema before any kernel starts.

papermill only warns about an unknown parameter and passes anything through; here an unknown
or missing parameter, a value of the wrong type, or a schema that no longer matches the
notebook's own parameters cell is an error naming the notebook and the parameter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import NotebookParameterError, ReviewbenchError
from ..methodology import Methodology, NotebookSpec, ParameterSpec
from ..suggest import did_you_mean

_TYPES = {"str": "text", "path": "the path of a folder", "bool": "true or false", "int": "a whole number",
          "float": "a number", "list": "a list"}


def _check_value(notebook: str, name: str, spec: ParameterSpec, value: Any) -> Any:
    def wrong() -> NotebookParameterError:
        return NotebookParameterError(f"parameter '{name}' of notebook {notebook} must be {_TYPES[spec.type]} "
                                      f"(found {value!r}).", hint=spec.help and f"It is {spec.help}.",
                                      file=notebook, key=name)
    if spec.type == "bool":
        if not isinstance(value, bool):
            raise wrong()
    elif spec.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong()
    elif spec.type == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise wrong()
        value = float(value)
    elif spec.type == "list":
        if not isinstance(value, (list, tuple)):
            raise wrong()
        value = list(value)
    elif spec.type == "path":
        if not isinstance(value, (str, Path)) or not str(value).strip():
            raise wrong()
        path = Path(value).expanduser().resolve()
        if not path.is_dir():
            raise NotebookParameterError(f"parameter '{name}' of notebook {notebook}: there is no folder {path}.",
                                         file=notebook, key=name)
        value = str(path)                      # always absolute: the kernel's working folder may differ
    elif not isinstance(value, str):
        raise wrong()
    if spec.choices is not None and value not in spec.choices:
        raise NotebookParameterError(f"parameter '{name}' of notebook {notebook} must be one of "
                                     f"{', '.join(map(repr, spec.choices))} (found {value!r}).",
                                     file=notebook, key=name)
    return value


def notebook_cell_parameters(path: Path) -> list[str]:
    """Names set in the notebook's ``parameters`` cell (read without a kernel)."""
    import papermill
    if not path.is_file():
        raise ReviewbenchError(f"the notebook {path} does not exist.",
                               hint="Check the 'notebooks' list of the methodology's method.yaml.")
    return list(papermill.inspect_notebook(str(path)))


def check_parameters(method: Methodology, spec: NotebookSpec, given: dict[str, Any]) -> dict[str, Any]:
    """``given`` completed with defaults and checked against ``spec``; raises before any kernel."""
    notebook = spec.path
    schema = spec.parameters
    for name in sorted(set(given) - set(schema)):
        raise NotebookParameterError(f"notebook {notebook} has no parameter '{name}'"
                                     f"{did_you_mean(name, schema, aside=True)}.",
                                     hint=f"Its parameters are: {', '.join(schema) or 'none'}.", file=notebook,
                                     key=name)
    checked = {}
    for name, pspec in schema.items():
        if name in given and given[name] is not None:
            checked[name] = _check_value(notebook, name, pspec, given[name])
        elif pspec.required:
            raise NotebookParameterError(f"notebook {notebook} needs the parameter '{name}'"
                                         + (f" ({pspec.help})" if pspec.help else "") + ", and none was given.",
                                         file=notebook, key=name)
        elif pspec.default is not None:
            checked[name] = _check_value(notebook, name, pspec, pspec.default)
    declared = notebook_cell_parameters(method.notebook_path(spec))
    missing = [n for n in schema if n not in declared]
    extra = [n for n in declared if n not in schema]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"its parameters cell does not set {', '.join(missing)}")
        if extra:
            parts.append(f"method.yaml does not describe {', '.join(extra)}")
        raise NotebookParameterError(f"notebook {notebook} and the parameters of methodology {method.id} disagree: "
                                     f"{'; '.join(parts)}.", where=str(method.folder / 'method.yaml'),
                                     file=str(method.folder / 'method.yaml'),
                                     hint="Make the 'parameters' of the notebook in method.yaml match the "
                                          "notebook's cell tagged 'parameters'.")
    return checked
