"""PHI in OCR text: the issue's example lines, every text-borne identifier, OCR noise, split lines,
non-PHI left alone, word-level polygons, and an offline run with sockets blocked."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap

import pytest
from fakes import line

from imgscreen.model import Identifier, TextLine, Word
from imgscreen.phi import _has_person_phi, _mostly_found, classify, classify_text, span_polygon
from imgscreen.policy import Policy
from imgscreen.spans import Span

POLICY = Policy()
ID = Identifier


def make_line(text: str, x: float = 0, y: float = 0, char_w: float = 10, h: float = 20, slope: float = 0.0) -> TextLine:
    """A TextLine with one word per space-separated token, each char `char_w` wide, on a slanted baseline."""
    words = []
    pos = 0
    for tok in text.split(" "):
        if tok:
            x0, x1 = x + pos * char_w, x + (pos + len(tok)) * char_w
            poly = ((x0, y + x0 * slope), (x1, y + x1 * slope), (x1, y + h + x1 * slope), (x0, y + h + x0 * slope))
            words.append(Word(tok, poly, 0.9, pos, pos + len(tok)))
        pos += len(tok) + 1
    x_end = x + len(text) * char_w
    poly = ((x, y + x * slope), (x_end, y + x_end * slope), (x_end, y + h + x_end * slope), (x, y + h + x * slope))
    return TextLine(text, poly, 0.9, tuple(words))


def found(text: str, policy: Policy = POLICY) -> set[tuple[str, Identifier]]:
    return {(text[s.start : s.end], s.identifier) for s in classify_text(text, policy)}


# --- the issue's examples -------------------------------------------------------------------------


def test_issue_examples():
    assert found("DOE, JOHNATHAN") == {("DOE, JOHNATHAN", ID.NAMES)}
    assert found("MRN:00482913 D0B: 03/14/1962") == {("00482913", ID.MRN), ("03/14/1962", ID.DATES)}
    assert found("Rm 412-B Dr. K. Patel") == {("K. Patel", ID.NAMES)}
    assert found("Ins ID: UHC746913682") == {("UHC746913682", ID.HEALTH_PLAN)}
    assert found("Visiting hours 9am - 8pm") == set()


def test_staff_names_follow_policy():
    off = POLICY.replace("text", flag_staff_names=False)
    assert found("Rm 412-B Dr. K. Patel", off) == set()
    assert ("Jane Smith", ID.NAMES) in found("Jane Smith, RN")
    assert found("Jane Smith, RN", off) == set()  # the title says staff: the policy lets it be
    assert found("John Carter", off) == {("John Carter", ID.NAMES)}  # no title: we cannot tell, so flag


def test_the_person_at_a_desk_or_counter_is_named_staff():
    """`Sales Associate: Paul` on a receipt, `Served by Grace`: staff names, flagged unless the policy
    says otherwise; `Server Room 4` and `Driver Training` name no one."""
    for text, name in (("Sales Associate: Paul", "Paul"), ("Served by Grace", "Grace"), ("Cashier: Maria", "Maria")):
        assert (name, ID.NAMES) in found(text), text
        assert found(text, POLICY.replace("text", flag_staff_names=False)) == set(), text
    assert found("Server Room 4") == set() and found("Driver Training") == set()



def test_a_doctors_title_in_another_language_names_a_person():
    for text, name in (("Dra. Maria Souza", "Maria Souza"), ("Dott.ssa Giulia Bianchi", "Giulia Bianchi"),
                       ("BS. Nguyen Minh Anh", "Nguyen Minh Anh"), ("ThS. Tran Van Binh", "Tran Van Binh")):
        assert (name, ID.NAMES) in found(text), text
    assert found("BS Computer Science") == set() and found("bs. Something Else") == set()

# --- every identifier -----------------------------------------------------------------------------

CASES = [
    ("Patient: Xiomara Okonkwo-Balogun", "Xiomara Okonkwo-Balogun", ID.NAMES),
    ("Emergency contact: Mary Alvarez", "Mary Alvarez", ID.NAMES),
    ("412  Garcia, M", "Garcia, M", ID.NAMES),
    ("Welcome home, Dorothy!", "Dorothy", ID.NAMES),
    ("1427 Maple Grove Ave, Apt 3B", "1427 Maple Grove Ave, Apt 3B", ID.GEOGRAPHIC),
    ("Springfield, IL 62704", "Springfield, IL 62704", ID.GEOGRAPHIC),
    ("Zip: 02115", "02115", ID.GEOGRAPHIC),
    ("Admitted on 14 MAR 2024", "14 MAR 2024", ID.DATES),
    ("D/C Date: 2024-03-18", "2024-03-18", ID.DATES),
    ("Born March 14th, 1962", "March 14th, 1962", ID.DATES),
    ("DOD 02.03.24", "02.03.24", ID.DATES),
    ("Age: 93", "93", ID.DATES),
    ("91 y/o F", "91", ID.DATES),
    ("Cell: (617) 555-0142", "(617) 555-0142", ID.PHONE),
    ("Fax: 617.555.0199", "617.555.0199", ID.FAX),
    ("email jdoe77@gmail.com", "jdoe77@gmail.com", ID.EMAIL),
    ("SSN 123-45-6789", "123-45-6789", ID.SSN),
    ("123-45-6789", "123-45-6789", ID.SSN),  # a test-looking SSN is still an SSN
    ("Medical Record #: A0048291", "A0048291", ID.MRN),
    ("Member ID: XJH884412907", "XJH884412907", ID.HEALTH_PLAN),
    ("Health Number:12345", "12345", ID.HEALTH_PLAN),  # fresh66's OSCAR consult form (a provincial number)
    ("PHN: 9876543210", "9876543210", ID.HEALTH_PLAN),
    ("Acct #: 0098812345", "0098812345", ID.ACCOUNT),
    ("Rx# 4829301", "4829301", ID.ACCOUNT),
    ("DL No. D1234-5678-9012", "D1234-5678-9012", ID.LICENSE),
    ("License plate: 7ABC123", "7ABC123", ID.VEHICLE),
    ("VIN 1HGCM82633A004352", "1HGCM82633A004352", ID.VEHICLE),
    ("S/N: PM2240-88213X", "PM2240-88213X", ID.DEVICE),
    ("portal: https://mychart.example.org/p/88213", "https://mychart.example.org/p/88213", ID.URL),
    ("IP 10.24.8.113", "10.24.8.113", ID.IP_ADDRESS),
    ("Specimen #: 24-118-00731", "24-118-00731", ID.OTHER_ID),
]


@pytest.mark.parametrize(("text", "value", "identifier"), CASES)
def test_each_identifier(text, value, identifier):
    assert (value, identifier) in found(text)


def test_labels_stay_readable():
    spans = classify_text("MRN:00482913", POLICY)
    assert [("MRN:00482913"[s.start : s.end], s.label) for s in spans] == [("00482913", "Medical record number")]


# --- OCR noise ------------------------------------------------------------------------------------

NOISY = [
    ("MRN: OO482913", "OO482913", ID.MRN),  # O for 0
    ("MRN 0048Z9I3", "0048Z9I3", ID.MRN),
    ("D0B:O3/I4/I962", "O3/I4/I962", ID.DATES),  # 0/O, 1/I
    ("DOB 03141962", "03141962", ID.DATES),  # separators lost
    ("ＭＲＮ：００４８２９１３", "００４８２９１３", ID.MRN),  # full width
    ("Ins ID:UHC746913682", "UHC746913682", ID.HEALTH_PLAN),  # no space
    ("SSN: 12З-45-6789".replace("З", "3"), "123-45-6789", ID.SSN),
    ("PATIENT: NGUYEN, THI B", "NGUYEN, THI B", ID.NAMES),
    ("jdoe @ clinic . local", "jdoe @ clinic . local", ID.EMAIL),
    ("IP 192.168.l.20", "192.168.l.20", ID.IP_ADDRESS),
    ("Phone: 6l7-555-O142", "6l7-555-O142", ID.PHONE),
]


@pytest.mark.parametrize(("text", "value", "identifier"), NOISY)
def test_ocr_noise(text, value, identifier):
    assert (value, identifier) in found(text)


# --- not PHI --------------------------------------------------------------------------------------

CLEAN = [
    "Visiting hours 9am - 8pm",
    "Emergency Department",
    "Patient Education Center",
    "Main Entrance",
    "Please wash your hands",
    "Cardiology Clinic - 3rd Floor",
    "Tylenol 500 mg PO q6h PRN",
    "BP 120/80 HR 72 SpO2 98%",
    "Room 412",
    "Rm 412-B",
    "Flu Shot Clinic Oct 12, 2025 10am-2pm",
    "Welcome Families",
    "Hand Hygiene Saves Lives",
    "Nurse Station",
    "Age 45",
    "Rx: Lisinopril 10 mg",
]


@pytest.mark.parametrize("text", CLEAN)
def test_non_phi_left_alone(text):
    assert found(text) == set()


def test_unlabelled_date_policy_and_context():
    poster = "Flu Shot Clinic Oct 12, 2025"
    assert found(poster) == set()
    assert found(poster, POLICY.replace("text", flag_unlabelled_dates=True)) == {("Oct 12, 2025", ID.DATES)}
    # On a line with other PHI, a bare date is that person's date.
    assert ("03/14/1962", ID.DATES) in found("DOE, JOHN 03/14/1962")


# --- lines, words and polygons --------------------------------------------------------------------


def test_classify_masks_only_the_phi_words():
    line = make_line("MRN: 00482913 Unit 4")
    (f,) = classify([line], POLICY)
    assert (f.kind, f.identifier, f.text, f.mask, f.detector) == (
        "text",
        ID.MRN,
        "00482913",
        "polygon",
        "phi:RecordNumberRecognizer",
    )
    assert f.source.line == 0
    xs = [p[0] for p in f.polygon]
    assert min(xs) == pytest.approx(50) and max(xs) == pytest.approx(130)  # the word "00482913" only


def test_a_word_holding_label_and_value_is_cut_by_characters():
    line = make_line("MRN:00482913")
    (f,) = classify([line], POLICY)
    xs = [p[0] for p in f.polygon]
    assert 30 < min(xs) < 45 and max(xs) == pytest.approx(120)


def test_polygon_follows_the_slant():
    line = make_line("Name: John Carter", slope=0.2)
    (f,) = classify([line], POLICY)
    assert f.text == "John Carter"
    poly = f.polygon
    # top edge rises with the line: the right corner is lower (larger y) by slope * width
    assert poly[1][1] - poly[0][1] == pytest.approx(0.2 * (poly[1][0] - poly[0][0]), rel=0.05)
    assert min(p[0] for p in poly) >= 50  # "Name:" (x 0..50) stays readable


def test_a_surname_in_capitals_before_the_given_name():
    """`MILLER Stephanie`: wristbands and European records print the surname first, in capitals."""
    for text in ("MILLER Stephanie", "NOVAK Olivia Jane", "DOE Jane"):
        assert found(text) == {(text, ID.NAMES)}, text
    for text in ("EXIT Maria", "CALL Grace", "GIFT Shop", "ICU Amber", "FIRE Exit"):
        assert found(text) == set(), text


def test_split_line_label_above_value():
    lines = [make_line("MRN:", x=0, y=0), make_line("00482913", x=0, y=24), make_line("Cafeteria", x=400, y=24)]
    findings = classify(lines, POLICY)
    assert [(f.text, f.identifier, f.source.line) for f in findings] == [("00482913", ID.MRN, 1)]


def test_split_line_label_left_value_right():
    lines = [make_line("Patient Name", x=0, y=0), make_line("OKAFOR, CHIDI", x=200, y=2)]
    findings = classify(lines, POLICY)
    assert [(f.text, f.identifier, f.source.line) for f in findings] == [("OKAFOR, CHIDI", ID.NAMES, 1)]


def test_a_forms_label_column_pairs_each_label_with_the_value_beside_it():
    """`Address` with its value beside it and `City` right below: the value beside is the address, even
    though the next row's value sits closer to the label's bottom edge."""
    lines = [make_line("Address", x=0, y=0, h=24), make_line("Fall road N. 782", x=90, y=0, h=24),
             make_line("City", x=0, y=28, h=24), make_line("Hilltop", x=90, y=28, h=24)]
    found = {f.text for f in classify(lines, POLICY) if f.identifier == ID.GEOGRAPHIC}
    assert "Fall road N. 782" in found


def test_a_span_without_words_still_gets_a_polygon():
    line = TextLine("DOB 03/14/1962", ((0, 0), (140, 0), (140, 20), (0, 20)), 0.9, ())
    poly = span_polygon(line, 4, 14)
    xs = [p[0] for p in poly]
    assert 30 <= min(xs) <= 40 and max(xs) == pytest.approx(140)


def test_a_word_whose_rest_is_punctuation_is_masked_whole():
    """`Allan!`: the span ends before `!`; cutting by character count would leave the `n` showing, as
    a `!` is far narrower than a letter. `MRN:00482913` is still cut at the colon."""
    line = make_line("Hello Allan!", x=0)
    xs = [p[0] for p in span_polygon(line, 6, 11)]
    assert min(xs) == pytest.approx(60) and max(xs) == pytest.approx(120)
    label = make_line("MRN:00482913", x=0)
    assert min(p[0] for p in span_polygon(label, 4, 12)) == pytest.approx(35)


def test_empty_and_blank():
    assert classify([], POLICY) == []
    assert classify_text("   ", POLICY) == []


# --- offline --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_analyzer_runs_with_sockets_blocked():
    """Build the analyzer and classify e-mail and URL text in a fresh process with no network at all."""
    code = textwrap.dedent(
        """
        import socket
        def refuse(*a, **k):
            raise RuntimeError("network used")
        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from imgscreen.phi import classify_text
        from imgscreen.policy import Policy
        spans = classify_text("mail j.doe@gmail.com or www.example.org/x, jdoe@clinic.co.uk", Policy())
        print(sorted(s.identifier.value for s in spans))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[6, 6, 14]"
    assert "network used" not in out.stderr


