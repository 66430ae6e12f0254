"""Reading and writing ``authored/``: plain YAML and Markdown files a reviewer can edit by hand.

Reading keeps each file's SHA-256, so that a save never overwrites a change made on disk
since (a reviewer editing the YAML by hand while the workbench is open). Writes are atomic:
a temporary file in the same folder, then ``os.replace``.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import BaseModel, ValidationError

from ..atomic import ensure_unchanged, text_sha256, write_guarded
from ..config import Review
from ..errors import AuthoredError, FileProblem, ReviewbenchError
from ..methodology import Methodology, get_methodology
from ..suggest import did_you_mean
from ..yamlio import impossible_date, load_yaml
from .models import (
    AUTHORED,
    ITEM_ID,
    KPE,
    Authored,
    Contribution,
    Dismissal,
    Finding,
    FishboneFactor,
    Problem,
    Question,
    Recommendation,
    WhyChain,
    WorkSystemFactor,
)
from .notes import without_notes
from .roundtrip import edit_list_text
from .validate import validate

SECTIONS_DIR = "sections"
CONTRIBUTIONS_DIR = "contributions"
# authored/methodologies/<id>/: a methodology's own versions of authored files, same layout as authored/; when
# the review renders with that methodology each replaces the base file of the same relative path.
VARIANTS_DIR = "methodologies"


@dataclass(frozen=True)
class ListFile:
    """One YAML file holding a list of items under one key."""

    input_id: str
    name: str
    key: str
    model: type[BaseModel]
    noun: str
    header: str
    block: bool = False          # each item's keys one a line, never {a: 1, b: 2} on one line
    identity: tuple[str, ...] = ("id",)          # the keys that make an item the same item on the next save

    def ident(self, item: dict) -> tuple:
        return tuple(item.get(key) for key in self.identity)


LIST_FILES = {f.input_id: f for f in (
    ListFile("kpes", "kpes.yaml", "kpes", KPE, "KPE",
             "Key practice episodes: {id, title, start, end, entries, appraisal, explanation}."),
    ListFile("findings", "findings.yaml", "findings", Finding, "finding",
             "Findings: {id, title, category, statement, evidence} and the methodology's own fields."),
    ListFile("recommendations", "recommendations.yaml", "recommendations", Recommendation, "recommendation",
             "Recommendations: {id, text, findings, owner, due} and the methodology's own fields."),
    ListFile("problems", "problems.yaml", "problems", Problem, "problem",
             "Care and service delivery problems: {id, kind: care|service, title, description, entries}."),
    ListFile("five_whys", "five_whys.yaml", "chains", WhyChain, "chain",
             "Five-whys chains: {id, problem, whys, root_cause}."),
    ListFile("fishbone", "fishbone.yaml", "factors", FishboneFactor, "factor",
             "Fishbone factors: {problem, category, factor, entries}.", identity=("problem", "category", "factor")),
    ListFile("work_system", "work_system.yaml", "factors", WorkSystemFactor, "factor",
             "Work system factors (SEIPS): {id, component, text, entries, kpes, findings}.", block=True),
    ListFile("dismissals", "dismissed_prompts.yaml", "dismissed", Dismissal, "dismissal",
             "Prompts of the network analysis dismissed as wrong: {prompt (its key), reason, dismissed_by, date,\n"
             "# rule, text (the prompt as it read)}. 'reviewbench check' lists them for the quality checker.",
             block=True, identity=("prompt",)),
    ListFile("terms_of_reference", "terms_of_reference.yaml", "questions", Question, "question",
             "Terms of reference: {id (Q1, Q2...), question, lead}. A KPE or finding names those it answers\n"
             "# (tor: [Q1, Q3]); the terms-of-reference matrix of the report shows them.", block=True),
)}
# Any review may dismiss a prompt, and any review's KPEs and findings may name its terms of reference; every
# other file is read when the methodology lists it under inputs (a rapid review has no findings, and the
# example's LCSPR findings are not its business).
ALWAYS_READ = ("dismissals", "terms_of_reference")


# -- reading ------------------------------------------------------------------------------------

def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _problem(file: str, location: str | None, error: dict[str, Any], model: type[BaseModel]) -> FileProblem:
    """One pydantic error of an item as a problem naming the file, the item and the key."""
    loc = [str(p) for p in error["loc"]]
    key = ".".join(loc) or None
    return FileProblem(file, _describe(error, model, key or "(item)") + ".", location, key)


def _describe(error: dict[str, Any], model: type[BaseModel], key: str) -> str:
    loc = [str(p) for p in error["loc"]]
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return f"key '{key}' is missing"
    if kind == "extra_forbidden":
        return f"key '{key}' is not a known key{did_you_mean(loc[0], model.model_fields, aside=True)}; " \
               f"known keys: {', '.join(model.model_fields)}"
    if kind.startswith("date"):
        return f"key '{key}' must be a date written YYYY-MM-DD (found {value!r})"
    if kind == "string_pattern_mismatch" and model is Question:
        return f"key '{key}' must be Q and a number: Q1, Q2... (found {value!r})"
    if kind == "string_pattern_mismatch":
        return (f"key '{key}' must start with a letter and hold only letters, digits, '-', '_' or '.' "
                f"(at most 40; found {value!r})")
    msg = error["msg"].removeprefix("Value error, ")
    shown = f" (found {value!r})" if value is not None and not isinstance(value, (dict, list)) else ""
    return f"key '{key}': {msg}{shown}"


def _item_label(noun: str, raw: Any, index: int) -> str:
    if isinstance(raw, dict) and raw.get("id") not in (None, ""):
        return f"{noun} {raw['id']}"
    return f"{noun} number {index + 1}"


def coerce_items(spec: ListFile, raw_items: Any, where: str, problems: list[FileProblem]) -> list:
    """Typed items from what YAML gave (dicts or models); each problem names file and item."""
    if raw_items is None:
        return []
    if not isinstance(raw_items, list):
        problems.append(FileProblem(where, f"'{spec.key}' must be a list of {spec.noun}s (each starting with '- ').",
                                    key=spec.key))
        return []
    items = []
    for index, raw in enumerate(raw_items):
        if isinstance(raw, BaseModel):
            raw = raw.model_dump()
        label = _item_label(spec.noun, raw, index)
        if not isinstance(raw, dict):
            problems.append(FileProblem(where, f"must be a mapping of keys (id, title, ...), found {raw!r}.", label))
            continue
        try:
            items.append(spec.model.model_validate(raw))
        except ValidationError as exc:
            problems += [_problem(where, label, error, spec.model) for error in exc.errors()]
    return items


def unreadable(where: str, exc: UnicodeDecodeError | yaml.YAMLError) -> FileProblem:
    """A file that is not UTF-8 or not YAML, with the line PyYAML stopped at as its location."""
    if isinstance(exc, UnicodeDecodeError):
        return FileProblem(where, "is not UTF-8 text; save it again as UTF-8.")
    mark = getattr(exc, "problem_mark", None)
    said = exc.problem if impossible_date(exc) else \
        f"is not valid YAML ({getattr(exc, 'problem', None) or exc})."
    return FileProblem(where, said, f"line {mark.line + 1}" if mark else None)


def _load_yaml(path: Path, where: str, problems: list[FileProblem]) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(unreadable(where, exc))
    return None


def variant_folder(root: Path, method_id: str) -> Path:
    """``authored/methodologies/<id>/``: the files that replace the base's when rendering with ``method_id``."""
    return root / AUTHORED / VARIANTS_DIR / method_id


