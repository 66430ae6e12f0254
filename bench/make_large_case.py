"""Write a large synthetic review folder for the intake and render benchmarks.

    python bench/make_large_case.py OUT_DIR [--agencies 50] [--entries 100000] [--seed 7]
                                            [--mix csv=20,xlsx=20,docx=10]
    python bench/make_large_case.py OUT_DIR --authored     # after an ingest: KPEs and findings citing entries

OUT_DIR gets ``review.yaml``, ``agency_reports/`` (one chronology per agency; the formats
rotate XLSX / DOCX / CSV so that about a third of the entries are in each; with ``--mix``,
so many files of each format instead, every file with the same number of entries),
``private/names.yaml`` (a names register of invented people and places, so a render applies
it to every text as it would in a real review), ``authored/sections/`` (a few sections of
text) and ``expected.json`` (what a correct ingest must accept). Everything is fictional and
deterministic for a given seed. Keep OUT_DIR outside the repository or under ``bench/out/``
(git-ignored): the default 100,000-entry case is tens of megabytes.

Entry ids are made by the ingest, so what cites entries is written afterwards:
``--authored`` (:func:`write_authored`) reads ``build/chronology.csv`` and writes
``authored/kpes.yaml``, ``findings.yaml`` and ``recommendations.yaml`` citing entries picked
with the seed, the way a review team cites a few hundred of them.

Every generated row has a real day-precision date inside the review's scope and a
description, so a correct ingest accepts all of them: ``expected.json`` says how many.
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import json
import random
import shutil
import sys
import time
from pathlib import Path

FORMATS = ("xlsx", "docx", "csv")
HEADINGS = ("Date", "Time", "Event type", "Details of contact", "Action taken",
            "Practitioner role", "Source of information", "Other agencies involved")
SCOPE_START = dt.date(2020, 1, 1)
SCOPE_END = dt.date(2023, 12, 31)

KINDS = (
    ("Police", ("PC", "DC", "Sergeant", "Call handler"), ("Crime report", "Niche record", "Command and control log")),
    ("Childrens Social Care", ("Social worker", "Team manager", "Family support worker"), ("Case record", "Mosaic case note")),
    ("Health Visiting", ("Health visitor", "Community nursery nurse"), ("SystmOne record", "Child health record")),
    ("GP Practice", ("GP", "Practice nurse", "Receptionist"), ("EMIS record", "GP notes")),
    ("Primary School", ("Class teacher", "Designated safeguarding lead", "Head teacher"), ("CPOMS log", "Education record")),
    ("Emergency Department", ("ED nurse", "ED doctor", "Paediatric liaison nurse"), ("ED record", "Hospital notes")),
    ("Midwifery", ("Community midwife", "Safeguarding midwife"), ("Maternity record", "Badger notes")),
    ("CAMHS", ("CAMHS practitioner", "Psychiatrist", "Clinical psychologist"), ("RiO record", "Clinic letter")),
    ("Housing", ("Housing officer", "Tenancy support worker"), ("Housing file", "Tenancy record")),
    ("Probation", ("Probation officer", "Probation service officer"), ("nDelius record", "OASys")),
    ("Early Help", ("Early help practitioner", "Family worker"), ("Early help record", "EHM case note")),
    ("Youth Justice", ("Youth justice officer", "Case manager"), ("ChildView record", "Youth justice file")),
    ("Adult Mental Health", ("Care coordinator", "Community psychiatric nurse"), ("Mental health record", "CPA notes")),
    ("Substance Misuse Service", ("Recovery worker", "Prescribing nurse"), ("Case notes", "Treatment record")),
    ("Ambulance Service", ("Paramedic", "Emergency care assistant"), ("Patient report form", "999 call log")),
    ("Nursery", ("Nursery manager", "Key worker"), ("Nursery log", "Learning journal")),
    ("Domestic Abuse Service", ("IDVA", "Outreach worker"), ("Case file", "DASH risk assessment")),
    ("School Nursing", ("School nurse", "Staff nurse"), ("School health record", "SystmOne record")),
    ("Paediatrics", ("Consultant paediatrician", "Registrar"), ("Clinic letter", "Hospital notes")),
    ("Dental Service", ("Dentist", "Dental nurse"), ("Dental record", "Appointment log")),
)

EVENT_TYPES = (
    # (event type, weight, joint: uses a shared meeting date)
    ("Home visit", 12, False), ("Telephone call", 14, False), ("Appointment", 12, False),
    ("Referral", 6, False), ("Referral received", 4, False), ("Strategy discussion", 3, True),
    ("Core group meeting", 3, True), ("Child protection conference", 1, True),
    ("Did not attend", 5, False), ("Email", 8, False), ("Assessment", 5, False),
    ("Letter", 5, False), ("Professionals meeting", 2, True), ("Information sharing", 6, False),
    ("Incident", 4, False), ("Case note", 10, False),
)

_PEOPLE = ("Child B", "Child B", "Child B", "mother", "father", "Ms C (mother)", "Mr D (stepfather)",
           "maternal grandmother", "sibling E", "the family")
_CONCERNS = ("bruising to the upper arm", "poor school attendance", "neglect of the home conditions",
             "an argument overheard by neighbours", "a missed immunisation", "weight loss",
             "mother's low mood", "alcohol use by father", "head lice and unwashed clothing",
             "domestic abuse disclosed by mother", "a head injury explained as a fall",
             "rent arrears and a threatened eviction", "cannabis smell in the flat",
             "the child arriving late and hungry", "a missed dental appointment")
_SENTENCES = (
    "Home visit by {role}; {person} seen and spoken to in the living room.",
    "{person} reported {concern}.",
    "Referral made to {other} regarding {concern}.",
    "Referral received from {other} about {concern}; screened the same day.",
    "Strategy discussion held with {other} and {other2}; section 47 enquiries agreed.",
    "Core group meeting held; the child protection plan was reviewed and actions given to {other}.",
    "{person} did not attend the appointment; a letter was sent offering another date.",
    "Telephone call from {other} sharing information about {concern}.",
    "Email sent to {other} asking for an update on {concern}.",
    "Child B was seen alone and said things at home were okay.",
    "Observed {concern}; discussed with the safeguarding lead.",
    "{person} was not at home when the {role} visited; a card was left.",
    "Information shared with {other} in line with the safeguarding protocol.",
    "Plan agreed to review in four weeks; {person} to be contacted by {other}.",
    "No concerns noted at this contact, growth and development within normal range.",
    "{person} said that they were struggling financially and asked for help with food.",
    "The {role} recorded that the home was cluttered and cold.",
    "Case discussed in supervision; decision to keep the case open.",
)
_ACTIONS = ("No further action.", "Referral made.", "Information shared.", "Letter sent.",
            "Follow-up visit booked.", "Case closed.", "Discussed in supervision.",
            "Advice given to mother.", "Strategy discussion requested.", "Added to core group actions.",
            "Appointment rebooked.", "Safeguarding lead informed.", "", "")


def agencies(count: int) -> list[dict]:
    out = []
    for i in range(1, count + 1):
        kind = KINDS[(i - 1) % len(KINDS)][0]
        out.append({"name": f"Agency {i:02d} {kind}", "code": f"A{i:02d}", "aliases": [f"AG{i:02d}"],
                    "kind": (i - 1) % len(KINDS)})
    return out


def review_yaml(agency_list: list[dict]) -> str:
    lines = ["id: bench-large", "title: Benchmark large case (synthetic)",
             "methodology: scie-learning-together",
             f"scope: {{start: {SCOPE_START.isoformat()}, end: {SCOPE_END.isoformat()}}}", "agencies:"]
    for a in agency_list:
        lines += [f"  - name: {a['name']}", f"    code: {a['code']}",
                  f"    aliases: [{', '.join(a['aliases'])}]"]
    return "\n".join(lines) + "\n"


def parse_mix(text: str) -> list[str]:
    """"csv=20,xlsx=20,docx=10" -> one format per agency, in the order given."""
    formats = []
    for part in text.split(","):
        fmt, _, count = part.strip().partition("=")
        if fmt not in FORMATS or not count.isdigit():
            raise SystemExit(f"--mix: '{part}' is not FORMAT=COUNT with FORMAT one of {', '.join(FORMATS)}")
        formats += [fmt] * int(count)
    return formats


def even_split(total: int, formats: list[str]) -> tuple[list[str], list[int]]:
    """Per agency: the given format and an equal share of ``total`` (the first ones get the rest)."""
    n = len(formats)
    return formats, [total // n + (1 if i < total % n else 0) for i in range(n)]


def split_entries(rng: random.Random, total: int, n_agencies: int) -> tuple[list[str], list[int]]:
    """Per agency: its format (rotating) and its number of entries.

    Each format gets about a third of ``total``; within a format the entries are shared out
    unevenly (log-normal weights, largest remainder so the counts add up exactly).
    """
    formats = [FORMATS[i % len(FORMATS)] for i in range(n_agencies)]
    present = [f for f in FORMATS if f in formats]
    share = {f: total // len(present) + (1 if k < total % len(present) else 0) for k, f in enumerate(present)}
    counts = [0] * n_agencies
    for fmt in present:
        members = [i for i, f in enumerate(formats) if f == fmt]
        weights = [rng.lognormvariate(0, 0.7) for _ in members]
        spare = share[fmt] - len(members)          # everyone gets at least one
        if spare < 0:
            raise SystemExit(f"--entries is too small for {n_agencies} agencies")
        exact = [spare * w / sum(weights) for w in weights]
        base = [int(x) for x in exact]
        order = sorted(range(len(members)), key=lambda k: exact[k] - base[k], reverse=True)
        for k in order[:spare - sum(base)]:
            base[k] += 1
        for i, n in zip(members, base):
            counts[i] = n + 1
    return formats, counts


def _text_date(rng: random.Random, day: dt.date) -> str:
    style = rng.randrange(4)
    if style == 0:
        return day.strftime("%d/%m/%Y")
    if style == 1:
        n = day.day
        suffix = "th" if 11 <= n <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix} {day.strftime('%B %Y')}"
    if style == 2:
        return day.strftime("%d-%b-%y")
    return day.isoformat()


def _time(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        return ""
    hour, minute = rng.randint(8, 19), rng.choice((0, 0, 15, 30, 45, 5, 50))
    if r < 0.75:
        return f"{hour:02d}:{minute:02d}"
    h12 = hour - 12 if hour > 12 else hour
    return f"{h12}.{minute:02d}{'pm' if hour >= 12 else 'am'}"


class RowMaker:
    """Synthetic chronology rows for one agency (without the date formatting)."""

    def __init__(self, rng: random.Random, agency_list: list[dict], meeting_days: list[dt.date]):
        self.rng = rng
        self.agencies = agency_list
        self.meeting_days = meeting_days
        self.events = [e[0] for e in EVENT_TYPES]
        self.event_weights = [e[1] for e in EVENT_TYPES]
        self.joint = {e[0] for e in EVENT_TYPES if e[2]}
        self.span = (SCOPE_END - SCOPE_START).days

    def _other(self, me: int) -> str:
        rng = self.rng
        i = rng.randrange(len(self.agencies) - 1) if len(self.agencies) > 1 else 0
        if len(self.agencies) > 1 and i >= me:
            i += 1
        a = self.agencies[i]
        return a["aliases"][0] if rng.random() < 0.7 else a["name"]

    def description(self, me: int, role: str, event: str) -> str:
        """Whole synthetic sentences, 80 to 300 characters in all."""
        rng = self.rng
        target = rng.randint(80, 300)
        fill = _Fill(self, me, role)
        opening = {"Strategy discussion": "Strategy discussion with {other}.",
                   "Core group meeting": "Core group meeting attended.",
                   "Did not attend": "{person} did not attend.",
                   "Referral": "Referral to {other}."}.get(event)
        text = ""
        while True:
            sentence = (opening or rng.choice(_SENTENCES)).format_map(fill)
            opening = None
            sentence = sentence[0].upper() + sentence[1:]
            if text and len(text) >= 80 and len(text) + 1 + len(sentence) > target:
                break
            text = f"{text} {sentence}" if text else sentence
            if len(text) >= target:
                break
        if len(text) > 300:
            text = text[:text.rfind(" ", 0, 299)].rstrip(" ,;") + "."
        return text

    def rows(self, me: int, count: int) -> list[tuple[dt.date, list[str]]]:
        """(date, [time, event type, details, action, role, source, with]) sorted by date."""
        rng = self.rng
        _, roles, sources = KINDS[self.agencies[me]["kind"]]
        events = rng.choices(self.events, self.event_weights, k=count)
        out = []
        for event in events:
            if event in self.joint and self.meeting_days:
                day = rng.choice(self.meeting_days)
            else:
                day = SCOPE_START + dt.timedelta(days=rng.randrange(self.span + 1))
            role = rng.choice(roles)
            if role in ("PC", "DC"):
                role = f"{role} {rng.randint(1000, 9999)}"
            with_ = ""
            if event in self.joint or rng.random() < 0.25:
                others = {self._other(me) for _ in range(rng.choice((1, 1, 2, 3)))}
                with_ = rng.choice(("; ", ", ", " and ")).join(sorted(others))
            out.append((day, [_time(rng), event, self.description(me, role, event), rng.choice(_ACTIONS),
                              role, rng.choice(sources), with_]))
        out.sort(key=lambda r: r[0])
        return out


class _Fill(dict):
    def __init__(self, maker: RowMaker, me: int, role: str):
        super().__init__()
        self.maker, self.me, self.role = maker, me, role

    def __missing__(self, key: str) -> str:
        rng = self.maker.rng
        if key in ("other", "other2"):
            return self.maker._other(self.me)
        if key == "person":
            return rng.choice(_PEOPLE)
        if key == "concern":
            return rng.choice(_CONCERNS)
        if key == "role":
            return self.role.lower() if not self.role[:2].isupper() else self.role
        raise KeyError(key)


# -- writers ---------------------------------------------------------------------------------

def write_xlsx(path: Path, agency: dict, rows: list[tuple[dt.date, list[str]]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Chronology")
    for col, width in zip("ABCDEFGH", (12, 8, 22, 70, 28, 24, 22, 26)):
        ws.column_dimensions[col].width = width
    title = WriteOnlyCell(ws, value=f"{agency['name']}: chronology of involvement with Child B (synthetic)")
    title.font = Font(bold=True, size=14)
    ws.append([title])
    ws.append([])
    bold = Font(bold=True)
    header = []
    for heading in HEADINGS:
        cell = WriteOnlyCell(ws, value=heading)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for day, values in rows:
        cell = WriteOnlyCell(ws, value=dt.datetime(day.year, day.month, day.day))
        cell.number_format = "dd/mm/yyyy"
        ws.append([cell, *(v or None for v in values)])
    wb.save(path)


def write_csv(path: Path, rng: random.Random, rows: list[tuple[dt.date, list[str]]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADINGS)
        for day, values in rows:
            writer.writerow([_text_date(rng, day), *values])


def write_docx(path: Path, agency: dict, rng: random.Random, rows: list[tuple[dt.date, list[str]]]) -> None:
    """One table; data rows are deep copies of a template row's XML (add_row() is too slow)."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document()
    doc.add_heading(f"{agency['name']}: chronology", level=1)
    doc.add_paragraph(f"Agency: {agency['name']}")
    doc.add_paragraph("Subject: Child B (synthetic benchmark case). Period covered: "
                      f"{SCOPE_START:%d/%m/%Y} to {SCOPE_END:%d/%m/%Y}.")
    table = doc.add_table(rows=2, cols=len(HEADINGS))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, HEADINGS):
        cell.text = heading
        cell.paragraphs[0].runs[0].bold = True
    for cell in table.rows[1].cells:
        cell.text = "x"
    tbl = table._tbl
    template = table.rows[1]._tr
    tbl.remove(template)
    t_tag = qn("w:t")
    for day, values in rows:
        tr = copy.deepcopy(template)
        texts = [_text_date(rng, day), *values]
        for t, value in zip(tr.iter(t_tag), texts):
            t.text = value
        tbl.append(tr)
    doc.save(path)


