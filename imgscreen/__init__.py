"""imgscreen: screen photos for HIPAA PHI (faces, text, barcodes, metadata) before they are shared."""

import os as _os

__version__ = "0.1.0"

# Offline by construction, set before any dependency is imported (every module of ours imports this
# package first). onnxruntime's Linux wheels carry a telemetry client that writes a session file to the
# temp folder and would post to a collector; Gradio and huggingface_hub phone home unless told not to.
# A privacy tool must make none of those calls, so these are forced, not defaults.
for _name, _value in {
    "ORT_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
}.items():
    _os.environ[_name] = _value
