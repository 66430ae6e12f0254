"""The review folder (ARCHITECTURE.md section 3): creating one, finding the bundled example, copying it for the demo."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

import yaml

from . import __version__, resources
from .errors import ReviewbenchError

FOLDERS = ("agency_reports", "authored", "private", "build")
EXAMPLE_NAME = "child-t"
PORTFOLIO_NAME = "portfolio"                   # examples/portfolio, the example portfolio
DEMO_MARKER = ".reviewbench-demo"               # in a copy of the example made by 'reviewbench demo'
_NOT_COPIED = ("build", "workbench.ipynb", ".ipynb_checkpoints")
_DEMO_NOTE = """This folder is a copy of reviewbench's fictional example, made by 'reviewbench demo'
(reviewbench {version}, from {source}). Running 'reviewbench demo' here again builds this copy
again, with any change you made to it. Delete the folder to start again from the bundled example.
"""

_GITIGNORE = """# Generated outputs can always be rebuilt; the names register must never leave this machine.
build/
private/
"""

_README = """# {title}

A reviewbench review folder.

- `review.yaml`: what the review is (scope, agencies and their aliases, per-file mappings).
- `agency_reports/`: the submissions exactly as the agencies sent them. reviewbench never writes here.
- `authored/`: what the review team writes (key practice episodes, findings, recommendations). Each file
  starts as a skeleton whose notes say what goes in it, with a fictional example to copy.
- `private/`: the names register (`names.yaml`: people and places, with what the report says instead) and
  the publication decisions (`publication_decisions.yaml`). Never rendered, never published.
- `build/`: everything generated. Deleting it loses nothing.

Run `reviewbench templates .` for an intake template per agency, and `reviewbench ingest .` to build the
integrated chronology.
"""


_REGISTER = """# Names register: every person and place the report must not name, each once, with what the
# report says instead. Never rendered, never published. Until it lists someone (or says
# names_no_one: true), 'reviewbench check' and 'render --publish' call nothing safe.
# Every form is found: full name, first name, surname, Ms/Mr + surname, initials, possessives...
#
# people:
#   - name: Jane Smith
#     pseudonym: Mother
#     title: Ms                     # optional: settles "Ms Smith" when two people share the surname
#     known_as: [Janey]             # nicknames and short forms of the first name
#     former_names: [Jane Brown]
#     date_of_birth: 1990-01-31
# places:                           # the child's school, GP practice, hospital, street, estate, town
#   - name: Brookfield Primary School
#     also: [Brookfield Primary, Brookfield]
#     public: a primary school
people: []
places: []
"""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "review"


def new_review(folder: Path, methodology: str, title: str | None = None) -> Path:
    """Scaffold a review folder. Refuses to touch a folder that already holds a review."""
    folder = Path(folder)
    if (folder / "review.yaml").exists():
        raise ReviewbenchError(f"'{folder}' already holds a review (review.yaml exists); nothing was changed.",
                               hint="Choose a new folder name.")
    if folder.exists() and any(folder.iterdir()):
        raise ReviewbenchError(f"'{folder}' exists and is not empty; nothing was changed.",
                               hint="Choose a new or empty folder.")
    title = title or folder.name.replace("-", " ").replace("_", " ").title()
    today = dt.date.today()
    config = {
        "id": _slug(folder.name),
        "title": title,
        "methodology": methodology,
        "scope": {"start": today.replace(year=today.year - 1, day=1).isoformat(), "end": today.isoformat()},
        "agencies": [
            {"name": "Children's Social Care", "code": "CSC",
             "aliases": ["CSC", "MASH", "children's services", "social care"]},
            {"name": "Police", "code": "POL", "aliases": ["constabulary"]},
            {"name": "GP", "code": "GP", "aliases": ["general practice", "surgery"]},
            {"name": "Health Visiting", "code": "HV", "aliases": ["HV", "health visitor"]},
            {"name": "School", "code": "SCH", "aliases": ["education", "nursery"]},
        ],
        "sources": [],
        "settings": {"referral_response_days": 7, "gap_days": 28},
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name in FOLDERS:
        (folder / name).mkdir(exist_ok=True)
    header = ("# Review configuration. Edit the scope and the agencies (with every name and\n"
              "# abbreviation they use, as aliases). See the reviewbench README for every key.\n")
    (folder / "review.yaml").write_text(header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                                        encoding="utf-8")
    (folder / "private" / "names.yaml").write_text(_REGISTER, encoding="utf-8")
    (folder / ".gitignore").write_text(_GITIGNORE, encoding="utf-8")
    (folder / "README.md").write_text(_README.format(title=title), encoding="utf-8")
    return folder


def example_review() -> Path:
    """The bundled fictional example review: the repository's, or the installed read-only shared data."""
    return _bundled(EXAMPLE_NAME, "review.yaml", "example review")