# --- regressions and layout context ---------------------------------------------------------------

MORE = [
    ("Pacemaker Serial: GBS462097", "GBS462097", ID.DEVICE),  # `Pacemaker` + `Serial` vetoed, not swallowed
    ("Attending:Dr. Omar Eze", "Omar Eze", ID.NAMES),
    ("DIED 0CT0BER 20, 2004", "0CT0BER 20, 2004", ID.DATES),
    ("Rm 394 Taylor, U", "Taylor, U", ID.NAMES),  # a trade-word surname in the whiteboard form
    ("RODRlGUEZ, IMANI", "RODRlGUEZ, IMANI", ID.NAMES),  # l for I
    ("Happy Birthday Ximena!", "Ximena", ID.NAMES),  # not in the Census list: the greeting says so
    ("Tomasz Patel", "Tomasz Patel", ID.NAMES),  # a badge: common surname, unknown first name
    ("MR# 6IOI6Z8", "6IOI6Z8", ID.MRN),  # most digits misread
    ("EMAIL: CAOIMHE_HORVATH@HOTMAIL.C0M", "CAOIMHE_HORVATH@HOTMAIL.C0M", ID.EMAIL),
    ("MAC: F9:C2:19:8S:99:8C", "F9:C2:19:8S:99:8C", ID.DEVICE),
]


@pytest.mark.parametrize(("text", "value", "identifier"), MORE)
def test_regressions_found(text, value, identifier):
    assert (value, identifier) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Employee Break Room",
        "Congratulations Class of 2025",
        "Nurse Manager",
        "Turn q2h",
        "CBC, BMP, Lipid Panel",
        "Heparin 5000 units SQ q8h",
        "Bed 4 ready",
        "Precautions: Droplet",
        "Allergies: Penicillin, Sulfa",
    ],
)
def test_regressions_left_alone(text):
    assert found(text) == set()


def test_label_word_left_over_from_a_losing_span_stays_readable():
    assert found("License Plate 7ABC123") == {("7ABC123", ID.VEHICLE)}
    assert found("Employee ID: 287211") == {("287211", ID.OTHER_ID)}


def test_bare_date_on_a_wristband_is_the_patients():
    band = [make_line("DOE, JOHNATHAN", 0, 0), make_line("03/14/1962", 0, 24)]
    assert {(f.text, f.identifier) for f in classify(band, POLICY)} == {
        ("DOE, JOHNATHAN", ID.NAMES),
        ("03/14/1962", ID.DATES),
    }
    poster = [make_line("DOE, JOHNATHAN", 0, 0), make_line("Blood Drive 03/14/2026", 0, 400)]
    far = {f.text: f for f in classify(poster, POLICY)}
    # a date far from the name is not the wristband's, but on a photo with a person it is masked (fail
    # closed) as no evidence of anything
    assert far["03/14/2026"].source.entity == "PHOTO_DATE" and not far["03/14/2026"].source.personal


def test_gazetteer_loaded_from_the_names_package():
    from imgscreen.recognizers.gazetteer import first_names, surnames

    assert surnames()["SMITH"] == 1 and len(surnames()) > 80_000
    assert "MARY" in first_names() and len(first_names()) > 5_000


def test_world_names_come_from_fakers_person_lists_less_ordinary_words():
    from imgscreen.recognizers.gazetteer import (
        WORLD_GIVEN_RANK,
        first_name_rank,
        first_names,
        surname_rank,
        surnames,
        world_names,
    )

    given, family = world_names()
    assert {"GIULIA", "SIEGRID", "HÜSEYIN", "HUSEYIN"} <= given and "BERGNAUM" in family
    assert first_name_rank("GIULIA") == WORLD_GIVEN_RANK and first_name_rank("MARY") < 10
    assert surname_rank("SMITH") == 1 and "BERGNAUM" in surnames() and "SIEGRID" in first_names()
    # an English word, a proper noun of the English word list, a country, another language's ordinary word
    assert not {"ANGEL", "BERLIN", "ARMENIA", "VILLE", "LEIDER"} & (given | family)


def _lines(*texts: str) -> list[TextLine]:
    return [line(t, 20, 20 + 40 * k, 12 * len(t), 24) for k, t in enumerate(texts)]


def _names(*texts: str) -> set[str]:
    return {f.text for f in classify(_lines(*texts), POLICY) if f.identifier == ID.NAMES}


def test_a_given_name_from_another_countrys_list_on_a_persons_record_is_a_name():
    """`Siegrid` alone in a record's contact list: the Census never saw the name, a German list has it."""
    found = _names("Patient: Anna Smith", "DOB: 01/02/1970", "MRN: 1234567", "Contacts", "Siegrid")
    assert found == {"Anna Smith", "Siegrid"}


def test_a_world_given_name_makes_the_capitalised_word_after_it_a_surname():
    """`Hendrik Visage` in a chat's member list: `visage` is an English word, `Hendrik` a Dutch name."""
    assert _names("Chat", "Hendrik Visage", "hello there") == {"Hendrik Visage"}


def test_in_a_sentence_only_a_census_first_name_is_taken_for_a_name():
    """`code in Haskell` on a page with a person: a world name in prose is as likely a language or a place."""
    found = _names("Patient: Anna Smith", "DOB: 01/02/1970", "Here is a bit of code in Haskell, because we are fancy.")
    assert found == {"Anna Smith"}


def test_presidio_predefined_recognizers_still_load_next_to_ours():
    """presidio finds predefined recognizers by class name among all subclasses: ours must not shadow them."""
    from presidio_analyzer import RecognizerRegistry

    import imgscreen.recognizers  # noqa: F401 - the import is the point

    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"])
    assert {"DateRecognizer", "EmailRecognizer", "UrlRecognizer"} <= {type(r).__name__ for r in registry.recognizers}


def test_offline_tldextract_has_no_remote_suffix_list():
    from imgscreen.recognizers.web import offline_tldextract

    ext = offline_tldextract()
    assert tuple(ext.suffix_list_urls) == ()
    assert ext("j.doe@mail.example.co.uk").suffix == "co.uk"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("VAN DER BERG, MARIA", "VAN DER BERG, MARIA"),
        ("Patient: Juan de la Cruz", "Juan de la Cruz"),
        ("O'BRIEN, RAJESH", "O'BRIEN, RAJESH"),
    ],
)
def test_multi_part_surnames_are_masked_whole(text, value):
    assert found(text) == {(value, ID.NAMES)}


def test_polygon_of_a_vertical_line_reading_downwards():
    """OCR gives word corners in reading order (TL = start of the text's top) whatever the rotation."""
    text = "MRN: 00482913"
    words, pos = [], 0
    for tok in text.split(" "):
        y0, y1 = pos * 10, (pos + len(tok)) * 10
        # text runs down the image: reading direction +y, the glyphs' "up" is +x
        words.append(Word(tok, ((120, y0), (120, y1), (100, y1), (100, y0)), 0.9, pos, pos + len(tok)))
        pos += len(tok) + 1
    line = TextLine(text, ((120, 0), (120, 130), (100, 130), (100, 0)), 0.9, tuple(words))
    (f,) = classify([line], POLICY)
    ys = [p[1] for p in f.polygon]
    xs = [p[0] for p in f.polygon]
    assert f.text == "00482913"
    assert min(ys) == pytest.approx(50) and max(ys) == pytest.approx(130)  # `MRN:` (y 0..40) stays readable
    assert min(xs) == pytest.approx(100) and max(xs) == pytest.approx(120)


def test_a_chart_header_line_with_three_identifiers():
    assert found("Pt: SMITH, JOHN A  DOB 01/02/1950  MRN 1234567") == {
        ("SMITH, JOHN A", ID.NAMES),
        ("01/02/1950", ID.DATES),
        ("1234567", ID.MRN),
    }


def test_phone_extension_and_product_codes():
    assert found("Tel: (617) 555-0142 ext 12") == {("(617) 555-0142 ext 12", ID.PHONE)}
    assert found("NDC 0093-7146-56") == set()  # a drug code identifies no one
    assert found("Specimen collected 10/12/2025 0830") == {("10/12/2025", ID.DATES)}


def test_a_label_under_a_label_is_not_a_value():
    """The verify pass re-reads a masked copy: `ADDR:` (value masked) above `PHONE:` must not flag `PHONE`."""
    lines = [make_line("ADDR:", 0, 0), make_line("PHONE:", 0, 24)]
    assert classify(lines, POLICY) == []
    assert classify([make_line("ADDR:", 0, 0), make_line("PHONE", 0, 24)], POLICY) == []


def test_real_ocr_fragments():
    """Shapes seen in real OCR reads of bench.synth photos: a lost room number, a DOB with sex and age."""
    assert found("Room KOWALSKI, RAJESH") == {("KOWALSKI, RAJESH", ID.NAMES)}
    assert found("2002-12-14 F 26Y") == {("2002-12-14", ID.DATES)}


def _word_list_installed() -> bool:
    from imgscreen.recognizers.words import english_words

    return bool(english_words())


@pytest.mark.skipif(not _word_list_installed(), reason="needs the system word list (apt install wamerican)")
@pytest.mark.parametrize("text", ["Ngozi Babatunde", "ZAINAB BHATTACHARYA", "Sven Achterberg"])
def test_a_badge_name_alone_on_its_line_needs_no_gazetteer(text):
    assert found(text) == {(text, ID.NAMES)}


@pytest.mark.parametrize("text", ["Main Lobby", "Gift Shop", "Cardiac Rehab", "Wash Hands", "EXIT ONLY",
                                  "Ngozi babatunde", "CBC BMP"])
def test_signage_alone_on_its_line_is_not_a_name(text):
    assert found(text) == set()


def test_a_labelled_name_that_lost_its_capital_to_ocr():
    assert found("Patient: oluwaseun Dubois") == {("oluwaseun Dubois", ID.NAMES)}
    assert found("Patient: education materials") == set()


def test_an_initial_that_ocr_read_as_a_digit():
    assert ("0. Fitzgerald", ID.NAMES) in found("Room 23 - 0. Fitzgerald")
    assert found("Room 23 - 0.5 mg") == set()


def test_a_courtesy_title_names_the_person_after_it_and_is_masked_with_them():
    """`MR J DOE` over a street address (how British letters address someone), `Mr. Smith`, `Mr J Doe`:
    after a courtesy title even a trade word or a dictionary word is a surname, and the title is part of
    what a reader would read back."""
    for text, name in (("MR J DOE", "MR J DOE"), ("Mr J Doe", "Mr J Doe"), ("Mr. Smith", "Mr. Smith"),
                       ("Dear MR DOE", "MR DOE"), ("MRS A B SINGH", "MRS A B SINGH")):
        got = {f.text for f in classify([make_line(text)], POLICY) if f.identifier == Identifier.NAMES}
        assert name in got, (text, got)
    # magnetic resonance and Microsoft are not people
    for text in ("MR HEAD W/O CONTRAST", "MR ANGIO", "MR T1 FLAIR"):
        assert not classify([make_line(text)], POLICY), text


def test_a_name_label_after_a_things_noun_names_the_thing():
    """`Device Name` over `WIN-8C3BMFEBTPQ` on a sync tool's settings: a host, not a person."""
    for label in ("Device Name", "Host name", "File Name", "Object Name", "View name"):
        assert not classify([make_line(label), make_line("WIN-8C3BMFEBTPQ", y=30)], POLICY), label
        assert not classify([make_line(f"{label}: WIN-8C3BMFEBTPQ")], POLICY), label
    assert classify([make_line("Name: Jane Roe")], POLICY)


def test_short_capitals_that_are_no_ones_name_are_acronyms():
    """`reseted by PRO CPU` on a firmware page; `Entered by J DOE` and `Signed by WU LI` stay names."""
    assert not classify([make_line("for APP CPU, reseted by PRO CPU")], POLICY)
    for text, name in (("Entered by J DOE", "J DOE"), ("Signed by WU LI", "WU LI")):
        assert name in {f.text for f in classify([make_line(text)], POLICY)}, text


