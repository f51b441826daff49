#!/usr/bin/env bash
# Every form of the web dashboard `mlops serve` serves, used in a real browser: headless Chromium
# driven through chromedriver by Selenium (scripts/dashboard_forms.py).
#
#   scripts/dashboard-forms.sh [--check]
#
# Seeds a fresh temporary MLOPS_HOME (SQLite) with plain mlops commands in a few seconds: model
# ctr with three versions (v1 champion, v2 challenger in a running canary rollout, v3), a
# deployer token, and a pipelines directory with two command-step pipelines, one of which has
# failed once so its job sits in the dead letter. Starts `mlops serve --port 0` there with access
# control on (the default), then, clicking the real links and buttons and typing into the real
# fields as a person would: signs in with the token; promotes v3 and rolls back from the model
# page; pauses, resumes and promotes the rollout now; aborts a second rollout (started with the
# CLI); runs a pipeline now; retries the dead job; signs out, and checks the old session can no
# longer change anything. After each action it checks the page's notice, then the store through
# the CLI (aliases, history, rollout log, jobs, runs), with the token's name as the actor (for a
# pipeline run or a job retry, which the store keeps no actor for, in the server's JSON log).
# One line per step; the last is "dashboard-forms: N passed, 0 failed".
#
# Needs the prebuilt .build/debug/mlops (make build) and python3. Chromium is found or installed
# by scripts/screenshot.sh --ensure-chromium; chromedriver is `chromedriver` on PATH or
# /usr/bin/chromedriver, else Debian's `chromium-driver` package is installed (as root, or with
# passwordless sudo); Selenium (pinned) comes from PyPI into a venv (scripts/python-venv.sh
# browser: /tmp/mlops-browser-venv, or $MLOPS_BROWSER_VENV). CHROMEDRIVER overrides the driver.
#
# Exit codes: 0 every step passed (or, with --check, skipped because Chromium, chromedriver or the
# Selenium venv cannot be had: prints "dashboard-forms: skipped: <why>"); 1 a step failed (the
# step, what was expected, what the page said and the last 40 lines of the server log are
# printed), or a skip without --check; 2 usage.
set -euo pipefail

me=dashboard-forms
usage() { echo "usage: $0 [--check]" >&2; exit 2; }

cd "$(dirname "$0")/.."
root=$(pwd)
mlops="$root/.build/debug/mlops"

check=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --check) check=1; shift ;;
    *) usage ;;
  esac
done

[[ -x "$mlops" ]] || { echo "$me: $mlops is missing; build it first (make build)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "$me: python3 is needed" >&2; exit 1; }

# shellcheck source=scripts/serve-session.sh
source scripts/serve-session.sh
started=$(now)

skip() {
  if [[ $check -eq 1 ]]; then echo "$me: skipped: $1"; exit 0; fi
  echo "$me: $1; nothing was tested" >&2
  exit 1
}

# As root, or through passwordless sudo; fails when neither.
as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 1
  fi
}

find_chromedriver() {
  if [[ -n "${CHROMEDRIVER:-}" ]]; then command -v "$CHROMEDRIVER" && return 0; fi
  command -v chromedriver && return 0
  [[ -x /usr/bin/chromedriver ]] && echo /usr/bin/chromedriver && return 0
  return 1
}

install_chromedriver() {
  command -v apt-get >/dev/null || return 1
  echo "$me: chromedriver not found; installing the 'chromium-driver' package" >&2
  # Without refreshing the package lists first (fast when they are current), then with.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium-driver >&2 \
    || { as_root apt-get update >&2 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium-driver >&2; }
}

# The browser, its driver and Selenium first: a skip should be cheap.
t=$(now)
rc=0
chromium=$(bash scripts/screenshot.sh --ensure-chromium) || rc=$?
[[ $rc -eq 3 ]] && skip "chromium not installable"
[[ $rc -eq 0 ]] || { echo "$me: scripts/screenshot.sh --ensure-chromium failed ($rc)" >&2; exit 1; }
if ! chromedriver=$(find_chromedriver); then
  install_chromedriver || true
  chromedriver=$(find_chromedriver) || skip "chromedriver not installable (apt-get install -y chromium-driver as root)"
