"""Real-photo benchmark (issue 22): identifying items protected on photos the tool was never tuned on.

    python -m bench.real [--half dev|dev2|heldout|fresh|...|fresh8|both] [--tools imgscreen,presidio]
                         [--no-leaks] [--fast]
    python -m bench.real --split            # once, when the set is complete: writes bench/realset/split.tsv
    python -m bench.real --combine a.json b.json [before=c.json]   # one table over runs made apart

The set (`bench/realset/`, see its README) holds real images from public repositories, each with a truth
file made by hand (`bench/annotate.py`): identifying *items* (a name, a date of birth, an MRN, a face,
a barcode; polygon, category, printed text), text that must stay visible (`not_phi`), the decision a
careful person would take (`expected`), and whether it is an identity document. The set is split once,
by source repository (so one repository's layout is never on both sides), into a **dev** half that
may be looked at and tuned on, and a **held-out** half that is only ever reported. Images added after
the held-out half had been reported (and so seen, at category level, by the people tuning) form a third
half, **fresh** (`split.tsv` rows added by hand, from repositories on neither side): like the held-out
half it is only ever reported, and its first report is the one a change is judged on. Once a fresh half
has been reported, the next batch of new repositories becomes **fresh2** (stop 27), and so on.

Tools, same images, same run: imgscreen (the whole pipeline with its verify pass) and
presidio-image-redactor 0.0.61 (Tesseract + presidio's recognizers, as `bench.e2e` runs it). `--fast`
runs imgscreen's detectors once per image and caches them (faces, OCR lines, barcodes; every line, with
no early stop at a reject); PHI classification, decision and masks run fresh; no verify pass. On dev it
is for tuning; on the held-out half it lets a baseline and a new classifier be scored on the very same detector outputs
(detection is the slow part and neither version changes it); such tables say "fast".

Scores (per half, per tool):
  protected       an item counts when the photo was rejected (nothing is shared), or when its ink is
                  hidden: of the pixels in its polygon that stand out from their surroundings in the
                  original (text strokes, bars), >= 90% no longer stand out in the safe copy. That
                  judges a mask by what it hides, whatever its colour and whatever the background
                  (white text on a black X-ray included). Faces: >= 60% of the box's pixels changed.
  leaks           item values (>= 4 letters/digits) an independent reader still reads in the safe copy:
                  Tesseract and our OCR in thorough mode on the item's region, grown and rectified
                  (`bench.leaks`); shown beside how many of them the same readers read in the original.
  misses by OCR   each missed text item (not a face), by whose miss it is (`ocr_status`): the lines
                  the tool read over it hold its value (the classifier's), garble it, or there is none.
  non-PHI masked  lines our OCR (thorough) reads in the original that touch no item, with >= 50% of
                  their ink hidden, over photos that got a safe copy; and the `not_phi` texts masked.
  rejections      photos with no item that were rejected (false rejections), photos with items that
                  were accepted, identity documents rejected.
Result records name images and categories, never item text. Raw results: bench/results/real.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import hashlib
import json
import os
import pickle
import re
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent
SET = ROOT / "realset"
SHARED = Path(os.environ.get("IMGSCREEN_SHARED", ROOT.parent.parent / "shared")) / "photos"
CACHE = ROOT / "cache" / "real"
RESULTS = ROOT / "results" / "real.json"
MIN_INK = 12  # grey levels a stroke pixel must stand out from its neighbourhood's median, at least
FLAT = 6.0  # grey-level spread (std) under which a stroke-sized window of the safe copy shows nothing
HIDDEN = 0.9  # an item is protected when this share of its ink is hidden
LINE_MASKED = 0.5
FACE_CHANGED = 0.6
TEXT_CATEGORIES_FOR_LEAKS = frozenset({"name", "address", "date", "phone", "fax", "email", "ssn", "mrn",
                                       "health_plan", "account", "license", "vehicle", "device", "url", "ip",
                                       "other_id"})
NAME_OR_ID = frozenset({"name", "ssn", "mrn", "health_plan", "account", "license", "vehicle", "device",
                        "other_id"})


# ------------------------------------------------------------------------------------------- data


#: The halves in report order: tuned on (dev, and dev2 from stop 29), reported, and reported-never-seen (added
#: from stop 26 on, one or two per stop).
HALVES = ("dev", "dev2", "heldout", "fresh") + tuple(f"fresh{n}" for n in range(2, 110))


def load_set(root: Path = SET, half: str = "both") -> list[dict]:
    """Truth dicts (with `half` and `path` added), in id order; `half` filters by the split.

    A few images are byte for byte the files of `../shared/photos/` (the same public sources); they
    are not kept in the repository (`from_shared.tsv` names them) and are read from the shared folder,
    or left out with a note where it is absent.
    """
    split = read_split(root)
    shared = from_shared(root)
    out, missing = [], []
    # A generated set (`bench.synth_wide --out DIR`) keeps each truth beside its photo, no subfolders.
    flat = not (root / "truth").is_dir()
    files = sorted(root.glob("*.json") if flat else (root / "truth").glob("*.json"))
    for p in files:
        t = json.loads(p.read_text())
        if "items" not in t:
            continue  # the generator's index
        t["half"] = split.get(t["id"], "unsplit")
        path = root / t["image"] if flat else root / "images" / t["image"]
        if not path.exists() and t["id"] in shared:
            path = SHARED / shared[t["id"]]
        t["path"] = str(path)
        if half != "both" and t["half"] != half:
            continue
        if path.exists():
            out.append(t)
        else:
            missing.append(t["id"])
    if missing:
        print(f"note: {len(missing)} image(s) not found ({', '.join(missing)}): set IMGSCREEN_SHARED to the folder "
              "holding photos/ to include them")
    return out


def from_shared(root: Path = SET) -> dict[str, str]:
    """id -> file name in `../shared/photos/`, for the set's images kept there rather than here."""
    return _two_columns(root / "from_shared.tsv")


