"""PHI that only context reveals (issue 22): table columns, values on a patient's card or screen,
documents in scripts we do not read, identity documents; and what context must leave alone."""

from __future__ import annotations

import dataclasses

from fakes import line as boxed

from imgscreen.context import date_spans, id_shaped, is_mrz, name_shaped
from imgscreen.decide import decide
from imgscreen.model import Identifier, StageOutcome
from imgscreen.phi import classify, classify_text
from imgscreen.policy import Policy
from tests.test_phi import make_line

POLICY = Policy()


def masked(lines, policy: Policy = POLICY) -> dict[str, str]:
    """Masked text -> entity, over every finding."""
    return {f.text: f.source.entity for f in classify(lines, policy)}


# --- shapes ---------------------------------------------------------------------------------------


def test_identifier_shapes():
    for value in ("MARO56781234", "11A43873", "ANON48576", "c6b3d3b10d0000", "6456086", "X1259666"):
        assert id_shaped(value), value
    for value in ("2024", "98.6", "1,250", "120/80", "10:30", "500mg", "35", "12", "1.2.3"):
        assert not id_shaped(value), value
    assert not id_shaped("4411", before="Lot ")
    assert not id_shaped("1500", after=" mg daily")


def test_date_shapes_include_forms_only_context_makes_dates():
    for text in ("01 Aug 2018", "Aug 22, 1997", "2019-5-4", "11/08/26", "8 Nov, 2024", "20120507", "7 mai 2012",
                 "1st of March 2021"):
        assert date_spans(text) == [(0, len(text))], text
    assert date_spans("room 14/40") == []  # no part can be a month and the other a day
    # months as Poland, the Czech Republic, Scandinavia, Turkey and Indonesia write them
    for text in ("29 Czerwiec 2025", "2 Sierpień 2025", "12 lipca 2025", "12. června 2025", "3 marts 2024",
                 "5 Ağustos 2024", "17 Agustus 2020"):
        assert date_spans(text) == [(0, len(text))], text


def test_name_shapes():
    for cell in ("Beatrice Bass", "M. Bryan Paul", "Štandard Neil", "Lupe", "Nakamura"):
        assert name_shaped(cell), cell
    for cell in ("Weeks pregnant", "Pending results", "Total", "Cardiology Ward", "12 Main St"):
        assert not name_shaped(cell), cell


def test_mrz_lines():
    assert is_mrz("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<")
    assert is_mrz("L898902C36UTO7408122F1204159ZE184226B<<<<<10")
    assert not is_mrz("WELCOME TO THE NEW EMERGENCY DEPARTMENT")


# --- tables ---------------------------------------------------------------------------------------


def test_a_name_column_masks_its_cells_and_leaves_other_columns():
    lines = [
        make_line("Code", x=0, y=0),
        make_line("Patient", x=100, y=0),
        make_line("Ward", x=300, y=0),
        make_line("258", x=0, y=40),
        make_line("Stephanie Yikparwoth", x=100, y=40),
        make_line("Surgery", x=300, y=40),
        make_line("339", x=0, y=80),
        make_line("Lupe Jacksen", x=100, y=80),
        make_line("Medicine", x=300, y=80),
    ]
    got = masked(lines)
    assert got["Stephanie Yikparwoth"] in ("CONTEXT_NAME", "PATIENT_NAME")
    assert got["Lupe Jacksen"] in ("CONTEXT_NAME", "PATIENT_NAME")
    assert got["258"] == "CONTEXT_ID" and got["339"] == "CONTEXT_ID"
    assert "Surgery" not in got and "Medicine" not in got


def test_a_person_columns_given_name_that_is_also_a_word_is_masked_before_an_unknown_surname():
    """`Per Mertesacker` under `Person`: `Per` is on the not-a-name list, but a capitalised word before a surname no
    dictionary has is a given name; a column's `Total Amount` (no unknown word) stays."""
    lines = [make_line("Room", x=0, y=0), make_line("Person", x=200, y=0),
             make_line("Room 2", x=0, y=40), make_line("Thomas Muller", x=200, y=40),
             make_line("Room 5", x=0, y=80), make_line("Per Mertesacker", x=200, y=80),
             make_line("Room 7", x=0, y=120), make_line("Total Amount", x=200, y=120)]
    got = masked(lines)
    assert "Per Mertesacker" in got and "Total Amount" not in got


def test_a_payers_id_column_masks_its_numbers():
    lines = [make_line("Member", x=0, y=0), make_line("Coverage ID", x=160, y=0), make_line("Status", x=320, y=0),
             make_line("Jane Okafor", x=0, y=40), make_line("366", x=160, y=40), make_line("ACTIVE", x=320, y=40)]
    got = masked(lines)
    assert got.get("366") == "CONTEXT_ID", got
    assert "ACTIVE" not in got


def test_a_table_row_read_as_one_line_is_cut_at_the_columns():
    lines = [
        make_line("ID", x=0, y=0),
        make_line("Name", x=80, y=0),
        make_line("Status", x=220, y=0),
        make_line("625 Bryan Paulsen pending", x=0, y=40, char_w=12.3),
    ]
    got = masked(lines)
    assert "Bryan Paulsen" in got
    assert "pending" not in " ".join(got)


def test_a_form_with_no_person_leaves_its_numbers():
    lines = [make_line("Order summary", y=0), make_line("Item 4471 Gauze", y=30), make_line("Qty 12000", y=60),
             make_line("Printed 2024-05-01", y=90)]
    assert masked(lines) == {}


# --- anchored regions -----------------------------------------------------------------------------


def test_values_on_a_patients_card_are_masked():
    lines = [make_line("Patient: Jane Doerr", y=0), make_line("MARO56781234", y=28), make_line("01 Aug 2018", y=56),
             make_line("Take 1 tablet daily", y=84)]
    got = masked(lines)
    assert got.get("MARO56781234") == "CONTEXT_ID"
    assert "01 Aug 2018" in got
    assert not any("tablet" in t for t in got)


def test_an_unclear_reading_on_a_patients_card_is_masked_but_is_no_evidence():
    garbled = dataclasses.replace(make_line("rn1lh ,jo| 4l", y=28), score=0.41)
    card = [make_line("Patient: Jane Doerr", y=0), garbled, make_line("Take 1 tablet daily", y=56)]
    findings = classify(card, POLICY)
    unclear = [f for f in findings if f.source.entity == "UNCLEAR_TEXT"]
    assert [f.text for f in unclear] == ["rn1lh ,jo| 4l"] and not unclear[0].source.personal
    # The same guess on a poster with no person on it is left alone: doubt alone is not PHI.
    poster = [make_line("Blood drive today", y=0), garbled]
    assert masked(poster) == {}


def test_a_card_far_away_is_not_anchored_by_another_but_its_dates_and_numbers_are_masked():
    near = [make_line("Patient: Jane Doerr", y=0), make_line("MRN 00482913", y=28)]
    poster = [make_line("Blood drive 20120507", x=900, y=900), make_line("Room 4471", x=900, y=930)]
    got = masked(near + poster)
    assert got["00482913"] == "MRN"
    # fail closed: on a photo with a patient's details, a date or number anywhere may be theirs...
    assert got["4471"] == "PHOTO_ID" and got["20120507"] == "PHOTO_DATE"
    # ...but the far card is no record of theirs: its masks are no evidence
    assert not any(f.source.personal for f in classify(near + poster, POLICY) if f.text in ("4471", "20120507"))


def test_a_document_in_a_script_we_do_not_read_is_anchored():
    lines = [make_line(t, y=30 * k) for k, t in enumerate(
        ["检验报告单", "姓名 王小明", "性别 男", "科室 内科", "病历号 AB2019338", "采样时间 2019-5-4"])]
    got = masked(lines)
    assert got.get("AB2019338") == "CONTEXT_ID"
    assert "2019-5-4" in got
    assert any(e == "FOREIGN_TEXT" for e in got.values())


def test_runs_of_a_script_we_do_not_read_are_masked_as_doubt_not_counted_as_a_record():
    """An admin screen in Chinese (menus, report labels, a few sums and times): its unread runs and
    numbers are masked, fail closed, but the photo is not rejected as a screen full of someone's PHI."""
    menu = ["首页", "门诊日结", "历史日结", "排班表", "门诊挂号工作台", "历史缴费流水", "日结时间范围", "报账人编号",
            "收款人编号", "制表时间", "常规发票号", "冲红发票号", "重打发票号", "金额统计", "检验金额"]
    lines = [make_line(t, x=40, y=30 * k) for k, t in enumerate(menu)]
    lines += [make_line("99999123", x=300, y=30 * k) for k in (7, 8)]
    got = masked(lines)
    assert sum(e == "FOREIGN_TEXT" for e in got.values()) >= 10
    assert _decision(lines).verdict == "redact"
    assert not any(f.source.personal for f in classify(lines, POLICY) if f.source.entity == "FOREIGN_TEXT")


def test_a_page_in_a_script_we_do_not_read_is_masked_even_in_small_cards():
    """A phone timetable in Chinese: each class is a card of two lines far from the next, too small a
    region to count as unread. The page as a whole is in a script we cannot read: the teachers' names
    beside the room codes are masked, never silently accepted; an English page with one such word is not."""
    cards = [("高级数据库技术实践", "A9-509 涂宇超,余洋"), ("大数据分析技术与应用", "A9-509 & 余洋"),
             ("大数据预处理技术", "A9-509 沈科"), ("今日课程", "10:25 - 12:00")]
    lines = []
    for k, (title, where) in enumerate(cards):
        lines += [make_line(title, x=40, y=300 * k), make_line(where, x=40, y=300 * k + 30)]
    got = masked(lines)
    assert {"涂宇超", "余洋", "沈科"} <= set(got), got
    assert _decision(lines).verdict == "redact"
    english = [make_line(t, x=40, y=300 * k) for k, t in enumerate(["Timetable", "Room A9-509", "Lunch 12:00",
                                                                    "Library", "Tea 余洋", "Sports hall"])]
    assert not any(e == "FOREIGN_TEXT" for e in masked(english).values())


def test_a_chinese_name_alone_on_its_line_is_masked_on_a_page_we_cannot_read():
    """A nurse app's order screen: the placeholder patient `张三` alone over the order date. On a page in a
    script we cannot read, two or three Han characters opening with a common surname are masked (doubt);
    a menu's `返回` (back) and `医师` (physician) are not."""
    texts = ["张三", "2016-11-24", "详细医嘱", "日期", "时间", "用法用量", "医师", "药房发药", "Item 1", "返回"]
    # far apart, as a phone's cards are: regions too small to count as unread
    lines = [make_line(t, x=40 + 300 * (k % 2), y=200 * k) for k, t in enumerate(texts)]
    got = masked(lines)
    assert got.get("张三") == "FOREIGN_TEXT", got
    assert "返回" not in got and "医师" not in got
    assert _decision(lines).verdict == "redact"


def test_a_lab_result_table_masks_its_dates_with_no_name_in_view():
    """A cropped results table (tests, units, test dates as column heads): the dates are when this
    person's blood was taken, whoever they are; the values and units stay."""
    lines = [make_line("Parameter", y=0), make_line("Normal range", x=300, y=0),
             make_line("01/09/2006 20/09/2006 04/10/2006", x=600, y=0),
             make_line("ESR", y=30), make_line("mm/hr", x=300, y=30), make_line("470", x=600, y=30),
             make_line("Random Blood Sugar", y=60), make_line("ma/dl", x=300, y=60)]
    got = masked(lines)
    assert {"01/09/2006", "20/09/2006", "04/10/2006"} <= set(got)
    assert "470" not in got and "ESR" not in got
    # without the results' units and reference column, a row of dates is nobody's
    assert masked([make_line("Parameter", y=0), make_line("01/09/2006 20/09/2006", x=600, y=0)]) == {}


def test_capitalised_nouns_of_a_german_sentence_are_no_names_on_a_record():
    """A therapy report about `Frau S.`: its sentences' capitalised nouns (`Der Apfel`, `Soziale Kontakte`)
    are German, not people, though the page is someone's record. A name in an English note still is."""
    from imgscreen.context import foreign_prose

    assert foreign_prose("Soziale Kontakte hat sie nur noch mit der Familie")
    assert not foreign_prose("Patient met with Ikechukwu Okonkwo per protocol")
    lines = [make_line("Patient: Frau S.", y=0), make_line("Geburtsdatum: 03.04.1990", y=30),
             make_line("Soziale Kontakte hat sie nur noch mit der Familie", y=60)]
    assert "Soziale Kontakte" not in masked(lines)
    english = [make_line("Patient: Jane Roe", y=0), make_line("DOB: 03/04/1990", y=30),
               make_line("Visited by Ikechukwu Okonkwo on Monday", y=60)]
    assert any("Ikechukwu Okonkwo" in t for t in masked(english))


def test_a_sign_in_another_script_is_left_alone():
    lines = [make_line("出口", y=0), make_line("急诊 24 小时", y=30)]
    assert masked(lines) == {}


# --- identity documents ---------------------------------------------------------------------------


def _decision(lines):
    findings = classify(lines, POLICY)
    return decide(findings, [StageOutcome("text", True, 0.1)], POLICY, lines, (2000, 1500))


def test_a_passport_is_rejected_by_its_mrz():
    lines = [make_line("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", y=0),
             make_line("L898902C36UTO7408122F1204159ZE184226B<<<<<10", y=30)]
    d = _decision(lines)
    assert d.verdict == "reject" and "identity document" in d.reasons[0]


def test_a_licence_title_beside_a_persons_details_is_rejected():
    lines = [make_line("DRIVER LICENSE", y=0), make_line("DOB: 03/14/1962", y=30), make_line("LIC 820BAC729", y=60)]
    assert _decision(lines).verdict == "reject"


def test_a_licence_title_alone_is_not_an_identity_document():
    lines = [make_line("Bring your driver license to check in", y=0)]
    assert _decision(lines).verdict == "accept"


def test_a_social_security_cards_own_sentence_rejects_it_even_when_nothing_else_is_read():
    lines = [make_line("THIS NUMBER HAS BEEN ESTABLISHED FOR", y=0), make_line("SIGNATURE", y=60)]
    d = _decision(lines)
    assert d.verdict == "reject" and "identity document" in d.reasons[0]
    # the agency's leaflet about the number is no card
    assert _decision([make_line("How a Social Security number is assigned", y=0)]).verdict == "accept"


def test_context_findings_name_their_identifier():
    lines = [make_line("Patient: Jane Doerr", y=0), make_line("11A43873", y=28)]
    f = next(f for f in classify(lines, POLICY) if f.text == "11A43873")
    assert f.identifier == Identifier.OTHER_ID and "patient" in f.label


def test_a_shops_own_phone_on_a_receipt_stays_visible_and_makes_no_document():
    lines = [make_line(t, y=22 * k, char_w=14) for k, t in enumerate(
        ["REWE Markt GmbH", "Tel. 0211-3006966", "www.rewe.de", "Milch 1.19", "Brot 2.49", "Butter 1.99",
         "Summe 5.67", "Geg. Bar 10.00", "Rueckgeld 4.33", "Vielen Dank"])]
    assert classify_text("Tel. 0211-3006966", POLICY)  # a German number is a phone number...
    findings = classify(lines, POLICY)
    assert not any("3006966" in f.text for f in findings)  # ...the shop's own, under its name
    d = decide(findings, [StageOutcome("text", True, 0.1)], POLICY, lines, (300, 230))  # text fills the photo
    assert d.verdict == "accept"


