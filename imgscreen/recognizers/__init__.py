"""Our presidio recognizers for the text-borne HIPAA identifiers, and what each entity means.

`build_recognizers()` is the registry: every recognizer the PHI analyzer runs. `ENTITIES` maps each
entity a recognizer emits to its Safe Harbor identifier and the plain words a report shows.
presidio's own e-mail and IP recognizers (e-mail made offline, see `web`) are included; its US SSN,
phone and credit-card recognizers are not, because they validate candidates away (checksums,
"invalid" SSN ranges, unassigned phone prefixes) and a test number on a photo is still PHI.
"""

from __future__ import annotations

from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer

from ..model import Identifier
from .dates import PersonDateRecognizer
from .labels_intl import ForeignLabelRecognizer
from .names import NameRecognizer
from .numbers import PhoneFaxRecognizer, RecordNumberRecognizer, SsnRecognizer
from .places import AddressRecognizer
from .web import WebRecognizer, presidio_web_recognizers


@dataclass(frozen=True)
class EntityInfo:
    identifier: Identifier
    label: str


ENTITIES: dict[str, EntityInfo] = {
    "PATIENT_NAME": EntityInfo(Identifier.NAMES, "Name"),
    "STAFF_NAME": EntityInfo(Identifier.NAMES, "Staff name"),
    "ADDRESS": EntityInfo(Identifier.GEOGRAPHIC, "Address"),
    "GPS_POSITION": EntityInfo(Identifier.GEOGRAPHIC, "Position (latitude and longitude)"),
    "DATE_OF_BIRTH": EntityInfo(Identifier.DATES, "Date of birth"),
    "ADMISSION_DATE": EntityInfo(Identifier.DATES, "Admission date"),
    "DISCHARGE_DATE": EntityInfo(Identifier.DATES, "Discharge date"),
    "VISIT_DATE": EntityInfo(Identifier.DATES, "Visit or service date"),
    "DEATH_DATE": EntityInfo(Identifier.DATES, "Date of death"),
    "DATE_UNLABELLED": EntityInfo(Identifier.DATES, "Date"),
    "BIRTH_ERA_DATE": EntityInfo(Identifier.DATES, "Date from a birth year (before 1990), most likely a birth date"),
    "AGE_OVER_89": EntityInfo(Identifier.DATES, "Age over 89"),
    "PHONE": EntityInfo(Identifier.PHONE, "Phone number"),
    "FAX": EntityInfo(Identifier.FAX, "Fax number"),
    "EMAIL": EntityInfo(Identifier.EMAIL, "Email address"),
    "EMAIL_ADDRESS": EntityInfo(Identifier.EMAIL, "Email address"),  # presidio's
    "SSN": EntityInfo(Identifier.SSN, "Social security number"),
    "MRN": EntityInfo(Identifier.MRN, "Medical record number"),
    "HEALTH_PLAN": EntityInfo(Identifier.HEALTH_PLAN, "Health plan number"),
    "ACCOUNT": EntityInfo(Identifier.ACCOUNT, "Account number"),
    # the digits a till or a statement leaves of a card number: masked, but no sign of whose page it is
    "MASKED_CARD": EntityInfo(Identifier.ACCOUNT, "Account number (partly masked)"),
    "LICENSE": EntityInfo(Identifier.LICENSE, "Licence or certificate number"),
    "VEHICLE": EntityInfo(Identifier.VEHICLE, "Vehicle identifier"),
    "DEVICE": EntityInfo(Identifier.DEVICE, "Device identifier"),
    "URL": EntityInfo(Identifier.URL, "Web address"),
    "IP_ADDRESS": EntityInfo(Identifier.IP_ADDRESS, "IP address"),
    "OTHER_ID": EntityInfo(Identifier.OTHER_ID, "Identifying number"),
    # Found by context (`imgscreen.context`), not by a recognizer of their own.
    "CONTEXT_NAME": EntityInfo(Identifier.NAMES, "Name (in a name column)"),
    "NAME_PART": EntityInfo(Identifier.NAMES, "Name (beside another name)"),
    "ADDRESSEE": EntityInfo(Identifier.NAMES, "Name above a street address"),
    "SIGNED_IN_USER": EntityInfo(Identifier.NAMES, "Name of the signed-in user (a screen's top-right corner)"),
    "NAME_COLUMN": EntityInfo(Identifier.NAMES, "Name (in a column of names)"),
    "LISTED_NAME": EntityInfo(Identifier.NAMES, "Name (in a list of people)"),
    "CONTEXT_ID": EntityInfo(Identifier.OTHER_ID, "Identifying number (near patient information)"),
    "ADDRESS_PART": EntityInfo(Identifier.GEOGRAPHIC, "Address (beside an address)"),
    "DATELINE_TOWN": EntityInfo(Identifier.GEOGRAPHIC, "Town (in a letter's dateline, before a date)"),
    "CONTEXT_ADDRESS": EntityInfo(Identifier.GEOGRAPHIC, "Address or phone (in an address column)"),
    "CONTEXT_DATE": EntityInfo(Identifier.DATES, "Date (near patient information)"),
    "FIELD_PLACE": EntityInfo(Identifier.GEOGRAPHIC, "Place (labelled, on a person's record)"),
    "FIELD_ID": EntityInfo(Identifier.OTHER_ID, "Identifying number (labelled, on a person's record)"),
    "INITIALS": EntityInfo(Identifier.NAMES, "Initials of a name in view"),
    "BADGE_NAME": EntityInfo(Identifier.NAMES, "Name on a badge or ticket (over its pass type)"),
    "CHAT_NAME": EntityInfo(Identifier.NAMES, "Name or nickname in a chat (a speaker, a member, who is typing)"),
    "HANDLE_NAME": EntityInfo(Identifier.NAMES, "Name that a handle or mailbox on the photo spells"),
    "RECORD_DATE": EntityInfo(Identifier.DATES, "Date in a patient's clinical list (problems, medications)"),
    "FORGE_USER": EntityInfo(Identifier.NAMES, "Login or name in a tracker's timeline or on a contributors page"),
    "VEHICLE_PLATE": EntityInfo(Identifier.VEHICLE, "Licence plate (beside its vehicle's make)"),
    "DIARY_DATE": EntityInfo(Identifier.DATES, "Date in a health diary or on one person's record"),
    "RX_NUMBER": EntityInfo(Identifier.ACCOUNT, "Prescription number (on a pharmacy label)"),
    "CALL_SIGN": EntityInfo(Identifier.LICENSE, "Amateur radio call sign (on a radio's screen)"),
    "OPERATOR_NAME": EntityInfo(Identifier.NAMES, "Name after a call sign (on a radio's screen)"),
    "RADIO_ID": EntityInfo(Identifier.OTHER_ID, "Radio's personal id (on a radio's screen)"),
    "RADIO_POSITION": EntityInfo(Identifier.GEOGRAPHIC, "Station's position (on a radio's screen)"),
    "PHOTO_DATE": EntityInfo(Identifier.DATES, "Date (on a photo with a person's details)"),
    "PHOTO_ID": EntityInfo(Identifier.OTHER_ID, "Identifying number (on a photo with a person's details)"),
    "VIET_NAME": EntityInfo(Identifier.NAMES, "Name (Vietnamese name syllables)"),
    "PHOTO_NAME": EntityInfo(Identifier.NAMES, "Possible name (on a photo with a person's details)"),
    "FOREIGN_TEXT": EntityInfo(Identifier.NAMES, "Possible name in a script imgscreen cannot read"),
    "HANDLE": EntityInfo(Identifier.OTHER_ID, "User name or social media handle (on a photo with a person's details)"),
    "UNCLEAR_TEXT": EntityInfo(Identifier.OTHER_ID, "Text read unclearly near patient information"),
    "MRZ": EntityInfo(Identifier.OTHER_ID, "Machine-readable zone of an identity document"),
    "ID_DOCUMENT": EntityInfo(Identifier.LICENSE, "Identity document"),
    "HEALTH_CARD": EntityInfo(Identifier.HEALTH_PLAN, "Health insurance card"),
}


def build_recognizers() -> list[EntityRecognizer]:
    return [
        NameRecognizer(),
        PersonDateRecognizer(),
        SsnRecognizer(),
        PhoneFaxRecognizer(),
        RecordNumberRecognizer(),
        AddressRecognizer(),
        WebRecognizer(),
        ForeignLabelRecognizer(),
        *presidio_web_recognizers(),
    ]
