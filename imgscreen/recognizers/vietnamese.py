"""Vietnamese pages: a person's name is a run of name syllables, and the page's other words are not names.

The name recognizers read English-shaped names: capitalised ASCII words with a first-name or surname
gazetteer behind them. On a Vietnamese screen they go wrong both ways. The OCR's Latin model drops
the letters with a dot below or a hook above (`Phạm` reads `Phm`, `Thảo` reads `Tho`), so a patient's
name has no shape the gazetteer knows; and the page's menu words (`Quản lý`, `Kế toán`, `NHA KHOA`)
are capitalised short words the name rules take for a surname and a first name.

Vietnamese names come from a small closed set of syllables (a few dozen family names carry most of the
population; given names are one or two syllables from a few hundred), every syllable is capitalised,
and a full name has two to four of them. So on a page that is Vietnamese (enough lines carry the
letters only Vietnamese writes), a line's run of two to four such syllables is a name, and a name any
other rule found there is kept only when its words are such syllables too. Matching forgives the
letters the OCR drops: a syllable also matches with its dot-below and hook-above letters left out.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache

# the letters only Vietnamese writes among Latin scripts: horned o and u, and the Latin Extended
# Additional block's Vietnamese part (tone marks stacked on vowels, dot below, hook above). Not `ă`
# (Romanian writes it too). `đ` is Croatian too: it counts only beside these.
_VIET_LETTER = re.compile("[\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
_D_STROKE = re.compile("[\u0110\u0111]")
# the letters the OCR's Latin model tends to drop outright
_DROPPED = re.compile("[\u1ea0-\u1ef9]")

_SURNAMES = """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đinh Trương Lâm Mai Trịnh
Cao Lưu Tạ Hà Tô Châu Quách Phùng Thái Lương Kiều Tăng Triệu La Mạc Khúc Doãn Diệp Giang Kim Lục
Tống Vương Hứa Thân Chu Quan Âu Hầu Ông Mã Nghiêm Đoàn Đàm Lã Tôn Thạch Nông Ninh Văn Vi Lạc Khổng
Mạch Từ"""

_GIVEN = """Văn Thị Hữu Đức Công Quang Minh Ngọc Thanh Thu Hồng Anh Bảo Gia Xuân Thúy Thủy Kim Mỹ Phương Tuấn
Hùng Dũng Nam Long Huy Hải Sơn Trang Hạnh Dung Nga Vân Yến Lan Linh Hương Thảo Trâm Phúc Khánh Tâm
Tùng Trung Hiếu Hiền Hòa Hoa Hằng Hiệp Hoài Hưng Khoa Khang Khôi Kiên Loan Lộc Luân My Nhung Nhi Như
Oanh Phong Phát Quân Quốc Quý Quyên Quỳnh Sang Tài Tân Thắng Thành Thiện Thịnh Thơ Tiến Tiên Toàn
Trí Trinh Trọng Tú Tuyết Uyên Vinh Việt Vy Yên Ân Bình Chi Cường Đạt Điệp Định Đông Hân Hậu Hiển
Hoan Hợp Kha Lực Mạnh Mẫn Nghĩa Ngân Nguyên Nhân Nhật Phú Phụng Quế Sương Tấn Thoa Thông Thuận Thư
Tín Tịnh Trà Triều Trường Tuệ Tường Vượng Xuyến Ánh Diễm Diệu Duy Hạ Ly Nhàn Nhiên Trúc Tuyền Bích
Cẩm Duyên Hường Khuê Lam Liên Liễu Mơ Nguyệt Nhạn Phượng Sen Thục Thùy Tươi Vỹ Tuân Tuyên Hảo Hào
Đăng Đình Gấm Hanh Hiên Khải Lợi Mến Huệ Hưởng Kiệt Lành Lễ Lệ Luận Lụa Mừng Nghị Nhẫn Phước Quyết
Sáng Sinh Sỹ Thắm Thiên Thoại Thương Tiệp Toản Trưng Uy Vàng Vĩnh Ý Đan Đạo Đại Đằng Đệ Dương Tuyến
Khương Khanh Lâm Mai Ngà Huyền Giao Châu"""


def _fold(word: str) -> str:
    """Marks off, `đ` as `d`, lower case: `Nguyễn` -> `nguyen`."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _forms(syllable: str, dropped: bool) -> set[str]:
    """The syllable as written and unmarked, and with `dropped` also as the OCR reads it without its
    stacked letters (`Phạm` -> `phm`)."""
    composed = unicodedata.normalize("NFC", syllable)
    forms = {composed.casefold(), _fold(composed)}
    if dropped:
        forms |= {_DROPPED.sub("", composed).casefold(), _fold(_DROPPED.sub("", composed))}
    return forms - {""}


@cache
def _keys(text: str, dropped: bool) -> frozenset[str]:
    return frozenset(k for word in text.split() for k in _forms(word, dropped))