def read_split(root: Path = SET) -> dict[str, str]:
    return _two_columns(root / "split.tsv")


def _two_columns(f: Path) -> dict[str, str]:
    """First column -> second, from a TSV with a header row; empty when the file is not there."""
    if not f.exists():
        return {}
    rows = [ln.split("\t") for ln in f.read_text().splitlines()[1:] if ln.strip()]
    return {r[0]: r[1] for r in rows}


def sources(root: Path = SET) -> dict[str, dict[str, str]]:
    """id -> source row, from every `sources/*.tsv`."""
    out: dict[str, dict[str, str]] = {}
    for f in sorted((root / "sources").glob("*.tsv")):
        lines = f.read_text().splitlines()
        head = lines[0].split("\t")
        for ln in lines[1:]:
            if ln.strip():
                row = dict(zip(head, ln.split("\t"), strict=False))
                out[row["id"]] = row
    return out


def make_split(root: Path = SET) -> dict[str, str]:
    """Dev / held-out by source repository, balanced per kind, decided by a hash (not by results).

    Repositories are visited in the order of their SHA-1; each goes, whole, to the half that holds
    fewer images of its most common kind so far (ties: fewer images overall). One repository's
    layouts never sit on both sides, so the held-out half measures layouts the tuning never saw.
    """
    truths = {t["id"]: t for t in load_set(root)}
    src = sources(root)
    by_repo: dict[str, list[str]] = defaultdict(list)
    for ident in truths:
        by_repo[src.get(ident, {}).get("repo", ident)].append(ident)
    count: dict[str, Counter] = {"dev": Counter(), "heldout": Counter()}
    total = Counter()
    split: dict[str, str] = {}
    for repo in sorted(by_repo, key=lambda r: hashlib.sha1(r.encode()).hexdigest()):
        ids = by_repo[repo]
        kind = Counter(truths[i]["kind"] for i in ids).most_common(1)[0][0]
        half = min(("dev", "heldout"), key=lambda h: (count[h][kind], total[h], h == "heldout"))
        for i in ids:
            split[i] = half
            count[half][truths[i]["kind"]] += 1
            total[half] += 1
    return split


def write_split(root: Path = SET) -> None:
    f = root / "split.tsv"
    if f.exists():
        raise SystemExit(f"{f} exists: the split is made once and never changed (new images: add rows by hand "
                         "to the held-out half, or start a new set)")
    split = make_split(root)
    f.write_text("id\thalf\n" + "".join(f"{i}\t{h}\n" for i, h in sorted(split.items())))
    c = Counter(split.values())
    print(f"{f}: dev {c['dev']}, held-out {c['heldout']}")


# ------------------------------------------------------------------------------------------- geometry


