"""Person names (identifier 1) without an NER model: labels, layouts and a Census gazetteer.

Evidence, strongest first:
1. A label with a colon (`Patient: DOE, JOHN`, `Name: Jo Ann Smith`, `Emergency contact: ...`):
   the capitalised words after it are a name unless they are known non-name words. No gazetteer
   needed, so a name the Census never saw is still caught.
2. A staff title (`Dr. K. Patel`, `Your nurse today is Maria`, `Jane Smith, RN`, `RN: ...`):
   `STAFF_NAME`, masked by default (`policy.text.flag_staff_names`; a badge name next to a patient is
   a re-identification path) but droppable by policy. A title without a colon or a `Dr.`-like
   prefix (`Employee Break Room`, `Nurse Manager`) needs a gazetteer hit.
3. The wristband form `LAST, FIRST [M]`: with a gazetteer hit; or, at the start of a line (or after
   a room number), in capitals, or alone on its line, when every part is shaped like a name.
4. A room or bed number followed by a name (whiteboards: `412-B Smith, J`, `Room 2 - M. Kowalski`):
   the `Last, I` and `I. Last` forms need no gazetteer, other forms do.
5. `First [M.] Last` with both parts in the Census lists (0.75), or one known part and the other
   shaped like a name (a badge: known first name, or a surname among the 5,000 commonest; 0.6).
6. A greeting (`Happy Birthday Ximena!`, `Welcome home, Dmitri`) ending the line or sentence.
7. Two or three name-shaped words alone on a line, all Title case or all capitals (a badge, a door
   card), none of them a known non-name word or an ordinary English word (the system word list,
   `words.english_words`; without it this rule is off): 0.5.
A weak label without a colon (`Patient`, `Welcome`) needs a gazetteer hit, so `Patient Education`
and `Welcome Families` stay readable. Lower-case particles (`van der`, `de la`) join a name.

Borderline choices: building or award names made of a first name and a surname (`Jordan Hall`)
are flagged; lower-case names are not found (OCR of printed labels is rarely lower case); a badge
name with neither part in the Census lists (`Ngozi Babatunde`) and no label is found only when it
stands alone on its line (7. above), so `Ngozi Babatunde, Volunteer` inside a sentence is missed.
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from .base import letters_of, search_all
from .dates import DATE, MONTH, MONTH_NAMES
from .gazetteer import first_name_rank, is_census_first_name, is_first_name, is_surname, surname_rank
from .places import STATES, SUFFIX
from .words import NOT_A_NAME, TRADE_SURNAMES, camel_glued, english_words

# Bounded repeats throughout: a 2,000-character OCR "word" must not make matching quadratic.
TOK = r"(?:[A-Z]|0(?=[A-Za-z]))(?:[A-Za-z'\-]|[0158](?=[A-Za-z])){0,30}(?:[A-Za-z]|(?<=[A-Za-z]{2})[0158](?![\w]))"
# An initial; OCR reads `O.` and `I.` as `0.` and `1.` (`Room 23 - 0. Fitzgerald`).
INITIAL = r"(?:[A-Z]|[01](?=\.[ \t]*[A-Z]))\.?(?![A-Za-z])"
# Lower-case surname particles: `Maria van der Berg`, `Juan de la Cruz`.
PARTICLE = r"(?:van|von|der|den|de|del|della|da|di|du|la|le|dos|das|bin|ibn|al|el)"
# FIRST [M.] LAST or LAST, FIRST [M] -- up to four parts, on one line.
NAME_VALUE = (
    rf"(?P<v>(?:{TOK}|{INITIAL})"
    rf"(?:[ \t]*,?[ \t]+(?:{PARTICLE}[ \t]+){{0,2}}(?:{TOK}|{INITIAL})|[ \t]*,[ \t]*{TOK}){{0,3}})(?![A-Za-z0-9])"
)

PERSON_LABEL = (
    r"Patient'?s?(?:\s*(?:Full\s*)?Name)?|Pt\.?(?:\s*Name)?|(?:Full|Last|First|Legal|Preferred|Middle)\s*Name|Name"
    r"|Surname|Resident|Client|Mother|Father|Mom|Dad|Parents?|Guardian|Spouse|Wife|Husband|Son|Daughter"
    r"|Brother|Sister|Sibling|Emergency\s*Contact(?:\s*Name)?|Next\s*of\s*Kin|NOK|Caregiver|Visitor"
    r"|Responsible\s*Party|Insured(?:\s*Name)?|Subscriber(?:\s*Name)?|Member(?:\s*Name)?|Contact(?:\s*Name)?"
    r"|Alias|AKA|Goes\s*by|Attn|Attention|For|To|From|Signed|Signature|Recipient|Deceased|Decedent|Infant"
    r"|Newborn|Baby(?:\s*(?:Boy|Girl))?|Donor|Owner|Ordered\s*for|Prescribed\s*for|Person"
    # the people a letter, a paper, a form or a booking names
    r"|Correspondence|Corresponding\s*Author|Authors?|Contact\s*Person|Prepared\s*for|Attendees?|Participants?"
    r"|Witness|Applicant|(?:Co-?)?Borrower|Patron|Guest|Learner|Pupil|Trainee|Tenant|Landlord|Student|Candidate|Passenger|Traveller|Traveler|Customer"
    r"|Employee\s*Name|Beneficiary|Payee|Payer|Paid\s*by|Owers?|Debtors?|Creditors?|Cardholder|Account\s*Holder|Sender|Addressee|Consignee|Shipper"
    # who a task or a case is given to (`Assigned: jaq`, `Assignee: Mahad`)
    r"|Assigned(?:\s*to)?|Assignee|Reporter|Requester|Requested\s*by"
)
# How a screen or a card greets a person (an app's signed-in user: `Good morning, Khalid`).
GREETING = r"Welcome|Hi|Hello|Good\s*(?:morning|afternoon|evening|day)"
WEAK_LABEL = (rf"Patient|Pt|{GREETING}|Baby(?:\s*(?:Boy|Girl))?|Thank\s*you|Mr|Mrs|Ms|Miss|Mx"
              # a calendar's `Meeting with Joe`, `Call with Priya`: whom the time is spent with
              r"|(?:Meeting|Call|Appointment|Lunch|Dinner|Coffee|Session|Interview|Catch-?up|1:1)\s+with")
# Courtesy titles, as written before a surname in letters and forms (`Frau Mustermann`, `Mrs. Okafor`):
# capitalised, they stand before nothing but a person, census name or not.
TITLE = (r"Mr|Mrs|Ms|Mx|Herr|Frau|Monsieur|Madame|Mme|Mlle|Se\u00f1ora?|Senhora?|Sra|Srta|Signora?|Sig\.ra|Dhr"
         r"|Mevr(?:ouw)?")
# Greetings on cards and balloons: what follows is a person, but no colon says so.
OCCASION_LABEL = (
    r"Welcome\s*(?:home|back)|Happy\s*(?:Birthday|Retirement|Anniversary)|Congratulations|Congrats"
    r"|Get\s*well(?:\s*soon)?|In\s*(?:loving\s*)?memory\s*of|Beloved|Goodbye|Farewell|Dear|We\s*love\s*you"
    r"|Good\s*(?:morning|afternoon|evening)"  # a dashboard greeting its signed-in user: `Good morning, Demo.`
)
STAFF_LABEL = (
    r"Dr|Doctor|Nurse|RN|MD|NP|PA|Attending|Physician|Provider|Surgeon|Anesthesiologist|Resident|Intern"
    r"|Therapist|Pharmacist|CNA|LPN|Tech|Technician|Midwife|Chaplain|Social\s*Worker|Case\s*Manager"
    r"|Charge\s*Nurse|Primary\s*Nurse|Your\s*(?:nurse|doctor|provider|care\s*team)(?:\s*today)?(?:\s*is)?"
    r"|Care\s*Team|(?:Hello,?\s*)?my\s*name\s*is|I\s*am|Prof|Professor|Staff|Employee|Referring|Ordering"
    # the desks and counters of receipts, tickets and front offices: the person serving is named
    r"|(?:Sales\s*)?Associate|Cashier|Clerk|Server|Served\s*by|Agent|Representative|Operator|Attendant"
    r"|Receptionist|Technologist|Scribe|Volunteer|Driver|Courier"
    # a course's or a team's: who teaches or trains it
    r"|Instructors?|Teachers?|Tutors?|Coach|Trainers?|Lecturers?|Mentors?"
    # more roles a record or a study names beside its people
    r"|Investigator|Coordinator|Radiographer|Sonographer|Radiologist|Dentist|Hygienist|Optometrist"
    r"|Physiotherapist|Dietitian|Paramedic|Consultant|Registrar|Supervisor|Reader|Reporter"
    # a doctor's title in other languages: `Dra. Souza`, `Dott.ssa Bianchi`, `BS. Nguyễn` (Vietnamese bác sĩ)
    r"|Dra|Dott(?:\.?ssa)?|(?-i:BS|ThS|BSCKI{1,2})(?=\.)"
)
# `Created by Thabo Mokoena`, `Entered by: Mokoena, T.`: whoever a record says did something is named.
# Not what an organisation or a program does (`Powered by Django`, `Funded by NIH`, `Sorted by Name`).
_ORG_VERB = (r"(?:powered|sponsored|funded|hosted|supported|provided|licen[cs]ed|distributed|published|owned|operated"
             r"|managed|developed|built|maintained|presented|produced|generated|sorted|filtered|grouped|followed"
             r"|translated|inspired|protected|secured|backed|trusted|used|accredited|certified|regulated)")
BY_LABEL = (rf"(?!{_ORG_VERB}\b)(?:[A-Za-z]{{2,}}ed|Signed|Written|Drawn|Done|Seen|Read|Made|Sent|Taken|Given|Run)"
            r"[ \t]+by")
# A post's byline: `By Ava Wolf • 24 minutes ago`, `Por Rosella Oberbrunner • 2 hours ago`, `von Max Weber | 3.
# Mai 2024`. `by` and its translations are common words; followed by capitalised words, a separator and when it
# was posted, they name the post's author, whatever the language of the page.
_POSTED_WHEN = (r"(?:\d{1,3}[ \t]*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)[ \t]+ago"
                r"|(?:hace|vor|il[ \t]+y[ \t]+a|h[áa])[ \t]+\d{1,3}|yesterday|today|just[ \t]+now|\d{1,4}[./\-]\d{1,2}"
                r"|\d{1,2}[ \t]+[A-Za-z]{3,9}|[A-Za-z]{3,9}[ \t]+\d{1,2})")
RX_BYLINE = re.compile(rf"(?i:\b(?:by|por|von|par|door|di|av|przez|posted[ \t]+by))[ \t]+{NAME_VALUE}[ \t]*"
                       rf"[\u2022\u00b7|\-\u2013\u2014,][ \t]*(?i:{_POSTED_WHEN})")
# `Entered by jsmith`, `Logged in as sberding`: a login, most often made of its user's name (on its
# label's line, or on the line below it, as a login dialog puts it).
RX_LOGIN = re.compile(  # the label a word of its own (`Users...` is a list's search box)
    rf"(?i:\b(?:{BY_LABEL}|User(?:[ \t]*name)?|Login|Logged[ \t]+in[ \t]+as|Signed[ \t]+in[ \t]+as)\b)"
    # a login may carry the host or cluster it signs in to (`fernand@gke_k9s`, a kubeconfig's user)
    r"[ \t]*[:\-]?[ \t]*\n?[ \t]*(?P<v>[a-z][a-z0-9._\-]{3,19}(?:@[A-Za-z0-9_][\w.\-]{1,40})?)(?![\w@])")
# `You signed in as Umputun  Sign out?`: whoever a page says is signed in, a login in any case (a capital too).
RX_SIGNED_IN_AS = re.compile(r"(?i:\b(?:logged|signed)[ \t]+in[ \t]+as)[ \t]*:?[ \t]*"
                             r"(?P<v>[A-Za-z][\w.\-]{2,30})(?![\w@])")
STAFF_SUFFIX = (
    r"M\.?D\.?|R\.?N\.?|D\.?O\.?|NP|PA-C|PA|Ph\.?D\.?|CNA|LPN|DDS|DMD|PharmD|CRNA|APRN|BSN|MSN|FNP|DNP|RPh"
    r"|MSW|LCSW|RRT|PT|OT|DPT|CNM"
)
ROOM = r"(?i:\b(?:Rm|Room|Bed|Bay|Rm\.)\b\.?\s*#?\s*)\d{1,4}[A-Za-z]?(?:-?[A-Za-z0-9]{1,2})?"

# A label that says its value is a name (`Last name`, `Surname`): any census name after it is one.
NAME_FIELD = re.compile(r"(?i)(?:Patient'?s?\s*)?(?:(?:Full|Last|First|Given|Family|Middle|Legal|Maiden)\s*)?"
                        r"(?:Name|Surname|Forename)\b")


def _name_field(text: str, m: re.Match[str]) -> bool:
    """Is `m`'s label a form field for a name: first on its line, then `:` or the value on the next line
    (`a male given name; from Latin` is a sentence, not a field)?"""
    if "colon" not in m.re.groupindex:
        return False
    line_start = text.rfind("\n", 0, m.start()) + 1
    return (not text[line_start : m.start()].strip() and m.group("colon") in (":", "\n")
            and NAME_FIELD.match(m.group()) is not None)


# (`10Name: Jackson;`: the OCR glues a label to the number before it, so a digit may come right before the label)
RX_LABELLED = re.compile(rf"(?i:(?:\b|(?<=\d))(?:{PERSON_LABEL}))[ \t]*(?P<colon>[:;]|\n)[ \t\n]*{NAME_VALUE}")
# `9. Jackson (Patient)`, `Maria Lopez (Mother)`: a name with whose role it is in brackets after it.
RX_ROLE_AFTER = re.compile(
    rf"(?P<v>{TOK}(?:[ \t]+{TOK}){{0,3}})[ \t]*\((?i:patient|client|resident|guardian|caregiver|carer|parent|mother"
    r"|father|spouse|husband|wife|son|daughter|next\s+of\s+kin|nok|emergency\s+contact)\)")
RX_OCCASION = re.compile(rf"(?i:\b(?:{OCCASION_LABEL}))\b[ \t]*[,.!\-]?[ \t]*{NAME_VALUE}")
# ... and ending the line or the sentence: `Happy Birthday Ximena!`, not `Congratulations Class of 2025`.
RX_OCCASION_END = re.compile(
    rf"(?i:\b(?:{OCCASION_LABEL}))\b[ \t]*[,.!\-]?[ \t]*{NAME_VALUE}(?=[ \t]*(?:[!.,]|$))", re.M
)
# Whose birthday it is: `Linda's birthday`, `Astrid hat heute Geburtstag!`, `Geburtstag von Astrid`,
# `anniversaire de Léa`. A calendar's or an agenda's reminder, the commonest place a colleague's or a
# patient's name stands with no label.
_BIRTHDAY_AFTER = (r"['\u2019]s[ \t]+(?i:birthday|b-?day)|[ \t]+(?:hat[ \t]+(?:heute[ \t]+|morgen[ \t]+)?Geburtstag"
                   r"|is[ \t]+jarig|f[eê]te[ \t]+son[ \t]+anniversaire|cumple[ \t]+a[ñn]os|faz[ \t]+anos"
                   r"|compie[ \t]+gli[ \t]+anni)")
_BIRTHDAY_BEFORE = (r"(?i:birthday[ \t]+of|geburtstag[ \t]+von|anniversaire[ \t]+de|cumplea[ñn]os[ \t]+de"
                    r"|anivers[aá]rio[ \t]+de|compleanno[ \t]+di|verjaardag[ \t]+van)[ \t]+")
RX_BIRTHDAY = re.compile(rf"(?<![\w'])(?P<v>{TOK}(?:[ \t]+{TOK})?)(?={_BIRTHDAY_AFTER})|{_BIRTHDAY_BEFORE}"
                         rf"(?P<w>{TOK}(?:[ \t]+{TOK})?)")
_WEAK_ONLY = re.compile(rf"(?i)^(?:{WEAK_LABEL})$")
RX_WEAK = re.compile(rf"(?i:\b(?:{WEAK_LABEL}|{PERSON_LABEL}))\b[ \t]*[,.!\-]?[ \t]*{NAME_VALUE}")
# A calendar's event with someone (`Call with Karo`, `Meeting: John`): the word after names who, a given name no list
# has included (`Karo`); an ordinary word is a team's or a topic's (`Call with Support`, `Meeting: Budget`).
RX_WITH = re.compile(r"(?i:\b(?:Meeting|Call|Appointment|Lunch|Dinner|Coffee|Session|Interview|Catch-?up|1:1)"
                     rf"(?:[ \t]+with|[ \t]*:))[ \t]+{NAME_VALUE}")
# A case's caption (`State vs. Doe`, `Doe v. Roe`): the parties on either side of `v.` are people, or a state, a
# people or a company, which no name list has.
RX_VERSUS_AFTER = re.compile(rf"\b[A-Z][\w'\-]*[ \t]+(?:v|vs|versus)\.?[ \t]+{NAME_VALUE}")
RX_VERSUS_BEFORE = re.compile(rf"(?<![\w'\-])(?P<v>{TOK})[ \t]+(?:v|vs|versus)\.?[ \t]+[A-Z]")
# An airline's passenger name, surname first after a slash (`SANCHEZROD/PABLO`, `DOE/JANE MRS`): a boarding pass's and
# a ticket's way of writing a person. The given name after the slash is the evidence.
RX_PASSENGER = re.compile(r"(?<![\w/])(?P<v>[A-Z][A-Z'\-]{1,30}/(?P<given>[A-Z][A-Z'\-]{1,30}))"
                          r"(?:[ \t]+(?:MR|MRS|MS|MSTR|MISS|DR))?(?![\w/])")
# A person's given name and surname glued into one word by an export or a template with no space between its fields
# (`LamarCasperHalvorson`, `GeraldLegros`): two to four capitalised parts.
RX_GLUED = re.compile(r"(?<![\w\-])(?P<v>[A-Z][a-z]{2,20}(?:[A-Z][a-z]{2,20}){1,3})")
# `Agenda - Patient TARTEMPION`: after the bare word `Patient` a surname no list has is evidence enough (a screen's
# `Patient List` or `Patient Portal` is words a dictionary has).
RX_PATIENT_WORD = re.compile(rf"(?i:\b(?:Patient|Pt|Patiente|Paciente|Patientin|Paziente))\b[ \t]*{NAME_VALUE}")
RX_TITLE = re.compile(rf"\b(?:{TITLE})\.?[ \t]+{NAME_VALUE}")
# The same titles in an address block's capitals, with initials before the surname (`MR J DOE`,
# `MRS A B SINGH`): how British and Commonwealth letters address someone. Not `MS` (Microsoft, multiple
# sclerosis), and not `MR` before ordinary words (`MR HEAD W/O CONTRAST`, magnetic resonance).
CAPS_TITLE = r"MR|MRS|MISS|MX"
RX_TITLE_CAPS = re.compile(
    rf"\b(?:{CAPS_TITLE})\.?[ \t]+(?P<v>(?:[A-Z]\.?[ \t]+){{1,3}}[A-Z][A-Z'\-]{{1,30}})(?![\w/])")
# A courtesy title just before a position in a line.
RX_COURTESY_END = re.compile(rf"\b(?:{TITLE}|{CAPS_TITLE}|HERR|FRAU|MME)\.?[ \t]+$")
# A record's banner: the name, the sex in brackets, the birth date (`Ackerhacker Athos (m), 24.09.1955`).
RX_BANNER = re.compile(rf"(?P<v>{TOK}(?:[ \t]*,?[ \t]+{TOK}){{1,3}})[ \t]*[(\[](?:[mfwMFW]|male|female)[)\]]"
                       rf"[ \t]*,?[ \t]*(?={DATE})")
# ... or the sex spelt out and the age after it (`Test Person Female 19 year(s)`, `Ana Souza, F, 34 y`): an EHR's
# patient header, whatever words the name is made of.
RX_BANNER_AGE = re.compile(rf"(?P<v>{TOK}(?:[ \t]+{TOK}){{1,3}})[ \t]*[,|\u00b7]?[ \t]+(?i:male|female|[MFW])"
                           r"[ \t]*[,|\u00b7/]?[ \t]*\d{1,3}[ \t]*(?i:y|yrs?|years?|year\(s\)|yo|jahre|a[ñn]os|ans)"
                           r"(?![A-Za-z])")
RX_STAFF = re.compile(rf"(?i:\b(?:{STAFF_LABEL}))\b\.?[ \t]*[\-]?[ \t]*{NAME_VALUE}")
RX_BY = re.compile(rf"(?i:\b(?:{BY_LABEL}))\b[ \t]*[:\-]?[ \t]*{NAME_VALUE}")
RX_STAFF_COLON = re.compile(rf"(?i:\b(?:{STAFF_LABEL}))\b\.?[ \t]*[:\n][\s]*{NAME_VALUE}")
# Titles that only ever stand before a person's name.
STRONG_STAFF_LABEL = (
    r"Dr\b\.?(?:[ \t]+(?:med|dent|vet|phil|rer\.?[ \t]*nat|h\.?[ \t]*c)\.)*"  # `Dr. med. Dok Tor`
    r"|Doctor|Your\s*(?:nurse|doctor|provider)(?:\s*today)?\s*is|(?:Hello,?\s*)?my\s*name\s*is|Prof\."
    # Central Europe's degrees, written before the name: `MUDr. Jana Nováková`, `MVDr.`, `Ing.`, `Mgr.`
    r"|(?:MU|MV|MDDr|Ph|RN|JU|Pharm)Dr\.|Ing\.|Mgr\.|Bc\.|Dipl\.-Ing\."
)
RX_STAFF_STRONG = re.compile(rf"(?i:\b(?:{STRONG_STAFF_LABEL}))[ \t]*{NAME_VALUE}")
RX_STAFF_SUFFIX = re.compile(rf"{NAME_VALUE}(?:[ \t]*,[ \t]*|[ \t]+)(?:{STAFF_SUFFIX})\b")
_LIST_DATE = r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}(?![\d/.\-])"
RX_COMMA = re.compile(
    rf"(?<![\w,])(?P<v>{TOK}(?:[ \-](?:{PARTICLE}[ \t])?{TOK}){{0,2}}[ \t]?,[ \t]*{TOK}(?:[ \t]+(?:{TOK}|{INITIAL}))?)"
    # (whole words: `Bach, Spectrometer 4` is not `Bach, Spectromete`; a date after it is the person's: a waiting
    # list's `Holirto, Mariodadsa 05/26/2003`)
    rf"(?![A-Za-z'\-])(?![ \t]*(?!{_LIST_DATE})\d)"
)
# An item of a list of single words opens after a bracket or a comma and is followed by another item (not by a
# credential: `(Smith, John, MD)` is a person's name).
_RX_LIST_BEFORE = re.compile(r"[(,][ \t]*$")
_RX_LIST_AFTER = re.compile(rf"[ \t]*,[ \t]*(?!(?:{STAFF_SUFFIX})\b)[A-Za-z]")
RX_ROOM = re.compile(rf"{ROOM}[ \t]*[-:]?[ \t]*{NAME_VALUE}")
RX_BOARD = re.compile(rf"^[ \t]*\d{{1,4}}[A-Za-z]?(?:-[A-Za-z0-9]{{1,2}})?[ \t]*[-:]?[ \t]*{NAME_VALUE}", re.MULTILINE)
RX_FULL = re.compile(rf"(?<![\w])(?P<v>{TOK}(?:[ \t]+{INITIAL})?[ \t]+(?:{PARTICLE}[ \t]+){{0,2}}{TOK})(?![\w])")
RX_TOKEN = re.compile(rf"{TOK}|{INITIAL}")
# Two-letter codes of a US state or a country, as a place line writes them after its city's comma.
_PLACE_CODES = frozenset(STATES) | frozenset(
    ("GB", "UK", "FR", "DE", "IT", "ES", "NL", "BE", "CH", "AT", "SE", "NO", "DK", "FI", "IE", "PT", "PL", "CZ", "CA",
     "AU", "NZ", "JP", "CN", "IN", "BR", "MX", "ZA", "US"))
# `Nils1`, `Maria2`: a given name with a number glued on, opening its line (a folder tree's or a user list's
# entry): an account made of its user's name, as logins are.
RX_NAME_NUMBER = re.compile(r"(?m)^[ \t]*(?P<v>[A-Z][a-z]{2,15}\d{1,4})(?![\w.])")
# VistA's FileMan writes people `LAST,FIRST [M]` in capitals with no space after the comma (`EIGHTY,OUTPATIENT`,
# `PROVIDER,EIGHT`): after a person's or a staff label, the whole pair is the name whatever its words (a test
# patient's are ordinary ones), and the label may be glued to it by the OCR (`PatientEIGHTY,OUTPATIENT`).
RX_FILEMAN = re.compile(rf"(?i:(?:\b|(?<=[a-z]))(?P<label>{PERSON_LABEL}|{STAFF_LABEL}))[ \t]*[:;]?[ \t]*"
                        r"(?P<v>[A-Z][A-Z'\-]+,[A-Z][A-Z'\-]+(?:[ \t][A-Z](?![A-Za-z]))?)(?![A-Za-z])")
# A device named after its owner, as phones and laptops name themselves (`Daniels-MBP`, `Annas-MacBook-Air`,
# `John's iPhone`): a network scanner's, a router's or a Bluetooth list's entry holds its owner's given name.
# A plain device word (`Watch`, `PC`) needs the possessive or the hyphen: `Ward Watch App` is a product.
RX_OWNED_DEVICE = re.compile(
    r"(?<![\w\-])(?P<v>[A-Z][a-z]{2,15})(?:(?:['\u2019]s?|s)?[ \t\-]"
    r"(?=(?:MBP|MBA|MacBook|iPhone|iPad|iMac|Mac-?mini|Galaxy|Pixel|Kindle)(?![a-z]))"
    r"|(?:['\u2019]s?[ \t\-]|s?-)(?=(?:Laptop|Watch|Desktop|Tablet|Phone|PC)(?![a-z])))")
# `Voice message from bob`, `Missed call from Priya`: whom a message or a call came from (a system's `Message from
# Admin` names no one: a role is an English word).
RX_FROM = re.compile(r"(?i:\b(?:(?:voice[ \t]+)?messages?|e-?mails?|mails?|(?:missed[ \t]+)?calls?|texts?|notes?"
                     r"|letters?|invitations?|invites?|requests?|replies|reply|gifts?|cards?)[ \t]+from)[ \t]+"
                     r"(?P<v>[A-Za-z][a-z]{2,15})(?![\w@.])")
_TIME_UNIT = re.compile(r"(?i)min|mins|minutes?|secs?|hrs?|hours?|days?|wks?|weeks?|months?|yrs?|years?")
# `Name: Vet101338 Veteran_101338`, `Name: Contact 101338`: a test record's name made of a word and its number, after a
# person's name label. The label says it is a name whatever its shape (fail closed); a value with no digit is left
# to the name rules (`Name: Search` is a blank form's next word).
RX_NAME_CODED = re.compile(
    r"(?im)(?:^|(?<=[ \t]))(?:(?:Patient'?s?|Full|Last|First|Legal|Client|Member|Resident)[ \t]*)?Name[ \t]*:[ \t]*"
    r"(?P<v>(?=[^\n:]*\d)(?=[^\n:]*[A-Za-z])[\w.\-']+(?:[ \t,]+[\w.\-']+){0,3})[ \t]*$")
# `Looking great, Liv!`, `Thanks, Bob!`: a comment or a chat calls its reader by name, after a comma and before
# the `!` or `?` that ends the sentence (`Hello, World!` and `Thanks, everyone!` are words, not names). A short
# line only: a comment or a message, not a page of prose quoting a play (`chaere, Tite!` in Cicero).
RX_VOCATIVE = re.compile(r"(?<=[A-Za-z]),[ \t]*(?P<v>[A-Z][a-z]{2,15})[ \t]*[!?]"
                         # ... or a message opening with a greeting and the name (`Hey Bob!`, `Hi Jikstra :)`)
                         r"|(?m:^)[ \t]*(?:Hi|Hey|Hello|Hallo|Hola|Bonjour|Ciao|Ol\u00e1)[ \t]*,?[ \t]+"
                         r"(?P<g>[A-Z][a-z]{2,15})(?=[ \t]*(?:[!,.?:;)]|$))", re.M)
VOCATIVE_WORDS = 10
# `j.bon`, `m.rossi`: a first initial, a dot and a surname in lower case, the commonest shape of a company
# login. Not code (`f.close(`, `np.array`, `s.path`): the word after the dot must be a surname and no plain word.
RX_INITIAL_LOGIN = re.compile(r"(?<![\w.@/\\])(?P<v>[a-z]\.[a-z]{3,20})(?![\w.@/\\(])")
# `O. Sanni`, `A.P.I. Popoola`, `A.P.W.B. Dumbledore`: up to four initials with their periods, then a surname. A
# byline's or a signature's form; only people are written so (`U.S.`, `St.` and `No.` are more than one letter).
# `J.K Rowlands`: run-together initials whose last period was dropped, then a space.
RX_INITIALED = re.compile(
    rf"(?<![\w.])(?P<v>(?:(?:[A-Z]\.[ \t]?){{1,4}}|(?:[A-Z]\.){{1,2}}[A-Z][ \t]+)(?:{PARTICLE}[ \t])?"
    r"[A-Z][a-z'\-]{2,30})(?![\w])")
# `MILLER Stephanie`, `NOVAK Olivia Jane`: the surname in capitals first, then the given name(s), as
# many wristbands, whiteboards and European records print a name without a comma.
RX_SURNAME_FIRST = re.compile(
    r"(?<![\w])(?P<v>[A-Z][A-Z'\-]{1,30}[ \t]+[A-Z][a-z'\-]{1,30}(?:[ \t]+[A-Z][a-z'\-]{1,30})?)(?![\w])")
# OCR sometimes reads a name's capital as lower case (`Patient: oluwaseun Dubois`). Right after a
# person label's colon and before a capitalised word, such a word is a name that lost its capital.
RX_LOST_CAPITAL = re.compile(
    rf"(?i:\b(?:{PERSON_LABEL}))[ \t]*[:;][ \t]*(?P<w>[a-z])(?=[a-z'\-]{{1,30}}[ \t]+[A-Z])"
)

# A line that is nothing but two or three name-shaped words, all Title case or all capitals: a badge
# or a door card. Checked word by word in `_alone` (no common word, pronounceable).
# `First Name: john`, `Patient Information for: john doe`: a person label, a colon, then one to three
# lower-case words (demo and test records are often typed so). Each word must be a census name or no
# ordinary English word, so `Name: pending` stays readable.
RX_LABELLED_LOWER = re.compile(
    rf"(?i:\b(?:{PERSON_LABEL}))[ \t]*[:\n][ \t\n]*"
    rf"(?P<v>[a-z][a-z'\-]{{1,30}}(?:(?:[ \t]+|[._])[a-z][a-z'\-]{{1,30}}){{0,2}})"
    r"(?![A-Za-z0-9_]|\.\w)"  # (`renalware.reporting_audit` under `View name`: a dotted code's first word)
)
# `SMITH^JANE^Q`: a DICOM person name (family^given^middle), burned into a viewer's overlay.
RX_DICOM = re.compile(r"(?<![\w^])(?P<v>[A-Za-z][A-Za-z'\-]{0,30}(?:\^[A-Za-z][A-Za-z'\-.]{0,30}){1,4}\^?)(?![\w^])")
# An item of a list may come after its time, its number or its bullet: `09:30 Thandiwe Dlamini`,
# `3. Kwame Mensah`, `• Sipho Ndlovu`.
_LIST_MARK = r"(?:(?:\d{1,2}[:.]\d{2}(?:[ \t]?[AaPp]\.?[Mm]\.?)?|\d{1,3}[.)]|[\u2022\u00b7*\-\u2013]|#\d{1,4})[ \t]+)?"
RX_ALONE = re.compile(
    # up to four words (`Raiany Franca Guimarães Figueirêdo`: Iberian names run to four), accents and all
    rf"^[ \t]*{_LIST_MARK}(?P<v>[A-Z\u00c0-\u00de][A-Za-z\u00c0-\u024f'\-]{{1,30}}"
    rf"(?:[ \t]+[A-Z\u00c0-\u00de][A-Za-z\u00c0-\u024f'\-]{{1,30}}){{1,3}})[ \t]*$",
    re.MULTILINE,
)


def restore_capitals(text: str) -> str:
    """Undo OCR's lost capital on a labelled name, and its `l` for a capital `I` at the start of a name
    beside another (`loana Dobre`, `Mihai lonescu`); every offset stays where it was."""
    chars = list(text)
    for m in RX_LOST_CAPITAL.finditer(text):
        chars[m.start("w")] = chars[m.start("w")].upper()
    for k in _l_for_i(text):
        chars[k] = "I"
    return "".join(chars)


# `lonescu`: a lower-case word that begins with `l`, as OCR reads a name's capital `I`.
_L_WORD = re.compile(r"(?<![\w'\-])l(?=[a-z][a-z'\-]{1,30}(?![\w]))")
_WORD_BEFORE = re.compile(r"(?<![\w'\-])[A-Z][a-z'\-]{1,30}$")
_WORD_AFTER = re.compile(r"^[A-Z][a-z'\-]{1,30}(?![\w])")


def _l_for_i(text: str) -> list[int]:
    """Offsets of an `l` the OCR read for a capital `I` (`lulian`, `loana`, `lonescu`, `Daria loan`).

    Only next to a capitalised word on the same line, and only where the `I` reading is no ordinary
    English word: `lake` in `Silver lake` stays. Where the `l` reading is itself a word (`loan`), the
    neighbour must be a census first name and the line nothing but the name, as a list cell is.
    """
    vocab = english_words()
    if not vocab:
        return []
    out = []
    for m in _L_WORD.finditer(text):
        end = m.start() + len(re.match(r"[A-Za-z'\-]+", text[m.start():]).group())
        word = text[m.start():end]
        before = _WORD_BEFORE.search(text[max(0, m.start() - 32):m.start()].rstrip(" \t"))
        after = _WORD_AFTER.search(text[end:end + 32].lstrip(" \t")) if text[end:end + 1] in (" ", "\t") else None
        if before is not None and not text[m.start() - 1:m.start()].isspace():
            before = None
        if not (before or after) or ("I" + word[1:]).upper() in vocab:
            continue
        if word.upper() in vocab:
            first = (before or after).group().upper()
            if not (is_first_name(first) and len(text.split()) == 2):
                continue
        out.append(m.start())
    return out


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(start + m.start(), start + m.end(), m.group()) for m in RX_TOKEN.finditer(text[start:end])]


def _stop(word: str, after_name: bool, name_field: bool = False, next_word: str = "") -> bool:
    """Does `word` end a labelled name? A known non-name word does, except a trade surname after a
    name or before an initial or a given name, a first name that is also a word before a surname
    (`Jan Kowalski`, `May Lee`), and any census name in a field that says it holds a name (`Last name: Turner`)."""
    w = letters_of(word.rstrip("."))
    if len(w) == 1:
        return False  # an initial
    if w not in NOT_A_NAME or (after_name and w in TRADE_SURNAMES):
        return False
    if w in TRADE_SURNAMES and _initial_or_given(next_word):
        return False  # `Patient: SMITH J`, `BAKER Mary`: the surname first, as boards and wristbands print it
    if name_field and (is_first_name(w) or is_surname(w) or _unknown_surname(next_word)):
        return False  # (`Name: Per Mertesacker`: before a surname no list has, a word is a given name too)
    return not (not after_name and given_word(w) and (_strong_surname(next_word) or _common_surname(next_word)))


def _unknown_surname(word: str) -> bool:
    """A capitalised word of four letters or more that no dictionary and no not-a-name list has (`Mertesacker`)."""
    w = letters_of(word.rstrip("."))
    return len(w) >= 4 and word[:1].isupper() and w not in english_words() and w not in NOT_A_NAME


_DEAR_END = re.compile(r"(?i)\bdear[ \t]+$")


def _initial_or_given(word: str) -> bool:
    w = letters_of(word.rstrip("."))
    return len(w) == 1 or (len(w) >= 3 and _common_given(w))


def _common_given(word: str) -> bool:
    """A common census given name that is no known non-name word (upper case in)."""
    return first_name_rank(word) <= COMMON_GIVEN_RANK and word not in NOT_A_NAME


def given_word(word: str) -> bool:
    """A census first name that is also a month, a virtue or a flower (`Jan`, `May`, `June`, `Grace`,
    `Rose`): NOT_A_NAME keeps it off signage, but before a surname it is someone's name."""
    return word in NOT_A_NAME and is_first_name(word)


