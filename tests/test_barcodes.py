"""barcodes.detect on generated codes: found rotated and small, identifiers from content, padded polygons."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import zxingcpp

from imgscreen import barcodes
from imgscreen.model import Identifier, Photo
from imgscreen.policy import Policy

F = zxingcpp.BarcodeFormat


def _code(text: str, fmt, module: int) -> np.ndarray:
    img = np.asarray(zxingcpp.create_barcode(text, fmt).to_image(scale=1, add_quiet_zones=True))
    img = cv2.resize(img, (img.shape[1] * module, img.shape[0] * module), interpolation=cv2.INTER_NEAREST)
    return np.where(img < 128, 40, 230).astype(np.uint8)


def _scene(text: str, fmt, module: int, angle: float, size=(1400, 1000), at=(500, 400), blur: float = 0.0,
           background: np.ndarray | None = None):
    """A textured grey background with one code pasted at `at` (its centre), rotated by `angle`."""
    rng = np.random.default_rng(7)
    w, h = size
    bg = cv2.GaussianBlur(rng.integers(60, 190, (h, w)).astype(np.uint8), (0, 0), 6)
    if background is not None:
        bg = background.copy()
    patch = _code(text, fmt, module)
    ph, pw = patch.shape
    m = cv2.getRotationMatrix2D((pw / 2, ph / 2), angle, 1.0)
    c, s = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(pw * c + ph * s) + 2, int(pw * s + ph * c) + 2
    m[0, 2] += nw / 2 - pw / 2
    m[1, 2] += nh / 2 - ph / 2
    rot = cv2.warpAffine(patch, m, (nw, nh), borderValue=0)
    mask = cv2.warpAffine(np.full_like(patch, 255), m, (nw, nh), flags=cv2.INTER_NEAREST, borderValue=0) > 0
    x0, y0 = at[0] - nw // 2, at[1] - nh // 2
    roi = bg[y0 : y0 + nh, x0 : x0 + nw]
    roi[mask] = rot[mask][:, None] if bg.ndim == 3 else rot[mask]
    if blur:
        bg = cv2.GaussianBlur(bg, (0, 0), blur)
    rgb = bg if bg.ndim == 3 else np.dstack([bg, bg, bg])
    return Photo(pixels=np.ascontiguousarray(rgb)), (x0 + nw / 2, y0 + nh / 2)


def _covers(finding, point) -> bool:
    poly = np.asarray(finding.polygon, np.float32)
    return cv2.pointPolygonTest(poly, (float(point[0]), float(point[1])), False) >= 0


@pytest.mark.parametrize("fmt,text,module,angle", [
    (F.QRCode, "MRN 00123456 DOE JANE", 3, 0),
    (F.QRCode, "MRN 00123456 DOE JANE", 2, 33),
    (F.DataMatrix, "ACCT 99887766", 3, 17),
    (F.Code128, "MRN00123456", 2, 0),
    (F.Code128, "MRN00123456", 3, 35),
    (F.Code39, "ACCT12345678", 3, 100),
    (F.PDF417, "PATIENT DOE JANE DOB 1970-01-02", 3, 10),
])
def test_generated_codes_are_found_and_decoded(fmt, text, module, angle):
    photo, centre = _scene(text, fmt, module, angle)
    res = barcodes.detect(photo, Policy())
    hits = [f for f in res.findings if _covers(f, centre)]
    assert hits, "the code must be found"
    f = hits[0]
    assert f.kind == "barcode" and f.detector == "barcodes" and f.mask == "polygon"
    assert f.text == text
    assert f.label.startswith("Barcode (")
    assert len(res.findings) == 1, "one code, one finding"


def test_oblique_short_linear_code_that_plain_zxing_misses():
    """A short Code 128 at 30 degrees: row scanning cannot cross all bars; the deskewed crop can."""
    photo, centre = _scene("ACCT-55511122", F.Code128, 3, 30)
    assert not [r for r in zxingcpp.read_barcodes(photo.gray) if r.valid], "premise: plain zxing misses it"
    hits = [f for f in barcodes.detect(photo, Policy()).findings if _covers(f, centre)]
    assert hits and hits[0].text == "ACCT-55511122"
    assert hits[0].identifier == Identifier.ACCOUNT


def test_small_code_in_a_12_mp_frame():
    photo, centre = _scene("MRN 00999888", F.QRCode, 2, 20, size=(4032, 3024), at=(3100, 2200))
    hits = [f for f in barcodes.detect(photo, Policy()).findings if _covers(f, centre)]
    assert hits and hits[0].identifier == Identifier.MRN


def test_polygon_is_padded_and_covers_the_whole_code():
    photo, centre = _scene("MRN 00123456", F.QRCode, 4, 0)
    plain = zxingcpp.read_barcodes(photo.gray)[0].position
    tl, br = (plain.top_left.x, plain.top_left.y), (plain.bottom_right.x, plain.bottom_right.y)
    f = barcodes.detect(photo, Policy()).findings[0]
    x, y, w, h = f.bbox
    assert x < tl[0] and y < tl[1] and x + w > br[0] and y + h > br[1]
    wider = barcodes.detect(photo, Policy().replace("barcodes", padding=0.4)).findings[0]
    assert wider.bbox[2] > w


def test_damaged_qr_code_still_counts():
    photo, centre = _scene("MRN 00123456 DOE JANE ROOM 12 BED 4", F.QRCode, 4, 0)
    px = photo.pixels.copy()
    x, y = int(centre[0]), int(centre[1])
    px[y - 20 : y + 20, x - 20 : x + 20] = 230  # wipe the middle: beyond error correction
    damaged = Photo(pixels=px)
    hits = [f for f in barcodes.detect(damaged, Policy()).findings if _covers(f, centre)]
    assert hits, "an unreadable code is still a finding"
    assert hits[0].text is None
    assert "unreadable" in hits[0].label
    assert hits[0].identifier == Identifier.OTHER_ID


def test_nothing_on_a_plain_photo_and_nothing_when_disabled():
    rng = np.random.default_rng(3)
    bg = cv2.GaussianBlur(rng.integers(0, 255, (800, 1200, 3)).astype(np.uint8), (0, 0), 3)
    assert barcodes.detect(Photo(pixels=bg), Policy()).findings == []
    photo, _ = _scene("MRN 1", F.QRCode, 4, 0)
    res = barcodes.detect(photo, Policy().replace("barcodes", enabled=False))
    assert res.findings == [] and res.notes


@pytest.mark.parametrize("text,ident", [
    ("MRN: 00123456", Identifier.MRN),
    ("00123456", Identifier.MRN),
    ("ACCT 7788991", Identifier.ACCOUNT),
    ("Member ID W123456789", Identifier.HEALTH_PLAN),
    ("https://example.org/p/1", Identifier.URL),
    ("mailto:jane@example.org", Identifier.EMAIL),
    ("tel:+15551234567", Identifier.PHONE),
    ("LOT 4A-SAMPLE", Identifier.OTHER_ID),
    (None, Identifier.OTHER_ID),
])
def test_identifier_from_content(text, ident):
    assert barcodes.identifier_for(text) == ident



def _foliage(size=(1200, 900)) -> np.ndarray:
    """Strong colour texture at the scale of a printed code's modules, as leaves or food give."""
    rng = np.random.default_rng(11)
    w, h = size
    tex = cv2.GaussianBlur(rng.integers(0, 255, (h, w, 3)).astype(np.uint8), (0, 0), 2.0)
    return cv2.normalize(tex, None, 0, 255, cv2.NORM_MINMAX)


