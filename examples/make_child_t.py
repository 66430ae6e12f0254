"""Generate the bundled fictional example review "Child T" into ``examples/child-t/``.

Run it with ``.venv/bin/python examples/make_child_t.py [OUT_DIR]``. The output is committed
with the repository; the demo and many tests read it. Everything here is fixed data (no
randomness) and the Office files are written with fixed timestamps, so running the script
twice gives byte-identical files and a test can compare a fresh run with the committed copy.

The submissions are deliberately untidy in the ways real agency chronologies are (title
rows, merged cells, text dates, several sheets, a header row repeated inside a Word table,
a Windows-1252 CSV, ...), and the case carries planted patterns that the analysis must find.
They are listed in ``child-t/README.md`` and checked by :func:`check_planted` at the end of
every run.

ALL OF THIS IS FICTION. Anyshire, its services and every person named here are invented.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import yaml
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FICTION = "FICTIONAL EXAMPLE — not a real case"
FROZEN = datetime(2023, 7, 4, 9, 0, 0)          # timestamp written into every Office file
SCOPE = (date(2022, 1, 1), date(2023, 6, 30))
GAP = (date(2022, 8, 13), date(2022, 11, 14))   # no agency contact but the school's attendance figure
TERM_ATTENDANCE = date(2022, 10, 21)              # ... which says T was at school most of the term
NOT_SEEN = (date(2023, 2, 1), date(2023, 6, 17))  # Child T seen by no professional
D = date


@dataclass
class Row:
    """One chronology row as an agency typed it. ``when`` is the true day (None if unknown)."""

    when: date | datetime | None
    type: str = ""
    text: str = ""
    outcome: str = ""
    role: str = ""
    source: str = ""
    with_: str = ""
    seen: str = ""
    time: str | time = ""
    shown: str | None = None     # the date exactly as typed, when it is not a real date
    bad: str = ""                # why the intake must reject the row
    merge_date_next: bool = False    # date cell merged vertically with the next row
    merge_text_outcome: bool = False  # description merged across into the outcome column
    blank_before: bool = False
    header_before: bool = False  # Word repeated the header row before this row
    partial: str = ""            # 'month' or 'year' when only that is known


def r(when, type="", text="", outcome="", role="", source="", with_="", seen="", time="", **kw):
    return Row(when, type, text, outcome, role, source, with_, seen, time, **kw)


# =====================================================================================
# The agencies and their submissions
# =====================================================================================

AGENCIES = [
    {"name": "Children's Social Care", "code": "CSC",
     "aliases": ["CSC", "MASH", "children's services", "social care",
                 "Anyshire Children's Social Care", "EDT"]},
    {"name": "Police", "code": "POL", "aliases": ["Anyshire Police", "constabulary"]},
    {"name": "Health Visiting", "code": "HV",
     "aliases": ["HV", "Anyshire Health Visiting Service", "health visitor", "health visiting service"]},
    {"name": "GP", "code": "GP",
     "aliases": ["Riverside Medical Practice", "Riverside", "general practice", "GP surgery"]},
    {"name": "School", "code": "SCH",
     "aliases": ["Brookfield Primary School", "Brookfield Primary", "Brookfield"]},
    {"name": "Hospital", "code": "HOSP",
     "aliases": ["Anyshire General Hospital", "AGH", "A&E", "ED", "paediatrics"]},
    {"name": "Adult Mental Health", "code": "AMH",
     "aliases": ["AMH", "CMHT", "community mental health team", "Anyshire Adult Mental Health Service"]},
    {"name": "Housing", "code": "HSG",
     "aliases": ["Anyshire Homes", "housing provider", "housing officer"]},
    {"name": "Domestic Abuse Service", "code": "DAS",
     "aliases": ["DAS", "IDVA", "Anyshire Domestic Abuse Service"]},
]

POLICE_FILE = "agency_reports/police_occurrences.csv"
AMH_FILE = "agency_reports/export_2023-07-04.tsv"
POLICE_COLUMNS = {
    "date": "Occurrence Date", "time": "Time Reported", "event_type": "Occurrence Type",
    "description": "Summary", "outcome": "Action Taken", "practitioner_role": "Officer",
    "source": "Occurrence No", "with": "Referred/Shared With", "child_seen": "Children Seen",
}
AMH_COLUMNS = {"description": "Clinical Note", "practitioner_role": "Clinician"}

# --- Children's Social Care: XLSX, two year sheets and a notes sheet -----------------

CSC_2022 = [
    r(None, text="Records before this point archived — see paper file",
      bad="no date: a note, not an event"),
    r(D(2022, 1, 18), "Contact received",
      "Contact received from HV (HV1) re home conditions and maternal low mood. Home cluttered, "
      "dog mess in kitchen, T's bed without bedding. Ms Tamsin Example has a new partner, "
      "Mr Lee Sample, who stays at times.",
      "Screened by MASH SW1. Threshold for statutory intervention not met. No further action; "
      "HV advised to offer Early Help.", "MASH SW1", "MASH contact record", "HV", "N", time(10, 20)),
    r(D(2022, 1, 19), "Telephone call",
      "MASH SW1 telephoned HV1 to give the outcome of the contact and to advise an Early Help assessment.",
      "Outcome shared; HV to discuss Early Help with mother.", "MASH SW1", "MASH contact record", "HV", "N"),
    r(D(2022, 3, 7), "Contact received",
      "Contact received from Police: Merlin PPN for T and Sibling 1 following DA incident at home "
      "on 03/03/2022 (verbal argument between Ms Example and Mr Sample; children present).",
      "Checks requested from Brookfield Primary and HV.", "MASH SW1", "MASH contact record",
      "Police", "N", "11:00", shown="7th March 2022"),
    r(D(2022, 3, 9), "Telephone call",
      "MASH checks: call to Brookfield Primary DSL1. T attending; some lateness; no current concerns.",
      "Information recorded.", "MASH SW1", "MASH contact record", "Brookfield Primary", "N",
      shown="09-Mar-22"),
    r(D(2022, 3, 10), "Telephone call",
      "MASH checks: call to HV1. Home conditions improving; mother's mood low, under GP.",
      "Information recorded.", "MASH SW1", "MASH contact record", "HV", "N"),
    r(D(2022, 3, 14), "Decision (NFA)",
      "MASH manager decision on the Police contact of 07/03/2022.",
      "No further action. DA standard risk; mother reports Mr Sample has moved out. Letter to "
      "mother with DA support information.", "TM1", "MASH decision record", "Police", "N",
      shown="14/03/22"),
    r(D(2022, 4, 1), "Early Help",
      "Early Help hub: family discussed at allocation meeting at HV's request. Mother declined "
      "consent for an Early Help assessment.",
      "Not allocated (no consent). HV informed by email.", "EH1", "Early Help hub record", "HV",
      "N", shown="2022-04-01"),
    r(D(2022, 6, 15), "Referral received",
      "Referral received from Brookfield Primary (DSL1): T hungry, unkempt, says 'mummy sleeps "
      "all day'; attendance 86%.",
      "Allocated to SW2 for screening visit.", "MASH SW1", "MASH contact record",
      "Brookfield Primary", "N", time(9, 45)),
    r(D(2022, 6, 16), "Home visit",
      "Screening home visit (SW2). Home adequate; food in cupboards. T seen with mother, appeared "
      "well and chatty. Ms Example says she has low mood and is waiting to hear from CMHT.",
      "To discuss with TM1.", "SW2", "SW2 case notes", "", "Y", "14:00"),
    r(D(2022, 6, 16), "Telephone call",
      "SW2 telephoned Riverside Medical Practice for checks; message left for GP1.",
      "Awaiting call back.", "SW2", "SW2 case notes", "GP", "N", "16:30"),
    r(D(2022, 6, 17), "Decision (NFA)",
      "MASH manager decision on the school referral of 15/06/2022.",
      "NFA. Threshold for assessment not met; advice to school to offer Early Help.",
      "TM1", "MASH decision record", "Brookfield Primary", "N"),
    r(D(2022, 6, 20), "Case note",
      "GP1 returned call: mother attending for low mood and waiting for CMHT. No concerns "
      "about the children noted by the GP.",
      "", "SW2", "SW2 case notes", "GP", "N", merge_text_outcome=True),
    r(datetime(2022, 11, 15, 11, 5), "Referral received",
      "Referral received from Brookfield Primary: bruising to T's left upper arm; T said 'Lee "
      "grabbed me'. Body map sent.",
      "TM1 agreed strategy discussion for 16/11/2022.", "MASH SW1", "MASH contact record",
      "Brookfield Primary", "N", blank_before=True),
    r(D(2022, 11, 16), "Strategy discussion",
      "Strategy discussion: CSC (TM1, SW3), Police (DS1), HV1, Brookfield Primary DSL1. Threshold "
      "for s47 enquiry met.",
      "Joint s47 enquiry with Police. CP medical arranged at Anyshire General Hospital today.",
      "TM1", "Strategy discussion minutes", "Police; HV; Brookfield Primary", "N", time(10, 0),
      merge_date_next=True),
    r(D(2022, 11, 16), "CP medical",
      "SW3 accompanied T and Ms Example to the CP medical at Anyshire General Hospital. "
      "Paediatrician found bruising consistent with grip marks.",
      "Findings shared with Police. Safety plan: Mr Sample not to stay at the home.",
      "SW3", "SW3 case notes", "Hospital; Police", "Y", time(15, 30)),
    r(D(2022, 11, 17), "Joint home visit",
      "Joint home visit SW3 and DC1 (Police). T seen alone in her bedroom; said Lee 'gets cross'. "
      "Written agreement signed by Ms Example that Mr Lee Sample will not stay at the home.",
      "S47 continues. ICPC requested.", "SW3", "SW3 case notes", "Police", "Y", time(10, 30)),
    r(D(2022, 11, 24), "Information request",
      "Requests for ICPC reports sent to GP, HV, Brookfield Primary and Police.",
      "Reports due 05/12/2022.", "SW3", "SW3 case notes", "GP; HV; Brookfield Primary; Police", "N"),
    r(D(2022, 12, 1), "Assessment",
      "Section 47 enquiry concluded: concerns substantiated (physical abuse, neglect).",
      "ICPC booked for 08/12/2022.", "SW3", "S47 record", "", "N"),
    r(D(2022, 12, 8), "Initial child protection conference",
      "ICPC. Attended: CSC, Police, HV, Brookfield Primary; GP report received. Ms Example "
      "attended; Mr Sample did not.",
      "T and Sibling 1 made subject to CP plans (neglect; physical abuse for T). First core "
      "group 20/12/2022.", "IRO1", "ICPC minutes", "Police; HV; Brookfield Primary; GP", "N",
      time(10, 0)),
    r(D(2022, 12, 14), "Home visit",
      "Statutory visit SW3. T seen; bedroom now has bedding. Man's coat in hallway; mother said "
      "Mr Sample left it weeks ago.",
      "=Follow up agreed with mother re who visits the home.", "SW3", "SW3 case notes", "", "Y",
      "16:00"),
    r(D(2022, 12, 20), "Core group meeting",
      "First core group: CSC, HV, Brookfield Primary. CP plan reviewed.",
      "Actions: school to monitor attendance; HV to check home conditions.", "SW3",
      "Core group minutes", "HV; Brookfield Primary", "N", time(13, 30)),
]

CSC_2023 = [
    r(D(2023, 1, 12), "Home visit", "Statutory visit SW3. T and Sibling 1 seen. Home adequate.",
      "Plan continues.", "SW3", "SW3 case notes", "", "Y", "15:45"),
    r(D(2023, 1, 17), "Core group meeting", "Core group 2: CSC, HV, Brookfield Primary. "
      "Attendance 91%.", "Plan continues.", "SW3", "Core group minutes", "HV; Brookfield Primary",
      "N", time(13, 30)),
    r(D(2023, 1, 31), "Telephone call",
      "Call from Brookfield Primary DSL1: Mr Sample collected T from school today; he is not a "
      "named adult. SW3 called Ms Example, who said he was 'helping out once'.",
      "Reminded mother of the written agreement.", "SW3", "SW3 case notes", "Brookfield Primary",
      "N", "15:20"),
    r(D(2023, 2, 7), "Home visit",
      "Statutory visit SW3. Ms Example at the door; said T asleep upstairs with a cold. Entry "
      "declined. T not seen.", "Visit to be rebooked within the week.", "SW3", "SW3 case notes",
      "", "N", "11:00"),
    r(D(2023, 2, 14), "Core group meeting",
      "Core group 3: CSC, HV, Brookfield Primary. School report T absent since 01/02/2023.",
      "SW3 to visit and see T.", "SW3", "Core group minutes", "HV; Brookfield Primary", "N",
      time(13, 30)),
    r(D(2023, 2, 23), "No access visit", "Unannounced visit SW3: no answer at the door.",
      "Card left.", "SW3", "SW3 case notes", "", "N", "10:15"),
    r(D(2023, 3, 2), "Email received",
      "Email from Brookfield Primary: Ms Example has given notice of elective home education for T.",
      "SW3 to raise at the review conference.", "SW3", "SW3 case notes", "Brookfield Primary", "N"),
    r(D(2023, 3, 7), "Review child protection conference",
      "RCPC. Attended: CSC, HV, Brookfield Primary; GP report received. T not seen by any "
      "professional since 31/01/2023.", "CP plans continue. SW3 to see T within 5 working days.",
      "IRO1", "RCPC minutes", "HV; Brookfield Primary; GP", "N", time(10, 0)),
    r(D(2023, 3, 14), "Core group meeting", "Core group 4: CSC, HV, Brookfield Primary.",
      "T still not seen; SW3 to visit again this week.", "SW3", "Core group minutes",
      "HV; Brookfield Primary", "N", time(13, 30)),
    r(D(2023, 3, 17), "Contact received",
      "Contact received from Police: Merlin PPN for T and Sibling 1 following DA incident on "
      "16/03/2023 (Mr Sample at the address).", "Passed to SW3.", "MASH SW1",
      "MASH contact record", "Police", "N", "09:30"),
    r(D(2023, 3, 28), "Home visit",
      "Statutory visit SW3. Ms Example says T is staying with maternal grandmother. T not seen.",
      "Grandmother's address requested; not given.", "SW3", "SW3 case notes", "", "N", "14:00"),
    r(D(2023, 4, 13), "MARAC", "MARAC attended by TM1 (SW3 on leave).",
      "Action: CSC to see T and share the outcome with MARAC.", "TM1", "MARAC minutes",
      "Police; Domestic Abuse Service; HV", "N", time(10, 0)),
    r(D(2023, 4, 18), "Core group meeting", "Core group 5: CSC and HV (T no longer on a school roll).",
      "Plan continues.", "SW3", "Core group minutes", "HV", "N", time(13, 30)),
    r(D(2023, 4, 25), "Supervision", "Supervision SW3 / TM1: T not seen since 31/01/2023.",
      "Plan: visit with Police if the next visit fails.", "TM1", "Supervision record", "", "N"),
    r(D(2023, 5, 3), "No access visit", "Unannounced visit SW3: no answer at the door.",
      "Card left.", "SW3", "SW3 case notes", "", "N", "11:30"),
    r(D(2023, 5, 16), "Core group meeting", "Core group 6: CSC and HV.",
      "SW3 to visit again.", "SW3", "Core group minutes", "HV", "N", time(13, 30)),
    r(D(2023, 5, 24), "Case transfer", "Case transferred from SW3 (leaving) to SW4.",
      "Transfer summary completed.", "TM1", "Case record", "", "N"),
    r(None, shown="PHASE 2 — after case transfer", bad="a heading typed into the date column"),
    r(D(2023, 6, 6), "Home visit",
      "First visit SW4: Ms Example at the door, said T at a friend's house. T not seen.",
      "Visit rebooked for 20/06/2023.", "SW4", "SW4 case notes", "", "N", "10:00"),
    r(D(2023, 6, 18), "Notification",
      "EDT: call from Anyshire General Hospital. T admitted with serious injuries.",
      "Strategy discussion arranged for 19/06/2023.", "EDT SW5", "EDT record", "Hospital", "N",
      "21:10"),
    r(D(2023, 6, 19), "Strategy discussion",
      "Strategy discussion: CSC (TM1, SW4), Police (DS1), Anyshire General Hospital (Paed1), HV1.",
      "S47 enquiry for T and Sibling 1. Sibling 1 to stay with maternal grandmother under a "
      "safety plan.", "TM1", "Strategy discussion minutes", "Police; Hospital; HV", "N", time(9, 0)),
    r(D(2023, 6, 20), "Placement",
      "Sibling 1 placed with maternal grandmother under a safety plan (Section 20 agreement).",
      "To be reviewed at the next conference.", "SW4", "SW4 case notes", "", "N"),
]

# --- School: XLSX, one chronology sheet and a key -------------------------------------

SCHOOL = [
    r(D(2021, 10, 14), "Lateness", "T late six times this half term. Mother spoken to at the gate.",
      "Monitor.", "AO1", "Attendance record", "", "Yes"),
    r(D(2022, 1, 20), "Concern logged", "T tired and hungry at breakfast club.",
      "Breakfast club place offered.", "Teacher1", "CPOMS log", "", "Yes"),
    r(D(2022, 2, 10), "Early Help offer", "DSL1 met Ms Example and offered an Early Help assessment.",
      "Mother declined.", "DSL1", "CPOMS log", "", "No"),
    r(D(2022, 3, 9), "Telephone call",
      "Call from MASH (checks): information shared re T's attendance (92%) and presentation.",
      "Logged.", "DSL1", "CPOMS log", "MASH", "No", shown="09/03/2022"),
    r(None, "Concern logged", "T upset at home time; said she didn't want to go home.",
      "Logged.", "Teacher1", "CPOMS log", "", "Yes", shown="31/02/2022",
      bad="impossible date (31 February)"),
    r(D(2022, 4, 5), "Letter to parent", "Attendance 89% this term. Letter to parent.", "Letter sent.",
      "AO1", "Attendance record", "", "No"),
    r(D(2022, 5, 9), "Observation", "- Child seen, no concerns", "Logged.", "Teacher1",
      "CPOMS log", "", "Yes"),
    r(D(2022, 5, 24), "Disclosure",
      "T told class teacher 'Lee was loud and mummy cried'. DSL1 spoke to Ms Example, who said "
      "it was a TV programme.", "Logged; monitor.", "DSL1", "CPOMS log", "", "Yes"),
    r(D(2022, 6, 6), "Absence note",
      "Ms Example brought a note for T's absence. Mother said the note read <unclear> and left "
      "before staff could ask.", "Absence unauthorised.", "Office1", "CPOMS log", "", "No"),
    r(D(2022, 6, 14), "Referral",
      "T hungry, unkempt, said 'mummy sleeps all day'. Attendance 86%. DSL1 referral to MASH by "
      "phone and online form.", "Referral made.", "DSL1", "CPOMS log", "MASH", "Yes"),
    r(D(2022, 6, 20), "Outcome received",
      "MASH outcome: no statutory action; school to offer Early Help.", "DSL1 to meet mother.",
      "DSL1", "CPOMS log", "MASH", "No", shown="20.6.22"),
    r(D(2022, 6, 23), "Early Help offer", "DSL1 offered Early Help again; Ms Example declined.",
      "Monitor.", "DSL1", "CPOMS log", "", "No"),
    r(D(2022, 7, 19), "Transition", "End of year: attendance 87%. Handover to Year 1 teacher.",
      "Logged.", "DSL1", "CPOMS log", "", "Yes"),
    r(D(2022, 10, 21), "Attendance", "Autumn half-term 1: attendance 96% (two sessions missed, "
      "authorised: medical). No concerns logged this half term.", "Logged.", "AO1",
      "Attendance record", "", ""),
    r(D(2022, 11, 15), "Referral",
      "T arrived with bruising to left upper arm; said 'Lee grabbed me'. Body map completed. "
      "DSL1 referral to MASH.", "Referral made by phone at 09:40.", "DSL1", "CPOMS log", "MASH",
      "Yes", blank_before=True),
    r(D(2022, 11, 16), "Strategy discussion", "Strategy discussion attended by DSL1 (Teams).",
      "School to provide attendance and concern log.", "DSL1", "CPOMS log", "CSC; Police; HV", "No"),
    r(D(2022, 11, 29), "Observation", "T quiet and withdrawn in class; DSL check-in.",
      "Daily check-ins.", "DSL1", "CPOMS log", "", "Yes"),
    r(D(2022, 12, 8), "Initial child protection conference", "ICPC attended by DSL1.",
      "School in the core group.", "DSL1", "CPOMS log", "CSC; Police; HV; GP", "No"),
    r(D(2022, 12, 20), "Core group meeting", "Core group 1 attended by DSL1.",
      "Monitor attendance daily.", "DSL1", "CPOMS log", "CSC; HV", "No"),
    r(D(2023, 1, 17), "Core group meeting", "Core group 2 attended by DSL1.", "", "DSL1",
      "CPOMS log", "CSC; HV", "No"),
    r(D(2023, 1, 24), "Observation", "T says she is 'happy at home'. Attendance 91%.", "Logged.",
      "Teacher1", "CPOMS log", "", "Yes"),
    r(D(2023, 1, 31), "Concern logged",
      "Mr Sample collected T at 15:15; he is not a named adult. DSL1 phoned SW3.",
      "SW3 informed.", "DSL1", "CPOMS log", "CSC", "Yes"),
    r(D(2023, 2, 1), "Absence", "T absent. Ms Example phoned: T unwell.", "Absence authorised.",
      "Office1", "Attendance record", "", "No"),
    r(D(2023, 2, 6), "Absence",
      "T absent all week; no contact from mother. AO1 phoned twice: no answer.",
      "SW3 emailed.", "AO1", "Attendance record", "CSC", "No"),
    r(D(2023, 2, 14), "Core group meeting",
      "Core group 3 attended by DSL1. T absent since 01/02/2023.", "", "DSL1", "CPOMS log",
      "CSC; HV", "No"),
    r(D(2023, 2, 21), "No access visit",
      "Home visit by DSL1 and AO1: no answer at the door.", "Card left; SW3 informed.", "DSL1",
      "CPOMS log", "CSC", "No"),
    r(D(2023, 3, 2), "EHE notice",
      "Letter from Ms Example: she intends to electively home educate T.",
      "LA EHE team and SW3 informed.", "DSL1", "CPOMS log", "CSC", "No"),
    r(D(2023, 3, 7), "Review child protection conference",
      "RCPC attended by DSL1. T not seen in school since 31/01/2023.", "", "DSL1", "CPOMS log",
      "CSC; HV; GP", "No"),
    r(D(2023, 3, 14), "Core group meeting",
      "Core group 4 attended by DSL1 (last one before T leaves the roll).", "", "DSL1",
      "CPOMS log", "CSC; HV", "No"),
    r(D(2023, 3, 20), "Off roll",
      "T removed from roll (EHE). Safeguarding file sent to LA EHE team; SW3 informed.", "",
      "DSL1", "CPOMS log", "CSC", "No"),
]

# --- Hospital: XLSX, one sheet per department, date and time in one cell --------------

HOSPITAL_ED = [
    r(datetime(2021, 12, 5, 18, 20), "ED attendance",
      "Tia Example (4y) brought by mother: bumped head on coffee table. No injury found.",
      "Discharged with head injury advice.", "ED Dr1", "ED record", "", "Y"),
    r(datetime(2022, 2, 15, 19, 5), "ED attendance",
      "T brought by Ms Example with 2 cm cut to forehead; mother said T fell against a table. "
      "History consistent with injury.", "Wound glued. Discharge letter to GP and HV.",
      "ED Dr2", "ED record", "GP; HV", "Y"),
    r(D(2022, 2, 15), "Notification", "Paediatric liaison: discharge letter sent to GP and HV.",
      "Sent.", "PLN1", "Liaison record", "GP; HV", "N"),
    r(datetime(2023, 6, 18, 19, 42), "ED attendance",
      "T (5y) brought by ambulance with serious injuries. Explanation given by Ms Example not "
      "consistent with the injuries.",
      "Admitted to children's ward (HDU). Safeguarding team, Police and CSC EDT informed.",
      "ED consultant", "ED record", "Police; CSC", "Y"),
    r(datetime(2023, 6, 18, 21, 0), "Notification",
      "Safeguarding nurse informed CSC EDT and Police by phone.",
      "+ Mother given DA helpline number.", "SGN1", "Safeguarding record", "CSC; Police", "N"),
]

HOSPITAL_PAEDS = [
    r(D(2022, 3, 28), "Referral received",
      "Referral received from Riverside Medical Practice: speech and language concerns for T.",
      "Appointment booked for 18/05/2022.", "Admin", "Outpatient record", "GP", "N"),
    r(datetime(2022, 5, 18, 10, 30), "Was not brought",
      "Community paediatrics: T was not brought to appointment.",
      "WNB letter to GP and parent; appointment re-booked.", "Paed2", "Outpatient record", "GP", "N"),
    r(datetime(2022, 7, 6, 14, 0), "Outpatient appointment",
      "T seen with Ms Example. Speech delay; otherwise well.",
      "Referral to SALT; letter to GP.", "Paed2", "Outpatient record", "GP", "Y"),
    r(datetime(2022, 11, 16, 15, 30), "Child protection medical",
      "CP medical requested by CSC. Bruising to left upper arm consistent with grip marks.",
      "Report to CSC and Police.", "Paed1", "CP medical report", "CSC; Police", "Y"),
    r(D(2023, 1, 11), "Was not brought", "Paediatric follow-up: T was not brought.",
      "Letter to GP; SW3 informed.", "Paed2", "Outpatient record", "GP; CSC", "N"),
    r(D(2023, 5, 30), "Was not brought", "Paediatric follow-up (re-booked): T was not brought.",
      "Letter to GP. Discharged from clinic.", "Paed2", "Outpatient record", "GP", "N"),
    r(datetime(2023, 6, 19, 9, 0), "Strategy discussion", "Strategy discussion attended by Paed1.",
      "Imaging completed; findings shared.", "Paed1", "Safeguarding record", "CSC; Police; HV", "N"),
    r(D(2023, 6, 20), "Ward", "T remains on children's ward; stable.",
      "Visits supervised as per safety plan.", "Ward sister", "Ward record", "CSC", "Y"),
    r(D(2023, 6, 21), "Notification", "Letter to GP: notification of T's admission on 18/06/2023.",
      "Sent.", "PLN1", "Liaison record", "GP", "N"),
    r(D(2023, 6, 26), "Ward", "T improving; play specialist involved.", "", "Ward sister",
      "Ward record", "", "Y"),
]

# --- Police: CSV (UTF-8 with BOM), non-standard headings mapped in review.yaml --------

POLICE = [
    r(D(2021, 12, 27), "Domestic incident",
      "Call from Ms Example: verbal argument with partner Mr Sample. Officers attended; no "
      "offences disclosed. Children staying with maternal grandmother.",
      "DASH: standard. No children present, no PPN.", "PC1", "AP/21/118734", "", "N/A", "22:40"),
    r(D(2022, 3, 3), "Domestic incident",
      "Neighbour reported shouting. Officers attended. Verbal argument between Ms Tamsin Example "
      "and Mr Lee Sample.\nChildren present (T and Sibling 1); T seen, appeared well.",
      "DASH: medium. Mr Sample left voluntarily.", "PC2", "AP/22/020145", "", "Yes", "14:30"),
    r(D(2022, 3, 4), "Merlin PPN",
      "Merlin PPN submitted to MASH for T and Sibling 1 re incident 03/03/2022.",
      "Submitted.", "PC2", "AP/22/020145", "MASH", "N/A", "09:05"),
    r(D(2022, 3, 4), "Referral",
      "Referral to Domestic Abuse Service (IDVA) for Ms Example, with her consent.",
      "Referred.", "PC2", "AP/22/020145", "Domestic Abuse Service", "N/A", "2.30pm"),
    r(D(2022, 4, 8), "Concern for welfare",
      "Call from Ms Example: Mr Sample outside the address, would not leave. Gone on arrival.",
      "Area search negative. Log closed.", "PC3", "AP/22/031877", "", "No", "19:15"),
    r(D(2022, 5, 12), "ASB",
      "Report of male shouting in the street outside the address (believed Mr Sample). Gone on "
      "arrival.", "No trace. Log closed.", "PC1", "AP/22/044102", "", "No", "11.15pm"),
    r(D(2022, 7, 14), "Harassment",
      "Ms Example reported abusive messages from Mr Sample over two weeks.\nScreenshots seen.",
      "Crime recorded. DASH: medium. Referral to Domestic Abuse Service.", "PC4", "AP/22/052290",
      "Domestic Abuse Service", "No", "2.30pm"),
    r(D(2022, 7, 15), "Merlin PPN",
      "Merlin PPN submitted to MASH for T and Sibling 1 re harassment of mother (14/07/2022).",
      "Submitted.", "PC4", "AP/22/052290", "MASH", "N/A", "10:00"),
    r(D(2022, 7, 28), "Crime update",
      "Mr Sample interviewed; accepted sending the messages.",
      "Community resolution; harassment warning given.", "DC2", "AP/22/052290", "", "N/A", "16:40"),
    r(None, "Crime update", "Victim contact: date to be confirmed from the system.", "", "PC4",
      "AP/22/052290", "", "", "", shown="TBC", bad="date 'TBC' (to be confirmed)"),
    r(D(2022, 11, 16), "Strategy discussion",
      "Strategy discussion with CSC, HV and Brookfield Primary re bruising to T. Police lead DS1.",
      "Joint s47 investigation. Crime recorded (assault on a child).", "DS1", "AP/22/098812",
      "CSC; HV; School", "N/A", "10:00"),
    r(D(2022, 11, 17), "Joint visit",
      "Joint home visit with CSC SW3. T seen. Mr Sample not present.",
      "Voluntary interview arranged.", "DC1", "AP/22/098812", "CSC", "Yes", "10:30"),
    r(D(2022, 11, 21), "Interview",
      "Mr Lee Sample interviewed under caution;\ndenied causing the injury.",
      "Released under investigation.", "DC1", "AP/22/098812", "", "N/A", "14:00"),
    r(D(2022, 12, 8), "ICPC",
      "ICPC attended by DS1. Police information shared (three DA incidents in 12 months).",
      "CP plans made.", "DS1", "AP/22/098812", "CSC; HV; School; GP", "N/A", "10:00"),
    r(D(2023, 1, 19), "Crime update",
      "CPS advice received: insufficient evidence to charge Mr Sample (assault on T).",
      "Investigation finalised. CSC SW3 informed by email.", "DS1", "AP/22/098812", "CSC", "N/A",
      "12:00"),
    r(D(2023, 3, 16), "Domestic incident",
      "Call from Ms Example: Mr Sample at the address refusing to leave, shouting.\nHe left before "
      "officers arrived. Ms Example said the children were asleep upstairs; children not seen by "
      "officers.", "DASH: high. MARAC referral to follow.", "PC5", "AP/23/021456", "", "No",
      "10.45pm"),
    r(D(2023, 3, 17), "Merlin PPN",
      "Merlin PPN submitted to MASH for T and Sibling 1 (incident 16/03/2023).",
      "Submitted.", "PC5", "AP/23/021456", "MASH", "N/A", "08:30"),
    r(D(2023, 3, 17), "Referral",
      "MARAC referral submitted (DASH high); Domestic Abuse Service informed.",
      "Listed for MARAC 13/04/2023.", "PC5", "AP/23/021456", "Domestic Abuse Service", "N/A",
      "09:00"),
    r(D(2023, 4, 13), "MARAC",
      "MARAC: case heard. Police actions: flag the address for urgent response; attempt to "
      "locate Mr Sample.", "Address flagged.", "PS1", "AP/23/021456",
      "CSC; Domestic Abuse Service; HV", "N/A", "10:00"),
    r(D(2023, 5, 2), "Concern for welfare",
      "Anonymous call: shouting at the address. Officers attended; Ms Example said she was alone "
      "with Sibling 1 and T was 'at her nan's'.", "No offences disclosed. Log closed.", "PC6",
      "AP/23/029870", "", "No", "17:20"),
    r(D(2023, 6, 18), "Serious incident",
      "Notified by Anyshire General Hospital of serious injuries to T. Officers attended the "
      "hospital and the home address.",
      "Mr Lee Sample arrested on suspicion of causing serious harm to a child.", "DS1",
      "AP/23/046611", "Hospital; CSC", "N/A", "21:30"),
    r(D(2023, 6, 19), "Strategy discussion",
      "Strategy discussion with CSC, Anyshire General Hospital and HV.",
      "Joint s47 investigation; safeguarding plan for Sibling 1.", "DS1", "AP/23/046611",
      "CSC; Hospital; HV", "N/A", "09:00"),
    r(D(2023, 6, 20), "Interview",
      "Mr Sample interviewed; no comment. Ms Example interviewed as a witness.",
      "Mr Sample released on bail with conditions not to contact the family.", "DS1",
      "AP/23/046611", "", "N/A", "15:00"),
]

# --- Housing: semicolon CSV in Windows-1252; the isolate -----------------------------

HOUSING = [
    r(D(2022, 1, 25), "Arrears", "Rent arrears £640.20. Stage 1 arrears letter issued.",
      "Letter issued.", "IO1", "Rent account", shown="25.1.22"),
    r(None, "Summary", "Rent account summary for 2022: arrears rose from £640.20 to £1,240.55.",
      "See individual entries.", "IO1", "Rent account", shown="2022", partial="year"),
    r(D(2022, 4, 28), "Repairs",
      "Tenant reported damp and mould in the child’s bedroom. Repairs order raised with "
      "contractor Décor Services.", "Order raised, priority 3 (28 days).", "HO1", "Repairs log",
      shown="28/04/22"),
    r(D(2022, 5, 26), "Arrears", "Arrears £1,012.40. Stage 2 letter issued.", "Letter issued.",
      "IO1", "Rent account", shown="26.5.22"),
    r(D(2022, 6, 28), "Tenancy visit",
      "Tenancy visit. Tenant’s partner (Mr Lee Sample) present, said to be visiting.\n"
      "Property cluttered; a dog in the property (not on the tenancy agreement). Damp repair "
      "still outstanding.", "Reminder of tenancy conditions re pets. Repair chased.", "HO1",
      "Visit record", shown="28/06/22"),
    r(D(2022, 8, 12), "Arrears",
      "Arrears £1,240.55. Warning that a Notice of Seeking Possession may be served.",
      "Warning letter issued.", "IO1", "Rent account", shown="12.8.22"),
    r(None, "Telephone call", "Tenant telephoned about a payment plan; date of call not recorded.",
      "Payment plan £5 a week agreed.", "IO1", "Call log", shown="N/K",
      bad="date 'N/K' (not known)"),
    r(D(2022, 12, 21), "Gas safety", "Annual gas safety inspection: no access. Card left.",
      "Second appointment offered by letter.", "Gas contractor", "Gas safety log", shown="21/12/22"),
    r(D(2023, 1, 11), "Gas safety", "Gas safety inspection completed at the second attempt.",
      "Certificate issued.", "Gas contractor", "Gas safety log", shown="11.1.23"),
    r(D(2023, 2, 28), "Tenancy audit", "Tenancy audit visit: no access; card left.",
      "Audit rebooked.", "HO1", "Visit record", shown="28/02/23"),
    r(D(2023, 4, 27), "Arrears", "Arrears £1,895.10. Notice of Seeking Possession served.",
      "Notice served by hand.", "IO1", "Rent account", shown="27.4.23"),
    r(D(2023, 6, 8), "Legal", "Possession claim issued; hearing listed for 14/07/2023.",
      "Tenant’s copy posted.", "IO1", "Legal file", shown="8/6/23"),
    r(D(2023, 6, 15), "Repairs", "Damp treatment completed in the child’s bedroom.",
      "Order closed.", "HO1", "Repairs log", shown="15/06/23"),
]

# --- Adult Mental Health: TSV; agency only from review.yaml sources -------------------

AMH = [
    r(D(2022, 5, 23), "Referral received",
      "Referral from GP (letter dated 10/05/2022) for Ms Tamsin Example found in the e-referral "
      "inbox.", "For triage.", "Admin1", "e-referral record", time="09:00"),
    r(D(2022, 6, 21), "Triage",
      "Triage of the GP's letter: low mood, panic attacks. Routine priority.",
      "Waiting list for assessment.", "Duty1", "Triage record"),
    r(D(2022, 6, 22), "Letter", "Letter to Ms Example offering assessment on 26/07/2022.",
      "Sent.", "Admin1", "Correspondence"),
    r(D(2022, 7, 26), "Did not attend", "Ms Example did not attend initial assessment.",
      "Second appointment offered for 08/08/2022.", "CPN1", "Clinical record", time="10:00"),
    r(D(2022, 8, 8), "Did not attend",
      "Did not attend second appointment. Telephoned: no answer.",
      "Discharged to GP under DNA policy. Letter to GP.", "CPN1", "Clinical record", time="14:00"),
    r(D(2023, 6, 23), "Information request",
      "Request for information from CSC (s47). Records checked: discharged August 2022, no "
      "further contact.", "Information shared with CSC.", "Duty2", "Clinical record",
      time="11:30"),
]

# --- GP: DOCX with a cover table and the chronology split over two tables -------------

GP_2022 = [
    r(D(2021, 11, 16), "Consultation", "Ms Example: postnatal check. Low mood; EPDS 14.",
      "Self-help advice; review in 4 weeks.", "GP2", "GP record (mother)", seen="N/A",
      shown="16/11/21"),
    r(datetime(2022, 1, 5, 9, 20), "Telephone consultation",
      "Ms Example: low mood, poor sleep. Sertraline started.", "Review in 4 weeks.", "GP2",
      "GP record (mother)", seen="N/A", shown="05/01/2022 09:20"),
    r(D(2022, 1, 27), "Was not brought", "T: pre-school booster (overdue). Was not brought.",
      "Letter to parent.", "PN1", "GP record (T)", seen="N"),
    r(D(2022, 2, 8), "Consultation", "Ms Example: mood slightly improved.",
      "Continue sertraline.", "GP2", "GP record (mother)", seen="N/A"),
    r(D(2022, 2, 16), "Letter received",
      "Discharge summary from Anyshire General Hospital re T (15/02/2022): cut to forehead, glued.", "Filed. No action.",
      "Admin", "GP record (T)", seen="N/A"),
    r(D(2022, 3, 22), "Consultation", "T seen with mother: concerns about her speech.",
      "Referral to community paediatrics.", "GP1", "GP record (T)", seen="Y", time="10:40"),
    r(D(2022, 3, 22), "Referral",
      "Referral letter to community paediatrics, Anyshire General Hospital (speech concerns).",
      "Sent by e-referral.", "GP1", "GP record (T)", seen="N/A"),
    r(D(2022, 4, 26), "Did not attend", "Ms Example did not attend medication review.",
      "Text reminder sent.", "GP2", "GP record (mother)", seen="N/A"),
    r(D(2022, 5, 10), "Consultation",
      "Ms Example: panic attacks, poor sleep; says ex-partner 'comes round'.\n"
      "No thoughts of self-harm. Children not present.",
      "Referral to mental health services.", "GP2", "GP record (mother)", seen="N/A",
      time="11:20", merge_date_next=True),
    r(D(2022, 5, 10), "Referral",
      "Referral to Adult Mental Health (CMHT) for Ms Example: low mood, panic attacks.",
      "Referral letter sent.", "GP2", "GP record (mother)", seen="N/A"),
    r(D(2022, 5, 19), "Letter received",
      "Letter from Anyshire General Hospital: T was not brought to paediatric appointment "
      "18/05/2022.", "Noted.", "Admin", "GP record (T)", seen="N/A"),
    r(D(2022, 6, 8), "Telephone call",
      "Call from HV1: concerns about home conditions, DA and mother's mood.",
      "Safeguarding code added to T's record.\nFamily discussed at practice safeguarding meeting.",
      "GP1", "GP record (T)", seen="N/A"),
    r(D(2022, 6, 20), "Telephone call",
      "Returned call to CSC SW2 (checks): mother referred to CMHT; no concerns about the children "
      "noted.", "Information shared.", "GP1", "GP record (T)", seen="N/A"),
    r(D(2022, 6, 23), "Letter received", "Letter from CMHT: Ms Example on waiting list for assessment.",
      "Noted.", "Admin", "GP record (mother)", seen="N/A"),
    r(D(2022, 7, 11), "Letter received",
      "Letter from paediatrics: T seen 06/07/2022; speech and language therapy to follow.",
      "Noted.", "Admin", "GP record (T)", seen="N/A"),
    r(D(2022, 7, 12), "Was not brought", "T: pre-school booster. Was not brought (second time).",
      "Letter to parent.", "PN1", "GP record (T)", seen="N"),
    r(D(2022, 8, 10), "Letter received",
      "CMHT discharge letter: Ms Example did not attend two assessment appointments; discharged "
      "to GP.", "Filed. No action recorded.", "Admin", "GP record (mother)", seen="N/A"),
]

GP_2023 = [
    r(D(2022, 11, 24), "Information request", "Request from CSC for an ICPC report.",
      "Report sent 05/12/2022.", "GP1", "GP record (T)", seen="N/A"),
    r(D(2022, 12, 8), "Initial child protection conference",
      "ICPC: GP report submitted; GP1 unable to attend.", "CP plans noted; alerts added.",
      "GP1", "GP record (T)", seen="N/A"),
    r(D(2023, 1, 10), "Consultation", "T seen with mother: cough, viral infection.", "Advice given.",
      "GP3", "GP record (T)", seen="Y", time="16:10"),
    r(D(2023, 2, 15), "Consultation",
      "Ms Example: mood worse; sertraline increased. Says the children are well.",
      "Review in 4 weeks.", "GP2", "GP record (mother)", seen="N"),
    r(D(2023, 3, 7), "Review child protection conference", "RCPC: GP report submitted; not attended.",
      "Report sent.", "GP1", "GP record (T)", seen="N"),
    r(D(2023, 4, 20), "Did not attend", "Ms Example did not attend medication review.",
      "Prescription issued for 28 days only.", "GP2", "GP record (mother)", seen="N"),
    r(D(2023, 5, 22), "Telephone consultation",
      "Ms Example asked for sleeping tablets. Declined; advised review appointment.",
      "Review offered.", "GP2", "GP record (mother)", seen="N"),
    r(D(2023, 6, 21), "Letter received",
      "Notification from Anyshire General Hospital: T admitted 18/06/2023 with serious injuries.",
      "Practice safeguarding lead informed.", "Admin", "GP record (T)", seen="N"),
    r(D(2023, 6, 22), "Information request", "Request from Police for T's records.",
      "Records shared.", "GP1", "GP record (T)", seen="N"),
]

# --- Health Visiting: DOCX named submission_03.docx; agency only from its cover -------

HV = [
    r(D(2021, 11, 2), "New birth visit",
      "New birth visit for Sibling 1 (born 20/10/2021). T present, seen. Ms Example tired; "
      "partner Mr Sample present.", "Universal Plus offered.", "HV1", "HV record", "", "Y", "10:00"),
    r(D(2022, 1, 11), "Clinic", "Sibling 1 weighed at clinic. Ms Example tearful; EPDS 15. T present.",
      "Advised to see GP; HV1 to visit.", "HV1", "HV record", "GP", "Y", "09:30"),
    r(D(2022, 1, 14), "Home visit",
      "Home visit. Home cluttered; dog mess in kitchen; T's bed has no bedding.\n"
      "T said she was hungry; mother said T had just eaten.",
      "Concerns shared with MASH by phone; written referral to follow.", "HV1", "HV record",
      "MASH", "Y", "14:00"),
    r(D(2022, 1, 17), "Referral", "Written referral to MASH re home conditions and maternal mental health.",
      "Sent.", "HV1", "HV record", "MASH", "N"),
    r(D(2022, 1, 19), "Telephone call",
      "MASH SW1 called with the outcome: not for statutory intervention; advised to offer Early Help.",
      "Early Help to be discussed with mother.", "HV1", "HV record", "MASH", "N"),
    r(D(2022, 2, 3), "Telephone call", "Call to Ms Example: says she is coping better. Declined Early Help.",
      "HV1 to request Early Help hub discussion.", "HV1", "HV record", "", "N", "11:00"),
    r(D(2022, 2, 17), "Notification received",
      "Notification of T's ED attendance 15/02/2022 (cut to forehead) received from Anyshire "
      "General Hospital.", "To discuss at next contact.", "HV1", "HV record", "Hospital", "N"),
    r(D(2022, 3, 10), "Telephone call",
      "MASH checks: HV1 shared information about home conditions and mother's mood.",
      "Information shared.", "HV1", "HV record", "MASH", "N"),
    r(None, "Information",
      "Ms Example reported at a later contact that T had chickenpox in March 2022; T was not seen by the GP.",
      "Advice given.", "HV1", "HV record", "", "N", shown="March 2022", partial="month"),
    r(D(2022, 3, 29), "Home visit",
      "Home visit: Sibling 1 weighed, T present. Home conditions improved. Ms Example says "
      "Mr Sample visits 'sometimes'.", "Continue Universal Plus.", "HV1", "HV record", "", "Y", "10:00"),
    r(D(2022, 4, 12), "No access visit", "Sibling 1 six-month review: no answer at the door.",
      "Card left; review re-offered.", "HV1", "HV record", "", "N", "14:00"),
    r(D(2022, 5, 4), "Home visit",
      "Six-month review of Sibling 1 completed.\nT seen; speech unclear for her age. T said 'Lee shouts'.",
      "Mother says Mr Sample no longer visits.\nSafeguarding supervision booked.", "HV1",
      "HV record", "", "Y", "10:00"),
    r(D(2022, 6, 7), "Supervision",
      "Safeguarding supervision with SN1: cumulative concerns (DA, maternal low mood, home "
      "conditions, missed contacts).",
      "Plan: liaise with GP and school; refer again if further concern.", "HV1 / SN1",
      "Supervision record", "GP; School", "N"),
    r(D(2022, 6, 8), "Telephone call", "Liaison call to GP1 about mother's mental health and the DA history.",
      "GP aware; mother referred to CMHT in May.", "HV1", "HV record", "GP", "N"),
    r(D(2022, 7, 5), "Did not attend", "Sibling 1 weight check at clinic: did not attend.",
      "Letter sent with a new appointment.", "HV1", "HV record", "", "N", "09:30"),
    r(D(2022, 8, 2), "Home visit", "Home visit: Sibling 1 weighed (following centile). T seen playing.",
      "Next contact at the 12-month review (October).", "HV2", "HV record", "", "Y", "10:30"),
    r(D(2022, 11, 16), "Strategy discussion",
      "Strategy discussion (HV1 by phone) with CSC, Police and Brookfield Primary re bruising to T.",
      "HV to share records and attend ICPC.", "HV1", "HV record", "CSC; Police; School", "N",
      "10:00", header_before=True),
    r(D(2022, 11, 22), "Home visit",
      "Home visit: T and Sibling 1 seen. Ms Example says Mr Sample has left.",
      "ICPC report prepared.", "HV1", "HV record", "", "Y", "15:00"),
    r(D(2022, 12, 9), "Initial child protection conference",
      "ICPC attended by HV1. CP plans for T and Sibling 1.",
      "HV to attend core groups; fortnightly visits.", "HV1", "HV record",
      "CSC; Police; School; GP", "N", "10:00"),
    r(D(2022, 12, 20), "Core group meeting", "Core group 1 attended.",
      "HV to check home conditions.", "HV1", "HV record", "CSC; School", "N", "13:30"),
    r(D(2023, 1, 4), "Home visit", "Home visit: T and Sibling 1 seen; home conditions adequate.",
      "Continue plan.", "HV1", "HV record", "", "Y", "14:00"),
    r(D(2023, 1, 17), "Core group meeting", "Core group 2 attended.", "", "HV1", "HV record",
      "CSC; School", "N", "13:30"),
    r(D(2023, 1, 26), "Home visit", "Home visit: Sibling 1 seen. T at school.", "Continue plan.",
      "HV1", "HV record", "", "N", "11:00"),
    r(D(2023, 2, 9), "Home visit",
      "Home visit: Sibling 1 seen at the door. Ms Example said T was 'at nan's'. T not seen.",
      "SW3 informed by email.", "HV1", "HV record", "CSC", "N", "10:00"),
    r(D(2023, 2, 14), "Core group meeting", "Core group 3 attended. T not in school since 01/02/2023.",
      "", "HV1", "HV record", "CSC; School", "N", "13:30"),
    r(D(2023, 3, 7), "Review child protection conference", "RCPC attended by HV1.",
      "CP plans continue.", "HV1", "HV record", "CSC; School; GP", "N", "10:00"),
    r(D(2023, 3, 14), "Core group meeting", "Core group 4 attended.", "", "HV1", "HV record",
      "CSC; School", "N", "13:30"),
    r(D(2023, 4, 4), "Was not brought", "Sibling 1 review at clinic: was not brought.",
      "Reported to SW3.", "HV1", "HV record", "CSC", "N", "09:30"),
    r(D(2023, 4, 13), "MARAC", "MARAC: information shared by SN1.", "HV to continue visits.",
      "SN1", "HV record", "Police; CSC; Domestic Abuse Service", "N", "10:00"),
    r(D(2023, 4, 18), "Core group meeting", "Core group 5 attended.", "", "HV1", "HV record",
      "CSC", "N", "13:30"),
    r(D(2023, 5, 9), "Home visit",
      "Home visit by HV2 (HV1 on leave): Sibling 1 seen. T said to be at a friend's. T not seen.",
      "HV1 to follow up.", "HV2", "HV record", "", "N", "14:30"),
    r(D(2023, 5, 16), "Core group meeting", "Core group 6 attended.", "", "HV1", "HV record",
      "CSC", "N", "13:30"),
    r(D(2023, 6, 13), "Telephone call", "Call to Ms Example: says all well, children fine.",
      "Visit booked for 27/06/2023.", "HV1", "HV record", "", "N", "11:00"),
    r(D(2023, 6, 19), "Strategy discussion",
      "Strategy discussion (HV1) following T's admission to hospital.",
      "HV to visit Sibling 1 at maternal grandmother's.", "HV1", "HV record",
      "CSC; Police; Hospital", "N", "09:00"),
    r(D(2023, 6, 21), "Home visit",
      "Visit to Sibling 1 at maternal grandmother's home. Sibling 1 seen and well.", "",
      "HV1", "HV record", "", "N", "14:00"),
]

# --- Domestic Abuse Service: DOCX, date and time typed into one cell ------------------

DAS = [
    r(datetime(2022, 3, 10, 10, 15), "Referral received",
      "Referral received from Police (DASH medium) for Ms Example.",
      "IDVA1 telephoned; no answer; voicemail left.", "IDVA1", "Case record", "Police"),
    r(datetime(2022, 3, 14, 13, 40), "Telephone call",
      "IDVA1 spoke to Ms Example. She said the relationship is over; declined support.",
      "Case closed: declined service. Helpline details sent.", "IDVA1", "Case record"),
    r(datetime(2022, 7, 19, 9, 30), "Referral received",
      "Referral received from Police (harassment, DASH medium).",
      "IDVA2 contacted Ms Example; safety plan completed; support accepted.", "IDVA2",
      "Case record", "Police"),
    r(datetime(2022, 7, 28, 11, 0), "Telephone call",
      "IDVA2 telephone support. Ms Example says Mr Sample has moved out of the area.",
      "Support continues.", "IDVA2", "Case record"),
    r(D(2022, 8, 9), "Telephone call", "IDVA2: two calls unanswered.",
      "Case closed: unable to contact.", "IDVA2", "Case record"),
    r(datetime(2023, 3, 21, 14, 0), "Referral received",
      "MARAC referral received from Police (DASH high).", "IDVA1 made three calls; no answer.",
      "IDVA1", "Case record", "Police"),
    r(datetime(2023, 4, 13, 10, 0), "MARAC",
      "MARAC: IDVA1 presented; Ms Example not engaging.",
      "IDVA to keep trying; share safety plan with CSC.", "IDVA1", "MARAC record",
      "Police; CSC; HV"),
    r(datetime(2023, 5, 11, 15, 30), "Telephone call",
      "IDVA1 spoke to Ms Example: says she feels safe and Mr Sample is 'not around'. Declined "
      "support.", "Case closed. Letter to MARAC coordinator and CSC.", "IDVA1", "Case record", "CSC"),
    r(D(2023, 6, 19), "Information request", "Request from Police following T's admission.",
      "Records shared with Police and CSC.", "IDVA1", "Case record", "Police; CSC"),
]


# =====================================================================================
# Writers
# =====================================================================================

def _dmy(value) -> str:
    return value.strftime("%d/%m/%Y")


def _typed_date(row: Row, style) -> str:
    """The date as an agency typed it in a text format (Word, CSV)."""
    if row.shown is not None:
        return row.shown
    if row.when is None:
        return ""
    return style(row.when)


def _typed_time(row: Row) -> str:
    return row.time.strftime("%H:%M") if isinstance(row.time, time) else row.time


# --- Excel ---------------------------------------------------------------------------

def _xlsx_sheet(ws, title_lines: list[str], headings: list[str], rows: list[Row], cells,
                widths: list[int]) -> None:
    """Title rows (the first merged across), a blank row, the heading row, then the rows."""
    n = len(headings)
    for i, line in enumerate(title_lines, start=1):
        ws.cell(row=i, column=1, value=line).font = Font(bold=(i == 1), size=14 if i == 1 else 11)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    header_row = len(title_lines) + 2
    for col, (name, width) in enumerate(zip(headings, widths), start=1):
        ws.cell(row=header_row, column=col, value=name).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    at = header_row + 1
    merge_date_from = None
    for row in rows:
        if row.blank_before:
            at += 1
        values = cells(row)
        for col, value in enumerate(values, start=1):
            if merge_date_from is not None and col == 1:
                continue          # covered by the vertical merge above
            if value in ("", None):
                continue
            cell = ws.cell(row=at, column=col, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, str) and value[:1] == "=":
                cell.data_type = "s"  # typed with a leading apostrophe: text, not a formula
            if isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm" if value.time() != time(0) else "dd/mm/yyyy"
            elif isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(value, time):
                cell.number_format = "hh:mm"
        if merge_date_from is not None:
            ws.merge_cells(start_row=merge_date_from, start_column=1, end_row=at, end_column=1)
            merge_date_from = None
        if row.merge_date_next:
            merge_date_from = at
        if row.merge_text_outcome:
            ws.merge_cells(start_row=at, start_column=4, end_row=at, end_column=5)
        at += 1


def _xlsx_date(row: Row):
    if row.shown is not None:
        return row.shown
    if isinstance(row.when, datetime):
        return row.when
    if isinstance(row.when, date):
        return datetime(row.when.year, row.when.month, row.when.day)
    return None


def write_csc(path: Path) -> None:
    headings = ["Date", "Time", "Type of contact", "Details", "Outcome", "Worker", "Source",
                "Other agencies involved", "Child seen"]
    widths = [14, 8, 22, 60, 45, 12, 22, 28, 10]

    def cells(row: Row):
        return [_xlsx_date(row), row.time, row.type, row.text, row.outcome, row.role, row.source,
                row.with_, row.seen]

    wb = Workbook()
    ws = wb.active
    ws.title = "2022"
    title = ["Anyshire Children's Social Care — Chronology for Child T review", FICTION]
    _xlsx_sheet(ws, title, headings, CSC_2022, cells, widths)
    ws = wb.create_sheet("2023")
    _xlsx_sheet(ws, title, headings, CSC_2023, cells, widths)
    notes = wb.create_sheet("Notes")
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 70
    lines = [
        ("Notes for the review panel", None),
        (FICTION, None),
        (None, None),
        ("Entries are in the order they were recorded on the case management system.", None),
        ("Older records are on the paper file and are summarised in the first row of sheet 2022.", None),
        (None, None),
        ("Abbreviations", None),
        ("MASH", "Multi-Agency Safeguarding Hub"),
        ("SW", "Social worker"),
        ("TM", "Team manager"),
        ("EDT", "Emergency Duty Team (out of hours)"),
        ("IRO", "Independent reviewing officer / conference chair"),
        ("PPN", "Public protection notice sent by the Police"),
        ("NFA", "No further action"),
        ("EHE", "Elective home education"),
    ]
    for i, (a, b) in enumerate(lines, start=1):
        notes.cell(row=i, column=1, value=a)
        notes.cell(row=i, column=2, value=b)
    notes["A1"].font = Font(bold=True, size=14)
    wb.save(path)


def write_school(path: Path) -> None:
    headings = ["Date", "Event", "Details of event", "Action taken", "Staff member",
                "Source of information", "Shared with", "Child seen?"]
    widths = [14, 22, 60, 35, 14, 20, 20, 11]

    def cells(row: Row):
        return [_xlsx_date(row), row.type, row.text, row.outcome, row.role, row.source, row.with_,
                row.seen]

    wb = Workbook()
    ws = wb.active
    ws.title = "Safeguarding log"
    title = ["Brookfield Primary School — Safeguarding chronology: Child T", FICTION,
             "Prepared by the Designated Safeguarding Lead (DSL1)"]
    _xlsx_sheet(ws, title, headings, SCHOOL, cells, widths)
    key = wb.create_sheet("Key")
    key.column_dimensions["B"].width = 60
    for i, (a, b) in enumerate([("Key to abbreviations", None), (FICTION, None), (None, None),
                                ("DSL", "Designated safeguarding lead"),
                                ("AO", "Attendance officer"),
                                ("CPOMS", "The school's electronic safeguarding log"),
                                ("EHE", "Elective home education")], start=1):
        key.cell(row=i, column=1, value=a)
        key.cell(row=i, column=2, value=b)
    wb.save(path)


def write_hospital(path: Path) -> None:
    headings = ["Date/Time", "Event type", "Summary", "Outcome / action", "Professional", "Source",
                "Other agencies involved", "Child seen"]
    widths = [17, 22, 60, 45, 14, 20, 22, 10]

    def cells(row: Row):
        return [_xlsx_date(row), row.type, row.text, row.outcome, row.role, row.source, row.with_,
                row.seen]

    wb = Workbook()
    ws = wb.active
    ws.title = "ED"
    _xlsx_sheet(ws, ["Anyshire General Hospital — Emergency Department — Child T", FICTION],
                headings, HOSPITAL_ED, cells, widths)
    ws = wb.create_sheet("Paediatrics")
    _xlsx_sheet(ws, ["Anyshire General Hospital — Paediatrics (outpatients and ward) — Child T",
                     FICTION], headings, HOSPITAL_PAEDS, cells, widths)
    readme = wb.create_sheet("Read me")
    readme.column_dimensions["A"].width = 100
    for i, line in enumerate([
            "About this workbook", FICTION, "",
            "One sheet per department: ED, and Paediatrics (outpatients and ward).",
            "Times are arrival or appointment times from the patient administration system.",
            "Prepared by the named nurse for safeguarding children (SGN1)."], start=1):
        readme.cell(row=i, column=1, value=line or None)
    wb.save(path)


# --- Word ----------------------------------------------------------------------------

def _landscape(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))


def _repeat_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _fill(cell, text: str, bold: bool = False) -> None:
    """Put text in a cell, one Word paragraph per line."""
    lines = str(text).split("\n") if text else [""]
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(9)
            run.font.bold = bold


def _cover(doc, pairs: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in pairs:
        cells = table.add_row().cells
        _fill(cells[0], label, bold=True)
        _fill(cells[1], value)


def _chronology_table(doc, headings: list[str], rows: list[Row], cells) -> None:
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, headings):
        _fill(cell, name, bold=True)
    _repeat_header(table.rows[0])
    pending_merge = None
    for row in rows:
        if row.header_before:  # as if a page break's header row had been typed into the table
            for cell, name in zip(table.add_row().cells, headings):
                _fill(cell, name, bold=True)
        new = table.add_row()
        values = cells(row)
        for col, (cell, value) in enumerate(zip(new.cells, values)):
            if pending_merge is not None and col == 0:
                continue
            _fill(cell, value)
        if pending_merge is not None:
            top = pending_merge
            text = top.text
            merged = top.merge(new.cells[0])
            _fill(merged, text)
            pending_merge = None
        if row.merge_date_next:
            pending_merge = new.cells[0]


def _freeze_core(doc) -> None:
    props = doc.core_properties
    props.author = "reviewbench example generator"
    props.last_modified_by = "reviewbench example generator"
    props.created = props.modified = FROZEN
    props.revision = 1
    props.title = FICTION


def write_gp(path: Path) -> None:
    headings = ["Date", "Time", "Type of contact", "Details", "Outcome", "Recorded by", "Source",
                "Child seen"]

    def cells(row: Row):
        return [_typed_date(row, _dmy), _typed_time(row), row.type, row.text, row.outcome,
                row.role, row.source, row.seen]

    doc = Document()
    _landscape(doc)
    doc.add_heading("Individual agency chronology — Child T review", level=1)
    doc.add_paragraph(FICTION)
    _cover(doc, [("Agency", "Riverside Medical Practice"),
                 ("Author", "Named GP for safeguarding (GP1)"),
                 ("Period", "01/11/2021 – 30/06/2023")])
    doc.add_paragraph("Chronology (part 1: to August 2022)")
    _chronology_table(doc, headings, GP_2022, cells)
    doc.add_paragraph("Chronology (part 2: from November 2022)")
    _chronology_table(doc, headings, GP_2023, cells)
    doc.add_paragraph("Summary: records checked by GP1. No entries were found between "
                      "10/08/2022 and 24/11/2022.")
    _freeze_core(doc)
    doc.save(str(path))


def write_hv(path: Path) -> None:
    headings = ["Date of contact", "Time", "Contact type", "Details of contact", "Action / outcome",
                "Practitioner", "Source of information", "Other agencies involved", "Child seen"]

    def cells(row: Row):
        return [_typed_date(row, _dmy), _typed_time(row), row.type, row.text, row.outcome,
                row.role, row.source, row.with_, row.seen]

    doc = Document()
    _landscape(doc)
    doc.add_heading("Agency chronology — Child T review", level=1)
    doc.add_paragraph(FICTION)
    _cover(doc, [("Agency:", "Anyshire Health Visiting Service"),
                 ("Author:", "Safeguarding Nurse Advisor (SN1)"),
                 ("Period covered:", "01/11/2021 – 30/06/2023"),
                 ("Review:", f"Child T — {FICTION}")])
    doc.add_paragraph()
    _chronology_table(doc, headings, HV, cells)
    _freeze_core(doc)
    doc.save(str(path))


def write_das(path: Path) -> None:
    headings = ["Date and time", "Type of contact", "Summary of contact", "Action taken",
                "Practitioner role", "Source", "Other agencies"]

    def stamp(value) -> str:
        if isinstance(value, datetime):
            return value.strftime("%d/%m/%Y %H:%M")
        return _dmy(value)

    def cells(row: Row):
        return [_typed_date(row, stamp), row.type, row.text, row.outcome, row.role, row.source,
                row.with_]

    doc = Document()
    _landscape(doc)
    doc.add_heading("Anyshire Domestic Abuse Service — chronology for the Child T review", level=1)
    doc.add_paragraph(FICTION)
    doc.add_paragraph("Contacts with Ms Example (the adult victim) that relate to the children.")
    _chronology_table(doc, headings, DAS, cells)
    _freeze_core(doc)
    doc.save(str(path))


# --- CSV and TSV ---------------------------------------------------------------------

def _write_delimited(path: Path, title: str, headings: list[str], rows: list[list[str]], *,
                     encoding: str, delimiter: str, lineterminator: str) -> None:
    """A system export with a title line above the heading row, padded as Excel pads it."""
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator=lineterminator)
        writer.writerow([title] + [""] * (len(headings) - 1))
        writer.writerow(headings)
        writer.writerows(rows)


def write_police(path: Path) -> None:
    names = POLICE_COLUMNS
    headings = [names["source"], names["date"], names["time"], names["event_type"],
                names["description"], names["outcome"], names["practitioner_role"], names["with"],
                names["child_seen"]]
    rows = [[row.source, _typed_date(row, _dmy), _typed_time(row), row.type, row.text, row.outcome,
             row.role, row.with_, row.seen] for row in POLICE]
    _write_delimited(path, f"Anyshire Police — occurrence extract for the Child T review — {FICTION}",
                     headings, rows, encoding="utf-8-sig", delimiter=",", lineterminator="\r\n")


def write_housing(path: Path) -> None:
    headings = ["Date", "Contact type", "Notes", "Action", "Recorded by", "Source"]
    rows = [[_typed_date(row, _dmy), row.type, row.text, row.outcome, row.role, row.source]
            for row in HOUSING]
    _write_delimited(path, f"Anyshire Homes — tenancy contact log — {FICTION}", headings, rows,
                     encoding="cp1252", delimiter=";", lineterminator="\r\n")


def write_amh(path: Path) -> None:
    headings = ["Date", "Time", "Contact type", AMH_COLUMNS["description"], "Outcome",
                AMH_COLUMNS["practitioner_role"], "Source"]
    rows = [[_typed_date(row, lambda d: d.isoformat()), _typed_time(row), row.type, row.text,
             row.outcome, row.role, row.source] for row in AMH]
    _write_delimited(path, f"System extract for case review CR-T — {FICTION}", headings, rows,
                     encoding="utf-8", delimiter="\t", lineterminator="\n")


# --- Rapid review agency summary forms (DOCX): the blank form reviewbench writes, filled in -----------

# file -> (agency, completed by, date completed, {form field: paragraphs})
SUMMARY_FORMS = {
    "agency_reports/csc_rapid-review-summary.docx": (
        "Children's Social Care", "Head of Service, Safeguarding (HoS1)", "30/06/2023", {
            "involvement": [
                "T and Sibling 1 were known to CSC from January 2022. Three contacts (March, June and August "
                "2022) ended with no further action. After T's disclosure at school in November 2022 a section 47 "
                "enquiry led to child protection plans for both children (neglect) from December 2022.",
                "The case moved from SW3 to SW4 on 24/05/2023. SW4's first visit on 06/06/2023 did not see T.",
            ],
            "immediate_actions": [
                "Strategy discussion on 19/06/2023 with Police, the hospital and Health Visiting; joint section 47 "
                "enquiry for T and Sibling 1. Rationale: T's injuries were not explained and Sibling 1 lived in the "
                "same household.",
                "Sibling 1 placed with the maternal grandmother under a safety plan (section 20 agreement) on "
                "20/06/2023, so that Sibling 1 was safe while the enquiry went on.",
            ],
            "learning": [
                "Three contacts closed with no further action were each judged on their own; the history was not "
                "put together.",
                "A case transfer in the month before the incident left a gap of visits in which T was not seen.",
            ],
            "good_practice": [
                "EDT arranged a strategy discussion for the next morning, within 12 hours of the hospital's call.",
            ],
            "contact": ["Head of Service, Safeguarding (HoS1), Anyshire Children's Social Care, "
                        "rapid.review@anyshire.example"],
        }),
    "agency_reports/police_rapid-review-summary.docx": (
        "Police", "Detective Inspector, Public Protection (DI1)", "29/06/2023", {
            "involvement": [
                "Police attended the address after calls about shouting in March 2022 and after two reports of "
                "domestic abuse during 2022; no offences were disclosed. The occurrences were shared with CSC.",
            ],
            "immediate_actions": [
                "On 18/06/2023 officers attended the hospital and the home address; the mother's partner was "
                "arrested on suspicion of causing serious harm to a child. Rationale: to secure evidence and to "
                "keep him away from the children.",
                "He was interviewed on 20/06/2023 and released on bail with conditions not to contact the family.",
            ],
            "learning": [
                "The call in March 2022 accepted the mother's account that T was 'at her nan's'; T was not seen.",
            ],
            "good_practice": [
                "The joint investigation with CSC was agreed at the strategy discussion the morning after the "
                "incident.",
            ],
            "contact": ["Detective Inspector, Public Protection (DI1), Anyshire Police, ppu.reviews@anyshire.example"],
        }),
    "agency_reports/health-visiting_rapid-review-summary.docx": (
        "Health Visiting", "Safeguarding Nurse Advisor (SN1)", "30/06/2023", {
            "involvement": [
                "The health visiting service saw the family from T's brother's birth. From February 2023 visits "
                "saw Sibling 1 but not T, who was said to be at a friend's; a telephone call on 13/06/2023 "
                "accepted that all was well.",
            ],
            "immediate_actions": [
                "HV1 took part in the strategy discussion on 19/06/2023 and visited Sibling 1 at the maternal "
                "grandmother's on 21/06/2023: Sibling 1 was seen and well. Rationale: a health check of the "
                "child remaining in the family's network.",
            ],
            "learning": [
                "A child said to be elsewhere at repeated visits was not escalated; the service's 'not seen' "
                "prompt applies to the baby only.",
            ],
            "good_practice": [
                "HV1 attended every core group and shared the records the same day when asked.",
            ],
            "contact": ["Safeguarding Nurse Advisor (SN1), Anyshire Health Visiting Service, "
                        "safeguarding.hv@anyshire.example"],
        }),
}


def write_summary_form(path: Path) -> None:
    """An agency's filled form: the blank reviewbench writes, with the agency's text under each heading."""
    from reviewbench.intake.blank_templates import summary_form_document
    from reviewbench.intake.summary_form import COVER_LABELS, FIELDS, heading_of

    agency, completed_by, completed_on, texts = SUMMARY_FORMS[path.relative_to(path.parents[1]).as_posix()]
    doc = summary_form_document(agency)
    for row in doc.tables[0].rows:
        label = row.cells[0].text
        if label == COVER_LABELS[1]:
            row.cells[1].text = completed_by
        elif label == COVER_LABELS[2]:
            row.cells[1].text = completed_on
    doc.paragraphs[1].insert_paragraph_before(FICTION)
    headings = [p for p in doc.paragraphs if heading_of(p.text)]
    for form_field, heading, following in zip(FIELDS, headings, [*headings[1:], None]):
        for text in texts[form_field.id]:
            if following is None:
                doc.add_paragraph(text)
            else:
                following.insert_paragraph_before(text)
        assert heading_of(heading.text) == form_field
    _freeze_core(doc)
    doc.save(str(path))


# --- the review folder ---------------------------------------------------------------

# file -> (writer, agency, rows, how the agency is detected)
SUBMISSIONS = {
    "agency_reports/csc_chronology.xlsx": (write_csc, "Children's Social Care", CSC_2022 + CSC_2023, "file name (CSC)"),
    "agency_reports/school_brookfield_chronology.xlsx": (write_school, "School", SCHOOL, "file name (school, Brookfield)"),
    "agency_reports/hospital_agh_chronology.xlsx": (write_hospital, "Hospital", HOSPITAL_ED + HOSPITAL_PAEDS, "file name (hospital, AGH)"),
    POLICE_FILE: (write_police, "Police", POLICE, "file name (police) and review.yaml sources"),
    "agency_reports/housing_anyshire_homes.csv": (write_housing, "Housing", HOUSING, "file name (housing, Anyshire Homes)"),
    AMH_FILE: (write_amh, "Adult Mental Health", AMH, "review.yaml sources only"),
    "agency_reports/gp_riverside_chronology.docx": (write_gp, "GP", GP_2022 + GP_2023, "file name (GP, Riverside)"),
    "agency_reports/submission_03.docx": (write_hv, "Health Visiting", HV, "DOCX cover table only"),
    "agency_reports/domestic_abuse_service_chronology.docx": (write_das, "Domestic Abuse Service", DAS, "file name (Domestic Abuse Service)"),
}

REVIEW = {
    "id": "child-t",
    "title": "Child T",
    "methodology": "scie-learning-together",
    "scale": "mid-range",
    "partnership": "Anyshire Safeguarding Children Partnership (fictional)",
    "version": "0.3 (draft for the review panel)",
    "scope": {"start": SCOPE[0], "end": SCOPE[1]},
    "agencies": AGENCIES,
    "sources": [
        {"file": POLICE_FILE, "agency": "Police", "columns": POLICE_COLUMNS},
        {"file": AMH_FILE, "agency": "Adult Mental Health", "columns": AMH_COLUMNS},
    ],
    "settings": {"referral_response_days": 7},
    "jurisdiction": "england",
    "dates": {                      # the review process: the clocks of its rules pack run from these
        "incident": "2023-06-18",
        "aware": "2023-06-19",
        "notification": "2023-06-23",
        "rapid_review_meeting": "2023-07-06",
        "rapid_review": "2023-07-12",  # after the 15 working days: shown as late
        "panel_response": "2023-07-26",
        "decision": "2023-07-12",
        "start": "2023-08-01",
        "scoping": "2023-08-09",
        "terms_of_reference": "2023-08-23",
        "agency_reports_due": "2023-09-29",
        "agency_reports_received": "2023-10-13",
        "practitioner_event": "2023-11-08",
        "family_event": "2023-11-22",
        "factual_accuracy": "2024-02-05",
        "target_completion": "2024-01-12",
        "publication": "2024-04-17",   # planned: 'status --as-of 2024-02-20' shows the copy to the Panel due
    },
    "process": {                    # no pack named: the current one for England (status notes the 2018 one)
        "looked_after": False,
        "records": {
            "notification": {"by": "Anyshire Children's Social Care, Head of Service",
                             "to": ["Child Safeguarding Practice Review Panel", "Anyshire safeguarding partners"]},
            "terms_of_reference": {"by": "Anyshire safeguarding partners' review panel"},
        },
        "decision": {
            "by": "Anyshire safeguarding partners (the three lead partners, at the rapid review)",
            "outcome": "local_review",
            "criteria": ["serious_case", "improvements", "agencies_together"],
            "reasons": "Child T was seriously harmed and neglect is suspected; three referrals closed with no "
                       "further action and the months in which no professional saw her raise questions about "
                       "how the agencies worked together.",
        },
    },
}

REVIEW_HEADER = f"""\
# Child T: the bundled example review. {FICTION}.
# Anyshire and every service and person in this folder are invented.
# Generated by examples/make_child_t.py; edit the generator, not this file.
"""

NAMES_YAML = f"""\
# Names register. NEVER PUBLISHED: nothing under private/ is rendered, exported or shared.
# Every person and place a published report must not name, each once, with what the report
# says instead. The names are invented ({FICTION}).
# Every form is found from these entries: "Ms Example", "Tamsin", "T. Example", "TE",
# "Mr Lee Sample", "Tia's"... A surname that is also an ordinary word ("Example", "Sample") is
# matched on its own only when capitalised, and then listed by the check for a person to decide.
people:
  - name: Tamsin Example
    pseudonym: Mother
    title: [Ms, Mrs]
  - name: Lee Sample
    pseudonym: Mother's partner
    title: Mr
  - name: Tia Example
    pseudonym: Child T
    subject: true                    # the child the review is about (the lenses start from her)