_POSSESSIVE = frozenset({"MY", "YOUR", "OUR", "HIS", "HER", "THEIR"})


_COMMON_AFTER_GIVEN = 1000  # surnames this common read as a surname after a month's given name, English word or not


def _common_surname(word: str) -> bool:
    """One of the commonest census surnames (`Smith`, `Baker`, `Young`): after a label and a month's or a flower's
    given name (`Patient: Jan Smith`), the surname it reads as."""
    return surname_rank(letters_of(word.rstrip(".")).upper()) <= _COMMON_AFTER_GIVEN


def _strong_surname(word: str) -> bool:
    """A word only a name can be: no ordinary English word, no known non-name word, pronounceable,
    and either a census surname or no word of the language at all (`Kowalski`, `Küster`)."""
    w = letters_of(word.rstrip("."))
    common = english_words()
    return bool(common) and len(w) >= 3 and w not in common and _pronounceable(w)


def _evidence(words: list[str]) -> bool:
    """Does any word look like a name to the gazetteer (first name, or a common surname)?"""
    for w in words:
        u = letters_of(w.rstrip("."))
        if len(u) > 1 and u not in NOT_A_NAME and (is_first_name(u) or is_surname(u, common_only=True)):
            return True
    return False


def _unknown_words(words: list[str]) -> bool:
    """Every word capitalised, shaped like a name and in no English dictionary (a surname the census lacks)."""
    vocab = english_words()
    return bool(vocab) and bool(words) and all(
        w[:1].isupper() and _pronounceable(w) and letters_of(w.rstrip(".")) not in vocab for w in words)