fi
python=$(bash scripts/python-venv.sh browser) || skip "no Selenium venv (scripts/python-venv.sh browser failed: no PyPI?)"
t_browser=$(since "$t")

# The store: plain mlops commands in a fresh MLOPS_HOME, SQLite.
home="$tmp/home"
mkdir -p "$home/pipelines"
export MLOPS_HOME="$home"
export MLOPS_PIPELINES_DIR="$home/pipelines"
export MLOPS_ACTOR=seed   # the CLI's actor; the browser's is the token's name
unset MLOPS_DATABASE_URL MLOPS_ARTIFACT_ROOT
token_name=forms-deployer
t=$(now)
seed() {
  set -x
  cd "$home"
  "$mlops" data synth --rows 2000 --features 5 --seed 1 --out train.csv
  "$mlops" registry create ctr --description "dashboard forms test"
  "$mlops" train --data train.csv --param num_round=5 --param max_depth=3 --out m1 --register ctr
  "$mlops" train --data train.csv --algo logreg --out m2 --register ctr
  "$mlops" train --data train.csv --param num_round=8 --param max_depth=3 --out m3 --register ctr
  "$mlops" registry promote ctr 1 --reason "seed: first champion"
  "$mlops" rollout start ctr --challenger 2 --steps 5,20,100 --hold 30m
  # Two pipelines the server lists: one that succeeds (Run now), one that fails at once with no
  # retries, run here so its job lands in the dead letter (Retry).
  cat >pipelines/smoke.yaml <<EOF
name: smoke
model: ctr
steps:
  - command: { run: ["$(command -v true)"], name: succeed }
EOF
  cat >pipelines/broken.yaml <<EOF
name: broken
model: ctr
steps:
  - command: { run: ["$(command -v false)"], retries: 0, name: fail-on-purpose }
EOF
  "$mlops" pipelines run broken --wait || true   # fails, as meant
  "$mlops" jobs list --state discarded --json >dead.json
  "$mlops" auth token create --name "$token_name" --role deployer >token.txt
}
if ! (seed) >"$tmp/seed.log" 2>&1; then
  tail -n 60 "$tmp/seed.log" >&2
  echo "$me: seeding the store failed (the last 60 lines of its output are above)" >&2
  exit 1
fi
token=$(tr -d '[:space:]' <"$home/token.txt")
[[ "$token" == mlops_* ]] || { cat "$tmp/seed.log" >&2; echo "$me: mlops auth token create printed no token" >&2; exit 1; }
dead_job=$(python3 -c '
import json, sys
jobs = json.load(open(sys.argv[1]))
jobs = jobs.get("jobs", jobs) if isinstance(jobs, dict) else jobs
print(next(j["id"] for j in jobs if j.get("state") == "discarded"))' "$home/dead.json") \
  || { cat "$tmp/seed.log" >&2; echo "$me: the failing pipeline left no discarded job" >&2; exit 1; }
t_seed=$(since "$t")

# The server, from the store's directory, on a free port, with access control on; logging at
# info, JSON lines: the access log for failures, and the actor of runs and retries.
t=$(now)
serve_start "$home" --log-level info --log-format json
echo "$me: mlops serve: $url (store $home)"
t_serve=$(since "$t")

# The browser: every form, each change checked on the page and in the store. The driver prints
# one line per step, the timings, and the closing "N passed, F failed" line.
SE_OFFLINE=true DASHBOARD_FORMS_TOKEN="$token" "$python" scripts/dashboard_forms.py \
  --url "$url" --mlops "$mlops" --token-name "$token_name" --dead-job "$dead_job" \
  --chromium "$chromium" --chromedriver "$chromedriver" --server-log "$tmp/serve.log" \
  --started "$started" --setup "browser set-up $t_browser s, seed $t_seed s, serve $t_serve s"
