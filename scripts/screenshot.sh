#!/usr/bin/env bash
# Takes a PNG screenshot of a web page with headless Chromium, then checks the PNG is not blank.
#
#   scripts/screenshot.sh [--dark] URL OUT.png [WIDTHxHEIGHT]
#   scripts/screenshot.sh --ensure-chromium      # find or install Chromium, print its path
#
# URL is a file path, a file:// URL or an http(s):// URL. WIDTHxHEIGHT is the browser window
# (default 1280x1800); the screenshot is the top of the page at that size. --dark renders with
# prefers-color-scheme: dark. Pages are taken at their load event (no extra wait for scripts).
#
# Chromium: $CHROMIUM, else the `chromium` or `chromium-browser` binary; when missing it is
# installed from the Debian/Ubuntu package `chromium` (as root, or with passwordless sudo),
# unless SCREENSHOT_NO_INSTALL=1. As root (or with CHROMIUM_NO_SANDBOX=1) it runs --no-sandbox.
# SCREENSHOT_TIMEOUT (seconds, default 60) bounds one Chromium run.
#
# Exit codes: 0 written and not blank; 1 failure (Chromium failed, no PNG, or the PNG looks
# blank); 2 usage (bad arguments, no such file); 3 Chromium is not installed and could not be
# installed (callers may treat that as "skipped"). --ensure-chromium exits 0 or 3 the same way.
set -euo pipefail

me=screenshot
usage() { echo "usage: $0 [--dark] URL OUT.png [WIDTHxHEIGHT]  |  $0 --ensure-chromium" >&2; exit 2; }

ensure_only=0
dark=0
if [[ "${1:-}" == "--ensure-chromium" ]]; then
  [[ $# -eq 1 ]] || usage
  ensure_only=1
else
  if [[ "${1:-}" == "--dark" ]]; then dark=1; shift; fi
  [[ $# -ge 2 && $# -le 3 ]] || usage
  target=$1
  out=$2
  size=${3:-1280x1800}
  [[ "$size" =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "$me: size must be WIDTHxHEIGHT, got '$size'" >&2; usage; }
  width=${BASH_REMATCH[1]}
  height=${BASH_REMATCH[2]}
  command -v python3 >/dev/null || { echo "$me: python3 is needed (file URLs and the blank check)" >&2; exit 1; }

  # The URL Chromium loads.
  case "$target" in
    http://*|https://*)
      url=$target ;;
    file://*)
      path=${target#file://}
      [[ -f "$(python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))' "$path")" ]] \
        || { echo "$me: no such file: $target" >&2; exit 2; }
      url=$target ;;
    *://*)
      echo "$me: only file paths, file:// and http(s):// URLs are supported, got '$target'" >&2; exit 2 ;;
    *)
      [[ -f "$target" ]] || { echo "$me: no such file: $target" >&2; exit 2; }
      url=$(python3 -c 'import pathlib, sys; print(pathlib.Path(sys.argv[1]).resolve().as_uri())' "$target") ;;
  esac
fi

find_chromium() {
  if [[ -n "${CHROMIUM:-}" ]]; then command -v "$CHROMIUM" && return 0; fi
  command -v chromium || command -v chromium-browser || return 1
}

install_chromium() {
  local -a as=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null && sudo -n true 2>/dev/null || return 1
    as=(sudo -n)
  fi
  command -v apt-get >/dev/null || return 1
  echo "$me: chromium not found; installing the 'chromium' package" >&2
  # Try without refreshing the package lists first (fast when they are current).
  "${as[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >&2 \
    || { "${as[@]}" apt-get update >&2 && "${as[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >&2; }
}

if ! chromium_bin=$(find_chromium); then
  [[ "${SCREENSHOT_NO_INSTALL:-}" == 1 ]] || install_chromium || true
  chromium_bin=$(find_chromium) || {
    echo "$me: chromium is not installed and could not be installed" >&2
    echo "  (run 'apt-get install -y chromium' as root, or set CHROMIUM=/path/to/chromium)" >&2
    exit 3
  }
fi

if [[ $ensure_only -eq 1 ]]; then echo "$chromium_bin"; exit 0; fi

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
if ! timeout --kill-after=5 "${SCREENSHOT_TIMEOUT:-60}" \
    "$chromium_bin" "${flags[@]}" "--user-data-dir=$profile" "$url" >"$profile/log" 2>&1; then
  cat "$profile/log" >&2
  echo "$me: chromium failed (or took over ${SCREENSHOT_TIMEOUT:-60} s) on $url" >&2
  exit 1
fi
[[ -s "$abs_out" ]] || { cat "$profile/log" >&2; echo "$me: no screenshot written for $url" >&2; exit 1; }

# Not blank: decode the PNG (stdlib only), undo the scanline filters and count distinct pixels.
python3 - "$abs_out" <<'PY'
import struct, sys, zlib

path = sys.argv[1]
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"screenshot: {path} is not a PNG")
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
    sys.exit(f"screenshot: {path} looks blank ({len(pixels)} colours, {len(data)} bytes)")
PY
