"""The review folder is a boundary: nothing outside it is read.

Why a module of its own: a path can leave the review in two ways, and both must be closed in one
place. A path written in review.yaml (``sources: - file: ../../etc/passwd``) leaves it by its
words alone; a file or folder in ``agency_reports/`` leaves it when it is a link (a symbolic
link, a Windows junction) to somewhere else. Links that stay inside the review are followed;
every other one is refused without opening what it points to.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath


def leaves_folder(written: str) -> bool:
    """True when a relative path as written (``/`` or ``\\``) is absolute or climbs out with ``..``."""
    text = written.strip().replace("\\", "/")
    if PurePosixPath(text).is_absolute() or PureWindowsPath(written.strip()).anchor:
        return True
    normal = posixpath.normpath(text)
    return normal == ".." or normal.startswith("../")


def inside(path: Path, root: Path) -> bool:
    """True when ``path`` (already resolved) is ``root`` or lies under it."""
    return path == root or root in path.parents


@dataclass(frozen=True)
class Refused:
    """A file or folder in the review that leads outside it (or nowhere), left unread."""

    path: Path          # as found in the review folder
    target: Path        # where the link leads
    missing: bool       # the link leads nowhere inside the review: its target does not exist


@dataclass
class FolderWalk:
    """What walking a folder of the review found, each list in a stable order."""

    files: list[Path] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    repeated: list[Path] = field(default_factory=list)    # links to a folder already walked


def walk_inside(folder: Path, root: Path) -> FolderWalk:
    """Every file under ``folder``, following only the links that stay inside ``root``.

    A link to a folder already walked (``agency_reports/again -> agency_reports``) is listed in
    ``repeated`` and not walked twice. Nothing refused is opened: only the link itself is read.
    """
    root = root.resolve()
    walk = FolderWalk()
    visited: set[Path] = set()
    _walk(Path(folder), root, walk, visited)
    return walk


def _walk(path: Path, root: Path, walk: FolderWalk, visited: set[Path]) -> None:
    target = path.resolve()
    if not inside(target, root):                 # not even looked at: only the link was read
        walk.refused.append(Refused(path, target, missing=False))
        return
    if not target.exists():
        walk.refused.append(Refused(path, target, missing=True))
        return
    if not target.is_dir():
        if target.is_file():
            walk.files.append(path)
        return
    if target in visited:
        walk.repeated.append(path)
        return
    visited.add(target)
    for child in sorted(path.iterdir(), key=lambda p: p.name):
        _walk(child, root, walk, visited)
