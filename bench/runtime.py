"""Which runtime runs our models faster, measured paired: onnxruntime vs OpenVINO (FP32, and BF16 to look at).

    python -m bench.runtime [--set synth12,realdev,realheld] [--n 6] [--bf16] [--no-screen]

For every photo, in one process:
1. *inputs*: the whole screen (`Screener.screen_file`, verify pass included) runs once on onnxruntime
   with every model call recorded, so each model is timed on the inputs a real screen feeds it;
2. *models*: each model's recorded inputs are run on every runtime, the runtime order alternating from
   photo to photo; wall time (`perf_counter`) and process CPU time (`process_time`, every thread) per
   model and runtime, and the largest output difference from onnxruntime's;
3. *screen* (unless `--no-screen`): the whole screen again on each runtime, alternating order; the
   decision, the findings (kind, identifier, box) and the lines read are compared with onnxruntime's.

Ratios are per photo (onnxruntime time / other time, > 1: the other is faster), summarised by their
median; the machine is shared, so the load average is printed beside. Results: bench/results/runtime.json.
No text read from a photo is stored: lines are compared as hashes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "runtime.json"
MODELS = ("centerface", "ppocrv6-det-small", "ppocr-cls-mobile-v2", "ppocrv6-rec-small")


class Recorder:
    """Wraps a session; keeps every call's feeds (to replay them on each runtime)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls: list[tuple[list[str] | None, dict[str, np.ndarray]]] = []

    def run(self, outputs, feeds):
        self.calls.append((list(outputs) if outputs else None, {k: v.copy() for k, v in feeds.items()}))
        return self.inner.run(outputs, feeds)

    def metadata(self):
        return self.inner.metadata()


def model_sources() -> dict[str, Any]:
    """Model name -> what `runtime.create` is given (bytes or path), as the stages give it."""
    from imgscreen import faces, ocr
    from imgscreen.modelfiles import model_path
    from imgscreen.onnx_shapes import free_dims

    return {
        "centerface": free_dims(model_path(faces.CENTERFACE.name).read_bytes()),
        "ppocrv6-det-small": str(model_path(ocr.DET_MODEL.name)),
        "ppocr-cls-mobile-v2": str(model_path(ocr.CLS_MODEL.name)),
        "ppocrv6-rec-small": str(model_path(ocr.REC_MODEL.name)),
    }


def build_runtimes(bf16: bool, arena: bool = False) -> dict[str, dict[str, Any]]:
    from imgscreen import runtime

    src = model_sources()
    out: dict[str, dict[str, Any]] = {"onnxruntime": {}, "openvino": {}}
    if arena:
        out["onnxruntime-arena"] = {}
    if bf16:
        out["openvino-bf16"] = {}
    for name, model in src.items():
        ort = runtime.OrtSession(model)
        out["onnxruntime"][name] = ort
        out["openvino"][name] = runtime.OvSession(model, metadata=ort.metadata())
        if arena:
            out["onnxruntime-arena"][name] = runtime.OrtSession(model, arena=True)
        if bf16:
            out["openvino-bf16"][name] = runtime.OvSession(model, bf16=True, metadata=ort.metadata())
    return out


def use(sessions: dict[str, Any]) -> None:
    """Make the face and text stages use these sessions (bench only: patches the module caches)."""
    import threading

    from imgscreen import faces, ocr

    faces._session = lambda: sessions["centerface"]
    chars = ["<blank>", *sessions["ppocrv6-rec-small"].metadata()["character"].splitlines(), " "]
    m = ocr._Models(sessions["ppocrv6-det-small"], sessions["ppocr-cls-mobile-v2"], sessions["ppocrv6-rec-small"],
                    chars, threading.Lock())
    ocr._models = lambda: m


def photos(sets: list[str], n: int) -> list[tuple[str, Path]]:
    out: list[tuple[str, Path]] = []
    for s in sets:
        if s == "synth12":
            from bench import e2e

            gts, _ = e2e.ensure_synth(n)
            out += [(s, e2e.CACHE / "12mp" / g["file"]) for g in gts]
        elif s in ("realdev", "realheld"):
            from bench import real

            half = "dev" if s == "realdev" else "heldout"
            out += [(s, Path(t["path"])) for t in real.load_set(half=half)][:n]
        else:
            raise SystemExit(f"unknown set {s}")
    return out


