"""Barcode recall: `imgscreen.barcodes.detect` against one plain zxing-cpp call, on the same frames.

Codes (Code 128, Code 39, QR, Data Matrix, PDF417) are generated with zxing-cpp's writer at module
sizes 2, 3 and 5 px, rotated by 0-160 degrees, blurred (Gaussian sigma 0, 0.25 or 0.5 modules),
printed grey-on-off-white as on a label, pasted four to a frame on the shared `clean_*` photos
(generated backgrounds when ../shared is absent), and JPEG-compressed. One frame in three is 12 MP
(4032 x 3024), the rest 1600 x 1200.

A code counts as found when a result's polygon centre lies inside the pasted code's quadrilateral
(grown by one module); unreadable (invalid) results count as found, as they do for masking.
"Decoded" additionally requires the exact text. Baseline: `zxingcpp.read_barcodes(pixels)` with its
defaults, once on the full frame.

Run: `python -m bench.barcodes [--quick]`. Writes bench/results/barcodes.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

from imgscreen import barcodes
from imgscreen.model import Photo
from imgscreen.policy import Policy

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = ROOT.parent / "shared" / "photos"
RESULTS = ROOT / "bench" / "results" / "barcodes.json"

FORMATS = {
    "Code128": zxingcpp.BarcodeFormat.Code128,
    "Code39": zxingcpp.BarcodeFormat.Code39,
    "QRCode": zxingcpp.BarcodeFormat.QRCode,
    "DataMatrix": zxingcpp.BarcodeFormat.DataMatrix,
    "PDF417": zxingcpp.BarcodeFormat.PDF417,
}
MODULES = (2, 3, 5)
ANGLES = (0, 20, 45, 90, 160)
BLURS = (0.0, 0.25, 0.5)  # Gaussian sigma, in modules
PER_FRAME = 4


@dataclass
class Code:
    fmt: str
    text: str
    module: int
    angle: float
    blur: float
    quad: np.ndarray  # 4 x 2, frame pixels


def _content(fmt: str, rng: np.random.Generator) -> str:
    n = int(rng.integers(10_000_000, 99_999_999))
    if fmt == "Code39":
        return f"MRN{n}"
    if fmt == "Code128":
        return f"ACCT-{n}"
    return f"PATIENT DOE JANE MRN {n} DOB 1970-01-02"


def _backgrounds() -> list[np.ndarray]:
    if PHOTOS.is_dir():
        out = []
        for p in sorted(PHOTOS.glob("clean_*")):
            img = cv2.imread(str(p), cv2.IMREAD_COLOR)
            if img is not None:
                out.append(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
        if out:
            return out
    rng = np.random.default_rng(1)
    out = []
    for _ in range(4):
        h, w = 600, 800
        yy, xx = np.mgrid[0:h, 0:w]
        base = np.stack([(xx / w * 200 + rng.integers(0, 50)), (yy / h * 180), np.full((h, w), 90.0)], -1)
        base += rng.normal(0, 12, base.shape)
        out.append(np.clip(base, 0, 255).astype(np.uint8))
    return out


def _code_patch(code_fmt: str, text: str, module: int) -> np.ndarray:
    img = np.asarray(zxingcpp.create_barcode(text, FORMATS[code_fmt]).to_image(scale=1, add_quiet_zones=True))
    img = cv2.resize(img, (img.shape[1] * module, img.shape[0] * module), interpolation=cv2.INTER_NEAREST)
    return np.where(img < 128, 45, 228).astype(np.uint8)  # ink and paper as printed, not pure 0/255


def _frame(background: np.ndarray, size: tuple[int, int], specs: list[tuple[str, int, float, float]],
           rng: np.random.Generator) -> tuple[np.ndarray, list[Code]]:
    w, h = size
    bh, bw = background.shape[:2]
    s = max(w / bw, h / bh)
    frame = cv2.resize(background, (int(np.ceil(bw * s)), int(np.ceil(bh * s))), interpolation=cv2.INTER_LINEAR)
    frame = np.ascontiguousarray(frame[:h, :w]).copy()
    codes: list[Code] = []
    cells = [(0, 0), (1, 0), (0, 1), (1, 1)]
    for (fmt, module, angle, blur), (cx, cy) in zip(specs, cells, strict=False):
        text = _content(fmt, rng)
        patch = _code_patch(fmt, text, module)
        ph, pw = patch.shape
        m = cv2.getRotationMatrix2D((pw / 2, ph / 2), angle, 1.0)
        cos, sin = abs(m[0, 0]), abs(m[0, 1])
        nw, nh = int(pw * cos + ph * sin) + 2, int(pw * sin + ph * cos) + 2
        m[0, 2] += nw / 2 - pw / 2
        m[1, 2] += nh / 2 - ph / 2
        rot = cv2.warpAffine(patch, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=0)
        mask = cv2.warpAffine(np.full_like(patch, 255), m, (nw, nh), flags=cv2.INTER_NEAREST, borderValue=0)
        if nw > w // 2 - 10 or nh > h // 2 - 10:
            continue  # does not fit its quarter of the frame
        x0 = cx * (w // 2) + int(rng.integers(5, w // 2 - nw - 5))
        y0 = cy * (h // 2) + int(rng.integers(5, h // 2 - nh - 5))
        roi = frame[y0 : y0 + nh, x0 : x0 + nw]
        sel = mask > 0
        roi[sel] = rot[sel][:, None]
        if blur > 0:
            sig = blur * module
            pad = int(4 * sig) + 2
            ya, yb, xa, xb = max(0, y0 - pad), min(h, y0 + nh + pad), max(0, x0 - pad), min(w, x0 + nw + pad)
            frame[ya:yb, xa:xb] = cv2.GaussianBlur(frame[ya:yb, xa:xb], (0, 0), sig)
        # the code's own corners (quiet zone excluded is not needed: the centre test is generous)
        corners = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], dtype=np.float64)
        quad = corners @ m[:, :2].T + m[:, 2] + (x0, y0)
        codes.append(Code(fmt, text, module, angle, blur, quad))
    noise = rng.normal(0, 2.0, frame.shape)
    frame = np.clip(frame + noise, 0, 255).astype(np.uint8)
    ok, enc = cv2.imencode(".jpg", cv2.cvtColor(frame, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 90])
    frame = cv2.cvtColor(cv2.imdecode(enc, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    return frame, codes


def frames(quick: bool = False, seed: int = 0):
    """Yield (frame RGB, codes) for the whole grid, deterministically."""
    rng = np.random.default_rng(seed)
    specs = [(f, m, a, b) for f in FORMATS for m in MODULES for a in ANGLES for b in BLURS]
    order = rng.permutation(len(specs))
    specs = [specs[i] for i in order]
    if quick:
        specs = specs[::4]
    bgs = _backgrounds()
    for i in range(0, len(specs), PER_FRAME):
        size = (4032, 3024) if (i // PER_FRAME) % 3 == 0 else (1600, 1200)
        yield _frame(bgs[(i // PER_FRAME) % len(bgs)], size, specs[i : i + PER_FRAME], rng)


def _inside(pt: tuple[float, float], quad: np.ndarray, grow: float) -> bool:
    c = quad.mean(axis=0)
    q = c + (quad - c) * (1 + grow)
    return cv2.pointPolygonTest(q.astype(np.float32), (float(pt[0]), float(pt[1])), False) >= 0


def _match(codes: list[Code], results: list[tuple[np.ndarray, str | None]]) -> list[tuple[bool, bool]]:
    out = []
    for code in codes:
        found = decoded = False
        for poly, text in results:
            if _inside(tuple(poly.mean(axis=0)), code.quad, 0.05):
                found = True
                decoded = decoded or text == code.text
        out.append((found, decoded))
    return out


def _baseline(pixels: np.ndarray) -> list[tuple[np.ndarray, str | None]]:
    out = []
    for r in zxingcpp.read_barcodes(pixels):
        p = r.position
        poly = np.array([[q.x, q.y] for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)], float)
        out.append((poly, r.text if r.valid else None))
    return out


def _ours(pixels: np.ndarray, policy: Policy) -> list[tuple[np.ndarray, str | None]]:
    res = barcodes.detect(Photo(pixels=pixels), policy)
    return [(np.asarray(f.polygon, float), f.text) for f in res.findings]  # text is None when unreadable


def run(quick: bool = False) -> dict:
    policy = Policy()
    rows = []
    t_ours: list[float] = []
    t_base: list[float] = []
    false_ours = false_base = 0
    for frame, codes in frames(quick):
        t0 = time.perf_counter()
        ours = _ours(frame, policy)
        t1 = time.perf_counter()
        base = _baseline(frame)
        t2 = time.perf_counter()
        t_ours.append((t1 - t0) * 1000)
        t_base.append((t2 - t1) * 1000)
        for code, (fo, do), (fb, db) in zip(codes, _match(codes, ours), _match(codes, base), strict=True):
            rows.append({"format": code.fmt, "module": code.module, "angle": code.angle, "blur": code.blur,
                         "frame": f"{frame.shape[1]}x{frame.shape[0]}", "ours_found": fo, "ours_decoded": do,
                         "base_found": fb, "base_decoded": db})
        false_ours += sum(1 for poly, _ in ours if not any(_inside(tuple(poly.mean(0)), c.quad, 0.05) for c in codes))
        false_base += sum(1 for poly, _ in base if not any(_inside(tuple(poly.mean(0)), c.quad, 0.05) for c in codes))
        print(".", end="", flush=True, file=sys.stderr)
    print(file=sys.stderr)

    def rate(sel: list[dict], key: str) -> float:
        return sum(r[key] for r in sel) / len(sel) if sel else float("nan")

    groups: dict[str, list[dict]] = {"all": rows}
    for f in FORMATS:
        groups[f] = [r for r in rows if r["format"] == f]
    for m in MODULES:
        groups[f"module {m}px"] = [r for r in rows if r["module"] == m]
    for a in ANGLES:
        groups[f"angle {a}"] = [r for r in rows if r["angle"] == a]
    for b in BLURS:
        groups[f"blur {b}"] = [r for r in rows if r["blur"] == b]
    groups["12 MP frames"] = [r for r in rows if r["frame"] == "4032x3024"]
    summary = {
        name: {"n": len(sel), "ours_found": rate(sel, "ours_found"), "ours_decoded": rate(sel, "ours_decoded"),
               "base_found": rate(sel, "base_found"), "base_decoded": rate(sel, "base_decoded")}
        for name, sel in groups.items()
    }
    timing = {
        "ours_ms_mean": float(np.mean(t_ours)), "base_ms_mean": float(np.mean(t_base)),
        "ours_ms_12mp": float(np.mean(t_ours[::3])), "base_ms_12mp": float(np.mean(t_base[::3])),
    }
    return {"summary": summary, "timing": timing, "false_results": {"ours": false_ours, "base": false_base},
            "rows": rows, "quick": quick}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a quarter of the grid")
    args = ap.parse_args(argv)
    res = run(args.quick)
    print(f"{'group':<16}{'n':>5}  {'ours found':>10}{'ours text':>10}  {'zxing found':>11}{'zxing text':>11}")
    for name, s in res["summary"].items():
        print(f"{name:<16}{s['n']:>5}  {s['ours_found']:>10.1%}{s['ours_decoded']:>10.1%}  "
              f"{s['base_found']:>11.1%}{s['base_decoded']:>11.1%}")
    t = res["timing"]
    print(f"ms per photo (mean, all frames): ours {t['ours_ms_mean']:.0f}  zxing {t['base_ms_mean']:.0f}")
    print(f"ms per photo (12 MP frames):     ours {t['ours_ms_12mp']:.0f}  zxing {t['base_ms_12mp']:.0f}")
    print(f"results matching no code: ours {res['false_results']['ours']}  zxing {res['false_results']['base']}")
    print(f"backgrounds: {'shared clean_* photos' if PHOTOS.is_dir() else 'generated'}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
