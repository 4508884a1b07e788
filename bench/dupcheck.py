"""Find copies and near-copies of candidate images in the real-photo set before they are added.

A photo that is already in the set (or in `../shared/photos`) under another name would be scored twice, and a
near-copy in a never-seen half would leak what the tuning halves taught. Exact copies are found by SHA-256;
near-copies by the mean absolute difference of 16x16 grey thumbnails, each z-scored so that a re-encoded or
re-lit copy still scores near zero. Pairs under the threshold are listed for a person to judge by eye (a phone
frame or an empty browser page scores low without being a copy).

    python -m bench.dupcheck NEW_IMAGE...  [--threshold 0.15]
"""

from __future__ import annotations

import argparse
import hashlib
import os
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent / "realset" / "images"
SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff", ".gif"}


def thumbnail(path: Path) -> np.ndarray | None:
    """A 16x16 z-scored grey thumbnail, or None where OpenCV cannot decode the file."""
    img = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    if img is None:
        return None
    small = cv2.resize(img, (16, 16), interpolation=cv2.INTER_AREA).astype(np.float32)
    return (small - small.mean()) / (small.std() + 1e-6)


def distance(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(np.abs(a - b))) / 2.0


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.suffix.lower() in SUFFIXES) if folder.is_dir() else []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("new", nargs="+", type=Path, help="candidate image files")
    ap.add_argument("--threshold", type=float, default=0.15, help="list pairs closer than this (default 0.15)")
    args = ap.parse_args(argv)
    shared = Path(os.environ.get("IMGSCREEN_SHARED", ROOT.parents[2] / "shared")) / "photos"
    new = [p.resolve() for p in args.new]
    old = [p for p in _files(ROOT) + _files(shared) if p.resolve() not in new]
    digests = {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in old}
    thumbs = {p: t for p in old if (t := thumbnail(p)) is not None}
    print(f"{len(new)} new against {len(thumbs)} readable older files")
    found = 0
    new_thumbs: dict[Path, np.ndarray] = {}
    for p in new:
        same = digests.get(hashlib.sha256(p.read_bytes()).hexdigest())
        if same is not None:
            print(f"EXACT  {p.name} = {same}")
            found += 1
        t = thumbnail(p)
        if t is None:
            print(f"UNREADABLE {p.name} (OpenCV cannot decode it: re-encode it as PNG or JPEG)")
            continue
        for q, u in list(thumbs.items()) + list(new_thumbs.items()):
            d = distance(t, u)
            if d < args.threshold:
                print(f"NEAR   {d:.3f} {p.name} ~ {q}")
                found += 1
        new_thumbs[p] = t
    print(f"{found} pair(s) to look at" if found else "no copies or near-copies")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
