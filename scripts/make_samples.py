"""Make the bundled demo photos: every name, number and date in them is invented.

Run `python scripts/make_samples.py` to rebuild them (deterministic). Each photo also carries the
metadata a phone would add (GPS, capture time, camera serial) so the demo shows it being stripped.
Expected decisions are in `EXPECTED` and in the README; tests check them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent.parent / "samples"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FONT_MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"

EXPECTED = {
    "wristband.jpg": "redact",
    "chart_on_desk.jpg": "redact",
    "ehr_monitor.jpg": "reject",
    "clean_hallway.jpg": "accept",
}


def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def _noise(img: Image.Image, rng: np.random.Generator, sigma: float = 4.0) -> Image.Image:
    a = np.asarray(img).astype(np.int16)
    a += rng.normal(0, sigma, a.shape).astype(np.int16)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def _gradient(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    w, h = size
    t = np.linspace(0, 1, h)[:, None, None]
    a = (1 - t) * np.array(top) + t * np.array(bottom)
    return Image.fromarray(np.repeat(a, w, axis=1).astype(np.uint8))


def _phone_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "ExampleCam"  # Make
    exif[0x0110] = "Model 12"  # Model
    exif[0x0131] = "ExampleOS 17.1"  # Software
    ifd = exif.get_ifd(0x8769)
    ifd[0x9003] = "2026:03:14 09:26:53"  # DateTimeOriginal
    ifd[0xA431] = "SN-0042-7781"  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (40.0, 44.0, 54.36)
    gps[3], gps[4] = "W", (73.0, 59.0, 8.5)
    return exif.tobytes()


def _text_card(size: tuple[int, int], lines: list[tuple[str, int, str]], bg: tuple[int, int, int],
               fg: tuple[int, int, int], margin: int = 24) -> Image.Image:
    card = Image.new("RGB", size, bg)
    d = ImageDraw.Draw(card)
    y = margin
    for text, px, font in lines:
        d.text((margin, y), text, fill=fg, font=_font(font, px))
        y += int(px * 1.45)
    return card


def _paste_rotated(base: Image.Image, card: Image.Image, angle: float, centre: tuple[int, int]) -> None:
    rgba = card.convert("RGBA").rotate(angle, resample=Image.BICUBIC, expand=True)
    shadow = Image.new("RGBA", rgba.size, (0, 0, 0, 0))
    shadow.putalpha(rgba.getchannel("A").point(lambda v: v // 3))
    cx, cy = centre
    pos = (cx - rgba.width // 2, cy - rgba.height // 2)
    base.paste(shadow, (pos[0] + 8, pos[1] + 10), shadow.filter(ImageFilter.GaussianBlur(6)))
    base.paste(rgba, pos, rgba)


def wristband(rng: np.random.Generator) -> Image.Image:
    img = _gradient((1600, 1200), (214, 222, 232), (180, 192, 205))  # bed sheet
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([-50, 430, 1700, 830], radius=180, fill=(224, 172, 138))  # forearm
    band = _text_card((1000, 190), [("DOE, JOHNATHAN", 46, FONT_BOLD), ("MRN: 00482913   DOB: 03/14/1962", 34, FONT)],
                      (250, 250, 246), (20, 20, 20))
    # The MRN as a Code 128 barcode at the end of the band, as on real wristbands.
    import zxingcpp

    code = np.asarray(zxingcpp.create_barcode("00482913", zxingcpp.BarcodeFormat.Code128).to_image(scale=2))
    band.paste(Image.fromarray(code).convert("RGB").resize((code.shape[1], 150)), (740, 20))
    _paste_rotated(img, band, 6, (800, 630))
    return _noise(img.filter(ImageFilter.GaussianBlur(0.8)), rng)


def chart_on_desk(rng: np.random.Generator) -> Image.Image:
    img = _gradient((1600, 1200), (150, 105, 70), (120, 80, 50))  # wooden desk
    d = ImageDraw.Draw(img)
    for y in range(0, 1200, 37):
        d.line([(0, y), (1600, y + 20)], fill=(135, 92, 60), width=3)
    d.ellipse([1220, 120, 1460, 360], fill=(235, 235, 235))  # a coffee cup from above
    d.ellipse([1270, 170, 1410, 310], fill=(95, 60, 35))
    chart = _text_card(
        (720, 330),
        [("Patient: Maria Gonzalez", 38, FONT_BOLD), ("DOB: 07/22/1948", 34, FONT),
         ("Phone: (555) 201-7733", 34, FONT), ("Allergies: penicillin", 30, FONT)],
        (246, 246, 240), (25, 25, 40),
    )
    _paste_rotated(img, chart, 180 - 12, (620, 640))  # upside down to the photographer, slightly turned
    return _noise(img, rng)


def ehr_monitor(rng: np.random.Generator) -> Image.Image:
    img = _gradient((1600, 1200), (60, 64, 70), (35, 38, 42))
    d = ImageDraw.Draw(img)
    d.rectangle([60, 50, 1540, 1080], fill=(20, 20, 22))  # bezel
    lines = [
        ("PATIENT: SMITH, ROBERT J", 52, FONT_MONO), ("MRN: 7730-5512-09", 52, FONT_MONO),
        ("DOB: 1951-11-02  AGE: 74", 52, FONT_MONO), ("ADDR: 418 Willow Creek Rd", 52, FONT_MONO),
        ("Springfield, IL 62704", 52, FONT_MONO), ("PHONE: 217-555-0143", 52, FONT_MONO),
        ("INS ID: UHC746913682", 52, FONT_MONO), ("ADMIT: 11/02/2026", 52, FONT_MONO),
        ("ATTENDING: DR. K. PATEL", 52, FONT_MONO), ("EMAIL: r.smith51@example.com", 52, FONT_MONO),
        ("SSN: 123-45-6789", 52, FONT_MONO), ("ROOM 412-B   BED 2", 52, FONT_MONO),
    ]
    screen = _text_card((1440, 990), lines, (12, 34, 58), (190, 235, 255), margin=30)
    img.paste(screen, (80, 70))
    d.rectangle([740, 1080, 860, 1160], fill=(30, 30, 30))  # stand
    return _noise(img.filter(ImageFilter.GaussianBlur(0.6)), rng, 3.0)


def clean_hallway(rng: np.random.Generator) -> Image.Image:
    img = _gradient((1600, 1200), (236, 232, 222), (200, 196, 188))
    d = ImageDraw.Draw(img)
    d.polygon([(0, 1200), (1600, 1200), (1100, 760), (500, 760)], fill=(160, 150, 140))  # floor
    d.rectangle([500, 300, 1100, 760], fill=(222, 218, 208))  # far wall
    d.rectangle([720, 420, 880, 760], fill=(120, 140, 170))  # door
    for x in (120, 1380):
        d.rectangle([x, 260, x + 100, 900], fill=(190, 200, 190))  # plants / pillars
    d.ellipse([1380, 160, 1480, 260], fill=(90, 140, 90))
    d.ellipse([120, 160, 220, 260], fill=(90, 140, 90))
    return _noise(img.filter(ImageFilter.GaussianBlur(1.0)), rng)


MAKERS = {
    "wristband.jpg": wristband,
    "chart_on_desk.jpg": chart_on_desk,
    "ehr_monitor.jpg": ehr_monitor,
    "clean_hallway.jpg": clean_hallway,
}


def main(out_dir: Path = HERE) -> list[Path]:
    written = []
    for i, (name, make) in enumerate(MAKERS.items()):
        img = make(np.random.default_rng(1000 + i))
        path = out_dir / name
        img.save(path, "JPEG", quality=88, exif=_phone_exif())
        written.append(path)
    return written


if __name__ == "__main__":
    for p in main():
        print(p)
