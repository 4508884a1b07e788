"""An organisation's own contact details: the clinic's letterhead, the pharmacy's address on its label,
the lab's phone in a report's header, a shop's address on a receipt, a return address.

They are not PHI, and masking them is the false alarm staff notice first (the issue's "a hospital's
or insurer's own phone and address masked"). The rule is geometric, not a list of organisations: a
line that names an organisation (a word such as Clinic, Hospital, Pharmacy, Labs, Inc) carries its
contact lines with it, the address, phone, fax, email and web lines stacked on or beside it, as
long as the chain does not pass next to a person's details. A patient's address under the patient's
name belongs to the patient: a line touching a line about a person (a name, a date of birth, an
MRN) is never the organisation's.

A shop's receipt is the other anchor: a till slip (its totals, tax and payment words, a column of
prices) that names no customer carries the shop's address, phone and web address wherever the
photo's angle puts them, and the shop's name is often a logo or a brand word no rule calls an
organisation (`REWE`, `Contoso`). Its contact lines stay visible unless they touch a line about a
person (the cashier's name, a date). A page that names a customer, a patient or an account (an
invoice, a pharmacy slip, a delivery ticket) is not an anonymous receipt, so its contacts are judged
as everywhere else.

A letter's or an envelope's recipient block is the exception to the chain: a person's name heads a
stack of short lines (`Mr. M. Leaf` / his title / `Old Sticky Pancake Company` / `456 Maple Lane` /
`Forest, ON`), and the address in it is where that person is reached, whichever company it names
(`recipient_blocks`).
"""

from __future__ import annotations

import math
import re

from .language import foreign_price_list
from .layout import ANGLE_TOLERANCE, Frame, axes, frame
from .model import Identifier, TextLine
from .recognizers.base import letters_of, normalize
from .recognizers.gazetteer import is_first_name
from .spans import Span

# Words that make a line the name of an organisation, not of a person.
ORG_WORD = re.compile(
    r"(?i)\b(?:clinics?|hospitals?|health(?:care)?|medical|medicine|cent(?:er|re)|cardiology|oncology|radiology"
    r"|dermatology|pediatrics?|paediatrics?|orthop(?:a)?edics?|neurology|urology|dental|dentistry|surgery|surgical"
    r"|imaging|diagnostics?|pharmacy|pharmacies|apothecary|drugs?|chemists?|labs?|laborator(?:y|ies)|svcs"
    r"|services|billing|practice|physicians|associates|partners|group|insurance|assurance|mutual|university"
    r"|college|institute|foundation|department|dept|inc|llc|ltd|limited|corp(?:oration)?|company|co|gmbh"
    r"|restaurant|cafe|caf\u00e9|bistro|diner|grill|kitchen|bakery|market|mart|store|shop|hotel|bank"
    r"|boutique|magasin|tienda|negozio|loja)\b\.?"
)
# Labels that say a line is about a person, whatever else it names.
PERSON_LABEL = re.compile(
    r"(?i)\b(?:patient|pt|name|d\.?o\.?b|born|birth|mrn|member|subscriber|insured|resident|recipient|attn|ship\s+to"
    r"|bill\s+to|dear)\b"
)
CONTACT = frozenset({Identifier.GEOGRAPHIC, Identifier.PHONE, Identifier.FAX, Identifier.EMAIL, Identifier.URL})
GROW = 1.5  # text heights a line's box is grown by before two lines count as stacked or beside
HOPS = 3  # contact lines an organisation's name carries: street, city, phone


