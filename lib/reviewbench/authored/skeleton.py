"""Commented skeletons of every authored file a methodology reads, written by ``reviewbench new``.

Why: a reviewer should learn the formats from the files themselves, not from the example review.
Each skeleton loads as it is and counts as nothing (an empty list; a section or contribution that
holds only notes), so a new review has no error and its draft report shows every gap. Each also
holds a fictional example that is a valid item once the "# " is removed from the start of its
lines. The notes come from the methodology's data: its typology, its own fields, its prompts.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..methodology import FieldSpec, Methodology
from .models import AUTHORED
from .store import CONTRIBUTIONS_DIR, LIST_FILES, SECTIONS_DIR, ListFile, dump_yaml

WIDTH = 96
CONTRIBUTION_EXAMPLE = "practitioner-example.md"
_ENTRY_A, _ENTRY_B = "HV-1a2b3c4d", "CSC-5e6f7a8b"       # fictional entry ids, in the chronology's form

# What each key of the built-in items holds: (key, note). Required keys are marked from the models.
_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "kpes": (
        ("id", "your own short id: a letter, then letters, digits, '-', '_' or '.' (KPE1, KPE2...)"),
        ("title", "one line naming the episode"),
        ("start", "its first day, written YYYY-MM-DD"),
        ("end", "its last day, when it is a period (YYYY-MM-DD)"),
        ("entries", "the chronology entries it covers: ids from the entry_id column of build/chronology.csv"),
        ("description", "what happened, by role (HV1, SW1), never by name"),
        ("appraisal", "how the practice measured up: what went well and what did not"),
        ("explanation", "why it made sense to the people involved at the time"),
        ("tor", "the questions of terms_of_reference.yaml it answers (Q1, Q3)"),
    ),
    "findings": (
        ("id", "your own short id (F1, F2...)"),
        ("title", "the finding in one line"),
        ("category", "one of the categories listed below"),
        ("statement", "the finding itself, in a few sentences"),
        ("evidence", "what shows it: KPE ids and chronology entry ids"),
        ("tor", "the questions of terms_of_reference.yaml it answers (Q1, Q3)"),
        ("themes", "optional: what it is about, as theme ids (A1, B2); the portfolio counts them"),
    ),
    "recommendations": (
        ("id", "your own short id (R1, R2...)"),
        ("text", "the recommendation in one or two sentences"),
        ("findings", "the ids of the findings it answers"),
        ("owner", "who is accountable: a role or a body, never a person's name"),
        ("due", "when it is due (YYYY-MM-DD)"),
    ),
    "problems": (
        ("id", "your own short id (P1, P2...)"),
        ("kind", "care (a care delivery problem: an act or omission in direct care) or service "
                 "(a service delivery problem: in the system around it)"),
        ("title", "one line"),
        ("description", "what went wrong, by role, never by name"),
        ("entries", "the chronology entries that show it (entry ids)"),
    ),
    "five_whys": (
        ("id", "your own short id (W1, W2...)"),
        ("problem", "the id of the problem in problems.yaml it starts from"),
        ("whys", "each answer to 'why?', in order, one '- ' per line"),
        ("root_cause", "where the chain ends: something the organisation can change"),
    ),
    "terms_of_reference": (
        ("id", "Q and a number: Q1, Q2..."),
        ("question", "the question as the terms of reference ask it"),
        ("lead", "who leads on it, if someone does (an agency, the review panel)"),
    ),
    "fishbone": (
        ("problem", "the id of the problem in problems.yaml"),
        ("category", "one of the headings listed below"),
        ("factor", "the contributory factor, in one line"),
        ("entries", "the chronology entries that show it (entry ids)"),
    ),
    "work_system": (
        ("id", "your own short id (WS1, WS2...)"),
        ("component", "the component of the work system it belongs to: one of those listed below"),
        ("text", "the factor, in one line, about the system, never blaming a person"),
        ("entries", "the chronology entries that show it (entry ids)"),
        ("kpes", "the key practice episodes it shaped (KPE ids)"),
        ("findings", "the findings it is part of (finding ids)"),
    ),
}


@dataclass(frozen=True)
class Skeleton:
    """One file to write: where (relative to the review folder), what it is for, its text."""

    path: str
    what: str
    text: str


def skeletons(method: Methodology) -> list[Skeleton]:
    """The skeleton of every authored file ``method`` reads, lists first, then contributions and sections."""
    out = [_list_skeleton(spec, method) for input_id, spec in LIST_FILES.items()
           if method.uses(input_id) or (input_id == "terms_of_reference" and _has_matrix(method))]
    if method.uses("contributions"):
        out.append(_contribution_skeleton(method))
    seen: set[str] = set()
    for section in method.sections():
        name = section.text or section.id
        if section.fill == "text" and name not in seen:
            seen.add(name)
            out.append(_section_skeleton(method, name, section.title, section.required, section.prompt))
    return out


def write_skeletons(review_root: str | Path, method: Methodology) -> list[Skeleton]:
    """Write the skeletons into ``<review>/authored/``; a file that exists is never replaced."""
    written = []
    for skeleton in skeletons(method):
        path = Path(review_root) / skeleton.path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(skeleton.text)
        except FileExistsError:
            continue
        written.append(skeleton)
    return written


# -- the pieces -----------------------------------------------------------------------------------

def _note(text: str, indent: str = "") -> list[str]:
    """``text`` wrapped as YAML comment lines."""
    return [f"# {indent}{line}".rstrip() for line in
            textwrap.wrap(text, WIDTH - 2 - len(indent), subsequent_indent="  " if indent else "")] or ["#"]


def _has_matrix(method: Methodology) -> bool:
    """Whether the report shows the terms-of-reference matrix (then it needs terms_of_reference.yaml)."""
    return any(s.fill == "table" and s.table == "terms-of-reference" for s in method.sections())


def _need(method: Methodology, input_id: str) -> tuple[str, str]:
    """("required" or "optional", the methodology's prompt for this input)."""
    if input_id == "terms_of_reference":
        return "required", ("The questions the review was asked to answer. Each KPE and finding names those it "
                            "answers (tor: [Q1, Q3]); the report's terms-of-reference matrix shows a question "
                            "nothing answers as a gap.")
    spec = method.input(input_id)
    return ("required" if spec is not None and spec.required else "optional"), (spec.prompt if spec else "")


def _need_sentence(need: str, what: str) -> str:
    return (f"Required: the draft report shows a gap until there is {what}." if need == "required"
            else "Optional.")


def _field_notes(item_fields: dict[str, FieldSpec]) -> list[tuple[str, str]]:
    notes = []
    for key, spec in item_fields.items():
        kind = {"list": "a list, one '- ' per line", "problem-refs": "problem ids from problems.yaml",
                "date": "a date, YYYY-MM-DD", "text": "text",
                "choice": "one of: " + ", ".join(f"{c.id} ({c.label})" for c in spec.choices)}[spec.kind]
        prompt = f" {spec.prompt}" if spec.prompt else ""
        notes.append((key + ("*" if spec.required else ""), f"{spec.label} ({kind}).{prompt}"))
    return notes


def _list_skeleton(spec: ListFile, method: Methodology) -> Skeleton:
    need, prompt = _need(method, spec.input_id)
    plural = _plural(spec, method)
    lines = _note(f"{plural} of this {method.title} review, in authored/{spec.name}. "
                  f"{_need_sentence(need, 'one')}")
    if prompt:
        lines += _note(prompt)
    lines += ["#"]
    required = {name for name, f in spec.model.model_fields.items() if f.is_required()}
    keys = [(k + ("*" if k in required else ""), note) for k, note in _KEYS[spec.input_id]]
    keys += _field_notes(_own_fields(spec.input_id, method))
    lines += _note(f"The keys of each {spec.noun} (* the report needs it; the others may be left out):")
    width = max(len(k) for k, _ in keys) + 2
    for key, note in keys:
        lines += [f"#   {key:<{width}}{first}" if i == 0 else f"#   {'':<{width}}{first}"
                  for i, first in enumerate(textwrap.wrap(note, WIDTH - 4 - width))]
    lines += _choices(spec.input_id, method)
    lines += ["#"]
    lines += _note(f"As it is, with nothing under '{spec.key}:', this file is not an error: the draft report "
                   f"shows the gap. To write the first {spec.noun}, remove the '# ' at the start of every line "
                   f"below '{spec.key}:' and write your own values over the example's (it is fictional). For the "
                   "next one, copy those lines again. Text over several lines goes after '|', indented. Lines "
                   "starting with '#' are notes that reviewbench never reads; saving from the workbench "
                   "('reviewbench lab') keeps them, and changes only the lines of what was edited.")
    example = dump_yaml({spec.key: [_example(spec.input_id, method)]}, block_lists=True).splitlines()[1:]
    body = [f"{spec.key}:", *(f"# {line}" for line in example)]
    return Skeleton(f"{AUTHORED}/{spec.name}", f"{plural.lower()} ({need})",
                    "\n".join(lines + body) + "\n")


def _plural(spec: ListFile, method: Methodology) -> str:
    own = {"findings": method.findings, "recommendations": method.recommendations}.get(spec.input_id)
    if own is not None and own.plural:
        return own.plural
    return {"kpes": "Key practice episodes", "problems": "Care and service delivery problems",
            "five_whys": "Five-whys chains", "fishbone": "Fishbone factors",
            "terms_of_reference": "Terms of reference questions",
            "work_system": "Work system factors"}.get(spec.input_id,
                                                                          spec.key.capitalize())


def _own_fields(input_id: str, method: Methodology) -> dict[str, FieldSpec]:
    """The methodology's own fields of an item (method.yaml ``kpes``, ``findings``, ``recommendations``)."""
    return {"kpes": method.kpes.fields, "findings": method.findings.fields,
            "recommendations": method.recommendations.fields}.get(input_id, {})


def _choices(input_id: str, method: Methodology) -> list[str]:
    if input_id not in ("findings", "fishbone", "work_system"):
        return []
    typology = method.typology
    lines = ["#", *_note(f"The categories of {method.title} ({typology.label}); write the id:")]
    for category in typology.categories:
        lines += _note(f"{category.id}: {category.label}", indent="  ")
    return lines


def _example_value(spec: FieldSpec, method: Methodology) -> Any:
    if spec.kind == "list":
        return [f"{spec.label} (example)"]
    if spec.kind == "problem-refs":
        return ["P1"] if method.uses("problems") else None
    if spec.kind == "date":
        return dt.date(2024, 3, 31)
    if spec.kind == "choice":
        return spec.choice_ids[0]
    return f"{spec.label} (example)."


def _example(input_id: str, method: Methodology) -> dict[str, Any]:
    """A fictional item of each kind; the references between them hold when all are written."""
    kpe = ["KPE1"] if method.uses("kpes") else []
    tor = {"tor": ["Q1"]} if _has_matrix(method) else {}
    items: dict[str, dict[str, Any]] = {
        "kpes": {"id": "KPE1", "title": "The health visitor's referral and the step down to Early Help",
                 "start": dt.date(2022, 1, 14), "end": dt.date(2022, 2, 3), "entries": [_ENTRY_A, _ENTRY_B],
                 "description": "HV1 referred concerns about home conditions to MASH.\n"
                                "MASH advised Early Help, which the mother declined.\n",
                 "appraisal": "The referral was prompt and specific; the decision looked at it on its own.\n",
                 "explanation": "A single contact about home conditions was routinely stepped down.\n", **tor},
        "findings": {"id": "F1", "title": "Referrals are screened one at a time",
                     "category": method.typology.ids[0],
                     "statement": "Each referral is screened on its own, so the history that no single\n"
                                  "referral shows is weighed by no one.\n",
                     "evidence": [*kpe, _ENTRY_B], **tor},
        "recommendations": {"id": "R1", "text": "Screening shows every previous contact about the child.",
                            "findings": ["F1"], "owner": "Head of MASH (example)", "due": dt.date(2024, 3, 31)},
        "problems": {"id": "P1", "kind": "service", "title": "The referral was screened without its history",
                     "description": "The screening record showed only the current contact.\n",
                     "entries": [_ENTRY_B]},
        "five_whys": {"id": "W1", "problem": "P1",
                      "whys": ["The screening record shows one contact at a time.",
                               "The system was set up for single contacts."],
                      "root_cause": "No one owns the history of contacts about a child."},
        "terms_of_reference": {"id": "Q1", "question": "How did agencies share what they knew about the child?",
                               "lead": "Children's Social Care (example)"},
        "fishbone": {"problem": "P1", "category": method.typology.ids[0],
                     "factor": "Previous contacts are not on the screening screen.", "entries": [_ENTRY_B]},
        "work_system": {"id": "WS1", "component": method.typology.ids[0],
                        "text": "The screening record shows one contact at a time.", "entries": [_ENTRY_B],
                        "kpes": kpe, "findings": ["F1"] if method.uses("findings") else []},
    }
    item = items[input_id]
    for key, spec in _own_fields(input_id, method).items():
        value = _example_value(spec, method)
        if value is not None:
            item[key] = value
    return item


def _contribution_skeleton(method: Methodology) -> Skeleton:
    need, prompt = _need(method, "contributions")
    notes = _note(f"A contribution to this {method.title} review: what a practitioner (by role, never by "
                  f"name) or the family said. {_need_sentence(need, 'one')}")
    if prompt:
        notes += _note(prompt)
    notes += ["#"]
    notes += _note("One file per contribution in authored/contributions/; the file name is its id (letters, "
                   "digits and '-', for example health-visitor.md). To write one, copy this file under a new "
                   "name, remove the '# ' at the start of the lines 'kind:', 'role:' and 'kpe:' below, fill "
                   "them in, and write the contribution in Markdown after the second '---' line. While they "
                   "stay notes, this file is a blank skeleton: it is not counted, and the report shows the gap.")
    keys = ["# kind: practitioner        # practitioner or family",
            "# role: Health visitor (HV1)  # the role, never the name (for the family: Mother, Grandmother...)"]
    if method.uses("kpes"):
        keys.append("# kpe: KPE1                  # optional: the key practice episode it speaks to")
    body = ("<!-- What they said, in their words where you can: by role, never by name. Notes between these\n"
            "marks are for you only and never appear in the report. -->\n")
    text = "---\n" + "\n".join(notes + keys) + "\n---\n" + body
    return Skeleton(f"{AUTHORED}/{CONTRIBUTIONS_DIR}/{CONTRIBUTION_EXAMPLE}",
                    f"contributions, one file each ({need}; this one a blank example)", text)


def _section_skeleton(method: Methodology, name: str, title: str, required: bool, prompt: str) -> Skeleton:
    need = "required" if required else "optional"
    lines = [f"'{title}', a section of the {method.title} report. {_need_sentence(need, 'text here')}"]
    if prompt:
        lines.append(f"What goes here: {prompt}")
    lines.append("Write the text below this note, in Markdown: a blank line between paragraphs, *italic*, "
                 "**bold**, '- ' at the start of each line of a list; people by role or pseudonym, never by "
                 "name. Notes between these marks are for you only and never appear in the report; while this "
                 "file holds nothing else, the section is a gap.")
    wrapped = [line for text in lines for line in textwrap.wrap(text, WIDTH)]
    return Skeleton(f"{AUTHORED}/{SECTIONS_DIR}/{name}.md", f"section '{title}' ({need})",
                    "<!--\n" + "\n".join(wrapped) + "\n-->\n")