def test_on_a_photo_with_no_one_on_it_a_machines_and_a_sites_identifiers_stay_visible():
    """An inverter's settings (MAC address, serial), a ministry's fact-sheet link: nothing names a person,
    so they are the equipment's and the organisation's. Beside a patient they are masked; a link with a
    number in it (a portal's record) is masked anywhere."""
    things = [make_line("MAC Address", y=0), make_line("30:AE:A4:0E:12:C0", y=30),
              make_line("www.gov.uk/government/publications/state-pension-fact-sheets", y=60, char_w=7)]
    assert not classify(things, POLICY)
    patient = [make_line("Patient: Jane Roe", y=120), make_line("DOB: 03/04/1990", y=150)]
    got = {f.text for f in classify(things + patient, POLICY)}
    assert "30:AE:A4:0E:12:C0" in got
    assert classify([make_line("portal.example-clinic.org/patients/482913")], POLICY)


def test_a_capitalised_pair_led_by_an_article_or_possessive_is_a_noun_phrase():
    for text in ("Meine Solaranlage", "Die Praxis Weber"):
        assert not classify([make_line(text)], POLICY), text
    for text in ("Le Roux", "Ma Long", "Mi Nguyen"):  # short articles that are also names stay names
        assert classify([make_line(text)], POLICY), text


def test_a_shops_or_signs_street_address_stays_visible_but_a_forms_or_a_persons_does_not():
    shop = [make_line("CORNER MARKET", x=40, y=0), make_line("3355 Harbor Ave", x=40, y=40),
            make_line("Total 12.40", x=40, y=80)]
    assert classify(shop, Policy()) == []
    form = [make_line("Street", x=40, y=0), make_line("2723 JOHN ROE SMITH AVENUE", x=40, y=40),
            make_line("Postal/ZIP", x=40, y=80)]
    assert "2723 JOHN ROE SMITH AVENUE" in {f.text for f in classify(form, Policy())}
    letter = [make_line("Ship to: 3355 Harbor Ave", x=40, y=0), make_line("Thank you", x=40, y=40)]
    assert "3355 Harbor Ave" in {f.text for f in classify(letter, Policy())}
    named = [make_line("Jane Okafor", x=40, y=0), make_line("3355 Harbor Ave", x=40, y=40)]
    assert "3355 Harbor Ave" in {f.text for f in classify(named, Policy())}


def test_a_phone_on_one_line_with_a_places_address_is_the_places_but_a_persons_is_not():
    footer = "4769 Harbor Ave, Kingsford, MI 49801  672-646-7280"
    menu = [make_line("Starters", x=40, y=0), make_line("Cobb Salad  7.75", x=40, y=40), make_line(footer, x=40, y=80)]
    assert classify(menu, Policy()) == []
    # a phone alone, a person's on the photo, a label that gives it to someone: masked as before
    for lines in ([make_line("Starters", x=40, y=0), make_line("Call 672-646-7280", x=40, y=40)],
                  [make_line("Jane Okafor", x=40, y=0), make_line(footer, x=40, y=40)],
                  [make_line("4769 Harbor Ave, Kingsford, MI 49801  Mobile 672-646-7280", x=40, y=0)],
                  [make_line("Home: 4769 Harbor Ave, Kingsford, MI 49801  672-646-7280", x=40, y=0)]):
        assert "672-646-7280" in {f.text for f in classify(lines, Policy())}, [ln.text for ln in lines]


def test_a_commits_asctime_date_is_masked_whole_beside_its_author():
    commit = [make_line("Author: Jane Okafor <jane@okafor.org>", x=40, y=0),
              make_line("AuthorDate: Wed Jan 30 22:05:05 2019 +0000", x=40, y=40),
              make_line("Date:   Mon Mar  4 09:12:44 UTC 2024", x=40, y=80)]
    found = {f.text for f in classify(commit, Policy())}
    assert {"Wed Jan 30 22:05:05 2019 +0000", "Mon Mar  4 09:12:44 UTC 2024"} <= found, found
    # a build's date with no one on the screen stays readable
    assert classify([make_line("Built Wed Jan 30 22:05:05 2019 +0000", x=40, y=0)], Policy()) == []


def test_a_country_is_no_name_but_a_banners_name_before_its_sex_and_age_is():
    assert classify([make_line("DHIS 2 Demo - Sierra Leone - Capture", x=40, y=0)], Policy()) == []
    banner = classify([make_line("Test Person Female 19 year(s) (01.Jan.2000)", x=40, y=0)], Policy())
    assert "Test Person" in {f.text for f in banner}
    assert "Ana Souza" in {f.text for f in classify([make_line("Ana Souza, F, 34 y", x=40, y=0)], Policy())}
    assert "Anna Jones" in {f.text for f in classify([make_line("Person Anna Jones", x=40, y=0)], Policy())}
    assert classify([make_line("Blood Pressure Male 45 years", x=40, y=0)], Policy()) == []


def test_a_birth_date_written_with_commas_is_masked_whole():
    found = classify([make_line("Birthdate: 14, February, 1948", x=40, y=0)], Policy())
    assert [f.text for f in found] == ["14, February, 1948"]


def test_a_unix_time_is_no_phone_and_no_id_after_a_time_key():
    log = classify([make_line('{"id":"hGhU4fiFSHgl", "time":1679340670, "event":"open"}', x=40, y=0)], Policy())
    assert log == []
    assert [f.identifier for f in classify([make_line("Call 1679340670", x=40, y=0)], Policy())] == [
        Identifier.PHONE]  # a label says it is a phone, whatever its digits
    assert [f.identifier for f in classify([make_line("2125550187", x=40, y=0)], Policy())] == [Identifier.PHONE]


def test_a_demos_numbered_people_are_names_but_a_pager_is_not():
    for text, name in (("Paciente 3 | Plano No175 | Total: 2.000,00", "Paciente 3"), ("Dentista 1", "Dentista 1"),
                       ("Name: Patient 12", "Patient 12")):
        assert name in {f.text for f in classify([make_line(text, x=40, y=0)], Policy())}, text
    for text in ("Patient 1 of 3", "Room 3", "Select patient 4 rows"):
        assert classify([make_line(text, x=40, y=0)], Policy()) == [], text


def test_a_health_diarys_dates_are_its_owners_but_a_pump_manuals_are_not():
    diary = [make_line("THURSDAY, 16 JULY 2026", x=40, y=0), make_line("7.4/10", x=40, y=40),
             make_line("Geschätzter HbA1c", x=40, y=80), make_line("Good gym session, clear head after.", x=40, y=120)]
    found = {f.text: f.source.entity for f in classify(diary, Policy())}
    assert found.get("THURSDAY, 16 JULY 2026") == "DIARY_DATE", found
    manual = [make_line("The MiniMed 640G insulin pump is intended for use in the electromagnetic", x=40, y=0),
              make_line("environment specified below. The customer or the user of the MiniMed insulin", x=40, y=40),
              make_line("Revised 08-Apr-2020", x=40, y=80)]
    assert classify(manual, Policy()) == []


def test_a_scale_apps_and_a_persons_record_dates_are_its_owners_but_a_parcels_are_not():
    # a body-composition log: Date | Weight | BMI | Muscle, no name on the screen
    scale = [make_line("Date", x=40, y=0), make_line("Weight", x=200, y=0), make_line("BMI", x=320, y=0),
             make_line("Muscle", x=420, y=0), make_line("Oct 22, 2025", x=40, y=40), make_line("75.1 kg", x=200, y=40),
             make_line("27.2", x=320, y=40)]
    found = {f.text: f.source.entity for f in classify(scale, Policy())}
    assert found.get("Oct 22, 2025") == "DIARY_DATE", found
    # an HR record's sections, the person's name scrolled away
    record = [make_line("Emergency Contact for the Person", x=40, y=0), make_line("Employment History", x=40, y=40),
              make_line("2020-10-11", x=40, y=80)]
    assert {f.text for f in classify(record, Policy())} == {"2020-10-11"}
    # a parcel's weight and a shipping date are no one's reading
    parcel = [make_line("Weight", x=40, y=0), make_line("2.5 kg", x=200, y=0), make_line("Weight", x=40, y=40),
              make_line("Shipped Oct 22, 2025", x=40, y=80)]
    assert classify(parcel, Policy()) == []


def test_a_cycle_symptom_or_pill_trackers_dates_are_its_owners_but_a_parcels_are_not():
    def dated(rows: list[str]) -> dict[str, str]:
        lines = [make_line("Oct 22, 2025", x=40, y=0)]
        lines += [make_line(t, x=40, y=40 * (k + 1)) for k, t in enumerate(rows)]
        return {f.text: f.source.entity for f in classify(lines, Policy())}

    for rows in (["Period starts", "Cycle day 14"], ["Symptoms", "Headache"], ["SpO2 97%", "Pulse rate 71"],
                 ["Missed dose", "Doses taken 2 of 3"], ["72.4 kg", "71.9 kg"],
                 ["Previous doses:", "Time taken: 5:10PM"], ["Schmerzen:", "Migräne"], ["Pain", "Headache"],
                 ["08:00: 1 prášek(y)", "09:00: 2 Tabletten"],
                 # a cycle tracker in Spanish, German, French
                 ["28/10/20 – Inicio del periodo", "28/9/20 – Inicio del periodo"], ["Zykluslänge", "Eisprung"],
                 ["Début des règles", "Cycle menstruel"],
                 # a home dialysis log: blood pressure before and after, unlabelled; the fluid taken off
                 ["145/88  128/78", "152/92 ¢ 132/80"], ["Dry weight", "UF 2.4 L"]):
        assert dated(rows).get("Oct 22, 2025") == "DIARY_DATE", rows
    # a fraction or a score pair is no reading
    assert "Oct 22, 2025" not in dated(["Page 120/80", "Score 3/10 - 4/10"])
    # a German diary's dates go with their abbreviated weekday
    diary = [make_line(t, x=40, y=40 * k) for k, t in enumerate(["Tagebuch", "Sa. 13. März 2021", "Schmerzen:", "6/10",
                                                                  "Migräne"])]
    assert "Sa. 13. März 2021" in {f.text for f in classify(diary, Policy())}
    # a parcel's weight, a product's pack size and a medicine's package are no one's readings
    for rows in (["Weight 2.5 kg", "Shipped"], ["Rice 5 kg", "Flour 1 kg"], ["Pallet 250 kg", "Crate 12 kg"],
                 ["Ibuprofen 200 mg", "24 tablets", "Pain reliever / fever reducer"],  # a medicine's package
                 ["Drug Facts", "LOT 0805Q", "Uses: relieves minor pain", "Headache"],
                 ["Ciclo de vida del producto", "Ciclo de facturación"]):  # a product's and a bill's cycles
        assert "Oct 22, 2025" not in dated(rows), rows


def test_a_rate_after_rx_is_no_prescription_number():
    assert classify_text("PCIe GEN 3@ 8x RX: 328.1 MiB/s TX: 28.32 MiB/s", POLICY) == []
    assert classify_text("RX: 0.000 KiB/s TX: 0.000 KiB/s", POLICY) == []
    assert [s.entity for s in classify_text("Rx: 6012345", POLICY)] == ["ACCOUNT"]


def test_a_newborn_by_its_parents_name_a_breadcrumbs_person_and_a_home_directorys_user_are_names():
    for text, name in (("Baby of Oni", "Oni"), ("B/O Jane Doe", "Jane Doe"), ("Baby Girl Martinez", "Martinez"),
                       ("Wife of Okonkwo", "Okonkwo"), ("Home / Children / Jennifer / Dashboard", "Jennifer"),
                       ("Patients > Maria Lopez > Visits", "Maria Lopez"),
                       ("file:///Users/saul/p/jupyterlab/report.html", "saul"),
                       ("C:\\Users\\mkowalski\\Desktop", "mkowalski")):
        assert name in {text[s.start:s.end] for s in classify_text(text, POLICY)}, text
    for text in ("Mother of Pearl", "Son of Man", "Baby of the Month", "Patients / New", "Children / All / Dashboard",
                 "/home/runner/work/app", "/home/abc/src", "/Users/shared/file", "/Users/yourname/notes.txt",
                 "/home/ubuntu/app", "Systole Diastole"):
        assert classify_text(text, POLICY) == [], text


def test_a_required_fields_mark_is_no_part_of_its_label():
    for label in ("First Name*", "First Name *"):
        found = classify([make_line(label, x=0, y=0), make_line("Abeba", x=0, y=30)], POLICY)
        assert "Abeba" in {f.text for f in found}, label


def test_a_shell_prompts_login_and_a_lower_case_participant_id_are_masked():
    assert "mongo" in {f.text for f in classify([make_line("mongo@iomega:~", x=40, y=0)], Policy())}
    assert classify([make_line("root@server:~#", x=40, y=0)], Policy()) == []
    found = classify([make_line("Participant ID drtest202012111234", x=40, y=0)], Policy())
    assert "drtest202012111234" in {f.text for f in found}
    assert classify([make_line("Patient ID: none", x=40, y=0)], Policy()) == []


def test_a_headers_two_ordinary_words_around_a_comma_are_no_surname_and_given_name():
    assert classify_text("Page, Offset", Policy()) == []
    assert [s.entity for s in classify_text("Page, Martin", Policy())] == ["PATIENT_NAME"]


def test_a_labelled_given_name_that_is_also_a_month_is_a_name_before_a_common_or_particled_surname():
    # `Jan` ended the name before `Smith` (an English word) and before `de Vries` (a particle in the way)
    for text, name in (("Patient: Jan Smith", "Jan Smith"), ("Patient: Jan de Vries", "Jan de Vries"),
                       ("Patient: May Baker", "May Baker")):
        assert [text[s.start:s.end] for s in classify_text(text, Policy())] == [name], text
    assert classify_text("Date: Jan Total", Policy()) == []


