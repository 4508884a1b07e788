"""Text-level benchmark for `imgscreen.phi`: recall and precision per identifier, against presidio.

    python -m bench.phi [--n-per-id 200] [--signage 1500] [--negatives 1000] [--seed 7]

A seeded generator writes lines as OCR would return them from photos: wristbands, charts, EHR
screens, whiteboards, pharmacy and specimen labels (PHI), signage (no PHI), clinical non-PHI
(vitals, drugs, rooms, event posters) and a small *borderline* set (a clinic's own phone, site and
address on a sign, which we flag by design) reported on its own. Some PHI samples are split: the
label on one line and the value on the line below or to the right, with geometry, which exercises
`classify` (joins, word mapping) rather than only `classify_text`. OCR noise: 0/O, 1/l/I, 5/S, 8/B,
2/Z confusions inside values, a lost space after the colon, doubled spaces, full-width colons and
digits, upper-casing.

Honesty: the person names come from a hand-written list here (`FIRST`, `LAST`: many non-Anglo names,
modern first names), not from the Census lists the recognizer uses; the share of them the
gazetteer knows is printed. Values are random. Label spellings were written by the same person who
wrote the recognizers, so label coverage is optimistic: a few label variants (`HELD_OUT_LABELS`) are
used here only and are not in any recognizer pattern on purpose.

Scoring, per PHI value: *found* when every letter and digit of it lies inside some predicted span
(any identifier: the mask is what matters); *right id* when the predicted identifier also matches.
Precision: a predicted span is a true positive when it overlaps a ground-truth value; character
precision counts masked letters/digits that are PHI. Baseline: presidio `AnalyzerEngine` with its
predefined recognizers on the same blank spaCy engine (no NER model exists offline), its e-mail
recognizer made offline the same way, entities mapped to Safe Harbor numbers (`BASELINE_MAP`).
Results go to bench/results/phi.json.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from imgscreen.model import Identifier, TextLine, Word
from imgscreen.policy import Policy

RESULTS = Path(__file__).resolve().parent / "results" / "phi.json"
ID = Identifier


def _words(text: str) -> list[str]:
    return text.split()


# --- vocabulary (held out from the recognizers' gazetteer) -------------------------------------

FIRST = _words(
    "Aaliyah Aarav Abdirahman Adaeze Ahmed Aiyana Akira Alejandro Amara Anaya Andrei Anh Aroha Ayesha Bao "
    "Beatriz Bogdan Brayden Caoimhe Chidi Chioma Dalia Darnell DeShawn Divya Dmitri Ebony Emeka Esperanza "
    "Fatima Felipe Giovanni Guadalupe Hamza Hana Haruto Ifeoma Imani Ingrid Isabella Jayden Jamal Javier "
    "Jin Kai Kamala Keanu Keisha Kenji Lakshmi Latoya Liam Luca Malik Manuel Mei Mohammed Nadia Nevaeh "
    "Ngozi Nikolai Noor Olumide Omar Priya Quang Rashid Ravi Reyna Rosalind Saanvi Sakura Santiago "
    "Shanice Siddharth Sione Sven Tamika Tariq Thanh Tomasz Uchenna Valentina Wei Ximena Yara Yusuf "
    "Zainab Zeynep Mary John Robert Linda Michael Patricia David Susan Jennifer William"
)
LAST = _words(
    "Abernathy Adeyemi Agarwal Alvarez Anderson Babatunde Bautista Bhattacharya Brennan Castellanos "
    "Chaudhry Chukwu Dasgupta Delacroix Dimitrov Dubois Eze Fitzgerald Gallagher Gonzalez Gupta Haddad "
    "Hashemi Hernandez Horvath Ibrahim Iwasaki Jankowski Johansson Kaczmarek Kapoor Khumalo Kim Kowalczyk "
    "Krishnamurthy Lindqvist Lopez Machado Mahlangu Martinez Mbeki McAllister Mensah Morales Nakamura "
    "Nguyen Nwosu Obi Odhiambo Okafor Okonkwo Olawale Oyelaran Papadopoulos Patel Petrov Pham Quintero "
    "Rahman Ramirez Rasmussen Reyes Rodriguez Rossi Sandoval Santos Schneider Shevchenko Siddiqui Silva "
    "Sokolov Suzuki Takahashi Tanaka Thompson Tran Tshabalala Vasquez Volkov Washington Wojcik Yamamoto "
    "Yilmaz Zhang Zielinski Abubakar Achterberg Balogun Castaneda Dlamini Egwu Featherstonehaugh Garcia "
    "Johnson Smith Williams Brown Jones Miller Davis Wilson Taylor"
)
STREETS = _words(
    "Maple Oak Cedar Elm Pine Willow Birch Chestnut Magnolia Sycamore Lincoln Washington Jefferson Harbor "
    "Ridge Lakeview Sunset Meadow Orchard Prospect Highland Riverside Church Mill Spring"
)
SUFFIXES = _words("St Street Ave Avenue Rd Road Blvd Dr Drive Ln Lane Ct Way Pl Terrace Pkwy")
CITIES = _words(
    "Springfield Riverton Fairview Greenville Oakland Salem Franklin Clinton Madison Georgetown Arlington "
    "Ashland Burlington Dover Hudson Kingston Marion Milton Newport Oxford"
)
STATES = _words("AL AZ CA CO CT FL GA IL IN MA MD MI MN MO NC NJ NY OH OR PA TX VA WA WI")
DOMAINS = _words("gmail.com yahoo.com outlook.com hotmail.com icloud.com comcast.net aol.com proton.me mail.com")
MONTHS = _words("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec")
MONTHS_LONG = _words("January February March April May June July August September October November December")
# Labels used only here, never written into a recognizer pattern: how much does label coverage cost?
HELD_OUT_LABELS = {
    ID.MRN: ["Hospital No.", "Unit #"],
    ID.HEALTH_PLAN: ["Beneficiary ID", "Medicaid #"],
    ID.ACCOUNT: ["Guarantor #", "Statement #"],
    ID.DATES: ["Date of Birth", "Expired"],
}


# --- samples --------------------------------------------------------------------------------------


@dataclass
class Sample:
    """One or two OCR lines and the PHI values in them, as (line, start, end, identifier)."""

    kind: str  # "phi", "signage", "negative", "borderline"
    lines: list[str]
    values: list[tuple[int, int, int, Identifier]] = field(default_factory=list)
    split: str = ""  # "", "below", "right"
    template: str = ""


class Builder:
    """Concatenate literal text and PHI values, remembering where each value went."""

    def __init__(self) -> None:
        self.text = ""
        self.values: list[tuple[int, int, Identifier]] = []

    def lit(self, s: str) -> Builder:
        self.text += s
        return self

    def val(self, s: str, ident: Identifier) -> Builder:
        self.values.append((len(self.text), len(self.text) + len(s), ident))
        self.text += s
        return self


def digits(r: random.Random, n: int) -> str:
    return "".join(r.choice(string.digits) for _ in range(n))


def letters(r: random.Random, n: int) -> str:
    return "".join(r.choice(string.ascii_uppercase) for _ in range(n))


def a_date(r: random.Random, dob: bool = True) -> str:
    y = r.randint(1925, 2008) if dob else r.randint(2019, 2026)
    m, d = r.randint(1, 12), r.randint(1, 28)
    forms = [
        f"{m:02d}/{d:02d}/{y}",
        f"{m}/{d}/{y}",
        f"{m}/{d}/{y % 100:02d}",
        f"{m:02d}-{d:02d}-{y}",
        f"{y}-{m:02d}-{d:02d}",
        f"{d} {MONTHS[m - 1]} {y}",
        f"{d:02d}-{MONTHS[m - 1].upper()}-{y % 100:02d}",
        f"{MONTHS[m - 1]} {d}, {y}",
        f"{MONTHS_LONG[m - 1]} {d}, {y}",
        f"{m:02d}.{d:02d}.{y}",
        f"{d:02d}{MONTHS[m - 1].upper()}{y}",
        f"{y}/{m:02d}/{d:02d}",
    ]
    return r.choice(forms)


def a_phone(r: random.Random) -> str:
    a, b, c = f"{r.randint(201, 989)}", f"{r.randint(200, 999)}", digits(r, 4)
    return r.choice(
        [
            f"({a}) {b}-{c}",
            f"{a}-{b}-{c}",
            f"{a}.{b}.{c}",
            f"+1 {a} {b} {c}",
            f"1-{a}-{b}-{c}",
            f"{a} {b} {c}",
            f"({a}){b}-{c}",
        ]
    )


def a_name(r: random.Random) -> tuple[str, str]:
    return r.choice(FIRST), r.choice(LAST)


def _label(r: random.Random, ident: Identifier, labels: list[str]) -> str:
    pool = labels + HELD_OUT_LABELS.get(ident, []) if r.random() < 0.15 else labels
    return r.choice(pool)


def phi_sample(r: random.Random, ident: Identifier) -> Sample:
    b = Builder()
    t = ""
    if ident == ID.NAMES:
        f, la = a_name(r)
        t = r.choice(
            [
                "wrist",
                "wrist_mi",
                "patient",
                "name",
                "board",
                "board2",
                "contact",
                "staff",
                "staff2",
                "badge",
                "birthday",
            ]
        )
        if t == "wrist":
            b.val(f"{la.upper()}, {f.upper()}", ident)
        elif t == "wrist_mi":
            b.val(f"{la.upper()}, {f.upper()} {r.choice(string.ascii_uppercase)}", ident)
        elif t == "patient":
            b.lit(r.choice(["Patient: ", "Pt: ", "Patient Name: ", "PATIENT: "])).val(f"{f} {la}", ident)
        elif t == "name":
            b.lit(r.choice(["Name: ", "NAME: ", "Name:"])).val(f"{la}, {f}", ident)
        elif t == "board":
            b.lit(f"Rm {r.randint(100, 899)} ").val(f"{la}, {f[0]}", ident)
        elif t == "board2":
            b.lit(f"{r.randint(1, 40)} - ").val(f"{la}, {f[0]}.", ident)
        elif t == "contact":
            b.lit(r.choice(["Emergency Contact: ", "Mother: ", "Guardian: ", "NOK: "])).val(f"{f} {la}", ident)
        elif t == "staff":
            b.lit(r.choice(["Dr. ", "Attending: Dr. ", "Your nurse today is ", "RN: "])).val(f"{f} {la}", ident)
        elif t == "staff2":
            b.val(f"{f} {la}", ident).lit(r.choice([", RN", ", MD", " RN", ", NP"]))
        elif t == "badge":
            b.val(f"{f} {la}", ident)
        else:
            b.lit(r.choice(["Happy Birthday ", "Welcome home, ", "Get well soon "])).val(f, ident).lit("!")
    elif ident == ID.GEOGRAPHIC:
        num, st, suf = str(r.randint(1, 98000)), r.choice(STREETS), r.choice(SUFFIXES)
        city, state, z = r.choice(CITIES), r.choice(STATES), digits(r, 5)
        t = r.choice(["street", "addr", "cityzip", "zip", "full"])
        if t == "street":
            b.val(f"{num} {st} {suf}", ident)
        elif t == "addr":
            b.lit("Address: ").val(
                f"{num} {r.choice('NSEW')} {st} {suf}, Apt {r.randint(1, 30)}{r.choice('ABC')}", ident
            )
        elif t == "cityzip":
            b.val(f"{city}, {state} {z}", ident)
        elif t == "zip":
            b.lit(r.choice(["Zip: ", "ZIP Code ", "Zip:"])).val(z, ident)
        else:
            b.val(f"{num} {st} {suf}, {city}, {state} {z}-{digits(r, 4)}", ident)
    elif ident == ID.DATES:
        t = r.choice(["dob", "adm", "dc", "visit", "death", "age", "age2"])
        if t == "dob":
            b.lit(_label(r, ident, ["DOB: ", "DOB ", "D.O.B. ", "Birth Date: ", "Born "])).val(a_date(r), ident)
        elif t == "adm":
            b.lit(r.choice(["Admitted: ", "Adm Date: ", "Admission Date ", "Admit: "])).val(a_date(r, False), ident)
        elif t == "dc":
            b.lit(r.choice(["Discharge: ", "D/C Date: ", "Discharged "])).val(a_date(r, False), ident)
        elif t == "visit":
            b.lit(r.choice(["DOS: ", "Visit Date: ", "Appt: ", "Surgery Date: "])).val(a_date(r, False), ident)
        elif t == "death":
            b.lit(r.choice(["Date of Death: ", "DOD ", "Died "])).val(a_date(r), ident)
        elif t == "age":
            b.lit(r.choice(["Age: ", "AGE "])).val(str(r.randint(90, 104)), ident)
        else:
            b.val(str(r.randint(90, 104)), ident).lit(r.choice([" y/o F", " yo M", " years old", "yo"]))
    elif ident in (ID.PHONE, ID.FAX):
        labels = (
            ["Phone: ", "Cell: ", "Home ", "Tel ", "Call ", "Mobile: ", "Ph: "]
            if ident == ID.PHONE
            else ["Fax: ", "Fax # ", "FAX ", "Fax No. "]
        )
        t = "phone" if ident == ID.PHONE else "fax"
        if ident == ID.PHONE and r.random() < 0.2:
            b.val(a_phone(r), ident)
            t = "bare"
        else:
            b.lit(r.choice(labels)).val(a_phone(r), ident)
    elif ident == ID.EMAIL:
        f, la = a_name(r)
        t = "email"
        addr = f"{f.lower()}{r.choice(['.', '_', ''])}{la.lower()}{r.choice(['', digits(r, 2)])}@{r.choice(DOMAINS)}"
        b.lit(r.choice(["Email: ", "E-mail ", "", "email: "])).val(addr, ident)
    elif ident == ID.SSN:
        v = f"{r.randint(1, 899):03d}-{r.randint(1, 99):02d}-{digits(r, 4)}"
        t = r.choice(["label", "bare", "compact"])
        if t == "label":
            b.lit(r.choice(["SSN: ", "SS# ", "Social Security No. ", "SSN "])).val(v, ident)
        elif t == "bare":
            b.val(r.choice([v, "123-45-6789"]), ident)
        else:
            b.lit("SSN: ").val(v.replace("-", ""), ident)
    else:
        t, label, value = id_value(r, ident)
        b.lit(label).val(value, ident)
    sample = Sample("phi", [b.text], [(0, s, e, i) for s, e, i in b.values], template=f"{ident.value}:{t}")
    return maybe_split(r, sample)


def id_value(r: random.Random, ident: Identifier) -> tuple[str, str, str]:
    if ident == ID.MRN:
        v = r.choice([digits(r, 8), digits(r, 7), "E" + digits(r, 9), "MR" + digits(r, 6), digits(r, 10)])
        return (
            "mrn",
            _label(
                r,
                ident,
                ["MRN: ", "MRN:", "MRN ", "MR# ", "Med Rec No: ", "Medical Record Number ", "Patient ID: ", "Chart # "],
            ),
            v,
        )
    if ident == ID.HEALTH_PLAN:
        if r.random() < 0.2:
            v = f"{r.randint(1, 9)}{letters(r, 2)}{r.randint(0, 9)}-{letters(r, 2)}{r.randint(0, 9)}-"
            v += f"{letters(r, 2)}{digits(r, 2)}"
            return "mbi", "Medicare ID: ", v
        v = r.choice([letters(r, 3) + digits(r, 9), "W" + digits(r, 9), digits(r, 11), letters(r, 2) + digits(r, 7)])
        return (
            "plan",
            _label(
                r,
                ident,
                ["Member ID: ", "Ins ID: ", "Subscriber # ", "Policy No. ", "Group #: ", "Member #", "Insurance ID "],
            ),
            v,
        )
    if ident == ID.ACCOUNT:
        if r.random() < 0.15:
            return "card", "Card: ", " ".join(digits(r, 4) for _ in range(4))
        v = r.choice([digits(r, 10), digits(r, 7), "V" + digits(r, 8), digits(r, 12)])
        return (
            "acct",
            _label(
                r, ident, ["Acct #: ", "Account No. ", "Visit #", "FIN: ", "Rx# ", "Rx No. ", "Billing Acct: ", "RX: "]
            ),
            v,
        )
    if ident == ID.LICENSE:
        choices = [
            ("DL# ", letters(r, 1) + digits(r, 7)),
            ("Driver's License: ", letters(r, 1) + digits(r, 8)),
            ("License #: ", "RN" + digits(r, 6)),
            ("NPI: ", digits(r, 10)),
            ("DEA# ", letters(r, 2) + digits(r, 7)),
            ("Cert # ", digits(r, 6)),
            ("Lic. No. ", digits(r, 8)),
        ]
        label, v = r.choice(choices)
        return "lic", label, v
    if ident == ID.VEHICLE:
        plate = r.choice(
            [
                f"{r.randint(1, 9)}{letters(r, 3)}{digits(r, 3)}",
                f"{letters(r, 3)}-{digits(r, 4)}",
                f"{letters(r, 3)} {digits(r, 3)}",
            ]
        )
        vin = "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(17))
        label, v = r.choice(
            [("Plate: ", plate), ("License Plate ", plate), ("Lic Plate # ", plate), ("VIN: ", vin), ("VIN ", vin)]
        )
        return "veh", label, v
    if ident == ID.DEVICE:
        mac = ":".join(f"{r.randint(0, 255):02X}" for _ in range(6))
        label, v = r.choice(
            [
                ("S/N: ", letters(r, 2) + digits(r, 6)),
                ("Serial No. ", digits(r, 9)),
                ("SN ", letters(r, 3) + "-" + digits(r, 5)),
                ("Device ID: ", digits(r, 12)),
                ("UDI: ", f"(01){digits(r, 14)}(21){letters(r, 1)}{digits(r, 4)}"),
                ("Pacemaker Serial: ", letters(r, 3) + digits(r, 6)),
                ("MAC: ", mac),
            ]
        )
        return "dev", label, v
    if ident == ID.URL:
        f, la = a_name(r)
        v = r.choice(
            [
                f"https://mychart.{r.choice(CITIES).lower()}health.org/patient/{digits(r, 6)}",
                f"www.facebook.com/{f.lower()}.{la.lower()}",
                f"http://{la.lower()}family.net",
                f"gofundme.com/f/help-{f.lower()}-{la.lower()}",
            ]
        )
        return "url", r.choice(["", "Portal: ", "Visit ", "URL: "]), v
    if ident == ID.IP_ADDRESS:
        v = r.choice(
            [
                f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}",
                f"{r.randint(11, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
            ]
        )
        return "ip", r.choice(["IP: ", "IP Address ", "Host ", "Workstation IP "]), v
    if ident == ID.OTHER_ID:
        label, v = r.choice(
            [
                ("Specimen #: ", f"{digits(r, 2)}-{digits(r, 3)}-{digits(r, 5)}"),
                ("Accession No. ", letters(r, 1) + digits(r, 8)),
                ("Case ID: ", digits(r, 7)),
                ("Order # ", digits(r, 9)),
                ("Employee ID: ", digits(r, 6)),
                ("Badge # ", digits(r, 5)),
                ("Lab ID ", letters(r, 2) + digits(r, 6)),
            ]
        )
        return "other", label, v
    raise ValueError(ident)


def maybe_split(r: random.Random, s: Sample) -> Sample:
    """Put a labelled value on its own line, below or to the right of its label, 15% of the time."""
    text = s.lines[0]
    if len(s.values) != 1 or r.random() > 0.15:
        return s
    _, start, end, ident = s.values[0]
    label = text[:start].rstrip()
    if not label.endswith((":", "#")) and not label.lower().endswith(("mrn", "dob", "name", "id")) or end != len(text):
        return s
    value = text[start:end]
    return Sample(
        "phi",
        [label, value],
        [(1, 0, len(value), ident)],
        split=r.choice(["below", "right"]),
        template=s.template + "+split",
    )


SIGNAGE = [
    "Visiting hours {h}am - {h2}pm",
    "Emergency Department",
    "Main Entrance",
    "Cafeteria - Level {n}",
    "Elevators",
    "Please wash your hands",
    "Cardiology Clinic - {n}rd Floor",
    "Radiology",
    "Wi-Fi: GuestNet",
    "No Smoking",
    "Parking Garage {L}",
    "Pharmacy open 24 hours",
    "Gift Shop",
    "Chapel",
    "Quiet Please",
    "Staff Only",
    "Fire Exit",
    "Masks Required Beyond This Point",
    "Lab Draw Station {n}",
    "Wing {L}",
    "Pediatrics Unit {n} West",
    "Labor & Delivery",
    "Patient Rooms {n}01-{n}20",
    "Registration",
    "Check-in Here",
    "Women's Health Center",
    "Oncology Infusion Suite",
    "Hand Hygiene Saves Lives",
    "Welcome to St. Mary's Medical Center",
    "Thank you for not smoking",
    "Restrooms",
    "Flu shots available today",
    "Information Desk",
    "Waiting Area",
    "Surgery Waiting Room",
    "Outpatient Services",
    "Imaging Center",
    "MRI",
    "Physical Therapy",
    "Admitting",
    "Billing Office",
    "Medical Records",
    "Patient Parking",
    "Visitor Parking",
    "Loading Dock",
    "Stairs",
    "Authorized Personnel Only",
    "Do Not Enter",
    "Wet Floor",
    "Caution",
    "Exit",
    "Family Lounge",
    "Nursery",
    "Intensive Care Unit",
    "ICU Visitors Check In At Desk",
    "Cancer Center",
    "Heart & Vascular Institute",
    "Behavioral Health",
    "Sleep Lab",
    "Dialysis Unit",
    "Nutrition Services",
    "Volunteer Office",
    "Patient Education Center",
    "Financial Counseling",
    "Interpreter Services Available",
    "Blood Bank",
    "Ambulance Entrance",
    "Helipad",
    "Security",
    "Lost & Found",
    "ATM",
    "Coffee Shop",
    "Meditation Garden",
    "Children's Play Area",
    "Pharmacy Pick-up Window {n}",
    "Take a Number",
    "Now Serving {n}",
    "Please silence your cell phone",
    "Hablamos Español",
    "Level {n}",
    "Tower {L}",
    "North Pavilion",
    "Floor {n} - Orthopedics",
    "Rooms {n}00-{n}50 ->",
    "Fall Risk: Call Don't Fall",
    "Clean Hands Count",
]
NEGATIVES = [
    "BP {bp}/{bp2} HR {hr} RR {rr} SpO2 {o2}%",
    "Temp {t} F",
    "Metoprolol {dose} mg PO BID",
    "Heparin 5000 units SQ q8h",
    "NPO after midnight",
    "Fall Risk",
    "Allergies: Penicillin, Sulfa",
    "Diet: Regular",
    "Room {room}",
    "Bed {n}",
    "Rm {room}-{L}",
    "Isolation: Contact Precautions",
    "Pain {n}/10",
    "I&O: {io}/{io2}",
    "Weight {w} kg",
    "Glucose {g} mg/dL",
    "Age {age}",
    "Code Status: Full Code",
    "Health Fair Sat June 14 10am-2pm",
    "Flu Clinic Oct {n}, 2025",
    "Blood Drive {mon} {n} 9am-3pm",
    "Charge Nurse",
    "Attending Physician",
    "Nurse Manager",
    "Ext. {ext}",
    "Call ext {ext} for help",
    "Shift 7a-7p",
    "Goal: walk 3x today",
    "Dose {dose} mg",
    "IV NS @ {n}00 mL/hr",
    "Lisinopril {n}0 mg tablet",
    "Take 1 tablet by mouth daily",
    "Qty: {n}0  Refills: {n}",
    "Insulin glargine {n}0 units at bedtime",
    "Tylenol 650 mg q6h PRN",
    "Vancomycin 1 g IV q12h",
    "Ondansetron 4 mg IV PRN nausea",
    "CBC, BMP, Lipid Panel",
    "HbA1c {a1c}%",
    "WBC {wbc} Hgb {hgb} Plt {plt}",
    "Last BM: yesterday",
    "Oxygen 2L NC",
    "Braden Score {n}{n}",
    "Today is {day}",
    "Staff Meeting 2pm",
    "Hand off at 1900",
    "Call light within reach",
    "Turn q2h",
    "Rm {room} clean",
    "Bed {n} ready",
    "Discharge Lounge",
    "Admission Office",
    "Department of Medicine",
    "Infection Prevention",
    "Respiratory Therapy",
    "Case Management",
    "Social Work",
    "Unit {n} West",
]
# Written after the recognizers were tuned and never tuned against: EHR screens, whiteboards,
# posters, equipment and pharmacy text with no PHI. Reported on their own row.
HELD_OUT_NEGATIVES = [
    "Results Review",
    "Orders Pending Signature",
    "MAR - Medication Administration Record",
    "Vitals Flowsheet",
    "Last updated 14:32",
    "Shift Report",
    "Ambulating with assistance",
    "Activity: As tolerated",
    "Precautions: Droplet",
    "Whiteboard: Today's Goals",
    "Pain goal {n}/10",
    "Call Don't Fall",
    "Your care team today",
    "Questions for my doctor",
    "Discharge plan: home with services",
    "Infusion Pump Channel {L}",
    "Rate 125 mL/hr  VTBI 1000 mL",
    "Alarm Silenced",
    "Battery 87%",
    "Lead II  HR {hr}  ST -0.1",
    "NIBP {bp}/{bp2} ({hr})",
    "Amoxicillin 500 mg Capsules",
    "Keep refrigerated",
    "Do not crush or chew",
    "May cause drowsiness",
    "Shake well before use",
    "Store at room temperature",
    "Sterile Field - Do Not Touch",
    "Biohazard",
    "Sharps Container",
    "Clean Utility",
    "Soiled Utility",
    "Nourishment Room",
    "Employee Break Room",
    "Town Hall Meeting Thursday 3pm Auditorium",
    "Nurses Week May 6-12",
    "Grand Rounds: Sepsis Update",
    "CPR Class Room {n}01",
    "Zumba Wednesdays 5:30pm",
    "Farmers Market Every Friday",
    "Congratulations Class of 2025",
    "Happy Holidays from 4 West",
    "Thank You Volunteers",
    "Go Team!",
    "Safety First",
    "Days without a fall: {n}{n}",
    "Press 0 for the operator",
    "Dial 9 for an outside line",
    "Code Blue Team",
    "Rapid Response",
    "Version 3.2.1",
    "Model VX-200",
    "Made in USA",
    "Rev B",
    "Page 2 of 3",
    "Printed 10:41",
]
# Honesty record: the first run on HELD_OUT_NEGATIVES (seed 2026, before any fix prompted by it) left
# 0.911 of them unflagged (names recall 0.950); the misses it showed were then fixed, so that set is
# no longer unseen. Kept in the results file so the figure is not lost.
# The same for the bench.synth cards (another engineer's generator): first run names recall 0.947
# clean / 0.945 noisy (wristband `Last, First` in title case, `J. Surname` on whiteboards, `Grace`).
FIRST_HELD_OUT_RUN = {
    "held-out non-PHI lines left unflagged": 0.911,
    "01 names recall": 0.95,
    "seed": 2026,
    "synth cards 01 names recall (clean, noisy)": [0.947, 0.945],
}
BORDERLINE = [
    "Call {ph} for appointments",
    "www.stmarys-health.org",
    "1200 Main Street",
    "{city}, {st} {zip}",
    "Questions? info@stmarys-health.org",
    "Scan to visit stmarys-health.org/visitors",
]


def fill(r: random.Random, template: str) -> str:
    return template.format(
        h=r.randint(7, 11),
        h2=r.randint(5, 9),
        n=r.randint(1, 9),
        L=r.choice("ABCDEFG"),
        bp=r.randint(95, 170),
        bp2=r.randint(55, 100),
        hr=r.randint(50, 120),
        rr=r.randint(10, 28),
        o2=r.randint(88, 100),
        t=f"{r.uniform(96.5, 102.5):.1f}",
        dose=r.choice(["12.5", "25", "50", "100"]),
        room=r.randint(100, 899),
        io=r.randint(200, 2500),
        io2=r.randint(200, 2500),
        w=f"{r.uniform(40, 140):.1f}",
        g=r.randint(60, 300),
        age=r.randint(18, 89),
        mon=r.choice(MONTHS),
        ext=digits(r, 4),
        a1c=f"{r.uniform(5, 11):.1f}",
        wbc=f"{r.uniform(3, 15):.1f}",
        hgb=f"{r.uniform(8, 16):.1f}",
        plt=r.randint(100, 450),
        day=r.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
        ph=a_phone(r),
        city=r.choice(CITIES),
        st=r.choice(STATES),
        zip=digits(r, 5),
    )


# --- OCR noise ------------------------------------------------------------------------------------

CONFUSE = {"0": "OQ", "1": "lI|", "5": "S", "8": "B", "2": "Z", "O": "0", "I": "1l", "S": "5"}
FULLWIDTH = {ch: chr(ord(ch) + 0xFEE0) for ch in string.digits + ":#"}


def noisy(r: random.Random, s: Sample) -> Sample:
    """OCR-style noise on every line, keeping the value offsets right."""
    upper = r.random() < 0.25
    full = r.random() < 0.06
    lines, values = [], []
    for li, text in enumerate(s.lines):
        in_value = [False] * len(text)
        for vl, a, b, _ in s.values:
            if vl == li:
                for k in range(a, b):
                    in_value[k] = True
        out: list[str] = []
        index: list[int] = []  # new offset of each old char, plus the end
        confuse_rate = 0.06 if r.random() < 0.4 else 0.0
        for k, ch in enumerate(text):
            index.append(len(out))
            if upper:
                ch = ch.upper()
            if in_value[k] and ch in CONFUSE and r.random() < confuse_rate:
                ch = r.choice(CONFUSE[ch])
            if full and ch in FULLWIDTH and r.random() < 0.5:
                ch = FULLWIDTH[ch]
            if ch == " " and k > 0 and text[k - 1] == ":" and r.random() < 0.3:
                continue  # OCR lost the space after a label
            out.append(ch)
            if ch == " " and r.random() < 0.05:
                out.append(" ")
        index.append(len(out))
        lines.append("".join(out))
        for vl, a, b, ident in s.values:
            if vl == li:
                values.append((li, index[a], index[b], ident))
    return Sample(s.kind, lines, values, s.split, s.template)


def generate(seed: int, n_per_id: int, n_signage: int, n_negative: int, n_borderline: int = 200) -> list[Sample]:
    r = random.Random(seed)
    out: list[Sample] = []
    text_ids = [i for i in Identifier if i not in (ID.BIOMETRIC, ID.FACE)]
    for ident in text_ids:
        out += [noisy(r, phi_sample(r, ident)) for _ in range(n_per_id)]
    out += [noisy(r, Sample("signage", [fill(r, r.choice(SIGNAGE))])) for _ in range(n_signage)]
    out += [noisy(r, Sample("negative", [fill(r, r.choice(NEGATIVES))])) for _ in range(n_negative)]
    out += [noisy(r, Sample("borderline", [fill(r, r.choice(BORDERLINE))])) for _ in range(n_borderline)]
    out += [noisy(r, Sample("heldout", [fill(r, t)])) for t in HELD_OUT_NEGATIVES for _ in range(5)]
    return out


# --- running the systems --------------------------------------------------------------------------


def text_line(text: str, x: float, y: float, char_w: float = 11.0, h: float = 22.0) -> TextLine:
    """A TextLine with one word per token and plausible geometry (what OCR would hand us)."""
    words, pos = [], 0
    for tok in text.split(" "):
        if tok:
            x0, x1 = x + pos * char_w, x + (pos + len(tok)) * char_w
            words.append(Word(tok, ((x0, y), (x1, y), (x1, y + h), (x0, y + h)), 0.9, pos, pos + len(tok)))
        pos += len(tok) + 1
    x1 = x + max(1, len(text)) * char_w
    return TextLine(text, ((x, y), (x1, y), (x1, y + h), (x, y + h)), 0.9, tuple(words))


def as_lines(s: Sample) -> list[TextLine]:
    if s.split == "card":  # a whole card: lines stacked like on a wristband or a form
        return [text_line(t, 40, 40 + 30 * k) for k, t in enumerate(s.lines)]
    if len(s.lines) == 1:
        return [text_line(s.lines[0], 40, 40)]
    a = text_line(s.lines[0], 40, 40)
    right = a.polygon[1][0] + 30
    b = text_line(s.lines[1], right, 41) if s.split == "right" else text_line(s.lines[1], 40, 68)
    return [a, b]


Pred = tuple[int, int, int, Identifier]  # line, start, end, identifier


def run_ours(s: Sample, policy: Policy) -> list[Pred]:
    from imgscreen.phi import classify

    return [
        (f.source.line, *_offsets(s.lines[f.source.line], f.text), f.identifier)
        for f in classify(as_lines(s), policy)
    ]


def _offsets(line: str, text: str | None) -> tuple[int, int]:
    start = line.find(text or "")
    return start, start + len(text or "")


BASELINE_MAP = {
    "PERSON": ID.NAMES,
    "LOCATION": ID.GEOGRAPHIC,
    "DATE_TIME": ID.DATES,
    "PHONE_NUMBER": ID.PHONE,
    "EMAIL_ADDRESS": ID.EMAIL,
    "US_SSN": ID.SSN,
    "MEDICAL_LICENSE": ID.LICENSE,
    "US_DRIVER_LICENSE": ID.LICENSE,
    "CREDIT_CARD": ID.ACCOUNT,
    "US_BANK_NUMBER": ID.ACCOUNT,
    "IBAN_CODE": ID.ACCOUNT,
    "CRYPTO": ID.ACCOUNT,
    "URL": ID.URL,
    "IP_ADDRESS": ID.IP_ADDRESS,
    "US_PASSPORT": ID.OTHER_ID,
    "US_ITIN": ID.OTHER_ID,
    "MAC_ADDRESS": ID.DEVICE,
    "UUID": ID.OTHER_ID,
    "UK_NHS": ID.MRN,
    "US_MBI": ID.HEALTH_PLAN,
    "US_NPI": ID.LICENSE,
    "NRP": ID.OTHER_ID,
    "ABA_ROUTING_NUMBER": ID.ACCOUNT,
}


def baseline_analyzer():
    """presidio's predefined recognizers on our blank spaCy engine; e-mail made offline like ours."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    from imgscreen.phi import nlp_engine
    from imgscreen.recognizers.web import OfflineEmailRecognizer

    engine = nlp_engine()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=engine)
    for rec in list(registry.recognizers):
        if type(rec) is EmailRecognizer:
            registry.remove_recognizer(rec.name)
    registry.add_recognizer(OfflineEmailRecognizer())
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])