def test_the_same_text_beside_a_patient_is_personal():
    lines = [make_line("Patient: Jane Doerr", y=0), make_line("Tel. 0211-3006966", y=22)]
    assert all(f.source.personal for f in classify(lines, POLICY))


def test_product_numbers_with_a_gs1_check_digit_are_not_account_numbers():
    from imgscreen.recognizers.numbers import gtin

    assert gtin("04987176039347") and gtin("4006381333931") and not gtin("04987176039348")
    assert classify_text("04987176039347 SOAP 2.49", POLICY) == []
    assert classify_text("04987176039348 SOAP 2.49", POLICY)  # one digit off: an unknown long number


def test_digits_printed_under_a_barcode_are_masked_with_it():
    from imgscreen.model import Finding, Photo
    from imgscreen.pipeline import Screener
    from tests.fakes import Fixed, line

    bars = Finding("barcode", Identifier.MRN, "Barcode", 1.0, "zxing", ((10, 10), (210, 10), (210, 60), (10, 60)), "")
    under = line("00482913", 40, 64, 140, 16)
    far = line("Room 4471", 400, 300, 120, 16)
    screener = Screener(detectors={"barcodes": Fixed([bars]), "text": Fixed(lines=[under, far])})
    import numpy as np

    findings, _, _ = screener.detect(Photo(pixels=np.zeros((400, 600, 3), np.uint8), source="x"))
    printed = [f for f in findings if f.source is not None and f.source.entity == "BARCODE_TEXT"]
    assert [f.text for f in printed] == ["00482913"]


def test_a_heading_over_prose_is_not_a_table():
    lines = [make_line("Patient visit notes", y=0), make_line("HPI : Sleeping trouble on present dosage.", y=40),
             make_line("Severe Rash on face and leg", y=80), make_line("Follow-up as scheduled", y=120)]
    assert masked(lines) == {}


def test_a_health_insurance_card_is_rejected_as_its_members_card_not_as_an_identity_document():
    """A member card's every field is its member's (the set's annotators reject them since scope B): its title or
    the pharmacy routing fields only such a card prints, beside a member's name and number, reject the photo. The
    same number on a record's insurance line, with no card mark, is masked; a card mark with no member is nothing."""
    card = [make_line("INSURANCE IDENTIFICATION CARD", y=0), make_line("Member: Jane Doerr", y=30),
            make_line("Member ID: XGP928374651", y=60)]
    decision = _decision(card)
    assert decision.verdict == "reject" and "health insurance card" in decision.reasons[0]
    assert "ID_DOCUMENT" not in {f.source.entity for f in classify(card, POLICY)}
    routed = [make_line("Northwind Health Plan", y=0), make_line("Member: Jane Doerr", y=30),
              make_line("Member ID XGP928374651", y=60), make_line("RxBIN 610014 RxPCN MEDDPRIME", y=90)]
    assert _decision(routed).verdict == "reject"
    record = [make_line("Member: Jane Doerr", y=0), make_line("Member ID: XGP928374651", y=30),
              make_line("Plan: Northwind PPO", y=60)]
    assert _decision(record).verdict == "redact"
    leaflet = [make_line("Bring your insurance card and RxBIN details", y=0), make_line("Opening hours 9-17", y=30)]
    assert _decision(leaflet).verdict == "accept"


def test_accented_names_are_read_as_names():
    got = masked([make_line("Patient: Šarel Seemonster", y=0)])
    assert "Šarel Seemonster" in got


def test_a_medical_images_overlay_dates_are_the_patients():
    lines = [make_line("*WESTWAY_MEDICAL*", y=0), make_line("24-MAY-02", y=30), make_line("ULTRASOUND", y=400)]
    assert "24-MAY-02" in masked(lines)


def test_dicom_names_in_a_viewer_overlay():
    got = masked([make_line("SMITH^JANE", y=0), make_line("20120507", y=30)])
    assert got.get("SMITH^JANE") == "PATIENT_NAME"
    assert "20120507" in got


def test_a_dates_time_of_day_is_masked_with_it():
    got = masked([make_line("Patient: Jane Doerr", y=0), make_line("18/11/2022 23:59", y=30)])
    assert "18/11/2022 23:59" in got


def test_a_forms_hints_are_not_values():
    lines = [make_line("Date of birth", y=0), make_line("MM/DD/YYYY", y=30), make_line("Phone", y=60),
             make_line("(000) 000-0000", y=90), make_line("Email", y=120), make_line("name@example.com", y=150),
             make_line("SSN XXX-XX-XXXX", y=180)]
    assert masked(lines) == {}
    # The same fields filled in are masked.
    filled = [make_line("Date of birth", y=0), make_line("03/14/1962", y=30), make_line("Phone", y=60),
              make_line("(617) 555-0142", y=90), make_line("Email", y=120), make_line("jdoerr@mailbox.org", y=150)]
    assert {"03/14/1962", "(617) 555-0142", "jdoerr@mailbox.org"} <= set(masked(filled))
    # a public body's line and its team's mailbox, in a letter's footer, are the office's
    footer = [make_line("Welsh speakers can call 0300 456 0300 or email", y=0, char_w=6),
              make_line("customerservices@publicguardian.gov.uk", y=30)]
    assert masked(footer) == {}
    assert "jane.doe@publicguardian.gov.uk" in masked([footer[0], make_line("jane.doe@publicguardian.gov.uk", y=30)])
    # ... but on a résumé, beside its owner's name, a team mailbox at their own domain is theirs
    cv = [make_line("Jan Kuester", y=0), make_line("Software Developer", y=30), make_line("info@jankuester.com", y=60)]
    assert "info@jankuester.com" in masked(cv)
    # an installer's default `admin@example.com` is a role at a reserved domain; a demo person's is masked
    assert masked([make_line("Email address", y=0), make_line("admin@example.com", y=30)]) == {}
    assert "h.vandermolen@example.org" in masked([make_line("Email address", y=0),
                                                  make_line("h.vandermolen@example.org", y=30)])


def test_an_address_label_over_a_settings_menu_is_not_an_address_column():
    rows = ["Display", "Notifications", "Privacy & Security", "Network"]
    settings = [make_line("Address", x=0, y=0), make_line("Notes", x=300, y=0)] + [
        make_line(r, x=0, y=40 * (k + 1)) for k, r in enumerate(rows)]
    assert masked(settings) == {}
    table = [make_line("Address", x=0, y=0), make_line("Ward", x=300, y=0),
             make_line("12 Elm Street", x=0, y=40), make_line("4 North", x=300, y=40),
             make_line("Springfield, IL", x=0, y=80), make_line("ICU", x=300, y=80)]
    got = masked(table)
    assert got.get("12 Elm Street") and got.get("Springfield, IL") and "ICU" not in got


def test_an_organisations_own_address_and_phone_stay_visible():
    letter = [make_line("Northgate Cardiology", y=0, h=30), make_line("6935 Main St, Kingsford, MI 49801", y=40),
              make_line("Tel (323) 739-4926", y=70),
              make_line("Patient: Kirsten Ortega", y=200), make_line("3762 Quarry Hill Dr", y=230),
              make_line("Sutter Creek, CA 95685", y=260), make_line("(617) 555-0142", y=290)]
    got = masked(letter)
    assert not any("Main St" in t or "739-4926" in t or "49801" in t for t in got)
    # The patient's own, under the patient's name, are masked.
    assert {"Kirsten Ortega", "3762 Quarry Hill Dr", "(617) 555-0142"} <= set(got)
    assert any("95685" in t for t in got)


def test_an_address_beside_a_persons_name_is_never_the_organisations():
    label = [make_line("Main St Pharmacy", y=0), make_line("JANE DOERR", y=30), make_line("12 Elm Street", y=60)]
    assert "12 Elm Street" in masked(label)


def test_a_recipient_blocks_address_is_the_recipients_whichever_company_it_names():
    # a letter to a person at a company: the company's address under the person's name is where they are reached
    letter = [make_line("Mr. M. Leaf", x=150, y=470, h=40), make_line("Chief of Syrup Production", x=150, y=510, h=40),
              make_line("Old Sticky Pancake Company", x=150, y=552, h=40),
              make_line("456 Maple Lane", x=150, y=596, h=40)]
    got = masked(letter)
    assert "Mr. M. Leaf" in got and "456 Maple Lane" in got
    # the company's own letterhead, with no person at its head, keeps its address visible
    assert "456 Maple Lane" not in masked(letter[2:])
    # and a name far above the company (a signature, a line of running text between) heads no block
    apart = [letter[0], make_line("Thank you for your order of twenty five pounds of pancake mix today", x=150, y=510,
                                  h=40), *letter[2:]]
    assert "456 Maple Lane" not in masked(apart)


def test_the_name_above_a_street_address_is_the_addressees():
    envelope = [make_line("Quarry Labs Billing", y=0), make_line("7857 Harbor Ave", y=30),
                make_line("Achterberg N", x=400, y=300), make_line("1441 Larkspur Way Unit 658", x=400, y=330),
                make_line("Kingsford, MI 07811", x=400, y=360)]
    got = masked(envelope)
    assert got.get("Achterberg N") == "ADDRESSEE"
    assert "Quarry Labs Billing" not in got and "7857 Harbor Ave" not in got  # the sender is an organisation
    # At an angle, "right above" is measured along the card's own lines.
    tilted = [make_line("Achterberg N", x=0, y=0, slope=0.3), make_line("1441 Larkspur Way", x=-8, y=28, slope=0.3)]
    assert masked(tilted).get("Achterberg N") == "ADDRESSEE"


def _upside_down(line, cx: float = 500, cy: float = 500):
    """The line as a photo turned by 180 degrees shows it: its corners rotated, its top-left now the
    point that was its bottom-right (the reading direction turns with the photo)."""
    turn = lambda pt: (2 * cx - pt[0], 2 * cy - pt[1])  # noqa: E731
    p = line.polygon
    poly = (turn(p[0]), turn(p[1]), turn(p[2]), turn(p[3]))
    words = tuple(dataclasses.replace(w, polygon=tuple(turn(pt) for pt in w.polygon)) for w in line.words)
    return dataclasses.replace(line, polygon=poly, words=words)


def _bag_label():
    """A pharmacy bag's label as the detector cuts it: the address in four boxes."""
    return [make_line("PATIENT: YILMAZ, OMAR", x=0, y=0), make_line("8104", x=0, y=30),
            make_line("Hawthorne Pl", x=60, y=30), make_line("Bayview,", x=0, y=60), make_line("FL 18238", x=100, y=60),
            make_line("Ph 679.555.0187", x=0, y=90), make_line("Tx# 44357277", x=0, y=120)]


def test_the_pieces_of_a_persons_address_are_masked_with_it():
    for label in (_bag_label(), [_upside_down(ln) for ln in _bag_label()]):
        got = masked(label)
        assert {"Hawthorne Pl", "Bayview,", "FL 18238", "8104"} <= set(got), got
        assert got["Bayview,"] == "ADDRESS_PART"
    # Without a person on the card, a street name and a town are only words.
    sign = [make_line("Hawthorne Pl", x=60, y=30), make_line("Bayview,", x=0, y=60), make_line("FL 18238", x=100, y=60)]
    assert "Hawthorne Pl" not in masked(sign) and "Bayview," not in masked(sign)
    # Far from the address, the same shape is not part of it.
    far = _bag_label() + [make_line("Anytown,", x=0, y=400)]
    assert "Anytown," not in masked(far)


def test_a_row_cut_into_boxes_counts_once_toward_a_document():
    """Eight printed rows in twelve boxes is a label to mask, not a page to reject."""
    label = _bag_label() + [make_line("Dr. R. Osei", x=0, y=150), make_line("DOB 01/02/1970", x=0, y=180),
                            make_line("Filled 04 Sep 2016", x=0, y=210), make_line("01/02/2017", x=250, y=210)]
    findings = classify(label, POLICY)
    lines_with_phi = {f.source.line for f in findings}
    assert len(lines_with_phi) > POLICY.decide.max_phi_lines  # boxes
    d = decide(findings, [StageOutcome("text", True, 0.1)], POLICY, label, (1000, 1000))
    assert d.verdict == "redact", d.reasons
    assert d.policy["phi_lines_in_one_place"] == 8
    # One more row makes it a page.
    more = label + [make_line("MRN 5528830", x=0, y=240)]
    d = decide(classify(more, POLICY), [StageOutcome("text", True, 0.1)], POLICY, more, (1000, 1000))
    assert d.verdict == "reject"


def test_a_bills_items_are_dishes_not_people():
    receipt = [make_line("Eggs Benedict", x=0, y=0), make_line("14.19", x=400, y=0),
               make_line("1 Chicken Marsala 21.50", x=0, y=40), make_line("Server: Dev Patel", x=0, y=80)]
    got = masked(receipt)
    assert not any("Benedict" in t or "Marsala" in t for t in got)
    # A labelled name beside an amount is still a name.
    assert "Jane Doerr" in masked([make_line("Patient: Jane Doerr", x=0, y=0), make_line("$25.00", x=400, y=0)])


def test_labels_in_other_languages_say_whose_the_value_is():
    lines = [make_line("姓名:王秀兰 性别:女", y=0), make_line("出生日期: 1974-02-09", y=30),
             make_line("Fecha de nacimiento: 14/02/1974", y=60), make_line("Nom: Dupont Prénom: Marie", y=90)]
    got = masked(lines)
    assert got.get("王秀兰") == "PATIENT_NAME" and got.get("1974-02-09") == "DATE_OF_BIRTH"
    assert "14/02/1974" in got and "Dupont" in got and "Marie" in got
    assert "女" not in got  # the sex field is not an identifier
    assert masked([make_line("Fecha de nacimiento: dd/mm/aaaa", y=0)]) == {}  # a blank form's hint


def test_a_toll_free_number_is_a_business_line():
    card = [make_line("Member: Stephanie Haddadi", y=0), make_line("Customer Service 1-800-637-1726", y=30),
            make_line("Home (617) 555-0142", y=60)]
    got = masked(card)
    assert not any("637-1726" in t for t in got) and "(617) 555-0142" in got


def test_a_record_label_makes_a_short_number_an_identifier():
    got = masked([make_line("OPD No. 134", y=0), make_line("Patient (code: 339)", y=30), make_line("MRN: 001", y=60)])
    assert {"134", "339", "001"} <= set(got)
    assert masked([make_line("Room 312", y=0), make_line("Visit No. 2", y=30)]) == {}


def test_an_address_with_the_number_after_the_street():
    lines = [make_line("Address", y=0), make_line("Fall road N. 782", y=30)]
    assert "Fall road N. 782" in masked(lines)
    assert "Via Roma 12, Milano" in masked([make_line("Address: Via Roma 12, Milano")])


def test_a_name_split_over_two_lines_is_masked_whole():
    card = [make_line("HEALTH INSURANCE", y=0), make_line("THIBODEAU", y=40), make_line("ROSALIE", y=70),
            make_line("DOB 1962-07-15", y=100)]
    got = masked(card)
    assert "THIBODEAU" in got and "ROSALIE" in got
    assert "HEALTH INSURANCE" not in got