def test_a_possessive_before_a_comma_is_a_place_not_a_surname():
    # fresh67's ODK-X sample: a tea house in `St John's, Fremont` read as `Surname, Given`
    assert classify_text("St John's, Fremont", Policy()) == []
    assert [s.entity for s in classify_text("O'Brien, Kate", Policy())] == ["PATIENT_NAME"]


def test_an_email_address_a_list_cut_short_is_still_masked():
    for text in ("me@noahbuscher....", "j.doe@gmail\u2026"):
        assert [s.identifier for s in classify_text(text, Policy())] == [Identifier.EMAIL], text
    assert classify_text("see v2.0... and more...", Policy()) == []


def test_a_given_name_alone_on_its_line_echoes_the_whole_name_found_elsewhere():
    lines = [make_line("Brook Drumm", y=0), make_line("Dec 8", y=30), make_line("Greetings to all!", y=90),
             make_line("Brook", y=120), make_line("11:56 am (a day ago)", y=150)]
    assert "Brook" in {f.text for f in classify(lines, Policy())}
    # with no whole name on the photo, the word alone is a word
    assert classify([make_line("Brook", y=0), make_line("Trout fishing season opens", y=30)], Policy()) == []


def test_a_given_names_surname_goes_with_it_footnote_mark_and_all():
    from imgscreen.phi import _whole_name
    from imgscreen.spans import Span

    def grown(text: str, word: str) -> str:
        a = text.index(word)
        s = _whole_name(text, Span(a, a + len(word), Identifier.NAMES, "Name", 0.9, "test", "CONTEXT_NAME"))
        return text[s.start:s.end]

    assert grown("Mike Morrison2, Brent Thorne3, Yihui Xie4", "Brent") == "Brent Thorne"
    assert grown("Anna Clinic opens at 9", "Anna") == "Anna"  # an ordinary word after it stays


def test_a_forms_own_control_number_is_no_ones_id():
    assert classify_text("OMB No. 1545-0074", Policy()) == []
    assert classify_text("OMB No.1615-0047", Policy()) == []
    assert [s.entity for s in classify_text("Case No. 20240017", Policy())] == ["MRN"]


def test_a_blank_forms_instructions_under_a_relation_word_are_no_name():
    # a tax form's running text: `or Spouse` over `Works`, `... surviving spouse` over `Head of household (...)`
    assert classify_text("or Spouse\nWorks", Policy()) == []
    assert classify_text("Married filing jointly or Qualifying surviving spouse\nHead of household (Check only if",
                         Policy()) == []
    # a field's label over its value stays a name, an ordinary word included
    assert [s.entity for s in classify_text("Spouse\nRose", Policy())] == ["PATIENT_NAME"]
    assert [s.entity for s in classify_text("Name\nDemo", Policy())] == ["PATIENT_NAME"]


def test_a_courtesy_title_keeps_an_ordinary_word_a_surname():
    assert [f.text for f in classify([make_line("Dear Ms. Doe,")], Policy())] == ["Ms. Doe"]


def test_a_given_name_over_a_kinship_word_is_a_name():
    lines = [make_line("Profile List", y=0), make_line("Karen", y=40), make_line("Grand mother", y=70),
             make_line("John", y=120), make_line("Grand Father", y=150), make_line("Me", y=200),
             make_line("Myself", y=230)]
    assert {f.text for f in classify(lines, Policy())} == {"Karen", "John"}
    # a word that is no given name stays, kinship or not
    assert classify([make_line("Settings", y=0), make_line("Parent", y=30)], Policy()) == []


def test_a_login_with_the_host_it_signs_in_to_is_masked_system_accounts_aside():
    # a terminal dashboard's `User:` over a kubeconfig user, `user@cluster`
    assert [s.entity for s in classify_text("User:\nfernand@gke_k9s", Policy())] == ["PATIENT_NAME"]
    assert classify_text("User: root@gke_k9s", Policy()) == []
    assert classify_text("User: admin@prod", Policy()) == []


def test_the_display_name_before_an_address_in_angle_brackets_is_a_name_a_robots_aside():
    found = {s.entity for s in classify_text("Murmele <Murmele@users.noreply.github.com>", Policy())}
    assert found == {"PATIENT_NAME", "EMAIL_ADDRESS"}
    for text in ("Gmail Team <mail-noreply@google.com>", "GitHub <noreply@github.com>", "Support Team <help@acme.com>"):
        assert {s.entity for s in classify_text(text, Policy())} == {"EMAIL_ADDRESS"}, text


def test_a_dates_weekday_time_and_time_zone_are_masked_with_it():
    lines = [make_line("Author: Martin Marmsoler", y=0),
             make_line("Tuesday, April 5, 2022 10:46:42 AM UTC+02:00", y=30)]
    assert "Tuesday, April 5, 2022 10:46:42 AM UTC+02:00" in {f.text for f in classify(lines, Policy())}



def test_whose_birthday_it_is_names_them_but_a_holiday_or_a_firm_is_no_one():
    for text, name in (("Astrid hat heute Geburtstag!", "Astrid"), ("Linda's Birthday", "Linda"),
                       ("Geburtstag von Dorothee", "Dorothee"), ("Reminder: Kwame's bday", "Kwame")):
        assert (name, ID.NAMES) in found(text), text
    for text in ("King's Birthday", "Company's birthday party", "Happy birthday to all"):
        assert not {s for s in found(text) if s[1] == ID.NAMES}, text


def test_a_whole_date_from_a_birth_year_is_masked_unlabelled_but_todays_dates_are_not():
    spans = classify_text("10:15-10:30 (Normal), 24.12.1932", POLICY)
    assert [(s.entity, s.identifier) for s in spans] == [("BIRTH_ERA_DATE", ID.DATES)]
    assert _has_person_phi(spans)  # a birth date makes the page a person's
    assert [s.entity for s in classify_text("Gerry/14.02.2007, 10:09:00", POLICY)] in ([], ["DATE_UNLABELLED"])
    assert found("Founded 1932") == set()  # a year alone is never a date


def test_a_road_named_by_initials_and_a_makers_licence_are_no_ones():
    assert found("Plot No. 86 A. L.B.S. Marg.") == set()
    assert found("Mfg. Lic. No. 756") == set() and found("Drug Licence No: 20B/1234") == set()
    assert ("A.P.I. Popoola", ID.NAMES) in found("Seen by A.P.I. Popoola")
    assert ("7561", ID.LICENSE) in found("Lic. No. 7561")


def test_a_blank_name_field_over_the_next_field_names_no_one():
    # a receipt's empty `Name` box, read above `Payment Mode : Cash`
    assert found("Name\nPayment Mode : Cash") == set()
    assert ("John Smith", ID.NAMES) in found("Name\nJohn Smith DOB: 1/2/1960")
    assert ("Rose", ID.NAMES) in found("Name\nRose Mode: x")


def test_a_position_in_decimal_degrees_is_a_place_but_a_table_of_numbers_is_not():
    for text, value in (("Position 32.96076, -96.73352", "32.96076, -96.73352"),
                        ("32.96076-96.73352", "32.96076-96.73352"), ("Pos: 40.7128,-74.0060", "40.7128,-74.0060")):
        assert (value, ID.GEOGRAPHIC) in found(text), text
    for text in ("1.0000 2.0000 3.0000", "0.1234 0.5678 0.9101", "97.12345 200.12345", "v 1.2345.6789"):
        assert found(text) == set(), text


def test_a_blank_forms_next_label_under_a_name_label_is_no_name():
    """A blank ticket's `SURNAME OR CORPORATE NAME` over `GIVEN NAMES (OR ...)`: a value ending in what a field holds
    (name, date, number) is the next label; a given name before such a word (`Sarah Date`) is still a person."""
    assert found("SURNAME OR CORPORATE NAME\nGIVEN NAMES (OR CORPORATE NAME CONTINUED)") == set()
    assert ("Sarah Date", ID.NAMES) in found("Patient: Sarah Date")


def test_a_surname_no_list_has_after_the_word_patient_is_a_name():
    assert ("TARTEMPION", ID.NAMES) in found("MedWebTux - Agenda - Patient TARTEMPION - Mozilla Firefox")
    assert found("Patient Portal") == set() and found("Patient Dashboard Overview") == set()


def test_a_letters_greeting_names_a_person_even_one_named_like_a_month():
    assert ("Jun", ID.NAMES) in found("Dear Jun,") and ("May", ID.NAMES) in found("Dear May, thank you for")
    assert found("Dear Sir or Madam,") == set()


def test_a_login_of_a_given_name_a_dot_and_a_surname_is_a_name_but_code_and_domains_are_not():
    assert ("rick.bergfalk", ID.NAMES) in found("rick.bergfalk")
    for text in ("mark.down", "max.width", "self.name", "james.json", "os.path"):
        assert not any(i == ID.NAMES for _, i in found(text)), text


def test_a_name_fields_word_before_an_unknown_surname_is_a_given_name():
    assert ("Per Mertesacker", ID.NAMES) in found("Name: Per Mertesacker")


def test_a_name_fields_value_that_runs_on_in_lower_case_is_a_things_name():
    # a museum database's `name` column: `Bronze vase` is an object, `Miller tower` a building
    assert found("name\nBronze vase") == set() and found("Name: Miller tower") == set()
    # a name typed in lower case after its first word is still a name, and so is a surname before a given name
    assert ("Garcia", ID.NAMES) in {(t.split()[0], i) for t, i in found("Name: Garcia maria")}
    assert any(i == ID.NAMES for _, i in found("Name: John smith"))


def test_korean_names_as_they_are_romanised():
    for name in ("Oh Ji-ho", "Kwon Chae-won", "Jang Jung-sook", "Ji-ho Oh", "Shin Young-hee"):
        assert (name, ID.NAMES) in found(f"Rounding  {name}  Scheduled"), name
    for text in ("Drop-off Min", "X-ray Room", "Check-in desk"):
        assert not any(i == ID.NAMES for _, i in found(text)), text


def test_a_street_named_after_someone_is_no_person():
    def names(text: str) -> set[str]:
        return {f.text for f in classify([make_line(text)], POLICY) if f.identifier == ID.NAMES}

    for street in ("Place Paul Vallier", "Boulevard Jean Pain", "Via Giuseppe Verdi", "Rua Pedro Alvares",
                   "ul. Jana Pawla"):
        assert names(street) == set(), street
    assert names("Patient: Paul Vallier") == {"Paul Vallier"}
    assert names("Name: Al Smith") == {"Al Smith"}
    assert names("Avenue Clinic - Patient: John Smith") == {"John Smith"}
    assert names("Results sent via John Smith") == {"John Smith"}  # a preposition, not Italy's `Via`


def test_a_given_name_in_brackets_after_an_account_is_whose_it_is():
    # an authenticator's entries, a shared tablet's owner
    assert ("Alex", ID.NAMES) in found("MEGA (Alex)") and ("Michael", ID.NAMES) in found("Azure Pipelines (Michael)")
    assert ("Anna Kowalski", ID.NAMES) in found("Tablet (Anna Kowalski)")
    for text in ("Release (May)", "Phone (Will)", "Chrome (Beta)", "Build (Debug)"):
        assert found(text) == set(), text
    assert found("The Reach (Tyrell)") == set()  # a map's great house: a rare given name in brackets names no one


def test_a_name_with_its_role_in_brackets_and_a_label_glued_to_a_number():
    assert ("Jackson", ID.NAMES) in found("9. Jackson (Patient)")
    assert ("Maria Lopez", ID.NAMES) in found("Maria Lopez (Mother)")
    assert found("New Patient (Patient)") == set() and found("Settings (Patient)") == set()
    # the OCR glued `Uid: 10` to the next field's label
    assert ("Jackson", ID.NAMES) in found("Category: P Uid: 10Name: Jackson; Gender: M")
    assert found("Hostname: server1") == set()


def test_a_firm_named_for_its_partners_or_by_its_legal_form_is_no_person():
    def names(text: str) -> set[str]:
        return {f.text for f in classify([make_line(text)], POLICY) if f.identifier == ID.NAMES}

    for firm in ("Byrd, Patterson and Knox", "Hayden and Sons", "Gregory PLC", "Walls Mcdonald LLP"):
        assert names(firm) == set(), firm
    assert names("Patterson, Ann") == {"Patterson, Ann"}


def test_a_bylines_login_after_a_past_participle_and_by_is_a_person_but_a_words_origin_is_not():
    def names(text: str) -> set[str]:
        return {f.text for f in classify([make_line(text)], POLICY) if f.identifier == ID.NAMES}

    assert names("Created by harold on May 25, 2021 with 1 views") == {"harold"}
    assert names("a male given name taken from Latin Benedictus in the old books") == set()


def test_a_name_in_han_script_beside_the_same_name_in_latin_letters_is_masked_with_it():
    def names(text: str) -> set[str]:
        return {f.text for f in classify([make_line(text)], POLICY) if f.identifier == ID.NAMES}

    assert names("唐鳳 Audrey Tang") >= {"唐鳳", "Audrey Tang"}
    assert "北京" not in names("北京 2024 Annual Report")


