"""The wide set's page layouts: each draws one document, card, board or screen on a `Canvas` and says
what a careful reviewer would decide for it.

Every layout is a function `(rng) -> Doc`. PHI is drawn as parts with a truth category (see
`bench.annotate.CATEGORIES`); an organisation's own phone or address is drawn with `not_phi` (it must stay
visible); staff names (a nurse, a prescriber) are drawn with `either` (masking them is a policy choice).
Layouts come in two groups: ones with a person's information (whiteboard tables, pill bottles and pharmacy
labels, lab reports, some in a script the classifier does not read, ID cards and passports with MRZ lines,
insurance cards, mail, EHR screens, résumé and letter headers, X-ray overlays, dense intake forms) and
PHI-free counterparts that must be accepted (menus, dictionary pages with names as entries, signage,
product labels, UI screens with no patient, receipts of a business).

`expected` follows the real-photo truth: identity documents and full pages or screens that are one
person's record are `reject`; a label, a board, an envelope, an overlay or a letter header is `redact`;
PHI-free layouts are `accept`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from bench.synth_canvas import Canvas, FontChoice, has_role, pick_font
from bench.synth_fake import (
    ARABIC_NAMES,
    CJK_NAMES,
    CYR_NAMES,
    STAFF,
    Person,
    date,
    digits,
    letters,
    name_parts,
    phone,
    pick,
)

INK = (20, 20, 24)
MONTHS_UP = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
NAVY = (22, 38, 96)


@dataclass
class Doc:
    canvas: Canvas
    layout: str
    kind: str  # bench.annotate.KINDS
    expected: str  # accept | redact | reject
    identity_document: bool
    geometry: str  # card | page | board | screen | film: how scenes place it (see bench.synth_wide)
    script: str = "latin"


def _org_address(rng: np.random.Generator) -> tuple[str, str]:
    road = pick(rng, ("Commerce Blvd", "Medical Pkwy", "Main St", "Harbor Ave", "Industrial Dr"))
    street = f"{int(rng.integers(100, 9000))} {road}"
    city = pick(rng, ("Northgate, OR 97301", "Kingsford, MI 49801", "Millbrook, NY 12545", "Red Mesa, AZ 85001"))
    return street, city


def _tone(rng: np.random.Generator, lo: int, hi: int) -> tuple[int, int, int]:
    v = int(rng.integers(lo, hi))
    return (v, v + int(rng.integers(-4, 5)), v + int(rng.integers(-6, 4)))


# ------------------------------------------------------------------------------------------ whiteboards


def whiteboard_table(rng: np.random.Generator) -> Doc:
    """A unit's census board: a hand-drawn table whose person column is headed Patient / Name / Pt / Resident."""
    hand = pick_font(rng, "hand")
    s = float(rng.uniform(34, 46))
    W, H = 2400, int(rng.integers(1350, 1700))
    c = Canvas(W, H, _tone(rng, 232, 250))
    c.rect((0, 0, W - 1, H - 1), outline=(150, 152, 158), width=18)
    marker = [(25, 40, 140), (15, 15, 18), (150, 25, 30), (20, 110, 50)]
    ink = pick(rng, marker)
    c.text(
        60,
        40 + s,
        [(pick(rng, ("4 WEST", "ICU Pod B", "Med-Surg 3", "L&D", "5 North Census")), None)],
        hand,
        s * 1.3,
        ink,
    )
    c.text(
        W - 60,
        40 + s,
        [
            ("Today: " + pick(rng, ("Tues", "Wed", "Sat")) + " ", None),
            (date(rng, born=False, style=6), None, {"not_phi": "the board's date"}),
        ],
        hand,
        s,
        ink,
        anchor_right=True,
    )
    header = pick(rng, ("Patient", "Name", "Pt", "Resident", "PATIENT"))
    cols = [
        ("Rm", 0.09),
        (header, 0.33),
        (pick(rng, ("RN", "Nurse")), 0.16),
        (pick(rng, ("Notes", "Diet", "Activity")), 0.24),
        (pick(rng, ("DC", "Goal")), 0.18),
    ]
    x0, y0 = 60, 40 + s * 2.4
    row_h = s * float(rng.uniform(2.1, 2.6))
    n_rows = int(min(9, (H - y0 - 60) // row_h - 1))
    grid = pick(rng, marker)
    xs = [x0]
    for _, frac in cols:
        xs.append(xs[-1] + frac * (W - 120))
    for i in range(n_rows + 2):
        c.hline(x0, xs[-1], y0 + i * row_h + rng.uniform(-3, 3), grid, 4)
    for x in xs:
        c.vline(x + rng.uniform(-3, 3), y0, y0 + (n_rows + 1) * row_h, grid, 4)
    for j, (name, _) in enumerate(cols):
        c.text(xs[j] + s * 0.4, y0 + row_h * 0.7, [(name, None)], hand, s, ink)
    notes = (
        "NPO",
        "Fall risk",
        "Ambulate x3",
        "Reg diet",
        "PT eval",
        "Tele",
        "Iso - contact",
        "I&O",
        "Walker",
        "Clear liq",
    )
    for r in range(n_rows):
        p = Person.make(rng)
        ink = pick(rng, marker) if rng.random() < 0.3 else ink
        yb = y0 + (r + 1) * row_h + row_h * 0.7 + rng.uniform(-4, 4)
        size = s * rng.uniform(0.9, 1.05)
        room = f"{int(rng.integers(1, 9))}{int(rng.integers(0, 5))}{int(rng.integers(0, 9))}"
        room += pick(rng, ("", "", "A", "B"))
        c.text(xs[0] + s * 0.3, yb, [(room, None)], hand, size, ink)
        if rng.random() < 0.25:  # the room number written into the name cell: "625 M. Bryan Paul"
            parts = [
                (room + " ", None),
                (p.first[0] + ".", "name"),
                (" ", None),
                (p.last, "name"),
                (" ", None),
                (p.first, "name"),
            ]
        else:
            parts = name_parts(p, rng)
        c.text(xs[1] + s * 0.3, yb, parts, hand, size, ink)
        c.text(xs[2] + s * 0.3, yb, [(pick(rng, STAFF), None, {"either": "staff name"})], hand, size, ink)
        c.text(xs[3] + s * 0.3, yb, [(pick(rng, notes), None)], hand, size, ink)
        if rng.random() < 0.5:
            c.text(
                xs[4] + s * 0.3,
                yb,
                [
                    (
                        date(rng, born=False, style=int(rng.integers(6, 8))).rsplit("/", 1)[0]
                        if rng.random() < 0.5
                        else date(rng, born=False, style=3),
                        "date",
                    )
                ],
                hand,
                size,
                ink,
            )
    return Doc(c, "whiteboard_table", "whiteboard", "redact", False, "board")


# ------------------------------------------------------------------------------------------ pharmacy


def _pharmacy_header(
    c: Canvas, rng: np.random.Generator, x: float, y: float, s: float, bold: FontChoice, sans: FontChoice, fg
) -> float:
    name = pick(rng, ("Northwind Pharmacy #2291", "CareFirst Drug", "Alder Family Pharmacy", "Main St Apothecary"))
    street, city = _org_address(rng)
    c.text(x, y, [(name, None)], bold, s * 1.15, fg)
    y += s * 1.3
    c.text(x, y, [(street + ", " + city, None, {"not_phi": "pharmacy address"})], sans, s * 0.8, fg)
    y += s * 1.05
    c.text(x, y, [("Ph ", None), (phone(rng, fiction=False), None, {"not_phi": "pharmacy phone"})], sans, s * 0.8, fg)
    return y + s * 1.3


def pill_bottle(rng: np.random.Generator) -> Doc:
    """A wrap-around vial label: pharmacy header, Rx number, patient, drug, directions, fill date, a code."""
    s = 30.0
    sans, bold = pick_font(rng, pick(rng, ("sans", "condensed"))), pick_font(rng, "bold")
    W, H = 1150, 620
    c = Canvas(W, H, _tone(rng, 240, 256))
    band = pick(rng, ((200, 30, 40), (20, 80, 160), (30, 120, 70)))
    c.rect((0, 0, W, 14), fill=band)
    p = Person.make(rng)
    y = _pharmacy_header(c, rng, 30, 60, s, bold, sans, INK)
    rx = p.rx if rng.random() < 0.6 else pick(rng, ("Tx# ", "RX# ")) + digits(rng, 7)
    lab, val = rx.split(" ", 1) if " " in rx and not rx[0].isdigit() else ("Rx#", rx)
    c.text(30, y, [(lab + " ", None), (val, "account")], bold, s * 1.05, INK)
    c.text(
        W - 30,
        y,
        [("Filled ", None), (date(rng, born=False, style=int(rng.integers(0, 4))), "date")],
        sans,
        s * 0.9,
        INK,
        anchor_right=True,
    )
    y += s * 1.6
    c.text(30, y, name_parts(p, rng), bold, s * 1.35, INK)
    y += s * 1.6
    drug = pick(
        rng,
        (
            "AMOXICILLIN 500MG CAP",
            "Lisinopril 20 mg tablet",
            "SERTRALINE 50 MG TAB",
            "Levothyroxine 75 mcg",
            "METOPROLOL TART 25MG",
        ),
    )
    c.text(30, y, [(drug, None)], sans, s, INK)
    y += s * 1.35
    c.text(
        30,
        y,
        [
            (
                pick(
                    rng,
                    (
                        "TAKE 1 CAPSULE BY MOUTH 3 TIMES DAILY",
                        "Take one tablet by mouth every morning",
                        "TAKE 1 TABLET TWICE DAILY WITH FOOD",
                    ),
                ),
                None,
            )
        ],
        sans,
        s * 0.9,
        INK,
    )
    y += s * 1.35
    c.text(
        30,
        y,
        [
            (f"Qty: {int(rng.integers(14, 91))}   Refills: {int(rng.integers(0, 5))}   Dr. ", None),
            (pick(rng, ("A. Kim", "R. Osei", "M. Lind", "P. Huang")), None, {"either": "prescriber"}),
        ],
        sans,
        s * 0.85,
        INK,
    )
    y += s * 1.35
    c.text(
        30,
        y,
        [("Discard after: ", None), (date(rng, born=False, style=int(rng.integers(0, 10))), "date")],
        sans,
        s * 0.85,
        INK,
    )
    code = val.replace(" ", "").replace("-", "")
    bx = c.barcode(W - 360, H - 170, code, "Code128", 2.0, height=90)
    c.text(
        (bx[0] + bx[2]) / 2 - c.width_of(code, sans, s * 0.7) / 2,
        bx[3] + s * 0.8,
        [(code, "account")],
        sans,
        s * 0.7,
        INK,
    )
    return Doc(c, "pill_bottle", "rx_label", "redact", False, "card")


def pharmacy_bag(rng: np.random.Generator) -> Doc:
    """A bag or receipt-stapled pharmacy label: two columns, patient address and phone, a Tx number."""
    s = 26.0
    sans, bold, mono = pick_font(rng, "sans"), pick_font(rng, "bold"), pick_font(rng, "mono")
    W, H = 1300, 760
    c = Canvas(W, H, (255, 255, 255))
    p = Person.make(rng)
    y = _pharmacy_header(c, rng, 30, 50, s, bold, sans, INK)
    c.hline(20, W - 20, y - s * 0.6, INK, 2)
    c.text(
        30,
        y,
        [("PATIENT: ", None), (p.last.upper(), "name"), (", ", None), (p.first.upper(), "name")],
        bold,
        s * 1.1,
        INK,
    )
    c.text(W / 2 + 40, y, [("DOB ", None), (p.dob, "date")], sans, s, INK)
    y += s * 1.5
    c.text(30, y, [(p.street, "address")], mono, s, INK)
    c.text(W / 2 + 40, y, [("Tx# ", None), (digits(rng, 8), "account")], mono, s, INK)
    y += s * 1.4
    c.text(30, y, [(p.city, "address"), (f", {p.state} ", None), (p.zip, "address")], mono, s, INK)
    c.text(W / 2 + 40, y, [("Ph ", None), (p.phone, "phone")], mono, s, INK)
    y += s * 1.4
    c.text(
        30,
        y,
        [("Pickup ", None), (date(rng, born=False, style=int(rng.integers(0, 10))), "date"), ("  Bin C-14", None)],
        sans,
        s,
        INK,
    )
    y += s * 1.8
    for _ in range(int(rng.integers(1, 4))):
        c.text(
            30,
            y,
            [
                (
                    pick(
                        rng,
                        (
                            "ATORVASTATIN 40MG TAB   QTY 30   $4.00",
                            "METFORMIN ER 500MG   QTY 60   $0.00",
                            "FLUTICASONE 50MCG SPR   QTY 1   $12.49",
                            "OMEPRAZOLE 20MG CAP   QTY 30   $6.10",
                        ),
                    ),
                    None,
                )
            ],
            mono,
            s * 0.95,
            INK,
        )
        y += s * 1.3
    code = digits(rng, 12)
    bx = c.barcode(W - 420, H - 150, code, "Code128", 2.0, height=80)
    c.text(bx[0], bx[3] + s * 0.9, [(code, "account")], mono, s * 0.75, INK)
    return Doc(c, "pharmacy_bag", "rx_label", "redact", False, "card")


# ------------------------------------------------------------------------------------------ lab reports

LAB_TESTS = (
    ("Hemoglobin", "g/dL", "12.0-16.0"),
    ("WBC", "K/uL", "4.5-11.0"),
    ("Platelets", "K/uL", "150-400"),
    ("Sodium", "mmol/L", "135-145"),
    ("Potassium", "mmol/L", "3.5-5.1"),
    ("Chloride", "mmol/L", "98-107"),
    ("Glucose", "mg/dL", "70-99"),
    ("Creatinine", "mg/dL", "0.6-1.2"),
    ("BUN", "mg/dL", "7-20"),
    ("ALT", "U/L", "7-56"),
    ("AST", "U/L", "10-40"),
    ("TSH", "mIU/L", "0.4-4.0"),
    ("HbA1c", "%", "4.0-5.6"),
    ("LDL Cholesterol", "mg/dL", "<100"),
    ("Calcium", "mg/dL", "8.5-10.2"),
    ("Albumin", "g/dL", "3.4-5.4"),
    ("CRP", "mg/L", "<10"),
    ("Ferritin", "ng/mL", "12-150"),
)
INTL = {  # labels of a lab report body in a script the PHI classifier does not read
    "cjk": {
        "title": "检验报告单",
        "name": "姓名",
        "sex": "性别",
        "age": "年龄",
        "id": "病历号",
        "dept": "科室",
        "coll": "采样时间",
        "rep": "报告时间",
        "acc": "标本号",
        "test": "项目",
        "res": "结果",
        "ref": "参考范围",
        "tests": ("血红蛋白", "白细胞", "血小板", "钠", "钾", "葡萄糖", "肌酐", "尿素氮", "谷丙转氨酶", "总胆固醇"),
        "names": CJK_NAMES,
        "dept_v": "内科门诊",
        "sex_v": ("女", "男"),
    },
    "cyrillic": {
        "title": "Результаты анализов",
        "name": "Ф.И.О.",
        "sex": "Пол",
        "age": "Возраст",
        "id": "Карта №",
        "dept": "Отделение",
        "coll": "Дата забора",
        "rep": "Дата выдачи",
        "acc": "Образец",
        "test": "Показатель",
        "res": "Результат",
        "ref": "Норма",
        "tests": (
            "Гемоглобин",
            "Лейкоциты",
            "Тромбоциты",
            "Натрий",
            "Калий",
            "Глюкоза",
            "Креатинин",
            "Мочевина",
            "АЛТ",
            "Холестерин",
        ),
        "names": CYR_NAMES,
        "dept_v": "Терапия",
        "sex_v": ("Ж", "М"),
    },
    "arabic": {
        "title": "تقرير المختبر",
        "name": "الاسم",
        "sex": "الجنس",
        "age": "العمر",
        "id": "رقم الملف",
        "dept": "القسم",
        "coll": "تاريخ العينة",
        "rep": "تاريخ التقرير",
        "acc": "رقم العينة",
        "test": "الفحص",
        "res": "النتيجة",
        "ref": "المعدل الطبيعي",
        "tests": (
            "الهيموجلوبين",
            "كريات الدم البيضاء",
            "الصفائح",
            "الصوديوم",
            "البوتاسيوم",
            "الجلوكوز",
            "الكرياتينين",
            "اليوريا",
            "إنزيم الكبد",
            "الكوليسترول",
        ),
        "names": ARABIC_NAMES,
        "dept_v": "الباطنية",
        "sex_v": ("أنثى", "ذكر"),
    },
}


def lab_report(rng: np.random.Generator) -> Doc:
    """A full, dense lab report page: lab header, a patient block, a result table, dates, accession."""
    s = float(rng.uniform(22, 27))
    sans, bold = pick_font(rng, pick(rng, ("sans", "serif", "condensed"))), pick_font(rng, "bold")
    W, H = 1700, 2200
    c = Canvas(W, H, _tone(rng, 244, 256))
    p = Person.make(rng)
    lab = pick(rng, ("Quarry Labs", "Alder Valley Clinical Laboratory", "Meridian Diagnostics", "Pathway Lab Svcs"))
    street, city = _org_address(rng)
    c.text(80, 110, [(lab, None)], bold, s * 1.9, NAVY)
    c.text(
        80,
        160,
        [
            (f"{street}, {city}", None, {"not_phi": "laboratory address"}),
            ("   Tel ", None),
            (phone(rng, fiction=False), None, {"not_phi": "laboratory phone"}),
        ],
        sans,
        s * 0.85,
        INK,
    )
    c.text(W - 80, 110, [("CLIA 05D" + digits(rng, 7), None)], sans, s * 0.85, INK, anchor_right=True)
    c.hline(70, W - 70, 190, NAVY, 4)
    c.text(
        W / 2 - c.width_of("LABORATORY REPORT", bold, s * 1.3) / 2,
        250,
        [("LABORATORY REPORT", None)],
        bold,
        s * 1.3,
        INK,
    )
    c.rect((70, 285, W - 70, 285 + s * 8.2), outline=(120, 120, 130), width=2)
    rows_l = [
        [("Patient: ", None), *name_parts(p, rng)],
        [("DOB: ", None), (p.dob, "date"), (f"   Sex: {p.sex}", None)],
        [("MRN: ", None), (p.mrn, "mrn")],
        [("Account #: ", None), (p.account, "account")],
        [("Phone: ", None), (p.phone, "phone")],
    ]
    rows_r = [
        [("Accession: ", None), (letters(rng, 1) + digits(rng, 2) + "-" + digits(rng, 6), "other_id")],
        [
            ("Collected: ", None),
            (date(rng, born=False), "date"),
            (f" {int(rng.integers(6, 12)):02d}:{int(rng.integers(0, 60)):02d}", None),
        ],
        [("Received: ", None), (date(rng, born=False), "date")],
        [("Reported: ", None), (date(rng, born=False), "date")],
        [("Ordering: ", None), (pick(rng, STAFF[2:]), None, {"either": "ordering physician"})],
    ]
    for i, (a, b) in enumerate(zip(rows_l, rows_r, strict=True)):
        yb = 285 + s * (1.5 + 1.5 * i)
        c.text(95, yb, a, sans, s, INK)
        c.text(W / 2 + 40, yb, b, sans, s, INK)
    y = 285 + s * 8.2 + s * 2.2
    xs = (90, 640, 900, 1060, 1300)
    for x, h in zip(xs, ("Test", "Result", "Flag", "Units", "Reference"), strict=True):
        c.text(x, y, [(h, None)], bold, s, INK)
    c.hline(70, W - 70, y + s * 0.5, INK, 2)
    y += s * 1.7
    tests = list(LAB_TESTS)
    rng.shuffle(tests)
    for k, (t, unit, ref) in enumerate(tests[: int(rng.integers(12, 18))]):
        if k % 2 == 0:
            c.rect((70, y - s * 1.05, W - 70, y + s * 0.45), fill=(236, 239, 245))
        val = f"{rng.uniform(0.5, 300):.1f}"
        flag = pick(rng, ("", "", "", "H", "L"))
        for x, v in zip(xs, (t, val, flag, unit, ref), strict=True):
            if v:
                c.text(x, y, [(v, None)], sans, s, INK)
        y += s * 1.5
    y += s
    c.text(90, y, [("Comments: specimen received at ambient temperature. Results verified.", None)], sans, s * 0.9, INK)
    c.hline(70, W - 70, H - 130, (120, 120, 130), 2)
    c.text(
        90,
        H - 90,
        [
            ("Patient: ", None),
            (p.last.upper(), "name"),
            (", ", None),
            (p.first.upper(), "name"),
            ("   MRN ", None),
            (p.mrn, "mrn"),
            ("   Printed ", None),
            (date(rng, born=False), "date"),
        ],
        sans,
        s * 0.75,
        INK,
    )
    c.text(W - 90, H - 90, [("Page 1 of 2", None)], sans, s * 0.75, INK, anchor_right=True)
    return Doc(c, "lab_report", "lab_report", "reject", False, "page")


def lab_report_intl(rng: np.random.Generator) -> Doc:
    """A lab report in Chinese, Russian or Arabic with Latin MRN, accession and dates; the name in the script."""
    scripts = [k for k in ("cjk", "cyrillic", "arabic") if has_role(k)] or ["cyrillic"]
    script = pick(rng, scripts)
    L = INTL[script]
    body = pick_font(rng, script)
    latin = pick_font(rng, "sans")
    s = float(rng.uniform(24, 28))
    W, H = 1700, 2200
    c = Canvas(W, H, _tone(rng, 244, 256))
    p = Person.make(rng)
    c.text(W / 2 - c.width_of(L["title"], body, s * 1.8) / 2, 130, [(L["title"], None)], body, s * 1.8, INK)
    c.hline(70, W - 70, 170, INK, 3)
    native = pick(rng, L["names"])
    name = (
        [(native, "name")]
        if rng.random() < 0.7
        else [(p.last.upper(), "name", {"font": latin}), (" ", None), (p.first.upper(), "name", {"font": latin})]
    )
    la = {"font": latin}
    fields = [
        [(L["name"] + ": ", None), *name],
        [(L["sex"] + ": " + pick(rng, L["sex_v"]), None)],
        [(L["age"] + ": ", None), (str(int(rng.integers(20, 88))), None, la)],
        [(L["id"] + ": ", None), (p.mrn, "mrn", la)],
        [(L["dept"] + ": " + L["dept_v"], None)],
        [(L["acc"] + ": ", None), (digits(rng, 10), "other_id", la)],
        [
            (L["coll"] + ": ", None),
            (date(rng, born=False, style=pick(rng, (2, 8))), "date", la),
            (f" {int(rng.integers(7, 12)):02d}:{int(rng.integers(0, 60)):02d}", None, la),
        ],
        [(L["rep"] + ": ", None), (date(rng, born=False, style=pick(rng, (2, 8, 4))), "date", la)],
    ]
    for i, f in enumerate(fields):
        x = 90 if i % 2 == 0 else W / 2 + 40
        c.text(x, 250 + (i // 2) * s * 1.8, f, body, s, INK)
    y = 250 + 4 * s * 1.8 + s
    c.hline(70, W - 70, y, INK, 2)
    y += s * 1.6
    xs = (90, 700, 1100)
    for x, h in zip(xs, (L["test"], L["res"], L["ref"]), strict=True):
        c.text(x, y, [(h, None)], body, s, INK)
    y += s * 1.8
    for t in L["tests"]:
        lo = float(rng.uniform(1, 100))
        c.text(xs[0], y, [(t, None)], body, s, INK)
        c.text(xs[1], y, [(f"{lo * rng.uniform(0.7, 1.4):.2f}", None)], latin, s, INK)
        c.text(xs[2], y, [(f"{lo * 0.8:.1f}-{lo * 1.2:.1f}", None)], latin, s, INK)
        y += s * 1.6
    c.text(
        90,
        y + s * 2,
        [("ID ", None), (p.mrn, "mrn"), ("  ", None), (date(rng, born=False, style=2), "date")],
        latin,
        s * 0.8,
        INK,
    )
    c.crop_bottom(s * 4)
    return Doc(c, "lab_report_intl", "lab_report", "reject", False, "page", script)


# ------------------------------------------------------------------------------------------ identity documents


def _mrz_check(s: str) -> str:
    vals = [int(ch) if ch.isdigit() else (ord(ch) - 55 if ch.isalpha() else 0) for ch in s]
    return str(sum(v * (7, 3, 1)[i % 3] for i, v in enumerate(vals)) % 10)


def _mrz(p: Person, number: str, dob6: str, exp6: str) -> tuple[str, str]:
    names = (p.last.upper().replace(" ", "<") + "<<" + p.first.upper()).replace("'", "")
    l1 = ("P<UTO" + names + "<" * 44)[:44]
    n = (number + "<" * 9)[:9]
    l2 = n + _mrz_check(n) + "UTO" + dob6 + _mrz_check(dob6) + p.sex + exp6 + _mrz_check(exp6) + "<" * 14 + "0"
    l2 = l2 + _mrz_check(l2[:10] + l2[13:20] + l2[21:43])
    return l1, l2[:44]


def _ymd(rng: np.random.Generator, born: bool) -> tuple[str, str]:
    y = int(rng.integers(1940, 2005)) if born else int(rng.integers(2025, 2034))
    m, d = int(rng.integers(1, 13)), int(rng.integers(1, 29))
    months = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
    return f"{d:02d} {months[m - 1]} {y}", f"{y % 100:02d}{m:02d}{d:02d}"


def passport(rng: np.random.Generator) -> Doc:
    """A specimen passport data page of the ICAO test state Utopia, with its two MRZ lines in OCR-B."""
    s = 26.0
    sans, bold, ocrb = pick_font(rng, "sans"), pick_font(rng, "bold"), pick_font(rng, "ocrb")
    W, H = 1250, 880
    c = Canvas(W, H, (232, 236, 226))
    for k in range(0, W, 24):  # guilloche-like background lines
        c.draw.arc([k - 300, -200, k + 300, H + 200], 200, 340, fill=(210, 220, 212), width=2)
    p = Person.make(rng)
    number = letters(rng, 1) + digits(rng, 7) + letters(rng, 1)
    dob, dob6 = _ymd(rng, True)
    exp, exp6 = _ymd(rng, False)
    iss = date(rng, born=False, style=0).upper()
    c.text(40, 70, [("PASSPORT  PASSEPORT  SPECIMEN", None)], bold, s * 1.2, NAVY)
    c.text(W - 40, 70, [("UTOPIA", None)], bold, s * 1.2, NAVY, anchor_right=True)
    c.portrait((40, 120, 360, 520), rng)
    x = 400
    rows = [
        ("Type / Code", [("P    UTO", None)]),
        ("Passport No.", [(number, "license")]),
        ("Surname", [(p.last.upper(), "name")]),
        ("Given names", [(p.first.upper(), "name")]),
        ("Nationality", [("UTOPIAN", None)]),
        ("Date of birth", [(dob, "date")]),
        ("Sex / Place of birth", [(p.sex + "   ", None), (p.city.upper(), "address")]),
        ("Date of issue / expiry", [(iss, "date"), ("   ", None), (exp, "date")]),
    ]
    y = 130
    for lab, val in rows:
        c.text(x, y, [(lab, None)], sans, s * 0.6, (70, 80, 90))
        c.text(x, y + s * 1.1, val, bold, s * 0.95, INK)
        y += s * 2.05
    c.text(40, 580, [(p.first + " " + p.last, "biometric")], pick_font(rng, "hand"), s * 1.3, (30, 30, 80))
    l1, l2 = _mrz(p, number, dob6, exp6)
    c.rect((0, 660, W, H), fill=(240, 242, 236))
    c.text(40, 740, [(l1, "other_id")], ocrb, s * 1.15, INK)
    c.text(40, 810, [(l2, "other_id")], ocrb, s * 1.15, INK)
    return Doc(c, "passport", "id_document", "reject", True, "card")


def id_card(rng: np.random.Generator) -> Doc:
    """A specimen driver's licence / state ID: portrait, DL number, name, address, dates, signature; PDF417
    on the back side (drawn instead of the front on some cards)."""
    s = 24.0
    sans, bold = pick_font(rng, pick(rng, ("sans", "condensed"))), pick_font(rng, "bold")
    W, H = 1012, 638
    c = Canvas(W, H, (226, 236, 244))
    p = Person.make(rng)
    dl = pick(
        rng,
        (
            letters(rng, 1) + digits(rng, 3) + "-" + digits(rng, 4) + "-" + digits(rng, 4),
            digits(rng, 9),
            letters(rng, 2) + digits(rng, 6),
        ),
    )
    if rng.random() < 0.25:  # the back: PDF417 with the same data, a magnetic-stripe-like band
        c.rect((0, 40, W, 120), fill=(40, 40, 44))
        c.barcode(60, 170, f"@ANSI 636000DL{dl} {p.last} {p.first} {p.dob}", "PDF417", 3.0, category="barcode")
        c.text(
            60,
            H - 40,
            [("DL ", None), (dl, "license"), ("   SPECIMEN - NOT A GOVERNMENT DOCUMENT", None)],
            sans,
            s * 0.8,
            INK,
        )
        return Doc(c, "id_card", "id_document", "reject", True, "card")
    c.rect((0, 0, W, 90), fill=NAVY)
    c.text(
        30,
        62,
        [
            (
                pick(rng, ("STATE OF ALDERIA", "COMMONWEALTH OF UTOPIA", "ALDERIA"))
                + "  "
                + pick(rng, ("DRIVER LICENSE", "IDENTIFICATION CARD")),
                None,
            )
        ],
        bold,
        s * 1.4,
        (255, 255, 255),
        light_on_dark=True,
    )
    c.portrait((30, 120, 300, 470), rng)
    x, y = 330, 150
    c.text(x, y, [("4d DL ", None), (dl, "license")], bold, s * 1.2, (170, 20, 30))
    y += s * 1.8
    c.text(x, y, [("1 ", None), (p.last.upper(), "name")], bold, s * 1.1, INK)
    y += s * 1.5
    c.text(x, y, [("2 ", None), (p.first.upper(), "name")], bold, s * 1.1, INK)
    y += s * 1.5
    c.text(x, y, [("8 ", None), (p.street.upper(), "address")], sans, s, INK)
    y += s * 1.35
    c.text(x, y, [(p.city.upper(), "address"), (f", {p.state} ", None), (p.zip, "address")], sans, s, INK)
    y += s * 1.7
    c.text(x, y, [("3 DOB ", None), (p.dob, "date"), ("   15 SEX ", None), (p.sex, None)], sans, s, INK)
    y += s * 1.5
    c.text(
        x,
        y,
        [
            ("4a ISS ", None),
            (date(rng, born=False, style=6), "date"),
            ("   4b EXP ", None),
            (date(rng, born=False, style=6), "date"),
        ],
        sans,
        s,
        INK,
    )
    y += s * 1.5
    c.text(
        x,
        y,
        [
            (
                f"16 HGT 5-{int(rng.integers(0, 12)):02d}  18 EYES {pick(rng, ('BRN', 'BLU', 'GRN', 'HAZ'))}  5 DD ",
                None,
            ),
            (digits(rng, 11), "other_id"),
        ],
        sans,
        s * 0.9,
        INK,
    )
    c.text(40, H - 50, [(p.first[0] + ". " + p.last, "biometric")], pick_font(rng, "hand"), s * 1.5, (20, 20, 60))
    c.text(W - 30, H - 30, [("SPECIMEN", None)], bold, s, (170, 20, 30), anchor_right=True)
    return Doc(c, "id_card", "id_document", "reject", True, "card")


def insurance_card(rng: np.random.Generator) -> Doc:
    """A health-plan member card: member name, member and group ids mixing letters and digits, plan phone."""
    s = 24.0
    sans, bold = pick_font(rng, "sans"), pick_font(rng, "bold")
    W, H = 1012, 638
    top = pick(rng, ((0, 90, 160), (120, 20, 90), (10, 120, 110)))
    c = Canvas(W, H, (250, 250, 252))
    c.rect((0, 0, W, 120), fill=top)
    c.text(
        30,
        80,
        [(pick(rng, ("Northwind Health Plan", "BlueHarbor PPO", "Alder Care HMO", "Meridian Health")), None)],
        bold,
        s * 1.7,
        (255, 255, 255),
        light_on_dark=True,
    )
    p = Person.make(rng)
    y = 190
    c.text(30, y, [("Member: ", None), *name_parts(p, rng)], bold, s * 1.2, INK)
    y += s * 1.9
    c.text(
        30,
        y,
        [(pick(rng, ("Member ID ", "ID# ", "Subscriber ID: ")), None), (p.member, "health_plan")],
        bold,
        s * 1.2,
        INK,
    )
    y += s * 1.8
    c.text(30, y, [("Group ", None), (p.group, "health_plan")], sans, s, INK)
    c.text(W / 2 + 60, y, [("RxBIN 610014   RxPCN MEDDPRIME", None)], sans, s * 0.85, INK)
    y += s * 1.5
    c.text(30, y, [("Effective ", None), (date(rng, born=False, style=int(rng.integers(0, 10))), "date")], sans, s, INK)
    c.text(W / 2 + 60, y, [("RxGRP HLTH", None)], sans, s * 0.85, INK)
    y += s * 1.5
    if rng.random() < 0.5:
        c.text(
            30,
            y,
            [
                ("Dependent: ", None),
                (pick(rng, ("Emma", "Lucas", "Noah", "Ava")), "name"),
                (" ", None),
                (p.last, "name"),
            ],
            sans,
            s,
            INK,
        )
        y += s * 1.5
    c.text(
        30,
        y,
        [
            ("PCP: ", None),
            (pick(rng, STAFF[2:]), None, {"either": "primary care physician"}),
            ("   Copay OV $20 / ER $150", None),
        ],
        sans,
        s * 0.9,
        INK,
    )
    c.text(
        30,
        H - 40,
        [
            ("Customer Service ", None),
            ("1-800-" + str(int(rng.integers(200, 999))) + "-" + digits(rng, 4), None, {"not_phi": "plan phone"}),
        ],
        sans,
        s * 0.85,
        INK,
    )
    return Doc(c, "insurance_card", "insurance_card", "reject", True, "card")


# ------------------------------------------------------------------------------------------ mail, letters


def envelope(rng: np.random.Generator) -> Doc:
    """An envelope: return address (a clinic's, or a person's), stamp or indicia, the addressee block with a
    PMB or apartment, sometimes handwritten."""
    hand = rng.random() < 0.35
    font = pick_font(rng, "hand" if hand else pick(rng, ("sans", "mono", "serif")))
    s = 34.0
    W, H = 1900, 980
    c = Canvas(W, H, _tone(rng, 232, 252))
    p, q = Person.make(rng), Person.make(rng)
    if rng.random() < 0.5:
        street, city = _org_address(rng)
        org = pick(rng, ("Alder Valley Medical Group", "Quarry Labs Billing", "Northwind Health Plan"))
        for k, t in enumerate((org, street, city)):
            c.text(
                50, 70 + k * s * 1.45, [(t, None, {"not_phi": "sender organisation"} if k else {})], font, s * 0.8, INK
            )
        c.rect((W - 330, 40, W - 40, 210), outline=INK, width=3)
        for k, t in enumerate(("PRSRT STD", "US POSTAGE PAID", "PERMIT NO. " + digits(rng, 3))):
            c.text(
                W - 310,
                85 + k * s * 1.05,
                [(t, None, {"not_phi": "sender's postage permit"} if k == 2 else {})],
                font,
                s * 0.65,
                INK,
            )
    else:
        for k, parts in enumerate(
            (
                [(q.first + " " + q.last, "name")],
                [(q.street, "address")],
                [(q.city, "address"), (f", {q.state} ", None), (q.zip, "address")],
            )
        ):
            c.text(50, 70 + k * s * 1.45, parts, font, s * 0.8, INK)
        c.rect((W - 230, 40, W - 50, 250), fill=pick(rng, ((190, 60, 60), (60, 110, 170), (70, 140, 80))))
    x, y = W * 0.38, H * 0.5
    unit = pick(
        rng,
        (
            "PMB " + digits(rng, 4),
            "Apt " + digits(rng, 1) + letters(rng, 1),
            "Unit " + digits(rng, 3),
            "Ste " + digits(rng, 3),
        ),
    )
    lines = [
        name_parts(p, rng)
        if rng.random() < 0.7
        else [(p.first.upper(), "name"), (" ", None), (p.last.upper(), "name")],
        [(p.street, "address"), (" ", None), (unit, "address")],
        [
            (p.city, "address"),
            (f", {p.state}  ", None),
            (p.zip + ("-" + digits(rng, 4) if rng.random() < 0.4 else ""), "address"),
        ],
    ]
    for k, parts in enumerate(lines):
        c.text(x, y + k * s * 1.75, parts, font, s, INK)
    return Doc(c, "envelope", "mail", "redact", False, "page")


def letter(rng: np.random.Generator) -> Doc:
    """A clinic letter to a patient: letterhead, date, the recipient's address block, a salutation with the
    name, an appointment date in the body."""
    s = float(rng.uniform(24, 30))
    body, bold = pick_font(rng, pick(rng, ("serif", "sans"))), pick_font(rng, "serif_bold")
    W, H = 1700, 2200
    c = Canvas(W, H, (252, 252, 250))
    p = Person.make(rng)
    street, city = _org_address(rng)
    c.text(
        120,
        150,
        [(pick(rng, ("Alder Valley Medical Group", "Riverside Family Practice", "Northgate Cardiology")), None)],
        bold,
        s * 1.8,
        NAVY,
    )
    c.text(
        120,
        200,
        [
            (street + " · " + city + " · ", None, {"not_phi": "clinic address"}),
            (phone(rng, fiction=False), None, {"not_phi": "clinic phone"}),
        ],
        body,
        s * 0.8,
        INK,
    )
    y = 330
    c.text(120, y, [(date(rng, born=False, style=pick(rng, (1, 5, 0))), "date")], body, s, INK)
    y += s * 2.5
    for parts in (
        name_parts(p, rng),
        [(p.street, "address")],
        [(p.city, "address"), (f", {p.state} ", None), (p.zip, "address")],
    ):
        c.text(120, y, parts, body, s, INK)
        y += s * 1.4
    y += s * 1.6
    c.text(
        120,
        y,
        [
            ("Dear " + pick(rng, ("Ms. ", "Mr. ", "")), None),
            (p.last if rng.random() < 0.7 else p.first, "name"),
            (",", None),
        ],
        body,
        s,
        INK,
    )
    y += s * 2
    text = [
        [("Thank you for choosing our practice. This letter confirms your appointment on ", None)],
        [(date(rng, born=False, style=pick(rng, (1, 5))), "date"), (" at 10:30 am with our care team. Please", None)],
        [("arrive fifteen minutes early and bring your insurance card and a list of your", None)],
        [("current medications. If you need to reschedule, call the number above.", None)],
    ]
    for parts in text:
        c.text(120, y, parts, body, s, INK)
        y += s * 1.5
    y += s * 2
    c.text(120, y, [("Sincerely,", None)], body, s, INK)
    c.text(
        120,
        y + s * 2.5,
        [(pick(rng, STAFF[2:]), None, {"either": "signing physician"})],
        pick_font(rng, "hand"),
        s * 1.4,
        NAVY,
    )
    return Doc(c, "letter", "letter", "redact", False, "page")


def resume_header(rng: np.random.Generator) -> Doc:
    """The top of a résumé: the name in a large header font, a contact line, then ordinary sections."""
    s = float(rng.uniform(22, 28))
    body, head = pick_font(rng, pick(rng, ("sans", "serif"))), pick_font(rng, pick(rng, ("bold", "serif_bold")))
    W, H = 1700, 1500
    c = Canvas(W, H, (255, 255, 255))
    p = Person.make(rng)
    big = s * float(rng.uniform(2.8, 4.2))
    upper = rng.random() < 0.5
    first, last = (p.first.upper(), p.last.upper()) if upper else (p.first, p.last)
    c.text(110, 90 + big, [(first, "name"), (" ", None), (last, "name")], head, big, pick(rng, (INK, NAVY)))
    y = 90 + big + s * 2
    c.text(
        110,
        y,
        [
            (p.street + ", " + p.city, "address"),
            (f", {p.state}  ·  ", None),
            (p.phone, "phone"),
            ("  ·  ", None),
            (p.email, "email"),
        ],
        body,
        s * 0.9,
        INK,
    )
    y += s * 1.2
    c.hline(100, W - 100, y, INK, 3)
    y += s * 2.5
    for sec, lines in (
        (
            "EXPERIENCE",
            (
                "Registered Nurse, Alder Valley Medical Group, 2016 - present",
                "Managed care for a 24-bed medical-surgical unit; precepted new graduates.",
                "Charge Nurse, Riverside Hospital, 2012 - 2016",
            ),
        ),
        ("EDUCATION", ("BSN, State University School of Nursing, 2012", "BLS, ACLS and PALS certified")),
        ("SKILLS", ("Epic and Cerner charting; IV therapy; wound care; Spanish (conversational)",)),
    ):
        c.text(110, y, [(sec, None)], head, s * 1.1, NAVY)
        y += s * 1.7
        for t in lines:
            c.text(140, y, [(t, None)], body, s, INK)
            y += s * 1.45
        y += s
    return Doc(c, "resume_header", "letter", "redact", False, "page")


# ------------------------------------------------------------------------------------------ screens


SIDEBAR = (
    "Summary",
    "Chart Review",
    "Results",
    "Orders",
    "Notes",
    "Finder",
    "Operation",
    "Address Book",
    "Scheduling",
    "Reports",
    "Settings",
)


def _window(c: Canvas, rng: np.random.Generator, dark: bool, title: str, sans: FontChoice, s: float):
    W, H = c.size
    bar = (36, 40, 48) if dark else (226, 230, 236)
    fg = (220, 224, 230) if dark else INK
    c.rect((0, 0, W, s * 2.2), fill=bar)
    c.text(s, s * 1.45, [(title, None)], sans, s, fg, light_on_dark=dark)
    side = (28, 32, 40) if dark else (242, 244, 248)
    c.rect((0, s * 2.2, 250 * s / 18, H), fill=side)
    y = s * 4
    for item in SIDEBAR[: int(rng.integers(7, len(SIDEBAR) + 1))]:
        c.text(s, y, [(item, None)], sans, s * 0.95, fg, light_on_dark=dark)
        y += s * 2.1
    return 250 * s / 18 + s, fg


def ehr_screen(rng: np.random.Generator) -> Doc:
    """An EHR chart screen: sidebar, tabs, a patient banner, a visits table, a contacts panel."""
    dark = rng.random() < 0.35
    s = float(rng.uniform(16, 20))
    sans, bold = pick_font(rng, pick(rng, ("sans", "condensed"))), pick_font(rng, "bold")
    W, H = 1920, 1080
    bg = (22, 25, 31) if dark else (255, 255, 255)
    c = Canvas(W, H, bg, light_on_dark=dark)
    x0, fg = _window(
        c,
        rng,
        dark,
        pick(rng, ("CareView EHR", "MedChart 7", "Clinic Desktop"))
        + "  -  user: "
        + pick(rng, ("jbrooks", "kwells", "tnguyen")),
        sans,
        s,
    )
    p = Person.make(rng)
    banner = (40, 60, 100) if dark else (224, 234, 248)
    c.rect((x0 - s * 0.5, s * 2.6, W - s, s * 8.2), fill=banner)
    y = s * 4.6
    c.text(x0, y, name_parts(p, rng), bold, s * 1.6, fg)
    c.text(
        x0 + s * 24,
        y,
        [("DOB ", None), (p.dob, "date"), (f" ({int(rng.integers(18, 89))} y)   Sex {p.sex}", None)],
        sans,
        s,
        fg,
    )
    y += s * 2.2
    c.text(
        x0,
        y,
        [
            ("MRN ", None),
            (p.mrn, "mrn"),
            ("   CSN ", None),
            (digits(rng, 9), "account"),
            ("   Ins ", None),
            (p.member, "health_plan"),
        ],
        sans,
        s,
        fg,
    )
    y += s * 1.8
    c.text(
        x0,
        y,
        [
            ("Allergies: " + pick(rng, ("Penicillin", "NKDA", "Sulfa, Latex")) + "   PCP: ", None),
            (pick(rng, STAFF[2:]), None, {"either": "primary care physician"}),
        ],
        sans,
        s * 0.95,
        fg,
    )
    y = s * 10
    tx = x0
    for t in ("Overview", "Encounters", "Labs", "Meds", "Imaging", "Billing"):
        c.text(tx, y, [(t, None)], bold if t == "Encounters" else sans, s, fg)
        tx += c.width_of(t, sans, s) + s * 2.5
    c.hline(x0, W - s, y + s * 0.7, (120, 130, 150), 2)
    y += s * 3
    tw = W * 0.72 - x0
    cols = tuple(x0 + f * tw for f in (0, 0.17, 0.36, 0.6, 0.86))
    for x, h in zip(cols, ("Date", "Department", "Provider", "Reason", "Status"), strict=True):
        c.text(x, y, [(h, None)], bold, s, fg)
    y += s * 2
    for k in range(int(rng.integers(6, 11))):
        if k % 2 == 0:
            c.rect((x0 - s * 0.5, y - s * 1.3, W * 0.72, y + s * 0.6), fill=(32, 36, 44) if dark else (245, 247, 250))
        vals = [
            (date(rng, born=False, style=pick(rng, (3, 6, 2, 0))), "date"),
            (pick(rng, ("Cardiology", "Family Med", "Radiology", "ED", "Ortho")), None),
            (pick(rng, STAFF[2:]), None, {"either": "provider"}),
            (pick(rng, ("Follow-up", "Chest pain", "Annual exam", "Lab draw", "Fracture f/u")), None),
            (pick(rng, ("Closed", "Signed", "Open")), None),
        ]
        for x, v in zip(cols, vals, strict=True):
            c.text(x, y, [v], sans, s, fg)
        y += s * 2
    px = W * 0.74
    c.rect((px, s * 9, W - s, H - s), outline=(120, 130, 150), width=2)
    yy = s * 11
    for parts in (
        [("Contact", None)],
        [("Address", None)],
        [(p.street, "address")],
        [(p.city, "address"), (f", {p.state} ", None), (p.zip, "address")],
        [("Phone", None)],
        [(p.phone, "phone")],
        [("Email", None)],
        [(p.email, "email")],
        [("Emergency contact", None)],
        [(Person.make(rng).first, "name"), (" ", None), (p.last, "name"), (" (spouse)", None)],
        [(phone(rng), "phone")],
    ):
        c.text(px + s, yy, parts, bold if parts[0][1] is None and len(parts) == 1 else sans, s, fg)
        yy += s * 1.9
    return Doc(c, "ehr_screen", "ehr_screenshot", "reject", False, "screen")


def ui_settings(rng: np.random.Generator) -> Doc:
    """A screen with no patient on it: settings with empty labelled fields, or a login form."""
    dark = rng.random() < 0.35
    s = float(rng.uniform(16, 20))
    sans, bold = pick_font(rng, "sans"), pick_font(rng, "bold")
    W, H = 1920, 1080
    c = Canvas(W, H, (22, 25, 31) if dark else (250, 250, 252), light_on_dark=dark)
    x0, fg = _window(c, rng, dark, pick(rng, ("Settings", "System Preferences", "CareView EHR - Sign in")), sans, s)
    y = s * 6
    if rng.random() < 0.5:
        c.text(x0 + s * 10, y, [("Sign in to continue", None)], bold, s * 1.8, fg)
        y += s * 4
        for lab in ("Username", "Password"):
            c.text(x0 + s * 10, y, [(lab, None)], sans, s, fg)
            c.rect((x0 + s * 10, y + s * 0.8, x0 + s * 40, y + s * 3.2), outline=(140, 146, 156), width=2)
            y += s * 5
        c.text(x0 + s * 10, y, [("Forgot password?   Remember me on this device", None)], sans, s * 0.9, fg)
    else:
        c.text(x0, y, [(pick(rng, ("New contact", "Profile", "Address book entry")), None)], bold, s * 1.6, fg)
        y += s * 3
        for lab, ph in (
            ("Name", "Enter full name"),
            ("Address", "Street, city, ZIP"),
            ("Date of birth", "MM/DD/YYYY"),
            ("Phone", "(000) 000-0000"),
            ("Email", "name@example.com"),
            ("Operation", "Select..."),
        ):
            c.text(x0, y, [(lab, None)], sans, s, fg)
            c.rect((x0 + s * 12, y - s * 1.4, x0 + s * 45, y + s * 0.8), outline=(140, 146, 156), width=2)
            c.text(x0 + s * 12.6, y, [(ph, None)], sans, s, (150, 150, 160))
            y += s * 3
        y += s
        for k, t in enumerate(("Finder", "Display", "Network", "Notifications", "Privacy & Security")):
            c.text(x0 + (k % 3) * s * 16, y + (k // 3) * s * 2.5, [(t, None)], sans, s, fg)
        y += s * 6
        c.text(x0, y, [("Version 7.2.1 (build 4821)   Check for updates", None)], sans, s * 0.9, fg)
    return Doc(c, "ui_settings", "ui_screenshot", "accept", False, "screen")


# ------------------------------------------------------------------------------------------ X-ray, forms


def xray(rng: np.random.Generator) -> Doc:
    """A radiograph with burned-in white ALL-CAPS annotations: name with sex, DOB, ID, accession, study date."""
    W, H = int(rng.integers(1700, 2100)), int(rng.integers(1900, 2300))
    img = np.zeros((H, W), np.float32) + rng.uniform(5, 25)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    body = np.exp(-((((xx - W / 2) / (W * 0.33)) ** 2 + ((yy - H * 0.55) / (H * 0.42)) ** 2) ** 2))
    img += 150 * body
    for sx in (-1, 1):  # lungs: darker lobes inside the body
        img -= 80 * np.exp(-(((xx - W / 2 - sx * W * 0.15) / (W * 0.1)) ** 2 + ((yy - H * 0.5) / (H * 0.22)) ** 2))
    img += 60 * np.exp(-(((xx - W / 2) / (W * 0.03)) ** 2)) * (yy > H * 0.15)  # spine
    for k in range(9):  # ribs
        cy = H * (0.3 + 0.05 * k)
        img += 25 * np.exp(-(((yy - cy - 0.0004 * (xx - W / 2) ** 2) / 8.0) ** 2)) * body
    img += rng.normal(0, 6, img.shape).astype(np.float32)
    img = cv2.GaussianBlur(np.clip(img, 0, 255), (0, 0), 2.0).astype(np.uint8)
    c = Canvas(W, H, (0, 0, 0), light_on_dark=True)
    c.paste(np.stack([img] * 3, axis=2), (0, 0))
    font = pick_font(rng, pick(rng, ("mono", "sans", "condensed")))
    s = float(rng.uniform(26, 36))
    fg = pick(rng, ((255, 255, 255), (235, 235, 235), (250, 240, 170)))
    p = Person.make(rng)
    yob, m, d = int(rng.integers(1930, 2010)), int(rng.integers(1, 13)), int(rng.integers(1, 29))
    tl = [
        [(p.last.upper(), "name"), (" ", None), (p.first.upper(), "name"), (f" [{p.sex}]", None)],
        [
            ("DOB: ", None),
            (
                pick(
                    rng,
                    (
                        f"{yob}{m:02d}{d:02d}",
                        f"{d:02d}-{MONTHS_UP[m - 1]}-{yob}",
                        f"{m}/{d}/{yob}",
                    ),
                ),
                "date",
            ),
        ],
        [("ID: ", None), (p.mrn, "mrn")],
        [("ACC: ", None), (letters(rng, 1) + digits(rng, 8), "other_id")],
    ]
    tr = [
        [(pick(rng, ("ST ALDER MEDICAL CTR", "NORTHGATE IMAGING", "RIVERSIDE HOSP")), None)],
        [(pick(rng, ("CR CHEST PA", "DX CHEST AP PORTABLE", "CR CHEST LAT")), None)],
        [
            (date(rng, born=False, style=pick(rng, (2, 8, 3))), "date"),
            (f" {int(rng.integers(0, 24)):02d}:{int(rng.integers(0, 60)):02d}:{int(rng.integers(0, 60)):02d}", None),
        ],
    ]
    for k, parts in enumerate(tl):
        c.text(s, s * 1.8 + k * s * 1.45, parts, font, s, fg)
    for k, parts in enumerate(tr):
        c.text(W - s, s * 1.8 + k * s * 1.45, parts, font, s, fg, anchor_right=True)
    c.text(
        s, H - s * 2.2, [(f"kVp {int(rng.integers(80, 125))}  mAs {rng.uniform(1, 5):.1f}", None)], font, s * 0.9, fg
    )
    c.text(
        W - s,
        H - s * 2.2,
        [(f"W {int(rng.integers(2000, 4096))} L {int(rng.integers(1000, 2048))}", None)],
        font,
        s * 0.9,
        fg,
        anchor_right=True,
    )
    c.text(W * 0.12, H * 0.3, [(pick(rng, ("L", "R")), None)], pick_font(rng, "bold"), s * 3, fg)
    return Doc(c, "xray", "xray", "redact", False, "film")


def intake_form(rng: np.random.Generator) -> Doc:
    """A dense registration form: boxed fields with small labels, filled by hand or typed, a check-box grid,
    signature and date."""
    lab_f = pick_font(rng, pick(rng, ("sans", "condensed")))
    typed = rng.random() < 0.4
    val_f = pick_font(rng, "mono" if typed else "hand")
    s = 22.0
    W, H = 1700, 2200
    c = Canvas(W, H, (255, 255, 255))
    p = Person.make(rng)
    ink = (20, 20, 24) if typed else pick(rng, ((25, 35, 120), (20, 20, 24)))
    c.text(80, 120, [("NEW PATIENT REGISTRATION", None)], pick_font(rng, "bold"), s * 1.8, INK)
    c.text(W - 80, 120, [("Form R-12  rev 2024", None)], lab_f, s * 0.8, INK, anchor_right=True)
    rows = [
        [
            ("Last name", [(p.last, "name")], 0.35),
            ("First name", [(p.first, "name")], 0.35),
            ("MI", [("", None)], 0.1),
            ("Sex", [(p.sex, None)], 0.2),
        ],
        [
            ("Date of birth", [(p.dob, "date")], 0.3),
            ("SSN", [(f"{digits(rng, 3)}-{digits(rng, 2)}-{digits(rng, 4)}", "ssn")], 0.35),
            ("Marital status", [(pick(rng, ("Single", "Married", "Widowed")), None)], 0.35),
        ],
        [
            ("Street address", [(p.street, "address"), (" ", None), ("Apt " + digits(rng, 2), "address")], 0.6),
            ("City", [(p.city, "address")], 0.4),
        ],
        [
            ("State", [(p.state, None)], 0.15),
            ("ZIP", [(p.zip, "address")], 0.2),
            ("Home phone", [(p.phone, "phone")], 0.3),
            ("Cell phone", [(phone(rng), "phone")], 0.35),
        ],
        [
            ("Email", [(p.email, "email")], 0.55),
            ("Employer", [(pick(rng, ("Kingsford Schools", "self", "retired")), None)], 0.45),
        ],
        [
            ("Emergency contact", [(Person.make(rng).first, "name"), (" ", None), (p.last, "name")], 0.4),
            ("Relationship", [(pick(rng, ("spouse", "daughter", "son", "friend")), None)], 0.25),
            ("Phone", [(phone(rng), "phone")], 0.35),
        ],
        [
            ("Insurance carrier", [(pick(rng, ("Northwind Health", "BlueHarbor PPO", "Medicare")), None)], 0.35),
            ("Member / policy ID", [(p.member, "health_plan")], 0.35),
            ("Group #", [(p.group, "health_plan")], 0.3),
        ],
        [
            ("Subscriber name", [(p.first, "name"), (" ", None), (p.last, "name")], 0.5),
            ("Subscriber DOB", [(p.dob, "date")], 0.25),
            ("Driver license #", [(letters(rng, 1) + digits(rng, 7), "license")], 0.25),
        ],
    ]
    y = 170
    bh = s * 3.5
    for row in rows:
        x = 80
        for lab, val, frac in row:
            w = frac * (W - 160)
            c.rect((x, y, x + w, y + bh), outline=(60, 60, 70), width=2)
            c.text(x + 8, y + s * 0.9, [(lab, None)], lab_f, s * 0.7, (60, 60, 70))
            if val[0][0]:
                c.text(
                    x + 14 + rng.uniform(0, 20),
                    y + bh - s * 0.85 + rng.uniform(-3, 3),
                    val,
                    val_f,
                    s * (1.0 if typed else 1.15),
                    ink,
                )
            x += w
        y += bh
    y += s * 2
    c.text(80, y, [("MEDICAL HISTORY (check all that apply)", None)], pick_font(rng, "bold"), s, INK)
    y += s * 1.8
    conds = (
        "Diabetes",
        "Asthma",
        "High blood pressure",
        "Heart disease",
        "Stroke",
        "Cancer",
        "Kidney disease",
        "Thyroid",
        "Depression",
        "Seizures",
        "Arthritis",
        "Hepatitis",
        "HIV",
        "Tuberculosis",
        "Glaucoma",
    )
    for k, cond in enumerate(conds):
        x = 80 + (k % 3) * (W - 160) / 3
        yy = y + (k // 3) * s * 1.8
        c.rect((x, yy - s * 0.8, x + s * 0.8, yy), outline=INK, width=2)
        if rng.random() < 0.25:
            c.text(x + 2, yy, [("X", None)], val_f, s * 0.9, ink)
        c.text(x + s * 1.3, yy, [(cond, None)], lab_f, s * 0.9, INK)
    y += (len(conds) // 3 + 1) * s * 1.8 + s * 2
    c.text(
        80,
        y,
        [("I authorize release of information to my insurer and assign benefits to the practice.", None)],
        lab_f,
        s * 0.85,
        INK,
    )
    y += s * 3
    c.hline(80, 900, y + 6, INK, 2)
    c.text(100, y, [(p.first[0] + ". " + p.last, "biometric")], pick_font(rng, "hand"), s * 1.6, ink)
    c.text(80, y + s * 2.3, [("Signature", None)], lab_f, s * 0.7, INK)
    c.hline(1000, 1500, y + 6, INK, 2)
    c.text(1010, y, [(date(rng, born=False, style=6), "date")], val_f, s * 1.1, ink)
    c.text(1000, y + s * 2.3, [("Date", None)], lab_f, s * 0.7, INK)
    c.crop_bottom(s * 6)
    return Doc(c, "intake_form", "form", "reject", False, "page")


# ------------------------------------------------------------------------------------------ PHI-free

ORG_CONTACT = 0.6  # share of PHI-free layouts that print their organisation's own address or phone

DISHES = (
    "Caesar Salad",
    "Eggs Benedict",
    "Chicken Parmigiana",
    "Beef Wellington",
    "Shepherd's Pie",
    "Fettuccine Alfredo",
    "Pizza Margherita",
    "Peach Melba",
    "Waldorf Salad",
    "Reuben Sandwich",
    "Cobb Salad",
    "Arnold Palmer",
    "Shirley Temple",
    "Bloody Mary",
    "Tom Collins",
    "Sloppy Joe",
    "Oysters Rockefeller",
    "Lobster Newberg",
    "Bananas Foster",
    "Earl Grey Tea",
    "Nachos Grande",
    "Chicken Marsala",
    "Lamb Kofta",
    "Pad Thai",
    "Steak Diane",
)


def menu(rng: np.random.Generator) -> Doc:
    """A restaurant menu in two columns: dish names that look like people's names, prices, the restaurant's
    own address and phone."""
    s = float(rng.uniform(24, 30))
    body, head = pick_font(rng, pick(rng, ("serif", "sans"))), pick_font(rng, pick(rng, ("serif_bold", "bold")))
    W, H = 1700, 2200
    c = Canvas(W, H, _tone(rng, 236, 252))
    name = pick(rng, ("The Copper Kettle", "Bistro Alder", "Harbor House Grill", "Juniper Table"))
    c.text(W / 2 - c.width_of(name, head, s * 2.4) / 2, 170, [(name, None)], head, s * 2.4, INK)
    dishes = list(DISHES)
    rng.shuffle(dishes)
    k = 0
    for col in range(2):
        x, y = 120 + col * (W - 200) / 2, 300
        for sec in ("Starters", "Mains") if col == 0 else ("Sides & Sweets", "Drinks"):
            c.text(x, y, [(sec, None)], head, s * 1.4, NAVY)
            y += s * 2.2
            for _ in range(int(rng.integers(4, 6))):
                d = dishes[k % len(dishes)]
                k += 1
                c.text(x, y, [(d, None)], head, s, INK)
                c.text(
                    x + (W - 200) / 2 - 80, y, [(f"{rng.uniform(4, 38):.2f}", None)], body, s, INK, anchor_right=True
                )
                y += s * 1.3
                c.text(
                    x + 10,
                    y,
                    [
                        (
                            pick(
                                rng,
                                (
                                    "house dressing, parmesan",
                                    "hollandaise, english muffin",
                                    "seasonal greens",
                                    "with fries or salad",
                                    "served warm",
                                ),
                            ),
                            None,
                        )
                    ],
                    body,
                    s * 0.8,
                    (80, 80, 80),
                )
                y += s * 1.8
            y += s
    street, city = _org_address(rng)
    if rng.random() < ORG_CONTACT:
        c.text(
            120,
            H - 120,
            [
                (street + ", " + city, None, {"not_phi": "restaurant address"}),
                ("   ", None),
                (phone(rng, fiction=False), None, {"not_phi": "restaurant phone"}),
            ],
            body,
            s * 0.85,
            INK,
        )
    return Doc(c, "menu", "other", "accept", False, "page")


DICT_ENTRIES = (
    ("Benedict", "n.", "a male given name; from Latin benedictus, 'blessed'."),
    ("benefactor", "n.", "a person who gives money or other help to a cause."),
    ("Benito", "n.", "a male given name, a Spanish and Italian form of Benedict."),
    ("Benjamin", "n.", "a male given name; in the Bible, the youngest son of Jacob."),
    ("Bennett", "n.", "a surname and given name, from Benedict."),
    ("bent", "adj.", "sharply curved or having an angle."),
    ("Bentley", "n.", "an English surname from a place name meaning 'clearing with bent grass'."),
    ("benzene", "n.", "a colourless volatile liquid hydrocarbon present in coal tar."),
    ("bequeath", "v.", "leave (property) to a person by a will."),
    ("Bernard", "n.", "a male given name meaning 'brave as a bear'."),
    ("Bernice", "n.", "a female given name, from Greek Berenike, 'bringer of victory'."),
    ("berry", "n.", "a small roundish juicy fruit without a stone."),
    ("Bertha", "n.", "a female given name, from Old High German beraht, 'bright'."),
    ("beryl", "n.", "a transparent pale green, blue or yellow mineral."),
    ("beseech", "v.", "ask someone urgently and fervently to do something."),
)


def dictionary_page(rng: np.random.Generator) -> Doc:
    """A dictionary page in two columns whose headwords include given names and surnames."""
    s = float(rng.uniform(20, 25))
    body, bold = pick_font(rng, "serif"), pick_font(rng, pick(rng, ("serif_bold", "bold")))
    W, H = 1500, 2100
    c = Canvas(W, H, _tone(rng, 238, 252))
    page = int(rng.integers(120, 900))
    c.text(100, 100, [("benediction — beseech", None)], bold, s, INK)
    c.text(W - 100, 100, [(str(page), None)], body, s, INK, anchor_right=True)
    c.hline(90, W - 90, 125, INK, 2)
    entries = list(DICT_ENTRIES)
    colw = (W - 260) / 2
    k = 0
    for col in range(2):
        x, y = 100 + col * (colw + 60), 200
        while y < H - 150:
            word, pos, gloss = entries[k % len(entries)]
            k += 1
            c.text(x, y, [(word, None), (f"  {pos}", None)], bold, s * 1.05, INK)
            y += s * 1.4
            words, line = gloss.split(), ""
            for w in words:
                if c.width_of(line + " " + w, body, s) > colw - 20:
                    c.text(x + 20, y, [(line.strip(), None)], body, s, INK)
                    y += s * 1.3
                    line = ""
                line += " " + w
            c.text(x + 20, y, [(line.strip(), None)], body, s, INK)
            y += s * 1.9
    return Doc(c, "dictionary_page", "other", "accept", False, "page")


def signage(rng: np.random.Generator) -> Doc:
    """Wayfinding signs: departments, arrows, a building address."""
    dark = rng.random() < 0.6
    bg = pick(rng, ((20, 60, 120), (30, 90, 60), (60, 60, 66))) if dark else (245, 245, 238)
    fg = (255, 255, 255) if dark else (20, 20, 20)
    bold = pick_font(rng, pick(rng, ("bold", "sans", "condensed")))
    s = 60.0
    W, H = 1800, 1100
    c = Canvas(W, H, bg, light_on_dark=dark)
    items = list(
        (
            "Radiology",
            "Cafeteria",
            "Emergency",
            "Outpatient Clinic B",
            "Pharmacy",
            "Elevators",
            "Main Lobby",
            "Laboratory",
            "Chapel",
            "Parking Garage",
            "Suite 210-240",
            "Restrooms",
        )
    )
    rng.shuffle(items)
    y = 150
    for t in items[: int(rng.integers(4, 7))]:
        arrow = pick(rng, ("←  ", "→  ", "↑  ", ""))
        c.text(80, y, [(arrow + t, None)], bold, s, fg)
        y += s * 1.6
    street, _ = _org_address(rng)
    if rng.random() < ORG_CONTACT:
        c.text(80, H - 60, [(street, None, {"not_phi": "building address"})], bold, s * 0.6, fg)
    return Doc(c, "signage", "signage", "accept", False, "board")


def product_label(rng: np.random.Generator) -> Doc:
    """An over-the-counter product box side: drug facts, lot and expiry, the maker's address and phone, a UPC."""
    s = 24.0
    sans, bold = pick_font(rng, pick(rng, ("sans", "condensed"))), pick_font(rng, "bold")
    W, H = 1150, 720
    c = Canvas(W, H, (255, 255, 255))
    c.text(
        30,
        70,
        [(pick(rng, ("Acetaminophen 500 mg", "Ibuprofen 200 mg", "Loratadine 10 mg", "Cetirizine 10 mg")), None)],
        bold,
        s * 1.8,
        NAVY,
    )
    c.text(
        30,
        120,
        [(pick(rng, ("Pain reliever / fever reducer", "Antihistamine", "100 caplets", "24 tablets")), None)],
        sans,
        s,
        INK,
    )
    c.rect((20, 150, W * 0.62, H - 30), outline=INK, width=3)
    y = 195
    for t in (
        "Drug Facts",
        "Uses: temporarily relieves minor aches",
        "Warnings: liver warning; allergy alert",
        "Directions: adults take 2 caplets every 6 hours",
        "Other information: store at 20-25 C",
        "Inactive ingredients: cellulose, starch",
    ):
        c.text(40, y, [(t, None)], bold if t == "Drug Facts" else sans, s * (1.2 if t == "Drug Facts" else 0.85), INK)
        y += s * 1.5
    x = W * 0.65
    street, city = _org_address(rng)
    c.text(x, 200, [("LOT " + digits(rng, 4) + letters(rng, 1), None)], sans, s * 0.9, INK)
    c.text(
        x, 240, [("EXP " + f"{int(rng.integers(1, 13)):02d}/{int(rng.integers(2026, 2030))}", None)], sans, s * 0.9, INK
    )
    c.text(x, 300, [("Distributed by", None)], sans, s * 0.75, INK)
    c.text(x, 330, [("Northwind Pharma Inc.", None)], sans, s * 0.75, INK)
    if rng.random() < ORG_CONTACT:
        c.text(x, 360, [(street, None, {"not_phi": "manufacturer address"})], sans, s * 0.75, INK)
        c.text(x, 390, [(city, None, {"not_phi": "manufacturer address"})], sans, s * 0.75, INK)
        c.text(
            x,
            430,
            [
                ("Questions? ", None),
                (
                    "1-800-" + str(int(rng.integers(200, 999))) + "-" + digits(rng, 4),
                    None,
                    {"not_phi": "manufacturer phone"},
                ),
            ],
            sans,
            s * 0.75,
            INK,
        )
    if rng.random() < 0.5:
        # number system 3: a drug's UPC carries its NDC (2 and 4 are in-store and loyalty-card ranges, which the
        # tool masks as possibly a person's: such a code would be no product's)
        upc = "3" + digits(rng, 10)
        upc += str((10 - (sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(upc)) % 10)) % 10)
        c.barcode(x, 480, upc, "UPCA", 2.5, height=120, category=None)
    return Doc(c, "product_label", "other", "accept", False, "card")


def receipt(rng: np.random.Generator) -> Doc:
    """A restaurant or shop receipt: the business's name, address and phone, menu items that read like names."""
    s = 26.0
    mono = pick_font(rng, pick(rng, ("mono", "condensed")))
    W, H = 720, 1500
    c = Canvas(W, H, _tone(rng, 240, 252))
    name = pick(rng, ("JUNIPER TABLE", "HARBOR HOUSE GRILL", "CORNER MARKET #12", "BISTRO ALDER"))
    street, city = _org_address(rng)
    y = 90
    contact = rng.random() < ORG_CONTACT
    for t, why in (
        (name, None),
        (street, "business address"),
        (city, "business address"),
        (phone(rng, fiction=False), "business phone"),
    )[: 4 if contact else 1]:
        c.text(W / 2 - c.width_of(t, mono, s) / 2, y, [(t, None, {"not_phi": why} if why else {})], mono, s, INK)
        y += s * 1.35
    y += s
    c.text(
        40,
        y,
        [
            (
                f"{int(rng.integers(2021, 2026))}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}"
                f" {int(rng.integers(10, 23))}:{int(rng.integers(0, 60)):02d}",
                None,
                {"not_phi": "transaction time"},
            ),
            (f"  TBL {int(rng.integers(1, 40))}", None),
        ],
        mono,
        s,
        INK,
    )
    y += s * 1.4
    # The server by their till number, not their name: the real set's truth calls any person's name an
    # item, cashiers included (`bench/realset/README.md`, the conventions), and the tool masks staff names
    # by default, so a slip naming its server is no clean photo (it was drawn as one until stop 48).
    c.text(40, y, [(f"Server: {int(rng.integers(1, 40))}  CHK {digits(rng, 4)}", None)], mono, s, INK)
    y += s * 2
    total = 0.0
    for d in rng.choice(len(DISHES), int(rng.integers(4, 9)), replace=False):
        price = float(rng.uniform(3, 32))
        total += price
        c.text(40, y, [(DISHES[int(d)][:20], None)], mono, s, INK)
        c.text(W - 40, y, [(f"{price:.2f}", None)], mono, s, INK, anchor_right=True)
        y += s * 1.35
    y += s
    for lab, v in (("SUBTOTAL", total), ("TAX", total * 0.08), ("TOTAL", total * 1.08)):
        c.text(40, y, [(lab, None)], mono, s, INK)
        c.text(W - 40, y, [(f"{v:.2f}", None)], mono, s, INK, anchor_right=True)
        y += s * 1.35
    y += s * 1.5
    c.text(W / 2 - c.width_of("THANK YOU!", mono, s) / 2, y, [("THANK YOU!", None)], mono, s, INK)
    return Doc(c, "receipt", "receipt", "accept", False, "card")


LAYOUTS: dict[str, Callable[[np.random.Generator], Doc]] = {
    "whiteboard_table": whiteboard_table,
    "pill_bottle": pill_bottle,
    "pharmacy_bag": pharmacy_bag,
    "lab_report": lab_report,
    "lab_report_intl": lab_report_intl,
    "passport": passport,
    "id_card": id_card,
    "insurance_card": insurance_card,
    "envelope": envelope,
    "letter": letter,
    "resume_header": resume_header,
    "ehr_screen": ehr_screen,
    "xray": xray,
    "intake_form": intake_form,
    "menu": menu,
    "dictionary_page": dictionary_page,
    "signage": signage,
    "product_label": product_label,
    "ui_settings": ui_settings,
    "receipt": receipt,
}
PHI_FREE = ("menu", "dictionary_page", "signage", "product_label", "ui_settings", "receipt")
