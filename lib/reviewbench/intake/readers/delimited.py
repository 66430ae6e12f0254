"""CSV/TSV/TXT reader: one Grid for the whole file, rows labelled by physical line.

Why so much care for a "simple" format: agencies export from Excel on Windows, so files
arrive as UTF-8 with or without a BOM, as Windows-1252, even as UTF-16 ("Unicode text"),
with commas, semicolons or tabs, and with quoted cells that span lines. A reviewer must
find a record by the line it starts on, not by its record index. A quoted cell may be as long
as the file (a pasted case note): the csv module's own 128 KB limit would stop a valid file.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from reviewbench.errors import IntakeFileError
from reviewbench.model import Grid, GridRow, SourceDocument

DELIMITERS = ",;\t|"
_SNIFF_BYTES = 64 * 1024
_FALLBACK_LINES = 20
_UTF16_SHARE = 0.9            # of the bytes on one side of each pair that are NUL in UTF-16 text


def read_delimited(path: Path, rel: str, suffix: str) -> SourceDocument:
    """Read a delimited text file; ``.tsv`` is always tab-separated, others are sniffed."""
    text, warnings = decode(path.read_bytes())
    if not text.strip():
        raise IntakeFileError(rel, "contains no data: it is empty or holds only blank lines.",
                              hint="Ask the agency to send the file again.")
    lines = io.StringIO(text, newline="")
    delimiter = _declared_delimiter(lines.readline())   # Excel's "sep=;" first line
    first_line = 2
    if delimiter is None:
        lines.seek(0)
        first_line = 1
        delimiter = "\t" if suffix == ".tsv" else sniff_delimiter(text[:_SNIFF_BYTES])
    # No cell can be longer than the text: the limit only ever grows, so other reads are unaffected.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    rows, width, last_start = _records(lines, delimiter, rel, first_line)
    if not rows:
        raise IntakeFileError(rel, "contains no data: it holds only blank lines.",
                              hint="Ask the agency to send the file again.")
    for row in rows:
        row.cells.extend([None] * (width - len(row.cells)))
    if _ends_inside_quotes(text, delimiter, last_start):
        warnings.append(f"the quoted cell starting on line {last_start} has no closing quote "
                        "(\"), so everything from there to the end of the file was read as one "
                        "record; check the end of the file.")
    return SourceDocument(file=rel, grids=[Grid(name="", rows=rows)], warnings=warnings)


def _records(lines: io.StringIO, delimiter: str, rel: str,
             first_line: int) -> tuple[list[GridRow], int, int]:
    """Parse records, labelling each with the physical line it starts on.

    Returns the rows, the widest row's width, and the start line of the last record if
    that record spans several lines (else 0), to check for a quote left open.
    """
    reader = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True,
                        skipinitialspace=True, strict=False)
    offset = first_line - 1   # reader.line_num counts from where the reader started
    rows: list[GridRow] = []
    width = 0
    start = line = first_line
    try:
        for record in reader:
            line, start = start, reader.line_num + offset + 1
            cells = [c.strip() or None for c in record]
            while cells and cells[-1] is None:
                cells.pop()
            if cells:
                rows.append(GridRow(f"line {line}", cells))
                width = max(width, len(cells))
    except csv.Error as exc:
        raise IntakeFileError(rel, f"cannot be read as delimited text: the record starting on "
                                   f"line {start} is broken ({exc}); usually a closing quote "
                                   "(\") is missing.",
                              hint="Open the file in a text editor and fix the quotes there, "
                                   "or ask the agency to export it again.") from exc
    if reader.line_num + offset == line:   # the last record fits on one line
        return rows, width, 0
    return rows, width, line


def _ends_inside_quotes(text: str, delimiter: str, last_start: int) -> bool:
    """True when the last record (spanning lines from ``last_start``) never closes a quote."""
    if not last_start:
        return False
    tail = io.StringIO(text, newline="").readlines()[last_start - 1:]
    try:
        for _ in csv.reader(tail, delimiter=delimiter, skipinitialspace=True, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def unmarked_utf16(head: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for UTF-16 text saved without a byte-order mark, else None.

    Text in Latin letters has a NUL byte in every other position of UTF-16: after each letter
    (little-endian) or before it (big-endian), and almost nowhere else. A binary file does not.
    """
    pairs = len(head) // 2
    if pairs < 2:
        return None
    first, second = head[0:pairs * 2:2], head[1:pairs * 2:2]
    for codec, zeros, letters in (("utf-16-le", second, first), ("utf-16-be", first, second)):
        if zeros.count(0) >= _UTF16_SHARE * pairs and letters.count(0) <= (1 - _UTF16_SHARE) * pairs:
            return codec
    return None