def test_a_payee_that_ends_in_its_trade_is_no_person():
    def names(text: str) -> set[str]:
        return {f.text for f in classify([make_line(text)], POLICY) if f.identifier == ID.NAMES}

    assert names("EDISON POWER |") == set() and names("Acme Logistics") == set()
    # a bank's name, whole or cut short in a filter's chip before its charter (`National Association`)
    for bank in ("PNC Bank, Natio... \u00d7", "Bank of America, National Association", "Truist Bank"):
        assert names(bank) == set(), bank
    assert names("Patient: Tyrone Gardner") == {"Tyrone Gardner"}


def test_a_dictionary_pages_headwords_and_definitions_name_no_one():
    page = ["Benjamin n.", "a male given name; in the Bible, the youngest", "son of Jacob.", "Benito n.",
            "a male given name, a Spanish and Italian form", "Bernice n.", "a female given name, from Greek Berenike",
            "bequeath v.", "leave (property) to a person by a will.", "Bertha n.", "a female given name",
            "Franklin n.", "an English surname, as in Benjamin Franklin", "Marie Curie n."]
    assert [f for f in classify([make_line(t, y=28 * k) for k, t in enumerate(page)], POLICY)] == []
    # a patient list is no dictionary, though its names stand alone too
    ward = ["Patient list", "Name: Bernice Walker", "Name: Benjamin Ortiz", "Name: Bertha Nguyen"]
    assert len(classify([make_line(t, y=28 * k) for k, t in enumerate(ward)], POLICY)) >= 3


def test_a_summary_lists_value_column_far_right_of_its_labels():
    # GOV.UK's summary list: labels at the left, each value 13 text heights to the right on its row
    lines = [line("Claim timeline", 266, 100, 150, 26), line("Payments", 1100, 100, 100, 26),
             line("sarah", 742, 416, 75, 45), line("First name", 299, 427, 102, 27),
             line("Last name", 298, 484, 102, 28), line("Smith", 744, 476, 72, 47),
             line("Remove child", 298, 622, 129, 30)]
    assert sorted(f.text for f in classify(lines, Policy())) == ["Smith", "sarah"]


def test_a_far_value_with_something_between_is_not_the_labels():
    # a label at the left, a second column's cell between it and the far text: no summary list
    lines = [line("First name", 299, 427, 102, 27), line("Status", 480, 427, 70, 27), line("Harper", 742, 424, 90, 30)]
    assert [f.text for f in classify(lines, Policy()) if f.text == "Harper"] == []


def test_a_blank_forms_next_field_far_along_the_row_is_no_value():
    # a vaccination card's blank row: `Last Name`, `First Name` and `MI` are three labels, and `MI` alone far
    # right of `First Name` makes no value column
    lines = [line("COVID-19 Vaccination Record Card", 37, 36, 845, 52), line("Last Name", 34, 362, 126, 34),
             line("First Name", 597, 363, 129, 33), line("MI", 1123, 364, 40, 41),
             line("Date of birth", 35, 471, 149, 30)]
    assert [f for f in classify(lines, Policy()) if f.identifier == Identifier.NAMES] == []


def test_a_documentation_address_in_a_log_is_masked_as_the_client_address_it_stands_for():
    found = {f.text for f in classify([make_line("frontend3 worker[61456]: Received packet from 192.0.2.33")], POLICY)}
    assert "192.0.2.33" in found
    assert not classify([make_line("gateway 192.168.1.1 up, dns 10.0.0.53")], POLICY)  # a LAN's own machines


def test_a_year_printed_above_a_masked_day_and_month_goes_with_it():
    # a results flowsheet's column headers: `2012` over `25 Jun`, `2011` over `13 Jun`
    lines = [make_line("Patient: Jane Smith", x=0, y=0), make_line("DOB: 03/14/1962", x=0, y=30),
             make_line("2012", x=200, y=70), make_line("2011", x=300, y=70), make_line("25 Jun", x=200, y=92),
             make_line("13 Jun", x=300, y=92), make_line("Printed with PHR 2010", x=0, y=400)]
    found = {f.text: f.identifier for f in classify(lines, POLICY)}
    assert found["25 Jun"] == found["13 Jun"] == Identifier.DATES
    assert found.get("2012") == found.get("2011") == Identifier.DATES
    assert "2010" not in found  # a year elsewhere on the page is no one's date


def test_the_word_after_a_title_and_a_given_name_is_a_surname_even_when_it_is_an_english_word():
    found = {f.text for f in classify([make_line("Dr. Gregory House")], POLICY)}
    assert "Dr. Gregory House" in found
    assert not any("Clinic" in t for f in [classify([make_line("Dr. Anna Clinic")], POLICY)] for t in
                   (x.text for x in f))


def test_a_programs_own_operation_or_request_id_in_a_log_is_no_ones():
    for t in ("sub=VumVapiAuthzFilter opID=4d7bdef2-ccd3-45e1-a4", "requestId: 7f3a9c22-1188", "traceID 9f86d081884c"):
        assert not classify_text(t, POLICY), t
    assert [s.identifier for s in classify_text("Client ID: 88213", POLICY)] == [Identifier.OTHER_ID]


def test_a_version_or_a_paragraph_number_is_no_address_and_no_date():
    for t in ("Version: 3.2.1.10", "Example: The numbers 2, 3, and 17 are prime. Corollary 2.1.1.1"):
        assert not classify([make_line(t)], POLICY), t
    assert [f.identifier for f in classify([make_line("Client 8.8.4.4 connected")], POLICY)] == [
        Identifier.IP_ADDRESS]


def test_an_ordinary_word_after_entered_by_is_no_one():
    assert not classify_text("Orders Entered By Users Today", POLICY)
    assert [t for t in ("Entered by Jane", "Reviewed by Bregana") if not classify_text(t, POLICY)] == []


def test_a_menus_short_price_read_turned_over_still_prices_its_dish():
    # a drinks menu: prices stand alone right of their dishes; the OCR cut `3.30` to `3.3` and, the glyphs
    # reading alike both ways up, listed its box from the right
    rows = [("Tom Collins", "9.04"), ("Shirley Temple", "3.04"), ("Earl Grey Tea", "3.16"), ("Iced Tea", "2.55"),
            ("Lemonade", "3.81"), ("Arnold Palmer", "3.3")]
    lines = []
    for r, (dish, price) in enumerate(rows):
        lines.append(make_line(dish, x=0, y=50 * r))
        lines.append(make_line(price, x=400, y=50 * r))
    last = lines[-1]
    (a, b, c, d) = last.polygon
    lines[-1] = dataclasses.replace(last, polygon=(c, d, a, b))
    assert "Arnold Palmer" not in {f.text for f in classify(lines, POLICY)}
    alone = [make_line("Arnold Palmer", x=0, y=0), make_line("3.3", x=400, y=0)]
    assert "Arnold Palmer" in {f.text for f in classify(alone, POLICY)}  # one short number is no price list


def test_a_long_number_followed_by_a_sex_is_a_persons_and_makes_its_block_theirs():
    # a laboratory worklist's sample cell: accession, `Surname, Given`, national id and sex, birth date
    cell = [make_line("24-TST-000-006-1", x=200, y=590), make_line("Tester, Test", x=200, y=612),
            make_line("35658646748, M,", x=200, y=634), make_line("04/04/1984", x=200, y=656)]
    found = {f.text for f in classify(cell, POLICY)}
    assert {"24-TST-000-006-1", "Tester, Test", "35658646748"} <= found
    assert [s.score for s in classify_text("35658646748, 5", POLICY)] == [0.5]  # a count after it is no sex


def test_a_station_a_city_and_its_state_or_a_joined_place_word_is_no_person():
    """A transit or weather app's places read as names the Census knows (issue 22's false alarms)."""
    def names(text: str) -> set[str]:
        return {f.text for f in classify([make_line(text)], POLICY) if f.identifier == ID.NAMES}

    for place in ("10:51 Hyde Park Corner Underground Station", "Willesden Green Underground Station",
                  "Austin, Texas", "Berlin, Germany", "Zoologischer Garten", "Charlottenburg, Hertzallee",
                  "Next: San Diego"):
        assert names(place) == set(), place
    assert names("Patient: Hyde Park") == {"Hyde Park"}  # a label says whose it is
    assert names("Smith, Georgia") == {"Smith, Georgia"}  # a given name that is also a state
    for board in ("Jane Okafor Station 3", "Jane Okafor Nurses Station", "Jane Okafor Falls Risk"):
        assert "Jane Okafor" in names(board), board  # a ward board's notes after the name


def test_a_person_card_names_its_person_over_a_sex_and_an_age_and_masks_the_place_after_it():
    card = [make_line("Household head", x=40, y=0), make_line("Ram Ingale", x=40, y=40),
            make_line("Male, 70 Years, Anakatti", x=40, y=70)]
    found = {f.text: f.identifier for f in classify(card, POLICY)}
    assert found.get("Ram Ingale") == ID.NAMES and found.get("Anakatti") == ID.GEOGRAPHIC
    # a product card's second line is no sex and age
    shop = [make_line("Trail Runner", x=40, y=0), make_line("Size 42, Blue", x=40, y=30)]
    assert classify(shop, POLICY) == []


def test_a_case_lists_row_of_a_name_and_an_age_names_its_person():
    rows = [make_line("Appendicitis", x=20, y=0), make_line("Maryah Westbrock \u2022 40 yo", x=20, y=30),
            make_line("Dr. Casey Blume", x=20, y=60)]
    found = {f.text: f.identifier for f in classify(rows, POLICY)}
    assert found.get("Maryah Westbrock") == ID.NAMES, found
    assert found.get("Hara Kagawa") is None and {f.text for f in classify(
        [make_line("Hara Kagawa, 61 y/o", x=20, y=0)], POLICY)} == {"Hara Kagawa"}
    # an ordinary phrase before a duration is no one
    assert classify([make_line("Vaccine dose, 2 months", x=20, y=0)], POLICY) == []


def test_a_family_a_glued_login_and_a_glued_echo_are_a_persons_name():
    def names(*texts: str) -> set[str]:
        lines = [make_line(t, x=40, y=40 * k) for k, t in enumerate(texts)]
        return {f.text for f in classify(lines, POLICY) if f.identifier == ID.NAMES}

    assert "Ingale" in names("Ingale household")
    assert names("Font family", "Royal Family") == set()
    assert "JaneDoe" in names("JaneDoe >")
    assert names("JavaScript", "WordPress", "PowerShell") == set()
    assert "PeterMuster" in names("Peter Muster", "Medikationsplan", "PeterMuster(01.11.1943)")


def test_a_protocol_reply_and_a_lists_search_box_are_no_one():
    def names(text: str) -> set[str]:
        return {f.text for f in classify([make_line(text)], POLICY) if f.identifier == ID.NAMES}

    for text in ("200 OK", "250 Nice to meet you", "Search Users..."):
        assert names(text) == set(), text
    assert names("12 Grace Hopper") == {"Grace Hopper"}  # a board's bed and its patient
    assert names("User: jdoe") == {"jdoe"}


def test_a_labelled_date_may_open_with_its_weekday():
    for text in ("Date: Wed Dec 06 2023", "Date: Wednesday, Dec 6, 2023"):
        assert any(f.identifier == ID.DATES for f in classify([make_line(text)], POLICY)), text


def test_a_mailbox_cut_by_a_columns_edge_is_still_a_persons():
    assert [f.identifier for f in classify([make_line("john.doe@exampl")], POLICY)] == [ID.EMAIL]
    assert classify([make_line("admin@localhost")], POLICY) == []


def test_words_no_english_dictionary_has_are_no_name_on_a_page_in_another_language():
    german = [make_line("Niedriges Risiko", x=40, y=0), make_line("Wurden Sie positiv getestet?", x=40, y=40),
              make_line("Helfen Sie mit, die Ausbreitung zu stoppen", x=40, y=80)]
    assert [f.text for f in classify(german, POLICY) if f.identifier == ID.NAMES] == []
    english = [make_line("Ngozi Babatunde", x=40, y=0), make_line("Registration desk", x=40, y=40)]
    assert "Ngozi Babatunde" in {f.text for f in classify(english, POLICY)}
    badge_in_german = german[1:] + [make_line("Hans Okafor", x=40, y=120)]  # a Census given name is evidence
    assert "Hans Okafor" in {f.text for f in classify(badge_in_german, POLICY)}
    # a Spanish dental record's heading: `No hay`, `del`, `los` mark the page as Spanish
    spanish = [make_line("Historia Clínica", x=40, y=0), make_line("No hay evoluciones registradas.", x=40, y=40),
               make_line("Volver a la lista de los pacientes del día", x=40, y=80)]
    assert [f.text for f in classify(spanish, POLICY) if f.identifier == ID.NAMES] == []
    # a Portuguese queue screen of short labels has no small words; its nouns' endings mark it (fresh65)
    labels = [make_line(t, x=40, y=40 * k) for k, t in enumerate(
        ("Escritura Pública", "Procuração Pública", "Consultar Atendimentos", "Unidade Padrão"))]
    assert [f.text for f in classify(labels, POLICY) if f.identifier == ID.NAMES] == []
    # ... while an English page's own `-ção` surname still makes no page foreign
    english = [make_line("Maria Conceição", x=40, y=0), make_line("Registration desk", x=40, y=40)]
    assert "Maria Conceição" in {f.text for f in classify(english, POLICY)}


