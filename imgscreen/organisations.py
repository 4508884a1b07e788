"""An organisation's own contact details: the clinic's letterhead, the pharmacy's address on its label,
the lab's phone in a report's header, a shop's address on a receipt, a return address.

They are not PHI, and masking them is the false alarm staff notice first (the issue's "a hospital's
or insurer's own phone and address masked"). The rule is geometric, not a list of organisations: a
line that names an organisation (a word such as Clinic, Hospital, Pharmacy, Labs, Inc) carries its
contact lines with it, the address, phone, fax, email and web lines stacked on or beside it, as
long as the chain does not pass next to a person's details. A patient's address under the patient's
name belongs to the patient: a line touching a line about a person (a name, a date of birth, an
MRN) is never the organisation's.
"""

from __future__ import annotations

import re

from .layout import Frame, frame
from .model import Identifier, TextLine
from .recognizers.base import normalize
from .spans import Span

# Words that make a line the name of an organisation, not of a person.
ORG_WORD = re.compile(
    r"(?i)\b(?:clinics?|hospitals?|health(?:care)?|medical|medicine|cent(?:er|re)|cardiology|oncology|radiology"
    r"|dermatology|pediatrics?|paediatrics?|orthop(?:a)?edics?|neurology|urology|dental|dentistry|surgery|surgical"
    r"|imaging|diagnostics?|pharmacy|pharmacies|apothecary|drugs?|chemists?|labs?|laborator(?:y|ies)|svcs"
    r"|services|billing|practice|physicians|associates|partners|group|insurance|assurance|mutual|university"
    r"|college|institute|foundation|department|dept|inc|llc|ltd|limited|corp(?:oration)?|company|co|gmbh"
    r"|restaurant|cafe|caf\u00e9|bistro|diner|grill|kitchen|bakery|market|mart|store|shop|hotel|bank)\b\.?"
)
# Labels that say a line is about a person, whatever else it names.
PERSON_LABEL = re.compile(
    r"(?i)\b(?:patient|pt|name|d\.?o\.?b|born|birth|mrn|member|subscriber|insured|resident|recipient|attn|ship\s+to"
    r"|bill\s+to|dear)\b"
)
CONTACT = frozenset({Identifier.GEOGRAPHIC, Identifier.PHONE, Identifier.FAX, Identifier.EMAIL, Identifier.URL})
GROW = 1.5  # text heights a line's box is grown by before two lines count as stacked or beside
HOPS = 3  # contact lines an organisation's name carries: street, city, phone


_SMALL = frozenset({"of", "and", "the", "at", "for", "&", "de", "du", "la", "st.", "on", "in"})


def org_name(text: str) -> bool:
    """`Northgate Cardiology`, `CORNER MARKET #12`, `Main St Apothecary`: two to eight capitalised words,
    one of them an organisation word. Not a form's label (`Insurance carrier`, `Group #`, `Clinic:`)."""
    t = normalize(text).strip()
    words = t.split()
    if not 2 <= len(words) <= 8 or re.search(r"[:#]\s*$", t) or not ORG_WORD.search(t):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL or w.startswith("#") for w in words)


def _touch(a: Frame, b: Frame) -> bool:
    g = GROW * min(a.h, b.h)
    return a.x0 - g < b.x1 and b.x0 - g < a.x1 and a.y0 - g < b.y1 and b.y0 - g < a.y1


def _about_person(text: str, spans: list[Span]) -> bool:
    return bool(PERSON_LABEL.search(normalize(text))) or any(
        s.identifier not in CONTACT and s.entity != "CONTEXT_ID" for s in spans)


def _contact_line(spans: list[Span]) -> bool:
    """Only contact details (an address's numbers read as IDs count when an address or phone is there)."""
    return any(s.identifier in CONTACT for s in spans) and all(
        s.identifier in CONTACT or s.entity == "CONTEXT_ID" for s in spans)


def own_contact_lines(lines: list[TextLine], spans: dict[int, list[Span]]) -> set[int]:
    """Indices of lines that are an organisation's name or its contact details (see the module)."""
    person = {i for i, ln in enumerate(lines) if _about_person(ln.text, spans.get(i, []))}
    orgs = {i for i, ln in enumerate(lines) if i not in person and org_name(ln.text)}
    if not orgs:
        return orgs  # most photos: no organisation named, no geometry to work out
    frames = [frame(ln) for ln in lines]
    near_person = {i for i in range(len(lines)) if any(
        j != i and _touch(frames[i], frames[j]) for j in person)}
    own = set(orgs)
    frontier = set(orgs)
    for _ in range(HOPS):
        nxt = {j for j in range(len(lines)) if j not in own and j not in person and j not in near_person
               and _contact_line(spans.get(j, [])) and any(_touch(frames[i], frames[j]) for i in frontier)}
        if not nxt:
            break
        own |= nxt
        frontier = nxt
    return own


def drop_own_contacts(lines: list[TextLine], spans: dict[int, list[Span]]) -> dict[int, list[Span]]:
    """`spans` without the contact findings on an organisation's own lines."""
    own = own_contact_lines(lines, spans)
    return {i: [s for s in ss if i not in own or not (s.identifier in CONTACT or s.entity == "CONTEXT_ID")]
            for i, ss in spans.items()}