def test_a_column_holding_names_is_a_list_of_people():
    # (`Udeagha, Ezinne`: no name list knows it, so it is found by its shape alone and makes no photo-wide person;
    # a surname and given name the lists know would mask every name-shaped line, list or not)
    board = [make_line("PNT", x=100, y=0), make_line("Udeagha, Ezinne", x=100, y=60),
             make_line("M. Bryan Paul", x=100, y=120), make_line("R. CASTELLANOS MAYA", x=100, y=180),
             make_line("SOFT", x=400, y=180)]
    got = masked(board)
    assert "R. CASTELLANOS MAYA" in got and "SOFT" not in got
    assert "PNT" not in got  # the misread header is one short word, no name
    # One name in a column is not a list: the other cells stay.
    one = [make_line("Udeagha, Ezinne", x=100, y=60), make_line("R. CASTELLANOS MAYA", x=100, y=120)]
    assert "R. CASTELLANOS MAYA" not in masked(one)


def test_a_time_in_a_name_columns_footer_is_not_a_code():
    table = [make_line("Bed", x=0, y=0), make_line("Name", x=100, y=0), make_line("01", x=0, y=40),
             make_line("Miller Stephanie J.", x=100, y=40),
             make_line("Printed 02:14 by night charge nurse", x=100, y=80)]
    got = masked(table)
    assert "Miller Stephanie J." in got and "02" not in got and "14" not in got


def test_a_record_screens_phi_lines_count_as_one_group_however_spaced():
    # Two panels of one patient's screen, far apart: the record rule counts them together.
    left = [make_line("Name: Carmelina Rauch", x=0, y=0), make_line("MRN: 00482913", x=0, y=30)]
    right = [make_line(f"0{k}/11/2020", x=1500, y=600 + 40 * k) for k in range(1, 9)]
    filler = [make_line(f"Result {k}", x=800, y=1200 + 40 * k) for k in range(4)]
    lines = left + right + filler
    findings = classify(lines, POLICY)
    assert all(f.source.record for f in findings)
    d = decide(findings, [StageOutcome("text", True, 0.1)], POLICY, lines, (2000, 2000))
    assert d.verdict == "reject"


def test_a_long_box_read_as_a_sliver_is_masked_whole_near_a_patient():
    sliver = dataclasses.replace(make_line(":", x=0, y=30), polygon=((0, 30), (400, 30), (400, 50), (0, 50)))
    card = [make_line("MRN: 00482913", y=0), sliver, make_line("Collected 2023-06-14", y=60)]
    unclear = [f for f in classify(card, POLICY) if f.source.entity == "UNCLEAR_TEXT"]
    assert len(unclear) == 1 and unclear[0].polygon == sliver.polygon


def test_a_dictionary_pages_names_in_definitions_are_not_people():
    page = []
    for k in range(8):
        y = 60 * k
        page += [make_line("Benedict n.", x=0, y=y), make_line("a male given name; from Latin benedictus, 'blessed'.",
                                                                x=0, y=y + 28)]
    page.append(make_line("a surname and given name, from Benedict.", x=0, y=500))
    findings = classify(page, POLICY)
    assert not [f for f in findings if f.source.personal]
    assert not any(f.text in ("Latin", "Benedict") for f in findings)
    # A sentence that names someone after a label still does.
    assert "Jane Doerr" in masked([make_line("Please call the patient: Jane Doerr about the results today")])


def test_an_upper_case_name_with_its_sex_on_an_image_overlay():
    overlay = [make_line("NOVAK OLIVIA [F]", y=0), make_line("ST ALDER MEDICAL CTR", y=30),
               make_line("DOB: 19-OCT-1988", y=60), make_line("DX CHEST AP PORTABLE", y=90),
               make_line("2019/05/2510:43:36", y=120)]
    got = masked(overlay)
    assert "NOVAK OLIVIA" in got and any("2019/05/25" in t for t in got)
    assert not {"ST ALDER MEDICAL CTR", "DX CHEST AP PORTABLE"} & set(got)
    assert masked([make_line("MRN: 00482913", y=0), make_line("KIDNEY DISEASE", y=30)]).get("KIDNEY DISEASE") is None
    # a trade surname beside a given name the US census never listed (Akan `Kwame`) is still a name; beside an
    # ordinary word (`MILLER ROAD`) it is a place
    overlay[0] = make_line("MILLER KWAME [M]", y=0)
    assert "MILLER KWAME" in masked(overlay)
    assert masked([make_line("MRN: 00482913", y=0), make_line("MILLER ROAD", y=30)]).get("MILLER ROAD") is None


def test_a_menus_dishes_with_prices_on_the_row_below_are_not_people():
    menu = [make_line("Arnold Palmer", x=0, y=0), make_line("house dressing, parmesan", x=0, y=28),
            make_line("34.90", x=500, y=30), make_line("Shirley Temple", x=0, y=60),
            make_line("with fries or salad", x=0, y=88), make_line("22.08", x=500, y=90)]
    assert masked(menu) == {}
    # A bill photographed upside down: the price is still after the dish, in the dish's own direction.
    bill = [make_line("Eggs Benedict", x=0, y=0), make_line("28.79", x=500, y=0)]
    assert masked([_upside_down(ln) for ln in bill]) == {}
    # (a price before it is not its price: the direction counts, not only the row)
    assert "Eggs Benedict" in masked([_upside_down(bill[0]), _upside_down(make_line("28.79", x=-500, y=0))])


def test_a_menus_dishes_are_not_people_when_its_price_column_is_read_apart():
    # the OCR read the prices as a column of their own, far from their rows, and misread a dish
    dishes = ["Bldy Mary", "hollandaise, english muffin", "Reuben Sandwich", "served warm", "Chicken Marsala",
              "with fries or salad", "Steak Diane", "seasonal greens"]
    menu = [make_line(t, x=0, y=40 * k) for k, t in enumerate(dishes)]
    prices = [make_line(p, x=900, y=400 + 40 * k) for k, p in enumerate(("15.76", "12.09", "4.96", "25.13"))]
    assert masked(menu + prices) == {}
    # without the prices it is a list, not a menu (a ward's meal orders name their patients)
    assert "Bldy Mary" in masked(menu)
    # and a price list with no kitchen words (an invoice, a call list) keeps its people
    calls = [make_line(t, x=0, y=40 * k) for k, t in enumerate(("Bldy Mary", "Room 4", "Nina Okafor", "Room 9"))]
    assert "Bldy Mary" in masked(calls + prices)
    # a labelled name on a menu is still a person
    assert "Ana Ruiz" in masked(menu + prices + [make_line("Patient: Ana Ruiz", x=0, y=900)])


def test_a_surname_comma_initial_line_on_a_patients_label():
    label = [make_line("Rx 6456086", y=0), make_line("Achterberg, N.", y=30), make_line("Filled 20 Oct 2020", y=60)]
    assert "Achterberg, N." in masked(label)


def test_a_code_after_any_label_is_someones_number():
    got = masked([make_line("Kapta N: MR1185303", y=0), make_line("Lot: AB12345", y=400)])
    assert "MR1185303" in got and "AB12345" not in got


def test_a_name_the_census_never_saw_on_a_patients_record():
    """`Ikechukwu Okonkwo` beside a labelled MRN is the patient, though neither word is in the census
    lists; the same pair on a poster with no person on it, and ordinary words on the record, stay."""
    card = [make_line("MRN: 00482913", y=0), make_line("Ikechukwu Okonkwo 45y", y=28), make_line("NGOZI ADAEZE", y=56),
            make_line("Blood Pressure", y=84), make_line("CBC WBC", y=112)]
    got = masked(card)
    assert got.get("Ikechukwu Okonkwo") == "CONTEXT_NAME" and "NGOZI ADAEZE" in got
    assert not any(t in got for t in ("Blood Pressure", "Pressure", "CBC WBC"))
    poster = [make_line("Ikechukwu Okonkwo 45y", y=0), make_line("Jazz night", y=28)]
    assert "Ikechukwu Okonkwo" not in masked(poster)


def test_a_long_number_is_a_card_number_only_when_its_luhn_digit_checks():
    """A receipt's product numbers: one misread by a digit is masked, but it is no card number, so
    the receipt does not become someone's page (every other product number masked, then rejected as
    a document). A card number whose check digit holds does make the values around it personal."""
    from imgscreen.recognizers.numbers import gtin, luhn

    assert luhn("4111 1111 1111 1111") and not luhn("0480365880318")
    products = ["04800888284242", "04800888284204", "04000007523171", "04806510073840", "04804888804233",
                "04801234014919", "04800135007044", "04800016666407", "08801045077048", "08801045009209"]
    assert all(gtin(p) for p in products)
    receipt = [make_line(p, y=30 * k) for k, p in enumerate(["0480365880318", *products])]
    got = masked(receipt)
    assert "0480365880318" in got and not any(p in got for p in products)
    assert _decision(receipt).verdict != "reject"
    card = [make_line("4111 1111 1111 1111", y=0), make_line("20120507", y=30)]
    assert masked(card).get("20120507") in ("CONTEXT_ID", "CONTEXT_DATE")
    assert "20120507" not in masked([make_line("0480365880318", y=0), make_line("20120507", y=30)])


def test_a_sites_own_web_address_stays_visible_away_from_a_patient():
    """`tomovision.com` under a product screen is the site's name; a link with a path, or any web
    address beside a patient's details, stays masked."""
    got = masked([make_line("Data from tomovision.com (8 MB)", y=0), make_line("Open volview.netlify.app", y=300)])
    assert not any("tomovision" in t or "netlify" in t for t in got)
    assert "portal.example-health.org/p/88412" in masked([make_line("portal.example-health.org/p/88412", y=0)])
    near = masked([make_line("Patient: Jane Doerr", y=0), make_line("MRN 00482913", y=28),
                   make_line("janedoerr.com", y=56)])
    assert "janedoerr.com" in near


def test_an_acronym_before_a_surname_shaped_word_is_no_name():
    """`CTA Head and Neck` (a scan's series): a badge-style guess needs its words in one case."""
    assert masked([make_line("CTA Head and Neck", y=0)]) == {}
    for line in ("Seen by Ngozi Head today", "NGOZI HEAD"):  # an unknown given name beside a surname
        name = line.replace("Seen by ", "").replace(" today", "")
        assert masked([make_line(line, y=0)]).get(name) in ("PATIENT_NAME", "STAFF_NAME")  # seen by: staff


def test_ocr_l_for_a_capital_i_starts_a_name_beside_another():
    # OCR reads a name's capital I as l: `loana Dobre`, `Mihai lonescu`, a list cell `Daria loan`
    for text, name in (("loana Dobre", "loana Dobre"), ("Mihai lonescu", "Mihai lonescu"),
                       ("Daria loan", "Daria loan")):
        assert [text[s.start:s.end] for s in classify_text(text, POLICY)] == [name], text
    # ... but a word is a word: `Student loan`, `Silver lake`, `the loan desk` stay readable
    for text in ("Student loan", "Silver lake", "the loan desk", "Weight lbs"):
        assert classify_text(text, POLICY) == [], text


def test_a_list_of_people_makes_the_dates_and_numbers_beside_it_theirs():
    # A patient table whose headers are in a language the rules do not read: three names stacked in one
    # column are a list of people, so the table's dates and record numbers are masked with them.
    rows = [("Adrian Diaconescu", "0C-004826", "2026-07-24"), ("Iulian Popa", "0C-004825", "2026-06-01"),
            ("Marcela Voicu", "0C-004829", "2026-06-06")]
    lines = [make_line("PACIENT    MRN    ULTIMA VIZITA", y=0)]
    for k, (name, mrn, day) in enumerate(rows):
        y = 60 + 80 * k
        lines += [make_line(name, x=0, y=y), make_line(mrn, x=300, y=y + 30), make_line(day, x=500, y=y + 30)]
    m = masked(lines)
    for name, mrn, day in rows:
        assert name in m and mrn in m and day in m, (name, m)
    # with one name read (the others lost), there is no list: the other rows' record numbers stay readable,
    # but a photo that shows a person's name makes every date on it theirs (fail closed), wherever it sits
    one = masked([lines[0], *lines[1:4], *lines[5:7], *lines[8:10]])
    assert "Adrian Diaconescu" in one and "0C-004829" not in one
    assert one.get("2026-06-06") == "DATE_UNLABELLED"
    # and with no person on the photo, the same dates stay readable
    nobody = masked([lines[0], *lines[2:4], *lines[5:7], *lines[8:10]])
    assert "2026-06-06" not in nobody and "2026-07-24" not in nobody


def test_a_european_address_with_a_hyphenated_street_and_its_postcode_town():
    for text in ("Blumenweg 18, 26427 Esens", "Herbert-Lewin-Platz 2", "Taunusstraße 89"):
        assert [text[s.start:s.end] for s in classify_text(text, POLICY)] == [text], text
    assert classify_text("Bring 5 apples", POLICY) == []
    # a street word needs a stem: `Ostring 4` is a street, a solar inverter's `String 1` is not
    assert [s.entity for s in classify_text("Ostring 4", POLICY)] == ["ADDRESS"]
    assert classify_text("String 1", POLICY) == [] and classify_text("Spring 2", POLICY) == []
    # any English street word, number last as Europe writes it; a four-digit number after it is a year
    for text in ("Inventor Drive 23", "Killmotor Hill 1", "Abbey Road 3"):
        assert [s.entity for s in classify_text(text, POLICY)] == ["ADDRESS"], text
    assert classify_text("Test Drive 2024", POLICY) == []
    assert [s.entity for s in classify_text("Blood Drive 03/14/2026", POLICY)] != ["ADDRESS"]


def test_a_french_address_with_the_number_first_and_its_postcode_line():
    """France and Belgium write the house number before the street word (`12 rue de la Paix`, `5/42 AVENUE DE
    MORMAL`), and the postcode and town under it, maybe under a residence's name. A count is no street (`3 place
    settings`), and a postcode-shaped line far from any street is no address."""
    got = masked([make_line("Monsieur", y=0), make_line("FLESCH JEROME", y=30),
                  make_line("5/42 AVENUE DE MORMAL", y=60), make_line("RES LES CITEAUX", y=90),
                  make_line("59000 LILLE", y=120)])
    assert {"5/42 AVENUE DE MORMAL", "59000 LILLE"} <= set(got), got
    got = masked([make_line("M. Jean Dupont", y=0), make_line("12 rue de la Paix", y=30),
                  make_line("75002 Paris", y=60)])
    assert {"12 rue de la Paix", "75002 Paris"} <= set(got), got
    for text in ("Set 3 place settings", "Set 3 place cards"):
        assert not [s for s in classify_text(text, POLICY) if s.entity == "ADDRESS"], text
    far = masked([make_line("M. Jean Dupont", y=0), make_line("12 rue de la Paix", y=30), make_line("Total", y=300),
                  make_line("10000 Steps", y=330)])
    assert "10000 Steps" not in far, far


def test_an_invoices_address_heading_and_a_shop_are_no_addressee():
    """`Adresse de livraison` over `Ma jolie boutique` over the street: a heading and a shop's name stand where a
    recipient's name would; the person's name right above the street still is one."""
    got = masked([make_line("Adresse de livraison", y=0), make_line("Ma jolie boutique", y=30),
                  make_line("Alexandre Payet", y=60), make_line("35 rue de la République", y=90),
                  make_line("69001 Lyon", y=120)])
    assert got.get("Alexandre Payet") == "ADDRESSEE"
    assert "Adresse de livraison" not in got and "Ma jolie boutique" not in got, got