def overlay(root: Path, method_id: str) -> dict[str, str]:
    """Each file of the methodology's variant by the base path it replaces: ``{"authored/kpes.yaml":
    "authored/methodologies/rca/kpes.yaml"}``. File by file; a file only in the base is kept."""
    folder = variant_folder(root, method_id)
    if not folder.is_dir():
        return {}
    return {f"{AUTHORED}/{path.relative_to(folder).as_posix()}": _rel(path, root)
            for path in sorted(folder.rglob("*")) if path.is_file() and not path.name.startswith(".")}


def read_list_file(root: Path, spec: ListFile, stamps: dict, problems: list[FileProblem],
                   variant: dict[str, str] | None = None) -> list:
    """The items of one list file of ``authored/`` (from the methodology's variant file when ``variant``
    names one), its SHA-256 recorded in ``stamps`` and its problems added to ``problems``."""
    where = (variant or {}).get(f"{AUTHORED}/{spec.name}", f"{AUTHORED}/{spec.name}")
    path = root / where
    if not path.exists():
        stamps[where] = None
        return []
    stamps[where] = text_sha256(path.read_bytes())
    data = _load_yaml(path, where, problems)
    if data is None:
        return []
    if not isinstance(data, dict) or spec.key not in data:
        problems.append(FileProblem(where, f"must hold a list under the key '{spec.key}' ({spec.key}: then one "
                                           f"'- ' per {spec.noun}).", key=spec.key))
        return []
    unknown = sorted(set(data) - {spec.key})
    if unknown:
        problems.append(FileProblem(where, f"key(s) {', '.join(unknown)} are not read; the file holds only "
                                           f"'{spec.key}'.", key=unknown[0]))
    return coerce_items(spec, data[spec.key], where, problems)


