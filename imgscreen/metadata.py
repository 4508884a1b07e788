"""What a photo file says about itself, and which of it identifies someone.

Two steps, kept apart so the loader can parse once and the detector stays pure:

- `parse(image, data, fmt)` reads the container's metadata into `FileMetadata`: EXIF (IFD0, Exif,
  GPS, thumbnail in IFD1), XMP, IPTC, JPEG/GIF comments, PNG text chunks, ICC profile, secondary
  images (MPF, HEIF thumbnails and depth maps) and bytes after the end of the image. It never raises
  on corrupt metadata: each part that cannot be read adds a fixed plain-words note to `errors`.
- `detect(photo, policy)` turns that into `Finding`s (kind="metadata", polygon=None), one per kind of
  field, with the value in `text` (masked whenever shown).

Identifiers for fields that identify no one by themselves (software, camera model, colour profile,
lens model, document IDs, country): `Identifier.OTHER_ID` with `informational=True`, so the
decision and report can show them without counting them as PHI. Free-text fields (captions,
comments, keywords, titles) are OTHER_ID and *not* informational: anyone may have typed a patient's
name into them. Every safe copy drops all of it anyway (`write.save_safe`), whatever the findings say.

What it does NOT promise: maker notes are reported as one opaque block, not decoded; XMP extended
packets (JPEG APP1 "xmp/extension") are noted, not parsed; TIFF files get no trailing-byte check
(TIFF has no end marker); metadata inside appended secondary images is not reported field by field
(the images themselves are).
"""

from __future__ import annotations

import io
import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from PIL import ExifTags, Image, ImageCms, IptcImagePlugin

from . import containers
from .detect import FIRST_LOOK, Stage, StageResult, VerifyContext
from .model import FileMetadata, Finding, Identifier, Photo
from .policy import Policy

DETECTOR = "metadata"
I = Identifier  # noqa: E741 - short alias for the tables below

# --------------------------------------------------------------------------------------------------
# parse


def parse(image: Image.Image, data: bytes, fmt: str) -> FileMetadata:
    """Fill `FileMetadata` from an opened (not necessarily loaded) PIL image and the file's bytes.

    `fmt` is PIL's format name ("JPEG", "PNG", "WEBP", "TIFF", "HEIF", "GIF", "MPO", ...). Never
    raises on malformed metadata; see `FileMetadata.errors`.
    """
    meta = FileMetadata(format=fmt)
    for step in (_parse_exif, _parse_xmp, _parse_iptc, _parse_text, _parse_icc, _parse_extra_images):
        try:
            step(image, data, meta)
        except Exception:  # noqa: BLE001 - a broken block must not stop the others; recorded below
            meta.errors.append(_STEP_ERRORS[step.__name__])
    try:
        _parse_layout(data, fmt, meta)
    except Exception:  # noqa: BLE001
        meta.errors.append("file structure could not be walked")
    return meta


_STEP_ERRORS = {
    "_parse_exif": "EXIF block could not be read",
    "_parse_xmp": "XMP block could not be read",
    "_parse_iptc": "IPTC block could not be read",
    "_parse_text": "text fields could not be read",
    "_parse_icc": "colour profile could not be read",
    "_parse_extra_images": "secondary images could not be counted",
}


def _parse_exif(image: Image.Image, data: bytes, meta: FileMetadata) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _parse_exif_tags(image, meta)
    if caught:  # PIL warns (rather than raises) on damaged EXIF; the warning text may quote values
        meta.errors.append("EXIF block is partly damaged")


def _parse_exif_tags(image: Image.Image, meta: FileMetadata) -> None:
    exif = image.getexif()
    pointers = {int(ExifTags.IFD.Exif), int(ExifTags.IFD.GPSInfo), int(ExifTags.IFD.Interop)}
    meta.exif = {int(k): v for k, v in exif.items() if int(k) not in pointers}
    for name, target in ((ExifTags.IFD.Exif, "exif_ifd"), (ExifTags.IFD.GPSInfo, "gps")):
        try:
            setattr(meta, target, {int(k): v for k, v in exif.get_ifd(name).items()})
        except Exception:  # noqa: BLE001
            meta.errors.append(f"EXIF {'GPS' if target == 'gps' else 'sub'}-directory could not be read")
    try:
        ifd1 = exif.get_ifd(ExifTags.IFD.IFD1)
        meta.has_exif_thumbnail = bool(ifd1) and (0x0201 in ifd1 or 0x0111 in ifd1)
    except Exception:  # noqa: BLE001
        meta.errors.append("EXIF thumbnail directory could not be read")
    raw = image.info.get("exif")
    if not meta.has_exif_thumbnail and isinstance(raw, bytes | bytearray) and raw.count(b"\xff\xd8\xff") > 0:
        meta.has_exif_thumbnail = True  # a JPEG inside the EXIF block even if IFD1 is damaged
    orientation = meta.exif.get(0x0112, 1)
    try:
        orientation = int(orientation)
    except (TypeError, ValueError):
        orientation = 1
    if not 1 <= orientation <= 8:
        meta.errors.append("EXIF orientation value is invalid; treated as upright")
        orientation = 1
    if fmt_is_heif(meta.format):
        orientation = 1  # libheif applies the container's rotation itself; EXIF must not rotate again
    meta.orientation = orientation