def test_a_town_column_beside_a_name_column_is_where_those_people_live():
    header = make_line("First name    Last name    Age    City", y=0)
    rows = [("Jules", "Smith", "34", "San Juan"), ("Lucas", "Cimon", "31", "Saint-Mahturin-sur-Loire")]
    lines = [header]
    for k, (first, last, age, city) in enumerate(rows):
        y = 40 * (k + 1)
        lines += [make_line(first, x=0, y=y), make_line(last, x=140, y=y), make_line(age, x=270, y=y),
                  make_line(city, x=340, y=y)]
    m = masked(lines)
    assert "Saint-Mahturin-sur-Loire" in m and "San Juan" in m
    # a table of offices by city has no person in it: its towns stay
    offices = [make_line("Office    Staff    City", y=0), make_line("North", x=0, y=40), make_line("12", x=110, y=40),
               make_line("Saint-Mahturin-sur-Loire", x=200, y=40), make_line("South", x=0, y=80),
               make_line("9", x=110, y=80), make_line("Orleans", x=200, y=80)]
    assert "Saint-Mahturin-sur-Loire" not in masked(offices)


def test_a_bare_name_column_of_countries_and_regions_lists_places_not_people():
    places = ["Aruba", "Africa Eastern", "Afghanistan", "Africa Western", "Angola", "Albania", "Andorra", "Arab World"]
    lines = [make_line("name", x=0, y=0), make_line("SP.POP.TOTL", x=200, y=0)]
    for k, c in enumerate(places):
        lines += [make_line(c, x=0, y=40 * (k + 1)), make_line(f"{k + 1}0{k}45{k}", x=200, y=40 * (k + 1))]
    assert not any(c in masked(lines) for c in places)
    people = ["Aruna Rao", "Miller", "Gray", "Nguyen", "Okafor", "Green", "Larsen", "Patel"]
    lines = [make_line("name", x=0, y=0), make_line("Ward", x=200, y=0)]
    for k, c in enumerate(people):
        lines += [make_line(c, x=0, y=40 * (k + 1)), make_line(f"W{k}", x=200, y=40 * (k + 1))]
    assert "Nguyen" in masked(lines)


def test_a_month_named_given_name_before_a_surname_is_name_shaped():
    assert name_shaped("Jun Fairbanks") and name_shaped("Jan Smith") and name_shaped("May Lee")
    assert not name_shaped("May Day") and not name_shaped("March Madness") and not name_shaped("Total Amount")


def test_a_bare_name_column_of_firms_lists_companies_not_people():
    from imgscreen.people import organisations_column

    firms = ["Acevedo LLC", "Walls-Mcdonald", "Gregory PLC", "Mcdowell-Hopkins", "Hayden and Sons", "Castro LLC"]
    assert organisations_column(firms)
    assert not organisations_column(["Ann Walls", "Mcdowell-Hopkins", "Lee Castro", "Omar Gregory", "Acevedo LLC"])


def test_a_bare_name_column_of_ordinary_words_lists_things_not_people():
    colours = ["White", "Silver", "Gray", "Red", "Maroon", "Yellow", "Olive", "Lime"]
    lines = [make_line("Name", x=0, y=0), make_line("HEX", x=200, y=0), make_line("RGB", x=400, y=0)]
    for k, c in enumerate(colours):
        lines += [make_line(c, x=0, y=40 * (k + 1)), make_line(f"#{k}0{k}0{k}0", x=200, y=40 * (k + 1))]
    assert masked(lines) == {}
    people = ["White", "Miller", "Gray", "Nguyen", "Okafor", "Green", "Larsen", "Patel"]
    lines = [make_line("Name", x=0, y=0), make_line("Ward", x=200, y=0), make_line("Bed", x=400, y=0)]
    for k, c in enumerate(people):
        lines += [make_line(c, x=0, y=40 * (k + 1)), make_line(f"B{k}", x=200, y=40 * (k + 1))]
    m = masked(lines)
    assert all(p in m for p in people), m


def test_a_bare_name_column_of_lower_case_words_lists_data_sets_not_people():
    # a data-frame viewer's list: `Name` over data sets, one of them named for a statistician
    sets = ["anscombe", "attention", "diamonds", "fmri", "flights", "planets", "tips"]
    lines = [make_line("Name", x=0, y=0), make_line("Shape", x=200, y=0)]
    for k, c in enumerate(sets):
        lines += [make_line(c, x=0, y=40 * (k + 1)), make_line(f"{40 + k} X 3", x=200, y=40 * (k + 1))]
    assert masked(lines) == {}
    # a column of logins is no list of ordinary words: still people's
    logins = ["jdoerr", "tmokoena", "asmithe", "kowalczyk", "nguyenv"]
    lines = [make_line("Name", x=0, y=0), make_line("Role", x=200, y=0)]
    for k, c in enumerate(logins):
        lines += [make_line(c, x=0, y=40 * (k + 1)), make_line("editor", x=200, y=40 * (k + 1))]
    assert "jdoerr" in masked(lines)


def test_a_bare_name_column_of_ordinary_phrases_lists_settings_not_people():
    # a disk tool's SMART table: `Name` over attribute names, then a drive's model anchors nothing
    attributes = ["Raw Read Error Rate", "Throughput Performance", "Spin-Up Time", "Start / Stop Count",
                  "Power-On Time", "Head Retract Cycle Count"]
    lines = [make_line("Model: Hitachi HTS543232A7A384", x=0, y=0), make_line("Name", x=0, y=40),
             make_line("Failed", x=300, y=40), make_line("Raw value", x=420, y=40)]
    for k, a in enumerate(attributes):
        lines += [make_line(a, x=0, y=40 * (k + 2)), make_line("never", x=300, y=40 * (k + 2)),
                  make_line(f"{k + 1}2", x=420, y=40 * (k + 2))]
    assert masked(lines) == {}
    people = ["Rose Hill", "Grace Park", "John Baker", "Maria Lopez", "Ken Wood", "Amy Stone"]
    lines = [make_line("Name", x=0, y=0), make_line("Ward", x=300, y=0), make_line("Bed", x=420, y=0)]
    for k, p in enumerate(people):
        lines += [make_line(p, x=0, y=40 * (k + 1)), make_line(f"B{k}", x=300, y=40 * (k + 1))]
    m = masked(lines)
    assert all(p in m for p in people), m


def test_a_bare_name_column_beside_price_and_stock_lists_products():
    heads = [("Item", 0), ("Name", 60), ("Price", 260), ("Stock", 400), ("Date", 500)]
    lines = [make_line(t, x=x, y=0) for t, x in heads]
    for k, (drug, price) in enumerate([("AMOXICILLIN", "UGX1000.00"), ("CEPHALEXIN", "UGX1200.00"),
                                       ("SERTRALINE", "UGX800.00")]):
        y = 40 * (k + 1)
        lines += [make_line(drug, x=60, y=y), make_line(price, x=260, y=y), make_line(f"{k + 4}0", x=400, y=y)]
    m = masked(lines)
    assert not any(v in m for v in ("AMOXICILLIN", "CEPHALEXIN", "SERTRALINE")), m


def test_a_name_found_on_the_photo_is_masked_where_it_is_seen_again():
    lines = [make_line("Contacts", y=0), make_line("Leland Stanford", y=40),
             make_line("Amasa Leland Stanford (March 9, 1824 - June", y=80, char_w=8),
             make_line("politician. He and his wife were the founders", y=110, char_w=8)]
    m = masked(lines)
    assert any(t.strip() in ("Amasa Leland", "Amasa Leland Stanford") for t in m), m  # the rest was found already
    # the whole name as found, in a title beside other words
    lines = [make_line("Consultatie EMR / Daria Ioan", y=0), make_line("Daria Ioan", x=0, y=400),
             make_line("Diagnostic", x=0, y=440)]
    assert {f.source.line for f in classify(lines, POLICY) if f.text.strip() == "Daria Ioan"} == {0, 1}
    # a name's ordinary words echo nowhere: `Rose` on a ward sign is not `Rose Miller`
    lines = [make_line("Patient: Rose Miller", y=0), make_line("Rose Garden Ward", y=300)]
    assert "Rose Garden Ward" not in masked(lines)


def test_a_list_of_people_is_a_sign_of_a_person_for_the_page_around_it():
    # a patient list in a language the rules do not read: four or more names stacked in one column, some of
    # them census names, anchor the page: its record numbers, dates and the other names are masked
    rows = [("Adrian Diaconescu", "0C-004826", "2026-07-24"), ("Iulian Popescu", "0C-004825", "2026-06-01"),
            ("Ioana Dima", "0C-004828", "2026-06-03"), ("Daria Ionescu", "0C-004831", "2026-08-17"),
            ("Marcela Voicu", "0C-004829", "2026-06-06")]
    lines = [make_line("Pacienti", y=0), make_line("Cauta pacient dupa nume", y=30)]
    for k, (name, code, day) in enumerate(rows):
        y = 80 + 50 * k
        lines += [make_line(name, x=0, y=y), make_line(code, x=300, y=y), make_line(day, x=500, y=y)]
    found = classify(lines, POLICY)
    entities = {f.text: f.source.entity for f in found}
    assert "LISTED_NAME" in entities.values(), entities
    assert all(code in entities and day in entities for _, code, day in rows)
    assert all(f.source.personal for f in found if f.text in {r[1] for r in rows})
    # capitals in a column are no list of people: no census name among them
    places = ["Buenos Aires", "Pago Pago", "Porto Novo", "Antigua Barbuda", "Andorra Vella"]
    lines = [make_line(p, x=0, y=40 * k) for k, p in enumerate(places)]
    assert "LISTED_NAME" not in {f.source.entity for f in classify(lines, POLICY)}


def test_a_name_over_a_street_over_a_postcode_and_town_is_an_address_block():
    # a letter's recipient: no street word, a census name that is two English words, a Czech postcode
    for name, street, town in (("Marianne Beispielmann", "Kreisverkehr 12a", "23421 Eckstadt"),
                               ("Will Black", "7th Avenue", "747 70 NYC")):
        lines = [make_line(name, y=0), make_line(street, y=26), make_line(town, y=52)]
        m = masked(lines)
        assert street in m and town in m, (name, m)
        assert name in m, m
    # a company's letterhead over its own address is no person's: it stays visible
    lines = [make_line("Quarry Labs GmbH", y=0), make_line("Kreisverkehr 12a", y=26), make_line("23421 Eckstadt", y=52)]
    assert masked(lines) == {}
    # the street and the town alone, with no name over them, say nothing
    assert masked([make_line("Kreisverkehr 12a", y=0), make_line("23421 Eckstadt", y=26)]) == {}


def test_a_street_with_its_postcode_and_town_on_one_line():
    for text in ("Straße der Einheit 3451 - 23452 Beispielhausen", "Musterstr. 123 · 12345 Musterort",
                 "Ružinovská 12, Bratislava, SK, 821 01"):
        assert [text[s.start:s.end] for s in classify_text(text, POLICY)] == [text], text
    assert classify_text("Version 2 - 2024 Release", POLICY) == []
    # Singapore's: a comma after the house number, a numbered avenue, the unit after a hash
    for text in ("311, Clementi Ave 2, #02-25", "Blk 30 Geylang Street 29, #06-40"):  # the block word is theirs
        assert [text[s.start:s.end] for s in classify_text(text, POLICY)] == [text], text


def test_dates_with_the_month_named_in_europes_languages():
    for text in ("8. Oktober 2015", "14 juillet 2019", "12 de mayo de 2020", "3 marzo 2021", "5 maart 2020"):
        assert date_spans(text) == [(0, len(text))], text
    assert date_spans("Jul 14, 2019") == [(0, 12)]


def test_a_forms_day_month_and_year_boxes_read_as_one_line_are_a_date():
    for text in ("14 01 2022", "31 11 2000", "01 15 2020", "14  01  2022"):
        assert date_spans(text) == [(0, len(text))], text
    for text in ("12 34 5678", "0171 12 05 2020 1", "3 12 05 2020", "14 13 2022", "14 01 1850"):
        assert date_spans(text) == [], text  # a phone, a longer run of numbers, no month, no century
    assert [s.entity for s in classify_text("Date of birth 14 01 2022", POLICY)] == ["DATE_OF_BIRTH"]


def test_courtesy_titles_and_degrees_name_the_person_after_them():
    for text, name in (("Verteiler: Frau Mustemann", "Mustemann"), ("MVDr. Marek Kovac", "Marek Kovac"),
                       ("Mrs. Okafor called", "Okafor")):
        # the title is masked with the name (`Frau Mustemann`), a degree not always
        assert any(name in text[s.start:s.end] for s in classify_text(text, POLICY)), text
    assert classify_text("Die Frau ist da", POLICY) == []


def test_a_middle_initial_between_two_unknown_words_is_a_name():
    assert [s.entity for s in classify_text("KALEEN R SKERSIES", POLICY)] == ["PATIENT_NAME"]
    for text in ("VITAMIN D DEFICIENCY", "Hepatitis B Vaccine", "PLAN B OPTIONS"):
        assert classify_text(text, POLICY) == [], text


def test_an_mrz_name_field_is_an_identity_documents_and_names_its_person_elsewhere():
    lines = [make_line("Rochat", y=0), make_line("Nom", y=30), make_line("Celine", y=60), make_line("Prenom", y=90),
             make_line("14.03.1964", y=120), make_line("Date de naissance", y=150), make_line("ROCHAT<<CELINE", y=190)]
    m = masked(lines)
    assert m.get("ROCHAT<<CELINE") == "MRZ" and "Rochat" in m and "Celine" in m and "14.03.1964" in m, m


def test_a_table_header_row_gives_no_header_the_next_one_as_its_value():
    heads = [("TIME", 0), ("USERNAME", 120), ("FULL NAME", 260), ("ACTION", 400), ("TYPE", 500), ("OBJECT", 600)]
    lines = [make_line(t, x=x, y=0) for t, x in heads]
    lines += [make_line("2024-08-30 18:48", x=0, y=40, char_w=7), make_line("admin", x=120, y=40),
              make_line("Updated", x=400, y=40), make_line("Cable", x=500, y=40)]
    assert "ACTION" not in masked(lines)
    # a wristband's label and its value on one row are still label and value
    band = [make_line("NAME", x=0, y=0), make_line("OKONKWO", x=60, y=0), make_line("ADA", x=150, y=0),
            make_line("MRN", x=200, y=0)]
    assert "OKONKWO" in masked(band)


def test_a_network_screens_private_addresses_and_request_ids_are_no_ones():
    lines = [make_line("Prefixes", y=0), make_line("172.16.0.1/24", y=40), make_line("10.0.0.5", y=80),
             make_line("Request ID", y=120), make_line("48ad8b2c-986d-44fd-81ca-00d55b27e19a", y=160, char_w=7),
             make_line("2024-08-3018:48", y=200)]
    m = masked(lines)
    assert not any(v in m for v in ("172.16.0.1", "10.0.0.5", "/24", "2024-08-3018")), m
    # a public address is still masked, and beside a patient every one is
    assert "8.8.4.4" in masked([make_line("Client 8.8.4.4", y=0)])
    assert "10.0.0.5" in masked([make_line("Patient: Ada Okonkwo", y=0), make_line("MRN 00482913", y=30),
                                 make_line("Device 10.0.0.5", y=60)])


def test_glued_codes_are_not_names():
    lines = [make_line("Shipment", x=0, y=0), make_line("Name", x=120, y=0), make_line("Status", x=400, y=0)]
    codes = ["CepheidHBDCSAS-DC-", "VentureMiamiWarehouse", "INTPO010123FY24", "BOS:Haiti-DC-12Sep2023"]
    for k, code in enumerate(codes):
        lines += [make_line(code, x=120, y=40 * (k + 1), char_w=7), make_line("Shipped", x=400, y=40 * (k + 1))]
    m = masked(lines)
    assert not any(e in ("PATIENT_NAME", "CONTEXT_NAME") for e in m.values()), m
    for text in ("Max Length", "Max Depth"):
        assert classify_text(text, POLICY) == [], text
    assert [s.entity for s in classify_text("Patient: Ronald McDonald", POLICY)] == ["PATIENT_NAME"]