SYSTEM_LOGIN = re.compile(r"(?i)^(?:root|admin\w*|administrator|sysadmin|superuser|user\d*|guest|demo\w*|test\w*"
                          r"|django|postgres|system|service|anonymous|operator|support|default|nobody)$")
# A mail header's or a commit's `Display Name <mailbox@domain>` (`Murmele <Murmele@users.noreply.github.com>`,
# `From: Jane Doe <jane@example.org>`): the words before the address are the name its owner goes by.
RX_DISPLAY_NAME = re.compile(r"(?m)(?:^|(?<=:)|(?<=:[ \t]))[ \t]*(?P<v>[^\W\d][\w'.\-]*(?:[ \t]+[^\W\d][\w'.\-]*){0,3})"
                             r"[ \t]*<(?P<box>[\w.+\-]+)@[\w.\-]+>")
# `Baby of Oni`, `B/O Jane Doe`, `Baby Girl Martinez`: a newborn is listed by a parent's name until it has its own;
# the word after is a name whatever it is. `Son of`, `Wife of` name a relative the same way, but only with a word no
# English list has (`Mother of Pearl`, `Son of Man` are phrases).
RX_KIN_OF = re.compile(r"\b(?:(?P<baby>(?:Baby|Infant|Newborn)[ \t]+of|B/O|Baby[ \t]+(?:Boy|Girl))"
                       r"|(?:Child|Son|Daughter|Wife|Husband|Mother|Father|Widow)[ \t]+of)"
                       r"[ \t]+(?P<v>[A-Z][\w'\-]+(?:[ \t]+[A-Z][\w'\-]+)?)")