@pytest.mark.parametrize("fmt,module,angle,blur", [
    (F.DataMatrix, 2, 20, 1.3),  # too blurred to decode: found as an unreadable code
    (F.PDF417, 5, 20, 2.5),  # breaks into row fragments on the texture
])
def test_blurred_code_on_a_busy_background(fmt, module, angle, blur):
    photo, centre = _scene("PATIENT DOE JANE MRN 12345678", fmt, module, angle, size=(1200, 900), at=(600, 450),
                           blur=blur, background=_foliage())
    hits = [f for f in barcodes.detect(photo, Policy()).findings if _covers(f, centre)]
    assert hits, "a blurred code on a busy background is still a finding"


def test_decoder_guesses_need_module_edges_and_a_regular_shape():
    flat = np.full((300, 300), 40, np.uint8)
    flat[100:200, 100:200] = 230  # a plain bright square: what a decoder sometimes takes for a code
    square = np.array([[100, 100], [199, 100], [199, 199], [100, 199]], float)
    assert barcodes._edge_density(flat, square) < barcodes._MIN_EDGE_DENSITY
    modules = np.kron(np.random.default_rng(2).integers(0, 2, (25, 25)), np.ones((4, 4))) * 190 + 40
    flat[100:200, 100:200] = modules.astype(np.uint8)
    assert barcodes._edge_density(flat, square) >= barcodes._MIN_EDGE_DENSITY
    assert barcodes._regular(square)
    assert not barcodes._regular(np.array([[619, 1623], [664, 1624], [639, 1673], [615, 1672]], float))