# A till slip's own words: two different ones, with prices, make a receipt.
RECEIPT_WORD = re.compile(
    r"(?i)(?<![a-z])(?:sub-?\s?total|total|summe|gesamt(?:betrag)?|zwischensumme|tax|mwst|ust|vat|tva|iva|cash"
    r"|change|r(?:\u00fc|u|ue)ckgeld|bar|visa|mastercard|amex|ec-?karte|girocard|tip|gratuity|kasse|bon-?nr"
    r"|receipt|quittung|beleg|qty|items?)(?![a-z])"
)
# Words that say the page is about a customer or patient: an invoice or a slip made out to someone.
MADE_OUT = re.compile(
    r"(?i)\b(?:invoice|rechnung|bill(?:ed)?\s+to|ship(?:ped)?\s+to|sold\s+to|deliver(?:y|ed)?\s+to|customer|kunde"
    r"|client|patient|pt|member|account|acct|rx|prescription|order\s+for|guest|name)\b"
)
_PRICE = re.compile(
    r"(?:^|\s)[$\u20ac\u00a3]?-?(?:\d{1,3}(?:[.,]\d{3})+|\d{1,5})[.,]\d{2}(?:\s*[A-Z$\u20ac\u00a3-])?\s*$")
RECEIPT_PRICES = 3


def anonymous_receipt(lines: list[TextLine]) -> bool:
    """A shop's till slip made out to nobody: two receipt words, three prices, no customer word; or a price board
    in a script we cannot read (`language.foreign_price_list`)."""
    if foreign_price_list(lines):
        return True
    texts = [normalize(ln.text) for ln in lines]
    words = {m.group(0).lower() for t in texts for m in RECEIPT_WORD.finditer(t)}
    prices = sum(1 for t in texts if _PRICE.search(t))
    return len(words) >= 2 and prices >= RECEIPT_PRICES and not any(MADE_OUT.search(t) for t in texts)


# A company's paper: its invoice, quote or purchase order, made out by one company to another.
_TRADE_PAPER = re.compile(r"(?i)\b(?:invoice|rechnung|facture|quot(?:e|ation)|estimate|purchase\s*order|p\.?o\.?\s*#)")
# A legal suffix only a company carries (not `Clinic`, `Pharmacy`: a patient's bill names those too).
LEGAL_SUFFIX = re.compile(r"(?i)\b(?:inc|llc|l\.l\.c|ltd|corp|gmbh|plc|llp|s\.a\.r\.l|b\.v)\b\.?")
# Labels that put a person on a page, even one a company made out (`Patient`, `Member ID`, `DOB`).
_PERSON_ON_PAPER = re.compile(r"(?i)\b(?:patient|pt\b|member|subscriber|insured|guarantor|d\.?o\.?b|date\s*of\s*birth"
                              r"|mrn|resident|dear)\b")


# What an invoice's own numbers and dates are found as: its number (an account to the recognizers), an order
# or reference number, its invoice and due dates.
TRADE_SIGNS = frozenset({"ACCOUNT", "OTHER_ID", "VISIT_DATE", "DATE_UNLABELLED"})


def trade_paper(lines: list[TextLine], named: bool) -> bool:
    """An invoice or a purchase order between companies: one of its lines carries a company's legal suffix
    (`ABC Inc`), and nobody is named or labelled (`named`: a name was found on the photo). Its invoice number
    and dates are the companies' business, no sign of a person. A patient's bill names the patient."""
    if named:
        return False
    texts = [normalize(ln.text) for ln in lines]
    return (any(_TRADE_PAPER.search(t) for t in texts) and any(LEGAL_SUFFIX.search(t) for t in texts)
            and not any(_PERSON_ON_PAPER.search(t) for t in texts))


_SMALL = frozenset({"of", "and", "the", "at", "for", "&", "de", "du", "la", "st.", "on", "in"})


def org_name(text: str) -> bool:
    """`Northgate Cardiology`, `CORNER MARKET #12`, `Main St Apothecary`: two to eight capitalised words,
    one of them an organisation word. Not a form's label (`Insurance carrier`, `Group #`, `Clinic:`)."""
    t = normalize(text).strip()
    words = t.split()
    if not 2 <= len(words) <= 8 or re.search(r"[:#]\s*$", t) or not ORG_WORD.search(t):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL or w.startswith("#") for w in words)