# `Home / Children / Jennifer / Dashboard`, `Patients > Maria Lopez > Visits`: a breadcrumb's step after a list of
# people is one of them (an ordinary word there is a page: `Patients / New`, `Children / All`).
_CRUMB = r"[ \t]*(?:/|>|›|»|\|)[ \t]*"
RX_CRUMB = re.compile(rf"(?i:\b(?:patients|children|kids|babies|infants|residents|clients|members|users|people|persons"
                      rf"|contacts|employees|staff|students|owners)){_CRUMB}"
                      rf"(?P<v>[A-Z][\w'\-]+(?:[ \t]+[A-Z][\w'\-]+){{0,2}})(?={_CRUMB}|[ \t]*$)")
# `file:///Users/saul/p/x.html`, `/home/jsmith/src`, `C:\Users\mkowalski\Desktop`: the account a home directory is
# named for is its user's login. Four characters or more (scope AE: a three-letter account names no one), and not
# a machine's or a CI runner's own account.
RX_HOME = re.compile(r"(?:/Users/|/home/|\b[A-Za-z]:\\Users\\)(?P<v>[A-Za-z][\w.\-]{3,31})(?=[/\\])")
# (beside `SYSTEM_LOGIN` and `_DEVICE_LOGIN`, which a home directory can be named for too)
_HOME_SYSTEM = re.compile(r"(?i)^(?:runner\w*|shared|public|default\w*|all\s*users|travis|circleci|jenkins|appveyor"
                          r"|build\w*|codespace|vscode|node|www|app|user\w*|your\w*)$")
# A role's or a robot's mailbox: its display name is the organisation's (`GitHub <noreply@github.com>`).
_ROLE_MAILBOX = re.compile(r"(?i)no-?reply|do-?not-?reply|notifications?|mailer-daemon|postmaster"
                           r"|^(?:info|support|help|hello|contact|news|newsletter|team|admin|billing|sales|service|bot)$")
# A shell's prompt or a terminal's title (`mongo@iomega:~`, `jsmith@ws-14:/srv$`): the login before the `@` is its
# user's, a word or not (`pi`, `ubuntu` and the system's own accounts aside).
# `Shaywitz, et al.`, `Liu et al. (2019)`: a citation's first author.
RX_ET_AL = re.compile(r"(?<![\w\-])(?P<v>[A-Z][a-z'\-]{1,30}),?[ \t]+et[ \t]+al\b")
# `Call Peter`, `Conf call John`, `1&1Carol`, `Lunch with Maria`: a calendar entry names whom it is with.
RX_MEETING = re.compile(
    # (written as a calendar writes it: a sign's `CALL Grace` in capitals is a nurse-call button, no meeting)
    r"(?:\b(?:(?:[Cc]onf(?:erence)?[ \t]+)?[Cc]all|[Mm]eet(?:ing)?[ \t]+with|(?:[Ll]unch|[Cc]offee|[Dd]inner"
    r"|[Cc]atch-?up|[Ss]ync|[Cc]all)[ \t]+with)[ \t]+|(?<![\w])1[:&]1(?:[ \t]+with)?[ \t]*)"
    r"(?P<v>[A-Z][a-z]{2,15})(?![\w'])")
# `Lena's Growth`, `Omar's appointments`: a given name owning a record of that person, as family and care apps title
# a child's or a resident's pages (not `Wendy's Menu`: a shop's name owns no record).
# A page titled by its person before a dash or a colon says the same (`Alex — Height-for-Age (Boys)`).
RX_POSSESSIVE_RECORD = re.compile(
    r"(?<![\w'])(?P<v>(?P<g>[A-Z][a-z]{1,15})(?P<own>['\u2019]s)?)"
    r"(?(own)[ \t]+|(?:[ \t]*[\u2014\u2013:|][ \t]*|[ \t]+-[ \t]+))"
    r"(?i:growth|profile|calendar|chart|records?|appointments?"
    r"|medications?|medicines|health|timeline|diary|journal|schedule|progress|milestones|results?|vaccinations?"
    r"|immuni[sz]ations?|birthday|history|notes|care[ \t]+plan|feeding|sleep|weight|height|measurements|visits?"
    r"|wachstum|termine|profil)\b")
