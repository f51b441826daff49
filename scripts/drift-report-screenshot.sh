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
#
# A thin wrapper over scripts/screenshot.sh (which does the work, and also takes http(s) URLs).
# Exit codes: 0 ok; 1 failure, including "chromium not installable" (screenshot.sh's 3); 2 usage.
set -euo pipefail

usage() { echo "usage: $0 [--dark] REPORT.html OUT.png [WIDTHxHEIGHT]" >&2; exit 2; }

args=()
if [[ "${1:-}" == "--dark" ]]; then args+=(--dark); shift; fi
[[ $# -ge 2 && $# -le 3 ]] || usage
report=$1
out=$2
size=${3:-1280x1800}
[[ "$size" =~ ^[0-9]+x[0-9]+$ ]] || { echo "drift-report-screenshot: size must be WIDTHxHEIGHT, got '$size'" >&2; usage; }
[[ -f "$report" ]] || { echo "drift-report-screenshot: no such file: $report" >&2; exit 2; }

rc=0
bash "$(dirname "$0")/screenshot.sh" "${args[@]}" "$report" "$out" "$size" || rc=$?
[[ $rc -eq 3 ]] && rc=1
exit $rc
