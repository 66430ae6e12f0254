"""Findings (``fill: findings``, of some categories or all) and the issues for the safeguarding partners
they raise (``fill: issues-for-partners``; ``issues-for-board``, its old name, still reads)."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from ...dates import long_date, period
from ...methodology import FIELD_ALIASES, Section
from ..builder import ReportBuilder
from ..chronological import ORDER_NOTE, entry_day, in_date_order
from ..outline import anchor
from ..registry import fill
from ..templating import render

EVIDENCE_COLUMNS = ["Evidence", "Date", "Agency", "What it shows"]
ISSUES = FIELD_ALIASES["issues_for_board"]          # issues_for_partners


def _value(b: ReportBuilder, value, kind: str) -> dict:
    """A field's value as the template shows its kind: a list, problems by id and title, a date, Markdown."""
    if kind == "list":
        return {"kind": "list", "value": list(value)}
    if kind == "problem-refs":
        return {"kind": "problem-refs", "value": [(p, b.authored.problem(p).title) for p in value]}
    if kind == "date" and isinstance(value, dt.date):
        return {"kind": "date", "value": long_date(value)}
    return {"kind": "markdown", "value": str(value)}


def evidence_cells(b: ReportBuilder, ref: str) -> list[Markup]:
    """A row of a finding's evidence: a KPE, a problem or a chronology entry. The public edition has no
    id column, so a KPE or problem names itself there."""
    named = b.m.named if b.edition.drops_private_columns else (lambda what, _: what)
    kpe = b.authored.kpe(ref)
    if kpe is not None:
        agencies = sorted({b.rows[e]["agency"] for e in kpe.entries if e in b.rows})
        return [b.text.ref(ref), Markup.escape(kpe.period), b.text.plain(", ".join(agencies)),
                named(Markup("Key practice episode: {}").format(b.text.plain(kpe.title)), ref)]
    problem = b.authored.problem(ref)
    if problem is not None:
        days = sorted(d for d in (entry_day(b.rows.get(e)) for e in problem.entries) if d is not None)
        agencies = sorted({b.rows[e]["agency"] for e in problem.entries if e in b.rows})
        return [b.text.ref(ref), Markup.escape(period(days[0], days[-1]) if days else ""),
                b.text.plain(", ".join(agencies)),
                named(Markup("{}: {}").format(problem.kind_label, b.text.plain(problem.title)), ref)]
    return b.entry_cells(ref)


@fill("findings")
def findings(b: ReportBuilder, section: Section, number: str, level: int) -> Markup:
    method = b.method
    wanted = set(section.categories) if section.categories else None
    spec = method.findings
    shown = [f for f in spec.ordered(b.authored.findings) if wanted is None or f.category in wanted]
    if not shown:
        which = "" if wanted is None else " in " + ", ".join(method.typology.label_of(c) for c in sorted(wanted))
        prompt = section.prompt or (method.input("findings").prompt if method.input("findings") else "")
        return b.gap(number, section.title, Markup("No {}{} yet ({}).").format(
            (spec.plural or "findings").lower(), which, b.m.code(b.authored.where("authored/findings.yaml"))), prompt)
    grouped = section.group == "terms-of-reference" and bool(b.authored.terms_of_reference)
    h = min(level + (2 if grouped else 1), 6)
    with_recommendations = any(s.fill == "recommendations" for s in b.sections)
    items = []
    for finding in shown:
        where = f"{number} {section.title}, {finding.id}"
        statement = b.text.markdown(finding.statement, level=h + 1) if finding.statement else b.gap(
            where, section.title, f"No statement of {finding.id} yet.")
        fields = []
        for key, fspec in spec.fields.items():
            value = finding.extra.get(key)
            if value not in (None, "", []):
                fields.append({"label": fspec.label, "gap": None, **_value(b, value, fspec.kind)})
            elif fspec.required:
                fields.append({"label": fspec.label, "gap": b.gap(where, section.title,
                                                                  f"No '{fspec.label}' for {finding.id} yet.",
                                                                  fspec.prompt)})
        evidence = b.table(f"Evidence for {finding.id}, in date order", EVIDENCE_COLUMNS,
                           [evidence_cells(b, ref) for ref in in_date_order(b, finding.evidence)], "evidence",
                           private_column=0) if finding.evidence else b.gap(
            where, section.title, f"{finding.id} cites no evidence yet: every finding should be tied to chronology "
            "entries or KPEs.")
        items.append({"finding": finding, "anchor": anchor("finding", finding.id), "statement": statement,
                      "category": method.typology.label_of(finding.category), "fields": fields,
                      "evidence": evidence, "tor": finding.tor,
                      "recommendations": [r.id for r in b.authored.recommendations if finding.id in r.findings]
                      if with_recommendations else []})
    return render("findings.html.j2", b, items=items, h=h, noun=spec.label or "Finding",
                  typology=method.typology.label, order=_order_note(spec), order_note=ORDER_NOTE,
                  groups=_by_question(b, items, min(level + 1, 6)) if grouped else None)


def _order_note(spec) -> str:
    """What order the findings are in, when the methodology orders them (SCIE: by priority)."""
    if spec.order_by is None:
        return ""
    field = spec.fields[spec.order_by]
    return (f"The {(spec.plural or 'findings').lower()} are listed in order of {field.label.lower()} "
            f"({', then '.join(field.choice_ids)}), as the review team set it; within each, in the order written.")


def _by_question(b: ReportBuilder, items: list[dict], h: int) -> list[dict]:
    """The findings under the terms-of-reference questions they answer: each under the first of its
    questions (in the terms of reference's order), named under the others; then those that answer none.
    A question no finding answers says so (the terms-of-reference matrix marks it as a gap)."""
    order = [q.id for q in b.authored.terms_of_reference]
    home = {item["finding"].id: min((order.index(q) for q in item["tor"] if q in order), default=None)
            for item in items}
    groups = []
    for i, question in enumerate(b.authored.terms_of_reference):
        placed = [item for item in items if home[item["finding"].id] == i]
        elsewhere = [item["finding"].id for item in items if question.id in item["tor"] and item not in placed]
        note = (Markup("Also answered by {} (under an earlier question).").format(b.text.refs(elsewhere))
                if elsewhere else Markup("") if placed else Markup("No finding answers {} yet.").format(question.id))
        groups.append({"heading": Markup("{}: {}").format(question.id, b.text.plain(question.question)),
                       "anchor": anchor("tor", question.id), "note": note, "findings": placed})
    rest = [item for item in items if home[item["finding"].id] is None]
    if rest:
        groups.append({"heading": Markup("Findings that answer no question of the terms of reference"),
                       "anchor": "tor-none", "note": Markup(""), "findings": rest})
    return [{**group, "h": h} for group in groups]


@fill("issues-for-partners")
def issues_for_partners(b: ReportBuilder, section: Section, number: str, level: int) -> Markup:
    rows = [[b.m.titled(f.id, f.title), b.m.bullets(f.extra[ISSUES])]
            for f in b.method.findings.ordered(b.authored.findings) if f.extra.get(ISSUES)]
    spec = b.method.findings.fields.get(ISSUES)
    label = spec.label if spec else section.title
    if not rows:
        return b.gap(number, section.title, f"Nothing yet under '{label}' ({ISSUES} of each finding in "
                     "authored/findings.yaml).", section.prompt)
    return b.table(section.title, ["Finding", label], rows, "issues")
