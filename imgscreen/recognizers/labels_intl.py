"""Labelled values in the languages staff meet most after English: a lab report from abroad, a
tourist's form, a bilingual wristband. The English labels live with their recognizers (names,
dates, numbers); these say the same things in Spanish, French, German, Portuguese, Italian,
Chinese, Japanese and Russian, so `姓名: 王秀兰` or `Fecha de nacimiento: 14/02/1974` is found by the
label that stands before it, not by guessing at the value's script.

The value is the rest of the line after the label's colon (full-width colons are folded by
`normalize`), up to the next label-like `word:`; the recognizers' own shapes are not asked for, since
a CJK name has no capital letters and a foreign date may use a form we do not list.
"""

from __future__ import annotations

from .base import RuleRecognizer, rule

# label words per entity; matched case-insensitively, as whole words where the script has words.
NAME = (
    r"nombre(?:\s+y\s+apellidos?)?|apellidos?(?:\s+(?:paterno|materno))?|paciente|paziente|nom(?:\s+de\s+famille)?|pr[ée]nom|patiente|patientin"
    r"|vorname|nachname|familienname|nome|cognome|sobrenome|nome\s+do\s+paciente"
    r"|姓名|患者(?:姓名)?|病人(?:姓名)?|氏名|患者名|名前|фио|пациент|имя|фамилия"
)
# A table's person column headed in the same languages: the patient words alone, not `Nome` or `Nom`, which head
# a form's column of labels as often as a table's names (`Nome do paciente` over `Sexo`, `Idade`, `Matrícula`).
PATIENT = r"paciente|paziente|patiente|patientin|pacjent|pati[ëe]nt|пациент|患者|病人"
# Roles whose column lists people beside a patient's, in the same languages (`MEDICO BASE`, a GP's column).
ROLE = (
    r"m[ée]dico(?:\s+(?:di\s+)?base|\s+de\s+(?:cabecera|fam[ií]lia))?|m[ée]decin(?:\s+traitant)?|arzt|[äa]rztin"
    r"|hausarzt|infermier[ea]|enfermer[oa]|infirmi[èe]re?|pflegekraft|医生|医師|主治医|врач"
)
_DOB = (
    r"fecha\s+de\s+nacimiento|f\.?\s*nac\.?|date\s+de\s+naissance|n[ée]e?\s+le|geburtsdatum|geb\.?(?:\s*datum)?"
    r"|data\s+di\s+nascita|data\s+de\s+nascimento|出生日期|出生年月日?|生年月日|дата\s+рождения|д\.\s*р\."
)
_RECORD = (
    r"(?:n[uú]mero\s+de\s+)?historia\s+cl[ií]nica|n[°º]\s*(?:de\s+)?(?:dossier|historia|expediente)"
    r"|patienten-?(?:nummer|nr\.?)|fallnummer|cartella\s+clinica|prontu[aá]rio|病历号|病案号|住院号|门诊号"
    r"|就诊卡号|患者id|患者番号|診察券番号|карта\s*(?:№|n[o°]?)|полис|снилс|dni|nie|nss|身份证号?|身份证号码"
)
# Whose name a form's label asks for, after the label (`Name, Vorname des Versicherten`, `Nom de l'assuré`): the
# label still waits for a person's name on the next line. (Spanish and Portuguese forms say it inside `NAME`.)
OF_WHOM = (
    r"(?:[ \t]+(?:(?:des|der)[ \t]+(?:versicherten|patienten|patientin|kindes)"
    r"|(?:du|de[ \t]+la|de[ \t]+l'|de[ \t]+l\u2019)[ \t]*(?:patiente?|assur[ée]e?|b[ée]n[ée]ficiaire)))?"
)
# The same labels as `phi` finds them at the end of a line, waiting for the value on the next.
TRAILING = (
    rf"(?:Nom|Pr[ée]nom|Nombre|Apellidos?|Vorname|Nachname|Familienname|Nome|Cognome|Sobrenome){OF_WHOM}"
    r"|Date\s+de\s+naissance"
    r"|Fecha\s+de\s+nacimiento|Geburtsdatum|Data\s+di\s+nascita|Data\s+de\s+nascimento|N[ée]e?\s+le"
    r"|Patientennummer|Fallnummer|T[ée]l[ée]phone|Tel[ée]fono|Telefon|Telefone"
)
_ADDRESS = r"direcci[oó]n|domicilio|adresse|anschrift|wohnort|indirizzo|endere[cç]o|住址|地址|住所|адрес"
_PHONE = r"tel[ée]fono|t[ée]l[ée]phone|telefon|telefone|电话|電話|联系电话|手机|телефон"

_VALUE = r"[ \t]*[:：][ \t]*(?P<v>[^\s:：][^:：\n]*?)(?=[ \t]+[^\s:：]{1,12}[:：]|[ \t]*$|\n)"


def _labelled(entity: str, words: str, score: float, digits: int = 0):
    """`label: value`; a value that must hold `digits` digits or more (a date, a number) has them."""
    need = rf"(?=(?:[^\d\n]*\d){{{digits}}})" if digits else ""
    return rule(entity, rf"(?i)(?<![\w])(?:{words}){_VALUE.replace('(?P<v>', need + '(?P<v>', 1)}", score)


# A form's label alone on its line with the value on the next (`phi` joins a label line to its value's):
# the value must then look like what the label names, capitalised words for a name, or hold its digits.
_CAPITALISED = r"[A-Z\u00c0-\u00dd][\w'\-]+(?:[ \t]+[A-Z\u00c0-\u00dd][\w'\-]+){0,3}"
_ANY = r"[^\s:：][^:：\n]*?"


def _above(entity: str, words: str, score: float, value: str = _ANY, digits: int = 0):
    need = rf"(?=(?:[^\d\n]*\d){{{digits}}})" if digits else ""
    return rule(entity, rf"(?<![\w])(?i:{words})[ \t]*\n[ \t]*{need}(?P<v>{value})[ \t]*$", score)


class ForeignLabelRecognizer(RuleRecognizer):
    RULES = (
        _labelled("PATIENT_NAME", NAME, 0.9),
        _labelled("DATE_OF_BIRTH", _DOB, 0.9, digits=2),
        _labelled("MRN", _RECORD, 0.9, digits=3),
        _labelled("ADDRESS", _ADDRESS, 0.85),
        _labelled("PHONE", _PHONE, 0.85, digits=5),
        _above("PATIENT_NAME", rf"(?:{NAME}){OF_WHOM}", 0.85, value=_CAPITALISED),
        _above("DATE_OF_BIRTH", _DOB, 0.9, digits=2),
        _above("MRN", _RECORD, 0.9, digits=3),
        _above("PHONE", _PHONE, 0.85, digits=5),
    )
