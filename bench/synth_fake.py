"""Made-up people, numbers and dates for `bench.synth_wide`, in the forms real documents print them.

Why not `bench.synth`'s lists: imgscreen was tuned on those. The names here are a different list (with
the surnames the real-photo misses showed: Miller, Meyer, Bryan), and numbers and dates come in the
written forms that were missed: letter-digit ids (`MARO56781234`), Rx/Tx numbers, `01 Aug 2018`,
`Aug 22, 1997`, `2019-5-4`, `11/08/26`. Every value is invented; phone numbers use the 555-01xx
fiction range where a person's, and addresses use made-up streets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FIRST_F = (
    "Stephanie",
    "Megan",
    "Olivia",
    "Beatriz",
    "Anneliese",
    "Chioma",
    "Mei",
    "Svetlana",
    "Noor",
    "Paula",
    "Rosa",
    "Harriet",
    "Imani",
    "Yasmin",
    "Colleen",
    "Dorothy",
    "Lakshmi",
    "Esperanza",
    "Kirsten",
    "Thu",
)
FIRST_M = (
    "Bryan",
    "Paul",
    "Gregory",
    "Tobias",
    "Emeka",
    "Jun",
    "Viktor",
    "Omar",
    "Raymond",
    "Dwight",
    "Mateo",
    "Anders",
    "Kwame",
    "Luis",
    "Harold",
    "Nikhil",
    "Desmond",
    "Frank",
    "Ibrahim",
    "Hiroshi",
)
LAST = (
    "Miller",
    "Meyer",
    "Bryan",
    "Paul",
    "Henderson",
    "Castellanos",
    "Whitfield",
    "Nakamura",
    "Adeyemi",
    "Kovacs",
    "Lindqvist",
    "Ferreira",
    "Okonkwo",
    "Brennan",
    "Sokolov",
    "Haddadi",
    "Yilmaz",
    "Pereira",
    "Gallagher",
    "Thornton",
    "Delacroix",
    "Mwangi",
    "Rasmussen",
    "Kaplan",
    "Ortega",
    "Blackwood",
    "Zhou",
    "Novak",
    "Achterberg",
    "Quintero",
    "Fairbanks",
    "Stroud",
)
STAFF = (
    "RN Kelly",
    "Tomas RN",
    "Dr. Huang",
    "Dr. Osei",
    "Marisol",
    "Jen B.",
    "Dr. Petrov",
    "Aaron",
    "Sam T.",
    "Dr. Lind",
)
STREETS = (
    "Larkspur Way",
    "Old Mill Rd",
    "Quarry Hill Dr",
    "Birchwood Terrace",
    "Canal St",
    "Juniper Ct",
    "Prospect Ave",
    "Sycamore Bend",
    "Foundry Ln",
    "Hawthorne Pl",
)
CITIES = (
    ("Millbrook", "NY"),
    ("Cedar Falls", "IA"),
    ("Port Alder", "WA"),
    ("Glenhaven", "PA"),
    ("Red Mesa", "AZ"),
    ("Bayview", "FL"),
    ("Kingsford", "MI"),
    ("Sutter Creek", "CA"),
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
CJK_NAMES = ("王丽", "张伟", "李娜", "刘洋", "陈静", "杨帆", "赵敏", "黄磊")
CYR_NAMES = ("Иванова Анна", "Петров Сергей", "Смирнова Ольга", "Кузнецов Дмитрий", "Волкова Мария")
ARABIC_NAMES = ("أحمد حسن", "فاطمة علي", "محمد سالم", "ليلى يوسف")


def pick(rng: np.random.Generator, seq):
    return seq[int(rng.integers(0, len(seq)))]


def digits(rng: np.random.Generator, n: int) -> str:
    return "".join(str(int(d)) for d in rng.integers(0, 10, n))


def letters(rng: np.random.Generator, n: int) -> str:
    return "".join(chr(65 + int(c)) for c in rng.integers(0, 26, n))


def date(rng: np.random.Generator, born: bool = True, style: int | None = None) -> str:
    """A date in one of the written forms documents use (not only the ones bench.synth prints)."""
    y = int(rng.integers(1931, 2021)) if born else int(rng.integers(2016, 2027))
    m, d = int(rng.integers(1, 13)), int(rng.integers(1, 29))
    style = int(rng.integers(0, 10)) if style is None else style
    return (
        f"{d:02d} {MONTHS[m - 1]} {y}",  # 01 Aug 2018
        f"{MONTHS[m - 1]} {d}, {y}",  # Aug 22, 1997
        f"{y}-{m}-{d}",  # 2019-5-4
        f"{m:02d}/{d:02d}/{y % 100:02d}",  # 11/08/26
        f"{d}.{m:02d}.{y}",
        f"{MONTHS_LONG[m - 1]} {d}, {y}",
        f"{m}/{d}/{y}",
        f"{d:02d}{MONTHS[m - 1].upper()}{y}",
        f"{y}/{m:02d}/{d:02d}",
        f"{d:02d}-{MONTHS[m - 1]}-{y % 100:02d}",
    )[style]


def phone(rng: np.random.Generator, fiction: bool = True) -> str:
    area = str(int(rng.integers(201, 990)))
    mid, last = ("555", "01" + digits(rng, 2)) if fiction else (str(int(rng.integers(200, 999))), digits(rng, 4))
    return pick(
        rng, (f"({area}) {mid}-{last}", f"{area}-{mid}-{last}", f"{area}.{mid}.{last}", f"+1 {area} {mid} {last}")
    )


@dataclass
class Person:
    first: str
    last: str
    sex: str
    dob: str
    street: str
    city: str
    state: str
    zip: str
    phone: str
    mrn: str
    member: str
    group: str
    rx: str
    account: str
    email: str

    @classmethod
    def make(cls, rng: np.random.Generator) -> Person:
        sex = pick(rng, ("F", "M"))
        first = pick(rng, FIRST_F if sex == "F" else FIRST_M)
        last = pick(rng, LAST)
        while last == first:
            last = pick(rng, LAST)
        city, state = pick(rng, CITIES)
        mrn = pick(
            rng,
            (
                digits(rng, 8),
                "MR" + digits(rng, 7),
                letters(rng, 1) + digits(rng, 9),
                digits(rng, 3) + "-" + digits(rng, 3) + "-" + digits(rng, 3),
                "E" + digits(rng, 7),
            ),
        )
        member = pick(
            rng,
            (
                letters(rng, 3) + "O" + digits(rng, 8),
                letters(rng, 3) + digits(rng, 9),
                "W" + digits(rng, 9),
                letters(rng, 2) + digits(rng, 7) + "-01",
            ),
        )
        return cls(
            first=first,
            last=last,
            sex=sex,
            dob=date(rng),
            street=f"{int(rng.integers(12, 9800))} {pick(rng, STREETS)}",
            city=city,
            state=state,
            zip=digits(rng, 5),
            phone=phone(rng),
            mrn=mrn,
            member=member,
            group=pick(rng, (digits(rng, 6), letters(rng, 1) + digits(rng, 5), digits(rng, 5) + "-" + letters(rng, 3))),
            rx=pick(rng, (digits(rng, 7) + "-" + digits(rng, 5), "Rx " + digits(rng, 7), digits(rng, 9))),
            account=digits(rng, int(rng.integers(8, 12))),
            email=f"{first[0].lower()}.{last.lower()}{int(rng.integers(1, 99))}@example.org",
        )

    def name_forms(self, rng: np.random.Generator) -> tuple[str, str, str] | tuple[str, str]:
        """(first shown, separator, second shown) in one of the ways names are written; the separator is not PHI."""
        style = int(rng.integers(0, 7))
        if style == 0:
            return (self.first, " ", self.last)
        if style == 1:
            return (self.last, ", ", self.first)
        if style == 2:
            return (self.last.upper(), " ", self.first.upper())  # burned-in X-ray style: MEYER STEPHANIE
        if style == 3:
            return (self.first[0] + ".", " ", self.last)  # J. Miller
        if style == 4:
            return (self.last, ", ", self.first[0] + ".")  # Miller, S.
        if style == 5:
            return (self.last.upper(), ", ", self.first.upper())
        return (self.first, " ", self.last.upper())


def name_parts(p: Person, rng: np.random.Generator) -> list[tuple]:
    a, sep, b = p.name_forms(rng)
    return [(a, "name"), (sep, None), (b, "name")]