def run_baseline(engine, s: Sample) -> list[Pred]:
    """The baseline sees a split sample as one text (label, newline, value): a head start we don't get."""
    joined = "\n".join(s.lines)
    preds: list[Pred] = []
    for res in engine.analyze(joined, language="en"):
        ident = BASELINE_MAP.get(res.entity_type)
        if ident is None or res.score < 0.3:  # presidio's own low-confidence floor
            continue
        off = 0
        for li, line in enumerate(s.lines):
            lo, hi = max(res.start, off), min(res.end, off + len(line))
            if hi > lo:
                preds.append((li, lo - off, hi - off, ident))
            off += len(line) + 1
    return preds


# --- scoring --------------------------------------------------------------------------------------


@dataclass
class Tally:
    values: int = 0
    found: int = 0
    right_id: int = 0
    pred: int = 0
    pred_tp: int = 0
    chars_pred: int = 0
    chars_tp: int = 0
    lines: int = 0
    lines_flagged: int = 0

    def as_dict(self) -> dict:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "values": self.values,
            "recall": ratio(self.found, self.values),
            "right_identifier": ratio(self.right_id, self.values),
            "predictions": self.pred,
            "precision": ratio(self.pred_tp, self.pred),
            "char_precision": ratio(self.chars_tp, self.chars_pred),
            "lines": self.lines,
            "lines_flagged": self.lines_flagged,
        }


