#!/usr/bin/env bash
# `make chaos`: the job queue's reliability figures on a throwaway PostgreSQL (not a timed test).
#  1. 1,000 jobs, 3 workers, one worker killed with SIGKILL every second and restarted: every
#     job must end succeeded exactly once — each job writes its effect in the same transaction
#     as its success, so the effects table must hold each job id exactly once.
#  2. 3 scheduler processes tick the same cron slot at once, for 20 slots: one run per slot.
#  3. Throughput of no-op jobs with 2 workers, beside the classic one-row SKIP LOCKED loop
#     (claim one, ack one; pgbench, a C client) on the same table in the same run.
# Exits non-zero if a job is lost or its effect lands twice, or a slot fires twice.
# JOBS (1000), SLEEP_MS (150), BENCH_JOBS (20000), CONCURRENCY (16 per bench worker).
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-1000}
SLEEP_MS=${SLEEP_MS:-150}
BENCH_JOBS=${BENCH_JOBS:-20000}
CONCURRENCY=${CONCURRENCY:-16}
root=$(pwd)
work=$(mktemp -d /tmp/mlops-chaos.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do kill -9 "$p" 2>/dev/null || true; done
  bash scripts/with-postgres.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

swift build -c release --product mlops >&2
mlops=$root/.build/release/mlops
url=$(bash scripts/with-postgres.sh start "$work/pg" | tail -1)
bindir=$(cat "$work/pg/bindir")
psql() { "$bindir/psql" "$url" -qAtX -v ON_ERROR_STOP=1 "$@"; }
export MLOPS_HOME=$work/home
db=(--db "$url" --artifacts "$work/artifacts")
"$mlops" db migrate "${db[@]}" >/dev/null
failed=0

echo "== 1. $JOBS jobs, 3 workers, one killed with SIGKILL every second"
psql -c "CREATE TABLE chaos_effects (job_id BIGINT NOT NULL)"  # no key: an effect written twice must show
"$mlops" jobs enqueue chaos.effect --queue chaos --count "$JOBS" --max-attempts 20 --payload "{\"sleep_ms\": $SLEEP_MS}" "${db[@]}"
start_worker() {  # slot
  "$mlops" worker run --queues chaos --concurrency 4 --lease 2s --poll 0.2 "${db[@]}" > "$work/worker-$1.log" 2>&1 &
  pids[$1]=$!
}
for w in 0 1 2; do start_worker $w; done
kills=0
started=$(date +%s.%N)
for _ in $(seq 600); do
  sleep 1
  left=$(psql -c "SELECT COUNT(*) FROM jobs WHERE queue = 'chaos' AND state IN ('available', 'running', 'failed')")
  [[ $left == 0 ]] && break
  victim=$((RANDOM % 3))
  kill -9 "${pids[$victim]}" 2>/dev/null || true
  wait "${pids[$victim]}" 2>/dev/null || true
  kills=$((kills + 1))
  start_worker $victim
done
elapsed=$(awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN { print a - b }')
for w in 0 1 2; do kill -TERM "${pids[$w]}" 2>/dev/null || true; done
for w in 0 1 2; do wait "${pids[$w]}" 2>/dev/null || true; done
pids=()
read -r succeeded others effects distinct retried max_attempts < <(psql -F ' ' -c "
  SELECT (SELECT COUNT(*) FROM jobs WHERE queue = 'chaos' AND state = 'succeeded'),
         (SELECT COUNT(*) FROM jobs WHERE queue = 'chaos' AND state <> 'succeeded'),
         (SELECT COUNT(*) FROM chaos_effects), (SELECT COUNT(DISTINCT job_id) FROM chaos_effects),
         (SELECT COUNT(*) FROM jobs WHERE queue = 'chaos' AND attempts > 1),
         (SELECT COALESCE(MAX(attempts), 0) FROM jobs WHERE queue = 'chaos')")
orphans=$(psql -c "SELECT COUNT(*) FROM jobs j WHERE queue = 'chaos' AND state = 'succeeded' AND NOT EXISTS (SELECT 1 FROM chaos_effects e WHERE e.job_id = j.id)")
printf 'workers killed: %d in %.1f s\n' "$kills" "$elapsed"
echo "jobs succeeded: $succeeded of $JOBS; in another state: $others; effects: $effects ($distinct distinct); succeeded without effect: $orphans"
echo "jobs that needed more than one attempt (a kill landed mid-job): $retried (most attempts: $max_attempts)"
if [[ $succeeded != "$JOBS" || $others != 0 || $effects != "$JOBS" || $distinct != "$JOBS" || $orphans != 0 ]]; then
  echo "FAIL: a job was lost or its effect landed twice"; failed=1
fi

echo "== 2. 3 schedulers per cron slot, 20 slots"
mkdir -p "$work/pipelines"
cat > "$work/pipelines/hourly.yaml" <<YAML
name: hourly
model: ctr
schedule: "0 * * * *"
steps:
  - extract: { files: ["data/none.csv"] }
YAML
for hour in $(seq -w 0 19); do
  for _ in 1 2 3; do
    MLOPS_PIPELINES_DIR=$work/pipelines "$mlops" scheduler run --once --now "2026-11-26T${hour}:00:07Z" "${db[@]}" > /dev/null &
  done
  wait
done
slots=$(psql -c "SELECT COUNT(*) FROM jobs WHERE kind = 'pipeline.start'")
distinct_slots=$(psql -c "SELECT COUNT(DISTINCT unique_key) FROM jobs WHERE kind = 'pipeline.start'")
echo "start jobs: $slots for 20 slots ($distinct_slots distinct keys), from 60 scheduler processes"
if [[ $slots != 20 || $distinct_slots != 20 ]]; then echo "FAIL: a slot fired twice or not at all"; failed=1; fi

echo "== 3. throughput of $BENCH_JOBS no-op jobs, 2 workers"
psql -c "DELETE FROM jobs" -c "VACUUM ANALYZE jobs" -c "CHECKPOINT"
"$mlops" jobs enqueue noop --queue bench --count "$BENCH_JOBS" "${db[@]}" > /dev/null
psql -c "VACUUM ANALYZE jobs" -c "CHECKPOINT"
started=$(date +%s.%N)
for w in 0 1; do
  "$mlops" worker run --queues bench --concurrency "$CONCURRENCY" --poll 0.05 --until-idle "${db[@]}" > "$work/bench-$w.log" 2>&1 &
  pids[$w]=$!
done
for w in 0 1; do wait "${pids[$w]}"; done
pids=()
ours=$(awk -v n="$BENCH_JOBS" -v a="$(date +%s.%N)" -v b="$started" 'BEGIN { print n / (a - b) }')
done_bench=$(psql -c "SELECT COUNT(*) FROM jobs WHERE queue = 'bench' AND state = 'succeeded'")

psql -c "DELETE FROM jobs" -c "VACUUM ANALYZE jobs" -c "CHECKPOINT"
"$mlops" jobs enqueue noop --queue classic --count "$BENCH_JOBS" "${db[@]}" > /dev/null
psql -c "VACUUM ANALYZE jobs" -c "CHECKPOINT"
cat > "$work/classic.sql" <<'SQL'
UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = 'pgbench', lease_expires_at = 9000000000000, updated_at = 0
WHERE id = (SELECT id FROM jobs WHERE queue = 'classic' AND state IN ('available', 'failed') AND run_at <= 9000000000000
            ORDER BY priority DESC, run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
RETURNING id AS job \gset
UPDATE jobs SET state = 'succeeded', finished_at = 0, updated_at = 0, lease_owner = NULL, lease_expires_at = NULL WHERE id = :job;
SQL
classic=$("$bindir/pgbench" -n -c 2 -j 2 -t $((BENCH_JOBS / 2)) -f "$work/classic.sql" "$url" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
done_classic=$(psql -c "SELECT COUNT(*) FROM jobs WHERE queue = 'classic' AND state = 'succeeded'")
printf '%-46s %10s %10s\n' "" "jobs/s" "done"
printf '%-46s %10.0f %10s\n' "mlops worker ×2 (batch claim, batch ack)" "$ours" "$done_bench"
printf '%-46s %10.0f %10s\n' "one-row SKIP LOCKED loop (pgbench, 2 clients)" "$classic" "$done_classic"
printf 'ratio: %.1fx (target >= 2x)\n' "$(awk -v a="$ours" -v b="$classic" 'BEGIN { print a / b }')"
cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
echo "machine: $cpu, $(nproc) cores; PostgreSQL $("$bindir/postgres" --version | awk '{print $3}')"
exit $failed
