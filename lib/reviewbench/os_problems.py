"""What the operating system refused, said as what to do: a permission, a full disk, a file open in
another program, a file where a folder should be. These are not bugs in reviewbench, and the
command line must not call them bugs (issue 11); anything else unexpected is one, and
:data:`BUG_REPORT` says where to report it and what to attach.
"""

from __future__ import annotations

import errno
from pathlib import Path

from .errors import ReviewbenchError

BUG_REPORT = ("This looks like a bug in reviewbench, not a problem in your files. Run the same command again "
              "with --debug and send its output (the traceback and 'reviewbench --version') to the reviewbench "
              "maintainers, as the README's 'Reporting a problem' says. Do not attach the review's files, its "
              "build/ outputs or anything else naming a child, a family member or a practitioner.")

_LOCKED_WINERRORS = {32, 33}          # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION (a file open in Word/Excel)


def _name(exc: OSError) -> str:
    names = [n for n in (exc.filename, exc.filename2) if n]
    return " or ".join(f"'{n}'" for n in names) if names else "a file of the review"


def _file_in_the_way(exc: OSError) -> Path | None:
    """The file standing where a folder is needed (``build`` made a file, a file named like a folder)."""
    for name in (exc.filename, exc.filename2):
        if not name:
            continue
        for path in (Path(name), *Path(name).parents):
            if path.is_file():
                return path
    return None


def explain(exc: OSError) -> ReviewbenchError | None:
    """The sentence for an operating-system error that the user can act on, or None (then it is a bug)."""
    if getattr(exc, "winerror", None) in _LOCKED_WINERRORS:
        return ReviewbenchError(f"{_name(exc)} is open in another program, which keeps it locked.",
                                hint="Close it (a Word or Excel window, a preview pane) and run the command again.")
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return ReviewbenchError(f"reviewbench is not allowed to read or write {_name(exc)} (permission denied).",
                                hint="Check that your account may write to the review folder and its build/ "
                                     "folder, or copy the review to a folder you can write to; on Windows, also "
                                     "close the file if it is open in Word or Excel.")
    if exc.errno == errno.EROFS:
        return ReviewbenchError(f"{_name(exc)} is on a read-only disk or share.",
                                hint="Copy the review folder to a disk you can write to and run the command there.")
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return ReviewbenchError(f"the disk is full (or your quota is used up) while writing {_name(exc)}.",
                                hint="Free some space and run the command again; the outputs of the step that "
                                     "failed were not put in place.")
    if isinstance(exc, (NotADirectoryError, FileExistsError)) or exc.errno in (errno.ENOTDIR, errno.EEXIST):
        blocker = _file_in_the_way(exc)
        if blocker is not None:
            return ReviewbenchError(f"'{blocker}' is a file, but reviewbench needs a folder there.",
                                    hint="Rename or move that file (reviewbench never deletes a file it did not "
                                         "write), then run the command again.")
    return None
