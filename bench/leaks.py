"""Leak test (issue 7): can an independent reader still get PHI out of a safe copy?

    python -m bench.leaks [--n 24] [--dir bench/cache/e2e_synth/12mp] [--full-frame] [--no-presidio]

Issue 7's rule: an independent OCR run on each safe copy must not read any ground-truth PHI string,
and the face detector must find no face where one was masked. We report the number of leaks (target
0) and the fraction of the photo area masked (lower is better at equal leaks).

Why an *independent* OCR: the verify pass inside the pipeline already re-reads masked regions with
our own default engine, so a leak check with the same engine would only re-run the verify pass.
Tesseract (a different detector and recogniser) is the independent reader; our rapidocr engine in its
thorough mode (`policy.text.thorough`, reads small text everywhere) is added because it is the best
scene-text reader we have, and an attacker uses the best one.

Where the readers look (`regions`): on whole 12 MP frames Tesseract takes ~50 s a pass on this loaded
2-core machine, x4 rotations, so the default places the readers where ground truth says PHI was
printed: each PHI line's polygon grown by half a line height and rectified to a horizontal strip
through its own perspective (the text as straight as it was printed), stacked into one sheet per photo.
That is a stronger reader than a whole-frame pass (rotated and slanted text is what whole-frame
Tesseract misses), and no PHI string can be anywhere else: synth backgrounds carry no text.
`--full-frame` runs the literal version (whole safe copy at 0/90/180/270) for a spot check.

A leak: a ground-truth PHI value with at least 4 letters/digits whose normalised form (letters and
digits only, upper case, O->0, I/l->1) appears in the normalised text of *any* reading of that photo.
Leak descriptions carry indices, identifier numbers and lengths, never the strings.

Face leaks: `imgscreen.faces.detect_boxes` on the safe copy (policy threshold); a detection whose
centre lies inside a masked face box means the mask left something a detector calls a face.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import cv2
import numpy as np

MIN_ALNUM = 4
ROTATIONS = (0, 90, 180, 270)
_TRANS = str.maketrans({"O": "0", "I": "1"})


# ------------------------------------------------------------------------------------------- pure


def normalize(text: str) -> str:
    """Letters and digits only, upper case, O->0 and I/l->1: the confusions OCR makes most."""
    return "".join(ch for ch in text.replace("l", "1") if ch.isalnum()).upper().translate(_TRANS)


def phi_values(gt: dict) -> list[tuple[int, int, str]]:
    """(line id, identifier, value) of every ground-truth PHI span long enough to judge (>= 4 alnum)."""
    out = []
    for ln in gt["lines"]:
        for span in ln["phi"]:
            if sum(ch.isalnum() for ch in span["value"]) >= MIN_ALNUM:
                out.append((ln["id"], span["identifier"], span["value"]))
    return out


def phi_line_regions(gt: dict, scale: float = 1.0) -> list[list[list[float]]]:
    """Polygons (TL, TR, BR, BL in reading order) of the ground-truth lines that hold PHI."""
    return [[[x * scale, y * scale] for x, y in ln["polygon"]] for ln in gt["lines"] if ln["phi"]]


def rectify(rgb: np.ndarray, quad: Sequence[Sequence[float]], grow: float = 0.5) -> np.ndarray:
    """The quadrilateral (TL, TR, BR, BL, reading order) warped to an upright strip, grown on every side
    by `grow` times its height, so the strip shows the text as it was printed."""
    q = np.asarray(quad, np.float32)
    height = 0.5 * (np.linalg.norm(q[3] - q[0]) + np.linalg.norm(q[2] - q[1]))
    width = 0.5 * (np.linalg.norm(q[1] - q[0]) + np.linalg.norm(q[2] - q[3]))
    pad = grow * height
    # Upscale small text to ~40 px: Tesseract reads best at 30-40 px x-height.
    zoom = float(np.clip(40.0 / max(height, 1.0), 1.0, 4.0))
    w_out = int(round((width + 2 * pad) * zoom))
    h_out = int(round((height + 2 * pad) * zoom))
    if w_out < 4 or h_out < 4:
        return np.zeros((8, 8, 3), np.uint8)
    dst = np.array([[pad, pad], [pad + width, pad], [pad + width, pad + height], [pad, pad + height]], np.float32)
    m = cv2.getPerspectiveTransform(q, dst * zoom)
    return cv2.warpPerspective(rgb, m, (min(w_out, 8000), min(h_out, 2000)), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)


def strip_sheet(strips: Sequence[np.ndarray], max_width: int = 2400, gap: int = 24) -> np.ndarray:
    """Rectified strips stacked into one page (white gaps between), so each reader starts once per photo
    instead of once per line: process start-up dominates a Tesseract call on a small strip."""
    rows = []
    for s in strips:
        if s.shape[1] > max_width:
            s = cv2.resize(s, (max_width, max(1, round(s.shape[0] * max_width / s.shape[1]))),
                           interpolation=cv2.INTER_AREA)
        rows.append(s)
    width = max(s.shape[1] for s in rows) + 2 * gap
    height = sum(s.shape[0] for s in rows) + gap * (len(rows) + 1)
    sheet = np.full((height, width, 3), 255, np.uint8)
    y = gap
    for s in rows:
        sheet[y : y + s.shape[0], gap : gap + s.shape[1]] = s
        y += s.shape[0] + gap
    return sheet


def _rotate(rgb: np.ndarray, degrees: int) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(rgb, k=degrees // 90)) if degrees % 360 else rgb


def tesseract_text(rgb: np.ndarray, psm: int = 11) -> str:
    import pytesseract

    return str(pytesseract.image_to_string(rgb, config=f"--psm {psm}"))


def rapidocr_thorough_text(rgb: np.ndarray) -> str:
    """Our engine in thorough mode; '' when it cannot run here (the leak check then relies on Tesseract)."""
    try:
        from imgscreen.ocr import read_lines
    except Exception:  # noqa: BLE001 - optional second reader
        return ""
    return "\n".join(ln.text for ln in read_lines(rgb, "rapidocr", None, thorough=True))


def readings(
    safe_rgb: np.ndarray,
    regions: Sequence[Sequence[Sequence[float]]] | None = None,
    engines: Sequence[str] = ("tesseract", "rapidocr"),
) -> dict[str, str]:
    """All text the independent readers get out of the safe copy, per engine.

    `regions=None`: the whole frame, Tesseract at 0/90/180/270 degrees (sparse-text mode) and
    rapidocr thorough once (it finds any rotation itself). With regions: the rectified strips (upright by
    construction, so no other rotation is needed) stacked into one sheet, read by Tesseract as a block
    (psm 6) and as sparse text (psm 11), and by rapidocr thorough.
    """
    texts: dict[str, list[str]] = {e: [] for e in engines}
    if regions is None:
        if "tesseract" in engines:
            texts["tesseract"] += [tesseract_text(_rotate(safe_rgb, r), 11) for r in ROTATIONS]
        if "rapidocr" in engines:
            texts["rapidocr"].append(rapidocr_thorough_text(safe_rgb))
    elif regions:
        sheet = strip_sheet([rectify(safe_rgb, q) for q in regions])
        if "tesseract" in engines:
            texts["tesseract"] += [tesseract_text(sheet, 6), tesseract_text(sheet, 11)]
        if "rapidocr" in engines:
            texts["rapidocr"].append(rapidocr_thorough_text(sheet))
    return {e: "\n".join(t) for e, t in texts.items()}


def find_leaks(texts: dict[str, str], gt_phi_values: Iterable[str | tuple[int, str]]) -> list[dict[str, Any]]:
    """Which values appear in which reading; descriptions hold no PHI (index, identifier, length)."""
    norm = {e: normalize(t) for e, t in texts.items()}
    leaks = []
    for i, item in enumerate(gt_phi_values):
        ident, value = (None, item) if isinstance(item, str) else item
        v = normalize(value)
        if sum(ch.isalnum() for ch in value) < MIN_ALNUM or not v:
            continue
        engines = sorted(e for e, t in norm.items() if v in t)
        if engines:
            leaks.append({"value_index": i, "identifier": ident, "length": len(v), "engines": engines})
    return leaks


def ocr_leaks(
    safe_rgb: np.ndarray,
    gt_phi_values: Iterable[str | tuple[int, str]],
    regions: Sequence[Sequence[Sequence[float]]] | None = None,
    engines: Sequence[str] = ("tesseract", "rapidocr"),
) -> list[dict[str, Any]]:
    """Ground-truth PHI values (plain strings or (identifier, value)) an independent OCR reads in the
    safe copy, as PHI-free descriptions. See the module docstring for `regions`."""
    return find_leaks(readings(safe_rgb, regions, engines), list(gt_phi_values))


def face_leaks(
    safe_rgb: np.ndarray, masked_face_boxes: Sequence[Sequence[float]], threshold: float | None = None,
    judge: str = "centerface",
) -> list[dict[str, Any]]:
    """Faces a detector still finds inside masked face boxes `[x, y, w, h]` of the safe copy.

    `judge`: "centerface" (our own detector at the policy threshold, the one the verify pass also
    uses) or "haar" (OpenCV's Haar cascade, an independent second opinion that shares nothing with us).
    """
    if not masked_face_boxes:
        return []
    if judge == "haar":
        from bench.faces import haar

        found = haar(safe_rgb)
    else:
        from imgscreen.faces import detect_boxes
        from imgscreen.policy import Policy

        fp = Policy().faces
        found = detect_boxes(safe_rgb, threshold if threshold is not None else fp.threshold, fp.min_size,
                             fp.max_megapixels, fp.rotations)
    leaks = []
    for x, y, w, h, score in found:
        cx, cy = x + w / 2, y + h / 2
        for j, (bx, by, bw, bh) in enumerate(masked_face_boxes):
            if bx <= cx <= bx + bw and by <= cy <= by + bh:
                leaks.append({"mask_index": j, "score": round(float(score), 3), "size": round(float(max(w, h)))})
                break
    return leaks


def changed_fraction(original: np.ndarray, safe: np.ndarray) -> float:
    """Fraction of the photo whose pixels the tool changed: the masked area, measured the same way for
    every tool (a tool's own notion of its mask area is not comparable across tools)."""
    if original.shape != safe.shape:
        return 1.0
    return float(np.count_nonzero(np.any(original != safe, axis=2))) / float(original.shape[0] * original.shape[1])


# ------------------------------------------------------------------------------------------- runner

ROOT = Path(__file__).resolve().parent
DEFAULT_DIR = ROOT / "cache" / "e2e_synth" / "12mp"
SAFE_DIR = ROOT / "cache" / "e2e_synth" / "safe"
SHARED_PHOTOS = Path(os.environ.get("IMGSCREEN_SHARED", ROOT.parent.parent / "shared")) / "photos"
RESULTS = ROOT / "results" / "leaks.json"


def load_rgb(path: Path) -> np.ndarray:
    from PIL import Image, ImageOps

    with Image.open(path) as im:
        return np.asarray(ImageOps.exif_transpose(im).convert("RGB"))


def read_safe(tool: str, size: str, stem: str) -> np.ndarray | None | str:
    """A cached safe copy written by bench.e2e: array, "reject" (the tool gave none), or None (not cached)."""
    d = SAFE_DIR / tool / size
    if (d / f"{stem}.reject").exists():
        return "reject"
    p = d / f"{stem}.png"
    if not p.exists():
        return None
    img = cv2.imread(str(p), cv2.IMREAD_COLOR)
    return None if img is None else cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


def write_safe(tool: str, size: str, stem: str, safe: np.ndarray | None) -> None:
    """Lossless, so the leak check sees exactly the pixels the tool produced (before JPEG)."""
    d = SAFE_DIR / tool / size
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{stem}.reject").unlink(missing_ok=True)
    (d / f"{stem}.png").unlink(missing_ok=True)
    if safe is None:
        (d / f"{stem}.reject").write_text("")
    else:
        cv2.imwrite(str(d / f"{stem}.png"), cv2.cvtColor(safe, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_PNG_COMPRESSION, 1])


def screen_imgscreen(path: Path) -> np.ndarray | None:
    from imgscreen.pipeline import Screener

    global _SCREENER
    if "_SCREENER" not in globals():
        _SCREENER = Screener()
    return _SCREENER.screen_file(path)[0].safe_pixels


def check_synth(tool: str, gts: list[dict], folder: Path, full_frame: bool, size: str = "12mp",
                scale: float = 1.0) -> dict[str, Any]:
    """OCR leaks and masked area over a synth set, for one tool's cached (or freshly made) safe copies."""
    per_photo = []
    for gt in gts:
        stem = Path(gt["file"]).stem
        safe = read_safe(tool, size, stem)
        if safe is None:
            if tool == "imgscreen":
                safe = screen_imgscreen(folder / gt["file"])
            elif tool == "presidio":
                safe = presidio_redact(load_rgb(folder / gt["file"]))
            else:
                raise ValueError(tool)
            write_safe(tool, size, stem, safe)
            safe = "reject" if safe is None else safe
        values = [(ident, value) for _, ident, value in phi_values(gt)]
        if isinstance(safe, str):
            per_photo.append({"file": gt["file"], "rejected": True, "leaks": [], "n_values": len(values),
                              "masked_fraction": None})
            continue
        regions = None if full_frame else phi_line_regions(gt, scale)
        leaks = ocr_leaks(safe, values, regions)
        orig = load_rgb(folder / gt["file"])
        per_photo.append({"file": gt["file"], "rejected": False, "leaks": leaks, "n_values": len(values),
                          "masked_fraction": round(changed_fraction(orig, safe), 5)})
    return summarize(per_photo)


def summarize(per_photo: list[dict]) -> dict[str, Any]:
    kept = [p for p in per_photo if not p["rejected"]]
    fr = [p["masked_fraction"] for p in kept if p["masked_fraction"] is not None]
    return {
        "photos": len(per_photo),
        "rejected": len(per_photo) - len(kept),
        "values": sum(p["n_values"] for p in per_photo),
        "values_checked": sum(p["n_values"] for p in kept),
        "leaks": sum(len(p["leaks"]) for p in per_photo),
        "photos_with_leaks": sum(1 for p in per_photo if p["leaks"]),
        "masked_fraction_mean": round(float(np.mean(fr)), 5) if fr else None,
        "per_photo": per_photo,
    }


_PRESIDIO = None


def presidio_engine():
    """presidio-image-redactor as people run it: Tesseract + presidio's default recognizers (on the
    blank spaCy engine, since no spaCy model can be downloaded here; see bench.phi.baseline_analyzer)."""
    global _PRESIDIO
    if _PRESIDIO is None:
        from presidio_image_redactor import ImageAnalyzerEngine, ImageRedactorEngine, TesseractOCR

        from bench.phi import baseline_analyzer

        _PRESIDIO = ImageRedactorEngine(
            image_analyzer_engine=ImageAnalyzerEngine(analyzer_engine=baseline_analyzer(), ocr=TesseractOCR())
        )
    return _PRESIDIO


def presidio_redact(rgb: np.ndarray) -> np.ndarray:
    from PIL import Image

    return np.asarray(presidio_engine().redact(Image.fromarray(rgb), fill=(0, 0, 0)).convert("RGB"))


def check_shared_faces(tool: str) -> dict[str, Any] | None:
    """Face leaks on the shared faces_*/mixed_* photos, from safe copies and masked boxes cached by bench.e2e."""
    d = SAFE_DIR / tool / "shared"
    boxes_file = d / "masked_faces.json"
    if not boxes_file.exists():
        return None
    boxes = json.loads(boxes_file.read_text())
    per_photo = []
    for name, masked in sorted(boxes.items()):
        safe = read_safe(tool, "shared", Path(name).stem)
        if safe is None or isinstance(safe, str):
            continue
        rec = {"file": name, "masked_faces": len(masked), "leaks": face_leaks(safe, masked),
               "haar_leaks": face_leaks(safe, masked, judge="haar")}
        original = cv2.imread(str(SHARED_PHOTOS / name), cv2.IMREAD_COLOR)
        if original is not None:  # control: what the Haar judge finds in the same boxes before masking
            rec["haar_control"] = len(face_leaks(cv2.cvtColor(original, cv2.COLOR_BGR2RGB), masked, judge="haar"))
        per_photo.append(rec)
    return {"photos": len(per_photo), "masked_faces": sum(p["masked_faces"] for p in per_photo),
            "leaks": sum(len(p["leaks"]) for p in per_photo),
            "haar_leaks": sum(len(p["haar_leaks"]) for p in per_photo),
            "haar_control": sum(p.get("haar_control", 0) for p in per_photo), "per_photo": per_photo}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=24)
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="a bench.synth set (index.json)")
    ap.add_argument("--full-frame", action="store_true", help="read whole safe copies at 4 rotations (slow)")
    ap.add_argument("--no-presidio", action="store_true")
    a = ap.parse_args(argv)
    if not (a.dir / "index.json").exists():
        from bench import synth

        print(f"generating {a.n} synth photos into {a.dir} ...", flush=True)
        synth.generate(a.n, 9, a.dir)
    gts = json.loads((a.dir / "index.json").read_text())[: a.n]
    start = time.perf_counter()
    out: dict[str, Any] = {"n": len(gts), "full_frame": a.full_frame, "loadavg_start": os.getloadavg()}
    tools = ["imgscreen"] + ([] if a.no_presidio else ["presidio"])
    for tool in tools:
        print(f"{tool}: OCR leak check on {len(gts)} photos ...", flush=True)
        out[tool] = check_synth(tool, gts, a.dir, a.full_frame)
    for tool in ("imgscreen", "deface"):
        out[f"{tool}_faces"] = check_shared_faces(tool)
    out["loadavg_end"] = os.getloadavg()
    out["seconds"] = round(time.perf_counter() - start, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=1))
    print(f"\nLeak test, {len(gts)} synth photos ({out[tools[0]]['values']} PHI values of >= {MIN_ALNUM} "
          f"alnum); readers: Tesseract + rapidocr thorough, {'whole frame' if a.full_frame else 'PHI line strips'}")
    print(f"{'tool':<12}{'OCR leaks':>10}{'photos w/ leak':>16}{'rejected':>10}{'masked area':>13}{'face leaks':>12}")
    for tool in ("imgscreen", "presidio", "deface"):
        s = out.get(tool)
        f = out.get(f"{tool}_faces")
        if s is None and f is None:
            continue
        ocr = f"{s['leaks']}/{s['values_checked']}" if s else "n/a"
        pw = str(s["photos_with_leaks"]) if s else "n/a"
        rj = str(s["rejected"]) if s else "n/a"
        ma = f"{100 * s['masked_fraction_mean']:.2f}%" if s and s["masked_fraction_mean"] is not None else "n/a"
        fl = f"{f['leaks']}/{f['masked_faces']}" if f else "n/a"
        print(f"{tool:<12}{ocr:>10}{pw:>16}{rj:>10}{ma:>13}{fl:>12}")
    print(f"results: {RESULTS}  ({out['seconds']} s, load average {out['loadavg_end'][0]:.1f} on {os.cpu_count()} "
          "cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
