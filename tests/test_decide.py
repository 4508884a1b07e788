from dataclasses import replace

from fakes import face, line, text_finding

from imgscreen.decide import decide, text_area_fraction
from imgscreen.model import Finding, Identifier, StageOutcome, TextSource
from imgscreen.policy import Policy

OK = [StageOutcome("faces", True, 0.1)]


def test_accept_when_nothing_found():
    assert decide([], OK, Policy()).verdict == "accept"


def test_failed_stage_wins_over_everything():
    d = decide([face(0, 0, 10, 10)], [*OK, StageOutcome("ocr", False, 0.1, "TimeoutError")], Policy())
    assert d.verdict == "reject" and "ocr" in d.reasons[0]


def test_too_many_findings_rejects():
    p = Policy().replace("decide", max_findings=3)
    far = [text_finding(i * 200, 0, 10, 10, line=i) for i in range(4)]
    assert decide(far, OK, p).verdict == "reject"
    assert decide(far[:3], OK, p).verdict == "redact"


def test_masks_of_doubt_do_not_count_towards_the_cap():
    """A ward board in a script the classifier cannot read has every short run masked: doubt, not PHI
    evidence. Its masks are drawn whatever their number; the cap counts the evidence."""
    p = Policy().replace("decide", max_findings=3)
    doubt = [replace(text_finding(i * 200, 0, 10, 10, line=i), source=TextSource(i, "FOREIGN_TEXT", personal=False))
             for i in range(10)]
    assert decide(doubt, OK, p).verdict == "redact"
    evidence = [text_finding(i * 200, 400, 10, 10, line=20 + i) for i in range(4)]
    assert decide(doubt + evidence, OK, p).verdict == "reject"


def test_many_phi_lines_means_document():
    findings = [text_finding(0, i * 20, 50, 10, line=i) for i in range(13)]
    d = decide(findings, OK, Policy())
    assert d.verdict == "reject" and "document or screen" in d.reasons[0]


def test_text_covering_most_of_the_photo_with_phi_rejects():
    lines = [line("x" * 30, 0, i * 10, 100, 10) for i in range(6)]  # 60% of a 100x100 photo
    assert abs(text_area_fraction(lines, 100, 100) - 0.6) < 0.01
    d = decide([text_finding(0, 0, 10, 10)], OK, Policy(), lines, (100, 100))
    assert d.verdict == "reject" and "mostly a document" in d.reasons[0]
    # the same amount of text without PHI is fine (a poster, a menu)
    assert decide([], OK, Policy(), lines, (100, 100)).verdict == "accept"


def test_one_unlabelled_name_does_not_make_a_text_heavy_photo_a_persons_document():
    """A sample app's list of tea houses, one tea named like a person: the name and the numbers near it are
    masked, the photo is not rejected. A second name, or a label that says whose name it is, does reject."""
    lines = [line("x" * 30, 0, i * 10, 100, 10) for i in range(6)]  # 60% of a 100x100 photo

    def named(text: str, y: int, score: float, n: int) -> Finding:
        f = text_finding(0, y, 10, 10, Identifier.NAMES, line=n)
        return replace(f, text=text, score=score, source=TextSource(n, "PATIENT_NAME"))

    near = replace(text_finding(0, 40, 10, 10, line=4), source=TextSource(4, "CONTEXT_ID"))
    d = decide([named("Ching Shih", 0, 0.75, 0), near], OK, Policy(), lines, (100, 100))
    assert d.verdict == "redact"
    two = [named("Ching Shih", 0, 0.75, 0), named("Mary Major", 20, 0.75, 2), near]
    assert decide(two, OK, Policy(), lines, (100, 100)).verdict == "reject"
    labelled = [named("Ching Shih", 0, 0.9, 0), near]
    assert decide(labelled, OK, Policy(), lines, (100, 100)).verdict == "reject"


def test_faces_redact_with_a_summary():
    d = decide([face(0, 0, 10, 10), face(20, 0, 10, 10)], OK, Policy())
    assert d.verdict == "redact" and "2 x Face" in d.reasons[0]


def test_phi_lines_count_per_document_not_per_photo():
    # Three labels far apart, five PHI lines each: three masks, not a document.
    labels = [text_finding(x, i * 20, 50, 10, line=k * 10 + i) for k, x in enumerate((0, 400, 800))
              for i in range(5)]
    assert decide(labels, OK, Policy()).verdict == "redact"
    # Nine PHI lines stacked on one screen: a document.
    screen = [text_finding(0, i * 20, 50, 10, line=i) for i in range(9)]
    d = decide(screen, OK, Policy())
    assert d.verdict == "reject" and "9 lines with PHI in one place" in d.reasons[0]


def test_faces_have_their_own_cap():
    crowd = [face((i % 20) * 20, (i // 20) * 20, 10, 10) for i in range(100)]
    assert decide(crowd, OK, Policy()).verdict == "redact"  # 100 faces > max_findings, but faces count apart
    assert decide(crowd, OK, Policy().replace("decide", max_faces=99)).verdict == "reject"


def test_a_driving_licences_barcode_rejects_the_photo_but_a_wristbands_does_not():
    from imgscreen.model import Finding, Identifier, polygon_from_box

    def code(text: str) -> Finding:
        return Finding("barcode", Identifier.OTHER_ID, "Barcode (PDF417)", 1.0, "barcodes",
                       polygon_from_box(10, 10, 200, 60), text)

    back = code("@\n\x1e\rANSI 636014080002DL00410278ZC03190008DLDAQY1234567\nDCSDOE\nDACJANE")
    d = decide([back], OK, Policy())
    assert d.verdict == "reject" and "driving licence" in d.reasons[0]
    assert decide([code("MRN 00482913")], OK, Policy()).verdict == "redact"
    assert decide([code("Scan ANSI 636014 sticker")], OK, Policy()).verdict == "redact"
