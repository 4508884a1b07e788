"""A shop's anonymous receipt keeps its own address, phone, web address and purchase date visible; a
business's registration numbers are no one's; streets with less common suffixes are addresses
(issue 22: "the organisation's own address and phone stay visible", fail closed everywhere else)."""

from __future__ import annotations

from imgscreen.context import id_spans
from imgscreen.model import Identifier
from imgscreen.organisations import anonymous_receipt
from tests.test_fields import card, masked
from tests.test_phi import make_line

SHOP = ("REWE", "Bilker Allee 57", "40219 Springfield", "Tel. 0211-3006966", "www.example-shop.de")
TILL = ("SUPPENGRUEN 0,99 B", "BROT 2,49 B", "MILCH 1,19 B", "SUMME 4,67", "Geg. BAR 5,00", "Rueckgeld 0,33",
        "04.12.2014 11:26")


def test_an_anonymous_receipt_keeps_the_shops_contacts_and_the_purchase_date():
    lines = card(*SHOP, *TILL)
    assert anonymous_receipt(lines)
    assert masked(lines) == {}
    # the card the customer paid with is masked, and makes the slip no one's record
    assert masked(card(*SHOP, *TILL, "VISA ************4417")) == {"************4417": Identifier.ACCOUNT}


def test_a_receipt_made_out_to_someone_is_judged_as_any_page():
    lines = card(*SHOP, "Kunde: Anna Schmidt", "Hauptstrasse 12", *TILL)
    assert not anonymous_receipt(lines)
    m = masked(lines)
    assert m.get("Anna Schmidt") == Identifier.NAMES and m.get("Hauptstrasse 12") == Identifier.GEOGRAPHIC
    assert Identifier.DATES in m.values()


def test_a_persons_line_beside_the_shops_phone_keeps_that_line_masked():
    # someone's date of birth touches the phone: the phone may be theirs (fail closed)
    m = masked(card("Contoso Store", "123 Main Street", "Redmond, WA 98052", "987-654-3210", "DOB 03/14/1961",
                    "2 Surface Pen $99.98", "Sub-Total $99.98", "Tax $8.50", "Total $108.48"))
    assert m.get("987-654-3210") == Identifier.PHONE and "03/14/1961" in m
    assert "123 Main Street" not in m


def test_a_restaurant_slip_names_no_one_in_its_header_or_its_column_of_drinks():
    # dev seed 1985: the restaurant's name over its street address read as an addressee, which made the slip a
    # person's and masked its address, phone, date and check number
    header = ("JUNIPER TABLE", "6162 Medical Pkwy", "Red Mesa, AZ 85001", "(847) 937-6332")
    till = ("2021-10-06 14:50 TBL 38", "Server: 17 CHK 8402", "Steak Diane", "Bananas Foster", "Pad Thai",
            "Peach Melba", "15.18", "19.76", "20.24", "25.96", "SUBTOTAL", "81.14", "TAX", "6.49", "TOTAL", "87.63")
    assert anonymous_receipt(card(*header, *till))
    assert masked(card(*header, *till)) == {}
    # a bar's drinks named like people are a column of the menu's words, not of names
    drinks = ("Margarita", "Rosa", "Carmen", "Lola", "Frida", "9.50", "8.00", "8.00", "7.50", "9.00")
    assert masked(card("BAR CENTRAL", *drinks, "SUBTOTAL", "42.00", "TAX", "3.36", "TOTAL", "45.36")) == {}
    # a slip made out to a guest is judged as any page: the guest and the restaurant's lines are masked
    m = masked(card(*header, "Guest: Maria Lopez", *till))
    assert m.get("Maria Lopez") == Identifier.NAMES and "6162 Medical Pkwy" in m


def test_a_page_without_prices_is_no_receipt():
    assert not anonymous_receipt(card("Total knee replacement", "Tax forms", "Bilker Allee 57"))


def test_a_business_registration_number_is_no_ones():
    for text in ("BattG:21000628", "WEEE:DE 42512196", "USt-IdNr.:DE 186 018 569", "OMB NO. 1545-0008",
                 "EIN 98-7654321", "UID Nr.: DE812706034"):
        assert id_spans(text) == [], text
    assert id_spans("MRN 12345678") and id_spans("Acct 1234 5678 9012")


def test_a_street_with_a_less_common_suffix_is_an_address():
    m = masked(card("Hiroshi Yilmaz", "613 Sycamore Bend", "8203 Quarry Ridge Apt 9Y"))
    assert m.get("613 Sycamore Bend") == Identifier.GEOGRAPHIC
    assert m.get("8203 Quarry Ridge Apt 9Y") == Identifier.GEOGRAPHIC
    assert masked(card("4 West Station", "Day 2 Walk")) == {}


def test_a_card_number_the_till_masked_is_still_an_account_number():
    for text in ("###############6004", "**** **** **** 1234", "XXXXXXXXXXXX1234", "009###############",
                 "55257642****202*"):  # (a Korean card slip: eight digits, four masked, three, one masked)
        assert masked(card("Karte", text)) == {text: Identifier.ACCOUNT}, text
    assert masked(card("***************", "SUMME 4,67")) == {}  # a row of stars is a rule, not a number


def test_the_server_named_on_a_receipt_does_not_make_the_shops_address_theirs():
    m = masked(card("Cobb Salad 23.57", "Bloody Mary 10.83", "SUBTOTAL 34.40", "TAX 2.80", "TOTAL 37.20",
                    "Server: Dev", "543.233.1341", "8365 Industrial Dr", "Millbrook, NY 12545"))
    assert m == {"Dev": Identifier.NAMES}


def test_an_invoices_bill_to_block_set_flush_right_is_its_customers():
    """`BILL TO` over a customer, his company, a one-line address, his e-mail and phone, each line ending at the
    page's right margin: the company line makes none of it the company's own, as in a left-aligned block."""
    right = 1130

    def flush(text: str, y: float) -> object:
        return make_line(text, x=right - 10 * len(text), y=y)

    lines = [make_line("INVOICE", x=900, y=0), make_line("FROM", x=50, y=80), flush("BILL TO", 80),
             make_line("Acme Web Solutions", x=50, y=130), flush("Michael Chen", 130),
             flush("Global Retail Co.", 166), flush("321 Commerce St, New York, NY 10001", 202),
             flush("mchen@globalretail.com", 238), flush("+1 (555) 456-7890", 274)]
    m = masked(lines)
    assert m.get("mchen@globalretail.com") == Identifier.EMAIL, m
    assert m.get("+1 (555) 456-7890") == Identifier.PHONE, m
    assert any(v == Identifier.GEOGRAPHIC and "Commerce" in k for k, v in m.items()), m
