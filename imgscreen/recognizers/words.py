"""Words that are never taken for a person's name without a label, though many are Census surnames.

The 1990 Census surname list holds HALL, WING, PARK, CARE, LAB, FLOOR, NURSE and PATIENT: signage
would light up with "names" without this list. It is hand-made for hospital photos (departments,
signage, clinical words, drugs, days and months) plus spaCy's English stop words. A labelled name
(`Patient: Hall, Rose`) is flagged whatever this list says.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

_HOSPITAL_TEXT = """
access acute admin admission admissions adult after all allergy alert ambulance ambulatory and
anesthesia area arrivals arrive art assessment attention authorized baby bath bathroom bay bed beds
bedside behavioral birth birthing blood board body bone brain breakfast breast building burn cafe
cafeteria call campus cancer cardiac cardiology care cart center centre chair change chapel chart check
child children clean clear clinic clinical close closed code coffee cold college come community
conference consult contact control corridor counter covid critical daily danger day days dental
department desk diabetes diagnostic dialysis diastole diastolic diet dietary dining director discharge do doctor doctors
donate door doors down dress drug east eat education elevator elevators emergency employee employees
endoscopy enter entrance entry environmental equipment event events exam exit express eye faith family
fast fever financial fire first floor flu food for free friday front garden general gift glove gloves go
gown grace guest guests hall hand hands health hearing heart help high home hope hospice hospital hot
hours house housekeeping hygiene icu imaging immunization infection info information infusion inpatient
intensive isolation join kitchen lab labor labs laboratory last left level library life light line lobby
lot lounge lower lung main maintenance management mask masks maternity meal medical medicine meeting
member memorial mental monday month morning new night no north note notice now nurse nurses nursing
nutrition occupational office oncology only open operating or orthopedic out outpatient oxygen pain park
parking patient patients pediatric pediatrics personnel pharmacy physical physician plan please point
policy post prayer pre precautions pressure prevention primary private procedure program protection
public pull push quiet radiology reception record records recovery registration rehab rehabilitation
relief research respiratory rest restroom restrooms right room rooms round safe safety saturday schedule
screening security see service services shift shop side sign silence sleep smoking social south
spiritual staff stairs stairway start station stay stop storage street stroke suite sunday supply
support surgery surgical systole systolic team thank thursday today tower transport trauma triage tuesday unit up upper
urgent use vaccine visit visiting visitor visitors volunteer volunteers waiting ward wash water way
wednesday week welcome well wellness west wheelchair wing women workers world x-ray young youth zone
january february march april may june july august september october november december jan feb mar apr
jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun am pm mg ml mcg kg lb lbs
bp hr rr temp spo2 iv po prn bid tid qid qd npo dnr full code tylenol advil motrin aspirin heparin
insulin lasix morphine saline the of to in on at by with from as an a is be are was mr mrs ms miss dr
prof sir madam rn md do np pa lpn cna god lord saint st mount mt holy sacred mercy providence baptist
methodist presbyterian lutheran general county regional university memorial childrens valley river lake
hill spring springs city county state north south east west central love happy joy peace rose lily ivy
daisy violet iris hazel olive pearl ruby amber crystal dawn eve summer autumn winter spring star sky
storm rain snow brook river forest stone rock king queen prince duke earl baron knight bishop pope major
judge sheriff marshal black white brown green gray grey gold silver red blue long short little small
large big strong wise rich fair baker butler carpenter cook fisher gardner hunter mason miller porter
potter shepherd smith taylor turner walker ward weaver wood woods will may june april august faith hope
grace joy chance chase
untitled unnamed unknown anonymous none null undefined
"""
_HOSPITAL = _HOSPITAL_TEXT.split() + [
    "id",
    "no",
    "number",
    "serial",
    "plate",
    "license",
    "licence",
    "manager",
    "director",
    "supervisor",
    "coordinator",
    "educator",
    "practitioner",
    "assistant",
    "aide",
    "specialist",
    "technologist",
    "ready",
    "clean",
    "dirty",
    "occupied",
    "vacant",
    "available",
    "empty",
    "blocked",
    "pending",
    "discharged",
    "years",
    "year",
    "old",
    "units",
    "unit",
    "dose",
    "tablet",
    "tablets",
    "panel",
    "code",
    "status",
    "hours",
    "hour",
    "minutes",
    "today",
    "tomorrow",
    "yesterday",
    "draw",
    "infusion",
    "services",
    "service",
    "pavilion",
    "institute",
    "lounge",
    "window",
    "number",
    "serving town grand rounds field meeting break class update sterile soon get",
    "ok",  # a dialog's button, a protocol's reply (`200 OK`)
    # other languages' pronouns and small words, which no name is made of (`Wurden Sie`, `Helfen Sie, die`: an app's
    # German prose; `Será` on a Portuguese form; not the Census's `Vos`, `Para`, `Sera`)
    "sie ihr ihre ihnen wir ich und nicht ist sind wurden wurde werden haben bitte kein keine aktiv inaktiv"
    " vous nous votre avec est pas usted ustedes con sus você voce não nao seu sua será sono non per",
    "dob mrn ssn dos fin csn acct age sex ht wt rm dx hx npi dea",
    # imaging and its anatomy: a viewer's series and structure labels (`MRI PROSTATEX`, `Precentral Gyrus`)
    "mri ct pet spect ecg ekg eeg emg ultrasound xray dicom scan scans study series mammo mammogram echo cath"
    " biopsy axial sagittal coronal contrast flair dwi adc gyrus sulcus lobe cortex ventricle thalamus"
    " cerebellum brainstem hippocampus amygdala lumbar thoracic cervical pelvis abdomen prostate bladder"
    " uterus ovary thyroid aorta femur tibia humerus neck chest knee shoulder hip wrist ankle elbow"
    " skull liver kidney spine",
]

# Given names that are also words: never "not a name". `Grace Garcia` on a pharmacy label is a person;
# `Grace Chapel` stays readable because CHAPEL is not a name.
_GIVEN = (
    "FAITH GRACE HOPE JOY ROSE LILY IVY DAISY VIOLET IRIS HAZEL OLIVE PEARL RUBY AMBER CRYSTAL DAWN EVE "
    "SUMMER AUTUMN CHANCE CHASE APRIL JUNE"
)
GIVEN_NAME_WORDS = frozenset(_GIVEN.split())
NOT_A_NAME: frozenset[str] = (
    frozenset(w.upper() for entry in (*_HOSPITAL, *STOP_WORDS) for w in entry.split()) - GIVEN_NAME_WORDS
)
# Common surnames that are also trade words: dropped from NOT_A_NAME when they follow a first name
# ("John Smith", "Mary Walker"), since a first name before them tells us it is a person.
_TRADE = (
    "baker butler carpenter cook fisher gardner hunter mason miller porter potter shepherd "
    "smith taylor turner walker ward weaver wood woods young white brown green gray grey black king long "
    "little hall hill park west north south east rose stone rich wise fair knight bishop major judge "
    "marshal brook brooks rock summer winter hope grace"
)
TRADE_SURNAMES: frozenset[str] = frozenset(w.upper() for w in _TRADE.split())


# Debian's `wamerican` word list (SCOWL, installed by setup.sh). Its lower-case entries are ordinary
# English words; capitalised entries (proper names) are left out.
DICTIONARY_FILES = (Path("/usr/share/dict/american-english"), Path("/usr/share/dict/words"))


@cache
def english_words() -> frozenset[str]:
    """Upper-case common English words, or an empty set when no system word list is installed.

    Only used to tell a badge name the Census never saw (`Ngozi Babatunde`) from a two-word sign
    (`Fall Risk`, `Sharps Container`): a line all of whose words are not ordinary English words.
    Without the list that rule is off (see `names.NameRecognizer._alone`), never guessing.
    """
    return frozenset(w.upper() for w in first_word_list(DICTIONARY_FILES) if w.isalpha() and w.islower())


def all_ordinary(words: list[str]) -> bool:
    """Every word an ordinary English word (a setting's value, a menu line), never a guess: False with no words
    or no system word list."""
    vocab = english_words()
    return bool(vocab) and bool(words) and all(w.upper() in vocab for w in words)


def first_word_list(paths: tuple[Path, ...]) -> list[str]:
    """The entries of the first of `paths` that can be read (one system word list), or none."""
    for path in paths:
        if (words := word_list(path)) is not None:
            return words
    return []


def word_list(path: Path) -> list[str] | None:
    """A system word list's entries; None when the file is not there. (Not cached: each caller keeps the
    set it derives, not the list's megabytes.)"""
    try:
        return path.read_text(encoding="utf-8", errors="ignore").split()
    except OSError:
        return None


_GLUED = re.compile(r"[a-z]{4,}[A-Z]|[a-z][A-Z]{3,}|\b[A-Z]{2,}s\b")


def camel_glued(text: str) -> bool:
    """`VentureMiamiWarehouse`, `CepheidHBDCSAS`: words or an acronym glued on after four small letters,
    as shipment, file and product names are made, or an acronym's plural (`LEDs`, `IDs`); a name's inner
    capital follows a short prefix (`McDonald`, `DeShawn`, `LaToya`)."""
    return bool(_GLUED.search(text))


# Countries and territories whose names a census reads as a person's (`Sierra Leone`: SIERRA is a given
# name, LEONE a surname; `Jordan`, `Chad`, `Georgia`): a span that is exactly one of them is a place.
_COUNTRIES = """
Afghanistan|Albania|Algeria|Andorra|Angola|Antigua|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahamas|Bahrain
|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bermuda|Bhutan|Bolivia|Bosnia|Botswana|Brazil|Brunei|Bulgaria
|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Cape Verde|Chad|Chile|China|Colombia|Comoros|Congo|Costa Rica
|Croatia|Cuba|Cyprus|Czechia|Denmark|Djibouti|Dominica|Ecuador|Egypt|El Salvador|Eritrea|Estonia|Eswatini|Ethiopia
|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guyana|Haiti|Honduras
|Hong Kong|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan
|Kazakhstan|Kenya|Kiribati|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein
|Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Marshall Islands|Mauritania|Mauritius|Mexico
|Micronesia|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Namibia|Nauru|Nepal|Netherlands
|New Zealand|Nicaragua|Niger|Nigeria|North Macedonia|Norway|Oman|Pakistan|Palau|Palestine|Panama|Papua New Guinea
|Paraguay|Peru|Philippines|Poland|Portugal|Puerto Rico|Qatar|Romania|Russia|Rwanda|Saint Lucia|Saint Kitts
|Samoa|San Marino|Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia
|Solomon Islands|Somalia|South Africa|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan
|Tajikistan|Tanzania|Thailand|Timor|Togo|Tonga|Trinidad|Tobago|Tunisia|Turkey|Turkmenistan|Tuvalu|Uganda|Ukraine
|Uruguay|Uzbekistan|Vanuatu|Vatican|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe
"""
COUNTRY_NAMES = frozenset(" ".join(c.split()).upper() for c in _COUNTRIES.replace("\n", "").split("|"))
