#!/usr/bin/env bash
# Runs a command beside a throwaway S3 server on loopback: moto_server from PyPI's moto[server]
# (scripts/python-venv.sh s3, installed on first use), on a free port, with multipart parts of
# any size allowed (S3_UPLOAD_PART_MIN_SIZE=1, so tests upload small parts). Exports
# MLOPS_TEST_S3_ENDPOINT=http://127.0.0.1:PORT for the command; the S3 tests run only when it is
# set. moto checks no signatures (it would need INITIAL_NO_AUTH_ACTION_COUNT); the signer is
# checked against botocore's signatures instead. Stops the server when the command ends.
# Usage: scripts/with-moto.sh COMMAND [ARG ...]
set -euo pipefail
cd "$(dirname "$0")/.."
py=$(bash scripts/python-venv.sh s3)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log=$(mktemp /tmp/mlops-moto.XXXXXX.log)
S3_UPLOAD_PART_MIN_SIZE=1 "$(dirname "$py")/moto_server" -H 127.0.0.1 -p "$port" > "$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 150); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "with-moto: moto_server exited" >&2; exit 1; }
    sleep 0.1
done
echo "with-moto: moto_server on 127.0.0.1:$port" >&2
MLOPS_TEST_S3_ENDPOINT="http://127.0.0.1:$port" "$@"