# `NATIONAL UNIFORM CLAIM COMMITTEE (NUCC)`, `World Health Organization (WHO)`: a page that spells a body's name
# out and gives its acronym in brackets has said what the acronym is. Elsewhere on the page (`Designated by NUCC`,
# `RESERVED FOR NUCC USE`) the same capitals name that body, not a person.
_DEFINED = re.compile(r"(?P<long>(?:[A-Za-z][\w'&\-]*[ \t]+){1,9}?)\((?P<acr>[A-Z][A-Za-z]{1,7})\)")


def defined_acronyms(lines: list[TextLine]) -> frozenset[str]:
    """The acronyms the page defines: three or more bracketed capitals whose letters open the words before them,
    in order (small words such as `of` and `and` may be skipped, as acronyms skip them). A person's initials after
    their name (`Jane A. Smith (JAS)`) define no body: the spelled-out words may not open with a given name."""
    found = set()
    for ln in lines:
        for m in _DEFINED.finditer(normalize(ln.text)):
            acr = m.group("acr")
            if sum(ch.isupper() for ch in acr) < 3:
                continue
            words = m.group("long").split()
            for k in range(len(words)):  # the acronym's words end right before the bracket
                initials = "".join(w[0] for w in words[k:] if w.lower() not in _SMALL or w[0].isupper())
                if initials.upper() == acr.upper() and not is_first_name(letters_of(words[k]).upper()):
                    found.add(acr.upper())
                    break
    return frozenset(found)


def _touch(a: Frame, b: Frame) -> bool:
    g = GROW * min(a.h, b.h)
    return a.x0 - g < b.x1 and b.x0 - g < a.x1 and a.y0 - g < b.y1 and b.y0 - g < a.y1


_SAME_WAY = math.cos(math.radians(ANGLE_TOLERANCE))


class _Near:
    """Which lines touch, measured in the lines' own reading frame when they run the same way: on a
    label photographed at 30 degrees every upright box overlaps its neighbours', so the pharmacy's
    phone would touch the patient's name two rows down and stay masked as theirs."""

    def __init__(self, lines: list[TextLine]) -> None:
        self.frames = [frame(ln) for ln in lines]
        self.axes = [axes(ln) for ln in lines]

    def __call__(self, i: int, j: int) -> bool:
        if i == j or not _touch(self.frames[i], self.frames[j]):
            return False
        a, b = self.axes[i], self.axes[j]
        if a is None or b is None or not a.runs_with(b, _SAME_WAY):
            return True  # upright boxes touch: no better measure
        g = GROW * min(self.frames[i].h, self.frames[j].h)
        for proj in (a.along_of, a.down_of):
            u, v = proj(a.points), proj(b.points)
            if not (u.min() - g < v.max() and v.min() - g < u.max()):
                return False
        return True


def _about_person(text: str, spans: list[Span]) -> bool:
    return bool(PERSON_LABEL.search(normalize(text))) or any(
        s.identifier not in CONTACT and s.entity != "CONTEXT_ID" for s in spans)


def _staff_only(text: str, spans: list[Span]) -> bool:
    """`Server: Dev`: the only person on the line is the one serving."""
    return not PERSON_LABEL.search(normalize(text)) and all(
        s.entity == "STAFF_NAME" or s.identifier in CONTACT for s in spans)


def _contact_line(spans: list[Span]) -> bool:
    """Only contact details (an address's numbers read as IDs count when an address or phone is there)."""
    return any(s.identifier in CONTACT for s in spans) and all(
        s.identifier in CONTACT or s.entity == "CONTEXT_ID" for s in spans)


_BLOCK_LINES = 5  # a recipient block's lines under the name: title, company, department, street, town
_BLOCK_WORDS = 6  # a longer line is running text, not a line of an address block


def _next_below(frames: list[Frame], i: int) -> int | None:
    """The line right under line `i`, starting where it starts or ending where it ends (one line of a left- or
    right-aligned block: an invoice's `BILL TO` block sits flush right)."""
    f = frames[i]
    h = max(f.h, 1.0)
    below = [j for j, g in enumerate(frames) if j != i and (abs(g.x0 - f.x0) <= 1.5 * h or abs(g.x1 - f.x1) <= 1.5 * h)
             and g.y0 > f.y0 + 0.5 * h and -0.5 * h <= g.y0 - f.y1 <= 1.0 * h and abs(g.h - f.h) <= 0.6 * h]
    return min(below, key=lambda j: frames[j].y0) if below else None