def decode(raw: bytes) -> tuple[str, list[str]]:
    """Bytes -> text: BOM, then unmarked UTF-16, UTF-8, Windows-1252, then Latin-1 (never fails)."""
    if raw.startswith(codecs.BOM_UTF8):
        return _decode_marked(raw, "utf-8-sig", "UTF-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_marked(raw, "utf-16", "UTF-16")
    utf16 = unmarked_utf16(raw[:_SNIFF_BYTES])
    if utf16:
        return _decode_marked(raw, utf16, "UTF-16")
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), [
            "the file is not UTF-8, so it was read as Windows-1252 (the usual Windows/Excel "
            "encoding); check that symbols such as £ and curly quotes look right."]
    except UnicodeDecodeError:
        return raw.decode("latin-1"), [
            "the file is neither UTF-8 nor Windows-1252, so it was read as Latin-1; some "
            "accented letters or symbols may be wrong. Ask the agency to export it as "
            "'CSV UTF-8'."]


def _decode_marked(raw: bytes, codec: str, label: str) -> tuple[str, list[str]]:
    try:
        return raw.decode(codec), []
    except UnicodeDecodeError:
        return raw.decode(codec, errors="replace"), [
            f"the file is {label} text but some bytes are not valid {label}; they were "
            "replaced with '\N{REPLACEMENT CHARACTER}'."]


def _declared_delimiter(first_line: str) -> str | None:
    """Excel honours a first line "sep=;" naming the delimiter; so do we."""
    line = first_line.strip().strip('"')
    if line.lower().startswith("sep=") and len(line) == 5 and line[4] in DELIMITERS:
        return line[4]
    return None


def sniff_delimiter(sample: str) -> str:
    """csv.Sniffer among , ; tab |, checked against the header; else count outside quotes."""
    if len(sample) >= _SNIFF_BYTES:
        cut = max(sample.rfind("\n"), sample.rfind("\r"))
        sample = sample[:cut] if cut > 0 else sample
    header = next((line for line in sample.splitlines() if line.strip()), "")
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    if len(sniffed) == 1 and sniffed in DELIMITERS and sniffed in header:
        return sniffed
    return _count_delimiter(sample)


def _count_delimiter(sample: str) -> str:
    """The candidate found outside quotes on most records, as often as on the first one."""
    records = _unquoted_counts(sample)
    if not records:
        return ","
    best, best_score = ",", (0, 0)
    for candidate in DELIMITERS:
        expected = records[0][candidate]
        if expected == 0:
            continue
        score = (sum(1 for counts in records if counts[candidate] == expected), expected)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _unquoted_counts(sample: str) -> list[dict[str, int]]:
    """Per record (quotes may span lines), how often each candidate occurs outside quotes."""
    records: list[dict[str, int]] = []
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for line in sample.splitlines():
        if not quoted and not line.strip():
            continue
        for char in line:
            if char == '"':
                quoted = not quoted
            elif not quoted and char in counts:
                counts[char] += 1
        if not quoted:
            records.append(counts)
            counts = dict.fromkeys(DELIMITERS, 0)
            if len(records) >= _FALLBACK_LINES:
                break
    return records