def test_a_month_with_its_day_and_year_is_a_date_not_a_bed_and_a_name():
    m = masked([make_line("Patient: Ada Okonkwo", y=0), make_line("MRN 00482913", y=30),
                make_line("28 April 2003", y=60)])
    assert "28 April 2003" in m and "April" not in m, m
    assert [s.entity for s in classify_text("Room 28 - April", POLICY)] == ["PATIENT_NAME"]


def test_a_name_is_masked_with_its_hyphenated_parts_its_particles_and_its_stroked_letters():
    head = [make_line("Dossier patient", y=0), make_line("MRN: 00482913", y=30), make_line("DOB: 12.03.1950", y=60)]
    for name in ("Vuillemin Jean-Baptiste", "Kowalczyk-Nowak Zofia", "De la Tourette Kunigunde", "Aylin Yıldırım"):
        lines = [*head, make_line(name, y=90)] + [make_line(f"Note line {k} about the visit", y=120 + 30 * k)
                                                  for k in range(10)]
        assert name in masked(lines), name


def test_a_foreign_label_alone_on_its_line_names_the_value_under_it():
    for label, value in (("Nom", "Rochat"), ("Vorname", "Kunigunde"), ("Date de naissance", "14.03.1964"),
                         ("Geburtsdatum", "03.07.1951")):
        m = masked([make_line(label, y=0), make_line(value, y=28)])
        assert value in m, (label, m)
    # a French product table's `Nom` over a lower-case or numbered cell names no one
    assert masked([make_line("Nom", y=0), make_line("paracétamol 500 mg", y=28)]) == {}
    # ... and so does a label that says whose name it asks for (fresh66's German sick note, a French form)
    for label, value in (("Name, Vorname des Versicherten", "Königsstein"), ("Nom de l'assuré", "Rochat")):
        m = masked([make_line(label, y=0), make_line(value, y=28)])
        assert value in m, (label, m)
    # a Portuguese form's `Nome do paciente` over its next label (`Sexo`) is no name
    assert masked([make_line("Nome do paciente", y=0), make_line("Sexo", y=28)]) == {}


def test_a_records_banner_names_its_patient_birth_date_and_number():
    text = "Ackerhacker Athos (m), 24.09.1955 (63) [3509]"
    found = {text[s.start:s.end]: s.entity for s in classify_text(text, POLICY)}
    assert found == {"Ackerhacker Athos": "PATIENT_NAME", "24.09.1955": "DATE_OF_BIRTH", "3509": "MRN"}, found
    # a unit in brackets is no sex, and an age that disagrees with the year is no age
    assert "Height" not in {text[s.start:s.end] for text in ["Height (m), 12.03.2020"]
                            for s in classify_text(text, POLICY)}
    assert [s.entity for s in classify_text("Invoice 12.03.1990 (3)", POLICY)] != ["DATE_OF_BIRTH"]


def test_a_staff_title_before_a_surname_no_dictionary_has_and_a_doctors_degree():
    for text, name in (("Nurse Comfey", "Comfey"), ("Dr. med. Dok Tor", "Dok Tor")):
        assert name in {text[s.start:s.end] for s in classify_text(text, POLICY)}, text
    for text in ("Nurse Manager", "Nurse Station 4", "Nurse Practitioner"):
        assert classify_text(text, POLICY) == [], text


def test_a_date_wrapped_over_two_lines_of_a_patients_cell():
    lines = [make_line("Patient: Coco Chanel", y=0), make_line("MRN: 00482913", y=30), make_line("DOB", y=60),
             make_line("1970-", y=90), make_line("12-07", y=112)]
    m = masked(lines)
    assert "1970-" in m and "12-07" in m, m


def test_a_product_tables_words_and_a_logs_date_column_are_no_person():
    for text in ("32KB Low Power SRAM 70ns", "3W-Power LEDs"):
        assert masked([make_line(text)]) == {}, text
    assert [s.entity for s in classify_text("CHAIRMAN LEAHY", POLICY)] == ["PATIENT_NAME"]
    # a bare `Date` over a log's column dates the log, not a visit: the page's numbers stay
    lines = [make_line("Version", x=0, y=0), make_line("Date", x=300, y=0), make_line("v2.5.1", x=0, y=30),
             make_line("2026-01-30 22:33", x=300, y=30), make_line("Build 48213327", x=0, y=60)]
    m = masked(lines)
    assert "48213327" not in m, m
    # beside an appointment label the same page is a person's: its numbers are masked
    lines[1] = make_line("Appointment:", x=300, y=0)
    assert "48213327" in masked(lines)


def test_a_bare_date_column_dates_people_only_beside_a_name_column():
    # a ledger's journal: `Date` over its entries, no person on the page: nothing to mask
    lines = [make_line("Date", x=0, y=0), make_line("Payee", x=200, y=0), make_line("Amount", x=500, y=0)]
    for k, (payee, amount) in enumerate([("Grocery store", "52.10"), ("Rent", "1,200.00"), ("Utilities", "80.00")]):
        y = 40 * (k + 1)
        lines += [make_line(f"2014-01-{k + 3:02d}", x=0, y=y), make_line(payee, x=200, y=y),
                  make_line(amount, x=500, y=y)]
    assert masked(lines) == {}
    # the same column beside a patient column is their visits'
    lines[1] = make_line("Patient", x=200, y=0)
    lines[4] = make_line("Lupe Jacksen", x=200, y=40)
    m = masked(lines)
    assert "2014-01-03" in m and "Lupe Jacksen" in m, m


def test_a_bare_name_column_beside_a_machines_readings_lists_its_parts():
    heads = [("Name", 0), ("Power", 200), ("Target", 400)]
    lines = [make_line(t, x=x, y=0) for t, x in heads]
    for k, part in enumerate(["Extruder", "Heater Bed", "Raspberry Pi"]):
        lines += [make_line(part, x=0, y=40 * (k + 1)), make_line(f"{k + 6}0%", x=200, y=40 * (k + 1))]
    assert masked(lines) == {}


def test_a_bare_name_column_beside_a_network_scanners_addresses_lists_devices():
    # fresh67's LAN scanner: `Main PC` under `Name` beside `IP`, `Mac` and `Hardware` was a patient's name
    heads = [("Name", 0), ("IP", 170), ("Mac", 420), ("Hardware", 740)]
    lines = [make_line(t, x=x, y=0) for t, x in heads]
    for k, (host, vendor) in enumerate([("Main PC", "ASRock Incorporation"), ("NAS Box", "Intel Corp")]):
        y = 40 * (k + 1)
        lines += [make_line(host, x=0, y=y), make_line(f"192.168.2.{k + 2}", x=170, y=y),
                  make_line(vendor, x=740, y=y)]
    assert not any(t in masked(lines) for t in ("Main PC", "NAS Box"))


def test_a_bare_name_column_of_file_names_lists_files_not_people():
    heads = [("Name", 0), ("Started", 500), ("Size", 800)]
    lines = [make_line(t, x=x, y=0) for t, x in heads]
    files = ["Stand_Arrow_0.5in_Dowell_Slot_3h44m_PLA.gcode", "First layer calibration_3m_0.2mm_PLA.gcode",
             "Hook_Bracket_v2_PETG.gcode"]
    for k, name in enumerate(files):
        lines += [make_line(name, x=0, y=40 * (k + 1), char_w=7), make_line("9.5 MB", x=800, y=40 * (k + 1))]
    assert masked(lines) == {}


def test_values_after_a_label_no_one_can_read_are_masked_on_a_photo_with_a_persons_details():
    # a Cyrillic form read by a Latin model: `Номер` comes out as `Homep`, `Дата` is dropped
    fields = [make_line("Homep: 000001", x=900, y=600), make_line(": 27.09.1997", x=900, y=700),
              make_line("Build: 48213327", x=900, y=800), make_line("127.0.0.1:8080", x=0, y=900)]
    m = masked([make_line("Mobile: 0888 955 921", x=0, y=0), *fields])
    assert m.get("000001") == "CONTEXT_ID" and m.get("27.09.1997") == "CONTEXT_DATE", m
    assert "48213327" not in m and "8080" not in m, m  # an English label, an address's port
    assert masked(fields) == {}  # nobody on the photo: a settings page's numbers
    # a till slip made out to nobody: its shop's phone is no one's details, its receipt and store numbers stay
    slip = ["REWE Markt GmbH", "Tel. 0221 1234567", "SUPPENGRUEN 0,99 B", "BANANEN 1,01 B", "SUMME EUR 2,00",
            "Bar EUR 2,00", "Bon-Nr.:1433", "Markt:0106"]
    assert masked([make_line(text, y=30 * k) for k, text in enumerate(slip)]) == {}


def test_a_handle_is_masked_beside_a_persons_details_unless_it_is_the_organisations_site():
    lines = [make_line("Mobile: 0888 955 921", y=0), make_line("Twitter: @GodsMoon", y=40),
             make_line("@acmeclinic", y=80), make_line("www.acmeclinic.org", y=120)]
    m = masked(lines)
    assert m.get("@GodsMoon") == "HANDLE" and "@acmeclinic" not in m, m
    assert masked(lines[1:]) == {}  # a clinic's poster with its handles: no one's details


def test_a_name_the_ocr_glued_to_its_label_is_masked_where_the_name_was_found():
    lines = [make_line("Re: Medical History of PatientAshley Park", y=0), make_line("Patient: Ashley Park", y=40)]
    assert {f.source.line for f in classify(lines, POLICY) if "Ashley Park" in f.text} == {0, 1}


def test_a_swiss_street_postcode_and_town_with_no_separator_and_a_titled_name_over_a_block():
    text = "Unterdorf 17 9999 Elexikon"
    assert [text[s.start:s.end] for s in classify_text(text, POLICY)] == [text]
    assert classify_text("Page 17 2024 Report", POLICY) == []
    lines = [make_line("Prof. Dr. med. Alfred Testmeier", y=0), make_line("Oberdorf 48", y=26),
             make_line("9999 Elexikon", y=52)]
    m = masked(lines)
    assert "Oberdorf 48" in m and "9999 Elexikon" in m, m


def test_a_header_wrapped_onto_two_lines_heads_its_column():
    """`Given` over `Name(s)` in a narrow column is one name header: its cells are names."""
    lines = [make_line("Given", x=200, y=0), make_line("Name(s)", x=200, y=22),
             make_line("Gender", x=400, y=20), make_line("Birth", x=600, y=0), make_line("Date", x=600, y=22),
             make_line("Coco", x=200, y=70), make_line("Female", x=400, y=70),
             make_line("Wally", x=200, y=110), make_line("Male", x=400, y=110)]
    assert masked(lines) == {"Coco": "CONTEXT_NAME", "Wally": "CONTEXT_NAME"}
    # two stacked words that make no header are no column: `Last` over `Updated` heads nothing
    lines = [make_line("Last", x=200, y=0), make_line("Updated", x=200, y=22), make_line("Status", x=400, y=20),
             make_line("Coco", x=200, y=70), make_line("Female", x=400, y=70),
             make_line("Wally", x=200, y=110), make_line("Male", x=400, y=110)]
    assert masked(lines) == {}


def test_a_date_written_with_of_after_its_ordinal_is_one_date():
    text = "Date of birth: the 21st of May 1980"
    assert {(text[s.start:s.end], s.entity) for s in classify_text(text, POLICY)} == {
        ("21st of May 1980", "DATE_OF_BIRTH")}


def test_a_lower_case_value_after_a_person_label_must_be_sayable_to_be_a_name():
    """`Parent: zsh` on a process monitor is a shell; `First Name: babatunde` on a demo record is a name."""
    assert classify_text("Parent:\nzsh", POLICY) == []
    # a dotted code's first word under a `name` label is a schema's, not a person's
    assert classify_text("Name:\nrenalware.reporting_anaemia_audit", POLICY) == []
    text = "First Name: babatunde"
    assert [(text[s.start:s.end], s.entity) for s in classify_text(text, POLICY)] == [("babatunde", "PATIENT_NAME")]


def test_place_columns_smaller_than_a_state_beside_a_name_column_are_addresses():
    """A register's `District`, `Municipality` and `Village` beside its names are where they live (Safe Harbor
    keeps only the state); the headers stay, and a `District` column over products is no one's."""
    rows = [[("Last Name", 0), ("Gender", 200), ("District", 350), ("Municipality", 500), ("Village", 700)],
            [("Macintyre", 0), ("Female", 200), ("Rapta", 350), ("Achi", 500), ("Darbu", 700)],
            [("Okafor", 0), ("Male", 200), ("Rapta", 350), ("Achi", 500), ("Rachla", 700)]]
    m = masked([make_line(t, x=x, y=40 * k) for k, row in enumerate(rows) for t, x in row])
    assert {"Rapta", "Achi", "Darbu", "Rachla", "Macintyre", "Okafor"} <= set(m)
    assert not {"Village", "District", "Municipality", "Female", "Male"} & set(m)
    rows = [[("Product", 0), ("District", 300), ("Stock", 500)], [("Aspirin", 0), ("North", 300), ("12", 500)]]
    assert masked([make_line(t, x=x, y=40 * k) for k, row in enumerate(rows) for t, x in row]) == {}


def test_a_table_cut_at_its_left_edge_keeps_its_inverted_names():
    """`ch, Olive`, `, Anitas`: a patient column's `Surname, Given` with the surname cut off by the crop."""
    rows = [[("DOB", 300), ("Result", 500)], [(", Anitas", 0), ("01/01/2000", 300), ("Negative", 500)],
            [("ch, Olive", 0), ("01/05/1963", 300), ("Positive", 500)]]
    m = masked([make_line(t, x=x, y=40 * k) for k, row in enumerate(rows) for t, x in row])
    assert {", Anitas", "ch, Olive", "01/01/2000", "01/05/1963"} <= set(m) and "Negative" not in m


def test_a_national_card_is_an_identity_document():
    lines = [make_line("ID type", y=0), make_line("National Card", y=25), make_line("Full name", y=50),
             make_line("Aarav Patel", y=75), make_line("UIN", y=100), make_line("2309356374", y=125)]
    assert "ID_DOCUMENT" in set(masked(lines).values())


def test_an_unlabelled_age_over_109_with_a_sex_letter_is_a_size_not_an_age():
    assert [(s.entity, s.start) for s in classify_text("92 F", POLICY)] == [("AGE_OVER_89", 0)]
    assert classify_text("114M", POLICY) == []
    assert [s.entity for s in classify_text("Age: 112", POLICY)] == ["AGE_OVER_89"]


def test_a_name_a_paragraph_wraps_over_two_lines_is_read_across_the_break():
    lines = [make_line("Are you sure you want to mark this test result for Jane", y=0),
             make_line("Doe as an error?", y=24)]
    assert {"Jane", "Doe"} <= set(masked(lines))
    # a place or an organisation wrapped the same way is no one's name
    assert masked([make_line("Our thanks to the Health", y=0), make_line("Foundation for its support", y=24)]) == {}


