"""Where reviewbench's shared folders are: ``methodology/``, ``notebooks/``, ``templates/`` and the example.

The customer keeps them at the top of the repository (ARCHITECTURE.md section 2), outside the
package, so ``importlib.resources`` cannot reach them. Two places, one rule:

- a checkout (the package imported from ``<repo>/lib/reviewbench``; ``make install``'s editable
  install is one) reads them in the repository, so an edited methodology or template counts at once;
- an installed wheel has them as data files in ``share/reviewbench/`` (as nbconvert ships its
  templates in ``share/jupyter/``). pip puts that folder under the install's data prefix:
  ``sys.prefix`` in a virtual or conda environment, the user base with ``--user``, any
  ``--prefix``, the target folder itself with ``--target``. The wheel's RECORD says where.

Everything else asks this module; nothing looks for these folders by itself.
"""

from __future__ import annotations

import functools
import importlib.metadata
import site
import sys
from pathlib import Path

from .errors import ReviewbenchError

SHARE = ("share", "reviewbench")                    # the data files' folder under an install prefix
MARKER = "methodology"                              # every command needs it: its presence marks the root
EXAMPLE = "child-t"

PACKAGE = Path(__file__).resolve().parent


def checkout_root(package: Path = PACKAGE) -> Path | None:
    """The repository the package is imported from (``<root>/lib/reviewbench``), or None when installed."""
    if len(package.parents) < 2:
        return None
    root = package.parents[1]
    if (root / "pyproject.toml").is_file() and (root / "lib" / package.name).resolve() == package.resolve():
        return root
    return None


def _recorded_share(site_dir: Path) -> Path | None:
    """``share/reviewbench`` as the RECORD of the wheel installed next to the package names it."""
    for info in sorted(site_dir.glob("reviewbench-*.dist-info")):
        files = importlib.metadata.Distribution.at(info).files or []
        for file in files:
            parts = file.parts
            for i in range(len(parts) - 2):
                if parts[i:i + 3] == (*SHARE, MARKER):
                    return Path(file.locate()).parents[len(parts) - i - 3]
    return None


def installed_candidates(package: Path = PACKAGE) -> list[Path]:
    """Where an installed wheel's data files can be, most exact first."""
    site_dir = package.parent
    candidates = [site_dir.joinpath(*SHARE)]                    # pip install --target DIR: DIR/share/...
    recorded = _recorded_share(site_dir)
    if recorded is not None:
        candidates.append(recorded)
    candidates += [Path(sys.prefix, *SHARE), Path(site.getuserbase(), *SHARE)]
    unique: list[Path] = []
    for path in candidates:
        path = Path(path).resolve()
        if path not in unique:
            unique.append(path)
    return unique


def find_root(package: Path = PACKAGE) -> Path:
    """The folder holding ``methodology/``, ``notebooks/``, ``templates/`` and ``examples/``."""
    checkout = checkout_root(package)
    if checkout is not None:
        return checkout
    candidates = installed_candidates(package)
    for path in candidates:
        if (path / MARKER).is_dir():
            return path
    looked = ", ".join(str(p) for p in candidates)
    raise ReviewbenchError(f"reviewbench's shared folders (methodology/, notebooks/, templates/) are not "
                           f"installed next to the package at {package}; looked in {looked}.",
                           hint="Reinstall it (pip install --force-reinstall reviewbench), or run it from a "
                                "clone of the repository (make install).")


@functools.lru_cache(maxsize=None)
def resources_root() -> Path:
    """``find_root`` for the running package, looked up once."""
    return find_root(PACKAGE)


def in_checkout() -> bool:
    """True when reviewbench runs from a clone of the repository (its folders are the user's to edit)."""
    return checkout_root(PACKAGE) is not None


def methodology_dir() -> Path:
    """The built-in methodologies, one folder each (``methodology/<id>/method.yaml``)."""
    return resources_root() / "methodology"


def notebooks_dir() -> Path:
    """The shipped parameterised notebooks."""
    return resources_root() / "notebooks"


def templates_dir() -> Path:
    """The nbconvert report template and the Word reference documents."""
    return resources_root() / "templates"


def example_dir(name: str = EXAMPLE) -> Path:
    """A bundled example review (read-only shared data when installed: copy it before building)."""
    return resources_root() / "examples" / name
