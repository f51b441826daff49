#!/usr/bin/env bash
# Screenshots of the web dashboard `mlops serve` serves, on a store seeded with real data.
#
#   scripts/dashboard-screenshots.sh [--out DIR] [--check]
#
# Runs the end-to-end demo (scripts/demo.sh: the story, then the tour) in a fresh temporary MLOPS_HOME, starts
# `mlops serve --port 0` on that store, checks each page in PAGES answers 200 (curl) and takes
# its screenshot at 1440x1000 with scripts/screenshot.sh, which fails on a blank PNG. The PNGs
# are written to DIR (default docs/images) only once every page has passed. With --check they
# go to the temporary directory instead, are verified, and deleted at exit (make test).
# Needs the prebuilt .build/debug/mlops (make build), curl and python3; Chromium is found or
# installed by scripts/screenshot.sh.
#
# Exit codes: 0 done (or, with --check, skipped because Chromium is not installable: prints
# "skipped: chromium not installable"); 1 failure, or Chromium not installable without --check;
# 2 usage.
#
# DASHBOARD_PAGES (for testing the script itself) replaces PAGES: entries "PATH FILE [dark]"
# separated by newlines or ';', e.g. DASHBOARD_PAGES='/metrics metrics.png; /metrics m-dark.png dark'.
set -euo pipefail

# One entry per screenshot: the server path, the PNG's file name, and "dark" for dark mode or
# "admin" for a page only admins see (taken from a second server started with --no-auth, which
# shows every page as an admin would; no browser sign-in needed).
PAGES=(
  "/                       dashboard-models.png"
  "/ui/models/ctr          dashboard-model.png"
  "/ui/models/ctr/rollout  dashboard-rollout.png"
  "/ui/models/ctr/drift    dashboard-drift.png"
  "/ui/models/ctr/performance  dashboard-performance.png"
  "/ui/pipelines           dashboard-pipelines.png"
  "/ui/notifications       dashboard-notifications.png  admin"
  "/                       dashboard-models-dark.png  dark"
)
SIZE=1440x1000

me=dashboard-screenshots
usage() { echo "usage: $0 [--out DIR] [--check]" >&2; exit 2; }

caller_dir=$(pwd)
cd "$(dirname "$0")/.."
root=$(pwd)
mlops="$root/.build/debug/mlops"

out=docs/images
check=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) [[ $# -ge 2 && -n "$2" ]] || usage; out=$2; [[ "$out" == /* ]] || out="$caller_dir/$out"; shift 2 ;;
    --check) check=1; shift ;;
    *) usage ;;
  esac
done

if [[ -n "${DASHBOARD_PAGES:-}" ]]; then
  PAGES=()
  while IFS= read -r entry; do
    [[ -n "${entry//[[:space:]]/}" ]] && PAGES+=("$entry")
  done < <(tr ';' '\n' <<<"$DASHBOARD_PAGES")
fi
for entry in "${PAGES[@]}"; do
  read -r path file mode extra <<<"$entry"
  [[ "$path" == /* && "$file" == *.png && ( -z "${mode:-}" || "$mode" == dark || "$mode" == admin ) && -z "${extra:-}" ]] \
    || { echo "$me: bad page entry '$entry' (want 'PATH FILE.png [dark|admin]')" >&2; exit 2; }
done

[[ -x "$mlops" ]] || { echo "$me: $mlops is missing; build it first (make build)" >&2; exit 1; }
for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "$me: $tool is needed" >&2; exit 1; }
done

# shellcheck source=scripts/serve-session.sh
source scripts/serve-session.sh
started=$(now)

skip_or_fail() {
  if [[ $check -eq 1 ]]; then echo "$me: skipped: chromium not installable"; exit 0; fi
  echo "$me: chromium not installable; no screenshots taken" >&2
  exit 1
}

# Chromium first: finding (or installing) it is cheap next to the story, and a skip should be.
t=$(now)
rc=0
bash scripts/screenshot.sh --ensure-chromium >/dev/null || rc=$?
[[ $rc -eq 3 ]] && skip_or_fail
[[ $rc -eq 0 ]] || { echo "$me: scripts/screenshot.sh --ensure-chromium failed ($rc)" >&2; exit 1; }
t_chromium=$(since "$t")

# The store: the end-to-end demo in a fresh MLOPS_HOME, as make demo runs it.
home="$tmp/home"
mkdir -p "$home"
export MLOPS_HOME="$home"
export MLOPS_PIPELINES_DIR="$home/pipelines"   # the story's copy of pipelines/, as it runs them
export MLOPS_ACTOR="${MLOPS_ACTOR:-demo}"
unset MLOPS_DATABASE_URL MLOPS_ARTIFACT_ROOT
t=$(now)
echo "$me: seeding a store with scripts/demo.sh (MLOPS_HOME=$home)"
if ! bash scripts/demo.sh >"$tmp/story.log" 2>&1; then
  tail -n 150 "$tmp/story.log" >&2
  echo "$me: scripts/demo.sh failed (the last 150 lines of its output are above)" >&2
  exit 1
fi
t_seed=$(since "$t")

# The server, from the story's directory (as demo-story.sh runs it), on a free port.
t=$(now)
serve_start "$home"
echo "$me: mlops serve: $url"
t_serve=$(since "$t")

# The pages: each must answer 200, then its screenshot must not be blank.
t=$(now)
shots="$tmp/shots"
mkdir -p "$shots"
shoot() {
  local path file mode status rc flags
  read -r path file mode _ <<<"$1"
  status=$(curl -sS -o "$tmp/body" -w '%{http_code}' --max-time 30 "$url$path") || status="curl failed"
  if [[ "$status" != 200 ]]; then
    echo "$me: GET $path answered $status; the body begins:" >&2
    head -c 2000 "$tmp/body" >&2 2>/dev/null || true
    echo >&2
    tail -n 40 "$tmp/serve.log" >&2
    exit 1
  fi
  flags=()
  [[ "${mode:-}" == dark ]] && flags+=(--dark)
  rc=0
  bash scripts/screenshot.sh "${flags[@]}" "$url$path" "$shots/$file" "$SIZE" || rc=$?
  [[ $rc -eq 3 ]] && skip_or_fail
  [[ $rc -eq 0 ]] || { echo "$me: screenshot of $path ($file) failed" >&2; exit 1; }
}
admin_pages=()
for entry in "${PAGES[@]}"; do
  read -r _ _ mode _ <<<"$entry"
  if [[ "${mode:-}" == admin ]]; then admin_pages+=("$entry"); else shoot "$entry"; fi
done
if [[ ${#admin_pages[@]} -gt 0 ]]; then
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  serve_start "$home" --no-auth
  for entry in "${admin_pages[@]}"; do shoot "$entry"; done
fi
t_shots=$(since "$t")

if [[ $check -eq 1 ]]; then
  where="checked, not kept"
else
  mkdir -p "$out"
  for entry in "${PAGES[@]}"; do
    read -r _ file _ <<<"$entry"
    cp "$shots/$file" "$out/$file"
  done
  where="in ${out#"$root"/}"
fi
echo "$me: ${#PAGES[@]} pages $where, $(since "$started") s" \
  "(chromium $t_chromium s, seed $t_seed s, serve $t_serve s, screenshots $t_shots s)"