def fmt_is_heif(fmt: str) -> bool:
    return fmt.upper() in ("HEIF", "HEIC", "AVIF")


_XMP_START = re.compile(rb"<x:xmpmeta|<rdf:RDF")
_XMP_END = {b"<x:xmpmeta": b"</x:xmpmeta>", b"<rdf:RDF": b"</rdf:RDF>"}


def _parse_xmp(image: Image.Image, data: bytes, meta: FileMetadata) -> None:
    xmp: Any = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8")
    if not xmp:
        # TIFF tag 700, WebP/HEIF variants, or XMP somewhere PIL does not look: find the packet.
        m = _XMP_START.search(data)
        if m:
            end = data.find(_XMP_END[m.group(0)], m.end())
            if end >= 0:
                xmp = data[m.start() : end + len(_XMP_END[m.group(0)])]
            else:
                xmp = data[m.start() : m.start() + 65536]
                meta.errors.append("XMP block is cut short")
    meta.xmp = bytes(xmp)


def _parse_iptc(image: Image.Image, data: bytes, meta: FileMetadata) -> None:
    info = IptcImagePlugin.getiptcinfo(image)  # JPEG APP13 and TIFF tag 33723
    if info:
        meta.iptc = dict(info)


def _parse_text(image: Image.Image, data: bytes, meta: FileMetadata) -> None:
    text = getattr(image, "text", None)  # PNG tEXt/zTXt/iTXt (reads chunks after IDAT too)
    if text:
        meta.text_chunks.update({str(k): str(v) for k, v in text.items()})
    elif isinstance(image.info.get("comment"), bytes | str) and meta.format.upper() == "GIF":
        c = image.info["comment"]
        meta.text_chunks["Comment"] = c.decode("latin-1") if isinstance(c, bytes) else c


def _parse_icc(image: Image.Image, data: bytes, meta: FileMetadata) -> None:
    icc = image.info.get("icc_profile")
    if isinstance(icc, bytes | bytearray):
        meta.icc_profile = bytes(icc)


def _parse_extra_images(image: Image.Image, data: bytes, meta: FileMetadata) -> None:
    f = meta.format.upper()
    if f == "MPO":
        meta.mpf_images = max(meta.mpf_images, int(getattr(image, "n_frames", 1)) - 1)
    if fmt_is_heif(f):
        # pillow-heif lists thumbnails and depth/auxiliary images of the primary picture
        if image.info.get("thumbnails"):
            meta.has_exif_thumbnail = True
        extra = len(image.info.get("depth_images") or []) + int(getattr(image, "n_frames", 1)) - 1
        meta.mpf_images = max(meta.mpf_images, extra)


def _parse_layout(data: bytes, fmt: str, meta: FileMetadata) -> None:
    layout = containers.walk(data, fmt)
    if layout is None:
        return
    meta.errors.extend(p for p in layout.problems if p not in meta.errors)
    meta.trailing_bytes = layout.trailing
    if layout.extra_images:
        meta.mpf_images = max(meta.mpf_images, layout.extra_images)
    if fmt.upper() in ("JPEG", "MPO"):
        meta.comments = list(layout.comments)
    elif layout.comments and "Comment" not in meta.text_chunks:
        meta.text_chunks["Comment"] = b"\n".join(layout.comments).decode("latin-1")


# --------------------------------------------------------------------------------------------------
# detect