_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.S)


def parse_contribution(text: str, stem: str, where: str, problems: list[FileProblem]) -> Contribution | None:
    """The contribution in ``text``; None when it cannot be used (said in ``problems``) or when it is
    a blank skeleton: no front matter keys and nothing but notes below (not a contribution yet)."""
    match = _FRONT.match(text)
    if not match:
        problems.append(FileProblem(where, "must start with a front matter block between '---' lines "
                                           "(kind: practitioner or family, role: ..., kpe: optional)."))
        return None
    try:
        meta = load_yaml(match.group(1))
    except yaml.YAMLError as exc:
        problems.append(FileProblem(where, f"the front matter is not valid YAML "
                                           f"({getattr(exc, 'problem', None) or exc})."))
        return None
    body = without_notes(match.group(2))
    if meta is None:
        if not body.strip():
            return None
        meta = {}
    if not isinstance(meta, dict):
        problems.append(FileProblem(where, "the front matter must be keys (kind, role, kpe)."))
        return None
    unknown = sorted(set(meta) - {"kind", "role", "title", "kpe"})
    if unknown:
        problems.append(FileProblem(where, f"front matter key(s) {', '.join(unknown)} are not known "
                                           "(use kind, role, title, kpe).", key=unknown[0]))
        return None
    try:
        return Contribution.model_validate({**meta, "id": stem, "body": body})
    except ValidationError as exc:
        problems += [_problem(where, None, error, Contribution) for error in exc.errors()]
        return None


def _markdown_files(root: Path, subfolder: str, variant: dict[str, str]) -> list[Path]:
    """The ``*.md`` of ``authored/<subfolder>/`` and of the variant's, the variant's winning by name."""
    folder = root / AUTHORED / subfolder
    base = {f"{AUTHORED}/{subfolder}/{p.name}": p for p in (sorted(folder.glob("*.md")) if folder.is_dir() else [])}
    base.update({rel: root / own for rel, own in variant.items()
                 if rel.startswith(f"{AUTHORED}/{subfolder}/") and rel.endswith(".md") and rel.count("/") == 2})
    return [base[rel] for rel in sorted(base)]


def _read_contributions(root: Path, stamps: dict, problems: list[FileProblem],
                        variant: dict[str, str]) -> list[Contribution]:
    out = []
    for path in _markdown_files(root, CONTRIBUTIONS_DIR, variant):
        where = _rel(path, root)
        data = path.read_bytes()
        stamps[where] = text_sha256(data)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(FileProblem(where, "is not UTF-8 text; save it again as UTF-8."))
            continue
        item = parse_contribution(text, path.stem, where, problems)
        if item is not None:
            out.append(item)
    return out


def _read_sections(root: Path, stamps: dict, problems: list[FileProblem],
                   variant: dict[str, str]) -> dict[str, str]:
    out = {}
    for path in _markdown_files(root, SECTIONS_DIR, variant):
        where = _rel(path, root)
        data = path.read_bytes()
        stamps[where] = text_sha256(data)
        try:
            out[path.stem] = without_notes(data.decode("utf-8"))
        except UnicodeDecodeError:
            problems.append(FileProblem(where, "is not UTF-8 text; save it again as UTF-8."))
    return out


def _methodology(review: Review, methodology: Methodology | str | None) -> Methodology:
    if isinstance(methodology, Methodology):
        return methodology
    return get_methodology(methodology or review.methodology, review.root)


def load_authored(review: Review, entry_ids: Iterable[str] | None = None, *,
                  methodology: Methodology | str | None = None) -> Authored:
    """Read and check ``authored/``; every problem names the file, the item and what is wrong.

    ``entry_ids`` are the chronology's entry ids; without them references to entries are not
    checked (the chronology may not be built yet). ``methodology`` defaults to the review's. The
    files of ``authored/methodologies/<methodology id>/`` replace the base files of the same
    relative path (:func:`overlay`); every problem names the file it was read from.
    """
    method = _methodology(review, methodology)
    root = Path(review.root)
    problems: list[FileProblem] = []
    stamps: dict[str, str | None] = {}
    variant = overlay(root, method.id)
    authored = Authored(root=root, methodology=method,
                        entry_ids=frozenset(entry_ids) if entry_ids is not None else None, variant=variant)
    for input_id, spec in LIST_FILES.items():
        if input_id not in ALWAYS_READ and not method.uses(input_id):
            if authored.path(spec.name).exists():
                authored.warnings.append(f"{authored.where(f'{AUTHORED}/{spec.name}')} is not read by the "
                                         f"{method.title} methodology and is left out of the report.")
            continue
        setattr(authored, input_id, read_list_file(root, spec, stamps, problems, variant))
    if method.uses("contributions"):
        authored.contributions = _read_contributions(root, stamps, problems, variant)
    elif _markdown_files(root, CONTRIBUTIONS_DIR, variant):
        authored.warnings.append(f"{AUTHORED}/{CONTRIBUTIONS_DIR}/ is not read by the {method.title} methodology "
                                 "and is left out of the report.")
    authored.sections = _read_sections(root, stamps, problems, variant)
    authored.stamps = stamps
    problems += validate(authored)
    if problems:
        raise AuthoredError(problems)
    return authored