def test_a_buttons_label_beside_a_persons_card_is_no_name():
    """A diabetes tracker's patient cards (`Patient C`, age, weight, height; the OCR's lines of a real demo screen)
    with `View Details` and `+ Add Reading` buttons under each: the buttons are controls, not a column of names."""
    rows = [
        ('CareTrack', 117, 19, 104, 27),
        ('Home', 1231, 19, 85, 27),
        ('+ Add Patient', 1322, 18, 137, 26),
        ('Admin', 1456, 19, 88, 26),
        ('Patients', 148, 94, 179, 51),
        ('+ Add New Patient', 1374, 109, 167, 27),
        ('Patient C', 125, 198, 107, 28),
        ('Patient B', 620, 199, 106, 27),
        ('Patient A', 1099, 197, 124, 31),
        ('Age: 32 years', 105, 236, 117, 27),
        ('Age: 27 years', 601, 238, 116, 24),
        ('Age: 42 years', 1095, 236, 118, 27),
        ('Weight: 50.00 kg', 105, 263, 147, 27),
        ('Weight: 67.00 kg', 599, 262, 148, 29),
        ('Weight: 80.00 kg', 1095, 263, 146, 27),
        ('Height: 165.00 cm', 106, 291, 155, 23),
        ('Height: 162.00 cm', 602, 291, 153, 24),
        ('Height: 174.00 cm', 1094, 288, 157, 29),
        ('BMI: 18.37', 105, 317, 94, 24),
        ('BMI: 25.53', 601, 317, 94, 24),
        ('BMI: 26.42', 1094, 316, 97, 27),
        ('Underweight', 108, 362, 100, 28),
        ('Overweight', 602, 363, 96, 27),
        ('Overweight', 1095, 361, 98, 29),
        ('\u00a9 View Details', 1099, 439, 127, 33),
        ('\u00a9 View Details', 118, 444, 113, 24),
        ('+ Add Reading', 244, 442, 121, 29),
        ('\u00a9 View Details', 606, 441, 123, 30),
        ('+ Add Reading', 736, 441, 123, 30),
        ('+ Add Reading', 1230, 441, 125, 30),
        ('\u00a9 2025 CareTrack - Diabetes Management System', 618, 566, 403, 22),
    ]
    screen = [line(t, x, y, w, h) for t, x, y, w, h in rows]
    names = {f.text for f in classify(screen, POLICY) if f.identifier == ID.NAMES}
    assert not names & {"View Details", "Add Reading"}, names


def test_a_calendar_names_whom_the_time_is_spent_with():
    """`Meeting with Joe` on a calendar chip, `J.K Rowlands` with the last initial's period dropped: people.
    A company's department in the `Surname, Given` shape is not (`Gradle Systems Inc, Business Operations`)."""
    def names(text: str) -> set[str]:
        return {f.text for f in classify([make_line(text)], POLICY) if f.identifier == ID.NAMES}

    assert names("Meeting with Joe") == {"Joe"}
    assert names("Meeting with Marketing") == set()
    assert names("J.K Rowlands") == {"J.K Rowlands"}
    assert names("U.S Army") == set()
    assert names("Gradle Systems Inc, Business Operations") == set()


def test_a_fonts_family_and_a_decimals_fraction_are_no_ones():
    """A settings screen's `Bitstream Vera Sans` is a typeface; a spreadsheet's `1.00120546688938` is a number
    whose fraction is no account. A labelled account of the same digits still is."""
    def found(text: str) -> set[str]:
        return {f.text for f in classify([make_line(text)], POLICY)}

    assert found("Bitstream Vera Sans") == set()
    assert found("1.00120546688938") == set() and found("0.31701899587035") == set()
    assert found("Acct 00120546688938") == {"00120546688938"}
    assert found("Vera Sanders") == {"Vera Sanders"}


def test_a_given_name_with_a_number_glued_on_is_an_account():
    """A password manager's folder tree lists `Nils1`, `Nils2`: accounts made of their users' names. A product's
    version (`Windows10`, `Python3`) or a key (`F10`) is not."""
    def names(text: str) -> set[str]:
        return {f.text for f in classify([make_line(text)], POLICY) if f.identifier == ID.NAMES}

    assert names("Nils1") == {"Nils1"}
    assert names("Nils2 1/0/0") == {"Nils2"}
    for text in ("Windows10", "Python3", "F10", "Version2", "May11", "April13"):
        assert names(text) == set(), text


def test_an_initial_dot_surname_is_a_login():
    """A folder tree's `j.bon`, a user list's `m.rossi`: the commonest shape of a company login. Code is not
    (`f.close()`, `np.array`, `s.path`, `r.json`)."""
    def names(text: str) -> set[str]:
        return {f.text for f in classify([make_line(text)], POLICY) if f.identifier == ID.NAMES}

    assert names("j.bon 4/2/1") == {"j.bon"}
    assert names("m.rossi") == {"m.rossi"}
    for text in ("f.close()", "np.array", "s.path", "r.json", "x.shape"):
        assert names(text) == set(), text


def test_a_comment_calling_its_reader_by_name_names_them():
    """A social feed's `"Looking great, Liv!"`: the name after a comma, before the `!` or `?` ending a short
    line, is whom the comment speaks to (a given name no list knows too). Words are not (`Hello, World!`,
    `Thanks, Everyone!`), nor a page of prose quoting a play."""
    def names(text: str) -> set[str]:
        return {f.text for f in classify([make_line(text)], POLICY) if f.identifier == ID.NAMES}

    assert names('"Looking great, Liv!"') == {"Liv"}
    assert names("Thanks so much, Sarah!") == {"Sarah"}
    assert names("Are you coming, Tomasz?") == {"Tomasz"}
    for text in ("Hello, World!", "Thanks, Everyone!", "Well done, Team!", "Oh, Yes!"):
        assert names(text) == set(), text
    prose = "turma omnis chorusque: 'chaere, Tite!' hinc hostis mi Albucius, hinc inimicus. Sed iure Mucius."
    assert names(prose) == set()


def test_vistas_fileman_names_and_dates_are_masked_whole():
    """VistA prints people `LAST,FIRST` in capitals with no space after the comma, and dates glued to their time
    by `@`. After a person's or a staff label the pair is the name whatever its words (a test patient's are
    ordinary ones), even with the label glued on by the OCR; the date's mask covers its time."""
    def spans(text: str) -> set[str]:
        return {text[s.start:s.end] for s in classify_text(text, POLICY)}

    assert "EIGHTY,OUTPATIENT" in spans("Patient: EIGHTY,OUTPATIENT")
    assert "EIGHTY,OUTPATIENT" in spans("PatientEIGHTY,OUTPATIENT")
    assert "PROVIDER,EIGHT" in spans("Ordering Provider PROVIDER,EIGHT - 991")
    assert "JOE" not in spans("Patient: PATIENT,JOE") and "PATIENT,JOE" in spans("Patient: PATIENT,JOE")
    # a label in capitals glued to capitals has no case change to part them: no `PA` + `TIENT,JOE`
    assert "TIENT,JOE" not in spans("PATIENT,JOE")
    lines = [make_line("Patient: DOE,JOHN"), make_line("Taken 05/28/1999@09:26", y=30)]
    assert "05/28/1999@09:26" in {f.text for f in classify(lines, POLICY)}


def test_a_date_takes_its_time_after_a_bare_comma_but_not_a_price():
    lines = [make_line("Patient: John Smith"), make_line("Seen 26/10/2019,20:02:08", y=30),
             make_line("Paid 2019-10-26,12.50", y=60)]
    texts = {f.text for f in classify(lines, POLICY)}
    assert "26/10/2019,20:02:08" in texts and not any("12.50" in t for t in texts), texts


def test_a_device_named_after_its_owner_names_them():
    """Phones and laptops name themselves after their owners (`Daniels-MBP`, `John's iPhone`, `Annas-MacBook-Air`),
    and a network scanner lists them so. A room's or a product's device is no one's (`Kitchen-PC`, `Apple Watch`,
    `Ward Watch App`)."""
    def names(text: str) -> set[str]:
        return {text[s.start:s.end] for s in classify_text(text, POLICY) if s.identifier == ID.NAMES}

    assert names("PC - S work Daniels-MBP") == {"Daniels"}
    assert names("John's iPhone") == {"John"} and names("Annas-MacBook-Air") == {"Annas"}
    # a name ending in `s` takes a bare apostrophe, and its owner need not be in the census
    assert names("Linus' Phone") == {"Linus"} and names("Linus' iPad") == {"Linus"}
    for text in ("Kitchen-PC", "Apple Watch", "Ward Watch App", "Office PC", "Samsung Galaxy", "Boss' Phone",
                 "Company's Laptop"):
        assert names(text) == set(), text


def test_a_citations_first_author_is_a_name():
    def names(text: str) -> set[str]:
        return {text[s.start:s.end] for s in classify_text(text, POLICY) if s.identifier == ID.NAMES}

    assert names("Shaywitz, et al. (2003)") == {"Shaywitz"} and names("Liu et al., 2019") == {"Liu"}
    assert names("Results et al") == set()


def test_a_calendar_entry_names_whom_it_is_with_but_a_call_centre_is_no_one():
    def names(text: str) -> set[str]:
        return {text[s.start:s.end] for s in classify_text(text, POLICY) if s.identifier == ID.NAMES}

    assert names("Conf call John") == {"John"} and names("2:30p Call Peter") == {"Peter"}
    assert names("Lunch with Maria") == {"Maria"}
    for text in ("Call Center", "Call Us", "Meeting with Board", "Call Support"):
        assert names(text) == set(), text


def test_a_message_greeting_its_reader_names_them_and_a_duration_is_no_bed():
    """`Hey Bob!`, `Hi Jikstra :)` open a chat message with whom it is for. `Hello World!` is words. A chat list's
    `4 MIN` is how long ago, not bed 4's patient Min."""
    def names(text: str) -> set[str]:
        return {text[s.start:s.end] for s in classify_text(text, POLICY) if s.identifier == ID.NAMES}

    assert names("Hey Bob!") == {"Bob"} and names("Hi Jikstra :)") == {"Jikstra"}
    for text in ("Hello World!", "Hi there", "Hey Google", "4 MIN", "24 MIN"):
        assert names(text) == set(), text


def test_a_list_of_things_is_no_surname_and_given_name():
    """`Spectrometer 3, Bach, Spectrometer 4,`: a list of instruments. A word cut short by the pattern
    (`Bach, Spectromete`) is no given name either; `Smith, John` keeps."""
    def names(text: str) -> set[str]:
        return {text[s.start:s.end] for s in classify_text(text, POLICY) if s.identifier == ID.NAMES}

    assert names("Spectrometer 3, Bach, Spectrometer 4,") == set()
    assert names("Program Participation, June-September 2005") == set()
    assert names("Patient list: Smith, John") >= {"Smith, John"}


def test_an_age_over_89_after_a_birth_date_and_whom_a_message_came_from():
    """A banner's `Jan 1, 1922 (91)`: the age is an identifier beside the birth date (`(61)` is not). `Voice message
    from bob`, `Missed call from Priya` name the sender; `Message from Admin` names a role."""
    def spans(text: str) -> set[tuple[str, str]]:
        return {(s.entity, text[s.start:s.end]) for s in classify_text(text, POLICY)}

    assert ("AGE_OVER_89", "91") in spans("Jan 1, 1922 (91)")
    assert not any(e == "AGE_OVER_89" for e, _ in spans("Jan 1, 1962 (61)"))
    assert ("PATIENT_NAME", "bob") in spans("00:19 - Voice message from bob")
    assert ("PATIENT_NAME", "Priya") in spans("Missed call from Priya")
    for text in ("Message from Admin", "Email from Support", "note from the doctor"):
        assert not any(e.endswith("NAME") for e, _ in spans(text)), text


def test_a_staff_name_is_masked_again_where_it_is_seen_again():
    """VistA's alert shows `Ordering Provider PROVIDER,EIGHT - 991` and, under `Alert Recipient`, the same provider
    alone: the name found once is masked where it is seen again, as a patient's is."""
    lines = [make_line("Ordering Provider PROVIDER,EIGHT - 991"), make_line("PROVIDER,EIGHT - 991;", y=30)]
    assert [f.text for f in classify(lines, POLICY) if f.identifier == ID.NAMES] == ["PROVIDER,EIGHT"] * 2


def test_a_preposition_is_no_label_and_a_name_label_takes_a_coded_name():
    """`Welcome to VA San Diego Healthcare System!`: a lower-case `to` in a sentence is no letter's `To` label (`To:
    Maria Lopez` and `Prepared for Maria Lopez` keep). After `Name:`, a test record's name made of words and numbers
    (`Vet101338 Veteran_101338`, `Contact 101338`) is the name; a device's or a file's name is not a person's."""
    def names(text: str) -> set[str]:
        return {text[s.start:s.end] for s in classify_text(text, POLICY) if s.identifier == ID.NAMES}

    assert names("Welcome to VA San Diego Healthcare System!") == set()
    assert names("To: Maria Lopez") == {"Maria Lopez"} and names("Prepared for Maria Lopez") == {"Maria Lopez"}
    assert names("Name: Vet101338 Veteran_101338") == {"Vet101338 Veteran_101338"}
    assert names("Name: Contact 101338") == {"Contact 101338"}
    for text in ("Device Name: Router123", "File name: report_2019.pdf", "Name: Insulin 10 units"):
        assert names(text) == set(), text


