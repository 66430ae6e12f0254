"""Writing a file so that readers see the old content or the new, never half of it, and never over
someone's hand edit."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from .errors import ReviewbenchError

_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to a temporary file in the same folder, then ``os.replace`` it into place.

    The file keeps the permissions of the one it replaces (or the usual ones for a new file:
    a temporary file is private by default, an authored file or a report must not become so).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_UMASK
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def text_sha256(data: bytes | str) -> str:
    """The fingerprint a loaded file is remembered by (see :func:`write_guarded`)."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def ensure_unchanged(path: Path, loaded_sha: str | None, shown_as: str) -> None:
    """Refuse, with a sentence naming ``shown_as``, when the file changed on disk since it was loaded.

    ``loaded_sha`` is :func:`text_sha256` of the file as loaded (None: it did not exist then).
    """
    path = Path(path)
    on_disk = text_sha256(path.read_bytes()) if path.exists() else None
    if on_disk != loaded_sha:
        what = "was created" if loaded_sha is None else ("was deleted" if on_disk is None else "was changed")
        raise ReviewbenchError(
            f"{shown_as} {what} on disk since it was loaded (someone edited it by hand?); nothing was overwritten.",
            hint="In the workbench press 'Reload from the files' (or call reload()) to see that change, "
                 "then make yours.")


def write_guarded(path: Path, text: str, loaded_sha: str | None, shown_as: str) -> str:
    """Write ``text`` atomically unless the file changed on disk since it was loaded (never over a
    hand edit). Returns the fingerprint of what was written, to remember for the next save."""
    ensure_unchanged(path, loaded_sha, shown_as)
    write_atomic(path, text)
    return text_sha256(text)
