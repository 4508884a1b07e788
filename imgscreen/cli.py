"""`imgscreen`: screen photos for patient information before they are shared.

The CLI only parses arguments, walks folders and prints; every decision comes from
`pipeline.Screener`, the same code the web UI runs.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .policy import FACE_STYLES

EXIT_OK = 0  # ran; every photo accepted
EXIT_PHI = 1  # ran; at least one photo was redacted or rejected for what it shows
EXIT_USAGE = 2  # bad arguments, missing input or a broken policy file: nothing was screened
EXIT_ERRORS = 3  # ran; at least one photo could not be screened (unreadable, a stage failed)

EPILOG_EXIT = """exit codes:
  0  every photo accepted
  1  PHI found: at least one photo redacted or rejected
  2  usage error (bad arguments, missing path, invalid policy): nothing screened
  3  at least one photo could not be screened (unreadable file, a detector failed); see the report
"""

MAIN_EPILOG = """examples:
  imgscreen check photo.jpg                      what is in one photo, in plain words
  imgscreen redact photo.jpg -o photo.safe.jpg   write a safe copy of one photo
  imgscreen scan ~/Pictures/event --out safe/ --report report.jsonl
                                                 screen a folder: safe copies + one report line per photo
  imgscreen video clip.mov -o clip.safe.mov      a safe copy of one video (faces tracked, audio kept)
  imgscreen serve                                the review web UI on http://127.0.0.1:7860

decisions:
  accept  nothing identifying found; the safe copy is the photo without its metadata
  redact  faces / PHI text / barcodes found and masked in the safe copy
  reject  not safe to share even masked (a document or screen, too many findings) or could not be screened

