"""Train and cross-check `imgscreen.linescore`, the learned line scorer, on annotated real photos.

    python -m bench.linescore_train --runs '/work/cache/r/e5_*.json' --cv        # leave-one-half-out table
    python -m bench.linescore_train --runs '/work/cache/r/e5_*.json' --write     # imgscreen/data/linescore.npz

Inputs are what `bench.real --fast` leaves behind: each image's cached read lines (`bench/cache/real/det2`) and a
run's records (`--out` JSON: per image the decision, what the rules found and which items they protected). A line is
a positive when it overlaps an annotated identifying item; the model is a logistic regression over hashed features
(`linescore.features`), fitted with AdaGrad in numpy so that training needs nothing the tool does not ship.

`--cv` holds out one half at a time, trains on the others, and prints what adding the scorer's lines to that run's
masks would change, at several thresholds: items protected (an item counts when a flagged line covers half of it),
non-PHI lines flagged, must-stay-visible values flagged, and PHI-free photos the scorer would touch; then the list
rule on the photos the rules leave without a person (`--list-cuts` x `--list-mins`): items gained, and how many
PHI-free and PHI photos it would open. It is an estimate over the tool's own read lines; the real numbers come
from `bench.real` with the model in place.
Only halves given by `--runs` are read, so a held-out half is never trained on unless someone passes its run.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.real import CACHE, load_set, overlap
from imgscreen import linescore

COVER = 0.5  # share of an item's area a flagged line must cover to protect it


@dataclass
class Photo:
    id: str
    half: str
    lines: list
    feats: list[np.ndarray]
    labels: np.ndarray
    gate: bool  # the rules found a person's detail in its text (the scorer only runs then)
    expected: str
    items: list[tuple[bool, list[int]]]  # (protected by the rules, lines covering it), legible text items
    keep: list[list[int]]  # lines covering each must-stay-visible value
    flagged: set[int]  # lines the rules found something in (the scorer never sees them at run time)


def _records(patterns: list[str]) -> dict[str, dict]:
    out = {}
    for pat in patterns:
        for f in sorted(glob.glob(pat)):
            data = json.loads(Path(f).read_text())
            for rec in data["records"]["imgscreen"]:
                out[rec["id"]] = rec
    return out


def load(patterns: list[str]) -> list[Photo]:
    recs = _records(patterns)
    photos = []
    for t in load_set():
        rec = recs.get(t["id"])
        pkl = CACHE / "det2" / f"{t['id']}.text.pkl"
        if rec is None or not pkl.exists():
            continue
        lines = pickle.loads(pkl.read_bytes()).lines
        found = sorted(k for k in rec["findings"] if not k.startswith("metadata"))
        flagged = set(rec.get("text_lines") or ())
        feats = [linescore.hashed(f) for f in linescore.features(lines, found, flagged)]
        text_items = [it for it in t["items"] if it["category"] != "face"]

        def covering(poly, lines=lines) -> list[int]:
            return [i for i, ln in enumerate(lines) if overlap(poly, ln.polygon) >= COVER]

        labels = np.array([any(overlap(it["polygon"], ln.polygon) >= 0.3 or overlap(ln.polygon, it["polygon"]) >= 0.3
                               for it in text_items) for ln in lines], dtype=np.float32)
        legible = [it for it in t["items"] if it.get("legible", True)]
        items = [(r["protected"], covering(it["polygon"]) if it["category"] != "face" else [])
                 for it, r in zip(legible, rec["items"], strict=True)]
        gate = rec["decision"] == "redact" and any(k.startswith("text:") for k in found)
        keep = [covering(it["polygon"]) for it in t.get("not_phi", [])]
        photos.append(Photo(t["id"], t["half"], lines, feats, labels, gate, rec["decision"], items, keep, flagged))
    return photos


def train(photos: list[Photo], epochs: int = 6, lr: float = 0.2, l2: float = 1e-6, seed: int = 0,
          residual: bool = False) -> np.ndarray:
    """`residual`: train only on the lines the scorer sees at run time (rules' gate open, line not flagged); it
    lost in the cross-check (the same gain at 2.7 times the false alarms) and is kept to repeat that."""
    w = np.zeros(1 << linescore.BITS, np.float64)
    g2 = np.full_like(w, 1e-8)
    rows = [(f, y) for p in photos for i, (f, y) in enumerate(zip(p.feats, p.labels, strict=True))
            if not residual or (p.gate and i not in p.flagged)]
    pos = sum(y for _, y in rows)
    # Positives are a minority; weigh them up to half the loss so the scorer is not content to say "no".
    wpos = (len(rows) - pos) / max(pos, 1.0)
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        for k in rng.permutation(len(rows)):
            f, y = rows[k]
            z = w[f].sum()
            p = 1.0 / (1.0 + np.exp(-z))
            g = (p - y) * (wpos if y else 1.0) + l2 * w[f]
            g2[f] += g * g
            w[f] -= lr * g / np.sqrt(g2[f])
    return w.astype(np.float32)


def predict(w: np.ndarray, p: Photo) -> np.ndarray:
    z = np.array([w[f].sum() for f in p.feats], dtype=np.float64)
    return 1.0 / (1.0 + np.exp(-z))


def effect(photos: list[Photo], probs: list[np.ndarray], cut: float, gated: bool) -> dict[str, float]:
    items = base = gained = flagged_non = non = keep = keep_hit = touched_clean = clean = 0
    for p, pr in zip(photos, probs, strict=True):
        on = (p.gate or not gated) and p.expected != "reject"
        flag = set(np.flatnonzero(pr >= cut)) - p.flagged if on else set()
        for protected, cover in p.items:
            items += 1
            base += protected
            gained += (not protected) and bool(flag & set(cover))
        non += int((p.labels == 0).sum())
        flagged_non += sum(1 for i in flag if p.labels[i] == 0)
        keep += len(p.keep)
        keep_hit += sum(bool(flag & set(c)) for c in p.keep)
        if not p.items:
            clean += 1
            touched_clean += bool(flag)
    return {"items": items, "base": base, "gained": gained, "non": non, "flagged_non": flagged_non,
            "keep": keep, "keep_hit": keep_hit, "clean": clean, "touched_clean": touched_clean}


def listed(photos: list[Photo], probs: list[np.ndarray], cut: float, least: int) -> dict[str, int]:
    """The list rule on the photos the rules leave without a person (`linescore.learned_lines`): items gained,
    and which photos it opens, PHI-free or not."""
    out = {"gained": 0, "clean_opened": 0, "phi_opened": 0, "flagged_non": 0}
    for p, pr in zip(photos, probs, strict=True):
        if p.gate or p.expected == "reject":
            continue
        hits = {i for i in np.flatnonzero(pr >= cut) if i not in p.flagged
                and any(c.isalnum() for c in p.lines[i].text) and not linescore.prose(p.lines[i].text)}
        if len(hits) < least:
            continue
        out["gained"] += sum((not protected) and bool(hits & set(cover)) for protected, cover in p.items)
        out["flagged_non"] += sum(1 for i in hits if p.labels[i] == 0)
        out["phi_opened" if p.items else "clean_opened"] += 1
    return out


def cv(photos: list[Photo], cuts: list[float], gated: bool, residual: bool = False,
       list_cuts: tuple[float, ...] = (), list_mins: tuple[int, ...] = ()) -> None:
    halves = sorted({p.half for p in photos})
    totals = {c: None for c in cuts}
    held: list[Photo] = []
    held_probs: list[np.ndarray] = []
    print(f"{'half':8} {'cut':>5} {'rules':>9} {'+scorer':>8} {'non-PHI flagged':>16} {'keep':>6}"
          f" {'clean touched':>13}")
    for h in halves:
        train_on = [p for p in photos if p.half != h]
        test = [p for p in photos if p.half == h]
        w = train(train_on, residual=residual)
        probs = [predict(w, p) for p in test]
        held += test
        held_probs += probs
        for c in cuts:
            e = effect(test, probs, c, gated)
            totals[c] = e if totals[c] is None else {k: totals[c][k] + e[k] for k in e}
            print(f"{h:8} {c:5.2f} {e['base']:4}/{e['items']:<4} {e['gained']:+8} {e['flagged_non']:7}/{e['non']:<8}"
                  f" {e['keep_hit']:2}/{e['keep']:<3} {e['touched_clean']:5}/{e['clean']}")
    for c, e in totals.items():
        print(f"{'all':8} {c:5.2f} {e['base']:4}/{e['items']:<4} {e['gained']:+8} {e['flagged_non']:7}/{e['non']:<8}"
              f" {e['keep_hit']:2}/{e['keep']:<3} {e['touched_clean']:5}/{e['clean']}")
    if not list_cuts:
        return
    closed = [p for p in held if not p.gate and p.expected != "reject"]
    print(f"\nlists on the {len(closed)} photos the rules leave without a person"
          f" ({sum(not p.items for p in closed)} PHI-free):")
    print(f"{'cut':>5} {'lines':>5} {'+items':>7} {'PHI-free opened':>16} {'PHI opened':>11} {'non-PHI flagged':>16}")
    for c in list_cuts:
        for m in list_mins:
            e = listed(held, held_probs, c, m)
            print(f"{c:5.2f} {m:5} {e['gained']:+7} {e['clean_opened']:16} {e['phi_opened']:11} {e['flagged_non']:16}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", action="append", required=True, help="glob of bench.real --out JSON files")
    ap.add_argument("--cv", action="store_true", help="leave-one-half-out table")
    ap.add_argument("--ungated", action="store_true", help="--cv: score photos the rules accept too")
    ap.add_argument("--residual", action="store_true", help="--cv: train only on the lines scored at run time")
    ap.add_argument("--cuts", default="0.5,0.7,0.8,0.9,0.95")
    ap.add_argument("--list-cuts", default="0.4,0.5,0.6,0.7",
                    help="--cv: cuts for the list rule on photos the rules leave without a person")
    ap.add_argument("--list-mins", default="3,4,5,6", help="--cv: the list rule's numbers of lines")
    ap.add_argument("--write", action="store_true",
                    help="train on every given half, write imgscreen/data/linescore.npz")
    ap.add_argument("--threshold", type=float, default=0.4,
                    help="--write: the cut shipped with the model (0.4: the largest --cv gain on fresh75-96 with at"
                    " most 2.5%% of non-PHI lines flagged)")
    ap.add_argument("--list-threshold", type=float, default=0.5,
                    help="--write: the list rule's cut (0.5 with --list-min-lines 5: the largest --cv gain on"
                    " fresh75-96 opening at most 2%% of the PHI-free photos the rules accept)")
    ap.add_argument("--list-min-lines", type=int, default=5, help="--write: the list rule's number of lines")
    a = ap.parse_args(argv)
    photos = load(a.runs)
    n_lines = sum(len(p.lines) for p in photos)
    print(f"{len(photos)} photos, {n_lines} lines, {int(sum(p.labels.sum() for p in photos))} positive, "
          f"halves {sorted({p.half for p in photos})}")
    if a.cv:
        cv(photos, [float(c) for c in a.cuts.split(",")], not a.ungated, a.residual,
           tuple(float(c) for c in a.list_cuts.split(",")), tuple(int(m) for m in a.list_mins.split(",")))
    if a.write:
        w = train(photos)
        linescore.MODEL.parent.mkdir(exist_ok=True)
        np.savez_compressed(linescore.MODEL, weights=w.astype(np.float16), threshold=np.float32(a.threshold),
                            list_threshold=np.float32(a.list_threshold), list_min_lines=np.int32(a.list_min_lines),
                            halves=np.array(sorted({p.half for p in photos})))
        digest = hashlib.sha256(linescore.MODEL.read_bytes()).hexdigest()
        print(f"wrote {linescore.MODEL} ({linescore.MODEL.stat().st_size} bytes); put its sha256 in "
              f"imgscreen/linescore.py's LINESCORE: {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
