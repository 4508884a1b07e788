"""Building blocks shared by our presidio recognizers: OCR-tolerant regex pieces and a rule recognizer.

Why our own base class rather than presidio's `PatternRecognizer`: presidio raises a score when a
context word is near a match, but it finds context through spaCy lemmas, and the blank English
pipeline we can ship offline has none. Our PHI is almost always *labelled* (`MRN:`, `DOB`,
`Ins ID`), so each rule carries its label inside the regex and reports only the value group
(`v`): the label stays readable, the value is masked. A rule's `check` hook may veto a match that
is not the *kind* of thing it looks for (a word where an ID should be), never a PHI candidate for
looking fake: 123-45-6789 is as much an SSN on a photo as any other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# --- OCR noise ------------------------------------------------------------------------------------

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\uff07"), "'")


# Letters with a stroke or no dot, which Unicode gives no base letter: `Yıldırım`, `Łukasz`, `Søren`, `Đorđe`.
_STROKED = dict(zip("ıŁłØøĐđĦħŦŧƗɨ", "iLlOoDdHhTtIi", strict=True))


def normalize(text: str) -> str:
    """Fold full-width forms, odd dashes and quotes to ASCII, keeping every offset where it was.

    NFKC per character (so `：` becomes `:` and `０` becomes `0`), and a Latin letter with a diacritic
    to its base letter (`Š` to `S`: the census lists and name rules are plain ASCII); a character
    whose folded form is not one character long is kept as it was, so spans found in the result
    index the OCR text.
    """
    out = []
    for ch in text.translate(_DASHES).translate(_QUOTES):
        if ord(ch) < 128:
            out.append(ch)
            continue
        folded = unicodedata.normalize("NFKC", ch)
        folded = _STROKED.get(folded, folded)
        if len(folded) == 1 and folded.isalpha() and not folded.isascii():
            base = unicodedata.normalize("NFKD", folded)[0]  # Štandard -> Standard, for the name rules
            folded = base if base.isascii() and base.isalpha() else folded
        out.append(folded if len(folded) == 1 else ch)
    # `KüSTER`: OCR reads a capital's diacritic as the small letter; inside a word in capitals it is one.
    for k in range(1, len(out) - 1):
        if out[k].islower() and out[k] != text[k] and out[k - 1].isupper() and out[k + 1].isupper():
            out[k] = out[k].upper()
    folded = "".join(out)
    # `First Name*`, `Date of Birth *`: a form's required-field mark is no part of its label
    mark = _REQUIRED_MARK.search(folded) if folded.rstrip().endswith("*") else None
    return folded[: mark.start("m")] + " " * len(mark.group("m")) + folded[mark.end("m") :] if mark else folded


_REQUIRED_MARK = re.compile(r"[A-Za-z):][ \t]?(?P<m>\*{1,2})[ \t]*$")


# Characters OCR reads in place of digits, and the digit each most likely stands for.
_DIGIT_LOOKALIKES = str.maketrans("OoQDIl|i!SsBZzGg", "0000111115582266")
# And letters read as digits inside words (J0HN, SM1TH).
_LETTER_LOOKALIKES = str.maketrans("01582", "OISBZ")

D = r"[0-9OoQDIl|SsBZ]"  # one digit as OCR may render it
"""A digit position: a real digit or a letter OCR commonly confuses with one."""


def digits_of(value: str) -> str:
    """The digits a value most likely holds once OCR look-alikes are read as digits."""
    return re.sub(r"\D", "", value.translate(_DIGIT_LOOKALIKES))


def real_digits(value: str) -> int:
    return sum(ch.isdigit() for ch in value)


# A computer's quantity, read as one token: `83.7MB`, `527.0b/s`, `9.2GiB/31.1GiB`, `0B/s`: a size or a
# rate, never an identifier. A decimal with any data unit, or a whole number with a unit of two letters or
# a rate (`4821B` could be a flat's number and stays a value).
_DATA_UNIT = r"(?:[kKmMgGtTpP]i?)?(?:[Bb]|bytes?|bits?|bps)(?:/s|ps)?"
_WHOLE_UNIT = r"(?:[kKmMgGtTpP]i?(?:[Bb]|bytes?|bits?)|[Bb]/s|bytes?|bits?|bps)(?:/s)?"
_QUANTITY_PART = rf"(?:\d+[.,]\d+\s?{_DATA_UNIT}|\d+\s?{_WHOLE_UNIT})"
_QUANTITY = re.compile(rf"^{_QUANTITY_PART}(?:\s?/\s?{_QUANTITY_PART})?\]?$")


def quantity(value: str) -> bool:
    return bool(_QUANTITY.match(value.strip()))


def numeric_enough(value: str, n: int) -> bool:
    """At least `n` real digits, or, when OCR mangled some (`6IOI6Z8`), two real ones and `n + 2`
    once look-alikes are read as digits."""
    real = real_digits(value)
    if real >= n:
        return True
    other_letters = sum(ch.isalpha() for ch in value.translate(_DIGIT_LOOKALIKES))
    return real >= 2 and other_letters <= 2 and len(digits_of(value)) >= n + 2


def letters_of(word: str) -> str:
    """A name token with digits OCR put in it read back as letters, upper case (J0HN -> JOHN).

    In a capitals word a lower-case `l` is OCR's `I` (RODRlGUEZ -> RODRIGUEZ).
    """
    if sum(ch.isupper() for ch in word) >= 2 and word.replace("l", "").isupper():
        word = word.replace("l", "I")
    return word.translate(_LETTER_LOOKALIKES).upper().replace("'", "")  # O'BRIEN is OBRIEN in the Census


_FUZZY = {"O": "[O0]", "I": "[I1l|]", "L": "[L1I]", "S": "[S5]", "B": "[B8]", "Z": "[Z2]", "G": "[G6]"}


def fuzzy(word: str) -> str:
    """A regex for a label word that tolerates OCR look-alikes in it (`DOB` also matches `D0B`)."""
    return "".join(_FUZZY.get(ch.upper(), re.escape(ch)) if ch.isalpha() else re.escape(ch) for ch in word)


def alt(*parts: str) -> str:
    return "(?:" + "|".join(parts) + ")"


# Between a label and its value: spaces (or none: `MRN:00482913`), a colon, a hash, `No.`, a line
# break when the label sits on the line above.
# (a JSON key's or a code's quotes go round the label and the value: `"patientId": "2320c885"`)
SEP = r"[\"']?[ \t]*(?:[:#=;.\-]|\bN[o0](?:\.|(?=[\s:#]))|\bNum(?:ber)?\b\.?|\bNumber\b)?[ \t]*[:#.]?[\s]*[\"']?"
NUMBER_WORD = r"(?:\s*(?:#|N[o0]\b\.?|Num(?:ber)?\b\.?|ID\b|I\.D\.))?"


# --- the recognizer -------------------------------------------------------------------------------

Check = Callable[[re.Match[str]], float | None]


@dataclass(frozen=True)
class Rule:
    """One way of finding one entity: a regex (value in group `v`), a base score, a veto/score hook."""

    entity: str
    pattern: re.Pattern[str]
    score: float
    check: Check | None = None


def rule(entity: str, pattern: str, score: float, check: Check | None = None, flags: int = 0) -> Rule:
    return Rule(entity, re.compile(pattern, flags), score, check)


class RuleRecognizer(EntityRecognizer):
    """A presidio recognizer made of `Rule`s. Subclasses only declare `RULES` (and hooks)."""

    RULES: tuple[Rule, ...] = ()

    def __init__(self, rules: Iterable[Rule] | None = None) -> None:
        self.rules = tuple(rules) if rules is not None else tuple(self.RULES)
        entities = sorted({r.entity for r in self.rules})
        super().__init__(supported_entities=entities, name=type(self).__name__, supported_language="en")

    def load(self) -> None:  # nothing to load: patterns are compiled at import
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities or self.supported_entities)
        results: list[RecognizerResult] = []
        for r in self.rules:
            if r.entity not in wanted:
                continue
            group = "v" if "v" in r.pattern.groupindex else 0
            for m, score in search_all(r.pattern, text, lambda m, r=r: r.score if r.check is None else r.check(m)):
                start, end = m.span(group)
                if start < 0 or end <= start:
                    continue
                start, end = _trim(text, start, end)
                if end <= start:
                    continue
                results.append(
                    RecognizerResult(
                        entity_type=r.entity,
                        start=start,
                        end=end,
                        score=score,
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        },
                    )
                )
        return results


def search_all(
    pattern: re.Pattern[str], text: str, accept: Callable[[re.Match[str]], float | None]
) -> Iterator[tuple[re.Match[str], float]]:
    """Like `finditer`, but a match the hook vetoes does not swallow the text it covered.

    `Pacemaker Serial: GBS462097`: `Pacemaker` + value `Serial` is vetoed (no digits), and the search
    resumes one character later, so `Serial: GBS462097` is still found.
    """
    pos = 0
    while pos <= len(text):
        m = pattern.search(text, pos)
        if m is None:
            return
        score = accept(m)
        if score is None:
            pos = m.start() + 1
            continue
        yield m, score
        pos = m.end() if m.end() > m.start() else m.start() + 1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces and trailing sentence punctuation a greedy value group picked up."""
    while start < end and text[start] in " \t\n:;,":
        start += 1
    while end > start and text[end - 1] in " \t\n.,;:-":
        end -= 1
    return start, end
