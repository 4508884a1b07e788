"""Licence plates beside their vehicle (issue 22): a garage app's cards and a service record's title name the
make, so the plate-shaped value on the card is masked; a model code, a part number with no make in view and a
plate-shaped word on a card without a vehicle stay."""

from __future__ import annotations

from imgscreen.phi import classify
from imgscreen.policy import Policy
from imgscreen.vehicles import plates
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
