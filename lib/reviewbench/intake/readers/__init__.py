"""Turn one submission file into raw grids of cell values, with no interpretation.

Why this layer exists: everything downstream (header detection, dates, agencies) works on
:class:`~reviewbench.model.Grid` rows and never needs to know the file format. Before a
format reader runs, the file's content is checked against its name, so a mis-named,
damaged, old-format or password-protected file gets a sentence a reviewer can act on
instead of a library traceback.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from reviewbench.errors import IntakeFileError
from reviewbench.intake.readers.delimited import read_delimited, unmarked_utf16
from reviewbench.intake.readers.docx import read_docx
from reviewbench.intake.readers.xlsx import read_xlsx
from reviewbench.model import SourceDocument

__all__ = ["SUPPORTED_SUFFIXES", "is_ignorable", "not_a_submission", "read_document"]

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".docx", ".csv", ".tsv", ".txt")

_EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
_LEGACY_SUFFIXES = {".xls": "ole-excel", ".doc": "ole-word"}
_JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_OLE_SCAN_LIMIT = 64 * 1024 * 1024

_ASK = "Ask the agency to send its chronology as .xlsx, .docx or .csv."
_SAVE_XLSX = "Open it in Excel and use File > Save As > Excel Workbook (.xlsx)."
_SAVE_DOCX = "Open it in Word and use File > Save As > Word Document (.docx)."
_RESEND = "Ask the agency to send the file again."
_PASSWORD = "Ask the agency to remove the password and send the file again."

# What sniffing found -> (how to name it in a sentence, what the reviewer should do).
_KINDS = {
    "excel": ("an Excel workbook", "Rename it to end in .xlsx."),
    "word": ("a Word document", "Rename it to end in .docx."),
    "xlsb": ("an Excel binary workbook (.xlsb)", _SAVE_XLSX),
    "powerpoint": ("a PowerPoint presentation", _ASK),
    "zip": ("a zip archive", "Unzip it and put the files inside in the folder instead."),
    "damaged-zip": ("a damaged or incomplete Office or zip file", _RESEND),
    "ole-encrypted": ("a password-protected Office file", _PASSWORD),
    "ole-excel": ("an old-format Excel 97-2003 workbook (.xls)", _SAVE_XLSX),
    "ole-word": ("an old-format Word 97-2003 document (.doc)", _SAVE_DOCX),
    "ole": ("a password-protected or old-format (97-2003) Office file",
            "If it has a password, ask the agency to remove it and send the file again; "
            "if it is an old .xls or .doc file, open it in Excel or Word and save it as "
            ".xlsx or .docx."),
    "pdf": ("a PDF file", _ASK),
    "image": ("an image", _ASK),
    "rtf": ("a Rich Text (RTF) document", _SAVE_DOCX),
    "html": ("a web page (HTML)",
             "Open it in Excel (or Word) and save it as .xlsx (or .docx)."),
    "xml-excel": ("an Excel 2003 XML spreadsheet", _SAVE_XLSX),
    "xml-word": ("a Word 2003 XML document", _SAVE_DOCX),
    "text": ("a text file", "If it is a CSV export, rename it to end in .csv."),
    "binary": ("a binary file of an unknown type", _ASK),
}


def is_ignorable(path: str | os.PathLike[str]) -> bool:
    """True for files that operating systems and Office leave beside real submissions.

    Office lock files ("~$report.docx"), Word temp files ("~WRL0001.tmp"), macOS and
    Windows folder files and hidden dot-files are never submissions; the intake skips
    them silently. Only the file name is looked at, not the folders above it.
    """
    name = Path(path).name
    lowered = name.lower()
    return (
        name.startswith((".", "~$"))
        or lowered in _JUNK_NAMES
        or (name.startswith("~") and lowered.endswith(".tmp"))
    )


def not_a_submission(path: Path, rel: str) -> str | None:
    """Why a file is not a submission at all (a README, notes, a shortcut), or None if it may be one.

    A file is a submission when its name is one the readers take or an old Office format, or
    when its content is a document of any kind (Excel, Word, PDF, an image...): those are read
    or explained. Text or unknown binary content under any other name is left alone, and so is
    an empty .txt file (a .txt is a submission only when it holds a chronology: see the ingest).
    """
    suffix = path.suffix.lower()
    try:
        empty = path.stat().st_size == 0
    except OSError:
        return None                 # read_document says what is wrong with it
    if suffix == ".txt" and empty:
        return "an empty .txt file, not a submission, so it was skipped."
    if suffix in SUPPORTED_SUFFIXES or suffix in _LEGACY_SUFFIXES:
        return None
    kind = "text" if empty else _sniff(path, rel)
    if kind not in ("text", "binary"):
        return None
    named = f"a {suffix} file" if suffix else "a file with no extension"
    what = "holding text" if kind == "text" else "of no type reviewbench reads"
    rename = " If it is a chronology exported as text, rename it to end in .csv." if kind == "text" else ""
    return f"{named} {what}, not a submission, so it was skipped.{rename}"


def read_document(path: Path, rel: str) -> SourceDocument:
    """Read every table/sheet of one submission file as raw grids.

    Args:
        path: The file to read; it is opened read-only and never modified.
        rel: The path relative to the review folder (forward slashes), used in
            ``SourceDocument.file`` and in every error message.

    Raises:
        IntakeFileError: The file is empty, damaged, password-protected, of an
            unsupported type or named for a different type than its content.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IntakeFileError(rel, f"cannot be read: {exc.strerror or exc}.",
                              hint="Check that the file exists and that you may open it.") from exc
    if suffix not in SUPPORTED_SUFFIXES and suffix not in _LEGACY_SUFFIXES:
        raise _unsupported(path, rel, suffix, size)
    if size == 0:
        raise IntakeFileError(rel, "is empty (0 bytes).", hint=_RESEND)

    kind = _sniff(path, rel)
    if suffix in _EXCEL_SUFFIXES:
        return _open_office(path, rel, suffix, kind, "excel", read_xlsx)
    if suffix == ".docx":
        return _open_office(path, rel, suffix, kind, "word", read_docx)
    if suffix in _TEXT_SUFFIXES:
        if kind == "text":
            return read_delimited(path, rel, suffix)
        raise _mismatch(rel, suffix, kind)
    raise _legacy(rel, suffix, kind)