REGISTER = """\
# Names register of the synthetic benchmark case (FICTIONAL: nobody real).
people:
  - name: Carla Specimen
    pseudonym: Ms C
    title: [Ms, Mrs]
  - name: Dan Placeholder
    pseudonym: Mr D
    title: Mr
  - name: Bobby Specimen
    pseudonym: Child B
  - name: Elsie Specimen
    pseudonym: sibling E
places:
  - name: Quillby Primary School
    also: [Quillby Primary]
    public: the primary school
  - name: Norton Fictional Hospital
    also: [NFH]
    public: the hospital
"""

SECTIONS = {
    "why-this-case": "The case met the criteria for a local review: a synthetic child, Child B, in a synthetic "
                     "family known to {agencies} agencies. *Synthetic benchmark case.*",
    "case-summary": "Child B lived with Ms C and, for most of the period, Mr D. Every agency record is generated.",
    "overview": "The integrated chronology holds {entries} entries over four years. The key practice episodes "
                "below cite the entries that matter.",
}


def write_text_inputs(out_dir: Path, n_agencies: int, n_entries: int) -> None:
    """The names register and the authored sections that cite nothing (they need no entry ids)."""
    private = out_dir / "private"
    private.mkdir(parents=True, exist_ok=True)
    (private / "names.yaml").write_text(REGISTER, encoding="utf-8")
    sections = out_dir / "authored" / "sections"
    sections.mkdir(parents=True, exist_ok=True)
    for name, text in SECTIONS.items():
        (sections / f"{name}.md").write_text(text.format(agencies=n_agencies, entries=f"{n_entries:,}") + "\n",
                                             encoding="utf-8")


