"""Annotation helper for the real-photo set (`bench/realset/`): proposals from machines, truth from eyes.

Truth is what a careful person sees in the photo, not what our detectors found, so the tools here only
*propose*: every line our OCR (thorough mode) and Tesseract read, every face and barcode, numbered on
an overlay with a pixel grid. The annotator looks at the overlay (and zoomed crops, for small text),
picks which proposals are identifying items, adds boxes by hand for anything no machine found, and
`truth` turns those picks into the truth file. `render` draws the truth back on the photo to check it.

    python -m bench.annotate propose IMG [--out DIR]     # DIR/<id>.cand.json + <id>.overlay.png
    python -m bench.annotate crop IMG X0 Y0 X1 Y1 [--out F]  # zoomed crop with a fine grid
    python -m bench.annotate truth PICKS.json            # -> bench/realset/truth/<id>.json
    python -m bench.annotate render ID [--out F]         # truth drawn on the photo

Coordinates are always upright pixels of the photo as `imgscreen.load.load_file` decodes it (EXIF
orientation applied): the same frame the benchmark screens.

Picks file (one per image, written by the annotator):

    {"id": "rx_label_cvs_01", "image": "bench/realset/images/rx_label_cvs_01.jpg",
     "kind": "rx_label", "expected": "redact", "identity_document": false, "notes": "...",
     "items": [
       {"cand": 12, "category": "name"},                      # the whole proposal line
       {"cand": 14, "words": [2, 3], "category": "date"},     # some words of it (0-based)
       {"box": [410, 220, 180, 40], "category": "mrn", "text": "A1234567"},  # drawn by hand
       {"cand": "f0", "category": "face"}                     # face proposal f0, barcode b0
     ],
     "not_phi": [{"cand": 7, "why": "pharmacy phone"}]}

`not_phi` lists text that must stay visible (an organisation's own phone or address) so the benchmark
can count false alarms on it; everything else not listed as an item is ordinary non-PHI text.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import cv2
import numpy as np

from imgscreen.load import load_file
from imgscreen.model import Identifier, Photo, bbox_of, polygon_from_box

ROOT = Path(__file__).resolve().parent / "realset"

# Truth categories and the Safe Harbor identifier each belongs to.
CATEGORIES: dict[str, Identifier] = {
    "name": Identifier.NAMES,
    "address": Identifier.GEOGRAPHIC,  # street address, city, ZIP of a person
    "date": Identifier.DATES,  # birth, admission, visit, fill, report dates of a person (not copyright years)
    "age": Identifier.DATES,  # ages over 89
    "phone": Identifier.PHONE,
    "fax": Identifier.FAX,
    "email": Identifier.EMAIL,
    "ssn": Identifier.SSN,
    "mrn": Identifier.MRN,
    "health_plan": Identifier.HEALTH_PLAN,  # member / subscriber / group ids on insurance cards
    "account": Identifier.ACCOUNT,  # account, card, Rx / Tx numbers
    "license": Identifier.LICENSE,  # driver licence, passport, permit numbers
    "vehicle": Identifier.VEHICLE,
    "device": Identifier.DEVICE,
    "url": Identifier.URL,
    "ip": Identifier.IP_ADDRESS,
    "biometric": Identifier.BIOMETRIC,  # signature, fingerprint
    "face": Identifier.FACE,
    "other_id": Identifier.OTHER_ID,  # any other unique number: accession, specimen, case, MRZ line
    "barcode": Identifier.OTHER_ID,  # a 1D/2D code on a person's document, wristband or label
}
KINDS = ("ehr_screenshot", "viewer_screenshot", "xray", "monitor", "whiteboard", "id_document",
         "insurance_card", "rx_label", "lab_report", "form", "mail", "receipt", "letter", "barcode",
         "signage", "ui_screenshot", "face_photo", "clean", "other")


def load(image: str | Path) -> Photo:
    return load_file(Path(image))[0]


def _proposals(photo: Photo) -> list[dict]:
    from imgscreen import ocr

    out: list[dict] = []
    for engine, thorough in (("rapidocr", True), ("tesseract", False)):
        try:
            lines = ocr.read(photo.pixels, engine=engine, thorough=thorough).lines
        except Exception as e:  # noqa: BLE001 - a proposal tool, say it and go on
            print(f"{engine}: {type(e).__name__}: {e}", file=sys.stderr)
            continue
        for ln in lines:
            out.append({"n": len(out), "source": engine, "text": ln.text,
                        "polygon": [[round(x, 1), round(y, 1)] for x, y in ln.polygon],
                        "words": [{"text": w.text, "polygon": [[round(x, 1), round(y, 1)] for x, y in w.polygon]}
                                  for w in ln.words]})
    return out


def _others(photo: Photo) -> tuple[list[dict], list[dict]]:
    from imgscreen import barcodes, faces
    from imgscreen.policy import Policy

    policy = Policy()
    fs = [{"n": f"f{i}", "score": round(f.score, 2), "box": list(f.bbox)}
          for i, f in enumerate(faces.detect(photo, policy).findings)]
    bs = [{"n": f"b{i}", "box": list(f.bbox), "text": f.text or ""}
          for i, f in enumerate(barcodes.detect(photo, policy).findings)]
    return fs, bs


def _grid(img: np.ndarray, origin: tuple[int, int], span: int, zoom: float) -> None:
    """A light grid over `img` (a view of the photo at `zoom`, its corner at photo pixel `origin`),
    labelled in photo pixels, about 12 lines across the longer side."""
    step = max(5, int(round(span / 12 / 5)) * 5)
    h, w = img.shape[:2]
    x0, y0 = origin
    for px in range(x0 - x0 % step, x0 + int(w / zoom) + 1, step):
        x = round((px - x0) * zoom)
        cv2.line(img, (x, 0), (x, h), (0, 160, 255), 1)
        cv2.putText(img, str(px), (x + 2, 12), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 100, 255), 1)
    for py in range(y0 - y0 % step, y0 + int(h / zoom) + 1, step):
        y = round((py - y0) * zoom)
        cv2.line(img, (0, y), (w, y), (0, 160, 255), 1)
        cv2.putText(img, str(py), (2, y + 12), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 100, 255), 1)


def _shrink(img: np.ndarray, max_side: int) -> tuple[np.ndarray, float]:
    s = min(1.0, max_side / max(img.shape[:2]))
    if s < 1.0:
        img = cv2.resize(img, (round(img.shape[1] * s), round(img.shape[0] * s)), interpolation=cv2.INTER_AREA)
    return img, s


def cmd_propose(args: argparse.Namespace) -> None:
    photo = load(args.image)
    ident = Path(args.image).stem
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    lines = _proposals(photo)
    fs, bs = _others(photo)
    (out / f"{ident}.cand.json").write_text(json.dumps(
        {"image": str(args.image), "size": [photo.width, photo.height], "lines": lines, "faces": fs, "barcodes": bs},
        indent=1, ensure_ascii=False))
    img, s = _shrink(cv2.cvtColor(photo.pixels, cv2.COLOR_RGB2BGR), args.max_side)
    for c in lines:
        colour = (0, 0, 255) if c["source"] == "rapidocr" else (255, 0, 0)
        p = np.round(np.asarray(c["polygon"]) * s).astype(np.int32)
        cv2.polylines(img, [p], True, colour, 1)
        cv2.putText(img, str(c["n"]), tuple(int(v) for v in p[0]), cv2.FONT_HERSHEY_SIMPLEX, 0.4, colour, 1)
    for c in fs + bs:
        x, y, w, h = (round(v * s) for v in c["box"])
        cv2.rectangle(img, (x, y), (x + w, y + h), (0, 200, 0), 2)
        cv2.putText(img, c["n"], (x, y - 2), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 200, 0), 1)
    _grid(img, (0, 0), max(photo.width, photo.height), s)
    cv2.imwrite(str(out / f"{ident}.overlay.png"), img)
    print(f"{ident}: {photo.width}x{photo.height}, {len(lines)} lines, {len(fs)} faces, {len(bs)} codes; "
          f"overlay {out / f'{ident}.overlay.png'} at scale {s:.3f}, grid labels in photo pixels "
          "(red: our OCR, blue: Tesseract, green: faces f*/codes b*)")
    for c in lines:
        print(f"  {c['n']:>3} {c['source'][:4]} {c['text']}")
    for c in fs:
        print(f"  {c['n']:>3} face {c['score']} {c['box']}")
    for c in bs:
        print(f"  {c['n']:>3} code {c['box']} {c['text'][:40]}")


def cmd_crop(args: argparse.Namespace) -> None:
    photo = load(args.image)
    x0, y0, x1, y1 = (int(v) for v in (args.x0, args.y0, args.x1, args.y1))
    crop = cv2.cvtColor(photo.pixels[y0:y1, x0:x1], cv2.COLOR_RGB2BGR)
    zoom = max(1.0, min(4.0, 1200 / max(1, max(crop.shape[:2]))))
    crop = cv2.resize(crop, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC)
    _grid(crop, (x0, y0), max(x1 - x0, y1 - y0), zoom)
    out = args.out or f"/tmp/crop_{Path(args.image).stem}_{x0}_{y0}.png"
    cv2.imwrite(out, crop)
    print(f"{out} (grid labels are photo pixels)")


def _poly_of_words(words: list[dict]) -> list[list[float]]:
    pts = np.asarray([p for w in words for p in w["polygon"]], dtype=np.float32)
    rect = cv2.minAreaRect(pts)
    return [[round(float(x), 1), round(float(y), 1)] for x, y in cv2.boxPoints(rect)]


def picks_to_truth(picks: dict, cand: dict) -> dict:
    lines = {c["n"]: c for c in cand.get("lines", [])}
    others = {c["n"]: c for c in cand.get("faces", []) + cand.get("barcodes", [])}
    items = []
    for it in picks.get("items", []):
        cat = it["category"]
        if cat not in CATEGORIES:
            raise SystemExit(f"unknown category {cat!r}; known: {', '.join(CATEGORIES)}")
        ref = it.get("cand")
        if "box" in it:
            poly = [list(p) for p in polygon_from_box(*it["box"])]
            text = it.get("text", "")
        elif isinstance(ref, str):
            poly = [list(p) for p in polygon_from_box(*others[ref]["box"])]
            text = it.get("text", others[ref].get("text", ""))
        else:
            line = lines[ref]
            if "words" in it:
                ws = [line["words"][k] for k in it["words"]]
                poly, text = _poly_of_words(ws), " ".join(w["text"] for w in ws)
            else:
                poly, text = line["polygon"], line["text"]
            text = it.get("text", text)  # the annotator's correction of what is really printed
        items.append({"category": cat, "identifier": int(CATEGORIES[cat]), "text": text, "polygon": poly,
                      "legible": it.get("legible", True)})
    not_phi = []
    for it in picks.get("not_phi", []):
        if "box" in it:
            poly, text = [list(p) for p in polygon_from_box(*it["box"])], it.get("text", "")
        else:
            line = lines[it["cand"]]
            poly, text = line["polygon"], it.get("text", line["text"])
        not_phi.append({"text": text, "polygon": poly, "why": it.get("why", "")})
    kind = picks["kind"]
    if kind not in KINDS:
        raise SystemExit(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    return {"id": picks["id"], "image": Path(picks["image"]).name, "size": cand["size"], "kind": kind,
            "expected": picks["expected"], "identity_document": bool(picks.get("identity_document", False)),
            "items": items, "not_phi": not_phi, "notes": picks.get("notes", "")}


def cmd_truth(args: argparse.Namespace) -> None:
    picks = json.loads(Path(args.picks).read_text())
    cand_path = Path(args.cand_dir) / f"{Path(picks['image']).stem}.cand.json"
    truth = picks_to_truth(picks, json.loads(cand_path.read_text()))
    out = ROOT / "truth" / f"{truth['id']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n")
    print(f"{out}: {len(truth['items'])} items, {len(truth['not_phi'])} must-stay-visible")


def cmd_render(args: argparse.Namespace) -> None:
    truth = json.loads((ROOT / "truth" / f"{args.id}.json").read_text())
    photo = load(ROOT / "images" / truth["image"])
    img = cv2.cvtColor(photo.pixels, cv2.COLOR_RGB2BGR)
    for it in truth["items"]:
        p = np.round(np.asarray(it["polygon"])).astype(np.int32)
        cv2.polylines(img, [p], True, (0, 0, 255), 2)
        x, y, _, _ = bbox_of(tuple(map(tuple, it["polygon"])))
        cv2.putText(img, it["category"], (x, max(10, y - 3)), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 0, 255), 1)
    for it in truth["not_phi"]:
        p = np.round(np.asarray(it["polygon"])).astype(np.int32)
        cv2.polylines(img, [p], True, (0, 180, 0), 2)
    img, _ = _shrink(img, args.max_side)
    out = args.out or f"/tmp/truth_{args.id}.png"
    cv2.imwrite(out, img)
    print(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.annotate", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("propose", help="machine proposals: numbered overlay + candidates json")
    p.add_argument("image")
    p.add_argument("--out", default="/tmp/annot")
    p.add_argument("--max-side", type=int, default=1600)
    p.set_defaults(fn=cmd_propose)
    p = sub.add_parser("crop", help="zoomed crop with a grid in photo pixels")
    p.add_argument("image")
    for k in ("x0", "y0", "x1", "y1"):
        p.add_argument(k, type=float)
    p.add_argument("--out")
    p.set_defaults(fn=cmd_crop)
    p = sub.add_parser("truth", help="picks file -> bench/realset/truth/<id>.json")
    p.add_argument("picks")
    p.add_argument("--cand-dir", default="/tmp/annot")
    p.set_defaults(fn=cmd_truth)
    p = sub.add_parser("render", help="truth drawn on the photo")
    p.add_argument("id")
    p.add_argument("--out")
    p.add_argument("--max-side", type=int, default=1600)
    p.set_defaults(fn=cmd_render)
    args = ap.parse_args(argv)
    args.fn(args)


if __name__ == "__main__":
    main()