def example_portfolio() -> Path:
    """The bundled fictional example portfolio (examples/portfolio: its portfolio.yaml references ../child-t)."""
    return _bundled(PORTFOLIO_NAME, "portfolio.yaml", "example portfolio")


def _bundled(name: str, marker: str, what: str) -> Path:
    path = resources.example_dir(name)
    if not (path / marker).exists():
        raise ReviewbenchError(f"the bundled {what} is not at {path}.",
                               hint="Reinstall reviewbench (pip install --force-reinstall reviewbench), or run "
                                    "it from a clone of the repository (make demo).")
    return path


def demo_review(here: str | Path | None = None) -> Path:
    """The folder ``reviewbench demo`` builds.

    From a checkout, the example itself (``make demo`` and the README point at
    examples/child-t/build/). Installed, the example is shared data that may be read-only and is
    shared by every user, so it is copied once into ``here`` (default: the current folder) as
    ``child-t/``, marked as a demo copy; a later demo builds that copy again, keeping any change
    made to it. A ``child-t`` that is not a demo copy is never touched.
    """
    return _demo_copy(example_review(), here, "example review")


def demo_portfolio(here: str | Path | None = None) -> Path:
    """The folder ``reviewbench demo`` builds the example portfolio in, as :func:`demo_review` does the
    review: from a checkout examples/portfolio itself; installed, a copy ``portfolio/`` in ``here`` beside
    the demo's ``child-t/``, which its portfolio.yaml references as ../child-t."""
    return _demo_copy(example_portfolio(), here, "example portfolio")


def _demo_copy(source: Path, here: str | Path | None, what: str) -> Path:
    if resources.in_checkout():
        return source
    target = Path(here if here is not None else Path.cwd()).resolve() / source.name
    if (target / DEMO_MARKER).is_file():
        return target
    if target.exists() or target.is_symlink():
        raise ReviewbenchError(f"'{target}' already exists and was not made by 'reviewbench demo', so the {what} "
                               "was not copied there; nothing was changed.",
                               hint="Run 'reviewbench demo' from another folder, or move that folder away.")
    try:
        _copy_example(source, target)
    except OSError as exc:
        if (target / DEMO_MARKER).is_file():             # another demo copied it at the same moment
            return target
        raise ReviewbenchError(f"the {what} could not be copied into {target.parent} "
                               f"({exc.strerror or exc}).",
                               hint="Run 'reviewbench demo' from a folder you can write to.") from exc
    return target


def _copy_example(source: Path, target: Path) -> None:
    """Copy ``source`` (less any build/) to ``target`` in one step: a temporary sibling, then a rename,
    so an interrupted copy never leaves a half example that later looks like a demo copy.
    Contents only, not permissions: a copy of read-only shared data is the user's to change."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for path in sorted(source.rglob("*")):
            relative = path.relative_to(source)
            if set(relative.parts) & set(_NOT_COPIED) or not path.is_file():
                continue
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, staging / relative)
        (staging / DEMO_MARKER).write_text(_DEMO_NOTE.format(source=source, version=__version__), encoding="utf-8")
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