def outcome_key(results: list[Any]) -> dict[str, Any]:
    """What a screen decided and found, without any text: for equality across runtimes."""
    r = results[0]
    finds = sorted((f.kind, int(f.identifier), tuple(round(v) for v in f.bbox) if f.bbox else None)
                   for f in r.findings)
    lines = sorted(hashlib.sha256(ln.text.encode()).hexdigest()[:16] for ln in r.lines)
    return {"decision": r.decision.verdict, "findings": finds, "lines": lines}


def time_calls(sess: Any, calls: list) -> tuple[float, float, list[np.ndarray]]:
    outs = []
    w0, c0 = time.perf_counter(), time.process_time()
    for outputs, feeds in calls:
        outs.append(sess.run(outputs, feeds))
    return time.perf_counter() - w0, time.process_time() - c0, outs


def max_diff(a: list, b: list) -> float:
    d = 0.0
    for xa, xb in zip(a, b, strict=True):
        for ya, yb in zip(xa, xb, strict=True):
            if ya.size:
                d = max(d, float(np.max(np.abs(ya.astype(np.float64) - yb))))
    return d


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", default="synth12,realdev")
    ap.add_argument("--n", type=int, default=6, help="photos per set")
    ap.add_argument("--bf16", action="store_true", help="also OpenVINO with BF16 inference precision")
    ap.add_argument("--arena", action="store_true", help="also onnxruntime with its CPU memory arena (as before)")
    ap.add_argument("--no-screen", action="store_true", help="models only, no paired whole screens")
    a = ap.parse_args(argv)
    from imgscreen.pipeline import Screener

    loads = [os.getloadavg()]
    rts = build_runtimes(a.bf16, a.arena)
    names = list(rts)
    screener = Screener()
    recs = []
    for k, (set_name, path) in enumerate(photos(a.set.split(","), a.n)):
        rec: dict[str, Any] = {"set": set_name, "file": path.name, "models": {}, "screen": {}}
        recorders = {m: Recorder(s) for m, s in rts["onnxruntime"].items()}
        use(recorders)
        t0 = time.perf_counter()
        base = screener.screen_file(path)
        rec["record_s"] = round(time.perf_counter() - t0, 2)
        order = names if k % 2 == 0 else names[::-1]
        for m in MODELS:
            calls = recorders[m].calls
            row: dict[str, Any] = {"calls": len(calls)}
            outs = {}
            for rt in order:
                wall, cpu, outs[rt] = time_calls(rts[rt][m], calls)
                row[rt] = {"wall": round(wall, 4), "cpu": round(cpu, 4)}
            for rt in names[1:]:
                row[rt]["max_diff"] = max_diff(outs["onnxruntime"], outs[rt])
            rec["models"][m] = row
            del outs
        if not a.no_screen:
            want = outcome_key(base)
            for rt in order:
                use(rts[rt])
                w0, c0 = time.perf_counter(), time.process_time()
                got = screener.screen_file(path)
                wall, cpu = time.perf_counter() - w0, time.process_time() - c0
                key = outcome_key(got)
                rec["screen"][rt] = {"wall": round(wall, 3), "cpu": round(cpu, 3),
                                     "same_decision": key["decision"] == want["decision"],
                                     "same_findings": key["findings"] == want["findings"],
                                     "same_lines": key["lines"] == want["lines"],
                                     "decision": key["decision"]}
        loads.append(os.getloadavg())
        rec["load1"] = round(loads[-1][0], 2)
        recs.append(rec)
        print(f"{set_name} {path.name}: " + "  ".join(
            f"{m.split('-')[0] if m != 'ppocrv6-rec-small' else 'rec'}/{m.split('-')[1] if '-' in m else ''} "
            + " ".join(f"{rt[:6]} {rec['models'][m][rt]['wall']:.2f}" for rt in names) for m in MODELS)
            + ("  screen " + " ".join(f"{rt} {v['wall']:.1f}s{'' if v['same_findings'] else ' (DIFF)'}"
                                      for rt, v in rec["screen"].items()) if rec["screen"] else ""), flush=True)
    out = {"runtimes": names, "records": recs, "summary": summarize(recs, names),
           "loadavg": [[round(x, 2) for x in la] for la in loads], "argv": sys.argv[1:]}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=1))
    print(table(out))
    return 0