def reading_quad(poly: Sequence[Sequence[float]]) -> np.ndarray:
    """The polygon as a rotated rectangle TL, TR, BR, BL with its long side along the text, read as
    close to upright as possible (hand boxes and OCR lines already are; word boxes may not be)."""
    pts = np.asarray(poly, np.float32)
    if len(pts) != 4:
        pts = cv2.boxPoints(cv2.minAreaRect(pts))
    sides = [np.linalg.norm(pts[(i + 1) % 4] - pts[i]) for i in range(4)]
    start = 0 if sides[0] >= sides[1] else 1
    q = np.roll(pts, -start, axis=0)
    d = q[1] - q[0]
    if d[0] < 0 or (abs(d[0]) < 1e-6 and d[1] < 0):  # pointing left: start from the other end
        q = np.roll(q, -2, axis=0)
    return q


def item_height(poly: Sequence[Sequence[float]]) -> float:
    q = reading_quad(poly)
    return float(max(1.0, min(np.linalg.norm(q[3] - q[0]), np.linalg.norm(q[1] - q[0]))))


def _crop(img: np.ndarray, poly: np.ndarray, grow: float) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    h, w = img.shape[:2]
    x0, y0 = np.floor(poly.min(axis=0) - grow).astype(int)
    x1, y1 = np.ceil(poly.max(axis=0) + grow).astype(int)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1 + 1), min(h, y1 + 1)
    m = np.zeros((max(0, y1 - y0), max(0, x1 - x0)), np.uint8)
    if m.size:
        cv2.fillPoly(m, [np.round(poly - [x0, y0]).astype(np.int32)], 1)
    return img[y0:y1, x0:x1], m > 0, (x0, y0)


def _stand_out(gray: np.ndarray, k: int) -> np.ndarray:
    """How far each pixel is from the median of its k x k neighbourhood."""
    med = cv2.medianBlur(gray, k)
    return np.abs(gray.astype(np.int16) - med.astype(np.int16))


def hidden_ink(orig: np.ndarray, safe: np.ndarray, poly: Sequence[Sequence[float]]) -> float:
    """Share of the polygon's ink that no longer shows in the safe copy; 1.0 for a blank polygon.

    Ink: pixels of the original that stand out from the median of their neighbourhood (1.5 text
    heights) by at least half as much as the polygon's strongest strokes (its 98th percentile; at
    least `MIN_INK` levels), so faint grey print counts as much as black. Still showing: the safe copy
    is not flat around that pixel (grey-level spread over a stroke-sized window, a quarter of the text
    height within 3-9 px, above `FLAT`). A solid fill of any colour is flat except along its own border, which a
    mask that covers its text keeps away from the strokes.
    """
    p = np.asarray(poly, np.float64)
    h = item_height(poly)
    k = int(np.clip(round(1.5 * h), 3, 255)) | 1
    a, inside, _ = _crop(orig, p, k)
    b, _, _ = _crop(safe, p, k)
    if not inside.any():
        return 1.0
    so_a = _stand_out(cv2.cvtColor(a, cv2.COLOR_RGB2GRAY), k)
    t = max(MIN_INK, 0.5 * float(np.percentile(so_a[inside], 98)))
    ink = (so_a > t) & inside
    n = int(np.count_nonzero(ink))
    if n == 0:
        return 1.0
    g = cv2.cvtColor(b, cv2.COLOR_RGB2GRAY).astype(np.float32)
    w = int(np.clip(round(h / 4), 3, 9)) | 1
    mean = cv2.boxFilter(g, -1, (w, w))
    spread = np.sqrt(np.maximum(cv2.boxFilter(g * g, -1, (w, w)) - mean * mean, 0))
    still = (spread > FLAT) & ink
    return 1.0 - np.count_nonzero(still) / n


def _changed(a: np.ndarray, b: np.ndarray, where: np.ndarray) -> float:
    return float(np.mean(np.any(a[where] != b[where], axis=-1))) if where.any() else 0.0


def changed_fraction(orig: np.ndarray, safe: np.ndarray, poly: Sequence[Sequence[float]]) -> float:
    a, inside, _ = _crop(orig, np.asarray(poly, np.float64), 0)
    b, _, _ = _crop(safe, np.asarray(poly, np.float64), 0)
    return _changed(a, b, inside)


def overlap(a: Sequence[Sequence[float]], b: Sequence[Sequence[float]]) -> float:
    """Share of polygon a's area inside polygon b."""
    pa, pb = np.asarray(a, np.float32), np.asarray(b, np.float32)
    area = abs(cv2.contourArea(pa))
    if area <= 0:
        return 0.0
    inter, _ = cv2.intersectConvexConvex(cv2.convexHull(pa), cv2.convexHull(pb))
    return float(inter) / area