# -- writing ------------------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    flow_lists = True            # a list of plain values on one line ([a, b]); mappings always one key a line


class _BlockDumper(_Dumper):
    flow_lists = False


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: _Dumper, value: list):
    flow = dumper.flow_lists and all(not isinstance(v, (dict, list)) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


def _dict(dumper: _Dumper, value: dict):
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=False)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)
_Dumper.add_representer(dict, _dict)


def _blocks(data: Any) -> Any:
    """Text of several lines ending with a line break, so that it is written ``|`` (not ``|-``); the
    models strip it again on reading."""
    if isinstance(data, dict):
        return {k: _blocks(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_blocks(v) for v in data]
    if isinstance(data, str) and "\n" in data.strip():
        return data.rstrip("\n") + "\n"
    return data


def dump_yaml(data: Any, *, block_lists: bool = False, indent: int = 0) -> str:
    """Authored YAML as reviewbench writes it: keys in order, several lines of text as ``|`` blocks,
    dates unquoted, lists of plain values on one line (``[a, b]``) unless ``block_lists`` (one
    ``- `` per line); ``indent``: every line moved right by that many spaces (a key of an item)."""
    text = yaml.dump(_blocks(data), Dumper=_BlockDumper if block_lists else _Dumper, sort_keys=False,
                     allow_unicode=True, width=100 - indent)
    return "".join(" " * indent + line for line in text.splitlines(keepends=True))


def _commit(authored: Authored, path: Path, text: str) -> Path:
    rel = _rel(path, authored.root)
    authored.stamps[rel] = write_guarded(path, text, authored.stamps.get(rel), rel)
    return path


def _check(candidate: Authored) -> None:
    problems = validate(candidate)
    if problems:
        raise AuthoredError(problems)


def _written(item: BaseModel) -> dict[str, Any]:
    """An item as written to YAML: dates as dates (unquoted in the file), not as text; text without the
    line break a ``|`` block ends with (the models strip their own fields, not a methodology's)."""
    return _stripped(item.plain(mode="python"))


def _stripped(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _stripped(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_stripped(v) for v in data]
    return data.strip() if isinstance(data, str) else data


def list_file_text(spec: ListFile, items: list, old_text: str | None = None) -> str:
    """The text of a list file holding ``items``: ``old_text`` (the file as it is) edited in place when
    there is one, so that what the reviewer wrote by hand and did not change stays as it was
    (:mod:`.roundtrip`); written afresh otherwise, below the file's leading comments if any."""
    new = [_written(item) for item in items]
    if old_text is not None:
        edited = _edited_text(spec, old_text, new)
        if edited is not None:
            return edited
        lead = "".join(line for line in _leading_comments(old_text))
        if lead:
            return lead + dump_yaml({spec.key: new}, block_lists=spec.block)
    header = f"# {spec.header}\n# Written by reviewbench; you can also edit this file by hand.\n"
    return header + dump_yaml({spec.key: new}, block_lists=spec.block)


def _edited_text(spec: ListFile, old_text: str, new: list[dict]) -> str | None:
    try:
        data = load_yaml(old_text)
    except yaml.YAMLError:
        return None
    problems: list[FileProblem] = []
    raw = data.get(spec.key) if isinstance(data, dict) else None
    old = [_written(item) for item in coerce_items(spec, raw, spec.name, problems)]
    if problems or len(old) != len(raw or []):
        return None

    def render(data: Any, indent: int) -> list[str]:
        return dump_yaml(data, block_lists=spec.block, indent=indent).splitlines(keepends=True)
    return edit_list_text(old_text, spec.key, old, new, spec.ident, render)


def _leading_comments(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    count = next((i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")),
                 len(lines))
    return [line if line.endswith("\n") else line + "\n" for line in lines[:count]]


def _current_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def save_items(authored: Authored, input_id: str, items: list) -> Path:
    """Check and write one list file (kpes, findings, recommendations, problems, five_whys, fishbone)."""
    spec = LIST_FILES.get(input_id)
    if spec is None:
        raise ReviewbenchError(f"'{input_id}' is not an authored list{did_you_mean(input_id, LIST_FILES, aside=True)}.",
                               hint=f"Use one of {', '.join(LIST_FILES)}.")
    where = authored.where(f"{AUTHORED}/{spec.name}")
    problems: list[FileProblem] = []
    typed = coerce_items(spec, list(items), where, problems)
    if problems:
        raise AuthoredError(problems)
    candidate = copy.copy(authored)
    setattr(candidate, input_id, typed)
    _check(candidate)
    path = authored.path(spec.name)
    _commit(authored, path, list_file_text(spec, typed, _current_text(path)))
    setattr(authored, input_id, typed)
    return path


def save_kpes(authored: Authored, kpes: list) -> Path:
    return save_items(authored, "kpes", kpes)


def save_findings(authored: Authored, findings: list) -> Path:
    return save_items(authored, "findings", findings)


def save_recommendations(authored: Authored, recommendations: list) -> Path:
    return save_items(authored, "recommendations", recommendations)


def save_section(authored: Authored, section_id: str, text: str) -> Path:
    """Write ``authored/sections/<section_id>.md`` (Markdown)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", section_id):
        raise ReviewbenchError(f"'{section_id}' is not a section id (lower-case letters, digits and hyphens).")
    body = text.rstrip() + "\n"
    path = _commit(authored, authored.path(f"{SECTIONS_DIR}/{section_id}.md"), body)
    authored.sections[section_id] = body
    return path


def contribution_text(item: Contribution) -> str:
    meta = {"kind": item.kind, "role": item.role}
    if item.title:
        meta["title"] = item.title
    if item.kpe:
        meta["kpe"] = item.kpe
    return f"---\n{dump_yaml(meta)}---\n{item.body.rstrip()}\n"


def save_contribution(authored: Authored, contribution: Contribution | dict) -> Path:
    """Write ``authored/contributions/<id>.md`` with its front matter."""
    where = f"{AUTHORED}/{CONTRIBUTIONS_DIR}"
    try:
        item = Contribution.model_validate(contribution if isinstance(contribution, dict)
                                           else contribution.model_dump())
    except ValidationError as exc:
        raise AuthoredError([_problem(where, None, e, Contribution) for e in exc.errors()]) from exc
    candidate = copy.copy(authored)
    candidate.contributions = [c for c in authored.contributions if c.id != item.id] + [item]
    _check(candidate)
    path = _commit(authored, authored.path(f"{CONTRIBUTIONS_DIR}/{item.id}.md"), contribution_text(item))
    authored.contributions = sorted(candidate.contributions, key=lambda c: c.id)
    return path


def save_authored(authored: Authored) -> list[Path]:
    """Write every list file, section and contribution whose text differs from what is on disk.

    Everything is checked first, and every file is guarded first: if one of them changed on disk
    since loading, nothing at all is written.
    """
    _check(authored)
    plan: list[tuple[Path, str]] = []
    for input_id, spec in LIST_FILES.items():
        path = authored.path(spec.name)
        items = getattr(authored, input_id)
        if _rel(path, authored.root) not in authored.stamps or (not items and not path.exists()):
            continue                                   # not read for this methodology, or nothing to write
        plan.append((path, list_file_text(spec, items, _current_text(path))))
    for section_id, text in sorted(authored.sections.items()):
        plan.append((authored.path(f"{SECTIONS_DIR}/{section_id}.md"), text.rstrip() + "\n"))
    for item in authored.contributions:
        plan.append((authored.path(f"{CONTRIBUTIONS_DIR}/{item.id}.md"), contribution_text(item)))
    changed = [(p, t) for p, t in plan if not p.exists() or p.read_text(encoding="utf-8") != t]
    for path, _ in changed:                            # all or nothing: check every file first
        ensure_unchanged(path, authored.stamps.get(_rel(path, authored.root)), _rel(path, authored.root))
    return [_commit(authored, path, text) for path, text in changed]


__all__ = ["AUTHORED", "Authored", "ITEM_ID", "LIST_FILES", "load_authored", "save_authored",
           "save_contribution", "save_findings", "save_items", "save_kpes", "save_recommendations",
           "save_section"]