def test_a_codes_letters_go_with_its_number_but_a_fields_abbreviation_stays():
    head = [make_line("Dossier patient", y=0), make_line("MRN 00482913", y=30), make_line("DOB: 12.03.1950", y=60)]
    m = masked([*head, make_line("Evaluation: EVAL 2023/000010", y=90)])
    assert "EVAL 2023/000010" in m and "00482913" in m and "MRN 00482913" not in m, m


def test_a_code_is_masked_as_one_token_where_its_digits_are_glued_to_letters_by_an_underscore():
    head = [make_line("Patient Roster", y=0), make_line("MRN 00482913", y=30), make_line("DOB: 12.03.1950", y=60)]
    m = masked([*head, make_line("Veteran_101338,Vet101338", y=90)])
    assert "Veteran_101338" in m and "Vet101338" in m, m  # not `101338` alone, the test patient's name left to read


def test_a_trade_surname_printed_first_before_an_initial_or_a_given_name_is_a_name():
    for text, value in (("Patient: SMITH J", "SMITH J"), ("Patient: Baker Mary", "Baker Mary"),
                        ("Patient: SMITH JOHN", "SMITH JOHN")):
        assert value in {text[s.start:s.end] for s in classify_text(text, POLICY)}, text
    assert classify_text("Patient: Brown Rice", POLICY) == []  # a meal, not `Brown, R.`


def test_a_street_and_its_town_after_a_comma_are_no_surname_and_given_name():
    text = "Westminster Bridge Road, London SE1 7EH"
    assert not [s for s in classify_text(text, POLICY) if s.identifier == Identifier.NAMES]
    name = "De La Hill, John"
    assert [name[s.start:s.end] for s in classify_text(name, POLICY)] == [name]


def test_a_calendars_weekday_header_is_no_name():
    for text in ("Su Mo Tu We Th Fr Sa", "MO TU WE TH FR SA SU"):
        assert classify_text(text, POLICY) == [], text
    assert classify_text("Patient: Su Mo", POLICY)  # a name that happens to be two such syllables, labelled


def test_a_payers_authorisation_number_is_masked_and_its_half_wrapped_onto_the_next_line_too():
    lines = [make_line("Prior Authorization Granted", y=0),
             make_line("Prior Authorization Number: 9048357c-abd7-4270-", y=30),
             make_line("a31b-1f43e302d414", y=60), make_line("OK", y=90)]
    m = masked(lines)
    assert "a31b-1f43e302d414" in m and any(t.startswith("9048357c") for t in m), m
    assert [s.entity for s in classify_text("Authorization Number: 48571234", POLICY)] == ["OTHER_ID"]


def test_a_workspace_member_shown_by_given_name_and_workspace_is_a_name_but_an_email_is_an_email():
    assert [s.entity for s in classify_text("Jonathan@chullab", POLICY)] == ["PATIENT_NAME"]
    assert [s.entity for s in classify_text("Jonathan@chullab.org", POLICY)] == ["EMAIL_ADDRESS"]
    assert not [s for s in classify_text("Release@v2", POLICY) if s.identifier == Identifier.NAMES]


def test_a_given_name_owning_a_persons_record_is_a_name_but_a_shop_owning_its_menu_is_not():
    for text in ("Lena's Growth", "Omar\u2019s appointments", "Emma's Wachstum"):
        assert any(s.identifier == Identifier.NAMES for s in classify_text(text, POLICY)), text
    for text in ("Wendy's Menu", "Today's schedule", "Trader Joe's"):
        assert not [s for s in classify_text(text, POLICY) if s.identifier == Identifier.NAMES], text


def test_a_page_titled_by_a_given_name_before_a_dash_is_that_persons_record_but_a_setting_is_not():
    for text in ("Alex \u2014 Height-for-Age (Boys)", "Noah - Growth chart"):
        assert [text[s.start:s.end] for s in classify_text(text, POLICY)
                if s.identifier == Identifier.NAMES] == [text.split()[0]], text
    for text in ("Max - Weight", "Release: Notes", "Home | Profile", "Chris Growth"):
        assert not [s for s in classify_text(text, POLICY) if s.identifier == Identifier.NAMES], text


def test_a_surname_found_takes_the_given_name_after_its_comma_even_cut_short():
    from imgscreen.phi import _whole_name
    from imgscreen.spans import Span

    def grown(text: str) -> str:
        s = _whole_name(text, Span(0, 7, Identifier.NAMES, "Name", 0.8, "test", "NAME_PART"))
        return text[s.start:s.end]

    assert grown("Cordara, Cam GNU SOLI") == "Cordara, Cam"  # `Cameron`, cut by its cell's edge
    assert grown("Cordara, Cameron") == "Cordara, Cameron"
    assert grown("Cordara, Lab results") == "Cordara" and grown("Cordara, GNU") == "Cordara"


def test_a_town_and_its_four_digit_postcode_under_a_persons_street_share_a_line_with_a_phone():
    head = [make_line("Dossier patient", y=0), make_line("MRN 00482913", y=30), make_line("DOB: 12.03.1950", y=60)]
    m = masked([*head, make_line("Horst Herb", y=90), make_line("157 King George St.,", y=120),
                make_line("Cohuna 3568 ph: 5456 4478", y=150)])
    assert any(text.startswith("Cohuna 3568") for text in m) and "5456 4478" in m, m


def test_a_computers_sizes_and_rates_are_no_identifiers():
    from imgscreen.recognizers.base import quantity

    for value in ("83.7MB", "527.0b/s", "9.2GiB/31.1GiB", "0B/s", "1.5 GB"):
        assert quantity(value) and not id_shaped(value), value
    assert not quantity("4821B") and not quantity("MARO56781234")  # a flat's number, a health card's
    assert classify_text("RX: 527.0b/s", POLICY) == []  # a network monitor's received rate
    assert [s.entity for s in classify_text("Rx: 4829173", POLICY)] == ["ACCOUNT"]


def test_a_things_build_or_release_date_dates_no_one_but_a_fill_date_does():
    for text in ("Build date: Jun 3 2024", "Release date: 03/06/2024", "Firmware update date: 2024-06-03"):
        assert classify_text(text, POLICY) == [], text
    assert masked([make_line("Build date", y=0), make_line("Jun 3 2024", y=30)]) == {}
    assert [s.entity for s in classify_text("Fill date: 03/06/2024", POLICY)] == ["VISIT_DATE"]


def test_a_version_control_reference_is_no_persons_reference():
    assert classify_text("Short Ref b6f42345", POLICY) == []
    for text in ("Ref: 48291734", "Our ref: AB48291", "ID: 5f8d0d55b54764421b7156c9"):
        assert [s.entity for s in classify_text(text, POLICY)] == ["OTHER_ID"], text


def test_places_listed_after_a_preposition_in_a_sentence_are_no_names():
    line = "With hundreds of customers and partners in North America, Asia, Europe, our"
    assert masked([make_line(line, y=0)]) == {}
    assert "Garcia, Maria" in masked([make_line("Patient: Garcia, Maria", y=0)])


def test_a_doctors_surname_is_a_name_even_when_it_is_a_trade_word_and_the_title_goes_with_it():
    assert [s.entity for s in classify_text("Dr. Smith", POLICY)] == ["STAFF_NAME"]
    assert "Dr. Jones" in masked([make_line("Vet: Dr. Jones", y=0)])
    assert classify_text("Dr. Office", POLICY) == []


def test_a_demo_accounts_name_sits_where_a_persons_name_sits_and_is_masked():
    for text in ("Demo Patient", "Demo Clinician", "Created by: Demo User", "Demo User >  >"):
        assert classify_text(text, POLICY), text
    for text in ("Add Test Patient", "Test user guide"):
        assert classify_text(text, POLICY) == [], text
    # a dashboard greets its signed-in user by name, demo or not
    for text, name in (("Good morning, Demo.", "Demo"), ("Good evening, Sarah!", "Sarah")):
        assert [text[s.start:s.end] for s in classify_text(text, POLICY)] == [name], text
    assert classify_text("Good morning, everyone", POLICY) == []


def test_a_git_logs_author_column_masks_its_logins_but_a_login_forms_user_label_does_not():
    header = [make_line("GRAPH & SUBJECT", x=0, y=0), make_line("AUTHOR", x=500, y=0), make_line("SHA", x=700, y=0),
              make_line("COMMIT TIME", x=900, y=0)]
    rows = []
    for k, (subject, who, sha) in enumerate((("fix: graph layout", "leo", "832fe28825"),
                                             ("doc: update translations", "root", "cc820302ab"),
                                             ("enhance: commit graph", "leo", "e5b417f841"))):
        y = 40 * (k + 1)
        rows += [make_line(subject, x=0, y=y), make_line(who, x=500, y=y), make_line(sha, x=700, y=y),
                 make_line("2 hours ago", x=900, y=y)]
    m = masked(header + rows)
    assert m.get("leo") == "CONTEXT_NAME" and "root" not in m, m
    form = [make_line("User", x=0, y=0), make_line("Password", x=300, y=0), make_line("admin", x=0, y=40),
            make_line("Remember me", x=300, y=40)]
    assert masked(form) == {}


def test_a_commit_pages_committer_key_heads_no_column_of_logins():
    """cgit's commit page is a key/value table: `author`, `committer`, `commit`, `tree`, `parent` down its
    left side. The keys under `committer` are plain English words, not logins: they stay visible, while
    the committer's name and address beside the key are masked."""
    who = "RootOperator <20143055+RootOperator@users.noreply.github.com>"
    keys = [("author", who), ("committer", who), ("commit", "f0864abfa1e889772930c4b50295a597f778a5c5 (patch)"),
            ("tree", "555e83cca7e22988cacf2d52855159647af7d927"), ("parent", "feat: add support for bmp (diff)"),
            ("download", "fovea-f0864abf.tar.gz")]
    lines = []
    for k, (key, value) in enumerate(keys):
        lines += [make_line(key, x=0, y=40 * k), make_line(value, x=150, y=40 * k)]
    m = masked(lines)
    assert not {"commit", "tree", "parent", "download"} & set(m), m
    assert "RootOperator" in m, m


def test_a_name_column_of_program_identifiers_lists_things():
    """VisiData's guide sheet: a `name` column of CamelCase identifiers (`ExprGuide`, `DirSheet`) is a
    program's objects, not people; a column of people with inner capitals (`McDonald`) still is."""
    def column(cells: list[str]) -> list:
        lines = [make_line("name", x=40, y=0), make_line("topic", x=300, y=0)]
        for k, cell in enumerate(cells):
            lines += [make_line(cell, x=40, y=40 * (k + 1)), make_line("Joining sheets", x=300, y=40 * (k + 1))]
        return lines

    assert masked(column(["ExprGuide", "JoinGuide", "DirSheet", "MeltGuide"])) == {}
    assert {"Ronald McDonald", "Keisha DeShawn"} <= set(masked(column(["Ronald McDonald", "Keisha DeShawn"])))


def test_a_system_monitors_process_ids_and_process_names_are_no_patients():
    """On a system monitor (`CPU`, `Mem`, `GiB`, `Threads`), `Pid:` labels a process's number, not a
    patient's, and a `Name` column beside `PID`, `CPU%`, `MEM%` lists programs. On a ward's screen the same
    `PID` label still gives a patient identifier."""
    monitor = [make_line("CPU1: 14 %", y=0), make_line("Mem usage", y=30), make_line("Threads: 12", y=60),
               make_line("Total : 15.2 GiB", y=90), make_line("Pid:", y=150), make_line("3997824", x=80, y=150)]
    assert "3997824" not in masked(monitor)
    ward = [make_line("Patient", y=0), make_line("Pid:", y=40), make_line("3997824", x=80, y=40)]
    assert masked(ward).get("3997824") == "MRN"
    procs = [make_line("Name", x=0, y=0), make_line("PID", x=200, y=0), make_line("CPUX", x=300, y=0),
             make_line("MEMX", x=400, y=0)]
    for k, (name, pid) in enumerate((("conky", "7382"), ("dmenu", "7390"), ("firefox-bin", "11030"))):
        procs += [make_line(name, x=0, y=30 * (k + 1)), make_line(pid, x=200, y=30 * (k + 1)),
                  make_line("1.33", x=300, y=30 * (k + 1)), make_line("0.84", x=400, y=30 * (k + 1))]
    assert not {"conky", "dmenu", "firefox-bin"} & set(masked(procs))


def test_a_four_part_name_alone_accents_and_all_but_no_capitals_slogan():
    assert [s.entity for s in classify_text("Raiany Franca Guimarães Figueirêdo", POLICY)] == ["PATIENT_NAME"]
    assert classify_text("HIER KAUF ICH EIN", POLICY) == []


def test_who_a_task_is_assigned_to_is_named():
    for text, name in (("Assigned: jaq", "jaq"), ("Assigned: Mahad", "Mahad"), ("Assignee: Jane Smith", "Jane Smith")):
        assert [text[s.start:s.end] for s in classify_text(text, POLICY)] == [name], text
    assert classify_text("Assigned beds: 12", POLICY) == []


def test_a_parcels_tracking_number_in_groups_of_letters_and_digits_is_one_identifier():
    from imgscreen.context import id_spans

    for text in ("1Z 888 99K 23 2425 2627", "8889 9K7D H3K"):
        assert (0, len(text)) in id_spans(text), text
    assert id_spans("CA 859 2-37") == []  # a routing code: a group without a digit


def test_a_default_file_name_under_a_name_label_is_no_person():
    assert masked([make_line("Name:", y=0), make_line("Untitled", y=30)]) == {}


def test_a_clinic_lists_doctor_and_next_of_kin_columns_mask_their_names_but_a_providers_menu_does_not():
    header = [make_line("Room", x=0, y=0), make_line("Doctor", x=300, y=0), make_line("Next of kin", x=600, y=0),
              make_line("Status", x=900, y=0)]
    rows = []
    for k, (room, doctor, kin) in enumerate((("12A", "Okafor", "Li Wei"), ("12B", "Brennan", "Ana Souza"),
                                             ("14", "Haddad", "Tom Reyes"))):
        y = 40 * (k + 1)
        rows += [make_line(room, x=0, y=y), make_line(doctor, x=300, y=y), make_line(kin, x=600, y=y),
                 make_line("Stable", x=900, y=y)]
    m = masked(header + rows)
    assert {"Okafor", "Brennan", "Haddad", "Li Wei", "Ana Souza", "Tom Reyes"} <= set(m), m
    assert not {"Stable", "12A", "Doctor"} & set(m), m
    menu = [make_line("Providers", x=0, y=0), make_line("Circuits", x=0, y=40),
            make_line("Provider Networks", x=0, y=80), make_line("Provider Accounts", x=0, y=120),
            make_line("Devices", x=300, y=0)]
    assert masked(menu) == {}


def test_an_identity_cards_title_beside_its_holders_name_rejects_it_however_the_layout_splits_them():
    card = [make_line("SCHWEIZ SUISSE", x=0, y=0), make_line("IDENTITY CARD", x=0, y=40),
            make_line("Surname", x=0, y=80), make_line("Schweizer Sample", x=0, y=110),
            make_line("Helvetia", x=400, y=300)]
    found = {f.source.entity for f in classify(card, POLICY)}
    assert "ID_DOCUMENT" in found, found
    poster = [make_line("How to renew your identity card", x=0, y=0), make_line("Opening hours 9-17", x=0, y=40)]
    assert "ID_DOCUMENT" not in {f.source.entity for f in classify(poster, POLICY)}


