"""`imgscreen video IN -o OUT` and the video half of `imgscreen scan`: argument parsing and printing only.

Every decision comes from `VideoScreener`; the overrides take a time as well as a box, because a
box on a video means something only at a moment (`--consent X,Y,W,H@SECONDS` picks the face track
there and keeps it unmasked for its whole life).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from .screen import TimedBox, VideoOverrides


def _timed_box(value: str, need_time: bool) -> tuple[tuple[int, int, int, int], str | None]:
    from ..cli import _box

    box, _, when = value.partition("@")
    if need_time and not when:
        raise argparse.ArgumentTypeError(f"expected X,Y,W,H@SECONDS (when the face is in that box), got {value!r}")
    return _box(box), (when or None)


def _seconds(text: str, value: str) -> float:
    try:
        t = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a time in seconds in {value!r}") from None
    if t < 0:
        raise argparse.ArgumentTypeError(f"expected a time >= 0 in {value!r}")
    return t


def consent_arg(value: str) -> tuple[tuple[int, int, int, int], float]:
    box, when = _timed_box(value, need_time=True)
    return box, _seconds(when or "", value)


def add_box_arg(value: str) -> TimedBox:
    box, when = _timed_box(value, need_time=False)
    if when is None:
        return box, None, None
    a, sep, b = when.partition("-")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected X,Y,W,H@FROM-TO in seconds, got {value!r}")
    t0, t1 = _seconds(a, value), _seconds(b, value)
    if t1 < t0:
        raise argparse.ArgumentTypeError(f"the box's end comes before its start in {value!r}")
    return box, t0, t1


def add_parser(sub: Any, add_policy_args: Any, epilog: str) -> None:
    p = sub.add_parser(
        "video", help="screen one video; write its safe copy",
        description="Screen a video (mp4, mov, m4v, webm; HEVC from iPhones): faces are tracked and masked on "
                    "every frame, PHI text and barcodes from the frame they appear in until they leave, metadata "
                    "is dropped and the audio kept bit for bit. A rejected video gets no copy.",
        epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("video", type=Path)
    p.add_argument("-o", "--output", type=Path, default=None,
                   help="where to write the safe copy (.mp4, or .mov for a .mov input); without it, only check")
    p.add_argument("--no-audio", action="store_true", help="drop the audio track (kept, unchanged, by default)")
    p.add_argument("--json", action="store_true", help="print the report object instead of a table")
    p.add_argument("--report", type=Path, metavar="FILE", help="also write the report object (JSON) to FILE")
    p.add_argument("--consent", type=consent_arg, action="append", default=[], metavar="X,Y,W,H@SECONDS",
                   help="the face in this box at this time consented: its whole track stays unmasked (repeatable)")
    p.add_argument("--add-box", type=add_box_arg, action="append", default=[], metavar="X,Y,W,H[@FROM-TO]",
                   help="mask this region too, on every frame or from FROM to TO seconds (repeatable)")
    p.add_argument("--drop", type=int, action="append", default=[], metavar="N",
                   help="drop finding number N (as numbered in the report) as a false alarm (repeatable)")
    add_policy_args(p)


def overrides(args: argparse.Namespace) -> VideoOverrides:
    return VideoOverrides(consent=tuple(args.consent), add_box=tuple(args.add_box),
                          drop=tuple(n - 1 for n in args.drop))


def video_output_path(src: Path, root: Path, out_dir: Path) -> Path:
    """Mirror the input tree under `out_dir`, same stem, .mp4 (or .mov for QuickTime input)."""
    from ..write import mirrored
    from .streams import safe_video_format

    return mirrored(src, root, out_dir, safe_video_format(src)[1])


_SCREENER = None


def screen_one(policy: Any, src: Path, root: Path, out_dir: Path | None, show_text: bool) -> dict[str, Any]:
    """A `scan` worker's job for one video: screen, write under `out_dir`, one report record."""
    global _SCREENER
    from .screen import VideoScreener, video_record

    if _SCREENER is None or _SCREENER.policy is not policy:
        _SCREENER = VideoScreener(policy)
    dest = None
    if out_dir is not None:
        dest = video_output_path(src, root, out_dir)
        dest.parent.mkdir(parents=True, exist_ok=True)
    return video_record(_SCREENER.screen(src, dest), show_text)


def _print(console: Any, rec: dict[str, Any]) -> None:
    from rich.table import Table

    colour = {"accept": "green", "redact": "yellow", "reject": "red"}[rec["decision"]]
    v = rec.get("video") or {}
    size = f", {v['width']}x{v['height']}, {v['fps']:.1f} fps" if v.get("width") else ""
    console.print(f"[bold {colour}]{rec['decision'].upper()}[/bold {colour}]  {rec['path']}  "
                  f"({rec['frames']} frames{size})")
    for reason in rec["reasons"]:
        console.print(f"  - {reason}")
    if rec["findings"]:
        table = Table(show_header=True)
        for col in ("#", "what", "HIPAA identifier", "when (s)", "first seen (x,y,w,h)", "text", "note"):
            table.add_column(col)
        for i, f in enumerate(rec["findings"], 1):
            ranges = f.get("time_ranges", [])
            when = ", ".join(f"{a:.1f}-{b:.1f}" for a, b in ranges[:4])
            if len(ranges) > 4:
                when += ", ..."
            where = ",".join(str(c) for c in f["bbox"]) if f["bbox"] else "in the file"
            table.add_row(str(i), f["label"], f"{f['identifier']} {f['identifier_name']}", when, where,
                          f["text"] or "", f.get("dismissed", ""))
        console.print(table)
    stages = ", ".join(f"{s['stage']} {s['seconds']:.1f}s" + ("" if s["ok"] else " FAILED") for s in rec["stages"])
    console.print(f"[dim]stages: {stages}; total {rec['seconds']:.1f}s[/dim]")


def cmd_video(args: argparse.Namespace, policy: Any, console: Any) -> dict[str, Any]:
    from .screen import VideoScreener, video_record

    if args.output is not None and args.output.suffix.lower() not in (".mp4", ".mov", ".m4v"):
        raise argparse.ArgumentTypeError("the safe copy is written as .mp4 or .mov; give -o a name ending in one")
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    res = VideoScreener(policy).screen(args.video, args.output, overrides(args), keep_audio=not args.no_audio)
    rec = video_record(res, args.show_text)
    rec["seconds"] = round(time.perf_counter() - start, 3)
    if args.report:
        args.report.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(rec, indent=2, ensure_ascii=False))
    else:
        _print(console, rec)
        if args.output is not None:
            console.print(f"safe copy: {rec['output']}" if rec["output"] else "[red]no safe copy written[/red]")
    return rec