def _open_office(path, rel, suffix, kind, expected, reader) -> SourceDocument:
    """Run ``reader`` if the content is the expected Office format, else explain why not."""
    if kind == expected:
        return reader(path, rel)
    what = "an Excel workbook" if expected == "excel" else "a Word document"
    if kind == "damaged-zip":
        raise IntakeFileError(rel, f"cannot be opened as {what}: the file is damaged or "
                                   "incomplete.", hint=_RESEND)
    if kind == "ole-encrypted":
        raise _password(rel)
    if kind == "ole":
        raise IntakeFileError(rel, f"cannot be opened as {what}: it is password-protected, or "
                                   f"it is an old-format 97-2003 file with a {suffix} name.",
                              hint=_KINDS["ole"][1])
    raise _mismatch(rel, suffix, kind)


def _legacy(rel: str, suffix: str, kind: str) -> IntakeFileError:
    """Explain .xls/.doc files: old formats are not read, and some are only mis-named."""
    if kind == "ole-encrypted":
        return _password(rel)
    if kind not in (_LEGACY_SUFFIXES[suffix], "ole"):
        return _mismatch(rel, suffix, kind)
    what, fix = _KINDS[_LEGACY_SUFFIXES[suffix]]
    return IntakeFileError(rel, f"is {what}, a format reviewbench cannot read.",
                           hint=f"{fix} Then put the saved copy in the folder instead.")


def _mismatch(rel: str, suffix: str, kind: str) -> IntakeFileError:
    what, fix = _KINDS[kind]
    return IntakeFileError(rel, f"is named {suffix} but is {what}.", hint=fix)


def _password(rel: str) -> IntakeFileError:
    return IntakeFileError(rel, "is password-protected (encrypted), so it cannot be opened.",
                           hint=_PASSWORD)


def _unsupported(path: Path, rel: str, suffix: str, size: int) -> IntakeFileError:
    """Unsupported type; if the content is really Excel or Word, say how to rename it."""
    named = f"is a {suffix} file" if suffix else "has no file extension"
    hint = f"{_ASK} Or move the file out of the agency's folder."
    if size:
        kind = _sniff(path, rel)
        if kind in ("excel", "word"):
            what, fix = _KINDS[kind]
            hint = f"It looks like {what}: {fix[0].lower()}{fix[1:]}"
    supported = ", ".join(SUPPORTED_SUFFIXES)
    return IntakeFileError(rel, f"{named}, which reviewbench cannot read. "
                                f"Supported types: {supported}.", hint=hint)


def _sniff(path: Path, rel: str) -> str:
    """Say what a file really is from its first bytes (and zip or OLE2 directory)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise IntakeFileError(rel, f"cannot be read: {exc.strerror or exc}.",
                              hint="Check that you may open the file.") from exc
    if head.startswith(_ZIP_MAGIC):
        return _zip_kind(path)
    if head.startswith(_OLE2_MAGIC):
        return _ole_kind(path)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_UTF16_BOMS) or unmarked_utf16(head):
        return "text"
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if start.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in start:
            return "xml-excel"
        if b"schemas.microsoft.com/office/word/2003/wordml" in start:
            return "xml-word"
        if b"<html" in start or b"<!doctype html" in start or b"<table" in start:
            return "html"
    return "binary" if b"\x00" in head else "text"


def _zip_kind(path: Path) -> str:
    """Tell Excel, Word and other zips apart by the part names inside."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return "damaged-zip"
    if "xl/workbook.bin" in names:
        return "xlsb"
    for prefix, kind in (("xl/", "excel"), ("word/", "word"), ("ppt/", "powerpoint")):
        if any(name.startswith(prefix) for name in names):
            return kind
    return "zip"


def _ole_kind(path: Path) -> str:
    """Find the stream names of an OLE2 compound file (stored as UTF-16LE).

    Encrypted .xlsx/.docx files are OLE2 files with an "EncryptedPackage" stream; old
    Word and Excel files have "WordDocument" and "Workbook" streams.
    """
    markers = [(kind, name.encode("utf-16-le")) for kind, name in
               (("ole-encrypted", "EncryptedPackage"), ("ole-word", "WordDocument"),
                ("ole-excel", "Workbook"))]
    found = set()
    overlap = max(len(marker) for _, marker in markers)
    tail = b""
    with path.open("rb") as fh:
        for _ in range(_OLE_SCAN_LIMIT // (1 << 20)):
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            block = tail + chunk
            found.update(kind for kind, marker in markers if marker in block)
            tail = block[-overlap:]
    for kind, _ in markers:
        if kind in found:
            return kind
    return "ole"
