"""Amateur radio screens: call signs and their operators are masked on a radio's page only."""

from test_phi import make_line

from imgscreen.model import Identifier
from imgscreen.phi import classify
from imgscreen.policy import Policy
from imgscreen.radio import radio_identifiers


def _found(texts: list[str]) -> set[tuple[Identifier, str]]:
    lines = [make_line(t, x=40, y=40 * k) for k, t in enumerate(texts)]
    return {(f.identifier, f.text) for f in classify(lines, Policy())}


def test_a_last_heard_lists_call_signs_and_operators_are_masked():
    found = _found(["MMDVM DMR DASHBOARD", "15:14 2 TG2327", "DL90H HERBERT", "OE1KBC KURT", "2327180"])
    assert (Identifier.LICENSE, "DL90H") in found and (Identifier.NAMES, "HERBERT") in found, found
    assert (Identifier.LICENSE, "OE1KBC") in found and (Identifier.OTHER_ID, "2327180") in found, found
    assert not any("TG2327" in text for _, text in found)  # a talk group is a channel, no one's


def test_an_aprs_stations_call_sign_and_position_are_masked():
    lines = [make_line("OE5BPA-10", y=0), make_line("APRS:=4819.8", y=40), make_line("01418.61E", y=80)]
    spans = {(lines[i].text[a:b], entity) for i, a, b, entity in radio_identifiers(lines)}
    assert spans == {("OE5BPA-10", "CALL_SIGN"), ("4819.8", "RADIO_POSITION"), ("01418.61E", "RADIO_POSITION")}


def test_call_sign_shapes_off_a_radio_page_are_left_alone():
    """A part number (`NEO6M`), a postcode's half (`SW1A`) or a paper size are not call signs elsewhere."""
    assert radio_identifiers([make_line("Module NEO6M OE7ABH"), make_line("SW1A 1AA", y=40)]) == []
    lines = [make_line("Last heard", y=0), make_line("Print on A4B paper", y=40)]
    assert radio_identifiers(lines) == []
