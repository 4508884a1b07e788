"""Vietnamese pages: names from name syllables (as the OCR drops their stacked letters), and menu words
that are not names."""

from __future__ import annotations

from imgscreen.model import Identifier
from imgscreen.phi import classify
from imgscreen.policy import Policy
from imgscreen.recognizers import vietnamese as vi
from tests.test_phi import make_line

# a hotel-booking screen's menu as the Latin OCR reads it: stacked letters dropped (`Quản lý khách sạn`)
MENU = ["Quản lý khách sn", "Bng điu khin", "Chi tit đt phòng", "Phòng chưa dn", "Dòng thi gian",
        "QUẢN LÝ KINH DOANH", "Thanh toán", "TỔNG QUAN", "VIỆT NAM", "Kế toán", "Báo cáo"]


def _names(texts: list[str]) -> set[str]:
    lines = [make_line(t, y=30 * i) for i, t in enumerate(texts)]
    return {f.text.strip() for f in classify(lines, Policy()) if f.identifier == Identifier.NAMES}


def test_a_page_is_vietnamese_by_the_letters_only_vietnamese_writes():
    assert vi.is_vietnamese(MENU)
    assert not vi.is_vietnamese(["Crème brûlée", "Café au lait", "Thé vert", "Menu du jour", "Entrées"])
    assert not vi.is_vietnamese(["Patient list", "Đorđe Petrović", "Settings", "Reports"])  # Croatian `đ`
    # Romanian writes `ă` and `â`: an eye clinic's Romanian screen is no Vietnamese page
    assert not vi.is_vietnamese(["Consultație EMR", "Clinica Oftalmologică", "Ultima vizită: 31.07.2026",
                                 "Programări", "Secțiuni", "Acuitate Vizuală & Refracție"])


def test_a_whole_line_of_name_syllables_is_a_name():
    assert vi.names("Phạm Hồng Phúc") == (0, 14)
    assert vi.names("Phm Hồng Phúc") == (0, 13)  # `ạ` dropped by the OCR
    assert vi.names("Nguyn Hoàng Nam") == (0, 15)
    assert vi.names("Tho Trâm") == (0, 8)  # `Thảo Trâm`: two given names, a Vietnamese letter
    assert vi.names("BS. Nguyễn Minh Anh") == (4, 19)  # after a doctor's title
    assert vi.names("NGUYỄN VĂN AN") == (0, 13)  # a patient list in capitals, family name first


def test_menu_words_and_headings_are_no_names():
    for text in MENU:
        assert vi.names(text) is None, text
    assert vi.names("TNG QUAN") is None  # `Tổng quan` short of a vowel: in capitals all letters must be there
    assert vi.names("Long Nam") is None  # plain ASCII pair with no family name first: could be anything
    assert vi.names("Nguyễn Văn An và") is None  # a name must be the whole line


def test_a_name_another_rule_found_must_be_name_syllables():
    assert vi.plausible("Lê Hà", 0, 5)
    assert not vi.plausible("Thanh toán", 0, 5)  # `Thanh` opens a phrase: a name capitalises every syllable
    assert not vi.plausible("VIỆT NAM", 0, 8)  # capitals without a family name first
    assert not vi.plausible("NHA KHOA", 0, 8)  # dentistry


def test_on_a_vietnamese_screen_names_are_masked_and_menu_words_are_not():
    page = MENU + ["Danh sách khách hàng:", "Phm Hồng Phúc", "Tên", "Tho Trâm", "123123123"]
    names = _names(page)
    assert names == {"Phm Hồng Phúc", "Tho Trâm"}


def test_an_english_page_is_untouched():
    """Off a Vietnamese page the module does nothing: an English list keeps its names and rules."""
    page = ["Patient list", "Name", "Ada Nguyen", "Ben Carter", "Settings"]
    assert {"Ada Nguyen", "Ben Carter"} <= _names(page)


def test_places_named_by_their_administrative_unit():
    line = "12 Lê Lợi, P. Bến Nghé, Q. 1, TP. Hồ Chí Minh"
    assert [line[a:b] for a, b in vi.places(line)] == ["P. Bến Nghé", "Q. 1", "TP. Hồ Chí Minh"]
    rural = "Huyện Củ Chi xa"
    assert [rural[a:b] for a, b in vi.places(rural)] == ["Huyện Củ Chi"]
    for text in ("Qun lý dch v", "Phòng khám", "Xã hội", "P. 303"):  # menu words, a room
        assert vi.places(text) == [], text


def _addresses(texts: list[str]) -> set[str]:
    lines = [make_line(t, y=30 * i) for i, t in enumerate(texts)]
    return {f.text.strip() for f in classify(lines, Policy()) if f.identifier == Identifier.GEOGRAPHIC}


def test_a_patients_city_is_masked_and_a_clinics_stays():
    rows = ["Danh sách bệnh nhân", "Lê Bảo Ngọc", "PT000674 · 0901000002 · TP. Hồ Chí Minh"]
    assert "TP. Hồ Chí Minh" in _addresses(MENU + rows)
    # the clinic's own footer on a page with no person: an address no one's record holds stays visible
    footer = ["Phòng khám Nha khoa Demo", "Địa chỉ phòng khám: TP. Hồ Chí Minh", "Giờ mở cửa 8:00 - 17:00"]
    assert _addresses(MENU + footer) == set()