# ------------------------------------------------------------------------------------------- tools


def load_rgb(path: str | Path) -> np.ndarray:
    """The upright RGB pixels imgscreen screens (its loader: orientation applied, first frame)."""
    from imgscreen.load import load_file

    return load_file(Path(path))[0].pixels


class Imgscreen:
    name = "imgscreen"

    def __init__(self, fast: bool = False, policy_file: str | None = None) -> None:
        from imgscreen.pipeline import Screener
        from imgscreen.policy import Policy, load_policy
        from imgscreen.stages import default_stages

        policy = load_policy(Path(policy_file)) if policy_file else Policy()
        self.fast = fast
        if fast:
            # The cache keeps every line (no early stop when the lines so far already make a reject), so
            # that any classifier scored on it sees the whole page, not where another one stopped.
            policy = policy.replace("output", verify=False).replace("text", stop_at_reject=False)
            self.screener = Screener(policy, stages=[dataclasses.replace(s, detect=_cached(s.name, s.detect))
                                                     for s in default_stages(policy)])
        else:
            self.screener = Screener(policy)

    def run(self, truth: dict) -> dict[str, Any]:
        _Current.ident = truth["id"]
        r = self.screener.screen_file(truth["path"])[0]
        return {"decision": r.decision.verdict, "reasons": r.decision.reasons, "safe": r.safe_pixels,
                "findings": Counter(f"{f.kind}:{int(f.identifier)}" for f in r.findings), "lines": r.lines,
                "text_lines": sorted({f.source.line for f in r.findings if f.source is not None})}


class _Current:
    ident = ""


def _cached(name: str, detect):
    """A detector whose first-look output is kept on disk per image (dev tuning: `--fast`)."""

    def run(photo, policy, context):
        # "det2": findings pickled before Finding's typed fields (face geometry) would load without them.
        f = CACHE / "det2" / f"{_Current.ident}.{name}.pkl"
        if f.exists():
            return pickle.loads(f.read_bytes())
        result = detect(photo, policy, context)
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(pickle.dumps(result))
        return result

    return run


class Presidio:
    name = "presidio"

    def __init__(self) -> None:
        from bench import leaks

        self.leaks = leaks
        leaks.presidio_engine()

    def run(self, truth: dict) -> dict[str, Any]:
        rgb = load_rgb(truth["path"])
        safe = self.leaks.presidio_redact(rgb)
        return {"decision": "redact" if bool(np.any(safe != rgb)) else "accept", "reasons": [], "safe": safe,
                "findings": Counter()}


# ------------------------------------------------------------------------------------------- scoring


def reference_lines(truth: dict, orig: np.ndarray) -> list[dict]:
    """Every line our OCR reads in the original (thorough mode), cached: the non-PHI denominator."""
    f = CACHE / "ref" / f"{truth['id']}.json"
    if f.exists():
        return json.loads(f.read_text())
    from imgscreen.ocr import read_lines

    lines = [{"polygon": [list(map(float, p)) for p in ln.polygon], "n": len(ln.text)}
             for ln in read_lines(orig, "rapidocr", None, thorough=True)]
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(json.dumps(lines))
    return lines


def non_phi_lines(truth: dict, orig: np.ndarray) -> list[list[list[float]]]:
    items = [it["polygon"] for it in truth["items"] if it["category"] != "face"]
    return [ln["polygon"] for ln in reference_lines(truth, orig)
            if not any(overlap(ln["polygon"], it) > 0.2 or overlap(it, ln["polygon"]) > 0.5 for it in items)]


def original_readings(truth: dict, orig: np.ndarray, regions: list[np.ndarray]) -> dict[str, str]:
    from bench import leaks

    f = CACHE / "orig_read" / f"{truth['id']}.json"
    if f.exists():
        return json.loads(f.read_text())
    texts = leaks.readings(orig, regions)
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(json.dumps(texts))
    return texts


