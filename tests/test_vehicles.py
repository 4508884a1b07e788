"""Licence plates beside their vehicle (issue 22): a garage app's cards and a service record's title name the
make, so the plate-shaped value on the card is masked; a model code, a part number with no make in view and a
plate-shaped word on a card without a vehicle stay."""

from __future__ import annotations

import numpy as np
import pytest

from imgscreen.model import Identifier, Photo
from imgscreen.phi import classify
from imgscreen.pipeline import Screener
from imgscreen.policy import Policy
from imgscreen.vehicles import plate_alone, plates, scene_plates
from tests.fakes import Fixed, line
from tests.test_phi import make_line


def found(lines) -> set[str]:  # type: ignore[no-untyped-def]
    return {lines[i].text[a:b] for i, a, b in plates(lines)}


def test_a_plate_on_a_vehicles_card_or_in_its_title_is_masked():
    cards = []
    for k, (year, make, model, plate) in enumerate((("1992", "Jeep", "Cherokee", "G29 7RG"),
                                                    ("2017", "Kia", "Forte", "T51 777"))):
        x = 40 + 300 * k
        cards += [make_line(year, x=x, y=0), make_line(make, x=x, y=30), make_line(model, x=x, y=60),
                  make_line(plate, x=x, y=90)]
    assert found(cards) == {"G29 7RG", "T51 777"}
    title = [make_line("1992 Jeep Cherokee(#G29 7RG)", x=40, y=0)]
    assert found(title) == {"G29 7RG"}
    masked = {f.text: f.source.entity for f in classify(title, Policy())}
    assert masked.get("G29 7RG") == "VEHICLE_PLATE"


def test_model_codes_and_plate_shapes_without_a_vehicle_stay():
    assert found([make_line("Mercedes GLC 300 4MATIC", x=40, y=0)]) == set()
    assert found([make_line("Toyota RAV4 2019", x=40, y=0)]) == set()
    # no make in view: a part number or a room code is no plate
    assert found([make_line("Part AB-1234", x=40, y=0), make_line("Room 4B 12", x=40, y=30)]) == set()
    # a make far from the value (another card across the screen) does not make it a plate
    far = [make_line("Nissan", x=40, y=0), make_line("AB-1234", x=900, y=400)]
    assert found(far) == set()


def test_a_make_that_is_an_everyday_word_names_no_car():
    # a disk tool's `Enable SMART` beside a drive's model `BDR-205`
    assert found([make_line("BD-RW BDR-205", x=40, y=0), make_line("Enable SMART", x=40, y=30)]) == set()


@pytest.mark.parametrize("text", ["PK849F", "127-JRV", "5AU 5341", "B EU E 2492E", "BVEC:EC114", "S-P 2278",
                                  "KFT-18L", "7EOE707", "ABC1234", "藏D·T5022"])
def test_a_plate_read_alone_is_plate_shaped(text):
    assert plate_alone(text)


@pytest.mark.parametrize("text", [
    "12 MAR 2020", "1080P", "2.4GHZ", "5000MAH",  # a date, quantities with their units
    "ESP32", "RX100", "CR1220", "LM317",  # boards', cameras', batteries' and parts' types
    "COVID-19", "ROOM 204", "EXIT 12B", "GATE A12",  # words with a number
    "Ab12 cde", "12345", "ABCDEF", "V10",  # small letters, no letter, no digit, too short
])
def test_codes_words_and_quantities_read_alone_are_not_plates(text):
    assert not plate_alone(text)


def _scene(background: str) -> np.ndarray:
    """A street-like camera frame (grey tones everywhere, no paper) or a white page, 640x480."""
    if background == "page":
        return np.full((480, 640, 3), 250, np.uint8)
    rng = np.random.default_rng(7)
    base = np.linspace(40, 200, 640, dtype=np.float32)[None, :, None].repeat(480, 0).repeat(3, 2)
    return np.clip(base + rng.normal(0, 25, base.shape), 0, 255).astype(np.uint8)


def _screen(img: np.ndarray, lines):
    s = Screener(Policy(), detectors={"text": Fixed(lines=lines, only_first_call=True)},
                 classifier=lambda lines, policy: [])
    return s.screen_photo(Photo(pixels=img))


def test_a_plate_alone_in_a_camera_scene_is_masked_but_not_on_a_page_or_a_busy_screen():
    plate = line("PK849F", 300, 300, 120, 40)
    res = _screen(_scene("street"), [plate])
    found = [f for f in res.findings if f.identifier == Identifier.VEHICLE]
    assert [f.text for f in found] == ["PK849F"] and res.decision.verdict == "redact"
    assert not [f for f in _screen(_scene("page"), [plate]).findings if f.identifier == Identifier.VEHICLE]
    busy = [plate] + [line(f"Menu item {k}", 10, 12 * k, 100, 10) for k in range(31)]
    assert not scene_plates(busy, page=False)
    assert scene_plates([plate], page=False) == [0]


def test_a_plate_shaped_code_in_a_column_of_lines_is_a_receipts_not_a_cars():
    """A receipt photographed on a table is no page by its background, and its `CHK 0778` reads like a plate: the
    lines of its size just above and below it say it is one line of a document."""
    receipt = [line("Thank you", 300, 200, 120, 30), line("CHK 0778", 300, 240, 120, 30),
               line("Server 12", 300, 280, 120, 30)]
    assert scene_plates(receipt, page=False) == []
    assert scene_plates([receipt[1]], page=False) == [0]


def test_a_plate_under_a_recognition_demos_label_of_the_same_plate_is_still_a_plate():
    """A plate-recognition demo prints its reading over the plate: two lines of one size, one above the other, that
    repeat each other (within a misread character) are the plate read twice, not a column of a receipt's codes."""
    pair = [line("ZA834CO", 300, 200, 120, 30), line("ZA-834C0", 300, 240, 120, 30)]
    assert scene_plates(pair, page=False) == [0, 1]
    column = [line("ZA834CO", 300, 200, 120, 30), line("KB-112XY", 300, 240, 120, 30)]
    assert scene_plates(column, page=False) == []


@pytest.mark.parametrize("text", ["京F A915", "川A·5723", "藏D·T5022"])
def test_chinas_plates_read_alone_are_plates(text):
    assert plate_alone(text)
