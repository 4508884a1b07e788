"""Video files in and out through PyAV (FFmpeg's libraries, shipped inside the pinned `av` wheel).

Why PyAV and not the `ffmpeg` program: frames arrive as arrays in this process (no pipe to a child
whose errors are text to parse), audio packets can be copied into the output without being decoded
(`keep_audio`: the safe copy's audio is the original's, bit for bit), and the wheel carries its own
FFmpeg, so nothing is installed beside the Python packages.

Three jobs, each failing closed with a `VideoError` whose message is safe to show (it never quotes
the file name or its contents):
- `probe`: open the file, check it against the policy's limits, decode the first frame (an
  undecodable stream is refused here, before any screening), read the rotation tag.
- `frames`: every frame, upright (the rotation tag applied), with its index and time.
- `write_video`: decode the input again, let a callback mask each upright frame, encode H.264 in the
  stored orientation with the same timestamps and rotation tag, copy the audio packets, and write it
  all to a temporary file beside the destination that is renamed into place only when complete. Any
  error deletes it: a partial output is never left behind.

No container or stream metadata is copied (creation time, GPS, device model live there in phone
videos); only the rotation tag is set again, because it is how the pixels are meant to be shown.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from ..policy import VideoPolicy
from . import pipe

VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm"})

# Audio codecs each output container can carry as they are (no re-encoding: the audio stays bit-identical).
_AUDIO_OK = {
    "mp4": frozenset({"aac", "mp3", "opus", "alac", "ac3", "eac3", "flac"}),
    "mov": frozenset({"aac", "mp3", "opus", "alac", "ac3", "eac3", "flac", "pcm_s16le", "pcm_s16be",
                      "pcm_s24le", "pcm_f32le", "pcm_s32le"}),
}


class VideoError(Exception):
    """A video that cannot be screened or written. The message is safe to show and to log."""


def is_video_path(path: Path) -> bool:
    return path.suffix.lower() in VIDEO_SUFFIXES


def safe_video_format(src: Path) -> tuple[str, str]:
    """(muxer, suffix) of the safe copy: QuickTime stays QuickTime, everything else becomes MP4."""
    return ("mov", ".mov") if src.suffix.lower() == ".mov" else ("mp4", ".mp4")


@dataclass(frozen=True)
class VideoInfo:
    """What `probe` learnt; `width`/`height` are of the upright frame (rotation applied)."""

    width: int
    height: int
    rotation: int  # counter-clockwise display rotation of the stored frames: 0, 90, 180, 270
    fps: float  # average frame rate
    duration_s: float
    codec: str
    audio_codec: str | None  # the first audio stream's codec, or None when there is no audio
    file_bytes: int
    frames_estimate: int
    metadata_keys: tuple[str, ...] = ()  # container and stream tags found (names only; the values may be PHI)

    def as_dict(self) -> dict[str, object]:
        return {"width": self.width, "height": self.height, "rotation": self.rotation, "fps": round(self.fps, 3),
                "duration_s": round(self.duration_s, 3), "codec": self.codec, "audio_codec": self.audio_codec}


@dataclass
class Frame:
    index: int
    time_s: float
    pixels: np.ndarray  # H x W x 3 uint8 RGB, upright


def _open(path: Path):  # -> av.container.InputContainer
    import av

    try:
        return av.open(str(path), mode="r", metadata_errors="ignore")
    except (av.error.FFmpegError, UnicodeDecodeError, OSError) as e:
        raise VideoError(f"could not open the file as a video ({type(e).__name__}); it is damaged or not a "
                         "video") from None


def _rotation(degrees: float | int | None) -> int:
    r = round(float(degrees or 0)) % 360
    if r % 90:
        raise VideoError(f"the video's rotation tag ({r} degrees) is not a multiple of 90; re-export it upright")
    return r


def upright(pixels: np.ndarray, rotation: int) -> np.ndarray:
    """Stored pixels -> as displayed. The tag is a counter-clockwise rotation, as `np.rot90` turns."""
    return np.ascontiguousarray(np.rot90(pixels, rotation // 90)) if rotation else pixels


def stored(pixels: np.ndarray, rotation: int) -> np.ndarray:
    """Upright pixels -> the stored orientation (the inverse of `upright`)."""
    return np.ascontiguousarray(np.rot90(pixels, -(rotation // 90))) if rotation else pixels


def probe(path: Path, limits: VideoPolicy) -> VideoInfo:
    """Open `path`, check it against the limits and decode its first frame; raise `VideoError` if any fails."""
    import av

    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise VideoError("the file cannot be read") from None
    if size > limits.max_file_bytes:
        raise VideoError(f"the file is {size / 1024**2:.0f} MB, over the {limits.max_file_bytes / 1024**2:.0f} MB "
                         "limit (policy video.max_file_bytes); trim the video first")
    with _open(path) as c:
        if not c.streams.video:
            raise VideoError("the file has no video stream")
        v = c.streams.video[0]
        w, h = v.codec_context.width, v.codec_context.height
        if w <= 0 or h <= 0:
            raise VideoError("the video stream has no frame size; the file is damaged")
        if w % 2 or h % 2:
            raise VideoError(f"frames are {w}x{h}; an odd width or height cannot be written as H.264 4:2:0, "
                             "re-export the video at an even size")
        if max(w, h) > limits.max_side or w * h > limits.max_pixels:
            raise VideoError(f"frames are {w}x{h}, over the limit (policy video.max_side {limits.max_side}, "
                             f"max_pixels {limits.max_pixels}); export the video at a lower resolution")
        rate = v.average_rate or v.guessed_rate or v.base_rate
        fps = float(rate) if rate else 0.0
        if not 0 < fps <= 240:
            raise VideoError("the video's frame rate is missing or implausible; the file is damaged")
        duration = 0.0
        if v.duration is not None and v.time_base is not None:
            duration = float(v.duration * v.time_base)
        if duration <= 0 and c.duration:
            duration = c.duration / 1e6
        if duration > limits.max_duration_s:
            raise VideoError(f"the video is {duration:.0f} s long, over the {limits.max_duration_s:.0f} s limit "
                             "(policy video.max_duration_s); cut it into shorter clips")
        estimate = v.frames or round(duration * fps)
        if estimate > limits.max_frames:
            raise VideoError(f"the video has about {estimate} frames, over the {limits.max_frames} limit "
                             "(policy video.max_frames)")
        audio = c.streams.audio[0].codec_context.name if c.streams.audio else None
        keys = sorted({k.lower() for k in c.metadata} | {k.lower() for st in c.streams for k in st.metadata})
        try:
            first = next(c.decode(v), None)
        except (av.error.FFmpegError, ValueError) as e:
            raise VideoError(f"the video stream could not be decoded ({type(e).__name__}); the file is damaged or "
                             "uses a codec this build cannot read") from None
        if first is None:
            raise VideoError("the video stream holds no frame that can be decoded")
        rotation = _rotation(first.rotation)
        codec = v.codec_context.name
    if rotation in (90, 270):
        w, h = h, w
    return VideoInfo(w, h, rotation, fps, duration, codec, audio, size, estimate, tuple(keys))


# Container and stream tags that identify where, when or with what a video was taken, as the photo
# metadata stage words them. Everything else (handler names, encoder, language) is dropped silently.
_TELLING = (
    (("location", "gps", "iso6709", "xyz"), "GPS location in file", 2),
    (("creation_time", "date", "creationdate"), "Recording time in file", 3),
    (("make", "model", "software", "serial", "com.apple.quicktime.camera", "device"), "Device details in file", 13),
    (("title", "comment", "description", "artist", "author", "copyright", "keywords"), "Text tags in file", 18),
)


def metadata_labels(keys: tuple[str, ...]) -> list[tuple[str, int]]:
    """(label, HIPAA identifier number) for the telling tags among `keys`, one per kind."""
    out = []
    for needles, label, ident in _TELLING:
        if any(any(n in k for n in needles) for k in keys):
            out.append((label, ident))
    return out


def frames(path: Path, info: VideoInfo, limits: VideoPolicy | None = None,
           want: Callable[[int], bool] | None = None) -> Iterator[Frame]:
    """Every frame of the first video stream, upright, in presentation order; `VideoError` on damage.

    With `want`, only the frames it picks (by index) are yielded: every frame is still decoded (and
    checked), but the others skip the RGB conversion, which is about half of a 720p frame's decode cost
    (the verify pass looks at one frame in five or fewer)."""
    import av

    with _open(path) as c:
        v = c.streams.video[0]
        v.thread_type = "AUTO"
        index = 0
        try:
            for f in c.decode(v):
                if limits is not None and index >= limits.max_frames:
                    raise VideoError(f"the video has more than {limits.max_frames} frames (policy video.max_frames)")
                if (f.width, f.height) != ((info.height, info.width) if info.rotation in (90, 270)
                                           else (info.width, info.height)):
                    raise VideoError("the frame size changes inside the video; re-export it with one size")
                if want is not None and not want(index):
                    index += 1
                    continue
                t = float(f.time) if f.time is not None else index / info.fps
                yield Frame(index, t, upright(f.to_ndarray(format="rgb24"), info.rotation))
                index += 1
        except av.error.FFmpegError as e:
            raise VideoError(f"the video stream could not be decoded after frame {index} ({type(e).__name__}); "
                             "the file is damaged") from None


Render = Callable[[int, float, np.ndarray], np.ndarray]


def write_video(src: Path, dest: Path, info: VideoInfo, render: Render, policy: VideoPolicy,
                keep_audio: bool = True, expected_frames: int | None = None) -> dict[str, object]:
    """Decode `src` again, pass each upright frame through `render(index, time, pixels)`, write `dest`.

    The safe copy keeps the frame size, the timestamps (so the frame rate, variable or not), the
    rotation tag and, with `keep_audio`, the first audio stream's packets as they are. Written to a
    temporary file in `dest`'s folder and renamed on success; on any error the temporary file is
    deleted and `VideoError` raised. Returns facts for the report (frames written, audio kept).
    """
    import av

    fmt, _ = safe_video_format(src)
    dest = Path(dest)
    if dest.exists() and src.exists() and os.path.samefile(src, dest):
        raise VideoError("refusing to write the safe copy over the original file")
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    written = 0
    audio_packets = 0
    try:
        options = {"movflags": "+faststart"} if fmt == "mp4" else {}
        with _open(src) as inp, av.open(str(tmp), mode="w", format=fmt, options=options) as out:
            v = inp.streams.video[0]
            v.thread_type = "AUTO"
            a = inp.streams.audio[0] if inp.streams.audio and keep_audio else None
            if a is not None and a.codec_context.name not in _AUDIO_OK[fmt]:
                raise VideoError(f"the audio ({a.codec_context.name}) cannot be carried unchanged into "
                                 f"{fmt.upper()}; run with --no-audio to drop it")
            rate = v.average_rate or v.guessed_rate or Fraction(round(info.fps * 1000), 1000)
            ov = out.add_stream("libx264", rate=rate)
            sw, sh = (info.height, info.width) if info.rotation in (90, 270) else (info.width, info.height)
            ov.width, ov.height = sw, sh
            ov.pix_fmt = "yuv420p"
            ov.time_base = v.time_base
            ov.codec_context.time_base = v.time_base
            ov.options = {"crf": str(policy.crf), "preset": policy.preset}
            ov.metadata.clear()
            if info.rotation:
                ov.set_display_rotation(info.rotation)
            oa = None
            if a is not None:
                oa = out.add_stream_from_template(a)
                oa.metadata.clear()
            out.metadata.clear()
            streams = [v] + ([a] if a is not None else [])

            def decoded() -> Iterator[tuple[object, ...]]:
                """Audio packets and upright video frames in the file's order (on the decode thread)."""
                for packet in inp.demux(streams):
                    if packet.stream is a:
                        if packet.dts is not None:  # not the demuxer's empty flush packet
                            yield ("audio", packet)
                        continue
                    for f in packet.decode():
                        yield ("video", f.pts, f.time, upright(f.to_ndarray(format="rgb24"), info.rotation))

            def emit(item: tuple[object, ...]) -> None:
                """Mux an audio packet, or encode a masked frame and mux its packets (the encode thread)."""
                if item[0] == "audio":
                    packet = item[1]
                    packet.stream = oa  # type: ignore[attr-defined]
                    out.mux(packet)  # type: ignore[arg-type]
                    return
                for p in ov.encode(item[1]):  # type: ignore[arg-type]
                    out.mux(p)

            last_pts: int | None = None
            with pipe.Behind(emit, policy.decode_ahead) as encoder:
                for item in pipe.prefetch(decoded(), policy.decode_ahead):
                    if item[0] == "audio":
                        encoder.put(item)
                        audio_packets += 1
                        continue
                    _, f_pts, f_time, pixels = item
                    t = float(f_time) if f_time is not None else written / info.fps  # type: ignore[arg-type]
                    safe = render(written, t, pixels)  # type: ignore[arg-type]
                    if safe.shape != pixels.shape or safe.dtype != np.uint8:  # type: ignore[union-attr]
                        raise VideoError("internal error: a masked frame changed size")
                    nf = av.VideoFrame.from_ndarray(stored(safe, info.rotation), format="rgb24")
                    pts = f_pts if f_pts is not None else written
                    if last_pts is not None and pts <= last_pts:  # damaged timestamps: keep them rising
                        pts = last_pts + 1
                    nf.pts, nf.time_base, last_pts = pts, v.time_base, pts
                    encoder.put(("video", nf))
                    written += 1
            for p in ov.encode():
                out.mux(p)
        if expected_frames is not None and written != expected_frames:
            raise VideoError(f"the second decode gave {written} frames where the first gave {expected_frames}; "
                             "the file is damaged")
        if written == 0:
            raise VideoError("no frame could be decoded")
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except VideoError:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    except av.error.FFmpegError as e:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise VideoError(f"the video could not be decoded or written after frame {written} ({type(e).__name__})"
                         ) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return {"frames_written": written, "audio_packets": audio_packets,
            "audio": "kept" if audio_packets else ("dropped" if info.audio_codec and not keep_audio else "none")}