def _addressed(spans: list[Span]) -> bool:
    return any(s.identifier == Identifier.GEOGRAPHIC for s in spans)


def recipient_blocks(lines: list[TextLine], spans: dict[int, list[Span]]) -> set[int]:
    """Lines of a block headed by a person's name (not a staff member's) that holds an address within its
    first few short, aligned lines: the name's own lines down to the last address line."""
    heads = [i for i, ss in spans.items()
             if any(s.identifier == Identifier.NAMES and s.entity != "STAFF_NAME" for s in ss)]
    if not heads:
        return set()
    frames = [frame(ln) for ln in lines]
    out: set[int] = set()
    for i in heads:
        block, j = [i], i
        for _ in range(_BLOCK_LINES):
            j = _next_below(frames, j)
            if j is None or j in block or (len(lines[j].text.split()) > _BLOCK_WORDS
                                           and not _addressed(spans.get(j, []))):
                break  # (a one-line address, `321 Commerce St, New York, NY 10001`, is long and still the block's)
            block.append(j)
        addressed = [k for k, j in enumerate(block) if _addressed(spans.get(j, []))]
        if addressed and addressed[-1] > 0:
            out.update(block[: addressed[-1] + 1])
    return out


def own_contact_lines(lines: list[TextLine], spans: dict[int, list[Span]], receipt: bool | None = None) -> set[int]:
    """Indices of lines that are an organisation's name or its contact details (see the module);
    `receipt`: whether the lines are an anonymous receipt, when the caller has already asked."""
    person = {i for i, ln in enumerate(lines) if _about_person(ln.text, spans.get(i, []))}
    orgs = {i for i, ln in enumerate(lines) if i not in person and org_name(ln.text)}
    receipt = anonymous_receipt(lines) if receipt is None else receipt
    if not orgs and not receipt:
        return orgs  # most photos: no organisation named, no geometry to work out
    # a recipient block's company is the person's (the blocks only take lines out of `orgs`, so they are
    # worked out only when there is an organisation to take them from)
    person |= recipient_blocks(lines, spans)
    orgs -= person
    near = _Near(lines)
    near_person = {i for i in range(len(lines)) if any(near(i, j) for j in person)}
    if receipt:  # the shop's contacts, wherever they sit: the slip has no one else's
        # and the cashier or server named on it works there: their name stays masked, the shop's
        # address beside it is still the shop's
        customer = {i for i in person if not _staff_only(lines[i].text, spans.get(i, []))}
        beside = {i for i in range(len(lines)) if any(near(i, j) for j in customer)}
        orgs |= {i for i in range(len(lines)) if i not in customer and i not in beside
                 and _contact_line(spans.get(i, []))}
    own = set(orgs)
    frontier = set(orgs)
    for _ in range(HOPS):
        nxt = {j for j in range(len(lines)) if j not in own and j not in person and j not in near_person
               and _contact_line(spans.get(j, [])) and any(near(i, j) for i in frontier)}
        if not nxt:
            break
        own |= nxt
        frontier = nxt
    return own


def drop_own_contacts(lines: list[TextLine], spans: dict[int, list[Span]]) -> dict[int, list[Span]]:
    """`spans` without the contact findings on an organisation's own lines, and without an anonymous
    receipt's unlabelled date and time: a purchase made out to nobody dates no one (a date with a
    label, `DOB`, `Visit`, is kept wherever it is)."""
    receipt = anonymous_receipt(lines)
    if receipt:
        spans = {i: [s for s in ss if s.entity != "DATE_UNLABELLED"] for i, ss in spans.items()}
    own = own_contact_lines(lines, spans, receipt)
    return {i: [s for s in ss if i not in own or not (s.identifier in CONTACT or s.entity == "CONTEXT_ID")]
            for i, ss in spans.items()}
