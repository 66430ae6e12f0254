"""The review folder (ARCHITECTURE.md section 3): creating one, finding the bundled example."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from .errors import ReviewbenchError

FOLDERS = ("agency_reports", "authored", "private", "build")
EXAMPLE_NAME = "child-t"

_GITIGNORE = """# Generated outputs can always be rebuilt; the names register must never leave this machine.
build/
private/
"""

_README = """# {title}

A reviewbench review folder.

- `review.yaml`: what the review is (scope, agencies and their aliases, per-file mappings).
- `agency_reports/`: the submissions exactly as the agencies sent them. reviewbench never writes here.
- `authored/`: what the review team writes (key practice episodes, findings, recommendations).
- `private/`: the names register (`names.yaml`: people and places, with what the report says instead) and
  the publication decisions (`publication_decisions.yaml`). Never rendered, never published.
- `build/`: everything generated. Deleting it loses nothing.

Run `reviewbench ingest .` to build the integrated chronology.
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
    """The bundled fictional example review, next to the package in the repository."""
    path = Path(__file__).resolve().parents[2] / "examples" / EXAMPLE_NAME
    if not (path / "review.yaml").exists():
        raise ReviewbenchError(f"the bundled example review is not at {path}.",
                               hint="Run reviewbench from a clone of the repository (make demo).")
    return path