def _is(word: str, text: str) -> bool:
    """Whether `word` reads as one of `text`'s syllables. An unmarked reading may be any of them
    unmarked (`Nam`), a marked one must keep its marks (`Toán` is not `Toàn`). A word in capitals must
    have all its letters: headings are in capitals, and `TNG` (`Tổng`, total) would be `Tống` short of a
    vowel."""
    w = unicodedata.normalize("NFC", word).casefold()
    keys = _keys(text, dropped=not word.isupper())
    return w in keys or (w.isascii() and _fold(w) in keys)


def is_surname(word: str) -> bool:
    return _is(word, _SURNAMES)


def is_syllable(word: str) -> bool:
    return _is(word, _SURNAMES) or _is(word, _GIVEN)


def is_vietnamese(texts: list[str]) -> bool:
    """Three lines or more carry letters only Vietnamese writes, and with `đ` a tenth of the lines with
    words. (The OCR drops most of the marked letters, so a Vietnamese screen keeps only a few: one stray
    `ư` in a French menu, or a Croatian `Đ`, does not count.)"""
    wordy = [t for t in texts if sum(c.isalpha() for c in t) >= 3]
    marked = sum(1 for t in wordy if _VIET_LETTER.search(t))
    with_d = sum(1 for t in wordy if _VIET_LETTER.search(t) or _D_STROKE.search(t))
    return marked >= 3 and with_d >= 0.1 * len(wordy)


_WORD = re.compile(r"[^\W\d_]+")
_TITLE = re.compile(r"^\s*(?:(?:BS|ThS|TS|PGS|GS|CN|KTV|ĐD|DD)\.?(?:\s*(?:BS|CKI{1,2})\.?)?|B[aá]c\s+s[iĩ]|Dr\.?)\s+",
                    re.IGNORECASE)


def _capitalised(word: str) -> bool:
    return word[0].isupper() and (word[1:].islower() or word.isupper() or len(word) == 1)


def name_shaped(text: str) -> bool:
    """Two to four capitalised name syllables and nothing else; in capitals, a family name first.

    (A menu heading in capitals, `VIỆT NAM`, is two given-name syllables; a patient list in capitals
    starts with the family name.)
    """
    words = text.split()
    if not 2 <= len(words) <= 4 or not all(_WORD.fullmatch(w) and _capitalised(w) for w in words):
        return False
    if not all(is_syllable(w) for w in words):
        return False
    return not all(w.isupper() for w in words) or is_surname(words[0])


def names(line: str) -> tuple[int, int] | None:
    """The name a line holds whole (after a doctor's title such as `BS.`), as (start, end), or None.

    Two syllables alone make a name only with a family name first or a letter plain English lacks
    (`Tho Trâm`, `Lê Hà`): a pair of plain ASCII words such as `Long Nam` could be anything.
    """
    m = _TITLE.match(line)
    start = m.end() if m else len(line) - len(line.lstrip())
    body = line[start:].rstrip(" .,;:")
    if not name_shaped(body):
        return None
    if len(body.split()) == 2 and not m and not is_surname(body.split()[0]) and body.isascii():
        return None
    return start, start + len(body)


def plausible(line: str, start: int, end: int) -> bool:
    """Whether a name another rule found at `line[start:end]` can be a Vietnamese name.

    Its words must be capitalised name syllables (in capitals, a family name first), and the word after
    it must not be in lower case: Vietnamese capitalises every syllable of a name, so `Thanh` in
    `Thanh toán` (payment) opens a phrase, not a name.
    """
    words = line[start:end].split()
    if not 1 <= len(words) <= 4 or not all(_WORD.fullmatch(w) and _capitalised(w) and is_syllable(w) for w in words):
        return False
    if len(words) > 1 and all(w.isupper() for w in words) and not is_surname(words[0]):
        return False
    after = _WORD.match(line[end:].lstrip())
    return not (after and after.group()[0].islower() and line[end:end + 1].isspace())


# `TP. Hồ Chí Minh` (city), `Q. 1` (district), `P. Bến Nghé` (ward), `Huyện Củ Chi`: an administrative
# unit's prefix, then its name in capitalised words or a district's number. The OCR drops letters from
# the spelled-out prefixes too (`Qun` for `Quận`).
_UNIT = re.compile(r"(?<![\w.])(?:(?:TP|Tp|TX|TT|Q|P)\.[ \t]?|(?:Thành[ \t]+ph[ốô]?|Qu[ậâ]?n|Ph[ưu][ờo]?ng|Huy[ệê]?n"
                   r"|T[ỉi]?nh|X[ãa]|Th[ịi][ \t]+x[ãa])[ \t]+)")
_UNIT_NAME = re.compile(r"\d{1,2}(?!\d)|[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,3}")


def places(line: str) -> list[tuple[int, int]]:
    """Places a Vietnamese address names by their unit's prefix, as (start, end) spans with the prefix."""
    out = []
    for m in _UNIT.finditer(line):
        name = _UNIT_NAME.match(line, m.end())
        words = list(re.finditer(r"\S+", name.group())) if name else []
        kept = list(itertools.takewhile(lambda w: w.group()[0].isupper() or w.group().isdigit(), words))
        if kept:
            out.append((m.start(), m.end() + kept[-1].end()))
    return out