def test_a_retail_product_code_is_left_visible_unless_policy_says_otherwise():
    """An EAN-13 on a drug box names a product; a store's own (restricted-range) number and the same
    digits in Code 128 may be anyone's number and stay findings."""
    product, _ = _scene("4006381333931", F.EAN13, 3, 0)
    res = barcodes.detect(product, Policy())
    assert res.findings == [] and any("product code" in n for n in res.notes)
    strict = barcodes.detect(product, Policy().replace("barcodes", keep_product_codes=False))
    assert [f.text for f in strict.findings] == ["4006381333931"]
    for text, fmt in (("2001234567893", F.EAN13), ("4006381333931", F.Code128)):
        photo, _ = _scene(text, fmt, 3, 0)
        assert [f.text for f in barcodes.detect(photo, Policy()).findings] == [text], (text, fmt)


def _dark_screen(size=(1400, 900)) -> np.ndarray:
    return np.full((size[1], size[0], 3), 38, np.uint8)


def test_a_single_rule_line_is_no_barcode_but_random_bars_are_one():
    # a menu's divider or a dashboard's flat series: one long thin line, its gradient alternating across it
    for thick, length in ((2, 300), (6, 1000), (8, 600), (16, 1000)):
        screen = _dark_screen()
        screen[300 : 300 + thick, 200 : 200 + length] = 225
        assert barcodes.detect(Photo(pixels=screen), Policy()).findings == [], (thick, length)
    # bars side by side that no symbology decodes (a code printed too damaged to read) are still a finding
    rng = np.random.default_rng(5)
    bars = _dark_screen()
    x = 400
    while x < 760:
        w = int(rng.integers(2, 9))
        bars[300:420, x : x + w] = 230
        x += w + int(rng.integers(2, 9))
    hits = [f for f in barcodes.detect(Photo(pixels=bars), Policy()).findings if _covers(f, (580, 360))]
    assert hits and hits[0].text is None


def test_a_grating_or_a_few_lines_is_no_barcode_but_a_fragment_of_a_code_is():
    """Strong bar regions that nothing decodes are kept only when their bars read like a code: an
    uptime page's row of equal bars, a ruler's ticks and a chart's three series are not."""
    for width, gap, count in ((7, 3, 40), (2, 10, 30), (3, 14, 3)):
        screen = _dark_screen()
        for k in range(count):
            x = 300 + k * (width + gap)
            screen[300:380, x : x + width] = 225
        assert barcodes.detect(Photo(pixels=screen), Policy()).findings == [], (width, gap, count)
    # four bars of unequal widths, as a damaged code's visible piece shows, are still a finding
    rect = ((60.0, 40.0), (80.0, 60.0), 0.0)
    piece = np.full((80, 120), 30, np.uint8)
    for x, w in ((30, 4), (40, 12), (60, 4), (70, 16), (92, 4)):
        piece[:, x : x + w] = 220
    assert barcodes.bar_pattern(piece, rect)
    piece[:, 20:110] = 30
    for x in range(30, 100, 14):
        piece[:, x : x + 7] = 220
    assert not barcodes.bar_pattern(piece, rect)


def test_a_public_link_is_a_site_with_no_record_in_it():
    """A website's address, perhaps with a short path and query, links to no one; a long number, a personal key
    (`id=`, `/patient/`, `/u/`), an e-mail, an IP address or a non-web payload may point at a person."""
    for text in ("http://www.nucc.org/", "theoldpurple.com/r.php?r=58", "https://clinic.example/menu"):
        assert barcodes.public_link(text), text
    for text in ("https://www.nfse.gov.br/ConsultaPublica/?tpc=1&chave=4204608224024825000016000000000009999",
                 "https://portal.example.org/patient/123", "https://x.org/?id=5", "https://example.com/u/jdoe",
                 "mailto:a@b.com", "https://192.168.1.1/", "00482913", "WIFI:S:net;T:WPA;P:pw;;", None):
        assert not barcodes.public_link(text), text
