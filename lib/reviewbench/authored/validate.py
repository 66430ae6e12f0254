"""Checks across authored items: ids unique, references resolvable, categories and fields the
methodology's own. Each problem is a sentence naming the file, the item and what is wrong.

Missing content is not a problem here: a required section or field with nothing in it yet is
shown in the report as a marked gap. Wrong content (an unknown id, a category the methodology
does not have, a field of the wrong kind) is a problem, because it would misstate the evidence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from ..errors import FileProblem
from ..methodology import FIELD_ALIASES, FieldSpec
from ..suggest import did_you_mean
from .models import Authored
from .themes import load_themes

KPES, FINDINGS, RECS = "authored/kpes.yaml", "authored/findings.yaml", "authored/recommendations.yaml"
PROBLEMS, WHYS, FISHBONE = "authored/problems.yaml", "authored/five_whys.yaml", "authored/fishbone.yaml"
DISMISSALS = "authored/dismissed_prompts.yaml"
TOR = "authored/terms_of_reference.yaml"
WORK_SYSTEM = "authored/work_system.yaml"
# Sections that are no part of the report, read by the products made after it (reviewbench.dissemination):
# the plain-language summary's own words.
PLAIN_SUMMARY = "plain_summary"
READ_ELSEWHERE = frozenset({PLAIN_SUMMARY})
# The files of authored/ that no report reads: what is written after it (the partners' response, the record of
# its dissemination, the briefing's settings, the action plan, a case audit's answers) and the plain summary's
# own words. Editing one does not make a rendered report out of date (reviewbench.publication.rendered); each
# module that reads one names its file from here.
RESPONSE_FILE, RECORD_FILE, BRIEFING_FILE = "response.yaml", "dissemination.yaml", "briefing.yaml"
ACTIONS_FILE, AUDIT_ANSWERS_FILE = "actions.yaml", "audit_answers.yaml"
NOT_READ_BY_A_REPORT = frozenset({*(f"authored/{name}" for name in (RESPONSE_FILE, RECORD_FILE, BRIEFING_FILE,
                                                                    ACTIONS_FILE, AUDIT_ANSWERS_FILE)),
                                  f"authored/sections/{PLAIN_SUMMARY}.md"})


def _duplicates(items, file: str, noun: str) -> list[FileProblem]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.id in seen:
            out.append(FileProblem(file, f"the id '{item.id}' is used by more than one {noun}; give each its own id.",
                                   key="id"))
        seen.add(item.id)
    return out


def _entries(refs: list[str], entry_ids, file: str, location: str) -> list[FileProblem]:
    if entry_ids is None:
        return []
    return [FileProblem(file, f"entry '{ref}' is not an entry of the chronology"
                              f"{did_you_mean(ref, entry_ids, aside=True)}.", location, "entries")
            for ref in refs if ref not in entry_ids]


def _questions(refs: list[str], question_ids: list[str], file: str, location: str) -> list[FileProblem]:
    """The terms-of-reference questions a KPE or finding names (``tor``) that the terms of reference lack."""
    if not question_ids:
        return [FileProblem(file, f"tor names {', '.join(refs)}, but {TOR} has no questions; write them there "
                                  "(questions: then '- id: Q1' and 'question: ...' for each).", location, "tor")
                for _ in refs[:1]]
    return [FileProblem(file, f"tor names '{ref}', which is not a question of {TOR}"
                              f"{did_you_mean(ref, question_ids, aside=True)}; the questions are: "
                              f"{', '.join(question_ids)}.", location, "tor")
            for ref in refs if ref not in question_ids]


def _field(value, spec: FieldSpec, key: str, file: str, location: str,
           problem_ids: set[str]) -> tuple[object, list[FileProblem]]:
    """The value normalised for its kind (a single text becomes a list of one), and any problems."""
    if value is None or value == "" or value == []:
        return value, []
    if spec.kind == "text":
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value).strip(), []
        return value, [FileProblem(file, f"'{key}' must be text, not a list or mapping.", location, key)]
    if spec.kind == "choice":
        if isinstance(value, str) and value.strip() in spec.choice_ids:
            return value.strip(), []
        return value, [FileProblem(file, f"'{key}' must be one of: {', '.join(spec.choice_ids)} (found {value!r})"
                                         f"{did_you_mean(str(value), spec.choice_ids, aside=True)}.", location, key)]
    if spec.kind == "date":
        if isinstance(value, dt.date):
            return value, []
        try:
            return dt.date.fromisoformat(str(value).strip()), []
        except ValueError:
            return value, [FileProblem(file, f"'{key}' must be a date written YYYY-MM-DD (found {value!r}).",
                                       location, key)]
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in items):
        return value, [FileProblem(file, f"'{key}' must be a list of texts (one '- ' per line).", location, key)]
    items = [str(v).strip() for v in items if str(v).strip()]
    if spec.kind == "problem-refs":
        bad = [FileProblem(file, f"'{key}' names '{ref}', which is not a problem in authored/problems.yaml"
                                 f"{did_you_mean(ref, problem_ids, aside=True)}.", location, key)
               for ref in items if ref not in problem_ids]
        return items, bad
    return items, []


def _extras(item, fields: dict[str, FieldSpec], file: str, location: str, noun: str, method_id: str,
            problem_ids: set[str]) -> list[FileProblem]:
    problems = []
    extra = item.__pydantic_extra__ if item.__pydantic_extra__ is not None else {}
    for key in list(extra):
        spec = fields.get(key)
        if spec is None:
            known = ", ".join([*type(item).model_fields, *fields])
            old = next((f" (or its old name '{o}')" for o, n in FIELD_ALIASES.items() if n == key), "")
            problems.append(FileProblem(file, f"'{key}'{old} is not a field of {noun}s in {method_id}"
                                              f"{did_you_mean(key, [*type(item).model_fields, *fields], aside=True)}; "
                                              f"the fields are: {known}.", location, key))
            continue
        extra[key], found = _field(extra[key], spec, key, file, location, problem_ids)
        problems += found
    return problems


def _finding_themes(authored: Authored) -> list[FileProblem]:
    """Findings' ``themes`` that are not ids of the review's theme list (built in, or its themes.yaml)."""
    if not any(f.themes for f in authored.findings):
        return []                                     # the theme list is read only when a finding names one
    taxonomy = load_themes(authored.root)
    return [FileProblem(FINDINGS, f"theme '{theme}' is not in the review's theme list{taxonomy.suggest(theme)}; "
                                  "use an id of reviewbench's themes.yaml (A1, B2...) or add it to themes.yaml in "
                                  "the review folder.", f"finding {finding.id}", "themes")
            for finding in authored.findings for theme in finding.themes if theme not in taxonomy.themes]


def validate(authored: Authored) -> list[FileProblem]:
    method = authored.methodology
    entry_ids = authored.entry_ids
    kpe_ids = {k.id for k in authored.kpes}
    problem_ids = {p.id for p in authored.problems}
    finding_ids = {f.id for f in authored.findings}
    question_ids = [q.id for q in authored.terms_of_reference]
    problems: list[FileProblem] = []

    problems += _duplicates(authored.terms_of_reference, TOR, "question")
    problems += _duplicates(authored.kpes, KPES, "KPE")
    for kpe in authored.kpes:
        where = f"KPE {kpe.id}"
        if entry_ids is not None and kpe.id in entry_ids:
            problems.append(FileProblem(KPES, "the id is also an entry id of the chronology; choose another (KPE1, "
                                              "KPE2...).", where, "id"))
        problems += _entries(kpe.entries, entry_ids, KPES, where)
        problems += _questions(kpe.tor, question_ids, KPES, where)
        problems += _extras(kpe, method.kpes.fields, KPES, where, "KPE", method.id, problem_ids)

    problems += _duplicates(authored.problems, PROBLEMS, "problem")
    for item in authored.problems:
        problems += _entries(item.entries, entry_ids, PROBLEMS, f"problem {item.id}")
    problems += _duplicates(authored.five_whys, WHYS, "chain")
    for chain in authored.five_whys:
        if chain.problem not in problem_ids:
            problems.append(FileProblem(WHYS, f"problem '{chain.problem}' is not in authored/problems.yaml"
                                              f"{did_you_mean(chain.problem, problem_ids, aside=True)}.",
                                        f"chain {chain.id}", "problem"))
    categories = method.typology.ids
    for number, factor in enumerate(authored.fishbone, start=1):
        where = f"factor number {number}"
        if factor.problem not in problem_ids:
            problems.append(FileProblem(FISHBONE, f"problem '{factor.problem}' is not in authored/problems.yaml"
                                                  f"{did_you_mean(factor.problem, problem_ids, aside=True)}.",
                                        where, "problem"))
        if factor.category not in categories:
            problems.append(FileProblem(FISHBONE, f"category '{factor.category}' is not a heading of {method.id}"
                                                  f"{did_you_mean(factor.category, categories, aside=True)}; "
                                                  f"use one of: {', '.join(categories)}.", where, "category"))
        problems += _entries(factor.entries, entry_ids, FISHBONE, where)

    problems += _duplicates(authored.findings, FINDINGS, "finding")
    problems += _finding_themes(authored)
    problems += _work_system(authored, categories, kpe_ids, finding_ids)
    evidence_ids = kpe_ids | (problem_ids if method.uses("problems") else set())
    what = "an entry of the chronology or a KPE id" + (" or a problem id" if method.uses("problems") else "")
    for finding in authored.findings:
        where = f"finding {finding.id}"
        if finding.category not in categories:
            problems.append(FileProblem(FINDINGS, f"category '{finding.category}' is not a category of {method.id}"
                                                  f"{did_you_mean(finding.category, categories, aside=True)}; "
                                                  f"use one of: {', '.join(categories)}.", where, "category"))
        for ref in finding.evidence:
            if ref in evidence_ids or (entry_ids is not None and ref in entry_ids):
                continue
            if entry_ids is None and ref not in evidence_ids and "-" in ref:
                continue                      # looks like an entry id; checked once the chronology is built
            options = evidence_ids | set(entry_ids or ())
            problems.append(FileProblem(FINDINGS, f"evidence '{ref}' is not {what}"
                                                  f"{did_you_mean(ref, options, aside=True)}.", where, "evidence"))
        problems += _questions(finding.tor, question_ids, FINDINGS, where)
        problems += _extras(finding, method.findings.fields, FINDINGS, where, "finding", method.id, problem_ids)

    problems += _duplicates(authored.recommendations, RECS, "recommendation")
    for rec in authored.recommendations:
        where = f"recommendation {rec.id}"
        for ref in rec.findings:
            if ref not in finding_ids:
                problems.append(FileProblem(RECS, f"finding '{ref}' is not in authored/findings.yaml"
                                                  f"{did_you_mean(ref, finding_ids, aside=True)}.", where, "findings"))
        problems += _extras(rec, method.recommendations.fields, RECS, where, "recommendation", method.id,
                            problem_ids)

    for item in authored.contributions:
        if item.kpe and item.kpe not in kpe_ids:
            problems.append(FileProblem(f"authored/contributions/{item.id}.md",
                                        f"kpe '{item.kpe}' is not in authored/kpes.yaml"
                                        f"{did_you_mean(item.kpe, kpe_ids, aside=True)}.", key="kpe"))

    dismissed: dict[str, int] = {}
    for number, item in enumerate(authored.dismissals, start=1):
        if item.prompt in dismissed:
            problems.append(FileProblem(DISMISSALS, f"prompt {item.prompt} is dismissed twice (also in dismissal "
                                                    f"number {dismissed[item.prompt]}); keep one.",
                                        f"dismissal number {number}", "prompt"))
        dismissed.setdefault(item.prompt, number)

    problems = _in_variant(problems, authored.variant)
    text_sections = {s.text or s.id for s in method.sections() if s.fill == "text"}
    for name in sorted(authored.sections):
        if name not in text_sections and name not in READ_ELSEWHERE:
            message = (f"authored/sections/{name}.md is not a text section of the {method.title} outline"
                       f"{did_you_mean(name, text_sections, aside=True)}; it is left out of the report.")
            if message not in authored.warnings:
                authored.warnings.append(message)
    return problems


def _work_system(authored: Authored, components: list[str], kpe_ids: set[str],
                 finding_ids: set[str]) -> list[FileProblem]:
    """SEIPS factors: a component of the methodology's work system, and entries, KPEs and findings that exist."""
    problems = _duplicates(authored.work_system, WORK_SYSTEM, "factor")
    for factor in authored.work_system:
        where = f"factor {factor.id}"
        if factor.component not in components:
            problems.append(FileProblem(WORK_SYSTEM, f"component '{factor.component}' is not a component of the "
                                                     f"{authored.methodology.id} work system"
                                                     f"{did_you_mean(factor.component, components, aside=True)}; "
                                                     f"use one of: {', '.join(components)}.", where, "component"))
        problems += _entries(factor.entries, authored.entry_ids, WORK_SYSTEM, where)
        for key, known, file in (("kpes", kpe_ids, KPES), ("findings", finding_ids, FINDINGS)):
            problems += [FileProblem(WORK_SYSTEM, f"'{ref}' is not in {file}{did_you_mean(ref, known, aside=True)}.",
                                     where, key) for ref in getattr(factor, key) if ref not in known]
    return problems


def _in_variant(problems: list[FileProblem], variant: dict[str, str]) -> list[FileProblem]:
    """Each problem naming the file that holds the content: a methodology's variant file
    (authored/methodologies/<id>/kpes.yaml) wherever it replaced the base file."""
    if not variant:
        return problems
    pattern = re.compile("|".join(re.escape(rel) for rel in sorted(variant, key=len, reverse=True)))

    def named(text: str) -> str:
        return pattern.sub(lambda match: variant[match.group(0)], text)
    return [dataclasses.replace(p, file=named(p.file), message=named(p.message)) for p in problems]
