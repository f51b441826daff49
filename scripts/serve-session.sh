# Sourced (not run) by the dashboard checks (dashboard-screenshots.sh, dashboard-forms.sh): the
# timing helpers, a temporary directory removed at exit, and `mlops serve --port 0` started in
# a directory and stopped at exit. Needs `me` (the script's name for messages) and `mlops` (the
# binary) set; sets `tmp`, `server` and, after serve_start, `url`.

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/$me.XXXXXX")
server=
url=
serve_cleanup() {
  if [[ -n "$server" ]]; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap serve_cleanup EXIT
trap 'exit 130' INT TERM

# serve_start DIR [ARGS...]: `mlops serve --port 0 ARGS` from DIR, its stdout in $tmp/serve.out and
# its log in $tmp/serve.log; waits up to 20 s for its "listening on" line and sets `url`, or
# prints its output and exits 1.
serve_start() {
  local dir=$1
  shift
  (cd "$dir" && exec "$mlops" serve --port 0 "$@") >"$tmp/serve.out" 2>"$tmp/serve.log" &
  server=$!
  for _ in $(seq 200); do
    url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$tmp/serve.out" 2>/dev/null)
    [[ -n "$url" ]] && return 0
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
  done
  cat "$tmp/serve.out" "$tmp/serve.log" >&2
  if kill -0 "$server" 2>/dev/null; then
    echo "$me: mlops serve did not start (no 'listening on' line within 20 s)" >&2
  else
    echo "$me: mlops serve exited before listening (its output is above)" >&2
  fi
  exit 1
}
