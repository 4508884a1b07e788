"""Videos: the photo screen applied to every frame, with faces and PHI followed through time.

| module | job |
|---|---|
| `streams.py` | probe and limits, upright frames in, masked H.264 out with the audio packets copied (PyAV) |
| `tracks.py` | face sightings -> ByteTrack identities -> a box on every frame of a track's life |
| `regions.py` | PHI text and barcodes read on sampled frames, followed by optical flow in between |
| `text.py` | the text stage on video frames: lines unchanged since the last read keep their reading |
| `crops.py` | a stage run on crops of a frame (faces between whole-frame looks, verify around masks) |
| `pipe.py` | decode ahead and encode behind on helper threads, errors raised on the caller's thread |
| `screen.py` | analyse -> decide -> write -> verify, fail closed; the report record with time ranges |
"""

from .screen import VideoOverrides, VideoResult, VideoScreener, video_record
from .streams import VIDEO_SUFFIXES, VideoError, is_video_path, safe_video_format

__all__ = ["VIDEO_SUFFIXES", "VideoError", "VideoOverrides", "VideoResult", "VideoScreener", "is_video_path",
           "safe_video_format", "video_record"]
