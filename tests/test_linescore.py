"""The learned line scorer: what it sees of a line, when it may act, and what its findings may do."""

from __future__ import annotations

import numpy as np
import pytest
from fakes import Fixed, line

from imgscreen import linescore
from imgscreen.decide import decide
from imgscreen.model import Finding, Identifier, Photo, StageOutcome, TextSource, polygon_from_box
from imgscreen.pipeline import Screener
from imgscreen.policy import Policy
from imgscreen.recognizers.words import english_words


def photo(w: int, h: int) -> Photo:
    return Photo(pixels=np.full((h, w, 3), 128, np.uint8))


def test_a_word_shape_keeps_digit_counts_and_folds_letter_runs():
    assert linescore._shape("John") == "Aaa"
    assert linescore._shape("MRN-00123") == "AA-00000"
    assert linescore._shape("j.doe@x.org") == "a.aa@a.aa"
    assert linescore._shape("2019-05-04") == "0000-00-00"


def test_a_value_knows_the_label_on_its_left_and_the_header_above():
    lines = [line("Patient", 300, 10, 80, 20), line("Name:", 10, 60, 60, 20), line("Jane Roe", 300, 60, 90, 20)]
    f = linescore.features(lines, ["text:3"], flagged={1})
    value = f[2]
    assert "L:w:name" in value and "L:last:name" in value and "N:L" in value
    assert "U:w:patient" in value
    assert "F:text:3" in value and "s:Aaa" in value
    assert "N:L" not in f[0]


def _always(bias: float, list_min_lines: int = 3):
    """A model whose every line scores sigmoid(bias): the gate and the bookkeeping, not the weights, under test."""
    w = np.zeros(1 << linescore.BITS, np.float32)
    w[linescore.hashed(["bias"])] = bias
    return lambda path=None: linescore.Model(w, 0.5, 0.6, list_min_lines)


def _found(line_no: int, personal: bool = True) -> Finding:
    return Finding("text", Identifier.DATES, "Date of birth", 0.9, "fake", polygon_from_box(300, 60, 90, 20),
                   text="01/02/1980", source=TextSource(line_no, "DATE_OF_BIRTH", personal=personal))


def test_where_the_rules_found_a_person_every_line_over_the_cut_is_masked(monkeypatch):
    monkeypatch.setattr(linescore, "_model", _always(4.0))
    lines = [line("DOB 01/02/1980", 10, 10, 150, 20), line("Jane Roe", 10, 40, 90, 20), line("---", 10, 70, 40, 20),
             line("김교사", 10, 100, 60, 20)]
    out = linescore.learned_lines([_found(0)], lines)
    # the found line is the rules' already, and a line with no letter or digit is nothing to mask; letters of any
    # script are letters (a Korean teacher's name)
    assert [f.source.line for f in out] == [1, 3]
    assert out[0].source.entity == linescore.ENTITY and not out[0].source.personal
    assert linescore.learned_lines([_found(0)], lines, threshold=0.999) == []
    assert linescore.learned_lines([_found(0)], lines, threshold=1.0) == []


def test_where_the_rules_found_no_person_only_a_list_is_masked(monkeypatch):
    monkeypatch.setattr(linescore, "_model", _always(4.0, list_min_lines=3))
    two = [line("Jane Roe", 10, 10, 90, 20), line("John Poe", 10, 40, 90, 20), line("---", 10, 70, 40, 20)]
    three = two + [line("Ann Loe", 10, 100, 90, 20)]
    # two person-like lines on a photo with nothing else about a person: a heading, a product; three: a list
    assert linescore.learned_lines([], two) == []
    assert linescore.learned_lines([_found(0, personal=False)], two) == []
    out = linescore.learned_lines([], three)
    assert [f.source.line for f in out] == [0, 1, 3] and "one of a list" in out[0].label
    # its own cut, switched off at 1.0 whatever the other is
    assert linescore.learned_lines([], three, list_threshold=1.0) == []
    assert len(linescore.learned_lines([], three, threshold=1.0)) == 3
    monkeypatch.setattr(linescore, "_model", _always(0.2))  # sigmoid(0.2) = 0.55: over the first cut, not the list's
    assert linescore.learned_lines([], three) == [] and len(linescore.learned_lines([_found(0)], three)) == 2


