"""Crafted image files carrying every kind of metadata the tool must find and strip.

Built in memory with PIL plus a few hand-made segments (EXIF thumbnail in IFD1, IPTC in APP13,
trailing bytes), so tests need no fixture files and no network.
"""

from __future__ import annotations

import io
import struct

from PIL import ExifTags, Image, ImageCms
from PIL.TiffImagePlugin import IFDRational

XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
    b' xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
    b' xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"'
    b' xmp:CreateDate="2024-03-05T10:11:12" xmp:CreatorTool="EditorApp 2" photoshop:City="Springfield">'
    b"<dc:creator><rdf:Seq><rdf:li>Pat Example</rdf:li></rdf:Seq></dc:creator>"
    b'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Bed 4 patient Jane Roe</rdf:li></rdf:Alt>'
    b"</dc:description>"
    b"<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Jane Roe</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>"
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    b'<?xpacket end="w"?>'
)


def base_image(w: int = 96, h: int = 64) -> Image.Image:
    img = Image.new("RGB", (w, h), (200, 40, 40))
    img.paste((30, 60, 220), (0, 0, w // 3, h // 3))
    return img


def jpeg(img: Image.Image | None = None, **kw) -> bytes:
    buf = io.BytesIO()
    (img or base_image()).save(buf, "JPEG", quality=90, **kw)
    return buf.getvalue()


def exif_full() -> Image.Exif:
    """IFD0 + Exif + GPS with dates, serials, owner, software, GPS position."""
    ex = Image.Exif()
    ex[0x010F] = "PhoneMaker"
    ex[0x0110] = "Phone X"
    ex[0x0131] = "CameraApp 1.2"
    ex[0x0132] = "2024:03:05 10:11:12"
    ex[0x013B] = "Dr Alice Artist"
    ex[0x010E] = "Wound photo for MRN 00123456"
    e = ex.get_ifd(ExifTags.IFD.Exif)
    e[0x9003] = "2024:03:05 10:11:12"
    e[0x9004] = "2024:03:05 10:11:12"
    e[0xA430] = "Bob Owner"
    e[0xA431] = "BODY-SN-998877"
    e[0xA435] = "LENS-SN-556677"
    e[0x927C] = b"MAKERNOTE-SERIAL-1234" * 3
    g = ex.get_ifd(ExifTags.IFD.GPSInfo)
    g[1] = "N"
    g[2] = (IFDRational(40, 1), IFDRational(26, 1), IFDRational(4620, 100))
    g[3] = "W"
    g[4] = (IFDRational(79, 1), IFDRational(58, 1), IFDRational(5600, 100))
    g[0x1D] = "2024:03:05"
    return ex


def exif_with_thumbnail(thumb: bytes) -> bytes:
    """A minimal little-endian EXIF block whose IFD1 points at a JPEG thumbnail (as cameras write)."""
    # header(8) + IFD0 with 1 entry (2 + 12 + 4 = 18) -> IFD1 at 26 with 2 entries (2 + 24 + 4 = 30)
    ifd0 = struct.pack("<H", 1) + struct.pack("<HHII", 0x0112, 3, 1, 1) + struct.pack("<I", 26)
    thumb_offset = 26 + 30
    ifd1 = (
        struct.pack("<H", 2)
        + struct.pack("<HHII", 0x0201, 4, 1, thumb_offset)
        + struct.pack("<HHII", 0x0202, 4, 1, len(thumb))
        + struct.pack("<I", 0)
    )
    return b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", 8) + ifd0 + ifd1 + thumb


def iptc_segment(fields: dict[int, bytes]) -> bytes:
    """An APP13 Photoshop segment holding IPTC record-2 datasets."""
    iptc = b"".join(b"\x1c\x02" + bytes([k]) + struct.pack(">H", len(v)) + v for k, v in fields.items())
    if len(iptc) % 2:
        iptc += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def insert_after_soi(data: bytes, segment: bytes) -> bytes:
    assert data[:2] == b"\xff\xd8"
    return data[:2] + segment + data[2:]


def srgb_icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def dirty_jpeg() -> bytes:
    """JPEG with EXIF (GPS, dates, serials, owner), XMP, ICC, COM, IPTC and bytes after EOI."""
    data = jpeg(exif=exif_full().tobytes(), xmp=XMP, icc_profile=srgb_icc(), comment=b"Patient: Jane Roe")
    data = insert_after_soi(data, iptc_segment({80: b"Pat Example", 120: b"Jane Roe, room 12", 90: b"Springfield"}))
    return data + b"\x00LEFTOVER-FROM-A-LONGER-ORIGINAL" * 4


def thumbnail_jpeg() -> bytes:
    thumb = jpeg(base_image(32, 24))
    exif = exif_with_thumbnail(thumb)
    main = jpeg()
    seg = b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
    return insert_after_soi(main, seg)


def dirty_png() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Pat Example")
    info.add_text("Creation Time", "2024-03-05 10:11")
    info.add_text("Comment", "Jane Roe MRN 00123456")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    buf = io.BytesIO()
    base_image().save(buf, "PNG", pnginfo=info, icc_profile=srgb_icc(), exif=exif_full().tobytes())
    return buf.getvalue() + b"CROPPED-AWAY-IDAT-DATA" * 8


def mpo() -> bytes:
    buf = io.BytesIO()
    base_image().save(buf, "MPO", save_all=True, append_images=[base_image(48, 32)])
    return buf.getvalue()