def test_a_created_by_column_names_its_people_and_logins():
    # a research tool's protocol list: who created each row, as a name or as a login, under `Created by`
    lines = [make_line("Protocol", x=0, y=0), make_line("Created by", x=400, y=0), make_line("Status", x=600, y=0)]
    for k, (title, who, status) in enumerate((("P-101", "Alice Okafor", "Pending"),
                                              ("P-102", "rbaptiste", "Open"),
                                              ("P-103", "Wen Zhao", "Closed"))):
        lines += [make_line(title, x=0, y=40 * (k + 1)), make_line(who, x=400, y=40 * (k + 1)),
                  make_line(status, x=600, y=40 * (k + 1))]
    got = masked(lines)
    assert {"Alice Okafor", "rbaptiste", "Wen Zhao"} <= set(got), got
    assert not {"Pending", "Open", "Closed"} & set(got), got


def test_a_chinese_resident_identity_card_is_an_identity_document():
    card = [make_line("姓名 代用名", x=40, y=20), make_line("出生 2013年05月06日", x=40, y=60),
            make_line("住址 湖南省长沙市开福区", x=40, y=100), make_line("公民身份号码", x=40, y=160),
            make_line("430512198908131367", x=200, y=160)]
    assert "ID_DOCUMENT" in masked(card).values()
    # the field on a blank form, or a long number with no field, is no card
    assert "ID_DOCUMENT" not in masked(card[:4]).values()
    assert "ID_DOCUMENT" not in masked([card[0], card[4]]).values()


def test_a_person_column_headed_in_another_language_masks_its_cells():
    # an Italian worklist: `ESAME`, `PAZIENTE`, `MEDICO BASE`; common words as surnames (`Bianco`) and all
    rows = [("ESAME", "PAZIENTE", "MEDICO BASE"), ("Analisi del sangue", "Oscar", "Monica"),
            ("Impianto di protesi", "Paolo", "Monica")]
    lines = [make_line(t, x=x, y=40 * r) for r, row in enumerate(rows) for t, x in zip(row, (0, 300, 500), strict=True)]
    got = masked(lines)
    assert {"Oscar", "Paolo", "Monica"} <= set(got)
    assert not {"ESAME", "PAZIENTE", "MEDICO BASE"} & set(got)  # a column's header is no one's name
    other = list(lines)
    other[1:3] = [make_line("STATO", x=300, y=0), make_line("STANZA", x=500, y=0)]  # status and room: no people
    assert not {"Oscar", "Paolo"} & set(masked(other))


def test_a_duration_is_not_an_identifier():
    assert not any(id_shaped(t) for t in ("1m06s", "2h30m", "30s161", "17s"))
    assert id_shaped("A1234567") and id_shaped("4d7bdef2")


def test_a_line_that_is_only_a_date_under_a_list_items_name_is_its_date():
    """An appointment card: the name, the specialty, then `16 July,2022` (no label, no person's region)."""
    card = [make_line("My Appointment", x=100, y=0), make_line("Chatars Nal", x=100, y=60),
            make_line("Bone Specialist", x=100, y=90), make_line("16 July,2022", x=100, y=120)]
    got = masked(card)
    assert got.get("16 July,2022") == "CONTEXT_DATE" and "Bone Specialist" not in got


def test_a_dates_time_after_at_or_glued_by_the_ocr_goes_with_it():
    assert ("Monday, June 1 at 4:20 PM", Identifier.DATES) in {
        (f.text, f.identifier) for f in classify([make_line("Date: Monday, June 1 at 4:20 PM")], POLICY)}
    # a blood-pressure diary's reading, its time glued to the date by the OCR
    diary = [make_line("Blood Pressure Log", y=0), make_line("Systolic 128 Diastolic 84", y=40),
             make_line("2019-08-1015:04:32", y=80)]
    assert "2019-08-1015:04:32" in {f.text for f in classify(diary, POLICY)}


def test_a_review_queues_submitter_column_holds_people():
    rows = [make_line("Summary", x=0, y=0), make_line("Submitter", x=500, y=0), make_line("Repository", x=700, y=0)]
    for k, (summary, who) in enumerate((("Improve the logic for collapsing", "chipx86"),
                                        ("Add an id property", "rcreagha"), ("Clean up the docs", "tbrockma"))):
        rows += [make_line(summary, x=0, y=40 + 40 * k), make_line(who, x=500, y=40 + 40 * k),
                 make_line("Review Board", x=700, y=40 + 40 * k)]
    got = masked(rows)
    assert {"chipx86", "rcreagha", "tbrockma"} <= set(got) and "Review Board" not in got


def test_a_logs_user_number_and_a_clients_private_address_are_someones():
    log = [make_line("User 123456 has [0] new messages"), make_line("User with IP 192.168.1.105 initiated a", y=40),
           make_line("Connected to server at IP address: 192.168.0.1", y=80)]
    got = masked(log)
    assert "123456" in got and "192.168.1.105" in got and "192.168.0.1" not in got
    assert masked([make_line("User 2 of 5 signed in")]) == {}


def test_a_role_word_before_a_button_is_no_staff_name_but_a_title_before_a_surname_is():
    found = {t: {t[s.start:s.end] for s in classify_text(t, POLICY)}
             for t in ("Provider View", "Doctor Search", "Dr. Brown", "Doctor: Strange")}
    assert found == {"Provider View": set(), "Doctor Search": set(), "Dr. Brown": {"Brown"},
                     "Doctor: Strange": {"Strange"}}


def test_a_greetings_product_name_ending_in_capitals_is_no_person():
    assert {t[s.start:s.end] for t in ["Hello, I'm Marp CLI!"] for s in classify_text(t, POLICY)} == set()
    assert {t[s.start:s.end] for t in ["Patient: Jean DUPONT"] for s in classify_text(t, POLICY)} == {"Jean DUPONT"}
    # a given name before the capitals is a person's, whatever follows (a till's `CHK`, a nurse's `RN`)
    assert {t[s.start:s.end] for t in ["Server: Marco CHK 0295"] for s in classify_text(t, POLICY)} >= {"Marco CHK"}



def test_a_booking_confirmation_pages_date_and_number_are_the_bookers():
    page = [make_line("Appointment Confirmed!", y=0), make_line("Confirmation Number", y=40),
            make_line("1778173536621-uq3w4224a", y=70), make_line("Date & Time", y=110),
            make_line("Wednesday, June 3, 2026 at 4:40 PM", y=140)]
    got = masked(page)
    assert "1778173536621-uq3w4224a" in got and "Wednesday, June 3, 2026 at 4:40 PM" in got
    # a booking form no one has filled in yet tells no one about their booking
    form = [make_line("Book Appointment", y=0), make_line("Next available: June 3, 2026", y=40)]
    assert masked(form) == {}


def test_an_iso_date_times_fraction_and_zone_are_masked_with_it():
    got = masked([make_line("Patient: Jane Doerr", y=0), make_line("Visit: 2014-09-03T01:12:15+00:00", y=30),
                  make_line("Seen: 2026-07-23 21:25:56.399Z", y=60)])
    assert "2014-09-03T01:12:15+00:00" in got and "2026-07-23 21:25:56.399Z" in got, got
    tracker = masked([make_line("Patient: Jane Doerr", y=0), make_line("Last fix: 2019-02-26 14:34:53 (+01:00)", y=30)])
    assert "2019-02-26 14:34:53 (+01:00)" in tracker, tracker  # a zone in brackets, as a tracker prints it


def test_a_log_stores_microsecond_timestamp_and_a_data_frames_decimals_are_no_ones_numbers():
    log = masked([make_line("Patient: Jane Doerr", y=0),
                  make_line('{"_timestamp":1784867154388504,"kind":"ConfigMap"}', y=30)])
    assert "1784867154388504" not in log, log
    frame = masked([make_line("Patient: Jane Doerr", y=0), make_line("Fare", x=0, y=30),
                    make_line("71.2833", x=0, y=60), make_line("0.7668", x=0, y=90)])
    assert not {"71.2833", "0.7668"} & set(frame), frame
    # places that end in a year are a date whose dots were dropped, still someone's
    assert "12.1978" in masked([make_line("Patient: Jane Doerr", y=0), make_line("Geb.: 12.1978", y=30)])


def test_a_given_name_carries_its_capitalised_surname():
    got = masked([make_line("Directeur de la publication :", y=0), make_line("Christine DÉOM", y=30),
                  make_line("Patient: Jane Doerr", y=60)])
    assert "Christine DÉOM" in got, got


def test_a_time_written_before_its_date_is_masked_with_it():
    got = masked([make_line("Patient: Jane Doerr", y=0), make_line("updated at: 13:39 18 May 2019", y=30)])
    assert "13:39 18 May 2019" in got, got


def test_a_lists_first_person_after_a_lower_case_lead_in_is_a_name_when_written_with_initials():
    line = "remercie notamment messieurs M. ALBARET, E. BIDEAU, B. BOISAUBERT, ainsi que M. Daniel DELORME,"
    assert "M. ALBARET" in masked([make_line(line)])
    # a product named first in such a sentence is no one
    assert "Docker" not in masked([make_line("built using Docker, Jane Doerr and Thabo Mokoena")])


def test_a_company_invoice_to_a_company_is_nobodys_record():
    """An accounting program's printed invoice from `My Company` to `ABC Inc`: its number, order number and
    dates are the companies' business, and the photo is accepted. The same invoice naming a patient is a
    person's bill, its number and dates masked."""
    texts = ["My Company", "Invoice Date: 04/19/06", "Invoice #000001", "Due Date: 05/19/06", "ABC Inc",
             "123 First Ave.", "Somecity, SS 12345", "Reference: ABC Purchase Order # 12988", "Nails  Material",
             "Hammer  Material", "Subtotal $575.00", "Amount Due $575.00"]
    lines = [make_line(t, x=40, y=40 * k) for k, t in enumerate(texts)]
    assert masked(lines) == {}
    assert _decision(lines).verdict == "accept"
    billed = [make_line("Patient: Jane Doerr", x=40, y=40 * len(texts)), *lines]
    got = masked(billed)
    assert "000001" in got and "05/19/06" in got, got


def test_a_patient_forms_banner_read_as_colons_and_slashes_is_masked():
    """A discharge-summary form whose patient banner (MRN, name, DOB, admission) the reader kept only the
    separators of: what it lost is the patient's, though nothing readable anchors its region. A ruled line
    (`- - - -`, nothing read) and the same banner on a page that names no patient document stay."""
    banner = dataclasses.replace(make_line(":    : / :   / :   :mis  :    ith", x=300, y=70), score=0.63)
    form = [make_line("Inpatient Discharge Summary Form", y=0), banner, make_line("Medication", y=140),
            make_line("Discharge", x=200, y=140), make_line("Save and Exit", y=700)]
    assert masked(form).get(banner.text) == "UNCLEAR_TEXT"
    rule = dataclasses.replace(make_line("- - - - - - - - - -", x=300, y=70), score=0.63)
    assert rule.text not in masked([form[0], rule, *form[2:]])
    assert banner.text not in masked([make_line("Weekly Menu", y=0), banner, *form[2:]])