def score(truth: dict, orig: np.ndarray, out: dict[str, Any], check_leaks: bool) -> dict[str, Any]:
    from bench import leaks

    safe = out["safe"]
    rejected = out["decision"] == "reject" or safe is None
    items = []
    for it in truth["items"]:
        if not it.get("legible", True):
            continue
        if rejected:
            ok, v = True, None
        elif it["category"] == "face":
            v = changed_fraction(orig, safe, it["polygon"])
            ok = v >= FACE_CHANGED
        else:
            v = hidden_ink(orig, safe, it["polygon"])
            ok = v >= HIDDEN
        item = {"category": it["category"], "protected": bool(ok), "hidden": None if v is None else round(v, 3)}
        if not ok and it["category"] != "face" and out.get("lines") is not None:
            item["ocr"] = ocr_status(it, out["lines"])
        items.append(item)
    rec: dict[str, Any] = {"id": truth["id"], "kind": truth["kind"], "half": truth["half"],
                           "decision": out["decision"], "expected": truth["expected"],
                           "identity_document": truth.get("identity_document", False), "items": items,
                           "seconds": out.get("seconds"), "findings": dict(out.get("findings", {})),
                           "text_lines": out.get("text_lines")}
    if not rejected:
        lines = non_phi_lines(truth, orig)
        rec["nonphi_lines"] = len(lines)
        rec["nonphi_masked"] = sum(hidden_ink(orig, safe, p) >= LINE_MASKED for p in lines)
        rec["keep_visible"] = len(truth.get("not_phi", []))
        rec["keep_visible_masked"] = sum(hidden_ink(orig, safe, it["polygon"]) >= LINE_MASKED
                                         for it in truth.get("not_phi", []))
    if check_leaks:
        vals = [(it["category"], it["text"]) for it in truth["items"]
                if it["category"] in TEXT_CATEGORIES_FOR_LEAKS and sum(c.isalnum() for c in it["text"]) >= 4]
        regions = [reading_quad(it["polygon"]) for it in truth["items"]
                   if it["category"] in TEXT_CATEGORIES_FOR_LEAKS and sum(c.isalnum() for c in it["text"]) >= 4]
        readable = leaks.find_leaks(original_readings(truth, orig, regions), vals) if regions else []
        rec["readable_in_original"] = [{"category": vals[x["value_index"]][0]} for x in readable]
        if rejected or not regions:
            rec["leaks"] = []
        else:
            found = leaks.find_leaks(leaks.readings(safe, regions), vals)
            rec["leaks"] = [{"category": vals[x["value_index"]][0], "engines": x["engines"]} for x in found]
    return rec


READ_OVER = 0.1  # share of a missed item's box a line must cover to count as over it
READ_RIGHT = 0.9  # share of the item's characters found, in order, in the lines over it


def ocr_status(item: dict, lines: Sequence[Any]) -> str:
    """Whose miss is a missed text item: `read` (lines over it hold its value: the classifier's),
    `misread` (lines over it, its value garbled: the reader's) or `unread` (no line over it). Only
    this word is kept, never the text, so the table can say where misses come from on a held-out half
    without anyone reading its values."""
    x, y, w, h = cv2.boundingRect(np.asarray(item["polygon"], np.float32))
    over = []
    for ln in lines:
        lx, ly, lw, lh = cv2.boundingRect(np.asarray(ln.polygon, np.float32))
        ix = max(0, min(x + w, lx + lw) - max(x, lx))
        iy = max(0, min(y + h, ly + lh) - max(y, ly))
        if ix * iy > READ_OVER * max(1, w * h):
            over.append(ln.text)
    if not over:
        return "unread"
    want = "".join(c for c in item.get("text", "").lower() if c.isalnum())
    have = "".join(c for c in " ".join(over).lower() if c.isalnum())
    found = sum(b.size for b in difflib.SequenceMatcher(None, want, have, autojunk=False).get_matching_blocks())
    return "read" if found >= READ_RIGHT * max(1, len(want)) else "misread"


# ------------------------------------------------------------------------------------------- summary