def detect(photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
    """Findings for every identifying (or informational) field in the photo's file metadata."""
    if not policy.metadata.enabled:
        return StageResult(notes=["metadata check turned off by policy"])
    return StageResult(findings=findings_for(photo.metadata), notes=list(photo.metadata.errors))


# Metadata has no place in the pixels: safe copies drop it whole, so the verify pass has nothing to check.
STAGE = Stage(name="metadata", kinds=("metadata",), detect=detect, recheck="none")


def findings_for(meta: FileMetadata) -> list[Finding]:
    """Pure: FileMetadata -> findings, grouped so one label appears once (values joined by '; ')."""
    raw: list[tuple[Identifier, str, str | None, bool]] = []
    raw += _exif_fields(meta)
    raw += _xmp_fields(meta)
    raw += _iptc_fields(meta)
    for c in meta.comments:
        raw.append((I.OTHER_ID, "Comment in file", _text(c), False))
    for key, value in meta.text_chunks.items():
        if key == "XML:com.adobe.xmp":
            continue  # reported through the XMP fields
        if key.lower().startswith("raw profile type"):
            raw.append((I.OTHER_ID, "Raw metadata profile in text field", f"{len(value)} characters", False))
            continue
        ident, label, info = _classify_name(key)
        raw.append((ident, f"{label} in file (text field)", value, info))
    if meta.icc_profile:
        raw.append((I.OTHER_ID, "Colour profile in file", _icc_description(meta.icc_profile), True))
    if meta.has_exif_thumbnail:
        raw.append((I.OTHER_ID, "Embedded thumbnail (may show the unedited photo)", None, False))
    if meta.mpf_images:
        raw.append((I.OTHER_ID, "Secondary images in file (MPF/auxiliary)", f"{meta.mpf_images} image(s)", False))
    if meta.trailing_bytes:
        raw.append((I.OTHER_ID, "Data after end of image", f"{meta.trailing_bytes} bytes", False))
    if meta.errors:
        raw.append((I.OTHER_ID, "Metadata that could not be read", "; ".join(meta.errors), False))
    return _group(raw)


def _group(raw: Iterable[tuple[Identifier, str, str | None, bool]]) -> list[Finding]:
    order: list[tuple[Identifier, str]] = []
    values: dict[tuple[Identifier, str], list[str]] = {}
    informational: dict[tuple[Identifier, str], bool] = {}
    for ident, label, text, info in raw:
        key = (ident, label)
        if key not in values:
            order.append(key)
            values[key] = []
            informational[key] = info
        if text and text not in values[key]:
            values[key].append(text)
    out = []
    for key in order:
        ident, label = key
        text = "; ".join(values[key]) or None
        out.append(Finding("metadata", ident, label, 1.0, DETECTOR, None, text,
                           informational=informational[key]))
    return out


# ---- EXIF

# tag -> (identifier, label, informational)
_IFD0 = {
    0x010D: (I.OTHER_ID, "Document name in file", False),
    0x010E: (I.OTHER_ID, "Image description in file", False),
    0x010F: (I.OTHER_ID, "Camera make and model in file", True),
    0x0110: (I.OTHER_ID, "Camera make and model in file", True),
    0x0131: (I.OTHER_ID, "Software name in file", True),
    0x0132: (I.DATES, "Modification date in file", False),
    0x013B: (I.NAMES, "Author name in file", False),
    0x013C: (I.OTHER_ID, "Computer name in file", False),
    0x8298: (I.NAMES, "Copyright notice in file", False),
    0xC62F: (I.DEVICE, "Camera serial number in file", False),
    0x9C9B: (I.OTHER_ID, "Title in file", False),
    0x9C9C: (I.OTHER_ID, "Comment in file", False),
    0x9C9D: (I.NAMES, "Author name in file", False),
    0x9C9E: (I.OTHER_ID, "Keywords in file", False),
    0x9C9F: (I.OTHER_ID, "Subject in file", False),
}
_EXIF_IFD = {
    0x9003: (I.DATES, "Capture date in file", False),
    0x9004: (I.DATES, "Digitization date in file", False),
    0x9286: (I.OTHER_ID, "User comment in file", False),
    0xA420: (I.OTHER_ID, "Unique image ID in file", False),
    0xA430: (I.NAMES, "Camera owner name in file", False),
    0xA431: (I.DEVICE, "Camera serial number in file", False),
    0xA434: (I.OTHER_ID, "Lens model in file", True),
    0xA435: (I.DEVICE, "Lens serial number in file", False),
}


def _exif_fields(meta: FileMetadata) -> list[tuple[Identifier, str, str | None, bool]]:
    out: list[tuple[Identifier, str, str | None, bool]] = []
    for table, tags in ((_IFD0, meta.exif), (_EXIF_IFD, meta.exif_ifd)):
        for tag, value in tags.items():
            if tag in table:
                text = _text(value, utf16=0x9C9B <= tag <= 0x9C9F)
                if text:
                    ident, label, info = table[tag]
                    out.append((ident, label, text, info))
    if 0x927C in meta.exif_ifd:
        n = len(meta.exif_ifd[0x927C]) if hasattr(meta.exif_ifd[0x927C], "__len__") else 0
        out.append((I.DEVICE, "Maker notes in file (may hold serial numbers)", f"{n} bytes", False))
    out += _gps_fields(meta.gps)
    return out


def _gps_fields(gps: dict[int, Any]) -> list[tuple[Identifier, str, str | None, bool]]:
    if not gps:
        return []
    out: list[tuple[Identifier, str, str | None, bool]] = []
    lat = _dms(gps.get(2), gps.get(1), "S")
    lon = _dms(gps.get(4), gps.get(3), "W")
    if lat is not None or lon is not None:
        out.append((I.GEOGRAPHIC, "GPS location in file", f"{_fmt(lat)}, {_fmt(lon)}", False))
    if 0x1C in gps and _text(gps[0x1C]):
        out.append((I.GEOGRAPHIC, "GPS area name in file", _text(gps[0x1C]), False))
    if 0x1D in gps and _text(gps[0x1D]):
        out.append((I.DATES, "GPS date in file", _text(gps[0x1D]), False))
    if not out and set(gps) - {0}:
        out.append((I.GEOGRAPHIC, "GPS data in file", f"{len(gps)} field(s)", False))
    return out


def _dms(value: Any, ref: Any, negative: str) -> float | None:
    try:
        d, m, s = (float(v) for v in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    deg = d + m / 60.0 + s / 3600.0
    if _text(ref).upper().startswith(negative):
        deg = -deg
    return deg


def _fmt(v: float | None) -> str:
    return "?" if v is None else f"{v:.6f}"


# ---- XMP

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_STRUCTURAL = {"xmpmeta", "RDF", "Description", "Seq", "Bag", "Alt", "li", "xmptk", "about", "parseType"}


def _xmp_values(xmp: bytes) -> list[tuple[str, str]]:
    """(property local name, value) for every simple value in the packet, in document order."""
    start = xmp.find(b"<")
    root = ET.fromstring(xmp[start:] if start > 0 else xmp)
    out: list[tuple[str, str]] = []

    def local(name: str) -> str:
        return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]

    def walk(el: ET.Element, prop: str | None) -> None:
        name = local(el.tag)
        if name not in _STRUCTURAL:
            prop = name
        for attr, value in el.attrib.items():
            aname = local(attr)
            if aname not in _STRUCTURAL and not attr.startswith("{" + _RDF) and value.strip():
                out.append((aname, value.strip()))
        children = list(el)
        if not children and el.text and el.text.strip() and prop:
            out.append((prop, el.text.strip()))
        for child in children:
            walk(child, prop)

    walk(root, None)
    return out


def _xmp_fields(meta: FileMetadata) -> list[tuple[Identifier, str, str | None, bool]]:
    if not meta.xmp:
        return []
    try:
        values = _xmp_values(meta.xmp)
    except (ET.ParseError, ValueError):
        return [(I.OTHER_ID, "XMP metadata in file (unreadable)", f"{len(meta.xmp)} bytes", False)]
    out: list[tuple[Identifier, str, str | None, bool]] = []
    other = 0
    for name, value in values:
        ident, label, info = _classify_name(name)
        if label == "Other field":
            other += 1
            continue
        out.append((ident, f"{label} in file (XMP)", value, info))
    if other:
        out.append((I.OTHER_ID, "Other XMP fields in file", f"{other} field(s)", True))
    return out


# ---- IPTC (record 2, "application record")

_IPTC = {
    5: (I.OTHER_ID, "Title", False),
    25: (I.OTHER_ID, "Keywords", False),
    40: (I.OTHER_ID, "Instructions", False),
    55: (I.DATES, "Capture date", False),
    62: (I.DATES, "Digitization date", False),
    80: (I.NAMES, "Author name", False),
    85: (I.OTHER_ID, "Author title", True),
    90: (I.GEOGRAPHIC, "City", False),
    92: (I.GEOGRAPHIC, "Place name", False),
    95: (I.GEOGRAPHIC, "State or province", True),
    100: (I.GEOGRAPHIC, "Country", True),
    101: (I.GEOGRAPHIC, "Country", True),
    103: (I.OTHER_ID, "Job reference", False),
    105: (I.OTHER_ID, "Headline", False),
    110: (I.NAMES, "Credit", False),
    115: (I.OTHER_ID, "Source", True),
    116: (I.NAMES, "Copyright notice", False),
    118: (I.NAMES, "Contact", False),
    120: (I.OTHER_ID, "Caption", False),
    122: (I.NAMES, "Caption writer name", False),
}


def _iptc_fields(meta: FileMetadata) -> list[tuple[Identifier, str, str | None, bool]]:
    out: list[tuple[Identifier, str, str | None, bool]] = []
    other = 0
    for key, value in meta.iptc.items():
        if not (isinstance(key, tuple) and len(key) == 2) or key[0] != 2 or key[1] == 0:
            continue
        values = value if isinstance(value, list) else [value]
        texts = [t for t in (_text(v) for v in values) if t]
        if key[1] in _IPTC:
            ident, label, info = _IPTC[key[1]]
            for t in texts:
                out.append((ident, f"{label} in file (IPTC)", t, info))
        elif texts:
            other += 1
    if other:
        out.append((I.OTHER_ID, "Other IPTC fields in file", f"{other} field(s)", True))
    return out


# ---- field names -> identifiers (XMP properties, PNG text keys)

_NAME_RULES: tuple[tuple[re.Pattern[str], Identifier, str, bool], ...] = tuple(
    (re.compile(p, re.I), ident, label, info)
    for p, ident, label, info in (
        (r"serial", I.DEVICE, "Serial number", False),
        (r"uniqueid|imageid", I.OTHER_ID, "Unique image ID", False),
        (r"(documentid|instanceid|derivedfrom|^did$)", I.OTHER_ID, "Document ID", True),
        (r"gps(lat|long|alt|position|dest)|^(latitude|longitude|location)$|gpscoord", I.GEOGRAPHIC,
         "GPS location", False),
        (r"^(city|sublocation|location(created|shown)?|address|street|postalcode|zip)$", I.GEOGRAPHIC,
         "Place name", False),
        (r"^(state|provincestate|country|countrycode|countryname|worldregion)$", I.GEOGRAPHIC,
         "Country or state", True),
        (r"person|^name$|owner|creator$|^author|artist|captionwriter|byline|^credit$|contact", I.NAMES,
         "Person name", False),
        (r"rights|copyright", I.NAMES, "Copyright notice", False),
        (r"creatortool|software|^tool$|program|history(softwareagent)?|softwareagent", I.OTHER_ID,
         "Software name", True),
        (r"datetimeoriginal|^createdate$|datecreated|creation ?time|date:create", I.DATES, "Capture date",
         False),
        (r"date|time|^when$", I.DATES, "Date", False),
        (r"^(make|model|lens|lensmodel|lensinfo|lensmake)$", I.OTHER_ID, "Camera make and model", True),
        (r"^(description|caption|comment|usercomment|abstract|headline|instructions|event)$",
         I.OTHER_ID, "Caption", False),
        (r"^(title|label|subject|keywords?|objectname)$", I.OTHER_ID, "Title or keywords", False),
    )
)


def _classify_name(name: str) -> tuple[Identifier, str, bool]:
    """A metadata field's name to (identifier, label stem, informational). Unknown -> 'Other field'."""
    for pattern, ident, label, info in _NAME_RULES:
        if pattern.search(name):
            return ident, label, info
    return I.OTHER_ID, "Other field", True


# ---- small helpers


def _icc_description(icc: bytes) -> str | None:
    try:
        desc = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc)))
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
    return desc.strip() or None


_CHARSETS = (b"ASCII\x00\x00\x00", b"UNICODE\x00", b"JIS\x00\x00\x00\x00\x00", b"\x00" * 8)


def _text(value: Any, *, utf16: bool = False) -> str:
    """A metadata value as display text (bytes decoded, EXIF charset prefixes removed, NULs stripped)."""
    if value is None:
        return ""
    if isinstance(value, tuple | list) and value and all(isinstance(v, int) for v in value) and utf16:
        value = bytes(value)
    if isinstance(value, bytes | bytearray):
        b = bytes(value)
        if utf16:
            s = b.decode("utf-16-le", errors="replace")
        else:
            enc = "utf-8"
            for prefix in _CHARSETS:
                if b.startswith(prefix):
                    enc = "utf-16" if prefix.startswith(b"UNICODE") else "utf-8"
                    b = b[len(prefix) :]
                    break
            try:
                s = b.decode(enc)
            except UnicodeDecodeError:
                s = b.decode("latin-1")
        return s.replace("\x00", "").strip()
    if isinstance(value, tuple | list):
        return ", ".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, float):
        return f"{value:g}"
    try:
        return str(value).replace("\x00", "").strip()
    except Exception:  # noqa: BLE001 - an odd value type must not break the report
        return ""
