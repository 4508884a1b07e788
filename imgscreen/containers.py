"""Structure walkers for image containers: where each file's image data ends, and what segments it has.

One small parser per format behind one result type (`Layout`). They read raw bytes only, never
decode pixels, and never raise on malformed input: a walker that loses its way records a problem in
plain words (no byte values) and reports what it understood up to there.

Used twice: by `metadata.parse` to find bytes after the end of the image (aCropalypse leftovers,
appended files) and comment segments, and by `write.residual_metadata` to prove a safe copy holds
nothing but pixels.

What it does NOT promise: TIFF has no end marker (its IFDs may point anywhere), so no trailing-byte
check for TIFF; GIF and ISO-BMFF (HEIC/AVIF) are walked at the top level only.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field


@dataclass
class Layout:
    """What a walker learnt about one file."""

    segments: list[tuple[str, int, int]] = field(default_factory=list)  # (name, offset, length)
    end: int | None = None  # offset just after the primary image's end marker
    extra_images: int = 0  # complete images appended after the first (MPF, concatenated JPEGs)
    extra_end: int | None = None  # offset after the last appended image
    trailing: int = 0  # bytes after everything understood
    problems: list[str] = field(default_factory=list)
    comments: list[bytes] = field(default_factory=list)


def _jpeg_one(data: bytes, start: int, layout: Layout, record: bool) -> int | None:
    """Walk one JPEG from its SOI at `start`; return the offset after its EOI, or None."""
    n = len(data)
    if data[start : start + 2] != b"\xff\xd8":
        return None
    pos = start + 2
    while pos < n:
        if data[pos] != 0xFF:
            layout.problems.append("JPEG structure broken before the end marker")
            return None
        while pos < n and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= n:
            break
        marker = data[pos]
        mstart = pos - 1
        pos += 1
        if marker == 0xD9:
            if record:
                layout.segments.append(("EOI", mstart, 2))
            return pos
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        if pos + 2 > n:
            break
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        if length < 2 or pos + length > n:
            layout.problems.append("JPEG segment runs past the end of the file")
            return None
        name = _jpeg_marker_name(marker, data[pos + 2 : pos + length])
        if record:
            layout.segments.append((name, mstart, length + 2))
            if marker == 0xFE:
                layout.comments.append(bytes(data[pos + 2 : pos + length]))
        pos += length
        if marker == 0xDA:  # entropy-coded data follows until the next real marker
            while True:
                i = data.find(b"\xff", pos)
                if i < 0 or i + 1 >= n:
                    pos = n
                    break
                nxt = data[i + 1]
                if nxt == 0x00 or 0xD0 <= nxt <= 0xD7:
                    pos = i + 2
                    continue
                if nxt == 0xFF:  # fill byte before a marker
                    pos = i + 1
                    continue
                pos = i
                break
    layout.problems.append("JPEG has no end-of-image marker")
    return None


def _jpeg_marker_name(marker: int, payload: bytes) -> str:
    if 0xE0 <= marker <= 0xEF:
        for prefix, label in (
            (b"JFIF\x00", "JFIF"),
            (b"JFXX\x00", "JFXX"),
            (b"Exif\x00", "Exif"),
            (b"http://ns.adobe.com/xap/1.0/\x00", "XMP"),
            (b"http://ns.adobe.com/xmp/extension/\x00", "XMP-ext"),
            (b"ICC_PROFILE\x00", "ICC"),
            (b"MPF\x00", "MPF"),
            (b"Photoshop 3.0\x00", "Photoshop"),
            (b"Adobe", "Adobe"),
        ):
            if payload.startswith(prefix):
                return f"APP{marker - 0xE0}:{label}"
        return f"APP{marker - 0xE0}"
    return {
        0xC4: "DHT",
        0xCC: "DAC",
        0xDA: "SOS",
        0xDB: "DQT",
        0xDD: "DRI",
        0xFE: "COM",
        0xDC: "DNL",
    }.get(marker, f"SOF{marker - 0xC0}" if 0xC0 <= marker <= 0xCF else f"M{marker:02X}")


def walk_jpeg(data: bytes) -> Layout:
    """Segments of the primary JPEG, then any complete JPEGs appended after it (MPF pictures)."""
    layout = Layout()
    end = _jpeg_one(data, 0, layout, record=True)
    if end is None:
        return layout
    layout.end = end
    pos = end
    while data[pos : pos + 2] == b"\xff\xd8":
        sub = Layout()
        nxt = _jpeg_one(data, pos, sub, record=False)
        if nxt is None:
            break
        layout.extra_images += 1
        pos = nxt
        layout.extra_end = pos
    layout.trailing = len(data) - pos
    return layout


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def walk_png(data: bytes) -> Layout:
    layout = Layout()
    if not data.startswith(PNG_SIGNATURE):
        layout.problems.append("not a PNG signature")
        return layout
    pos, n = 8, len(data)
    while pos + 12 <= n:
        length, ctype = struct.unpack(">I4s", data[pos : pos + 8])
        if pos + 12 + length > n:
            layout.problems.append("PNG chunk runs past the end of the file")
            return layout
        name = ctype.decode("latin-1")
        layout.segments.append((name, pos, length + 12))
        pos += 12 + length
        if ctype == b"IEND":
            layout.end = pos
            layout.trailing = n - pos
            return layout
    layout.problems.append("PNG has no IEND chunk")
    return layout


def walk_riff(data: bytes) -> Layout:
    """WebP: RIFF header gives the total size; chunks inside are listed."""
    layout = Layout()
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        layout.problems.append("not a RIFF/WebP header")
        return layout
    (size,) = struct.unpack("<I", data[4:8])
    end = 8 + size + (size & 1)
    if end > len(data):
        layout.problems.append("WebP is shorter than its header says")
        end = len(data)
    pos = 12
    while pos + 8 <= end:
        ctype, clen = struct.unpack("<4sI", data[pos : pos + 8])
        layout.segments.append((ctype.decode("latin-1").strip(), pos, 8 + clen + (clen & 1)))
        pos += 8 + clen + (clen & 1)
    layout.end = end
    layout.trailing = len(data) - end
    return layout


def walk_gif(data: bytes) -> Layout:
    layout = Layout()
    n = len(data)
    if n < 13 or data[:6] not in (b"GIF87a", b"GIF89a"):
        layout.problems.append("not a GIF header")
        return layout
    packed = data[10]
    pos = 13 + (3 * (1 << ((packed & 7) + 1)) if packed & 0x80 else 0)

    def skip_blocks(p: int) -> int | None:
        while p < n:
            size = data[p]
            p += 1 + size
            if size == 0:
                return p
        return None

    while pos < n:
        b = data[pos]
        if b == 0x3B:
            layout.end = pos + 1
            layout.trailing = n - layout.end
            return layout
        if b == 0x21 and pos + 2 <= n:
            label = data[pos + 1]
            nxt = skip_blocks(pos + 2)
            if nxt is None:
                break
            if label == 0xFE:
                layout.comments.append(_gif_subblocks(data, pos + 2))
            layout.segments.append(("EXT" if label != 0xFE else "COM", pos, nxt - pos))
            pos = nxt
        elif b == 0x2C and pos + 10 <= n:
            ipacked = data[pos + 9]
            p = pos + 10 + (3 * (1 << ((ipacked & 7) + 1)) if ipacked & 0x80 else 0) + 1
            nxt = skip_blocks(p)
            if nxt is None:
                break
            layout.segments.append(("IMG", pos, nxt - pos))
            pos = nxt
        else:
            layout.problems.append("GIF structure broken before the trailer")
            return layout
    layout.problems.append("GIF has no trailer")
    return layout


def _gif_subblocks(data: bytes, p: int) -> bytes:
    out = bytearray()
    while p < len(data) and data[p]:
        out += data[p + 1 : p + 1 + data[p]]
        p += 1 + data[p]
    return bytes(out)


def walk_bmff(data: bytes) -> Layout:
    """HEIC/HEIF/AVIF: top-level boxes; anything that is not a whole box at the end is trailing."""
    layout = Layout()
    pos, n = 0, len(data)
    while pos + 8 <= n:
        size, btype = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1:
            if pos + 16 > n:
                break
            (size,) = struct.unpack(">Q", data[pos + 8 : pos + 16])
            header = 16
        elif size == 0:
            size = n - pos
        if size < header or pos + size > n:
            layout.problems.append("HEIF box runs past the end of the file")
            break
        layout.segments.append((btype.decode("latin-1"), pos, size))
        pos += size
    layout.end = pos
    layout.trailing = n - pos
    return layout


def walk(data: bytes, fmt: str) -> Layout | None:
    """The walker for PIL format name `fmt`, or None when the format has no end to check (TIFF)."""
    f = fmt.upper()
    if f in ("JPEG", "MPO"):
        return walk_jpeg(data)
    if f == "PNG":
        return walk_png(data)
    if f == "WEBP":
        return walk_riff(data)
    if f == "GIF":
        return walk_gif(data)
    if f in ("HEIF", "HEIC", "AVIF"):
        return walk_bmff(data)
    return None