def score(samples: list[Sample], preds: list[list[Pred]]) -> tuple[dict[str, Tally], list[dict]]:
    t: dict[str, Tally] = defaultdict(Tally)
    misses: list[dict] = []
    for s, ps in zip(samples, preds, strict=True):
        masked = [set() for _ in s.lines]
        pred_id = [dict() for _ in s.lines]
        for li, a, b, ident in ps:
            for k in range(a, b):
                masked[li].add(k)
                pred_id[li][k] = ident
        gt = [set() for _ in s.lines]
        for li, a, b, _ in s.values:
            gt[li].update(range(a, b))
        for li, a, b, ident in s.values:
            key = f"{ident.value:02d} {ident.title}"
            alnum = [k for k in range(a, b) if s.lines[li][k].isalnum()]
            ok = all(k in masked[li] for k in alnum)
            ids = [pred_id[li].get(k) for k in alnum]
            t[key].values += 1
            t["all PHI"].values += 1
            if ok:
                t[key].found += 1
                t["all PHI"].found += 1
                if ids and max(set(ids), key=ids.count) == ident:
                    t[key].right_id += 1
                    t["all PHI"].right_id += 1
            elif len(misses) < 400:
                misses.append({"template": s.template, "lines": s.lines})
        bucket = {
            "phi": None,
            "signage": "signage lines",
            "negative": "clinical non-PHI lines",
            "heldout": "held-out non-PHI lines",
            "synth": None,
            "ocr_phi": None,
            "ocr_clean": None,
            "borderline": "borderline (org contact on signs)",
        }[s.kind]
        if bucket:
            t[bucket].lines += 1
            t[bucket].lines_flagged += bool(ps)
        for li, a, b, ident in ps:
            hit = any(k in gt[li] for k in range(a, b))
            chars = [k for k in range(a, b) if s.lines[li][k].isalnum()]
            if s.kind == "borderline":
                continue  # flagged by design; reported as lines, not counted for or against precision
            for key in (f"{ident.value:02d} {ident.title}", "all predictions"):
                t[key].pred += 1
                t[key].pred_tp += hit
                t[key].chars_pred += len(chars)
                t[key].chars_tp += sum(k in gt[li] for k in chars)
    return t, misses


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n-per-id", type=int, default=200)
    ap.add_argument("--signage", type=int, default=1500)
    ap.add_argument("--negatives", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=2026)  # tuned on seeds 7 and 11; reported on a fresh one
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--synth-cards", type=int, default=400, help="cards from bench.synth, if it exists")
    args = ap.parse_args(argv)

    from imgscreen.recognizers.base import letters_of
    from imgscreen.recognizers.gazetteer import is_first_name, is_surname

    samples = generate(args.seed, args.n_per_id, args.signage, args.negatives)
    policy = Policy()
    systems: dict[str, Callable[[Sample], list[Pred]]] = {"imgscreen.phi": lambda s: run_ours(s, policy)}
    if not args.no_baseline:
        engine = baseline_analyzer()
        systems["presidio default"] = lambda s: run_baseline(engine, s)

    out: dict = {
        "seed": args.seed,
        "samples": len(samples),
        "policy": "default",
        "systems": {},
        "first_held_out_run": FIRST_HELD_OUT_RUN,
        "held_out_names": {
            "first_names": len(FIRST),
            "first_in_gazetteer": sum(is_first_name(letters_of(f)) for f in FIRST),
            "surnames": len(LAST),
            "surnames_in_gazetteer": sum(is_surname(letters_of(x)) for x in LAST),
        },
    }
    tallies = {}
    for name, run in systems.items():
        t0 = time.perf_counter()
        preds = [run(s) for s in samples]
        secs = time.perf_counter() - t0
        tally, misses = score(samples, preds)
        tallies[name] = tally
        out["systems"][name] = {
            "seconds": round(secs, 2),
            "ms_per_sample": round(1000 * secs / len(samples), 3),
            "metrics": {k: v.as_dict() for k, v in sorted(tally.items())},
            "misses_sample": misses[:40],
        }
    print_table(tallies, out)
    run_synth(systems, args.seed, args.synth_cards, out)
    run_ocr_reads(systems, out)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=1, default=str) + "\n")
    print(f"\nwrote {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")
    return 0


