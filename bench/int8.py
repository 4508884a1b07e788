"""Would 8-bit models make the text stage fast enough? Static INT8 against the shipped FP32 models.

`python -m bench.int8 [--n 60] [--calib 8]`

This machine's CPU has AVX-512 VNNI, so onnxruntime runs 8-bit convolutions fast. The question is
what they cost in reading. The command:

1. generates `--calib` synthetic photos from another seed (`CALIB_SEED`, never the scored set) and
   records every detector and recogniser input the text stage feeds its models on them;
2. quantizes the wheel's PP-OCRv6 detector and recogniser with onnxruntime's static quantizer (QDQ,
   per-channel INT8 weights, UINT8 activations, MinMax calibration on those inputs; opset raised
   to 17 first, which per-channel QDQ needs) into `bench/cache/int8/`;
3. reads bench.ocr's photos with four model sets, one after the other on each photo: FP32 (what
   ships), INT8 detector, INT8 recogniser, both. It prints bench.ocr's headline figures for each:
   PHI lines >= 14 px read (CER <= 5%) overall and in the weakest angle bucket, all lines, and
   seconds per photo; raw numbers go to `bench/results/int8.json`.

Nothing here changes the product: the INT8 files stay in the bench cache. The answer on this machine
(bench/README.md) is that they are faster and read worse, so they are not shipped.
Needs the `bench` extra (`onnx`).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from bench import synth
from bench.ocr import ANGLE_BUCKETS, CACHE, MIN_PX, score_lines, summarize
from imgscreen import ocr
from imgscreen.model import Photo
from imgscreen.modelfiles import model_path

CALIB_SEED = 7  # bench.ocr scores seed 0
OUT = CACHE / "int8"
RESULTS = Path(__file__).resolve().parent / "results" / "int8.json"
VARIANTS = ("fp32", "int8 det", "int8 rec", "int8 both")


class _Recorder:
    """Stands in for an onnxruntime session and keeps a copy of every input it is given."""

    def __init__(self, session: Any, store: list[dict[str, np.ndarray]]) -> None:
        self._session, self._store = session, store

    def run(self, names: Any, feeds: dict[str, np.ndarray], *args: Any, **kwargs: Any) -> Any:
        self._store.append({k: v.copy() for k, v in feeds.items()})
        return self._session.run(names, feeds, *args, **kwargs)


def record_inputs(n: int, seed: int = CALIB_SEED) -> dict[str, list[dict[str, np.ndarray]]]:
    data = CACHE / f"synth_calib_{seed}"
    gts = synth.load(data) if (data / "index.json").is_file() else []
    if len(gts) < n:
        print(f"generating {n} calibration photos (seed {seed}) in {data} ...", flush=True)
        gts = synth.generate(n, seed, data)
    base = ocr._models()
    store: dict[str, list[dict[str, np.ndarray]]] = {"det": [], "rec": []}
    spy = dataclasses.replace(base, det=_Recorder(base.det, store["det"]), rec=_Recorder(base.rec, store["rec"]))
    with _using(spy):
        for gt in gts[:n]:
            with Image.open(data / gt["file"]) as im:
                ocr.read(Photo(pixels=np.asarray(im.convert("RGB"))))
    return store


@contextlib.contextmanager
def _using(models: Any) -> Iterator[None]:
    """Make the text stage use `models` inside a `with` block (bench only)."""
    saved = ocr._models
    ocr._models = lambda: models  # type: ignore[assignment]
    try:
        yield
    finally:
        ocr._models = saved  # type: ignore[assignment]


def quantize(name: str, inputs: list[dict[str, np.ndarray]], out: Path) -> Path:
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.it: Iterator[dict[str, np.ndarray]] = iter(inputs)

        def get_next(self) -> dict[str, np.ndarray] | None:
            return next(self.it, None)

    out.parent.mkdir(parents=True, exist_ok=True)
    v17, pre = out.with_suffix(".opset17.onnx"), out.with_suffix(".pre.onnx")
    onnx.save(version_converter.convert_version(onnx.load(str(model_path(name))), 17), str(v17))
    quant_pre_process(str(v17), str(pre), skip_symbolic_shape=True)
    quantize_static(str(pre), str(out), Reader(), quant_format=QuantFormat.QDQ, per_channel=True,
                    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                    calibrate_method=CalibrationMethod.MinMax)
    return out


def headline(rows: list[dict], secs: list[float]) -> dict[str, Any]:
    target = [x for x in rows if x["phi"] and x["height"] >= MIN_PX]
    by_angle = summarize(target, "angle_bucket", list(ANGLE_BUCKETS))
    worst = min((b for b in ANGLE_BUCKETS if by_angle[b]["n"]), key=lambda b: by_angle[b]["read"])
    return {
        "phi_read": by_angle["all"]["read"], "phi_n": by_angle["all"]["n"],
        "worst_angle": worst, "worst_angle_read": by_angle[worst]["read"],
        "all_read": summarize(rows, "angle_bucket", list(ANGLE_BUCKETS))["all"]["read"],
        "median_s": round(float(np.median(secs)), 3),
        "by_angle": {b: by_angle[b]["read"] for b in ANGLE_BUCKETS},
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=60, help="bench.ocr photos to score (seed 0)")
    ap.add_argument("--calib", type=int, default=8, help="calibration photos")
    ap.add_argument("--calib-seed", type=int, default=CALIB_SEED, help="their seed (bench.ocr scores seed 0)")
    a = ap.parse_args(argv)

    t0 = time.perf_counter()
    inputs = record_inputs(a.calib, a.calib_seed)
    print(f"recorded {len(inputs['det'])} detector and {len(inputs['rec'])} recogniser inputs; quantizing ...",
          flush=True)
    det8 = ocr._session(str(quantize(ocr.DET_MODEL.name, inputs["det"], OUT / "det.onnx")))
    rec8 = ocr._session(str(quantize(ocr.REC_MODEL.name, inputs["rec"], OUT / "rec.onnx")))
    del inputs
    print(f"built in {time.perf_counter() - t0:.0f} s", flush=True)
    base = ocr._models()
    sets = {
        "fp32": base,
        "int8 det": dataclasses.replace(base, det=det8),
        "int8 rec": dataclasses.replace(base, rec=rec8),
        "int8 both": dataclasses.replace(base, det=det8, rec=rec8),
    }

    data = CACHE / "synth"
    gts = synth.load(data) if (data / "index.json").is_file() else []
    if len(gts) < a.n or any(g["seed"] != 0 for g in gts[: a.n]):
        gts = synth.generate(a.n, 0, data)
    rows: dict[str, list[dict]] = {v: [] for v in VARIANTS}
    secs: dict[str, list[float]] = {v: [] for v in VARIANTS}
    for k, gt in enumerate(gts[: a.n]):
        with Image.open(data / gt["file"]) as im:
            rgb = np.asarray(im.convert("RGB"))
        order = VARIANTS if k % 2 == 0 else VARIANTS[::-1]  # no variant always runs first
        for v in order:
            with _using(sets[v]):
                t = time.perf_counter()
                lines = ocr.read(Photo(pixels=rgb)).lines
                secs[v].append(time.perf_counter() - t)
            rows[v].extend(score_lines(gt, lines))
        print(f"[{k + 1}/{a.n}] " + "  ".join(f"{v} {secs[v][-1]:.2f}s" for v in VARIANTS), flush=True)

    result = {v: headline(rows[v], secs[v]) for v in VARIANTS}
    print(f"\n{'models':<10} {'PHI >= 14 px read':>18} {'weakest angle':>16} {'all lines':>10} {'s/photo':>8}")
    for v in VARIANTS:
        r = result[v]
        print(f"{v:<10} {100 * r['phi_read']:>17.1f}% {r['worst_angle']:>7} {100 * r['worst_angle_read']:>7.1f}%"
              f" {100 * r['all_read']:>9.1f}% {r['median_s']:>8.2f}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"n_photos": a.n, "calib_photos": a.calib, "calib_seed": a.calib_seed,
                                   "variants": result}, indent=1))
    print(f"\nwrote {RESULTS}")


if __name__ == "__main__":
    main()