@pytest.mark.skipif(not english_words(), reason="no system word list (setup.sh installs wamerican)")
def test_a_menu_of_english_words_is_never_a_list_of_people(monkeypatch):
    monkeypatch.setattr(linescore, "_model", _always(4.0, list_min_lines=3))
    menu = [line(t, 10, 30 * i, 200, 20) for i, t in enumerate(
        ["with fries or salad", "Grilled salmon", "Harbor House Grill", "with rice", "Soup of the day", "Roast beef"])]
    assert linescore.prose("with fries or salad") and not linescore.prose("Maria Gonzalez")
    assert linescore.learned_lines([], menu) == []
    # where the rules found a person, the first rule is not the list's: every line over the cut is masked
    assert len(linescore.learned_lines([_found(0)], menu)) == 5


def test_a_learned_line_masks_but_never_makes_a_reject(monkeypatch):
    monkeypatch.setattr(linescore, "_model", _always(4.0))
    # more lines than the cap on PHI regions (60): the learned ones are masks of doubt, not regions counted
    lines = [line(f"Person {i}", 10, 30 * i, 90, 20) for i in range(1, 90)]
    ok = [StageOutcome("text", True, 0.0), StageOutcome("phi", True, 0.0)]
    for found in ([_found(0)], []):
        learned = linescore.learned_lines(found, lines)
        assert len(learned) == 88 + (not found)
        assert decide(learned, ok, Policy(), lines, (400, 3000)).verdict == "redact"


def test_the_pipeline_adds_learned_lines_unless_the_policy_switches_them_off(monkeypatch):
    monkeypatch.setattr(linescore, "_model", _always(4.0))
    lines = [line("DOB 01/02/1980", 10, 10, 150, 20), line("Jane Roe", 10, 40, 90, 20)]

    def rules(read, policy):
        return [_found(0)] if read else []

    policy = Policy().replace("output", verify=False)
    on = Screener(policy, detectors={"text": Fixed(lines=lines)}, classifier=rules).screen_photo(photo(300, 100))
    off = Screener(policy.replace("text", learned_threshold=1.0), detectors={"text": Fixed(lines=lines)},
                   classifier=rules).screen_photo(photo(300, 100))
    assert [f.source.entity for f in on.findings if f.source] == ["DATE_OF_BIRTH", linescore.ENTITY]
    assert [f.source.entity for f in off.findings if f.source] == ["DATE_OF_BIRTH"]
    # a list the rules accept is redacted, unless the policy switches the list rule off
    people = [line(f"Jane Roe {i}", 10, 30 * i, 90, 20) for i in range(4)]
    listed = Screener(policy, detectors={"text": Fixed(lines=people)}, classifier=lambda read, policy: [])
    unlisted = Screener(policy.replace("text", learned_list_threshold=1.0), detectors={"text": Fixed(lines=people)},
                        classifier=lambda read, policy: [])
    assert listed.screen_photo(photo(300, 200)).decision.verdict == "redact"
    assert unlisted.screen_photo(photo(300, 200)).decision.verdict == "accept"


@pytest.mark.skipif(not linescore.MODEL.exists(), reason="no trained model in models/")
def test_the_shipped_model_scores_a_labelled_name_over_a_menu_item():
    model = linescore._model()
    cut = model.threshold
    assert 0.0 < cut < 1.0 and model.weights.shape == (1 << linescore.BITS,)
    assert 0.0 < model.list_threshold < 1.0 and model.list_min_lines > 1
    record = [line("Patient name:", 10, 10, 130, 20), line("Maria Gonzalez", 160, 10, 140, 20),
              line("Date of birth:", 10, 40, 130, 20), line("03/14/1961", 160, 40, 100, 20)]
    menu = [line("Starters", 10, 10, 130, 20), line("Tomato soup", 160, 10, 140, 20),
            line("Mains", 10, 40, 130, 20), line("Grilled salmon", 160, 40, 100, 20)]
    p_record = linescore.scores(record, ["text:3"], {3})
    p_menu = linescore.scores(menu, ["text:3"], {3})
    assert p_record[1] > cut > p_menu[1]


def test_a_missing_or_altered_model_fails_closed_and_says_so(monkeypatch):
    from imgscreen.modelfiles import ModelError

    def broken():
        raise ModelError("model file linescore.npz does not match its recorded checksum; reinstall imgscreen")

    monkeypatch.setattr(linescore, "_model", broken)
    lines = [line("DOB 01/02/1980", 10, 10, 150, 20), line("Jane Roe", 10, 40, 90, 20)]
    r = Screener(Policy().replace("output", verify=False), detectors={"text": Fixed(lines=lines)},
                 classifier=lambda read, policy: [_found(0)] if read else []).screen_photo(photo(300, 100))
    assert r.decision.verdict == "reject"
    assert any("linescore" in reason and "checksum" in reason for reason in r.decision.reasons)