def synth_cards(seed: int, n: int, noise: bool) -> list[Sample] | None:
    """Cards from `bench.synth` (another engineer's vocabulary and layouts) as text, or None if absent.

    Its ground truth marks a pharmacy's own phone as not PHI and never generates staff names; we flag
    business phones by design, which shows up here as lower precision for identifier 4.
    """
    try:
        import numpy as np

        from bench import synth
    except ImportError:
        return None
    rng = np.random.default_rng(seed)
    r = random.Random(seed)
    out = []
    for _ in range(n):
        person = synth.Person.make(rng)
        kind = str(rng.choice(list(synth.KINDS), p=synth.KIND_WEIGHTS))
        spec = synth.KINDS[kind](rng, person)
        lines, values = [], []
        for li, parts in enumerate(spec.lines):
            lines.append("".join(t for t, _ in parts))
            for v in synth._spans(parts):
                values.append((li, v["start"], v["end"], Identifier(v["identifier"])))
        s = Sample("synth", lines, values, split="card", template=f"synth:{kind}")
        out.append(noisy(r, s) if noise else s)
    return out


def run_synth(systems: dict[str, Callable[[Sample], list[Pred]]], seed: int, n: int, out: dict) -> None:
    for noise in (False, True):
        samples = synth_cards(seed, n, noise)
        if samples is None:
            print("\n(bench.synth not available: synth-card section skipped)")
            return
        title = f"bench.synth cards as text, {'with' if noise else 'without'} OCR noise ({n} cards)"
        tallies = {}
        for name, run in systems.items():
            tally, misses = score(samples, [run(s) for s in samples])
            tallies[name] = tally
            out.setdefault("synth_cards", {}).setdefault("noisy" if noise else "clean", {})[name] = {
                "metrics": {k: v.as_dict() for k, v in sorted(tally.items())},
                "misses_sample": misses[:20],
            }
        print(f"\n{title}")
        names = list(tallies)
        print(
            f"{'category':42s}" + "".join(f"| {'recall':>7s} {'right-id':>8s} {'prec':>7s} {'n':>8s} " for _ in names)
        )
        keys = sorted({k for t in tallies.values() for k in t if k[:2].isdigit()})
        for k in [*keys, "all PHI", "all predictions"]:
            row = f"{k[:42]:42s}"
            for nm in names:
                d = tallies[nm].get(k, Tally()).as_dict()
                cells = [d["recall"], d["right_identifier"], d["precision"]]
                row += "| " + " ".join(
                    f"{'-' if c is None else f'{c:.3f}':>{w}s}" for c, w in zip(cells, (7, 8, 7), strict=True)
                )
                row += f" {d['values'] or d['predictions']:>8d} "
            print(row)