def summarize(recs: list[dict], names: list[str]) -> dict[str, Any]:
    s: dict[str, Any] = {}
    for m in MODELS:
        s[m] = {}
        for rt in names:
            s[m][rt] = {"wall_s": round(sum(r["models"][m][rt]["wall"] for r in recs), 3),
                        "cpu_s": round(sum(r["models"][m][rt]["cpu"] for r in recs), 3)}
        for rt in names[1:]:
            ok = [r for r in recs if r["models"][m][rt]["wall"] > 0 and r["models"][m]["calls"]]
            s[m][rt]["ratio_wall_median"] = _med([r["models"][m]["onnxruntime"]["wall"] / r["models"][m][rt]["wall"]
                                                  for r in ok])
            s[m][rt]["ratio_cpu_median"] = _med([r["models"][m]["onnxruntime"]["cpu"] / max(1e-9, r["models"][m][rt]
                                                 ["cpu"]) for r in ok])
            s[m][rt]["max_diff"] = max((r["models"][m][rt]["max_diff"] for r in recs), default=0.0)
    scr = [r for r in recs if r["screen"]]
    if scr:
        s["screen"] = {}
        for rt in names:
            s["screen"][rt] = {"wall_median": _med([r["screen"][rt]["wall"] for r in scr]),
                               "cpu_median": _med([r["screen"][rt]["cpu"] for r in scr]),
                               "same_decision": sum(r["screen"][rt]["same_decision"] for r in scr),
                               "same_findings": sum(r["screen"][rt]["same_findings"] for r in scr),
                               "same_lines": sum(r["screen"][rt]["same_lines"] for r in scr), "n": len(scr)}
            if rt != "onnxruntime":
                s["screen"][rt]["ratio_wall_median"] = _med([r["screen"]["onnxruntime"]["wall"] / r["screen"][rt]
                                                             ["wall"] for r in scr])
                s["screen"][rt]["ratio_cpu_median"] = _med([r["screen"]["onnxruntime"]["cpu"] / r["screen"][rt]["cpu"]
                                                            for r in scr])
    return s


def _med(v: list[float]) -> float | None:
    return round(float(np.median(v)), 3) if v else None


def table(out: dict[str, Any]) -> str:
    s, names = out["summary"], out["runtimes"]
    lines = [f"{'model':24}" + "".join(f"{rt + ' wall/cpu s':>28}" for rt in names)
             + "".join(f"{'ort/' + rt + ' wall, cpu':>30}" for rt in names[1:])]
    for m in MODELS:
        lines.append(f"{m:24}" + "".join(f"{s[m][rt]['wall_s']:>17.2f} / {s[m][rt]['cpu_s']:<8.2f}" for rt in names)
                     + "".join(f"{s[m][rt]['ratio_wall_median']!s:>20}, {s[m][rt]['ratio_cpu_median']!s:<8}"
                               f"d{s[m][rt]['max_diff']:.1e}" for rt in names[1:]))
    if "screen" in s:
        sc = s["screen"]
        lines.append("whole screen, median wall / cpu s: " + "; ".join(
            f"{rt} {sc[rt]['wall_median']} / {sc[rt]['cpu_median']}" for rt in names))
        for rt in names[1:]:
            lines.append(f"  {rt}: ratio ort/{rt} wall {sc[rt]['ratio_wall_median']}, "
                         f"cpu {sc[rt]['ratio_cpu_median']}; "
                         f"same decision {sc[rt]['same_decision']}/{sc[rt]['n']}, same findings "
                         f"{sc[rt]['same_findings']}/{sc[rt]['n']}, same lines {sc[rt]['same_lines']}/{sc[rt]['n']}")
    la = [x[0] for x in out["loadavg"]]
    lines.append(f"load average (1 min) during the run: {min(la):.1f}-{max(la):.1f}; {len(out['records'])} photos")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