# `Jonathan@chullab`: a chat workspace's or a host's member shown by given name (no domain: an e-mail has a dot after)
RX_AT_WORKSPACE = re.compile(r"(?<![\w.@])(?P<v>(?P<g>[A-Z][a-z]{2,15})@[A-Za-z][\w\-]{1,30})(?![\w.@:])")
RX_PROMPT = re.compile(r"(?:^|(?<=[\s\[(]))(?P<v>[a-z_][a-z0-9_.\-]{1,31})@[A-Za-z0-9][A-Za-z0-9.\-]{0,62}:[ \t]*[~/]")
_DEVICE_LOGIN = re.compile(r"(?i)^(?:pi|ubuntu|debian|ec2-user|centos|fedora|vagrant|docker|git|www-data|kali)$")
TITLES = frozenset({"DR", "MR", "MRS", "MS", "MISS", "MX", "PROF", "SR", "SISTER", "FR", "REV"})
# ... and a doctor's title, as `Dr. Smith` is written: a trade word after it is a surname too.
_DOCTOR_END = re.compile(r"(?i)\b(?:dr|doctor|prof|professor)\.?[ \t]+$")


_FUNCTION_WORD = re.compile(r"(?:^|[ \t(])(?:or|and|the|of|if|to|a|an|your|you|for|with|by|in|on)(?=[ \t])")


# A calendar's weekday header (`Su Mo Tu We Th Fr Sa`, `MON TUE WED`): `Su Mo` is no person.
_WEEKDAY = r"(?:su|sun|mo|mon|tu|tue|tues|we|wed|th|thu|thur|thurs|fr|fri|sa|sat)\.?"
_WEEKDAY_ROW = re.compile(rf"(?i){_WEEKDAY}(?:[ \t|]+{_WEEKDAY}){{3,6}}")


def _line_at(text: str, pos: int) -> str:
    """The whole line of `text` that holds position `pos`."""
    end = text.find("\n", pos)
    return text[text.rfind("\n", 0, pos) + 1 : len(text) if end < 0 else end]


def _prose_label(text: str, start: int) -> bool:
    """Is the label's line running text (`or Spouse`, `... jointly or Qualifying surviving spouse`): a form's
    instructions, whose next line is more instructions, not the value of a field?"""
    return bool(_FUNCTION_WORD.search(_line_at(text, start)))


_TITLE_ABBREVIATION = re.compile(r"(?i)[ \t]*(?:dr\b|prof\b|[a-z]{1,4}dr\.|ing\.|mgr\.)")


def _ordinary(word: str) -> bool:
    """An ordinary English word that is no given name (`Settings`, `water`; not `Rose`, `saul`)."""
    w = letters_of(word)
    return w in english_words() and not is_first_name(w)


# The rest of a line that is a field of its own: a word or two, then its colon.
_FIELD_AFTER = re.compile(r"[ \t]*[A-Za-z]{1,20}(?:[ \t]+[A-Za-z]{1,20})?[ \t]*[:\uff1a]")


def _plain_below(words: list[str]) -> bool:
    """One ordinary English word on the line under a label (`Works`, `Head`): a blank form's next line of
    text, not a value. A given name or a common surname (`Rose`, `Baker`) is still the value."""
    if len(words) != 1:
        return False
    w = letters_of(words[0]).upper()
    return w in english_words() and not is_first_name(w) and surname_rank(w) > 500


def _name_part(text: str, start: int, end: int, name_field: bool = False) -> tuple[int, int, list[str]] | None:
    """The leading run of name-like words in `text[start:end]`; None if it is no name at all.

    Leading titles are skipped (`Attending: Dr. Omar Eze`); a word followed by `:` or `#` is the
    next label, not a name (`Employee ID: 287211`), and ends the run.
    """
    toks = _tokens(text, start, end)
    lead = None  # a title's start: it is masked with the name (`MR J DOE`'s title is part of the line read back)
    while toks and letters_of(toks[0][2].rstrip(".")) in TITLES:
        lead = toks[0][0] if lead is None else lead
        toks = toks[1:]
    # `Mr. Smith`, `Mrs Baker`: after a courtesy title a trade word is the surname it so often is
    courtesy = bool(toks) and bool(RX_COURTESY_END.search(text[: toks[0][0]]))
    titled = courtesy or bool(toks) and bool(_DOCTOR_END.search(text[: toks[0][0]]))
    greeting = bool(toks) and bool(_DEAR_END.search(text[: toks[0][0]]))
    kept: list[tuple[int, int, str]] = []
    for k, (s, e, w) in enumerate(toks):
        if k == 0 and courtesy and w[:1].isupper() and len(w) > 1:
            kept.append((s, e, w))  # `Herr Last Schrift`: after `Herr`, `Mrs` the first word is the name, any word
            continue
        if k == 0 and greeting and w[:1].isupper() and len(w) > 1 and re.match(r"[ \t]*(?:,|$)", text[e:]):
            kept.append((s, e, w))  # `Dear Jun,`, `Dear May,`: a letter greets a person, not a month
            continue
        comma_next = text[e : e + 2].lstrip(" \t")[:1] == ","
        gap = text[e : toks[k + 1][0]] if k + 1 < len(toks) else "-"
        after = toks[k + 1][2] if re.fullmatch(rf"[ \t]*(?:{PARTICLE}[ \t]+){{0,2}}", gap) else ""  # (`Jan de Vries`)
        if _stop(w, bool(kept) or comma_next or titled, name_field, after) or re.match(r"[ \t]*[:#]", text[e : e + 3]):
            break
        kept.append((s, e, w))
    if not kept or all(len(w.rstrip(".")) == 1 for _, _, w in kept):
        return None
    return kept[0][0] if lead is None else lead, kept[-1][1], [w for _, _, w in kept]


# A demo or test account's display name (`Demo Patient`, `Test User`, `Super Admin`) alone on its line or
# after a label: it sits where a real person's name sits on a real screen, and a screen shared from a
# training system shows it there. Masked, as any name in that place: it costs nothing on a real photo.
# `Michael & Holly`: two given names joined, alone on their line (a course's instructors, a card's couple). Both
# must be given names and one no English word (`Holly & Ivy`, `Rose & Crown`, `Salt & Pepper` are things).
RX_GIVEN_PAIR = re.compile(r"^[ \t]*(?P<v>(?P<a>[A-Z][a-z]{2,15})[ \t]*(?:&|\+|and|und|et)[ \t]*"
                           r"(?P<b>[A-Z][a-z]{2,15}))[ \t]*$", re.M)
# Another language's article or possessive before a capitalised word (`Die Praxis Weber`, `Meine Solaranlage`): a
# noun phrase, never how a person is written (`phi` drops a name that opens with one).
DETERMINER = re.compile(r"(?i)^(?:der|die|das|dem|den|ein|eine|einen|mein|meine|meinen|dein|deine|unser|unsere"
                        r"|ihr|ihre|sein|seine|les|notre|votre|los|las|mis|nuestro|nuestra|gli|het|een|mijn|onze)\s")
# `Luke S.`, `Roberto M.`: a given name and the initial of a surname, its full stop written, as a name tag writes a
# person, ending its line or its clause (`Vitamin D`, `Plan B`: no given name before the letter; `Ana I` is a
# course's first part; without the stop, only a list of three says people: `people.initialled_names`).
RX_GIVEN_INITIAL = re.compile(r"(?<![\w.])(?P<v>(?P<g>[A-Z][a-z]{2,15})[ \t]+[A-HJ-Z]\.)(?=[ \t]*(?:$|[,;]))", re.M)
RX_DEMO_ACCOUNT = re.compile(
    r"(?im)(?:^|(?<=:)|(?<=:[ \t]))[ \t]*(?P<v>(?:Demo|Test|Sample|Example|Dummy|Fake|Super|Default|Guest)[ \t]+"
    r"(?:Patient|User|Clinician|Doctor|Physician|Nurse|Admin|Administrator|Person|Member|Customer|Owner|Manager"
    r"|Provider|Therapist|Account))[ \t]*[^\w\n]{0,6}$")  # a menu's arrows after it: `Demo User >  >`

# A demo's numbered people (`Paciente 3`, `Dentista 1`, `Patient 12`, `User 2`), in a name's place: alone on
# the line, after a label, first in a row of cells (`Paciente 3 | Plano No175`) or last in a breadcrumb.
# Not `Patient 1 of 3` (a pager) or `Room 3`; a study's `Subject 017` is a code, an identifier (`numbers`).
_NUMBERED_ROLE = (r"Patient|Paciente|Patiente|Patientin|Paziente|Pasien|Dentist|Dentista|Doctor|Doctora|Medico|Nurse"
                  r"|Enfermera|Enfermeira|Client|Cliente|Resident|Residente|Member"
                  r"|User|Usuario|Customer")
RX_NUMBERED_PERSON = re.compile(
    rf"(?m)(?:^|(?<=:)|(?<=[ \t]{{2}})|(?<=[|>\u203a\u00bb][ \t]))[ \t]*(?P<v>(?:{_NUMBERED_ROLE})[ \t]+#?\d{{1,4}})"
    r"(?=[ \t]*$|[ \t]*[|,;\u2022\u00b7>\u203a\u00bb]|[ \t]{2})")

BADGE_SURNAME_RANK = 5_000  # a surname this common is evidence next to an unknown first name


# A `Name` label after one of these nouns names a thing, not a person (`Device Name`, `File name:`).
_THING_NAME = re.compile(
    r"(?i)\b(?:device|host|computer|machine|server|printer|network|domain|wifi|ssid|file|folder|project|product"
    r"|brand|company|organi[sz]ation|business|drug|medication|item|model|test|field|display|screen|bank|practice"
    r"|clinic|hospital|facility|site|team|department|location|store|shop|plan|package|app|application|service"
    r"|feature|event|tag|label|column|table|instance|cluster|node|group|role|city|street|country|state|region"
    r"|vendor|manufacturer|supplier|material|colou?r|variable|parameter|sensor|channel|job|task|queue|report"
    r"|template|form|document|database|schema|index|bucket|repository|branch|module|component|course|room|ward"
    r"|unit|station|study|series|protocol|object|view|category|class|collection|dataset|asset|artwork|venue"
    r"|building)[ \t]*$")


def _acronyms(words: list[str]) -> bool:
    """`PRO CPU`, `APP USB`: short capitals, one of them no census name at all, are a device's acronyms
    (`reseted by PRO CPU`), not a person (`J DOE`, `WU LI` keep: every word is someone's name)."""
    long = [w.rstrip(".") for w in words if len(w.rstrip(".")) > 1]
    return bool(long) and all(len(w) <= 3 and w.isupper() for w in long) and any(
        not (is_first_name(letters_of(w)) or is_surname(letters_of(w))) for w in long)


def _product(words: list[str]) -> bool:
    """`Marp CLI`, `Review Board API`: a capitalised word that is no one's name, then capitals that are no one's
    name either, end a product's name (`Jean DUPONT`, `Ada LI` keep: the capitals are a surname; `Marco CHK`,
    `Jane RN` keep: a given name opens them)."""
    if words and words[0].lower() in ("i'm", "i\u2019m"):
        words = words[1:]  # a greeting's `Hello, I'm Marp CLI`: the introduction is no part of the name
    last = words[-1].rstrip(".!,") if words else ""
    first = letters_of(words[0]) if words else ""
    return (len(words) >= 2 and words[0][:1].isupper() and not words[0].isupper() and 2 <= len(last) <= 4
            and last.isupper() and last.isalpha() and not (is_first_name(last) or is_surname(last))
            and not (is_first_name(first) or is_surname(first)))