def summarize(recs: list[dict]) -> dict[str, Any]:
    items = [i for r in recs for i in r["items"]]
    by_cat: dict[str, list[bool]] = defaultdict(list)
    for i in items:
        by_cat[i["category"]].append(i["protected"])
    no_phi = [r for r in recs if not r["items"]]
    with_phi = [r for r in recs if r["items"]]
    ids = [r for r in recs if r["identity_document"]]
    safe = [r for r in recs if "nonphi_lines" in r]
    s: dict[str, Any] = {
        "images": len(recs),
        "items": len(items),
        "protected": sum(i["protected"] for i in items),
        "by_category": {c: [sum(v), len(v)] for c, v in sorted(by_cat.items())},
        "no_phi_images": len(no_phi),
        "false_rejections": sum(r["decision"] == "reject" for r in no_phi),
        "phi_images_accepted": sum(r["decision"] == "accept" for r in with_phi),
        "identity_documents": len(ids),
        "identity_documents_rejected": sum(r["decision"] == "reject" for r in ids),
        "nonphi_lines": sum(r["nonphi_lines"] for r in safe),
        "nonphi_masked": sum(r["nonphi_masked"] for r in safe),
        "keep_visible": sum(r["keep_visible"] for r in safe),
        "keep_visible_masked": sum(r["keep_visible_masked"] for r in safe),
        "decisions": dict(Counter(r["decision"] for r in recs)),
        "expected_vs_got": dict(Counter(f"{r['expected']}->{r['decision']}" for r in recs)),
        "seconds_median": _median([r["seconds"] for r in recs if r.get("seconds") is not None]),
    }
    if any("ocr" in i for i in items):
        s["misses_by_ocr"] = dict(Counter(i["ocr"] for i in items if "ocr" in i))
    if all("leaks" in r for r in recs):
        s["leaks"] = sum(len(r["leaks"]) for r in recs)
        s["leaks_name_or_id"] = sum(x["category"] in NAME_OR_ID for r in recs for x in r["leaks"])
        s["readable_in_original"] = sum(len(r["readable_in_original"]) for r in recs)
    return s


def _median(v: list[float]) -> float | None:
    return round(float(np.median(v)), 2) if v else None


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.1f}%)" if b else "-"


def table(summaries: dict[str, dict[str, Any]], title: str) -> str:
    tools = list(summaries)
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, fn) -> None:
        rows.append((label, [fn(summaries[t]) for t in tools]))

    row("images (no PHI)", lambda s: f"{s['images']} ({s['no_phi_images']})")
    row("items protected", lambda s: _pct(s["protected"], s["items"]))
    cats = sorted({c for s in summaries.values() for c in s["by_category"]})
    for c in cats:
        row(f"  {c}", lambda s, c=c: _pct(*s["by_category"].get(c, [0, 0])))
    row("leaks: values read in safe copy (name/ID)",
        lambda s: f"{s['leaks']} ({s['leaks_name_or_id']}) of {s['readable_in_original']} read in originals"
        if "leaks" in s else "-")
    row("missed text items: OCR read right / misread / unread",
        lambda s: " / ".join(str(s["misses_by_ocr"].get(k, 0)) for k in ("read", "misread", "unread"))
        if "misses_by_ocr" in s else "-")
    row("non-PHI lines masked", lambda s: _pct(s["nonphi_masked"], s["nonphi_lines"]))
    row("must-stay-visible text masked", lambda s: _pct(s["keep_visible_masked"], s["keep_visible"]))
    row("photos without PHI rejected", lambda s: _pct(s["false_rejections"], s["no_phi_images"]))
    row("photos with PHI accepted", lambda s: f"{s['phi_images_accepted']}")
    row("identity documents rejected", lambda s: _pct(s["identity_documents_rejected"], s["identity_documents"]))
    row("decisions", lambda s: " ".join(f"{k} {v}" for k, v in sorted(s["decisions"].items())))
    row("s/photo median", lambda s: f"{s['seconds_median']}")
    w0 = max(len(r[0]) for r in rows) + 2
    ws = [max(len(t), *(len(r[1][k]) for r in rows)) + 2 for k, t in enumerate(tools)]
    out = [f"## {title}", "", "| " + " | ".join([""] + tools) + " |", "|" + "---|" * (len(tools) + 1)]
    out += ["| " + " | ".join([label.ljust(w0)] + [v.ljust(ws[k]) for k, v in enumerate(vals)]) + " |"
            for label, vals in rows]
    return "\n".join(out)


# ------------------------------------------------------------------------------------------- main


def blind(truth: dict) -> bool:
    """A photo whose outcome must not be read one by one: the held-out real half's, or a held-out seed's of
    `bench.synth_wide` (5000-5999, ids `wide_5xxx_nnnn`)."""
    return truth.get("half") == "heldout" or re.match(r"wide_5\d{3}_", str(truth.get("id", ""))) is not None