def test_a_persons_own_phone_is_masked_even_when_toll_free_shaped_and_a_masked_ssn():
    """A demo roster's `Home Phone: 8005553763`: the label says it is the person's, whatever its area code; a plan's
    `Customer service: 1-800-555-0199` stays visible. `xxx-xx-5555` (lower-case mask) keeps the SSN's last four."""
    def found_in(text: str) -> set[str]:
        return {f.text for f in classify([make_line(text)], POLICY)}

    assert found_in("Home Phone: 8005553763") == {"8005553763"}
    assert found_in("Cell Phone: 8553336966") == {"8553336966"}
    assert found_in("Customer service: 1-800-555-0199") == set()
    assert {s.entity for s in classify_text("SSN: xxx-xx-5555", POLICY)} == {"SSN"}


def test_a_city_and_its_state_code_is_masked_but_no_record():
    """`Austin, TX`, `London, GB` have the `Surname, Initials` shape: masked, fail closed, but no sign that makes
    a weather app's forecast someone's record. `Smith, JA` (no place's code) is as sure a name as before."""
    def score(text: str) -> float:
        return max(s.score for s in classify_text(text, POLICY) if s.identifier == ID.NAMES)

    assert score("London, GB") < 0.75 and score("Austin, TX") < 0.75
    assert score("Smith, JA") >= 0.75 and score("Doe, John") >= 0.75


def test_a_pharmacy_labels_bare_number_is_its_prescription_number():
    """`NO 0100-0144` on a label that also prints `QTY` and `REFILLS` is the prescription's number; a form's
    `No. 1234` with no pharmacy words is left alone."""
    label = [make_line(t, x=40, y=40 * k) for k, t in enumerate(
        ["SUNRISE PHARMACY", "NO 0100-0144", "DATE 04/17/20XX", "QTY 30 NO REFILLS"])]
    assert "0100-0144" in {f.text for f in classify(label, POLICY)}
    form = [make_line(t, x=40, y=40 * k) for k, t in enumerate(["Order form", "No. 1234", "Colour: blue"])]
    assert "1234" not in {f.text for f in classify(form, POLICY)}


def test_a_json_records_patient_key_and_a_fhir_patient_reference_are_a_patients_ids_but_its_own_id_is_not():
    """An API's or a FHIR example's `"patient_id": "12345678"` and `"reference": "Patient/patientBSJ1"` name one
    patient; the record's own `"id": "48213"` (every object has one) does not, nor a page's `Patient/Visit summary`."""
    def spans(text: str) -> set[str]:
        return {text[s.start:s.end] for s in classify_text(text, POLICY)}

    assert "12345678" in spans('"patient_id": "12345678"') and "00123456" in spans('"mrn": "00123456"')
    assert "Patient/patientBSJ1" in spans('"reference": "Patient/patientBSJ1"')
    assert spans('"id": "48213"') == set() and spans("Patient/Visit summary") == set()
    # on that patient's resource, an ISO date-time is one date to its zone, not a code cut at its hour
    lines = [make_line('"reference": "Patient/patientBSJ1"'),
             make_line('"effectiveDateTime":"2020-08-01T11:00:00-05:00",', y=30)]
    found = {(f.identifier, f.text) for f in classify(lines, POLICY)}
    assert (ID.DATES, "2020-08-01T11:00:00-05:00") in found, found


def test_a_json_records_patient_object_opens_with_that_patients_id_on_the_line_below():
    """A tumour board's record prints `"patient": {` over `"id": "2320c885-..."`: the id is the patient's, and the
    record's dates with it; an `"id"` under `"medication": {` is a drug's."""
    def found(key: str) -> set[str]:
        lines = [make_line(f'"{key}": {{', x=40, y=0), make_line('"id": "2320c885-aae5-433e-847b"', x=60, y=26),
                 make_line('"start": "2024-06-14",', x=40, y=80)]
        return {f.text for f in classify(lines, POLICY)}

    assert {"2320c885-aae5-433e-847b", "2024-06-14"} <= found("patient")
    assert found("medication") == set()


def test_two_given_names_joined_alone_on_a_line_are_people_and_two_things_are_not():
    def names(text: str) -> list[str]:
        return [text[s.start : s.end] for s in classify_text(text, Policy()) if s.identifier == Identifier.NAMES]

    assert names("Michael & Holly") == ["Michael & Holly"]  # a course's instructors
    assert names("Anna and Mark") == ["Anna and Mark"]
    for things in ("Salt & Pepper", "Holly & Ivy", "Rose & Crown", "Supply & Demand", "May & June"):
        assert names(things) == [], things


def test_who_teaches_or_trains_is_named_after_the_label():
    found = [(s.entity, "Ms Jones") for s in classify_text("Teacher: Ms Jones", Policy())]
    assert found and found[0][0] == "STAFF_NAME"
    assert any(s.entity == "STAFF_NAME" for s in classify_text("Instructor: Michael Brandt", Policy()))


def test_a_given_name_and_a_surnames_initial_are_a_person_and_a_letter_after_a_word_is_not():
    def names(text: str) -> list[str]:
        return [text[s.start : s.end] for s in classify_text(text, Policy()) if s.identifier == Identifier.NAMES]

    for tag in ("Luke S.", "Roberto M.", "Wayne S.", "Donald F.,"):
        assert names(tag) == [tag.rstrip(",")], tag  # name tags, a class list
    for thing in ("Vitamin D", "Plan B", "Hepatitis C", "Type A", "Mark A.", "Will S.", "April D.", "Ana I.", "Eva R"):
        assert names(thing) == [], thing  # no given name, one that is an English word too, a part, no full stop


def test_a_capitalised_word_before_a_full_name_does_not_hide_it():
    spans = classify_text("Meeting Andrey Tetekin", Policy())
    assert any("Meeting Andrey Tetekin"[s.start : s.end] == "Andrey Tetekin" for s in spans)


def test_a_possessive_before_a_word_no_dictionary_has_names_a_page_not_a_person():
    def names(text: str) -> list[str]:
        return [text[s.start : s.end] for s in classify_text(text, Policy()) if s.identifier == Identifier.NAMES]

    for page in ("My Timesheet Sheets / New", "My Timesheets", "Your Timesheet"):
        assert names(page) == [], page  # an ERP's breadcrumb: `My` is a given name too, and `Timesheet` no word
    assert names("My Nguyen") == ["My Nguyen"]  # ... so a census surname after it keeps the person


def test_a_role_word_before_an_ordinary_noun_names_a_thing_not_a_person():
    def names(text: str) -> list[str]:
        return [text[s.start : s.end] for s in classify_text(text, Policy()) if s.identifier == Identifier.NAMES]

    for thing in ("Participant List", "The Participant List option allows you", "Customer Service"):
        assert names(thing) == [], thing  # a survey tool's page, a help desk's queue
    assert names("Participant Okafor") == ["Okafor"]
    assert names("Hello Grace") == ["Grace"]


def test_a_waiting_lists_surname_and_given_name_keep_their_date_beside_them():
    def found(text: str) -> list[tuple[str, Identifier]]:
        return [(text[s.start : s.end], s.identifier) for s in classify_text(text, Policy())]

    assert ("Holirto, Mariodadsa", Identifier.NAMES) in found("Holirto, Mariodadsa 05/26/2003")
    assert ("Smith, Maria", Identifier.NAMES) in found("Smith, Maria 05/26/2003")
    assert found("Bach, Spectrometer 4") == []  # a number that is no date still ends a list of things


def _masked_names(lines: list[TextLine]) -> set[str]:
    return {f.text for f in classify(lines, Policy()) if f.identifier == Identifier.NAMES}


def test_a_given_name_set_over_its_surname_is_read_as_one_name():
    """A family tree's boxes and a business card set the given name over the surname: each line alone is one
    word no rule takes, the two together are a person."""
    card = [make_line("DAVID", x=100, y=100, h=40, char_w=25), make_line("MOLNAR", x=100, y=145, h=40, char_w=25),
            make_line("Software engineer", x=100, y=230, h=20)]
    assert _masked_names(card) == {"DAVID", "MOLNAR"}
    # a tree: three boxes with a census given name and surname make the fourth, only half known, a person too
    tree = []
    for k, (given, surname) in enumerate((("Mervyn", "Gibbs"), ("Marie", "Gibbs"), ("Tom", "Matsumoto"),
                                          ("Radobod", "Gibbs"))):
        tree += [make_line(given, x=150 * k, y=100), make_line(surname, x=150 * k, y=122)]
    assert {"Radobod", "Gibbs", "Tom", "Matsumoto"} <= _masked_names(tree)
    # ... but the half-known pair alone is not enough
    assert _masked_names(tree[-2:]) == set()


def test_single_words_stacked_in_a_table_are_not_names():
    drugs = [make_line("Lisinopril", x=0, y=0), make_line("Lisinopril", x=0, y=22), make_line("Metformin", x=300, y=0),
             make_line("Amoxicillin", x=300, y=22)]
    assert _masked_names(drugs) == set()


def test_a_health_word_without_a_number_word_labels_no_plan_number():
    assert classify_text("Digital Health 2024", Policy()) == []
    assert classify_text("Health Score: 98", Policy()) == []


def test_after_a_courtesy_title_the_first_word_is_the_name_whatever_word_it_is():
    # fresh67's sample rail ticket: `Herr Last Schrift` (`Last` is an English word, which ended the name before)
    for text in ("Herr Last Schrift", "Mrs Black"):
        assert [text[s.start:s.end] for s in classify_text(text, Policy())] == [text], text


def test_a_full_name_with_its_particles_is_found_bare():
    # fresh65's credit `OBS-web by Niek van der Maas`: `van der` broke the given-name-and-surname pair
    for text, name in (("OBS-web by Niek van der Maas", "Niek van der Maas"),
                       ("Maria van der Berg", "Maria van der Berg"), ("Pedro de la Cruz", "Pedro de la Cruz")):
        assert [text[s.start:s.end] for s in classify_text(text, Policy())] == [name], text
    assert classify_text("Rio de Janeiro", Policy()) == []


def test_a_login_that_is_a_given_name_and_a_word_is_its_users_name():
    # `john`, `mark` after a login label were dropped as English words
    for text, login in (("Username: john", "john"), ("Username: mark", "mark")):
        assert [text[s.start:s.end] for s in classify_text(text, Policy())] == [login], text
    for text in ("Username: admin", "Username: guest", "Username: user"):
        assert classify_text(text, Policy()) == [], text


def test_a_date_whose_clock_time_the_ocr_glued_to_its_day_is_still_a_date():
    # a leave request's cell `2014-03-17 09:00:00 - 2014-03-19 17:00:00`, read with both spaces lost
    spans = classify_text("2014-03-1709:00:00-2014-03-1917:00:00", POLICY)
    assert [s.entity for s in spans if s.identifier == ID.DATES] == ["DATE_UNLABELLED", "DATE_UNLABELLED"]
    assert ("1962-03-14", ID.DATES) in found("Born 1962-03-1409:12")
    assert not [s for s in classify_text("build 2014-03-17091", POLICY) if s.identifier == ID.DATES]


def test_after_an_age_label_every_value_over_89_is_an_age_but_not_an_infants_days():
    assert ("139", ID.DATES) in found("Age: 139")  # a demo donor list's age: the label says what it is
    assert ("125", ID.DATES) in found("Age: 125") and ("95", ID.DATES) in found("Age: 95")
    assert found("Age: 120 days") == set() and found("Age: 45") == set()


def test_four_initials_before_a_surname_are_a_signatorys_name():
    assert ("A.P.W.B. Dumbledore", ID.NAMES) in found("Signed by A.P.W.B. Dumbledore")
    assert ("A.P.W.B. Dumbledore", ID.NAMES) in found("A.P.W.B. Dumbledore")  # under a signature, alone


def test_a_list_of_single_words_in_brackets_holds_no_surname_and_given_name():
    """A cookie packet's `Vegetable fats (Palm, Shea, Sal)`: the middle of a list, not `Surname, Given`; a
    credential after the pair (`Smith, John, MD`) and a pair in brackets alone stay a person."""
    assert classify_text("mass, Vegetable fats (Palm, Shea, Sal), Emulsifiers", Policy()) == []
    for text, name in (("Attending (Smith, John, MD)", "Smith, John"), ("Room 4 (Brown, Mary)", "Brown, Mary"),
                       ("Smith, John, 45", "Smith, John")):
        assert name in {text[s.start:s.end] for s in classify_text(text, Policy())}, text


def test_a_comma_pair_no_dictionary_has_is_no_name_on_a_page_in_another_language():
    """A German herbal remedy's `Entspannung, Nervenkraft`: on an English page two unknown title-case words
    around a comma may be a wristband's `Surname, Given`; on a German one they are two nouns."""
    german = ("Johanniskraut-", "Entspannung, Nervenkraft", "Verbessert das Befinden bei nervlicher Belastung.",
              "Stärkt die Nerven und baut nervliche Überreizung ab.")
    assert _names(*german) == set()
    assert _names("Entspannung, Nervenkraft") == {"Entspannung, Nervenkraft"}