CACHE = Path(__file__).resolve().parent / "cache"


def ocr_reads() -> list[Sample] | None:
    """Lines of bench.synth photos as the OCR stage really read them (bench/cache/ocr_lines.json, written
    by `python -m bench.ocr`), with ground-truth values located in the read text where OCR kept them
    verbatim. None when that cache is absent (it is generated, not committed)."""
    try:
        reads = json.loads((CACHE / "ocr_lines.json").read_text())
        index = json.loads((CACHE / "synth" / "index.json").read_text())
    except (OSError, ValueError):
        return None
    truth = {(p["file"], ln["id"]): ln for p in index for ln in p["lines"]}
    out = []
    for row in next(iter(reads.values()), []):
        hyp = row.get("hyp") or ""
        gt = truth.get((row.get("file"), row.get("line")))
        if not hyp.strip() or gt is None:
            continue
        values = []
        for v in gt.get("phi", []):
            at = hyp.find(v["value"])
            if at >= 0:
                values.append((0, at, at + len(v["value"]), Identifier(v["identifier"])))
        kind = "ocr_phi" if gt.get("phi") else "ocr_clean"
        if kind == "ocr_phi" and not values:
            continue  # OCR lost or changed the value: nothing to score it against
        out.append(Sample(kind, [hyp], values, template="ocr"))
    return out