def run(tool_names: list[str], truths: list[dict], fast: bool, check_leaks: bool,
        policy_file: str | None = None) -> dict[str, list[dict]]:
    results: dict[str, list[dict]] = {}
    for name in tool_names:
        tool = Presidio() if name == "presidio" else Imgscreen(fast=fast, policy_file=policy_file)
        recs = []
        for k, t in enumerate(truths, 1):
            orig = load_rgb(t["path"])
            start = time.perf_counter()
            out = tool.run(t)
            out["seconds"] = round(time.perf_counter() - start, 2)
            rec = score(t, orig, out, check_leaks)
            recs.append(rec)
            prot = sum(i["protected"] for i in rec["items"])
            if blind(t):  # progress only: a held-out photo's outcome is read in the tables, never one by one
                print(f"  [{k}/{len(truths)}] {name}: {out['seconds']:.1f} s", flush=True)
                continue
            print(f"  [{k}/{len(truths)}] {name} {t['id']}: {rec['decision']} (expected {t['expected']}), "
                  f"{prot}/{len(rec['items'])} protected, {out['seconds']:.1f} s", flush=True)
        results[name] = recs
    return results


def combine(files: list[str]) -> str:
    """One table per half over several runs' records: `--only` slices of one run, or tools run apart
    (`imgscreen@main=before.json` names the records of a run by the label before `=`)."""
    by_tool: dict[str, dict[str, dict]] = defaultdict(dict)
    fast = False
    for spec in files:
        label, _, path = spec.rpartition("=")
        data = json.loads(Path(path).read_text())
        fast = fast or bool(data.get("fast"))
        for name, recs in data["records"].items():
            for r in recs:
                by_tool[label or name][r["id"]] = r
    halves = sorted({r["half"] for recs in by_tool.values() for r in recs.values()})
    out = []
    for h in halves:
        sums = {name: summarize([r for r in recs.values() if r["half"] == h]) for name, recs in by_tool.items()}
        out.append(table(sums, f"{h} half" + (" (fast: no verify pass)" if fast else "")))
    return "\n\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.real", description=__doc__.split("\n\n")[0])
    ap.add_argument("--half", choices=HALVES + ("both",), default="both")
    ap.add_argument("--tools", default="imgscreen,presidio")
    ap.add_argument("--fast", action="store_true", help="dev tuning: cached detectors, no verify pass")
    ap.add_argument("--no-leaks", action="store_true", help="skip the independent reader (much faster)")
    ap.add_argument("--only", nargs="*", help="these image ids only")
    ap.add_argument("--set", default=str(SET), help="a folder with images/ and truth/ (default: the real set)")
    ap.add_argument("--split", action="store_true", help="write split.tsv (once)")
    ap.add_argument("--out", default=str(RESULTS))
    ap.add_argument("--policy", help="a policy file (TOML, `imgscreen --policy`) for imgscreen's runs: measure a"
                    " setting against the defaults on the same detections")
    ap.add_argument("--combine", nargs="+", metavar="JSON",
                    help="print one table over earlier runs' raw results (runs split with --only, or one tool per "
                         "run); a tool's name can be given as NAME=FILE")
    a = ap.parse_args(argv)
    if a.combine:
        print(combine(a.combine))
        return 0
    root = Path(a.set)
    if a.split:
        write_split(root)
        return 0
    truths = load_set(root, a.half)
    if a.only:
        truths = [t for t in truths if t["id"] in set(a.only)]
    if not truths:
        raise SystemExit(f"no images in {root} for half {a.half!r}")
    start = time.perf_counter()
    load0 = os.getloadavg()[0]
    results = run(a.tools.split(","), truths, a.fast, not a.no_leaks, a.policy)
    halves = [h for h in HALVES + ("unsplit",) if any(t["half"] == h for t in truths)]
    text = []
    out: dict[str, Any] = {"set": str(root), "fast": a.fast, "halves": {}, "load_avg": [load0, os.getloadavg()[0]],
                           "minutes": round((time.perf_counter() - start) / 60, 1)}
    for h in halves:
        sums = {name: summarize([r for r in recs if r["half"] == h]) for name, recs in results.items()}
        out["halves"][h] = sums
        title = f"{root.name}: " + ("all (no split)" if h == "unsplit" else f"{h} half")
        text.append(table(sums, title + (" (fast: no verify pass)" if a.fast else "")))
    out["records"] = results
    out["table"] = "\n\n".join(text)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(out, indent=1, default=float))
    print()
    print(out["table"])
    print(f"\n{out['minutes']} min, load {load0:.1f} -> {os.getloadavg()[0]:.1f}; raw: {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