def test_a_price_board_in_a_script_we_cannot_read_is_a_menu_not_a_list_of_names():
    """A noodle shop's order menu: dishes glued to their prices, the shop's address and order line. No dish is a
    name and the address is the shop's: accepted. A ward list of names and ages is no price board: its names,
    each two or three Han characters opening with a surname, are still masked."""
    dishes = ["豬腳飯90", "三寶牛肉麵180", "紅燒牛筋麵160", "烤肉飯80", "魯肉飯便當60", "香菇肉羹飯60",
              "紅燒牛肚麵150", "酸辣湯麵60", "炸醬麵60"]
    menu = [make_line("麵食館", x=400, y=0), make_line("地址:新北市新店區安民街309號", x=700, y=0),
            make_line("訂購專線:(02)22112580", x=700, y=40)]
    menu += [make_line(t, x=100 + 400 * (k % 3), y=120 + 70 * (k // 3), char_w=30, h=40) for k, t in enumerate(dishes)]
    assert _decision(menu).verdict == "accept"
    ward = [make_line(t, x=100, y=60 * k, char_w=30, h=40)
            for k, t in enumerate(["王小明 45", "李华 62", "张伟 38", "刘洋 71", "陈静 55", "杨磊 49", "病房一览"])]
    got = masked(ward)
    assert {"王小明", "李华", "张伟"} <= set(got), got


def test_a_name_the_ocr_read_as_two_boxes_on_one_row_is_masked_whole():
    """A dialer's call screen: `Clara Corbin` read as `lara` and `Corbin`, two boxes end to end. The surname's box
    right after a masked name on its row is the rest of the name; a word further along the row is not."""
    row = [make_line("Maria Lopez", x=100, y=100), make_line("Corbin", x=215, y=100),
           make_line("Corbin", x=900, y=100)]
    got = [(f.text, f.source.line) for f in classify(row, POLICY)]
    assert ("Corbin", 1) in got and ("Corbin", 2) not in got, got


def test_a_studys_subject_column_of_codes_and_a_subject_number_in_a_line():
    """An EDC's subject matrix heads its first column with the bare word `SUBJECT` over `DEMO-001`, `DEMO-002` (a
    status column with no header of its own beside them), and a case report form titles itself `Subject DEMO-001`.
    A study numbers its people. An inbox's `Subject` over sentences stays a mail's subject."""
    from imgscreen.context import user_numbers

    matrix = [boxed("SUBJECT", 361, 399, 132, 39), boxed("SITE", 989, 395, 80, 46),
              boxed("SCREENING", 1319, 385, 156, 34),
              boxed("DEMO-001", 360, 532, 166, 42), boxed("enrolled", 532, 534, 118, 38),
              boxed("Tampa General", 993, 512, 210, 44), boxed("DEMO-002", 361, 658, 169, 42),
              boxed("enrolled", 537, 660, 117, 39), boxed("Tampa General", 993, 638, 210, 42)]
    assert {f.text for f in classify(matrix, Policy())} >= {"DEMO-001", "DEMO-002"}
    inbox = [boxed("Subject", 361, 399, 132, 39), boxed("Folder", 989, 395, 80, 46),
             boxed("Lunch on Friday at noon", 360, 532, 300, 42), boxed("Inbox", 989, 532, 60, 42),
             boxed("Quarterly report draft 3", 360, 658, 300, 42), boxed("Archive", 989, 658, 60, 42)]
    assert classify(inbox, Policy()) == []
    text = "Subject DEMO-001·SE.SCREENING"
    assert [text[a:b] for a, b in user_numbers(text)] == ["DEMO-001"]
    assert user_numbers("Subject 2 of 5") == []


def _texts(lines: list) -> set[str]:
    return {f.text for f in classify(lines, Policy())}


def test_a_patients_own_appointment_list_and_blood_count_dates_are_theirs():
    """A patient app's `My Appointments` lists the user's bookings (`Aug 1, 2026` under a doctor's name, `Cancel`,
    `Reschedule`), and a `Medical Record` screen dates each blood count (`Feb 25` beside `red blood cell : 4.10
    million cells/mcL`). No patient is named on either, but the dates are the user's visits and tests."""
    bookings = [boxed("My Appointments", 23, 77, 157, 23), boxed("Upcoming", 61, 117, 61, 20),
                boxed("Dr. Sarah Johnson", 84, 172, 109, 18), boxed("Cardiologist", 85, 189, 63, 17),
                boxed("Aug 1, 2026", 35, 232, 76, 17), boxed("10:00 AM", 123, 233, 63, 14),
                boxed("Cancel", 70, 267, 54, 18), boxed("Reschedule", 188, 266, 76, 20)]
    assert "Aug 1, 2026" in _texts(bookings)
    record = [boxed("Medical Record", 412, 277, 497, 74), boxed("Feb 25", 78, 682, 175, 53),
              boxed("Blood Analysis", 364, 685, 472, 50),
              boxed("red blood cell : 4.10 million cells/mcL", 361, 898, 767, 49),
              boxed("hematocrit : 33.6%", 364, 1078, 396, 42)]
    assert "Feb 25" in _texts(record)
    clinic = [boxed("Our clinic", 23, 77, 157, 23), boxed("Open since Aug 1, 2016", 35, 232, 220, 17)]
    assert "Open since Aug 1, 2016" not in _texts(clinic) and not any("2016" in t for t in _texts(clinic))


def test_an_invoices_bill_to_block_and_a_year_wrapped_under_its_date():
    """An invoice's `Bill to:` block prints the postcode after the street (`456 Elm St, 54321`) and the town with its
    country under it (`Other Town, Canada`); its `Invoice date:` wraps `February 27,` over a right-aligned `2025`; a
    date may be written with the month's Uzbek name (`9 noyabr 2023`)."""
    invoice = [boxed("Invoice #", 29, 29, 129, 31), boxed("123 MainSt", 454, 46, 83, 20),
               boxed("INV0001", 28, 69, 71, 21), boxed("12345, Anytown", 418, 68, 120, 25),
               boxed("John Doe", 27, 100, 95, 27), boxed("USA", 498, 91, 41, 26),
               boxed("Bill to:", 27, 153, 61, 25), boxed("Invoice date:", 308, 153, 102, 23),
               boxed("February 27,", 441, 154, 95, 21), boxed("Jane Smith", 28, 181, 98, 24),
               boxed("2025", 490, 175, 48, 25), boxed("456 Elm St, 54321", 29, 218, 129, 20),
               boxed("Other Town, Canada", 28, 240, 155, 23), boxed("ITEM", 32, 279, 38, 19),
               boxed("QTY", 228, 277, 35, 23), boxed("Product A", 31, 306, 81, 24)]
    found = _texts(invoice)
    assert {"Other Town, Canada", "2025", "Jane Smith"} <= found
    assert [s.entity for s in classify_text("Invoice date: 9 noyabr 2023", Policy())] == ["VISIT_DATE"]


def test_a_calendars_weekday_row_names_no_one():
    """`Sun Mon Tue Wed Thu FriSat` heads a month view; `Sun` and `Mon` are surnames elsewhere."""
    row = [boxed("Sun Mon Tue Wed", 286, 113, 118, 16), boxed("Thu FriSat", 410, 113, 73, 16)]
    assert classify(row, Policy()) == []


def test_a_numbered_card_lists_entry_in_lower_case_is_a_name_when_its_fields_match():
    """An owners list: `1. Claire` over `IC:TXXXX176J`, `2. pete` over `IC: SXXXX567D`. The same field under both says
    the cards are one form's, so the second title is a name though typed in lower case; a pets list's `1. Fluffy` over
    `Species: Dog` beside no name stays."""
    cards = [boxed("Owners", 10, 432, 118, 40), boxed("1. Claire", 43, 504, 122, 44),
             boxed("IC:TXXXX176J", 45, 545, 182, 33), boxed("Phone: 97115255", 46, 581, 203, 30),
             boxed("Owner: Claire", 45, 640, 157, 33), boxed("2. pete", 42, 735, 109, 45),
             boxed("IC: SXXXX567D", 45, 774, 189, 33), boxed("Phone: 97538443", 46, 811, 212, 30)]
    assert "2. pete" in _texts(cards)
    pets = [boxed("Pets", 11, 865, 73, 37), boxed("1. Fluffy", 42, 934, 119, 47),
            boxed("Species: Dog", 44, 976, 155, 37), boxed("2. Megatron", 43, 1167, 177, 43),
            boxed("Species: Cat", 45, 1207, 149, 34)]
    assert classify(pets, Policy()) == []


def test_a_rosters_column_of_lower_case_logins_named_for_people():
    """A shift plan's user column: `admin`, `alice`, `bob`, `jane`, `john`, `nextcloud`. Logins typed in lower case and
    given names all (the system's `admin` left out) are a list of people; a column of lower-case colours or settings
    (`white`, `brown`, `green`, `enabled`) is not."""
    def column(words: list[str]) -> list:
        return [boxed(w, 390, 400 + 46 * k, 10 * len(w), 26) for k, w in enumerate(words)]

    found = _texts(column(["admin", "alice", "bob", "jane", "john", "nextcloud"]))
    assert {"alice", "bob", "jane", "john"} <= found and "admin" not in found
    assert _texts(column(["white", "brown", "green", "enabled", "black"])) == set()


def test_a_letters_dateline_town_and_the_town_under_its_street():
    """A German letter prints the sender's `Hauptstraße 123` over `12345 Astadt` with no name above (the sender is
    `Ich`), the recipient's block under `Empfänger`, and the dateline `Astadt, 26. Januar 2017`; another letter
    splits its dateline, `Köln,` over a right-aligned `1. Januar 2026`. Every town is where someone lives or
    writes from."""
    letter = [boxed("Ich", 262, 169, 80, 54), boxed("Hauptstraße 123", 267, 239, 227, 34),
              boxed("12345 Astadt", 266, 278, 178, 37), boxed("Telefon: +123 456 789", 264, 316, 289, 40),
              boxed("Empfänger", 264, 636, 171, 46), boxed("Straße 456", 263, 677, 167, 46),
              boxed("54321 Berlin", 264, 721, 189, 44), boxed("Astadt, 26. Januar 2017", 1304, 947, 309, 36),
              boxed("Eine wichtige Mitteilung für Sie", 361, 1027, 478, 37)]
    found = masked(letter)
    assert {"12345 Astadt", "Straße 456", "54321 Berlin", "Astadt"} <= set(found)
    assert found["Astadt"] == "DATELINE_TOWN"
    split = [boxed("Erika Mustermann", 143, 142, 257, 29), boxed("Musterstraße 42, 50667 Köln", 145, 177, 222, 20),
             boxed("Köln,", 1042, 649, 59, 29), boxed("1. Januar 2026", 953, 682, 142, 24),
             boxed("Sehr geehrte Damen und Herren,", 143, 871, 318, 28)]
    assert "Köln" in masked(split)
    # a weekday, a word and a clinic's opening line are no dateline; a dateline with no date found masks nothing
    for text in ("Monday, 26. Januar 2017", "Today, March 22, 2016", "Updated, March 22, 2016"):
        assert not any(t in ("Monday", "Today", "Updated") for t in masked([boxed(text, 810, 592, 278, 26)])), text
    assert masked([boxed("Anytown, Main Street", 810, 592, 278, 26)]) == {}


def test_an_iban_is_an_account_whole_after_its_label_or_when_its_check_digits_agree():
    """`IBAN: DE89 37040044 0532 0130 00` (OCR joined two groups): the country and check digits too, not only the
    digit groups that look like a card number. Unlabelled, an IBAN is taken when its mod-97 check holds."""
    text = "IBAN: DE89 37040044 0532 0130 00"
    assert [(text[s.start:s.end], s.entity) for s in classify_text(text, Policy())] == [
        ("DE89 37040044 0532 0130 00", "ACCOUNT")]
    text = "Konto GB82 WEST 1234 5698 7654 32"
    assert [text[s.start:s.end] for s in classify_text(text, Policy())] == ["GB82 WEST 1234 5698 7654 32"]
    assert not any("GB83" in text[s.start:s.end] for text in ["Ref GB83 WEST 1234 5698 7654 32"]
                   for s in classify_text(text, Policy()))


def test_a_contact_cards_number_and_a_card_title_with_its_field_further_down():
    """A sports app's contact card: `1. Cheka Doe` (a name no census knows well) over a bare `98765432`, an e-mail
    address and a street address. The name with a contact on one card makes the card the person's, so the bare
    number is masked as theirs. A relay team's cards put a free note under each member's name and `Date of Birth:`
    two lines down: `Ahamd`, a misspelt name, holds the slot `Gabriel Gold` holds on the card below."""
    card = [boxed("1. Cheka Doe", 30, 22, 79, 14), boxed("U17LW", 32, 41, 70, 14), boxed("Broken Leg", 38, 59, 66, 17),
            boxed("Knee Damage", 116, 60, 75, 17), boxed("98765432", 57, 86, 57, 14),
            boxed("johnd@example.com", 57, 105, 102, 13), boxed("311, Clementi Ave 2, #02-25", 57, 121, 136, 16),
            boxed("friends", 33, 145, 35, 15)]
    assert "98765432" in masked(card)
    team = [boxed("Members:", 16, 203, 86, 28), boxed("Ahamd", 28, 250, 68, 29), boxed("fasting", 30, 277, 52, 28),
            boxed("Date of Birth: 1 January 1990", 30, 301, 193, 26), boxed("School: NUS", 30, 325, 99, 24),
            boxed("Gabriel Gold", 30, 404, 103, 27), boxed("overseas", 32, 432, 59, 25),
            boxed("Date of Birth: 1 January 1990", 32, 457, 189, 20), boxed("School: NUS", 29, 476, 100, 26)]
    assert "Ahamd" in masked(team)
    # a shop's block (no person's name) over its phone keeps its number unmasked as before, and a company's street
    # ending in a given name (`Rua José Beraldo Rosa`) over its mailbox is no card with a name on it
    shop = [boxed("Open daily", 30, 22, 79, 14), boxed("98765432", 57, 86, 57, 14)]
    assert "98765432" not in masked(shop)
    firm = [boxed("Rua José Beraldo Rosa", 23, 361, 115, 19), boxed("sistema@docessalgados.com.br", 23, 384, 244, 16),
            boxed("98765432", 23, 405, 57, 14)]
    assert "98765432" not in masked(firm)


def test_a_blood_bags_donation_number_traces_its_donor():
    """An ISBT 128 label prints its donation number (`W0381 26 095422`: site, year, serial) under `DIN` and again
    by its barcode."""
    text = "W0381 26 095422"
    assert [(text[s.start:s.end], s.entity) for s in classify_text(text, Policy())] == [(text, "OTHER_ID")]
    assert classify_text("E0382V00 RBC", Policy()) == []


def test_a_maps_streets_named_for_people_are_streets():
    """A service centre's locator map labels its streets `DARWIN AVE`, `NIGEL AVE` and `Harriet Rd`: given names with
    a street's suffix and no house number are no one's name and no one's address. A name beside a road word in a
    sentence, or a surname that is a street word alone (`Lane`), is still a name."""
    streets = [boxed("DARWIN AVE", 783, 622, 60, 46), boxed("NIGEL AVE", 774, 670, 51, 43),
               boxed("Harriet Rd", 521, 702, 80, 20)]
    assert masked(streets) == {}
    assert "Ann Lane" in masked([boxed("Patient: Ann Lane", 10, 10, 200, 20)])


def test_a_german_address_forms_fields_and_a_cases_parties():
    """A law firm's address dialog labels its fields `Straße:`, `PLZ:` and `Ort:` (the street's number after its
    name); a court calendar's entry is `Hearing: State vs. Doe`, a docket's `Doe v. Roe`."""
    for text, value in (("Straße: Am Waldacker 5", "Am Waldacker 5"), ("PLZ: 01689", "01689"),
                        ("Ort: Hamburg", "Hamburg")):
        assert [(text[s.start:s.end], s.entity) for s in classify_text(text, Policy())] == [(value, "ADDRESS")]
    assert [text[s.start:s.end] for text in ["Hearing: State vs. Doe"] for s in classify_text(text, Policy())] == [
        "Doe"]
    text = "Doe v. Roe"
    assert [text[s.start:s.end] for s in classify_text(text, Policy())] == ["Doe", "Roe"]
    assert classify_text("Python vs. Java", Policy()) == []


def test_a_trip_logs_lake_and_falls_are_places():
    """A travel log lists `Jordan Pond` and `Morgan Falls`: two census words, but the second is a pond's and a
    waterfall's. `Hannah Lake` stays a name (Lake is a common surname), and so does a labelled `Jordan Pond`."""
    assert masked([boxed("Jordan Pond", 107, 350, 87, 23), boxed("Morgan Falls", 107, 400, 97, 23)]) == {}
    assert "Jordan Pond" in masked([boxed("Patient: Jordan Pond", 107, 350, 187, 23)])


def test_a_travellers_flight_log_dates_are_theirs():
    """A flight tracker's `ALL FLIGHTS` table dates each of one user's flights (`2026-05-04` beside `CTA → BGY`); no
    name is on the screen, but the log is one person's. A timetable's dates with no such title stay visible."""
    log = [boxed("ALL FLIGHTS", 483, 164, 275, 51), boxed("DATE", 508, 348, 120, 47), boxed("ROUTE", 834, 348, 108, 49),
           boxed("2026-05-04", 508, 432, 196, 51), boxed("CTA → BGY", 830, 430, 208, 57),
           boxed("2026-05-02", 508, 526, 196, 51), boxed("BGY → CTA", 827, 521, 209, 61)]
    assert {"2026-05-04", "2026-05-02"} <= set(masked(log))
    timetable = [boxed("Timetable", 483, 164, 275, 51), boxed("2026-05-04", 508, 432, 196, 51),
                 boxed("CTA → BGY", 830, 430, 208, 57)]
    assert "2026-05-04" not in masked(timetable)


def test_a_boarding_pass_writes_its_passenger_surname_slash_given_name():
    """`PASSENGER` over `SANCHEZROD/PABLO`: the airline's form of a name, whole, with or without its label; a slash
    between two words that are no given name (`TCP/IP`, `AND/OR`) is no one."""
    for text, name in (("PASSENGER\nSANCHEZROD/PABLO", "SANCHEZROD/PABLO"), ("DOE/JANE MRS", "DOE/JANE")):
        assert [text[s.start:s.end] for s in classify_text(text, Policy())] == [name]
    for text in ("TCP/IP", "AND/OR", "INPUT/OUTPUT"):
        assert classify_text(text, Policy()) == [], text


def test_a_name_glued_into_one_word_by_an_export():
    """An order list glues its customer's fields (`LamarCasperHalvorson - WintheiserWest Donnellport`): a census given
    name and surnames with no space between them. A product's or a code's glued words are no one (`MarkDown`,
    `JavaScript`, `BillPayment`, `RoseGold`)."""
    text = "LamarCasperHalvorson - WintheiserWest Donnellport"
    assert [text[s.start:s.end] for s in classify_text(text, Policy())] == ["LamarCasperHalvorson"]
    for text in ("MarkDown", "JavaScript", "BillPayment", "RoseGold", "GetUserName", "MaxWidth"):
        assert classify_text(text, Policy()) == [], text


def test_a_directorys_logins_made_from_the_names_beside_them():
    """An LDAP manager lists `Anna Weber (aweber)`: the login is the name's initial and surname. A word that the name
    spells but English has (`will` after `Will Turner`) stays, and so does a login no name on the photo makes."""
    found = masked([boxed("Anna Weber (aweber) →", 23, 156, 205, 26), boxed("John Smith (jsmith) →", 22, 197, 186, 26)])
    assert {"aweber", "jsmith"} <= set(found)
    other = masked([boxed("Name: Will Turner (wturner)", 23, 156, 255, 26),
                    boxed("we will see (admin)", 22, 197, 186, 26)])
    assert "wturner" in other and "will" not in other and "admin" not in other