""" + EPILOG_EXIT


def _box(value: str):  # -> Rect
    from .model import Rect

    try:
        parts = [int(float(v)) for v in value.replace(" ", "").split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected x,y,w,h in pixels, got {value!r}") from None
    if len(parts) != 4 or parts[2] <= 0 or parts[3] <= 0:
        raise argparse.ArgumentTypeError(f"expected x,y,w,h with positive w and h, got {value!r}")
    return Rect(parts[0], parts[1], parts[2], parts[3])


def _add_policy_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--policy", metavar="TOML", help="policy file overriding the defaults (see docs/policy.md)")
    p.add_argument("--face-style", choices=FACE_STYLES,
                   help="how faces are masked (default: smooth, a frosted fill guessed from around the head "
                        "that keeps nothing of the face)")
    p.add_argument("--no-verify", action="store_true",
                   help="skip the second look at the safe copy (faster, less safe)")
    p.add_argument("--show-text", action="store_true",
                   help="show detected PHI text unmasked (local debugging only; never share that output)")
    p.add_argument("--debug", action="store_true", help="verbose logs (may include stack traces, never PHI text)")


def _add_override_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--consent", type=_box, action="append", default=[], metavar="X,Y,W,H",
                   help="a face that consented to be shown: not masked (repeatable)")
    p.add_argument("--add-box", type=_box, action="append", default=[], metavar="X,Y,W,H",
                   help="mask this region too (repeatable)")
    p.add_argument("--drop", type=int, action="append", default=[], metavar="N",
                   help="drop finding number N (as numbered by `imgscreen check`) as a false alarm (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imgscreen",
        description="Screen photos for patient information (HIPAA PHI) before they are shared: faces, text on "
                    "wristbands, charts and screens, barcodes, and the file's metadata.",
        epilog=MAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"imgscreen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    scan = sub.add_parser(
        "scan", help="screen files and folders; write safe copies and a report",
        description="Screen every photo under the given files and folders (recursively). Accepted and redacted "
                    "photos get a safe copy under --out, mirroring the input tree; rejected photos get none. "
                    "Originals are never modified.",
        epilog=EPILOG_EXIT, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scan.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="photos or folders")
    scan.add_argument("--out", type=Path, metavar="DIR", help="where safe copies go (default: none written)")
    scan.add_argument("--report", type=Path, metavar="FILE", default=None,
                      help="JSON Lines report, one object per photo (default: imgscreen-report.jsonl, or "
                           "report.jsonl under --out)")
    scan.add_argument("--csv", type=Path, metavar="FILE", help="also write a CSV summary")
    scan.add_argument("--workers", type=int, default=1,
                      help="parallel worker processes (default 1; 2 on a 2-core machine is the most that helps); "
                           "with --engine ray, the number of actors")
    scan.add_argument("--resume", action="store_true",
                      help="skip photos already in --report (continue an interrupted scan)")
    scan.add_argument("--engine", choices=("local", "ray"), default="local",
                      help="local: worker processes on this machine (default); ray: one screener per actor on a "
                           "Ray cluster (needs pip install 'imgscreen[ray]'); with ray, the photos, --out and "
                           "--report must be paths that every node sees (a shared filesystem), and every node "
                           "needs imgscreen installed")
    scan.add_argument("--address", metavar="ADDR",
                      help="with --engine ray: the cluster to join (host:port of the head node, or 'auto'); "
                           "default: start Ray on this machine only")
    scan.add_argument("--actor-cpus", type=float, default=None, metavar="N",
                      help="with --engine ray: CPUs each actor asks for, and its model threads (default: 1 on a "
                           "cluster; without --address, this machine's cores split between the actors)")
    scan.add_argument("--html", type=Path, metavar="FILE",
                      help="also write one self-contained HTML page for the batch: summary, previews with the "
                           "findings outlined (safe copies; masked mosaics for rejects; never PHI text), filters")
    scan.add_argument("--quiet", action="store_true", help="no progress bar or table")
    _add_policy_args(scan)

    check = sub.add_parser("check", help="list what one photo contains, in plain words",
                           description="Screen one photo and print its findings and the decision. Writes nothing.",
                           epilog=EPILOG_EXIT, formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("image", type=Path)
    check.add_argument("--json", action="store_true", help="print the report object instead of a table")
    _add_policy_args(check)
    _add_override_args(check)

    redact = sub.add_parser("redact", help="write a safe copy of one photo",
                            description="Screen one photo and write its safe copy (masked, no metadata). "
                                        "A rejected photo gets no copy unless --force.",
                            epilog=EPILOG_EXIT, formatter_class=argparse.RawDescriptionHelpFormatter)
    redact.add_argument("image", type=Path)
    redact.add_argument("-o", "--output", type=Path, required=True, help="where to write the safe copy")
    redact.add_argument("--highlight", type=Path, metavar="PNG",
                        help="also write a review image with every finding outlined (never a safe copy)")
    redact.add_argument("--force", action="store_true",
                        help="write the masked copy even when the decision is reject (stages must have run)")
    _add_policy_args(redact)
    _add_override_args(redact)

    serve = sub.add_parser("serve", help="start the review web UI",
                           description="Start the review UI. Binds to 127.0.0.1 unless --host says otherwise.")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default: $GRADIO_SERVER_PORT or 7860")
    serve.add_argument("--auth", default=None, metavar="USER:PASSWORD",
                       help="require a login (or set IMGSCREEN_AUTH)")
    serve.add_argument("--policy", metavar="TOML")
    serve.add_argument("--log", type=Path, default=None, help="decision log file (JSON Lines)")

    sub.add_parser("models", help="list the model files the tool loads and verify their checksums")
    from .video.cli import add_parser as add_video_parser

    add_video_parser(sub, _add_policy_args, EPILOG_EXIT)
    return parser


# -- helpers ---------------------------------------------------------------------------------------

def _policy(args: argparse.Namespace):  # -> Policy
    from .policy import load_policy

    policy = load_policy(args.policy)
    if getattr(args, "face_style", None):
        policy = policy.replace("faces", style=args.face_style)
    if getattr(args, "no_verify", False):
        policy = policy.replace("output", verify=False)
    return policy


def _overrides(args: argparse.Namespace) -> list[Any]:
    from .model import Override

    return ([Override("consent", box=b) for b in args.consent] + [Override("add_box", box=b) for b in args.add_box]
            + [Override("drop", finding_index=n - 1) for n in args.drop])


def iter_inputs(paths: Sequence[Path], skipped: list[tuple[Path, str]]) -> Iterator[tuple[Path, Path]]:
    """(file, root) pairs for every image or video under `paths`, in a stable order; others go to `skipped`."""
    from .load import is_image_path as is_photo
    from .video.streams import is_video_path

    def is_image_path(p: Path) -> bool:
        return is_photo(p) or is_video_path(p)

    for root in paths:
        if root.is_file():
            if is_image_path(root):
                yield root, root.parent
            else:
                skipped.append((root, "not an image file extension"))
            continue
        if not root.is_dir():
            skipped.append((root, "not found"))
            continue
        seen: set[tuple[int, int]] = set()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=None):
            dirnames.sort()
            st = os.stat(dirpath)
            if (st.st_dev, st.st_ino) in seen:
                dirnames.clear()
                continue
            seen.add((st.st_dev, st.st_ino))
            for name in sorted(filenames):
                f = Path(dirpath) / name
                if name.startswith("."):
                    continue
                if is_image_path(f):
                    yield f, root
                else:
                    skipped.append((f, "not an image file extension"))


def output_path(src: Path, root: Path, out_dir: Path) -> Path:
    """Mirror the input tree under `out_dir`, same stem, a suffix that matches the safe format."""
    from .write import mirrored, safe_format_for

    return mirrored(src, root, out_dir, safe_format_for(src.suffix)[1])


# Worker state: one Screener per process, so models load once per process, not per photo.
_SCREENER = None


def _init_worker(policy) -> None:
    global _SCREENER
    from .pipeline import Screener

    logging.getLogger().setLevel(logging.WARNING)
    _SCREENER = Screener(policy)


def _screen_one(src: Path, root: Path, out_dir: Path | None, show_text: bool) -> dict[str, Any]:
    from .report import file_record
    from .write import write_outputs

    assert _SCREENER is not None
    from .video.streams import is_video_path

    if is_video_path(src):
        from .video.cli import screen_one

        return screen_one(_SCREENER.policy, src, root, out_dir, show_text)
    start = time.perf_counter()
    results = _SCREENER.screen_file(src)
    output = None
    outputs: list[str] = []
    verdicts = {r.decision.verdict for r in results}
    if out_dir is not None and "reject" not in verdicts and all(r.safe_pixels is not None for r in results):
        dest = output_path(src, root, out_dir)
        dest.parent.mkdir(parents=True, exist_ok=True)
        written = write_outputs([(r, r.safe_pixels) for r in results], dest, _SCREENER.policy, src)
        output = written[0]
        if len(written) > 1:  # frames of an animation or pages of a TIFF: one still per frame
            outputs = [str(p) for p in written]
    record = file_record(src, results, output, show_text=show_text, seconds=time.perf_counter() - start)
    if outputs:
        record["outputs"] = outputs
    record["failed"] = any(not s.ok for r in results for s in r.stages)
    return record


def _console(quiet: bool):
    from rich.console import Console

    return Console(stderr=True, quiet=quiet)


@contextlib.contextmanager
def _engine(args: argparse.Namespace) -> Iterator[Callable[..., Iterator[dict[str, Any]]]]:
    """The scan engine's `run` (same signature and records either way), ready for the length of the block."""
    if args.engine == "local":
        from . import batch

        yield batch.run
        return
    from . import ray_engine
    from .modelfiles import onnx_threads

    # On this machine the actors split its cores as the local pool's workers do; on a cluster, 1 CPU each.
    cpus = args.actor_cpus or (max(1, onnx_threads() // args.workers) if args.address is None else 1)
    with ray_engine.connected(args.address, num_cpus=None):
        yield functools.partial(ray_engine.run, cpus_per_actor=cpus)


def cmd_scan(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .batch import Task
    from .journal import Journal, atomic_write
    from .report import to_csv

    console = _console(args.quiet)
    policy = _policy(args)
    if args.workers < 1:
        console.print("[red]--workers must be at least 1[/red]")
        return EXIT_USAGE
    if args.engine != "ray" and args.address:
        print("imgscreen: --address is for --engine ray", file=sys.stderr)
        return EXIT_USAGE
    if args.engine == "ray":
        from .ray_engine import EngineUnavailable, import_ray

        try:
            import_ray(args.address)
        except EngineUnavailable as e:
            print(f"imgscreen: {e}", file=sys.stderr)  # even with --quiet: nothing was screened
            return EXIT_USAGE
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        console.print(f"[red]not found:[/red] {', '.join(str(m) for m in missing)}")
        return EXIT_USAGE
    report_path = args.report or ((args.out / "report.jsonl") if args.out else Path("imgscreen-report.jsonl"))
    skipped: list[tuple[Path, str]] = []
    inputs = list(iter_inputs(args.paths, skipped))
    if args.out is not None:
        out_resolved = args.out.resolve()
        inputs = [(f, r) for f, r in inputs if not f.resolve().is_relative_to(out_resolved)
                  or any(out_resolved == p.resolve() for p in args.paths)]
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
    from .video.streams import is_video_path

    # Each record is appended as its photo finishes, so an interrupted scan keeps its work (--resume), then
    # the report is rewritten in path order (journal.py). The engine starts first: one that cannot start
    # leaves an earlier report as it was.
    try:
        with _engine(args) as run, Journal(report_path, resume=args.resume) as journal, Progress(
            TextColumn("[bold]screening"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=console, disable=args.quiet,
        ) as progress:
            todo = [(f, r) for f, r in inputs if str(f) not in journal.done]
            tasks = (Task(f, r, args.out, args.show_text) for f, r in todo)
            # A video is screened in one go in its worker: it gets the video time-out, not a photo's.
            timeout = max([policy.limits.photo_timeout_s]
                          + [policy.video.timeout_s for f, _ in todo if is_video_path(f)])
            task = progress.add_task("scan", total=len(todo))
            for rec in run(tasks, policy, args.workers, timeout, _screen_one, _init_worker):
                journal.append(rec)
                progress.advance(task)
    except _engine_errors() as e:
        print(f"imgscreen: {e}", file=sys.stderr)  # even with --quiet: nothing was screened
        return EXIT_USAGE
    records = journal.finish()
    if args.csv:
        atomic_write(args.csv, to_csv(records))
    if args.html:
        from .html_report import write as write_html

        root = args.paths[0] if len(args.paths) == 1 and args.paths[0].is_dir() else None
        write_html(args.html, records, root=root)
    _print_summary(console, records, skipped, report_path)
    if args.html:
        console.print(f"html: {args.html}")
    return _exit_code(records)


def _engine_errors() -> tuple[type[BaseException], ...]:
    """Errors that stop an engine before it screened anything: a usage error (exit 2), not a crash."""
    from .ray_engine import EngineUnavailable

    return (EngineUnavailable,)


def _exit_code(records: list[dict[str, Any]]) -> int:
    if any(rec.get("failed") for rec in records):
        return EXIT_ERRORS
    if any(rec["decision"] != "accept" for rec in records):
        return EXIT_PHI
    return EXIT_OK


def _print_summary(console, records: list[dict[str, Any]], skipped: list[tuple[Path, str]],
                   report_path: Path) -> None:
    from rich.table import Table

    from .report import top_reasons

    counts = Counter(rec["decision"] for rec in records)
    table = Table(title=f"imgscreen: {len(records)} photos", show_header=True)
    table.add_column("decision")
    table.add_column("photos", justify="right")
    for verdict, colour in (("accept", "green"), ("redact", "yellow"), ("reject", "red")):
        table.add_row(f"[{colour}]{verdict}[/{colour}]", str(counts.get(verdict, 0)))
    console.print(table)
    reasons = top_reasons(records)
    if reasons:
        console.print("[bold]top reasons[/bold]")
        for reason, n in reasons:
            console.print(f"  {n:>4}  {reason}")
    if skipped:
        console.print(f"skipped {len(skipped)} files that are not images (e.g. {skipped[0][0].name}: "
                      f"{skipped[0][1]})")
    console.print(f"report: {report_path}")


def _print_findings(console, record: dict[str, Any]) -> None:
    from rich.table import Table

    colour = {"accept": "green", "redact": "yellow", "reject": "red"}[record["decision"]]
    console.print(f"[bold {colour}]{record['decision'].upper()}[/bold {colour}]  {record['path']}")
    for reason in record["reasons"]:
        console.print(f"  - {reason}")
    if record["findings"]:
        table = Table(show_header=True)
        for col in ("#", "what", "HIPAA identifier", "where (x,y,w,h)", "score", "text"):
            table.add_column(col)
        for i, f in enumerate(record["findings"], 1):
            where = ",".join(str(v) for v in f["bbox"]) if f["bbox"] else "in the file"
            table.add_row(str(i), f["label"], f"{f['identifier']} {f['identifier_name']}", where,
                          f"{f['score']:.2f}", f["text"] or "")
        console.print(table)
    stages = ", ".join(f"{s['stage']} {s['seconds']:.2f}s" + ("" if s["ok"] else " FAILED")
                       for s in record["stages"])
    console.print(f"[dim]stages: {stages}; total {record['seconds']:.2f}s[/dim]")


def cmd_check(args: argparse.Namespace) -> int:
    import json

    from .pipeline import Screener
    from .report import file_record

    console = _console(False)
    if not args.image.exists():
        console.print(f"[red]not found:[/red] {args.image}")
        return EXIT_USAGE
    screener = Screener(_policy(args))
    start = time.perf_counter()
    results = screener.screen_file(args.image, _overrides(args))
    record = file_record(args.image, results, None, show_text=args.show_text, seconds=time.perf_counter() - start)
    if args.json:
        print(json.dumps(record, indent=2, ensure_ascii=False))
    else:
        _print_findings(console, record)
    record["failed"] = any(not s.ok for r in results for s in r.stages)
    return _exit_code([record])


def cmd_redact(args: argparse.Namespace) -> int:
    from .decide import pixel_findings
    from .pipeline import Screener
    from .redact import apply_masks, highlight
    from .report import file_record
    from .write import save_safe, write_outputs

    console = _console(False)
    if not args.image.exists():
        console.print(f"[red]not found:[/red] {args.image}")
        return EXIT_USAGE
    policy = _policy(args)
    screener = Screener(policy)
    start = time.perf_counter()
    results = screener.screen_file(args.image, _overrides(args))
    result = results[0]
    if len(results) > 1:
        console.print("[red]this file has several frames; use `imgscreen scan` for multi-frame files[/red]")
        return EXIT_USAGE
    failed = any(not s.ok for s in result.stages)
    output = None
    pixels = result.safe_pixels
    if pixels is None and args.force and not failed and result.photo is not None:
        pixels = apply_masks(result.photo.pixels, pixel_findings(result.findings), policy)
    if pixels is not None:
        (output,) = write_outputs([(result, pixels)], args.output, policy, args.image)
    if args.highlight and result.photo is not None:
        save_safe(highlight(result.photo.pixels, result.findings), args.highlight, fmt="PNG", original=args.image)
    record = file_record(args.image, results, output, show_text=args.show_text, seconds=time.perf_counter() - start)
    _print_findings(console, record)
    console.print(f"safe copy: {output}" if output else "[red]no safe copy written (rejected)[/red]")
    record["failed"] = failed
    return _exit_code([record])


def cmd_video(args: argparse.Namespace) -> int:
    from .video.cli import cmd_video as run

    console = _console(False)
    if not args.video.exists():
        console.print(f"[red]not found:[/red] {args.video}")
        return EXIT_USAGE
    try:
        record = run(args, _policy(args), console)
    except argparse.ArgumentTypeError as e:
        console.print(f"[red]{e}[/red]")
        return EXIT_USAGE
    return _exit_code([record])


def cmd_serve(args: argparse.Namespace) -> int:
    from .ui.server import serve

    serve(host=args.host, port=args.port, auth=args.auth, policy_path=args.policy, log_path=args.log)
    return EXIT_OK


def cmd_models(args: argparse.Namespace) -> int:
    from . import faces, ocr, runtime
    from .errors import safe_error
    from .modelfiles import MODELS, ModelError, model_path

    bad = 0
    for name, m in sorted(MODELS.items()):
        try:
            path = model_path(name)
            status = f"ok  {path}"
        except ModelError as e:
            status, bad = f"BAD {e}", bad + 1
        print(f"{name:28} {m.pip_name:22} {m.license:12} {m.input_size:14} {status}")
    # Which runtime runs each model: load them as a screen would (OpenVINO verified against onnxruntime).
    if not bad:
        try:
            faces._session()
            ocr._models()
        except Exception as e:  # noqa: BLE001 - report it; the model list above stays useful
            print(f"runtime: could not load the models ({safe_error(e)})")
            return EXIT_ERRORS
        for name, how in sorted(runtime.status().items()):
            print(f"{name:28} runs on {how}")
    return EXIT_ERRORS if bad else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    # --debug turns on our own loggers only: third-party debug logs (Pillow's EXIF dump, HTTP clients)
    # print raw values, and a raw value here is PHI.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("imgscreen").setLevel(logging.DEBUG if getattr(args, "debug", False) else logging.WARNING)
    from .policy import PolicyError

    handlers = {"scan": cmd_scan, "check": cmd_check, "redact": cmd_redact, "serve": cmd_serve,
                "models": cmd_models, "video": cmd_video}
    try:
        return handlers[args.command](args)
    except PolicyError as e:
        print(f"imgscreen: policy error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("imgscreen: interrupted; rerun `scan` with --resume to continue", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
