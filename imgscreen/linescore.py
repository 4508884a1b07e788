"""A learned second opinion on read lines the rules left alone: how much a line looks like a person's detail.

Why: the rules (`phi`, `context`, `people`, ...) each encode one layout's evidence, and on real photos from
repositories the tool was never tuned on they protected 59-93% of the identifying items; a rule written from one
half of the real-photo set has not changed an item of the next half for five rounds. This scorer learns the same
question from every annotated real photo at once: a logistic model over hashed features of the line (its words,
their shapes, their letters), of its neighbours (the label on its left, the header above it, whether the rules
found something there), of the whole photo's words and of what the rules found on it. `bench/linescore_train.py`
trains it on the tuning halves of `bench/realset`; it ships as `imgscreen/data/linescore.npz`, checksummed like
every model file (`modelfiles`). Numpy only at run time: nothing downloaded, no new engine.

What it may do is deliberately narrow. A line it scores at or over the threshold is masked whole as
`LEARNED_LINE`, a mask of doubt (`model.DOUBT_ENTITIES`): it can turn an accept into a redact but never makes a
reject. It acts in two cases:
- on a photo whose rules found a person's detail in the text, every line at or over `threshold`;
- on a photo whose rules found none, only a list: at least `list_min_lines` lines at or over `list_threshold`.
  Menus, catalogues and spreadsheets carry the same shapes as names, and a false alarm there turns an accepted
  photo into a redacted one; in leave-one-half-out tests on the 22 tuning halves, scoring such photos line by line
  at the first cut (0.4) opened 65 of the 211 PHI-free photos the rules accept, while a list of five at 0.5 touched 4
  and reached four lists of people the rules had accepted (+31 items; +29 once lines of ordinary English words
  stopped counting, `prose`).
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .model import Finding, Identifier, TextLine, TextSource, bbox_of
from .modelfiles import ModelFile, model_path, register

LINESCORE = register(
    ModelFile(
        name="linescore",
        package="imgscreen",
        pip_name="imgscreen (this project: `pip install -e .`)",
        relpath="data/linescore.npz",
        sha256="1040f67f5b6464c6c51559aebf3888317450219eed344748428d55a28ea0a607",
        license="this project's own (trained by bench/linescore_train.py on bench/realset's annotations)",
        input_size="hashed line features, 2^18 weights (float16), a threshold, and the list rule's cut and lines",
    )
)
MODEL = Path(__file__).resolve().parent / LINESCORE.relpath  # where bench/linescore_train.py writes it
BITS = 18  # 262,144 hashed weights
ENTITY = "LEARNED_LINE"  # one of `model.DOUBT_ENTITIES`

_WORD = re.compile(r"\S+")


def _shape(word: str) -> str:
    """`John` -> `Aaa`, `MRN-00123` -> `AA-00000`, `j.doe@x.org` -> `a.aa@a.aa`: letter runs cut to two, digit runs kept
    to six (their length is what tells a year from a phone)."""
    out: list[str] = []
    run = ""
    n = 0
    for c in word:
        k = "A" if c.isupper() else "a" if c.isalpha() else "0" if c.isdigit() else c
        if k == run:
            n += 1
            if (k in "Aa" and n >= 2) or (k == "0" and n >= 6):
                continue
        else:
            run, n = k, 0
        out.append(k)
    return "".join(out)[:12]


def _norm(word: str) -> str:
    return re.sub(r"\d", "0", word.lower()).strip(".,;:()[]{}\"'")


def _bucket(v: float, edges: Sequence[float]) -> int:
    return bisect_right(edges, v)


def _line_features(text: str, prefix: str, grams: bool) -> list[str]:
    """A line's words say which labels and headers it carries; their shapes and letter trigrams carry over to the
    names and numbers no training photo had. `grams`: the scored line itself (its neighbours give words only)."""
    words = _WORD.findall(text)
    feats = [f"{prefix}n{_bucket(len(words), (1, 2, 3, 4, 6, 10))}"]
    shapes = [_shape(w) for w in words]
    feats += [f"{prefix}s:{s}" for s in shapes]
    feats += [f"{prefix}w:{_norm(w)}" for w in words]
    if words:
        feats.append(f"{prefix}last:{_norm(words[-1])}")
        feats.append(f"{prefix}S:{' '.join(shapes[:5])}")
    if grams:
        feats += [f"{prefix}ss:{a} {b}" for a, b in zip(shapes, shapes[1:], strict=False)]
        for w in words:
            n = f"^{_norm(w)}$"
            feats += [f"{prefix}g:{n[i:i + 3]}" for i in range(max(1, len(n) - 2))]
        digits = sum(c.isdigit() for c in text)
        letters = sum(c.isalpha() for c in text)
        caps = sum(1 for w in words if w[:1].isupper() and w[1:2].islower())
        feats += [f"{prefix}d{_bucket(digits, (1, 3, 5, 8, 11))}", f"{prefix}l{_bucket(letters, (1, 4, 8, 16, 32))}",
                  f"{prefix}c{_bucket(caps, (1, 2, 3, 5))}", f"{prefix}colon{int(':' in text)}",
                  f"{prefix}at{int('@' in text)}"]
    return feats


@dataclass(frozen=True)
class _Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def h(self) -> float:
        return max(1.0, self.y1 - self.y0)


def _boxes(lines: Sequence[TextLine]) -> list[_Box]:
    out = []
    for ln in lines:
        r = bbox_of(ln.polygon)
        out.append(_Box(float(r.x), float(r.y), float(r.x + r.w), float(r.y + r.h)))
    return out


def _neighbours(boxes: list[_Box]) -> list[dict[str, int]]:
    """For each line, the nearest line to the left and right on the same row, and above and below in the same
    column (all pairs at once: a dense screen has 400 lines)."""
    if not boxes:
        return []
    b = np.array([(x.x0, x.y0, x.x1, x.y1, x.h) for x in boxes], dtype=np.float64)
    x0, y0, x1, y1, h = (b[:, k] for k in range(5))
    hh = np.maximum(h[:, None], h[None, :])  # [i, j]: the taller of the two
    same_row = np.abs((y0 + y1)[:, None] - (y0 + y1)[None, :]) / 2 < 0.5 * hh
    same_col = np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :]) > 0
    n = len(boxes)
    not_self = ~np.eye(n, dtype=bool)
    pad = 0.3 * hh
    left = same_row & (x1[None, :] <= x0[:, None] + pad)
    right = same_row & ~left & (x0[None, :] >= x1[:, None] - pad)
    rest = ~same_row
    up = rest & same_col & (y1[None, :] <= y0[:, None] + pad) & (y0[:, None] - y1[None, :] < 4 * hh)
    down = rest & same_col & ~up & (y0[None, :] >= y1[:, None] - pad) & (y0[None, :] - y1[:, None] < 4 * hh)
    dist = {"L": x0[:, None] - x1[None, :], "R": x0[None, :] - x1[:, None],
            "U": y0[:, None] - y1[None, :], "D": y0[None, :] - y1[:, None]}
    out: list[dict[str, int]] = [{} for _ in range(n)]
    for k, ok in (("L", left), ("R", right), ("U", up), ("D", down)):
        d = np.where(ok & not_self, dist[k], np.inf)
        j = d.argmin(axis=1)
        for i in np.flatnonzero(np.isfinite(d[np.arange(n), j])):
            out[i][k] = int(j[i])
    return out


def _english() -> frozenset[str]:
    from .recognizers.words import english_words

    return english_words()


def features(lines: Sequence[TextLine], found: Sequence[str] = (), flagged: Collection[int] = ()) -> list[list[str]]:
    """Each line's feature names. `found`: what the rules found on the photo (`kind:identifier` of each
    finding), the photo's prior that it is someone's page at all; `flagged`: the lines they found it in, so that
    a cell beside or under one of them knows it (a row whose date and e-mail were found holds a name too)."""
    boxes = _boxes(lines)
    english = _english()
    heights = sorted(b.h for b in boxes) or [1.0]
    median_h = heights[len(heights) // 2]
    width = max((b.x1 for b in boxes), default=1.0) or 1.0
    height = max((b.y1 for b in boxes), default=1.0) or 1.0
    photo = {f"G:{w}" for ln in lines for w in (_norm(x) for x in _WORD.findall(ln.text))
             if len(w) >= 3 and w.isalpha() and w in english}
    photo |= {f"F:{k}" for k in found} | {f"F:n{_bucket(len(found), (1, 2, 4, 8, 16))}"}
    photo.add(f"P:n{_bucket(len(lines), (5, 10, 20, 40, 80))}")
    photo_feats = sorted(photo)
    near_all = _neighbours(boxes)
    out = []
    for i, ln in enumerate(lines):
        b = boxes[i]
        feats = ["bias"]
        feats += _line_features(ln.text, "", True)
        words = [_norm(w) for w in _WORD.findall(ln.text)]
        alpha = [w for w in words if w.isalpha()]
        if alpha:
            eng = sum(w in english for w in alpha) / len(alpha)
            feats.append(f"eng{_bucket(eng, (0.01, 0.34, 0.67, 0.99))}")
        feats += [f"h{_bucket(b.h / median_h, (0.7, 0.9, 1.15, 1.5, 2.5))}",
                  f"x{_bucket((b.x0 + b.x1) / 2 / width, (0.2, 0.4, 0.6, 0.8))}",
                  f"y{_bucket((b.y0 + b.y1) / 2 / height, (0.1, 0.3, 0.6, 0.9))}",
                  f"q{_bucket(ln.score, (0.5, 0.7, 0.85, 0.95))}"]
        near = near_all[i]
        for k, j in near.items():
            feats += _line_features(lines[j].text, f"{k}:", False)
            if j in flagged:
                feats.append(f"N:{k}")
        if "U" in near:  # two lines up: a table's header over its first rows, a label over a two-line value
            up2 = near_all[near["U"]].get("U")
            if up2 is not None and up2 != i:
                feats += [f"U2:w:{_norm(w)}" for w in _WORD.findall(lines[up2].text)]
                if up2 in flagged:
                    feats.append("N:U2")
        feats += photo_feats
        out.append(feats)
    return out


def hashed(feats: list[str], bits: int = BITS) -> np.ndarray:
    return np.fromiter({zlib.crc32(f.encode()) & ((1 << bits) - 1) for f in feats}, dtype=np.int64)


@dataclass(frozen=True)
class Model:
    weights: np.ndarray
    threshold: float  # a line's cut where the rules found a person
    list_threshold: float  # a line's cut where they found none...
    list_min_lines: int  # ...and how many lines must reach it


@lru_cache(maxsize=1)
def _model() -> Model:
    with np.load(model_path(LINESCORE.name)) as z:
        return Model(z["weights"].astype(np.float32), float(z["threshold"]), float(z["list_threshold"]),
                     int(z["list_min_lines"]))


def scores(lines: Sequence[TextLine], found: Sequence[str] = (), flagged: Collection[int] = (),
           weights: np.ndarray | None = None) -> np.ndarray:
    """Each line's probability of holding a person's detail."""
    w = _model().weights if weights is None else weights
    z = np.array([w[hashed(f)].sum() for f in features(lines, found, flagged)], dtype=np.float64)
    return 1.0 / (1.0 + np.exp(-z))


def found_keys(findings: Sequence[Finding]) -> list[str]:
    """The rules' findings as the scorer's photo features (one key per kind and identifier)."""
    return sorted({f"{f.kind}:{int(f.identifier)}" for f in findings if f.in_pixels and not f.informational})


def prose(text: str) -> bool:
    """A line of ordinary English words and nothing else (`with fries or salad`, `Harbor House Grill`): never one of
    a list of people. On generated menus the scorer rated such lines up to 0.93, and a photo the rules accept must
    not be opened by them; a name the dictionary knows (`Rose`, `Grant`) is rarely alone on every line of a list."""
    from .recognizers.words import all_ordinary

    return all_ordinary([w for w in (w.strip(".,;:()[]{}\"'&-") for w in _WORD.findall(text)) if w])


def learned_lines(findings: Sequence[Finding], lines: Sequence[TextLine], threshold: float | None = None,
                  list_threshold: float | None = None) -> list[Finding]:
    """Lines the scorer calls personal that no finding already covers, each masked whole: on a photo where the
    rules found a person's detail in its text, every line over `threshold`; elsewhere only a list of them (the
    model's `list_min_lines` over `list_threshold`). None: the model's own cut."""
    if not lines:
        return []
    model = _model()
    personal = any(f.kind == "text" and f.source is not None and f.source.personal for f in findings)
    if personal:
        cut, least, label = model.threshold if threshold is None else threshold, 1, ""
    else:
        cut = model.list_threshold if list_threshold is None else list_threshold
        least, label = model.list_min_lines, ", one of a list"
    if cut >= 1.0:
        return []
    taken = {f.source.line for f in findings if f.source is not None}
    # (a line with no letter or digit in any script is nothing to mask: a rule, a bullet); too few such lines for
    # a list, and the photo is not scored at all
    eligible = [i for i, ln in enumerate(lines) if i not in taken and any(c.isalnum() for c in ln.text)
                and (personal or not prose(ln.text))]
    if len(eligible) < least:
        return []
    p = scores(lines, found_keys(findings), taken, model.weights)
    hits = [i for i in eligible if p[i] >= cut]
    if len(hits) < least:
        return []
    return [Finding("text", Identifier.OTHER_ID, f"Line like a person's detail{label} (learned)", float(p[i]),
                    "phi:linescore", lines[i].polygon, lines[i].text, mask="polygon",
                    source=TextSource(line=i, entity=ENTITY, personal=False)) for i in hits]