def run_ocr_reads(systems: dict[str, Callable[[Sample], list[Pred]]], out: dict) -> None:
    samples = ocr_reads()
    if samples is None:
        print("\n(bench/cache/ocr_lines.json absent: run `python -m bench.ocr` first for the real-OCR section)")
        return
    print(f"\nReal OCR reads of bench.synth photos ({len(samples)} lines; values scored where OCR kept them verbatim)")
    for name, run in systems.items():
        preds = [run(s) for s in samples]
        tally, _ = score(samples, preds)
        clean = [p for s, p in zip(samples, preds, strict=True) if s.kind == "ocr_clean"]
        d = tally["all PHI"].as_dict()
        left = 1 - sum(bool(p) for p in clean) / max(1, len(clean))
        out.setdefault("ocr_reads", {})[name] = {
            "metrics": {k: v.as_dict() for k, v in sorted(tally.items())},
            "clean_lines": len(clean),
            "clean_lines_left_unflagged": round(left, 4),
        }
        print(
            f"  {name:18s} PHI value recall {d['recall']:.3f} ({d['values']} values), "
            f"span precision {tally['all predictions'].as_dict()['precision']}, "
            f"non-PHI lines left unflagged {left:.3f} ({len(clean)})"
        )


def print_table(tallies: dict[str, dict[str, Tally]], out: dict) -> None:
    names = list(tallies)
    h = out["held_out_names"]
    print(
        f"{out['samples']} samples, seed {out['seed']}; held-out names known to the gazetteer: "
        f"{h['first_in_gazetteer']}/{h['first_names']} first, {h['surnames_in_gazetteer']}/{h['surnames']} last"
    )
    head = f"{'category':42s}" + "".join(f"| {n:^34s}" for n in names)
    print(head)
    print(f"{'':42s}" + "".join(f"| {'recall':>7s} {'right-id':>8s} {'prec':>7s} {'n':>8s} " for _ in names))
    print("-" * len(head))
    keys = sorted({k for t in tallies.values() for k in t if k[:2].isdigit()})
    for k in [*keys, "all PHI", "all predictions"]:
        row = f"{k[:42]:42s}"
        for n in names:
            d = tallies[n].get(k, Tally()).as_dict()
            rec = "-" if d["recall"] is None else f"{d['recall']:.3f}"
            rid = "-" if d["right_identifier"] is None else f"{d['right_identifier']:.3f}"
            prec = "-" if d["precision"] is None else f"{d['precision']:.3f}"
            row += f"| {rec:>7s} {rid:>8s} {prec:>7s} {d['values'] or d['predictions']:>8d} "
        print(row)
    print("-" * len(head))
    for k in ["signage lines", "clinical non-PHI lines", "held-out non-PHI lines", "borderline (org contact on signs)"]:
        row = f"{(k + ' left unflagged')[:42]:42s}"
        for n in names:
            d = tallies[n].get(k, Tally())
            row += f"| {1 - d.lines_flagged / max(1, d.lines):>7.3f} {'':8s} {'':7s} {d.lines:>8d} "
        print(row)
    for n in names:
        d = tallies[n]["all predictions"].as_dict()
        print(
            f"{n}: overall span precision {d['precision']}, character precision {d['char_precision']}, "
            f"{out['systems'][n]['ms_per_sample']} ms/sample"
        )


if __name__ == "__main__":
    raise SystemExit(main())
