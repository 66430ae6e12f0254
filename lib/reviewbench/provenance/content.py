"""What a file says, apart from when and where it was made.

Most outputs are byte-for-byte reproducible. Three kinds carry run metadata that is not content:
Office files (.xlsx, .docx) stamp their creation time into ``docProps/core.xml`` and their zip
entries; executed notebooks (.ipynb) hold timings, kernel details and the folder they ran in.
For those the manifest records a second digest of the content alone, and ``verify`` compares
content: Office parts with the timestamps blanked, notebook cell outputs with the review folder's
path replaced by ``<review>``.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

OFFICE = (".xlsx", ".xlsm", ".docx", ".pptx")
NOTEBOOK = ".ipynb"
_CORE_TIMES = re.compile(
    rb"(<(dcterms:created|dcterms:modified|cp:lastPrinted)\b[^>]*>)[^<]*(</\2>)")


def has_run_metadata(path: Path) -> bool:
    return path.suffix.lower() in OFFICE or path.suffix.lower() == NOTEBOOK


CORE = "docProps/core.xml"
_BLOCK = 1 << 20


def _blank_times(core: bytes) -> bytes:
    return _CORE_TIMES.sub(rb"\1\3", core)


def office_parts(path: Path) -> dict[str, bytes]:
    """The parts of an Office file by name, with the creation and modification times blanked."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in sorted(archive.namelist())}
    if CORE in parts:
        parts[CORE] = _blank_times(parts[CORE])
    return parts


def _digest_office(path: Path, digest) -> None:
    """:func:`office_parts` into ``digest`` part by part, each read in blocks: the sheet of a
    100,000-entry workbook is hundreds of megabytes once decompressed."""
    with zipfile.ZipFile(path) as archive:
        for name in sorted(set(archive.namelist())):
            if name == CORE:
                data = _blank_times(archive.read(name))
                digest.update(name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
                continue
            digest.update(name.encode() + b"\0" + str(archive.getinfo(name).file_size).encode() + b"\0")
            with archive.open(name) as part:
                for block in iter(lambda: part.read(_BLOCK), b""):
                    digest.update(block)


def notebook_outputs(path: Path, root: Path | None = None) -> list[list[dict]]:
    """Each code cell's outputs, without execution counts, metadata or the review folder's path."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    where = str(root) if root else None
    cells = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            kept = {k: v for k, v in output.items() if k not in ("execution_count", "metadata", "transient")}
            text = json.dumps(kept, sort_keys=True, ensure_ascii=False)
            if where:
                text = text.replace(json.dumps(where)[1:-1], "<review>")
            outputs.append(json.loads(text))
        cells.append(outputs)
    return cells


def content_digest(path: Path, root: Path | None = None) -> str | None:
    """SHA-256 of the content without run metadata; ``None`` for files whose bytes are the content."""
    digest = hashlib.sha256()
    suffix = path.suffix.lower()
    if suffix in OFFICE:
        _digest_office(path, digest)
    elif suffix == NOTEBOOK:
        digest.update(json.dumps(notebook_outputs(path, root), sort_keys=True).encode())
    else:
        return None
    return digest.hexdigest()
