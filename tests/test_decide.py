from fakes import face, line, text_finding

from imgscreen.decide import decide, text_area_fraction
from imgscreen.model import StageOutcome
from imgscreen.policy import Policy

OK = [StageOutcome("faces", True, 0.1)]


def test_accept_when_nothing_found():
    assert decide([], OK, Policy()).verdict == "accept"


def test_failed_stage_wins_over_everything():
    d = decide([face(0, 0, 10, 10)], [*OK, StageOutcome("ocr", False, 0.1, "TimeoutError")], Policy())
    assert d.verdict == "reject" and "ocr" in d.reasons[0]


def test_too_many_findings_rejects():
    p = Policy().replace("decide", max_findings=3)
    assert decide([face(i * 20, 0, 10, 10) for i in range(4)], OK, p).verdict == "reject"
    assert decide([face(i * 20, 0, 10, 10) for i in range(3)], OK, p).verdict == "redact"


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


def test_faces_redact_with_a_summary():
    d = decide([face(0, 0, 10, 10), face(20, 0, 10, 10)], OK, Policy())
    assert d.verdict == "redact" and "2 x Face" in d.reasons[0]
