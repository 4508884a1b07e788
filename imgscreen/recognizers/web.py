"""E-mail (6), URLs (14) and IP addresses (15): presidio's e-mail and IP recognizers, offline, plus our rules.

presidio's `EmailRecognizer` validates a match with `tldextract.extract`, whose default extractor
fetches the public-suffix list from the internet on first use. We swap in an extractor that only
reads the snapshot bundled with tldextract (`suffix_list_urls=()`, no cache dir), so the analyzer
never opens a socket. Our own rules catch what OCR breaks (`j.doe @ mail .com`, an IP with `l` for
`1`) and never validate a candidate away for having an unknown suffix (`jdoe@clinic.local`).
"""

from __future__ import annotations

import ipaddress
import re
from functools import cache

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer, IpRecognizer

from .base import D, RuleRecognizer, digits_of, rule


@cache
def offline_tldextract() -> tldextract.TLDExtract:
    """A suffix extractor that reads only the list bundled in the tldextract wheel."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


class OfflineEmailRecognizer(EmailRecognizer):
    """presidio's e-mail recognizer with the network-free suffix extractor."""

    def validate_result(self, pattern_text: str) -> bool:
        return offline_tldextract()(pattern_text).fqdn != ""


def presidio_web_recognizers() -> list:
    """presidio's e-mail (offline) and IP recognizers.

    Not its `UrlRecognizer`: its pattern backtracks catastrophically on dotted runs (2,000 characters
    of `1.1.1.` take seconds even cut into 100-character chunks), and a photo must not be able to
    stall the pipeline. Our `WebRecognizer` URL rules cover the same shapes and OCR noise.
    """
    return [OfflineEmailRecognizer(), IpRecognizer()]


def _ipv4_check(m: re.Match[str]) -> float | None:
    parts = re.split(r"\s?\.\s?", m.group("v"))
    try:
        ipaddress.IPv4Address(".".join(str(int(digits_of(p))) for p in parts))
    except ValueError:
        return None
    return 0.85


def _ipv6_check(m: re.Match[str]) -> float | None:
    try:
        ipaddress.IPv6Address(m.group("v"))
    except ValueError:
        return None
    return 0.85


TLD = r"(?:c[o0]m|[o0]rg|net|edu|g[o0]v|mil|int|i[o0]|us|inf[o0]|biz|health|care|me|c[o0]|ly|app|ai|ca|uk|[a-z]{2,3})"


class WebRecognizer(RuleRecognizer):
    RULES = (
        rule(
            "EMAIL",
            r"(?<![\w.+\-])(?P<v>[A-Za-z0-9][\w.+\-]*[ \t]?@[ \t]?[A-Za-z0-9\-]+(?:[ \t]?\.[ \t]?[A-Za-z0-9\-]+)*"
            r"[ \t]?\.[ \t]?(?=[A-Za-z0]*[A-Za-z])[A-Za-z0]{2,24})(?![\w])",
            0.9,
        ),
        # An address a list cut short (`me@noahbuscher....`, `j.doe@gmail…`): its mailbox and domain are shown
        rule("EMAIL", r"(?<![\w.+\-])(?P<v>[A-Za-z0-9][\w.+\-]*@[A-Za-z0-9\-]{2,}(?:\.[A-Za-z0-9\-]+)*(?:\.{2,}|…))",
             0.85),
        # ... or a column's edge cut with no mark at all (`john.doe@exampl`): a person's mailbox by its dotted name
        rule("EMAIL", r"(?m)(?<![\w.+\-])(?P<v>[A-Za-z][A-Za-z0-9]*[._][A-Za-z][\w.+\-]*@[A-Za-z0-9\-]{2,})[ \t]*$",
             0.6),
        rule("URL", r"(?P<v>(?i:https?\s?:\s?//|www\s?\.)[^\s<>\"']+)", 0.85),
        rule(
            "URL",
            rf"(?<![@\w.\-])(?P<v>[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?i:{TLD})(?:/[^\s<>\"']*)?)(?![\w@])",
            0.7,
            lambda m: (
                0.7
                if re.search(r"[a-z]", m.group("v").split(".")[0], re.I)
                and not re.fullmatch(r"(?i)[a-z]+\.(?:[a-z]{2,3})", m.group("v"))
                or "/" in m.group("v")
                or "www" in m.group("v").lower()
                or re.search(r"\.(?:c[o0]m|[o0]rg|net|edu|g[o0]v)$", m.group("v").lower())
                else None
            ),
        ),
        rule("IP_ADDRESS", rf"(?<![\w.])(?P<v>{D}{{1,3}}(?:\s?\.\s?{D}{{1,3}}){{3}})(?![\w.])", 0.85, _ipv4_check),
        rule(
            "IP_ADDRESS",
            r"(?<![\w:])(?P<v>(?:[0-9A-Fa-f]{1,4}:){2,7}:?[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{1,4})*)(?![\w:])",
            0.8,
            _ipv6_check,
        ),
    )