places:
  - name: Brookfield Primary School
    also: [Brookfield Primary, Brookfield]
    public: the primary school
  - name: Riverside Medical Practice
    also: [Riverside]
    public: the GP practice
  - name: Anyshire General Hospital
    also: [AGH]
    public: the hospital
"""


def _freeze_zip(path: Path) -> None:
    """Rewrite an Office file with fixed timestamps so that reruns are byte-identical."""
    stamp = FROZEN.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as src:
        items = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, blob in items:
            if name == "docProps/core.xml":
                blob = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, blob)
            info = zipfile.ZipInfo(name, date_time=FROZEN.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, blob)
    path.write_bytes(out.getvalue())


def generate(out: Path) -> list[Path]:
    """Write the whole example review into ``out`` (its agency_reports/ is rebuilt)."""
    check_planted()
    reports = out / "agency_reports"
    if reports.exists():
        shutil.rmtree(reports)
    reports.mkdir(parents=True)
    (out / "authored").mkdir(exist_ok=True)
    (out / "authored" / ".gitkeep").write_text("")
    (out / "private").mkdir(exist_ok=True)
    (out / "private" / "names.yaml").write_text(NAMES_YAML, encoding="utf-8")
    (out / "review.yaml").write_text(
        REVIEW_HEADER + yaml.safe_dump(REVIEW, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8")
    written = []
    for rel, (writer, *_rest) in SUBMISSIONS.items():
        path = out / rel
        writer(path)
        if path.suffix in (".xlsx", ".docx"):
            _freeze_zip(path)
        written.append(path)
    for rel in SUMMARY_FORMS:
        path = out / rel
        write_summary_form(path)
        _freeze_zip(path)
        written.append(path)
    return written


# =====================================================================================
# The planted patterns, checked on every run (see child-t/README.md)
# =====================================================================================

def _day(row: Row) -> date | None:
    if isinstance(row.when, datetime):
        return row.when.date()
    return row.when


def _mentions(text: str, names: list[str]) -> list[str]:
    low = text.lower()
    return [n for n in names
            if re.search(r"(?<![a-z0-9])" + re.escape(n.lower()) + r"(?![a-z0-9])", low)]


def check_planted() -> dict[str, int]:
    """Fail loudly if an edit to the data breaks one of the patterns the README promises."""
    by_agency = {a: rows for _, (_, a, rows, _) in SUBMISSIONS.items()}
    dated = [(a, r) for a, rows in by_agency.items() for r in rows if _day(r)]
    in_scope = [(a, r) for a, r in dated if SCOPE[0] <= _day(r) <= SCOPE[1]]
    partial = [(a, r) for a, rows in by_agency.items() for r in rows if r.partial]
    bad = [(a, r) for a, rows in by_agency.items() for r in rows if r.bad]
    out_of_scope = [(a, r) for a, r in dated if not SCOPE[0] <= _day(r) <= SCOPE[1]]
    assert len(in_scope) >= 170, len(in_scope)
    assert len(out_of_scope) == 5 and all(_day(r) < SCOPE[0] for _, r in out_of_scope)
    assert len(bad) == 5 and len(partial) == 2
    assert len(by_agency) >= 8
    for main in ("Children's Social Care", "Police", "Health Visiting", "GP", "School"):
        assert len(by_agency[main]) >= 15, main

    # the gap: nobody records anything but the school's half-term attendance figure
    assert [(a, _day(r)) for a, r in dated if GAP[0] <= _day(r) <= GAP[1]] == [("School", TERM_ATTENDANCE)]
    assert "attendance 96%" in next(r.text for a, r in dated if _day(r) == TERM_ATTENDANCE)
    assert max(_day(r) for _, r in dated if _day(r) < GAP[0]) == date(2022, 8, 12)
    assert min(_day(r) for _, r in dated if _day(r) > GAP[1]) == date(2022, 11, 15)
    # the child not seen
    seen = {"Y", "Yes"}
    assert not [r for _, r in dated if r.seen in seen and NOT_SEEN[0] <= _day(r) <= NOT_SEEN[1]]
    assert max(_day(r) for _, r in dated if r.seen in seen and _day(r) < NOT_SEEN[0]) == date(2023, 1, 31)
    assert min(_day(r) for _, r in dated if r.seen in seen and _day(r) > NOT_SEEN[1]) == date(2023, 6, 18)

    # joint events and the date conflict
    def agencies_on(day, word):
        return {a for a, r in dated if _day(r) == day and word in (r.type + " " + r.text).lower()}
    assert agencies_on(date(2022, 11, 16), "strategy") == {"Children's Social Care", "Police", "Health Visiting", "School"}
    assert agencies_on(date(2022, 12, 8), "icpc") >= {"Children's Social Care", "Police", "School", "GP"}
    assert "Health Visiting" not in agencies_on(date(2022, 12, 8), "icpc")
    assert agencies_on(date(2022, 12, 9), "icpc") == {"Health Visiting"}
    for day in (date(2022, 12, 20), date(2023, 1, 17), date(2023, 2, 14), date(2023, 3, 14)):
        assert agencies_on(day, "core group") == {"Children's Social Care", "Health Visiting", "School"}
    # CSC's three NFA decisions, all in 2022
    nfa = [r for r in by_agency["Children's Social Care"]
           if re.search(r"\bNFA\b|no further action", r.text + " " + r.outcome, re.I)]
    assert [_day(r) for r in nfa] == [date(2022, 1, 18), date(2022, 3, 14), date(2022, 6, 17)]
    # the isolate: Housing names no other agency, and no other agency names Housing
    housing_names = ["Housing"] + next(a["aliases"] for a in AGENCIES if a["name"] == "Housing")
    others = [n for a in AGENCIES if a["name"] != "Housing" for n in [a["name"], *a["aliases"]]]
    for r in HOUSING:
        assert not _mentions(" ".join([r.type, r.text, r.outcome, r.source]), others), r.text
    for a, rows in by_agency.items():
        if a != "Housing":
            for r in rows:
                assert not _mentions(" ".join([r.text, r.outcome, r.with_]), housing_names), r.text
    # every name in a 'with' cell is an agency name or alias
    known = {n.lower() for a in AGENCIES for n in [a["name"], *a["aliases"]]}
    for _, rows in by_agency.items():
        for r in rows:
            for name in filter(None, (p.strip() for p in r.with_.split(";"))):
                assert name.lower() in known, name
    return {"in_scope": len(in_scope), "out_of_scope": len(out_of_scope), "bad": len(bad),
            "partial": len(partial)}


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent / "child-t"
    written = generate(out)
    counts = check_planted()
    print(f"wrote {len(written)} submissions into {out}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
