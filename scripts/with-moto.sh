#!/usr/bin/env bash
# Runs a command beside a throwaway S3 server on loopback: moto_server from PyPI's moto[server]
# (scripts/python-venv.sh s3, installed on first use), on a free port, with multipart parts of
# any size allowed (S3_UPLOAD_PART_MIN_SIZE=1, so tests upload small parts). Exports
# MLOPS_TEST_S3_ENDPOINT=http://127.0.0.1:PORT for the command; the S3 tests run only when it is
# set. That server checks no signatures; a second one checks them (MLOPS_TEST_S3_AUTH_ENDPOINT)
# after the four requests that create an IAM user with a key (MLOPS_TEST_S3_AUTH_KEY and
# _SECRET) and a bucket (MLOPS_TEST_S3_AUTH_BUCKET), for the credentials tests: the right key
# signs, a wrong secret or an unknown key is refused. The signer is also checked against
# botocore's signatures. Stops both when the command ends.
# Usage: scripts/with-moto.sh COMMAND [ARG ...]
set -euo pipefail
cd "$(dirname "$0")/.."
py=$(bash scripts/python-venv.sh s3)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
port=$(free_port)
auth_port=$(free_port)
log=$(mktemp /tmp/mlops-moto.XXXXXX.log)
S3_UPLOAD_PART_MIN_SIZE=1 "$(dirname "$py")/moto_server" -H 127.0.0.1 -p "$port" > "$log" 2>&1 &
pid=$!
INITIAL_NO_AUTH_ACTION_COUNT=4 "$(dirname "$py")/moto_server" -H 127.0.0.1 -p "$auth_port" >> "$log" 2>&1 &
auth_pid=$!
trap 'kill "$pid" "$auth_pid" 2>/dev/null || true; wait "$pid" "$auth_pid" 2>/dev/null || true; rm -f "$log"' EXIT
for p in "$port" "$auth_port"; do
    for _ in $(seq 150); do
        curl -s -o /dev/null "http://127.0.0.1:$p/moto-api/" && break
        kill -0 "$pid" 2>/dev/null && kill -0 "$auth_pid" 2>/dev/null || { cat "$log" >&2; echo "with-moto: moto_server exited" >&2; exit 1; }
        sleep 0.1
    done
done
# The signature-checking server's first four requests (unchecked) create an IAM user allowed
# every S3 action, its key and a bucket; every request after them is checked.
read -r auth_key auth_secret auth_bucket < <("$py" scripts/moto-iam-user.py "http://127.0.0.1:$auth_port")
echo "with-moto: moto_server on 127.0.0.1:$port, with signatures checked on 127.0.0.1:$auth_port" >&2
MLOPS_TEST_S3_ENDPOINT="http://127.0.0.1:$port" MLOPS_TEST_S3_AUTH_ENDPOINT="http://127.0.0.1:$auth_port" \
    MLOPS_TEST_S3_AUTH_KEY="$auth_key" MLOPS_TEST_S3_AUTH_SECRET="$auth_secret" MLOPS_TEST_S3_AUTH_BUCKET="$auth_bucket" "$@"
