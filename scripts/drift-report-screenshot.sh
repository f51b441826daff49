#!/usr/bin/env bash
# Takes a PNG screenshot of an HTML drift report (DriftHTMLReport.render) with headless
# Chromium, then checks the PNG is not blank (exit 1 if it is).
#
#   scripts/drift-report-screenshot.sh [--dark] REPORT.html OUT.png [WIDTHxHEIGHT]
#
# WIDTHxHEIGHT is the browser window (default 1280x1800); the screenshot is the top of the page
# at that size. --dark renders with prefers-color-scheme: dark. Chromium: the `chromium` (or
# `chromium-browser`) binary, or $CHROMIUM; when missing it is installed from the Debian/Ubuntu
# package `chromium` (as root, or with passwordless sudo).
set -euo pipefail

usage() { echo "usage: $0 [--dark] REPORT.html OUT.png [WIDTHxHEIGHT]" >&2; exit 2; }

dark=0
if [[ "${1:-}" == "--dark" ]]; then dark=1; shift; fi
[[ $# -ge 2 && $# -le 3 ]] || usage
report=$1
out=$2
size=${3:-1280x1800}
[[ "$size" =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "drift-report-screenshot: size must be WIDTHxHEIGHT, got '$size'" >&2; usage; }
width=${BASH_REMATCH[1]}
height=${BASH_REMATCH[2]}
[[ -f "$report" ]] || { echo "drift-report-screenshot: no such file: $report" >&2; exit 2; }

find_chromium() {
  if [[ -n "${CHROMIUM:-}" ]]; then command -v "$CHROMIUM" && return 0; fi
  command -v chromium || command -v chromium-browser || return 1
}

if ! chromium_bin=$(find_chromium); then
  echo "drift-report-screenshot: chromium not found; installing the 'chromium' package" >&2
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y chromium >&2 || { apt-get update >&2 && apt-get install -y chromium >&2; } || true
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo -n apt-get install -y chromium >&2 || { sudo -n apt-get update >&2 && sudo -n apt-get install -y chromium >&2; } || true
  fi
  chromium_bin=$(find_chromium) || {
    echo "drift-report-screenshot: chromium is not installed and could not be installed" >&2
    echo "  (run 'apt-get install -y chromium' as root, or set CHROMIUM=/path/to/chromium)" >&2
    exit 1
  }
fi

abs_report=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
mkdir -p "$(dirname "$out")"
abs_out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
rm -f "$abs_out"

flags=(--headless --disable-gpu --hide-scrollbars --no-first-run --no-default-browser-check
       --disable-extensions --mute-audio --force-device-scale-factor=1
       "--window-size=$width,$height" "--screenshot=$abs_out")
# The sandbox cannot run as root (or in most containers).
[[ $(id -u) -eq 0 || -n "${CHROMIUM_NO_SANDBOX:-}" ]] && flags+=(--no-sandbox)
if [[ $dark -eq 1 ]]; then
  flags+=(--force-dark-mode --blink-settings=preferredColorScheme=0)
else
  flags+=(--blink-settings=preferredColorScheme=1)
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# Chromium is chatty on stderr (dbus, GPU); keep it only for failures.
if ! "$chromium_bin" "${flags[@]}" "--user-data-dir=$profile" "file://$abs_report" >"$profile/log" 2>&1; then
  cat "$profile/log" >&2
  echo "drift-report-screenshot: chromium failed" >&2
  exit 1
fi
[[ -s "$abs_out" ]] || { cat "$profile/log" >&2; echo "drift-report-screenshot: no screenshot written" >&2; exit 1; }

# Not blank: decode the PNG (stdlib only), undo the scanline filters and count distinct pixels.
python3 - "$abs_out" <<'PY'
import struct, sys, zlib

path = sys.argv[1]
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"drift-report-screenshot: {path} is not a PNG")
pos, idat, header = 8, [], None
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        header = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat.append(body)
    pos += 12 + length
width, height, depth, color, _, _, interlace = header
channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color]
if depth != 8 or interlace:
    sys.exit(0)  # not what Chromium writes; the size check below is enough
bpp = channels
stride = width * bpp
raw = zlib.decompress(b"".join(idat))
prev = bytearray(stride)
pixels = set()
for y in range(height):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    if f == 1:
        for i in range(bpp, stride): line[i] = (line[i] + line[i - bpp]) & 255
    elif f == 2:
        for i in range(stride): line[i] = (line[i] + prev[i]) & 255
    elif f == 3:
        for i in range(stride): line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
    elif f == 4:
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 4 == 0 and len(pixels) < 64:
        pixels.update(bytes(line[i:i + bpp]) for i in range(0, stride, bpp * 3))
    prev = line
print(f"{path}: {width}x{height}, {len(data) // 1024} KB, {len(pixels)}{'+' if len(pixels) >= 64 else ''} distinct sampled colours")
if len(pixels) < 8 or len(data) < 8 * 1024:
    sys.exit(f"drift-report-screenshot: {path} looks blank ({len(pixels)} colours, {len(data)} bytes)")
PY