def _pronounceable(word: str) -> bool:
    """Shaped like a name rather than an acronym: three letters or more, with a vowel (CBC, BMP fail)."""
    w = letters_of(word.rstrip("."))
    return len(w) >= 3 and w.replace("-", "").isalpha() and bool(re.search(r"[AEIOUY]", w)) and w not in NOT_A_NAME


def _caps(word: str) -> bool:
    """Upper case, allowing OCR's `l` for `I` (RODRlGUEZ)."""
    return word.replace("l", "I").isupper()


def _wristband_position(text: str, start: int) -> bool:
    """Is `start` the start of its line, or right after a bed/room number (whiteboard)?"""
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start]
    return re.fullmatch(r"[ \t]*(?:(?i:Rm|Room|Bed)?\.?[ \t]*\d{1,4}[A-Za-z]?[ \t]*[-:]?[ \t]*)?", prefix) is not None


_STREET_WORD = re.compile(rf"(?i:{SUFFIX})")
_MONTH_WORD = re.compile(rf"(?i:{MONTH})\.?")


def _dated_month(text: str, s: int, e: int) -> bool:
    """`28 April 2003`: a month's name with a day or a year beside it is a date's, not `Room 28 - April`."""
    return bool(_MONTH_WORD.fullmatch(text[s:e].strip())) and bool(re.match(r"[ \t,]*\d", text[e:]))


def _same_case(words: list[str]) -> bool:
    """All `Title` or all `CAPS` (initials aside)."""
    long = [w for w in words if len(w.strip(".")) > 1]
    return all(_caps(w) for w in long) or all(w[0].isupper() and not _caps(w) for w in long)


def _glued_name(word: str) -> bool:
    """`LamarCasperHalvorson`, `JohnSmith`: a census given name first, then parts that are surnames or given names,
    and no English word unless a common surname (not `MarkDown`, `JavaScript`, `BillPayment`)."""
    parts = [p.upper() for p in re.findall(r"[A-Z][a-z]+", word)]
    return is_census_first_name(parts[0]) and all(
        (is_surname(p) or is_first_name(p)) and p not in NOT_A_NAME
        and (p not in english_words() or surname_rank(p) <= GLUED_WORD_RANK) for p in parts[1:])


GLUED_WORD_RANK = 1000  # a surname that is also a word (`Smith`, `King`) this common is a name glued on


def _covered(found: list, start: int) -> bool:
    """Does a name found already (with better evidence) cover position `start`?"""
    return any(f[1] <= start < f[2] for f in found)


# Korean names as they are romanised: a one-syllable family name and a two-syllable given name joined by a hyphen
# (`Oh Ji-ho`, `Kwon Chae-won`, or given name first, `Ji-ho Oh`). The Census has few of the family names and none of
# the given names, and an English word never has a capital, a hyphen and a small letter in that shape.
_KOREAN_SURNAMES = (
    "Kim|Lee|Yi|Rhee|Park|Pak|Bak|Choi|Choe|Jung|Jeong|Chung|Kang|Cho|Jo|Yoon|Yun|Jang|Chang|Lim|Im|Han|Oh|O|Seo|Suh"
    "|Shin|Sin|Kwon|Gwon|Hwang|Ahn|An|Song|Yoo|Yu|Ryu|Hong|Jeon|Jun|Chun|Go|Ko|Moon|Mun|Yang|Son|Sohn|Bae|Baek|Paik"
    "|Heo|Hur|Huh|Nam|Noh|Roh|Ha|Kwak|Sung|Seong|Cha|Joo|Ju|Woo|Min|Na|Jin|Ji|Um|Eom|Chae|Won|Bang|Pyo|Byun|Byeon"
    "|Yeo|Do|Gu|Koo|Ku|Seol|Ma|Gil|Yeon|Wi|Pyeon|Tak|Gong|Kong|Ok|Hyun|Hyeon|Maeng|Jegal|Namgung|Seonwoo")
_KOREAN_SYLLABLE = re.compile(r"^(?:g|kk|k|n|d|tt|t|r|l|m|b|pp|p|s|ss|sh|j|jj|ch|h|y|w)?"
                              r"(?:a|ae|ya|yae|eo|e|yeo|ye|o|wa|wae|oe|yo|u|wo|we|wi|yu|eu|ui|i|oo|ee|ou)(?:k|n|t|l|m|p|ng)?$")
_GIVEN_KO = r"[A-Z][a-z]{1,5}-[a-z]{2,5}"
RX_KOREAN = re.compile(rf"(?<![\w\-])(?P<v>(?:{_KOREAN_SURNAMES})[ \t]+(?P<g>{_GIVEN_KO})"
                       rf"|(?P<h>{_GIVEN_KO})[ \t]+(?:{_KOREAN_SURNAMES}))(?![\w\-])")
# `MEGA (Alex)`, `Azure Pipelines (Michael)`: an account, a contact or a device named for whose it is, the person's
# given name in brackets after it.
RX_BRACKETED_GIVEN = re.compile(r"(?<=\S)[ \t]*\((?P<v>[A-Z][a-z'\-]{1,20}(?:[ \t]+[A-Z][a-z'\-]{1,20})?)\)")
# `Ingale household`, `The Okafor family`: a family named by its surname (a field app's household, a card's sender).
RX_FAMILY = re.compile(r"(?<![\w'\-])(?P<v>[A-Z][a-z'\-]{2,30})[ \t]+(?P<k>(?i:household|family|familie|famille"
                       r"|familia|famiglia))\b")
# `JaneDoe`, `ChrisOkafor`: a login or a display name that glues a common given name to a surname.
RX_GLUED_NAME = re.compile(r"(?<![\w@.])(?P<v>(?P<g>[A-Z][a-z]{2,14})(?P<s>[A-Z][a-z]{1,20}))(?![\w@])")
# `rick.bergfalk`, `anna.kowalczyk`: a login made of a given name, a dot and a surname, as directories hand them out.
RX_DOTTED_LOGIN = re.compile(r"(?<![\w.@/:\-])(?P<v>(?P<g>[a-z]{3,12})\.(?P<s>[a-z]{4,20}))(?![\w@/\-]|\.\w)")
_LOWER_AFTER = re.compile(r"[ \t]+([a-z]{3,})[ \t.]*(?:\n|$)")
_PROSE_AFTER = re.compile(r"[ \t]+[a-z]+[ \t]+[a-z]+")


# `Entspannung, Nervenkraft`: a comma pair the Census never saw, in title case where a wristband puts a name; as
# weak as the guesses of 0.6 from words no dictionary has (a vocative, an owned device), which is no evidence on a
# page in another language (`phi._english_only_evidence`).
UNKNOWN_PAIR_SCORE = 0.6
UNKNOWN_WORDS_SCORE = 0.5  # a name alone on its line whose words only no dictionary has (`_alone`): the weakest
COMMON_GIVEN_RANK = 600  # a bracket holds a common given name; a rarer one is as likely a house or a brand (`Tyrell`)


def _bracketed_given(words: list[str]) -> bool:
    """A common Census given name that is no ordinary word or month (`(Alex)`, not `(Will)`, `(May)`, `(Beta)`), and a
    second word, if any, that is a surname or no ordinary word."""
    first = words[0].upper()
    if first_name_rank(first) > COMMON_GIVEN_RANK or first in MONTH_NAMES or first in english_words() \
            or first in NOT_A_NAME:
        return False
    return len(words) == 1 or is_surname(words[1].upper(), common_only=True) or words[1].upper() not in english_words()


def _thing_phrase(text: str, words: list[str], end: int) -> bool:
    """One capitalised word that is no given name, then an ordinary lower-case word ending the value: a thing's name
    (`Bronze vase`, `Miller tower`), as people's names are capitalised word by word (`Okafor called at 3` goes on)."""
    after = _LOWER_AFTER.match(text, end)
    return (len(words) == 1 and after is not None and not is_first_name(letters_of(words[0]).upper())
            and (w := after.group(1).upper()) in english_words() and not is_first_name(w) and surname_rank(w) > 5000)


# A form's label ends with what its field holds: a value ending so is the next field's label, never a name.
_FIELD_NOUNS = frozenset({"NAME", "NAMES", "DATE", "NUMBER", "ADDRESS", "SIGNATURE", "URL", "ID", "CODE", "PHONE",
                          "EMAIL", "TYPE", "STATUS", "WEIGHT", "HEIGHT", "SIZE", "SEX", "GENDER", "AGE", "LOCATION"})