def test_a_labelled_name_in_lower_case_or_as_a_login_is_a_name():
    """`Name: frazer.smith` under a nurse's sign-off, `Name: john smith`: a census given name before a surname
    that is also a trade word is a name, and so is a login made of the two; a dotted code is not."""
    for text, name in (("Name: frazer.smith", "frazer.smith"), ("Name: john smith", "john smith")):
        assert [text[s.start:s.end] for s in classify_text(text, Policy())] == [name], text
    assert classify_text("View name: renalware.reporting_audit", Policy()) == []


def test_a_payer_label_and_a_payment_verb_name_a_person_on_a_priced_line():
    """A shared-bill app: `Troy Brosnan paid 14.00 €` ends in a price as a menu's dish does, but whoever paid is a
    person; so is the value after a `Payer:` or `Paid by:` label. A dish with its price stays a dish."""
    assert _names("Burger", "Troy Brosnan paid 14.00 €", "You borrowed 7.00 €") == {"Troy Brosnan"}
    assert _names("Eggs Benedict 14.19", "Troy Brosnan 12.00", "Lunch 9.50") == set()
    for text, name in (("Payer: Tom", "Tom"), ("Paid by: Maria", "Maria")):
        assert [text[s.start:s.end] for s in classify_text(text, Policy())] == [name], text


def test_a_greeting_over_a_name_in_a_bigger_font_names_the_signed_in_user():
    """A banking app's home: `Good morning,` over `Khalid` (a name no census list has) in a font twice as big.
    Over an ordinary word (`Team`) or beside no greeting, the word stays."""
    def home(word: str, greeting: str = "Good morning,") -> list[TextLine]:
        return [line(greeting, 80, 286, 470, 84), line(word, 66, 379, 600, 200),
                line("Total Balance", 900, 760, 430, 72)]

    found = {f.text for f in classify(home("Khalid"), POLICY) if f.identifier == ID.NAMES}
    assert found == {"Khalid"}
    assert not [f for f in classify(home("Team"), POLICY) if f.identifier == ID.NAMES]
    assert not [f for f in classify(home("Khalid", "Total Balance"), POLICY) if f.identifier == ID.NAMES]


def test_a_posts_byline_names_its_author_in_any_language():
    """A forum's `Por Rosella Oberbrunner • 24 minutes ago`: `by` and its translations, capitalised words, a
    separator and when the post was made name the author, a name no list knows included. `by` before ordinary
    words (`by Bus • 5 minutes`, `by Design | Today`) names no one."""
    for text, name in (("Por Rosella Oberbrunner • 24 minutes ago • 7 respuestas", "Rosella Oberbrunner"),
                       ("By Ava Wolf • 2 hours ago", "Ava Wolf"),
                       ("Posted by Kwame Mensah - 3 days ago", "Kwame Mensah")):
        assert name in {text[s.start:s.end] for s in classify_text(text, Policy())}, text
    for text in ("by Bus • 5 minutes", "by Design | Today"):
        assert classify_text(text, Policy()) == [], text


def test_an_acronym_the_page_spells_out_names_that_body_not_a_person():
    """A claim form: `NATIONAL UNIFORM CLAIM COMMITTEE (NUCC)` defines the capitals, so `Designated by NUCC` names
    the committee. Without the definition the capitals after `by` are masked (fail closed); a person's initials
    after their name define no acronym."""
    assert _names("APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12",
                  "b. OTHER CLAIM ID (Designated by NUCC)") == set()
    assert _names("b. OTHER CLAIM ID (Designated by NUCC)") == {"NUCC"}
    from imgscreen.organisations import defined_acronyms

    assert defined_acronyms(_lines("World Health Organization (WHO)", "Reviewed by Jane Ann Smith (JAS)")) == {"WHO"}


def test_a_field_label_after_a_role_word_is_no_name():
    """`FHIR Server Base URL`: `Server` is a role word, but `Base URL` ends in what a field holds."""
    assert found("FHIR Server Base URL") == set()


def test_a_headings_section_number_is_no_ip_address():
    """`18.30.1.1 Formal Views of Profile Content` opens a heading; an address in a log line, or before network
    words, stays masked."""
    def ips(*texts: str) -> set[str]:
        return {f.text for f in classify(_lines(*texts), POLICY) if f.identifier == ID.IP_ADDRESS}

    assert ips("18.30.1.1 Formal Views of Profile Content") == set()
    assert ips("18.30.1.1 - - [10/Oct/2024:13:55:36] GET /index.html") == {"18.30.1.1"}
    assert ips("18.30.1.1 Gateway Address") == {"18.30.1.1"}


def test_a_web_address_on_the_screens_own_machine_is_nobodys():
    """A developer's `http://localhost:8080/fhir` names no one; a record's number in the path still does."""
    def urls(*texts: str) -> set[str]:
        return {f.text for f in classify(_lines(*texts), POLICY) if f.identifier == ID.URL}

    assert urls("Swagger UI", "http://localhost:8080/fhir/api-docs") == set()
    assert urls("Swagger UI", "http://localhost:8080/fhir/Patient/1234") == {"http://localhost:8080/fhir/Patient/1234"}


def test_a_sentence_ending_in_a_label_word_labels_nothing():
    """A profile table's `An action that is being or was performed on a patient` over `dom-2: If the resource is
    contained ...`: running text over running text, not a `Patient` label over its value."""
    assert _names("An action that is being or was performed on a patient",
                  "dom-2: If the resource is contained in another resource, it SHALL NOT contain nested") == set()
    assert _names("Patient", "Ikechukwu Okonkwo") == {"Ikechukwu Okonkwo"}


def test_a_card_lists_name_at_the_lists_pitch_is_a_name_made_of_words():
    """A patient list of cards, a name over `Male 88 years old`: `Tom Blue` (two English words) sits where the
    next name sits, as far below the name above as the name below is below it. Off the list's pitch it stays."""
    def cards(third: str, y: int = 240) -> list[TextLine]:
        return [line("Myra Jones", 830, 0, 120, 46), line("Female 42 years old", 830, 36, 160, 44),
                line("Sharon Carlson", 830, 120, 168, 46), line("Male 68 years old", 830, 156, 158, 44),
                line(third, 830, y, 114, 46), line("Male 88 years old", 830, y + 36, 158, 44),
                line("Isabella Jones", 830, 360, 160, 46), line("Male 62 years old", 830, 396, 156, 44)]

    assert "Tom Blue" in {f.text for f in classify(cards("Tom Blue"), POLICY) if f.identifier == ID.NAMES}
    assert "Tom Blue" not in {f.text for f in classify(cards("Tom Blue", 205), POLICY) if f.identifier == ID.NAMES}


def test_a_forms_label_over_its_value_with_more_labels_below():
    """A genealogy program's person editor: `Name` over `John`, then the labels `Nickname`, `Patronymic`, `Parents`,
    `Events` down the same column. A column of ordinary words is no list of people, but the label's own value
    directly under it is still its value; `Husband` and `Wife` label a family's names too."""
    form = [line("Name", 8, 118, 36, 18), line("Name suffix", 206, 118, 65, 17), line("Sex", 361, 119, 25, 16),
            line("John", 8, 134, 33, 21), line("Q Male", 362, 134, 48, 22), line("Patronymic", 8, 157, 61, 17),
            line("Nickname", 205, 155, 54, 20), line("Parents", 12, 222, 45, 18), line("Events", 5, 286, 43, 17),
            line("Birth", 32, 332, 31, 18)]
    assert {f.text for f in classify(form, POLICY) if f.identifier == ID.NAMES} == {"John"}
    assert found("Husband: Smith John") == {("Smith John", ID.NAMES)}



def test_a_dicom_tag_and_a_patients_field_name_are_no_persons_data():
    """A worklist tool's settings list the standard's fields: `Patient Weight` beside `(0010,1030)`, `Accession
    Number` beside `(0008,0050)`. The tag numbers a field, and `Weight` after `Patient` names the field."""
    rows = [line("Patient Name", 78, 315, 79, 20), line("(0010,0010)", 323, 315, 68, 20),
            line("Patient Weight", 77, 370, 87, 23), line("(0010,1030)", 324, 372, 67, 20),
            line("Accession Number", 78, 87, 106, 20), line("(0008,0050)", 322, 86, 69, 20)]
    assert [f.text for f in classify(rows, POLICY)] == []
    assert found("Patient: Mary Weight") == {("Mary Weight", ID.NAMES)}


def test_a_label_columns_value_is_beside_it_not_below_the_next_label():
    """A survey's form prints its labels down one column and the values to their right: `Your name ... Survey` over
    `Your last name ... Developer` over `Bank card PIN code ... 1234`. Below the next label down the column is that
    label's value, so `Your name` takes `Survey` beside it, not the line under `Your last name`."""
    form = [line("Your name", 41, 695, 88, 24), line("Survey", 197, 696, 44, 21),
            line("Your last name", 42, 715, 115, 24), line("Developer", 197, 717, 58, 21),
            line("Bank card PIN code", 41, 735, 149, 25), line("1234", 197, 737, 35, 22)]
    assert {"Survey", "Developer"} <= {f.text for f in classify(form, POLICY) if f.identifier == ID.NAMES}


def test_a_bare_name_labels_a_things_name_made_of_words():
    """A screen heads whatever it lists `Name`: a dialog's `Name:` over its button `Save as template`, a deals table's
    `A Name` over `Software License Renewal`, a list's `name` over `Industry 1`. Words going on in lower case,
    ordinary words all through, or a word and its number name a thing. One word stays a name (`Demo`, fail
    closed), and so does a value with a given name or a common surname in it."""
    def named(label: str, value: str) -> set[str]:
        form = [line(label, 20, 100, 60, 20), line(value, 20, 124, 200, 20)]
        return {f.text for f in classify(form, POLICY) if f.identifier == ID.NAMES}

    assert named("Name:", "Save as template") == set()
    assert named("A Name", "Software License Renewal") == set()
    assert named("name", "Industry 1") == set()
    assert named("Name", "Demo") == {"Demo"}
    assert named("Name", "Smith John") == {"Smith John"}
    assert named("Name:", "Tom Blue") == {"Tom Blue"}


def test_a_count_before_an_ordinary_word_is_no_bed_and_surname():
    """A study dashboard's `4 Sites`, a table header's icon read as `9 Stage`: a number and an ordinary word. A ward
    board's `5 Okafor` is a bed and a surname; an ordinary word after a number is one only if it is a common surname
    too (`4 Fields`, fail closed)."""
    def names(text: str) -> list[str]:
        return [text[s.start:s.end] for s in classify_text(text, POLICY) if s.identifier == ID.NAMES]

    assert names("4 Sites") == []
    assert names("9 Stage") == []
    assert names("5 Okafor") == ["Okafor"]
    assert names("4 Fields") == ["Fields"]


def test_a_calendar_events_person_after_with_or_a_colon():
    """A month view's event chips: `Call with Karo` (a given name no list has), `Meeting: John w...` (cut at the chip's
    edge). The person after `with` or the event's colon is named; a team or a topic is not (`Call with Support`,
    `Meeting: Budget review`)."""
    def names(text: str) -> list[str]:
        return [text[s.start:s.end] for s in classify_text(text, POLICY) if s.identifier == ID.NAMES]

    assert names("12:45 PM Call with Karo") == ["Karo"]
    assert names("12:52 AM Meeting: John v") == ["John"]
    assert names("Call with Support") == []
    assert names("Meeting: Budget review") == []


def test_a_line_mostly_found_is_masked_whole_and_a_line_barely_found_only_where_found():
    """`Patient Maria Delgado 7` is a name with two short pieces around it: a mask cut at the name's ends would leave
    the rest readable, so the whole line goes (`phi.MOSTLY`). A long sentence that mentions one date keeps its words."""
    mostly = make_line("Pt. Maria Delgado 7", y=0)
    barely = make_line("Reviewed the ward rota and the supply order on 03/14/2024 with the charge nurse", y=60)
    findings = classify([make_line("Patient: Maria Delgado", y=-60), mostly, barely], POLICY)
    on = {f.source.line: f for f in findings if f.kind == "text"}
    xs, ys = [p[0] for p in on[1].polygon], [p[1] for p in on[1].polygon]
    assert (min(xs), min(ys), max(xs), max(ys)) == (0, 0, len(mostly.text) * 10, 20)  # the line's box, all of it
    assert 2 not in on or on[2].polygon != barely.polygon


def test_doubtful_spans_do_not_make_a_line_mostly_found():
    doubt = Span(0, 10, Identifier.NAMES, "doubt", 0.5, "linescore", "LEARNED_LINE")
    sure = Span(0, 10, Identifier.NAMES, "name", 0.9, "x", "PATIENT_NAME")
    assert not _mostly_found("Aaaaaaaaaa bbbbb", [doubt])
    assert _mostly_found("Aaaaaaaaaa bbbbb", [sure])
    assert not _mostly_found("Aaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbbb", [sure])
