"""The wide synthetic set (issue 22): layouts, fonts and geometry `bench.synth` does not have, with
per-value truth in both the per-line format and the real-photo set's format.

    python -m bench.synth_wide --n 40 --seed 1000 --out bench/cache/wide/dev1000
    python -m bench.synth_wide --n 40 --seed 5000 --held-out --out bench/cache/wide/ho5000

SEED POLICY. Dev seeds 1000-1999 are for looking at photos and tuning anything (the classifier, the
OCR, the policy). Held-out seeds 5000-5999 are never used while tuning: only to report numbers, once the
work they measure is done; asking for one needs `--held-out`, so it is never an accident. Other seeds
are refused (0-999 overlap the seeds bench.synth's benchmarks use). Photo i of seed S is the same
whatever --n is, for a given font and background set.

Each photo shows one document (`bench.synth_layouts.LAYOUTS`; photo i of a seed gets layout
`order[i % L]`, a per-seed shuffle, so every layout appears once per L photos), placed by its geometry:
  card    a small card photographed at any angle (half of them upside down or steeper than 45 degrees),
          perspective up to 0.22, body text 10-20 px (70%) or 20-40 px;
  page    a flat scan (25%, up to 1.5 degrees skew) or a photo filling 50-95% of a 12 MP frame;
  board   a whiteboard or sign photographed head-on-ish, filling 55-95% of the frame;
  screen  a flat screenshot (50%, at a common screen width) or a photo of a monitor (bezel, perspective);
  film    a flat X-ray export (50%) or a photo of it on a viewer.
Photos are composed with bench.synth's background (shared clean_* photos or a procedural one), warp,
paste and camera (blur, noise) code; flat images get only JPEG.

Truth (`<stem>.json`, and `index.json` for the set) is bench.synth's per-line format, so bench.e2e and
bench.leaks read it, with per-span polygons added, plus the real-photo set's fields:

    {"file", "width", "height", "seed", "index", "background", "jpeg_quality", "blur_sigma", "noise_sigma",
     "identifiers", "cards": [{"id": 0, "kind": <layout>, "polygon", "angle", "light_on_dark", "lines"}],
     "lines": [{..bench.synth's fields..,
                "phi": [{"identifier", "value", "start", "end", "category", "polygon": [[x, y] x 4]}]}],
     "layout": "pill_bottle", "geometry": "card" | "page" | ..., "flat": false, "script": "latin",
     "text_px": 14.2,                 # median ink height of the document's lines in the photo
     "kind": <bench.annotate.KINDS>, "expected": "accept" | "redact" | "reject", "identity_document": bool,
     "id", "image", "size": [w, h],   # the real-photo set's names for the stem, the file and the size
     "items": [{"category", "identifier", "text", "polygon", "legible", "line"}],  # every PHI value and code
     "not_phi": [{"text", "polygon", "why"}],     # must stay visible: an organisation's phone, address
     "either": [{"text", "polygon", "why"}],      # policy choice, not scored: staff names
     "fonts_missing": [...]}                      # preferred font files that were not installed

A span's polygon is the ink box of its glyphs on the flat document (font metrics, drawn part by part),
carried through the same homography as the pixels: TL, TR, BR, BL in reading order.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from bench import synth
from bench.annotate import CATEGORIES
from bench.clean_set import EXCLUDED as PEOPLE_SILHOUETTES
from bench.synth_canvas import DEBIAN_PACKAGES, LineBox, missing_fonts
from bench.synth_layouts import LAYOUTS, Doc

DEV_SEEDS = range(1000, 2000)
HELD_OUT_SEEDS = range(5000, 6000)
FRAME = (4032, 3024)
SCREEN_WIDTHS = (1280, 1366, 1600, 1920, 2560)


def check_seed(seed: int, held_out: bool) -> None:
    """Refuse a seed outside the policy, and a held-out seed not asked for as one."""
    if seed in HELD_OUT_SEEDS and not held_out:
        raise SystemExit(f"seed {seed} is a held-out seed (5000-5999): pass --held-out, and only to report numbers")
    if seed in DEV_SEEDS and held_out:
        raise SystemExit(f"seed {seed} is a dev seed (1000-1999), not a held-out one")
    if seed not in DEV_SEEDS and seed not in HELD_OUT_SEEDS:
        raise SystemExit(f"seed {seed} is outside the policy: dev 1000-1999 (tuning), held-out 5000-5999 (reporting)")


def layout_order(seed: int, names: list[str]) -> list[str]:
    order = list(names)
    np.random.default_rng([seed, 7919]).shuffle(order)
    return order


# ------------------------------------------------------------------------------------------------ geometry


def _text_px(lines: list[LineBox]) -> float:
    hs = sorted(ln.box[3] - ln.box[1] for ln in lines)
    return float(hs[len(hs) // 2]) if hs else 20.0


def _bezel(img: np.ndarray, pad: int, color: tuple[int, int, int]) -> np.ndarray:
    return cv2.copyMakeBorder(img, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=color)


def _card_angle(rng: np.random.Generator) -> float:
    if rng.random() < 0.5:
        return float(rng.uniform(-180, 180))
    return float(((int(rng.integers(0, 4)) * 90 + rng.normal(0, 12)) + 180) % 360 - 180)


def _page_angle(rng: np.random.Generator) -> float:
    r = rng.random()
    if r < 0.6:
        return float(rng.normal(0, 6))
    if r < 0.75:
        return float((180 + rng.normal(0, 6) + 180) % 360 - 180)
    if r < 0.9:
        return float(rng.choice([-90.0, 90.0]) + rng.normal(0, 6))
    return float(rng.uniform(-180, 180))


def place_photo(
    rng: np.random.Generator,
    img: np.ndarray,
    text_px: float,
    geometry: str,
    size: tuple[int, int],
    backgrounds: list[Path],
) -> tuple[np.ndarray, np.ndarray, dict]:
    """Photograph the flat document `img`: (photo, canvas->photo homography, facts for the truth)."""
    W, H = size
    photo, bg_name = synth._background(rng, size, backgrounds)
    photo = photo.copy()
    ch, cw = img.shape[:2]
    small = geometry == "card"
    if small:
        target = float(rng.uniform(10, 20)) if rng.random() < 0.7 else float(rng.uniform(20, 40))
        scale = target / text_px
        persp = float(rng.uniform(0.02, 0.22))
    else:
        scale = float(rng.uniform(0.5, 0.95)) * min(W / cw, H / ch)
        persp = float(rng.uniform(0.0, 0.08 if geometry != "board" else 0.1))
    for attempt in range(16):
        if small:
            angle = _card_angle(rng)
        elif geometry == "page":
            angle = _page_angle(rng)
        else:  # boards, monitors and light boxes are photographed upright
            angle = float(rng.normal(0, 5))
        if not small and abs(abs(angle) - 90) < 45:
            scale = min(scale, 0.95 * min(W / ch, H / cw))
        sw, sh = cw * scale, ch * scale
        margin = 0.5 * math.hypot(sw, sh) if small or attempt > 3 else 0.0
        lo = np.array([margin, margin]) if margin else np.array([sw, sh]) * 0.5
        hi = np.array([W, H]) - lo
        if (hi <= lo).any():
            scale *= 0.9
            continue
        center = (float(rng.uniform(lo[0], hi[0])), float(rng.uniform(lo[1], hi[1])))
        Hs = synth._homography((sh, sw), center, angle, persp, rng)
        Hm = Hs @ np.diag([scale, scale, 1.0])
        poly = synth._apply_h(Hm, [[0, 0], [cw, 0], [cw, ch], [0, ch]])
        if poly.min() >= 0 and poly[:, 0].max() <= W and poly[:, 1].max() <= H:
            break
        scale *= 0.93
    else:
        raise RuntimeError("could not fit the document in the frame")
    src = img
    if scale < 1:  # shrink first (area filter), so the warp does not alias small text
        nw, nh = max(1, round(cw * scale)), max(1, round(ch * scale))
        src = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_AREA)
        warp = Hm @ np.diag([cw / nw, ch / nh, 1.0])
    else:
        warp = Hm
    synth.paste(photo, src, warp, poly, float(rng.uniform(0.75, 1.05)))
    if geometry in ("card", "screen") and rng.random() < 0.3:
        synth._glare(photo, rng, poly)
    photo, blur, noise = synth.camera(photo, rng)
    facts = {
        "background": bg_name,
        "blur_sigma": round(blur, 2),
        "noise_sigma": round(noise, 2),
        "angle": round(angle, 1),
        "polygon": poly,
        "flat": False,
    }
    return photo, Hm, facts


def place_flat(rng: np.random.Generator, img: np.ndarray, geometry: str) -> tuple[np.ndarray, np.ndarray, dict]:
    """A screenshot, an export or a scan: the document is the image (scaled; scans slightly skewed)."""
    ch, cw = img.shape[:2]
    if geometry == "screen":
        scale = SCREEN_WIDTHS[int(rng.integers(0, len(SCREEN_WIDTHS)))] / cw
    else:
        scale = float(rng.uniform(1400, 2600)) / max(cw, ch)
    W, H = round(cw * scale), round(ch * scale)
    angle = float(rng.uniform(-1.5, 1.5)) if geometry == "page" else 0.0
    R = cv2.getRotationMatrix2D((W / 2, H / 2), angle, 1.0)
    Hm = np.vstack([R, [0, 0, 1]]) @ np.diag([scale, scale, 1.0])
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    if angle == 0.0:
        photo = cv2.resize(img, (W, H), interpolation=interp)
    else:
        src = cv2.resize(img, (W, H), interpolation=interp) if scale < 1 else img
        warp = Hm @ np.diag([cw / src.shape[1], ch / src.shape[0], 1.0])
        photo = cv2.warpPerspective(src, warp, (W, H), flags=cv2.INTER_LINEAR, borderValue=(250, 250, 250))
        if geometry == "page":  # scanner noise
            photo = np.clip(photo.astype(np.float32) + rng.normal(0, 2.5, photo.shape), 0, 255).astype(np.uint8)
    poly = synth._apply_h(Hm, [[0, 0], [cw, 0], [cw, ch], [0, ch]])
    facts = {
        "background": "none",
        "blur_sigma": 0.0,
        "noise_sigma": 2.5 if angle else 0.0,
        "angle": round(-angle, 1),
        "polygon": poly,
        "flat": True,
    }
    return photo, Hm, facts


# ------------------------------------------------------------------------------------------------ truth


def _quad(Hm: np.ndarray, box: tuple[float, float, float, float]) -> list[list[float]]:
    x0, y0, x1, y1 = box
    q = synth._apply_h(Hm, [[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    return [[round(float(x), 1), round(float(y), 1)] for x, y in q]


def truth(doc: Doc, Hm: np.ndarray, facts: dict, size: tuple[int, int]) -> dict:
    """The photo's truth from the document's recorded boxes and the homography that placed it."""
    lines, items, not_phi, either = [], [], [], []
    for ln in doc.canvas.lines:
        poly = _quad(Hm, ln.box)
        lp = np.asarray(poly)
        d = lp[1] - lp[0]
        spans = []
        for part in ln.parts:
            q = _quad(Hm, part.box)
            height = 0.5 * (math.dist(q[0], q[3]) + math.dist(q[1], q[2]))
            if part.category:
                ident = int(CATEGORIES[part.category])
                spans.append(
                    {
                        "identifier": ident,
                        "value": part.text,
                        "start": part.start,
                        "end": part.end,
                        "category": part.category,
                        "polygon": q,
                    }
                )
                items.append(
                    {
                        "category": part.category,
                        "identifier": ident,
                        "text": part.text,
                        "polygon": q,
                        "legible": height >= 8.0,
                        "line": len(lines),
                    }
                )
            elif part.not_phi:
                not_phi.append({"text": part.text, "polygon": q, "why": part.not_phi})
            elif part.either:
                either.append({"text": part.text, "polygon": q, "why": part.either})
        idents = sorted({s["identifier"] for s in spans})
        lines.append(
            {
                "id": len(lines),
                "card": 0,
                "text": ln.text,
                "polygon": poly,
                "angle": round(math.degrees(math.atan2(float(d[1]), float(d[0]))), 1),
                "height": round(0.5 * float(np.linalg.norm(lp[3] - lp[0]) + np.linalg.norm(lp[2] - lp[1])), 1),
                "font": ln.font,
                "size": ln.size,
                "light_on_dark": ln.light_on_dark,
                "identifier": idents[0] if idents else None,
                "identifiers": idents,
                "phi": spans,
            }
        )
    for code in doc.canvas.codes:
        q = _quad(Hm, code["box"])
        if code["category"]:
            items.append(
                {
                    "category": code["category"],
                    "identifier": int(CATEGORIES[code["category"]]),
                    "text": code["text"],
                    "polygon": q,
                    "legible": True,
                    "line": None,
                }
            )
        else:
            not_phi.append({"text": code["text"], "polygon": q, "why": f"product code ({code['format']})"})
    heights = sorted(ln["height"] for ln in lines)
    return {
        "width": size[0],
        "height": size[1],
        "background": facts["background"],
        "blur_sigma": facts["blur_sigma"],
        "noise_sigma": facts["noise_sigma"],
        "identifiers": sorted({i["identifier"] for i in items}),
        "cards": [
            {
                "id": 0,
                "kind": doc.layout,
                "polygon": [[round(float(x), 1), round(float(y), 1)] for x, y in facts["polygon"]],
                "angle": facts["angle"],
                "light_on_dark": doc.canvas.light_on_dark,
                "lines": list(range(len(lines))),
            }
        ],
        "lines": lines,
        "layout": doc.layout,
        "geometry": doc.geometry,
        "flat": facts["flat"],
        "script": doc.script,
        "text_px": round(heights[len(heights) // 2], 1) if heights else None,
        "kind": doc.kind,
        "expected": doc.expected,
        "identity_document": doc.identity_document,
        "items": items,
        "not_phi": not_phi,
        "either": either,
    }


# ------------------------------------------------------------------------------------------------ photos


def make_photo(
    rng: np.random.Generator, layout: str, size: tuple[int, int], backgrounds: list[Path]
) -> tuple[np.ndarray, dict]:
    doc = LAYOUTS[layout](rng)
    img = doc.canvas.pixels()
    text_px = _text_px(doc.canvas.lines)
    flat_p = {"screen": 0.5, "film": 0.5, "page": 0.25}.get(doc.geometry, 0.0)
    if rng.random() < flat_p:
        photo, Hm, facts = place_flat(rng, img, doc.geometry)
        out_size = (photo.shape[1], photo.shape[0])
    else:
        pre = np.eye(3)
        if doc.geometry in ("screen", "film"):  # a monitor or light box around it
            pad = round(0.03 * max(img.shape[:2]))
            img = _bezel(img, pad, (18, 18, 20) if doc.geometry == "screen" else (235, 238, 240))
            pre = np.array([[1, 0, pad], [0, 1, pad], [0, 0, 1]], np.float64)
        photo, Hm, facts = place_photo(rng, img, text_px, doc.geometry, size, backgrounds)
        Hm = Hm @ pre
        out_size = size
    return photo, truth(doc, Hm, facts, out_size)


def background_files() -> list[Path]:
    """bench.synth's text-free clean_* photos, from IMGSCREEN_SHARED when set (as bench.e2e reads it), else
    from the shared folder beside the project root; [] (procedural backgrounds) when neither exists.

    Not the hikers' silhouettes: people whose heads a face detector may find (the shared README calls either
    decision defensible, and bench.e2e and bench.clean_set leave the photo out too), so a photo this generator
    calls clean must not stand in front of them."""
    env = os.environ.get("IMGSCREEN_SHARED")
    folder = Path(env) / "photos" if env else synth.SHARED_PHOTOS
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("clean_*")
                  if p.suffix.lower() in (".jpg", ".jpeg", ".png") and p.name != PEOPLE_SILHOUETTES)


def generate(
    n: int,
    seed: int,
    out_dir: Path,
    size: tuple[int, int] = FRAME,
    layouts: list[str] | None = None,
    held_out: bool = False,
) -> list[dict]:
    """Write `n` photos and their truth into `out_dir`; return the truth dicts."""
    check_seed(seed, held_out)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = layouts or list(LAYOUTS)
    unknown = [x for x in names if x not in LAYOUTS]
    if unknown:
        raise SystemExit(f"unknown layouts {unknown}; known: {', '.join(LAYOUTS)}")
    order = layout_order(seed, names)
    backgrounds = background_files()
    missing = sorted(f for files in missing_fonts().values() for f in files)
    results = []
    for i in range(n):
        rng = np.random.default_rng([seed, i, 22])  # photo i is the same whatever n is
        photo, gt = make_photo(rng, order[i % len(order)], size, backgrounds)
        quality = int(rng.integers(70, 95))
        stem = f"wide_{seed}_{i:04d}"
        Image.fromarray(photo).save(out_dir / f"{stem}.jpg", quality=quality)
        gt = {
            "file": f"{stem}.jpg",
            "seed": seed,
            "index": i,
            "jpeg_quality": quality,
            **gt,
            "fonts_missing": missing,
            "id": stem,
            "image": f"{stem}.jpg",
            "size": [photo.shape[1], photo.shape[0]],
        }
        (out_dir / f"{stem}.json").write_text(json.dumps(gt, indent=1, ensure_ascii=False))
        results.append(gt)
    (out_dir / "index.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    return results


def draw_truth(photo_path: Path, gt: dict, out: Path, max_side: int = 1800) -> None:
    """The truth drawn on the photo: PHI items red, not_phi green, either yellow, other lines thin grey."""
    img = cv2.imread(str(photo_path), cv2.IMREAD_COLOR)
    for ln in gt["lines"]:
        cv2.polylines(img, [np.round(np.asarray(ln["polygon"])).astype(np.int32)], True, (160, 160, 160), 1)
    for group, colour in (("not_phi", (0, 170, 0)), ("either", (0, 200, 230)), ("items", (0, 0, 255))):
        for it in gt[group]:
            p = np.round(np.asarray(it["polygon"])).astype(np.int32)
            cv2.polylines(img, [p], True, colour, 2)
            if group == "items":
                cv2.putText(img, it["category"], tuple(int(v) for v in p[0]), cv2.FONT_HERSHEY_SIMPLEX, 0.8, colour, 2)
    s = min(1.0, max_side / max(img.shape[:2]))
    if s < 1:
        img = cv2.resize(img, None, fx=s, fy=s, interpolation=cv2.INTER_AREA)
    cv2.imwrite(str(out), img)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        prog="python -m bench.synth_wide",
        description=__doc__.split("\n\n")[0].replace("\n", " "),
        epilog="Seed policy: dev seeds 1000-1999 for tuning and looking; held-out seeds "
        "5000-5999 only for reported numbers (needs --held-out); others refused.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1000, help="dev 1000-1999; held-out 5000-5999 with --held-out")
    ap.add_argument("--held-out", action="store_true", help="generate a held-out set (reporting only, never tuning)")
    ap.add_argument("--out", type=Path, default=None, help="default bench/cache/wide/<seed>")
    ap.add_argument("--width", type=int, default=FRAME[0])
    ap.add_argument("--height", type=int, default=FRAME[1])
    ap.add_argument("--layouts", default=None, help=f"comma list, default all: {', '.join(LAYOUTS)}")
    ap.add_argument("--draw", type=Path, default=None, help="also write the truth drawn on each photo into this folder")
    a = ap.parse_args(argv)
    missing = missing_fonts()
    if missing:
        print(
            f"note: {sum(len(v) for v in missing.values())} preferred font files are missing (roles "
            f"{', '.join(sorted(missing))}); generating with fewer fonts. Install: apt-get install "
            f"{' '.join(DEBIAN_PACKAGES)}"
        )
    out = a.out or Path(__file__).resolve().parent / "cache" / "wide" / str(a.seed)
    gts = generate(a.n, a.seed, out, (a.width, a.height), a.layouts.split(",") if a.layouts else None, a.held_out)
    if a.draw:
        a.draw.mkdir(parents=True, exist_ok=True)
        for g in gts:
            draw_truth(out / g["file"], g, a.draw / (Path(g["file"]).stem + ".truth.png"))
    n_items = sum(len(g["items"]) for g in gts)
    print(
        f"wrote {len(gts)} photos ({len({g['layout'] for g in gts})} layouts), {n_items} PHI items, "
        f"{sum(len(g['not_phi']) for g in gts)} must-stay-visible to {out}"
    )


if __name__ == "__main__":
    main()