class NameRecognizer(EntityRecognizer):
    """`PATIENT_NAME` and `STAFF_NAME` spans; see the module docstring for the evidence used."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["PATIENT_NAME", "STAFF_NAME"], name="NameRecognizer")

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        found: list[tuple[str, int, int, float]] = []

        def run(rx: re.Pattern[str], entity: str, score: float, need_evidence: bool | None,
                unknown_ok: bool = False) -> None:
            """need_evidence None: only when the value has no comma (`Smith, J` is a name by form);
            `unknown_ok`: a word no dictionary has is evidence too (`Nurse Comfey`, not `Nurse Manager`)."""

            def accept(m: re.Match[str]) -> float | None:
                part = _name_part(text, *m.span("v"), name_field=_name_field(text, m))
                if part is None:
                    return None
                s, e, words = part
                if camel_glued(text[s:e]) or _dated_month(text, s, e) or _acronyms(words):
                    return None
                if rx is not RX_LABELLED and _product(words):
                    return None  # (under a person's label the capitals are a surname no list knows: fail closed)
                if _THING_NAME.search(text[: m.start()]) and re.match(r"(?i)name\b", text[m.start():]):
                    return None  # `Device Name`, `Host name:`: the label names a thing
                if letters_of(words[-1]).upper() in _FIELD_NOUNS and not any(
                        is_first_name(letters_of(w).upper()) for w in words[:-1]):
                    return None  # `GIVEN NAMES`, `VIOLATION DATE`: a blank form's next label (not `Sarah Date`)
                if (rx is RX_BOARD and len(words) == 1 and _ordinary(words[0])
                        and surname_rank(letters_of(words[0]).upper()) > BADGE_SURNAME_RANK):
                    return None  # a screen's count or icon before a word (`4 Sites`, `9 Stage`), not a bed's `12 Wood`
                if rx in (RX_TITLE, RX_TITLE_CAPS):
                    s = m.start()  # the courtesy title goes with the name
                v = m.group("v")
                if (rx is RX_WEAK and all(_ordinary(w) for w in words)
                        and not _WEAK_ONLY.match(text[m.start() : m.start("v")].strip(" \t,.!-"))):
                    return None  # `Participant List`, `Customer Service`: a role word and a noun make a thing's name
                by_form = "," in v or re.match(r"[A-Z01]\.[ \t]*[A-Z]", v) is not None  # `Smith, J` / `J. Smith`
                need = not by_form if need_evidence is None else need_evidence
                if need and not (_evidence(words) or unknown_ok and _unknown_words(words)):
                    return None
                if "\n" in text[m.start() : s] and _prose_label(text, m.start()) and _plain_below(words):
                    return None  # a blank form's `or Spouse` over `Works`, `... or ... spouse` over `Head of household`
                if "\n" in text[m.start() : s] and _plain_below(words) and _FIELD_AFTER.match(text, e):
                    return None  # a blank `Name` over the next field, `Payment Mode : Cash`
                if rx not in (RX_TITLE, RX_TITLE_CAPS) and _thing_phrase(text, words, e):
                    return None  # a `name` column's `Bronze vase`: the value runs on in lower case
                # `Doctor Search`, `Provider View`: a button after a role word (not `Dr. House`, `Doctor: Strange`)
                between = text[m.start() : s]
                colon = ":" in between and "\n" not in between
                if (entity == "STAFF_NAME" and rx is not RX_STAFF_SUFFIX and _plain_below(words)
                        and not _TITLE_ABBREVIATION.match(text, m.start()) and not colon):
                    return None
                if rx is RX_WEAK and text[m.start() : m.start("v")].strip(" \t,.!-") in ("to", "for", "from"):
                    return None  # `Welcome to VA San Diego`: a preposition in a sentence, not a letter's `To` label
                if rx is RX_BOARD and len(words) == 1 and _PROSE_AFTER.match(text, e):
                    return None  # `250 Nice to meet you`: a numbered reply's sentence, not a bed's patient
                if rx is RX_BOARD and len(words) == 1 and _TIME_UNIT.fullmatch(words[0]):
                    return None  # `4 MIN`, a chat list's age of its last message (MIN is a surname too)
                found.append((entity, s, e, score))
                return score

            for _ in search_all(rx, text, accept):
                pass

        run(RX_LABELLED, "PATIENT_NAME", 0.9, need_evidence=False)
        run(RX_OCCASION_END, "PATIENT_NAME", 0.8, need_evidence=False)
        run(RX_OCCASION, "PATIENT_NAME", 0.8, need_evidence=True)
        run(RX_WEAK, "PATIENT_NAME", 0.8, need_evidence=True)
        run(RX_WITH, "PATIENT_NAME", 0.8, need_evidence=True, unknown_ok=True)
        run(RX_VERSUS_AFTER, "PATIENT_NAME", 0.8, need_evidence=True)
        run(RX_VERSUS_BEFORE, "PATIENT_NAME", 0.8, need_evidence=True)
        run(RX_PATIENT_WORD, "PATIENT_NAME", 0.8, need_evidence=True, unknown_ok=True)
        run(RX_TITLE, "PATIENT_NAME", 0.8, need_evidence=False)
        run(RX_TITLE_CAPS, "PATIENT_NAME", 0.8, need_evidence=False)
        run(RX_BANNER, "PATIENT_NAME", 0.9, need_evidence=False)
        run(RX_BANNER_AGE, "PATIENT_NAME", 0.9, need_evidence=False)
        run(RX_STAFF_STRONG, "STAFF_NAME", 0.85, need_evidence=False)
        run(RX_STAFF_COLON, "STAFF_NAME", 0.85, need_evidence=False)
        run(RX_BY, "STAFF_NAME", 0.8, need_evidence=True, unknown_ok=True)
        run(RX_BYLINE, "PATIENT_NAME", 0.8, need_evidence=True, unknown_ok=True)
        for m in RX_LOGIN.finditer(text):
            self._login(m, found)
        for m in RX_NAME_NUMBER.finditer(text):
            given = m.group("v").rstrip("0123456789").upper()
            if (is_first_name(given) and not _ordinary(given) and not _MONTH_WORD.fullmatch(given)
                    and not _covered(found, m.start("v"))):  # (`May11`, `April13`: a date glued by the OCR)
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.6))
        for m in RX_NAME_CODED.finditer(text):
            coded = re.search(r"[A-Za-z_][\w\-]*\d|\d[\w\-]*[A-Za-z_]|\b\d{4,}\b", m.group("v"))
            if coded and not _THING_NAME.search(text[: m.start()]) and not _covered(found, m.start("v")):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.8))
        for m in RX_FILEMAN.finditer(text):
            if m.end("label") == m.start("v") and not m.group("label")[-1].islower():
                continue  # glued to a label in capitals (`PATIENT,JOE` as `PA` + `TIENT,JOE`): no case to part them
            staff = re.fullmatch(rf"(?i:{STAFF_LABEL})", m.group("label")) is not None
            found.append(("STAFF_NAME" if staff else "PATIENT_NAME", m.start("v"), m.end("v"), 0.85 if staff else 0.9))
        for m in RX_GLUED.finditer(text):
            if _glued_name(m.group("v")) and not _covered(found, m.start("v")):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.75))
        for m in RX_PASSENGER.finditer(text):
            if not is_first_name(m.group("given")):
                continue
            a, b = m.span("v")
            inside = [f for f in found if a <= f[1] and f[2] <= b]  # a label's rule took the surname only
            for f in inside:
                found.remove(f)
            if not _covered(found, a):
                found.append(("PATIENT_NAME", a, b, max([0.8] + [f[3] for f in inside])))
        for m in RX_OWNED_DEVICE.finditer(text):
            word = m.group("v")
            given = letters_of(word)
            owner = given if is_first_name(given) else given[:-1] if given.endswith("S") else given
            # `Linus' Phone`: a possessive apostrophe says an owner, a name no census lists (no English word) too
            apostrophe = text[m.end("v") : m.end("v") + 1] in ("'", "\u2019")
            known = is_first_name(owner) or apostrophe and given not in english_words() and given not in NOT_A_NAME
            if known and not _ordinary(owner) and not _covered(found, m.start("v")):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.6))
        for m in RX_FROM.finditer(text):
            word = letters_of(m.group("v"))
            if (word not in NOT_A_NAME and not _covered(found, m.start("v"))
                    and (is_first_name(word) and not _ordinary(word) or m.group("v")[0].isupper() and _unknown_words(
                        [m.group("v")]))):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.7))
        for m in RX_VOCATIVE.finditer(text):
            g = "v" if m.group("v") else "g"
            word = m.group(g)
            if (len(_line_at(text, m.start()).split()) <= VOCATIVE_WORDS and not _covered(found, m.start(g))
                    and letters_of(word) not in NOT_A_NAME
                    and (is_first_name(letters_of(word)) or _unknown_words([word]))):
                found.append(("PATIENT_NAME", m.start(g), m.end(g), 0.6))
        for m in RX_INITIAL_LOGIN.finditer(text):
            surname = m.group("v")[2:].upper()
            if (is_surname(surname, common_only=True) and not _plain_below([surname])
                    and not _covered(found, m.start("v"))):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.6))
        run(RX_STAFF, "STAFF_NAME", 0.8, need_evidence=True, unknown_ok=True)
        run(RX_STAFF_SUFFIX, "STAFF_NAME", 0.85, need_evidence=False)
        run(RX_ROOM, "PATIENT_NAME", 0.8, need_evidence=None)
        run(RX_BOARD, "PATIENT_NAME", 0.75, need_evidence=None)
        for m in RX_COMMA.finditer(text):
            self._comma(text, m, found)
        # an English word before a name is no reason to miss it (`Meeting Andrey Tetekin`): a pair that is no name
        # and opens with one is tried again from its second word (a noun phrase's stay together: `Die Praxis Weber`;
        # a name no list knows stays whole for the rules that read it so: `Phm Hồng Phúc`)
        pos = 0
        while (m := RX_FULL.search(text, pos)) is not None:
            before = len(found)
            self._full(m, found)
            lead = letters_of(m.group("v").split()[0])
            again = (len(found) == before and lead in english_words() and not DETERMINER.match(m.group("v"))
                     and lead not in _POSSESSIVE)
            pos = m.start("v") + 1 if again else m.end()
        for m in RX_GIVEN_INITIAL.finditer(text):
            given = letters_of(m.group("g"))
            if (is_first_name(given) and given not in english_words() and given not in NOT_A_NAME
                    and not _MONTH_WORD.fullmatch(given) and not _covered(found, m.start("v"))):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.6))
        for m in RX_SURNAME_FIRST.finditer(text):
            self._surname_first(m, found)
        for m in RX_ALONE.finditer(text):
            self._alone(m, found)
        for m in RX_INITIALED.finditer(text):
            self._initialed(m, found)
        for m in RX_ROLE_AFTER.finditer(text):
            if not all(_ordinary(w) or letters_of(w).upper() in NOT_A_NAME for w in m.group("v").split()):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.9))
        for m in RX_BRACKETED_GIVEN.finditer(text):
            if _bracketed_given(m.group("v").split()):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.8))
        for m in RX_KOREAN.finditer(text):
            given = m.group("g") or m.group("h")
            if all(_KOREAN_SYLLABLE.match(part.lower()) for part in given.split("-")):  # not `Re-test Kim`, `Co-op Lee`
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.8))
        for m in RX_GLUED_NAME.finditer(text):
            given, last = m.group("g").upper(), m.group("s").upper()
            if (first_name_rank(given) <= COMMON_GIVEN_RANK and given not in english_words() and given not in NOT_A_NAME
                    and is_surname(last, common_only=True) and last not in NOT_A_NAME):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.6))
        for m in RX_DOTTED_LOGIN.finditer(text):
            # a common given name before the dot; after it a surname no dictionary has as a word (not `mark.down`,
            # `max.width`, `john.com`: words, and a domain's ending, are no surname)
            given, last = m.group("g").upper(), m.group("s").upper()
            if (first_name_rank(given) <= COMMON_GIVEN_RANK and given not in NOT_A_NAME and last not in english_words()
                    and last not in NOT_A_NAME and _pronounceable(m.group("s").capitalize())
                    and not re.fullmatch(r"(?i)com|org|net|info|html?|json|yaml|toml|conf|local|test", last)):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.6))
        for m in RX_FAMILY.finditer(text):
            # a household is anyone's; a `family` only a common surname's (`Font family`, `Royal Family` are no one's)
            w = letters_of(m.group("v")).upper()
            word = w in english_words() and w not in TRADE_SURNAMES  # `Smith` is a trade's word and a surname
            if (w not in NOT_A_NAME or w in TRADE_SURNAMES) and not word and (
                    is_surname(w, common_only=True) or m.group("k").lower() == "household"):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.8))
        for m in RX_GIVEN_PAIR.finditer(text):
            pair = [letters_of(m.group(g)) for g in "ab"]
            if (all(is_first_name(w) and w not in NOT_A_NAME and not _MONTH_WORD.fullmatch(w) for w in pair)
                    and not all(w in english_words() for w in pair) and not _covered(found, m.start("v"))):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.6))
        for m in RX_DEMO_ACCOUNT.finditer(text):  # two ordinary words, but in a name's place: as sure as a label
            found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.9))
        for m in RX_DISPLAY_NAME.finditer(text):
            if not _ROLE_MAILBOX.search(m.group("box")) and not all(map(_ordinary, m.group("v").split())):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.8))
        for m in RX_CRUMB.finditer(text):
            words = [letters_of(w).upper() for w in m.group("v").split()]
            if not any(w in NOT_A_NAME for w in words) and (
                    is_first_name(words[0]) or not all(w in english_words() for w in words)):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.8))
        for m in RX_HOME.finditer(text):
            v = m.group("v")
            if not (SYSTEM_LOGIN.match(v) or _DEVICE_LOGIN.match(v) or _HOME_SYSTEM.match(v) or _ordinary(v)):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.6))
        for m in RX_KIN_OF.finditer(text):
            if m.group("baby") or not any(letters_of(w).upper() in english_words() for w in m.group("v").split()):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.85))
        for m in RX_SIGNED_IN_AS.finditer(text):
            # (a word is a role's account: `Currently logged in as Super User`)
            if not (SYSTEM_LOGIN.match(m.group("v")) or _covered(found, m.start("v"))
                    or letters_of(m.group("v")).upper() in english_words()):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.7))
        for m in RX_PROMPT.finditer(text):
            if not (SYSTEM_LOGIN.match(m.group("v")) or _DEVICE_LOGIN.match(m.group("v"))):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.6))
        for m in RX_NUMBERED_PERSON.finditer(text):
            found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.9))
        for m in RX_ET_AL.finditer(text):
            if letters_of(m.group("v")).upper() not in english_words():
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.7))
        # a common given name in a place that says a person: a meeting, a record's owner, a workspace member
        for rx, given_group, score in ((RX_MEETING, "v", 0.7), (RX_POSSESSIVE_RECORD, "g", 0.8),
                                       (RX_AT_WORKSPACE, "g", 0.7)):
            for m in rx.finditer(text):
                given = m.group(given_group).upper()
                # a title's name before a dash is no word too (`Max - Weight` is a setting, `Mark: Visits` a verb)
                titled = rx is RX_POSSESSIVE_RECORD and not m.group("own")
                if _common_given(given) and not (titled and given in english_words()):
                    found.append(("PATIENT_NAME", m.start("v"), m.end("v"), score))
        for m in RX_DICOM.finditer(text):
            found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.85))
        for m in RX_LABELLED_LOWER.finditer(text):
            self._lower(m, found)
        for m in RX_BIRTHDAY.finditer(text):
            g = "v" if m.group("v") else "w"
            first = letters_of(m.group(g).split()[0]).upper()
            # a person's, not a holiday's (`King's Birthday`) or a firm's (`Company's birthday`)
            if first not in NOT_A_NAME and (is_first_name(first) or first not in english_words()):
                found.append(("PATIENT_NAME", m.start(g), m.end(g), 0.85))
        found = [f for f in found if not _WEEKDAY_ROW.fullmatch(_line_at(text, f[1]).strip())]

        return [
            RecognizerResult(
                entity_type=entity,
                start=s,
                end=e,
                score=score,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for entity, s, e, score in found
            if not entities or entity in entities
        ]

    @staticmethod
    def _comma(text: str, m: re.Match[str], found: list) -> None:
        """`DOE, JOHNATHAN [Q]`: the wristband and chart layout."""
        start = m.start("v")
        last, _, rest = m.group("v").partition(",")
        # `Room KOWALSKI, RAJESH` (OCR lost the number): leading non-name words are not the surname.
        while (lead := re.match(r"(\S+)[ \-]+(?=\S)", last)) and letters_of(lead.group(1)) in NOT_A_NAME:
            start += lead.end()
            last = last[lead.end() :]
        if re.search(r"['\u2019]s$", last.strip()):
            return  # `St John's, Fremont`: a possessive is a place's or a shop's, no surname before its given name
        first = rest.split()[0] if rest.split() else ""
        lw = [letters_of(w) for w in re.split(r"[ \-]", last.strip()) if w]
        fw = letters_of(first)
        if any(w in NOT_A_NAME and w not in TRADE_SURNAMES for w in lw) or fw in NOT_A_NAME:
            return
        if (len(parts := last.split()) >= 2 and _STREET_WORD.fullmatch(parts[-1].rstrip("."))
                and not re.fullmatch(PARTICLE, parts[-2], re.IGNORECASE)):
            return  # `Westminster Bridge Road, London`: a street and its town, not `Surname, Given`
        vocab = english_words()
        if fw in vocab and not is_first_name(fw) and lw and all(w in vocab for w in lw):
            return  # `Page, Offset`, `Height, Weight`: a header's two words, no given name among them
        if fw in vocab and not is_first_name(fw) and _line_at(text, m.start()).count(",") >= 3:
            return  # `Spectrometer 3, Bach, Spectrometer 4,`: a list of things, one of them a surname's word
        if _RX_LIST_BEFORE.search(text[: m.start("v")]) and _RX_LIST_AFTER.match(text, m.end("v")):
            return  # `fats (Palm, Shea, Sal)`: the middle of a list of single words, not `Surname, Given`
        hit = any(is_surname(w) for w in lw) or is_first_name(fw)
        caps = _caps(last) and _caps(first)
        if hit and (is_first_name(fw) or caps or any(is_surname(w, common_only=True) for w in lw)):
            score = 0.85
        elif _wristband_position(text, m.start("v")) and all(_pronounceable(w) for w in (*lw, fw)):
            after = text[m.end("v") :].split("\n", 1)[0].strip()
            alone = not after or re.fullmatch(_LIST_DATE, after) is not None  # (or its date beside it)
            if not (caps or alone):
                return
            # `LAST, FIRST` the Census never saw, where a wristband or a whiteboard puts it.
            score = 0.7 if caps else UNKNOWN_PAIR_SCORE
        else:
            return
        if rest.strip() in _PLACE_CODES:
            # `Austin, TX`, `London, GB`: a city and its state's or country's code, or a surname and two initials
            # (`Doe, JA`). Masked either way, but no sign of a person that makes the page someone's record.
            score = min(score, 0.6)
        found.append(("PATIENT_NAME", start, m.end("v"), score))

    @staticmethod
    def _login(m: re.Match[str], found: list) -> None:
        """A login that is no ordinary word nor a system account (`root`, `admin`, `guest`); a given name that is also
        a word (`dan`, `mark`) is its user's name."""
        v = m.group("v").split("@", 1)[0]  # the account, without the host it signs in to
        word = letters_of(v)
        common = english_words()
        plain = word in common and not (is_first_name(word) and len(word) >= 3)
        if not common or plain or word in NOT_A_NAME or SYSTEM_LOGIN.match(v):
            return
        if _covered(found, m.start("v")):
            return
        found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.6))

    @staticmethod
    def _lower(m: re.Match[str], found: list) -> None:
        """`First Name: john`, `Name: frazer.smith`: lower-case words after a person label, each a census name or a
        word no dictionary has that can be said (`zsh`, a shell under a process's `Parent:`, cannot)."""
        common = english_words()
        # (a login made of the name, `frazer.smith`, is the name too)
        words = [letters_of(w) for w in re.split(r"[ \t._]+", m.group("v")) if w]
        if any(w in NOT_A_NAME and not (k and w in TRADE_SURNAMES and is_first_name(words[k - 1]))
               for k, w in enumerate(words)):
            return  # (`john smith`: a trade word after a given name is a surname)
        if all(is_first_name(w) or is_surname(w, common_only=True)
               or (common and w not in common and _pronounceable(w)) for w in words):
            found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.8))

    @staticmethod
    def _alone(m: re.Match[str], found: list) -> None:
        """`Ngozi Babatunde` alone on its line: a badge name the Census lists never saw.

        Every word must be shaped like a name (pronounceable, not a known non-name word, not an
        ordinary English word), and the words must agree in case (all `Title` or all `CAPS`), as
        printed names do; signage such as `Fall Risk` or `Gift Shop` fails on its vocabulary.
        """
        words = m.group("v").split()
        common = english_words()
        if not common or any(letters_of(w) in common for w in words):
            return  # `Fall Risk`, `Sharps Container`; and with no word list, no guessing
        title = all(w[0].isupper() and w[1:].replace("-", "").replace("'", "").islower() for w in words)
        caps = all(_caps(w) for w in words)
        if not (title or caps) or not all(_pronounceable(w) for w in words):
            return
        if len(words) == 4 and not (title and all(len(w) >= 4 for w in words)):
            return  # four words are a name only as Iberian names print them (`HIER KAUF ICH EIN` is a slogan)
        if _covered(found, m.start("v")):
            return  # already found with better evidence
        found.append(("PATIENT_NAME", m.start("v"), m.end("v"), UNKNOWN_WORDS_SCORE))

    @staticmethod
    def _surname_first(m: re.Match[str], found: list) -> None:
        """`MILLER Stephanie`: a surname in capitals (the Census's, or no ordinary word) before a census
        first name in Title case; `EXIT Maria` and `CALL Grace` fail on the first word."""
        words = m.group("v").split()
        last, given = letters_of(words[0]), letters_of(words[1])
        common = english_words()
        if last in NOT_A_NAME and last not in TRADE_SURNAMES or given in NOT_A_NAME or not is_first_name(given):
            return
        if not (is_surname(last) or (common and last not in common and _pronounceable(last))):
            return
        if _covered(found, m.start("v")):
            return
        found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.75))

    @staticmethod
    def _initialed(m: re.Match[str], found: list) -> None:
        """The surname must be a census surname or no ordinary word (`A. Introduction` is a heading),
        and no hospital word (`N. Main`), nor a street word (`L.B.S. Marg`, a road named after initials)."""
        last = letters_of(m.group("v").split()[-1].split(".")[-1])
        if (last in NOT_A_NAME and last not in TRADE_SURNAMES) or _covered(found, m.start("v")):
            return
        if _STREET_WORD.fullmatch(last):
            return
        common = english_words()
        if not common or (last in common and not is_surname(last, common_only=True)):
            return
        found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.6))

    @staticmethod
    def _full(m: re.Match[str], found: list) -> None:
        """`John Smith`, `JOHN Q. SMITH`: both parts in the Census lists, neither a common word."""
        words = m.group("v").split()
        first, last = letters_of(words[0]), letters_of(words[-1])
        if camel_glued(m.group("v")):
            return
        if last in NOT_A_NAME and last not in TRADE_SURNAMES:
            return
        if first in NOT_A_NAME:
            # `Jan Kowalski`, `MAY OKONJO`: a first name that is also a word, before a word only a name can be.
            # (a possessive names a screen's own page, `My Timesheet`, `My Workspace`, unless a census surname
            # follows it: `My Nguyen`)
            if (given_word(first) and _strong_surname(words[-1]) and _same_case(words) and len(words) == 2
                    and (first not in _POSSESSIVE or is_surname(last, common_only=True))):
                found.append(("PATIENT_NAME", m.start("v"), m.end("v"), 0.6))
            return
        if is_first_name(first) and (is_surname(last, common_only=True) or is_first_name(last)):
            score = 0.75
        elif ((is_first_name(first) and _pronounceable(last) and (last not in english_words() or is_surname(last))) or (
            _pronounceable(first) and surname_rank(last) <= BADGE_SURNAME_RANK
            and not ({first, last} <= english_words() and not is_first_name(first))  # `Low Power` is two words
        )) and _same_case(words):
            # One half known, the other shaped like a name: a badge or a door card. Recall first. The
            # words agree in case, as a printed name's do (`CTA Head` is an acronym and a word).
            score = 0.6
        elif len(words) == 3 and len(letters_of(words[1])) == 1 and _pronounceable(first) and _pronounceable(last) \
                and _same_case([words[0], words[2]]) and not {first, last} & english_words():
            # `KALEEN R SKERSIES`: two words no dictionary has, a middle initial between them: only a
            # person is written so (`VITAMIN D DEFICIENCY` is all words).
            score = 0.6
        else:
            return
        found.append(("PATIENT_NAME", m.start("v"), m.end("v"), score))