def _yaml_list(ids: list[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def write_authored(out_dir: Path, kpes: int = 20, per_kpe: int = 12, findings: int = 6, seed: int = 7) -> int:
    """KPEs, findings and recommendations citing entries of the ingested ``build/chronology.csv``
    (picked with ``seed``); returns how many distinct entries they cite."""
    out_dir = Path(out_dir)
    with (out_dir / "build" / "chronology.csv").open(encoding="utf-8", newline="") as fh:
        rows = [(r["entry_id"], r["date"]) for r in csv.DictReader(fh)]
    rng = random.Random(seed)
    picked = sorted(rng.sample(range(len(rows)), min(len(rows), kpes * per_kpe)))
    authored = out_dir / "authored"
    authored.mkdir(parents=True, exist_ok=True)
    lines = ["# Key practice episodes of the synthetic benchmark case (FICTIONAL).", "kpes:"]
    cited: set[str] = set()
    for k in range(kpes):
        chosen = [rows[i] for i in picked[k::kpes]]
        if not chosen:
            continue
        ids = [e for e, _ in chosen]
        cited.update(ids)
        lines += [f"- id: KPE{k + 1}", f"  title: Key practice episode {k + 1} of the synthetic case",
                  f"  start: {min(d for _, d in chosen)}", f"  end: {max(d for _, d in chosen)}",
                  f"  entries: {_yaml_list(ids)}",
                  f"  description: The agencies' records around {ids[0]} show Child B seen by several agencies.",
                  "  appraisal: The practice was timely but each agency acted on its own part of the picture.",
                  "  explanation: Each practitioner saw one contact; nothing brought the others forward."]
    (authored / "kpes.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    categories = ("innate-human-biases", "family-professional-interaction", "responses-to-incidents",
                  "longer-term-work", "tools", "management-systems")
    lines = ["# Findings of the synthetic benchmark case (FICTIONAL).", "findings:"]
    for f in range(findings):
        evidence = [f"KPE{f + 1}", *[rows[i][0] for i in picked[f::findings][:5]]]
        cited.update(evidence[1:])
        lines += [f"- id: F{f + 1}", f"  title: Underlying pattern {f + 1} of the synthetic case",
                  f"  category: {categories[f % len(categories)]}",
                  "  statement: Contacts from different agencies are screened one at a time.",
                  f"  case_evidence: Seen in {evidence[1] if len(evidence) > 1 else 'the chronology'}.",
                  f"  evidence: {_yaml_list(evidence)}",
                  "  issues_for_partners:", "  - How do the safeguarding partners know that the whole history is weighed?"]
    (authored / "findings.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["# Recommendations of the synthetic benchmark case (FICTIONAL).", "recommendations:"]
    for r in range(min(3, findings)):
        lines += [f"- id: R{r + 1}", "  text: Screening shows every previous contact from every agency.",
                  f"  findings: [F{r + 1}]", "  owner: The synthetic partnership", "  due: 2024-03-31"]
    (authored / "recommendations.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(cited)


def generate(out_dir: Path, n_agencies: int = 50, n_entries: int = 100_000, seed: int = 7,
             quiet: bool = False, mix: str | None = None) -> dict:
    """Write the case into ``out_dir`` (replacing its review.yaml, agency_reports/ and build/).

    ``mix`` ("csv=20,xlsx=20,docx=10") sets the formats and so the number of agencies.
    """
    mixed = parse_mix(mix) if mix else None
    if mixed:
        n_agencies = len(mixed)
    if n_agencies < 1 or n_entries < n_agencies:
        raise SystemExit("need at least one agency and at least one entry per agency")
    if n_agencies > 99:
        raise SystemExit("at most 99 agencies (codes are A01..A99)")
    started = time.perf_counter()
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    reports = out_dir / "agency_reports"
    for old in (reports, out_dir / "build", out_dir / "authored", out_dir / "private"):
        if old.exists():
            shutil.rmtree(old)
    reports.mkdir(parents=True)
    agency_list = agencies(n_agencies)
    (out_dir / "review.yaml").write_text(review_yaml(agency_list), encoding="utf-8")
    write_text_inputs(out_dir, n_agencies, n_entries)
    formats, counts = even_split(n_entries, mixed) if mixed else split_entries(rng, n_entries, n_agencies)
    span = (SCOPE_END - SCOPE_START).days
    meeting_days = sorted({SCOPE_START + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(150)})
    maker = RowMaker(rng, agency_list, meeting_days)
    per_format = {f: {"files": 0, "entries": 0, "bytes": 0} for f in FORMATS}
    files = []
    for i, (agency, fmt, count) in enumerate(zip(agency_list, formats, counts)):
        name = f"{agency['aliases'][0].lower()}_chronology.{fmt}"
        path = reports / name
        rows = maker.rows(i, count)
        if fmt == "xlsx":
            write_xlsx(path, agency, rows)
        elif fmt == "docx":
            write_docx(path, agency, rng, rows)
        else:
            write_csv(path, rng, rows)
        size = path.stat().st_size
        per_format[fmt]["files"] += 1
        per_format[fmt]["entries"] += count
        per_format[fmt]["bytes"] += size
        files.append({"file": f"agency_reports/{name}", "agency": agency["name"], "format": fmt,
                      "entries": count, "bytes": size})
    expected = {"review": "bench-large", "seed": seed, "mix": mix, "agencies": n_agencies, "entries": n_entries,
                "rows_accepted": n_entries, "rows_rejected": 0, "per_format": per_format, "files": files}
    (out_dir / "expected.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
    seconds = time.perf_counter() - started
    if not quiet:
        print(f"Wrote {out_dir} in {seconds:.1f} s: {n_agencies} agencies, {n_entries} entries")
        print(f"  {'format':<6} {'files':>5} {'entries':>8} {'MiB':>7}")
        for fmt, c in per_format.items():
            print(f"  {fmt:<6} {c['files']:>5} {c['entries']:>8} {c['bytes'] / 2**20:>7.1f}")
    expected["generation_seconds"] = round(seconds, 2)
    return expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default=str(Path(__file__).resolve().parent / "out" / "large"),
                        help="review folder to write (default: bench/out/large)")
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mix", help="files per format with equal rows, e.g. csv=20,xlsx=20,docx=10 "
                                      "(sets the number of agencies)")
    parser.add_argument("--authored", action="store_true",
                        help="after an ingest of OUT_DIR: write KPEs, findings and recommendations citing its entries")
    args = parser.parse_args(argv)
    if args.authored:
        cited = write_authored(Path(args.out_dir), seed=args.seed)
        print(f"Wrote {Path(args.out_dir) / 'authored'}: KPEs, findings and recommendations citing {cited} entries")
        return 0
    generate(Path(args.out_dir), args.agencies, args.entries, args.seed, mix=args.mix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
