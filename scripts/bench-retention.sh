#!/usr/bin/env bash
# Retention at scale, on both stores (a benchmark, not a test): the disk one logged prediction
# takes, and what a prune of the older half of a large prediction log costs.
#   ROWS (default 20000000) predictions, spread over 20 days, 10 models; the prune keeps 10 days.
#   SKIP_BUILD=1 uses the release binary already built; STORES=sqlite or STORES=postgres runs one.
# For each store: migrate with mlops, fill `predictions` in the product's own schema with rows
# shaped like the server's (32-hex request ids, unit ids, 10% challenger), measure bytes per
# row (table and indexes), then time `mlops maintenance prune --retention predictions=10d`.
# On PostgreSQL the table is partitioned by day, and the days exist before the rows arrive (the
# daily maintenance job creates them a week ahead), so the prune drops ten day partitions.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-20000000}
STORES=${STORES:-sqlite,postgres}
work=${BENCH_DIR:-/tmp/mlops-bench-retention}
rm -rf "$work" && mkdir -p "$work"
[[ -n "${SKIP_BUILD:-}" ]] || swift build -c release --product mlops >&2
mlops=$PWD/.build/release/mlops
now_ms=$(( $(date +%s) * 1000 ))
day_ms=86400000

echo "bench-retention: $ROWS predictions per store" >&2
{
    echo "store,rows,insert_rows_per_second,bytes_per_prediction,prune_seconds,rows_deleted,deleted_per_second,rows_left,days_dropped"

    # SQLite: the embedded default.
    if [[ ",$STORES," == *,sqlite,* ]]; then
    db="$work/mlops.db"
    "$mlops" maintenance prune --dry-run --db "$db" --artifacts "$work/artifacts" > /dev/null
    sqlite3 "$db" "PRAGMA journal_mode = WAL;" > /dev/null
    inserted=$(date +%s.%N)
    sqlite3 "$db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $ROWS - 1)
INSERT INTO predictions (request_id, row_index, arm, model, version, unit_id, score, latency_us, created_at)
SELECT printf('%016x%016x', i * 2654435761, i), 0, CASE WHEN i % 10 = 0 THEN 'challenger' ELSE 'champion' END,
       'ctr-' || (i % 10), 1 + (i % 10 = 0), 'user-' || (i % 100000), (i % 1000) / 1000.0, 800 + i % 400,
       $now_ms - (i % 20) * $day_ms - (i % 86400) * 1000
FROM n;
SQL
    sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
    insert_seconds=$(python3 -c "import sys, time; print(time.time() - float(sys.argv[1]))" "$inserted")
    bytes=$(stat -c %s "$db")
    start=$(date +%s.%N)
    "$mlops" maintenance prune --db "$db" --artifacts "$work/artifacts" --retention predictions=10d --json > "$work/sqlite-prune.json"
    end=$(date +%s.%N)
    left=$(sqlite3 "$db" "SELECT count(*) FROM predictions")
    python3 - "$work/sqlite-prune.json" sqlite "$ROWS" "$bytes" "$start" "$end" "$left" "$insert_seconds" <<'PY'
import json, sys
report, store, rows, size, start, end, left, insert = sys.argv[1:]
deleted = next(t for t in json.load(open(report))["tables"] if t["table"] == "predictions")["rows"]
seconds = float(end) - float(start)
print(f"{store},{rows},{int(rows) / float(insert):.0f},{int(size) / int(rows):.1f},{seconds:.1f},{deleted},{deleted / seconds:.0f},{left},0")
PY
    fi

    # PostgreSQL: a throwaway server.
    if [[ ",$STORES," == *,postgres,* ]]; then
    bash scripts/with-postgres.sh run -- bash -c '
        set -euo pipefail
        url=$MLOPS_TEST_DATABASE_URL
        "$0" maintenance prune --dry-run --db "$url" --artifacts "$1/artifacts" > /dev/null
        psql -q "$url" -c "SELECT mlops_day_partition('\''predictions'\'', d) FROM generate_series($3 / $4 - 21, $3 / $4) AS d" > /dev/null
        inserted=$(date +%s.%N)
        psql -q "$url" -c "
            INSERT INTO predictions (request_id, row_index, arm, model, version, unit_id, score, latency_us, created_at)
            SELECT lpad(to_hex(i * 2654435761), 16, '\''0'\'') || lpad(to_hex(i), 16, '\''0'\''), 0,
                   CASE WHEN i % 10 = 0 THEN '\''challenger'\'' ELSE '\''champion'\'' END, '\''ctr-'\'' || (i % 10),
                   1 + (i % 10 = 0)::int, '\''user-'\'' || (i % 100000), (i % 1000) / 1000.0, 800 + i % 400,
                   $3 - (i % 20) * $4 - (i % 86400) * 1000
            FROM generate_series(0, $2 - 1) AS i;"
        insert_seconds=$(python3 -c "import sys, time; print(time.time() - float(sys.argv[1]))" "$inserted")
        psql -q "$url" -c "VACUUM ANALYZE predictions"
        bytes=$(psql -tA "$url" -c "SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = '\''predictions'\''::regclass")
        start=$(date +%s.%N)
        "$0" maintenance prune --db "$url" --artifacts "$1/artifacts" --retention predictions=10d --json > "$1/postgres-prune.json"
        end=$(date +%s.%N)
        left=$(psql -tA "$url" -c "SELECT count(*) FROM predictions")
        python3 - "$1/postgres-prune.json" postgresql "$2" "$bytes" "$start" "$end" "$left" "$insert_seconds" <<'"'"'PY'"'"'
import json, sys
report, store, rows, size, start, end, left, insert = sys.argv[1:]
table = next(t for t in json.load(open(report))["tables"] if t["table"] == "predictions")
deleted, dropped = table["rows"], table["partitions_dropped"]
seconds = float(end) - float(start)
print(f"{store},{rows},{int(rows) / float(insert):.0f},{int(size) / int(rows):.1f},{seconds:.1f},{deleted},{deleted / seconds:.0f},{left},{dropped}")
PY
    ' "$mlops" "$work" "$ROWS" "$now_ms" "$day_ms"
    fi
} | tee "$work/results.csv"
