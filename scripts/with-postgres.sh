#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests.
#
# Usage:
#   scripts/with-postgres.sh run -- CMD [ARGS...]
#       Create a temporary cluster, run CMD with
#         MLOPS_TEST_DATABASE_URL=postgresql://<user>@127.0.0.1:<port>/mlops_test
#         MLOPS_TEST_PG_DIR=<dir>
#       exported, then always stop the server and delete the cluster.
#       Exits with CMD's exit status.
#   scripts/with-postgres.sh start DIR    set up a cluster in DIR (created if
#                                         missing, must be empty); prints the URL
#   scripts/with-postgres.sh pause DIR    stop the server, keep the data
#   scripts/with-postgres.sh resume DIR   start it again on the same port
#   scripts/with-postgres.sh stop DIR     stop the server and rm -rf DIR
#
# Layout of DIR: data/ (PGDATA), sock/ (unix socket), server.log, and the
# metadata files port, user, bindir, url, .with-postgres (marker).
#
# Running as root: PostgreSQL refuses to run as root, so the server runs as
# the `postgres` user if it exists, otherwise as a system user `mlops-pg`
# that is created on first use. Otherwise it runs as the current user.
#
# Environment:
#   PG_BINDIR   directory holding initdb/pg_ctl (default: from PATH, else the
#               newest /usr/lib/postgresql/*/bin)
set -euo pipefail

PROG=with-postgres
DB_NAME=mlops_test
FALLBACK_USER=mlops-pg
MARKER=.with-postgres
START_ATTEMPTS=5
READY_TIMEOUT=30

die() {
    echo "$PROG: $*" >&2
    exit 1
}

warn() {
    echo "$PROG: $*" >&2
}

usage() {
    cat >&2 <<EOF
usage: $0 run -- CMD [ARGS...]
       $0 start DIR
       $0 pause DIR
       $0 resume DIR
       $0 stop DIR
EOF
    exit 2
}

# ---------------------------------------------------------------- helpers

# Directory containing initdb, pg_ctl, postgres (and usually createdb,
# pg_isready) of a single PostgreSQL installation.
find_bindir() {
    local cand dir
    if [[ -n "${PG_BINDIR:-}" ]]; then
        [[ -x "$PG_BINDIR/initdb" && -x "$PG_BINDIR/pg_ctl" ]] \
            || die "PG_BINDIR=$PG_BINDIR does not contain initdb and pg_ctl"
        echo "$PG_BINDIR"
        return
    fi
    for cand in initdb pg_ctl; do
        if dir=$(command -v "$cand" 2>/dev/null); then
            dir=$(dirname "$(readlink -f "$dir")")
            if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
                echo "$dir"
                return
            fi
        fi
    done
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
        echo "$dir"
        return
    fi
    die "cannot find initdb/pg_ctl (not in PATH nor /usr/lib/postgresql/*/bin); install PostgreSQL server binaries (scripts/setup.sh) or set PG_BINDIR"
}

# Path of a client tool: prefer the server's bindir, else PATH.
pg_tool() {
    if [[ -x "$BINDIR/$1" ]]; then
        echo "$BINDIR/$1"
    elif command -v "$1" >/dev/null 2>&1; then
        command -v "$1"
    else
        die "cannot find $1 (looked in $BINDIR and PATH)"
    fi
}

is_root() {
    [[ "$(id -u)" -eq 0 ]]
}

# Unprivileged OS user that owns and runs the cluster.
choose_user() {
    if ! is_root; then
        id -un
        return
    fi
    if id -u postgres >/dev/null 2>&1; then
        echo postgres
        return
    fi
    if ! id -u "$FALLBACK_USER" >/dev/null 2>&1; then
        command -v useradd >/dev/null 2>&1 \
            || die "running as root, no 'postgres' user, and useradd is unavailable to create '$FALLBACK_USER'"
        useradd --system --no-create-home --shell /usr/sbin/nologin "$FALLBACK_USER" >/dev/null 2>&1 \
            || id -u "$FALLBACK_USER" >/dev/null 2>&1 \
            || die "failed to create system user '$FALLBACK_USER'"
    fi
    echo "$FALLBACK_USER"
}

# Run a command as $PG_OS_USER with cwd = $DIR and no stray libpq env vars.
as_pg() {
    (
        cd "$DIR" || exit 1
        unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD \
            PGPASSFILE PGSERVICE PGSERVICEFILE PGOPTIONS PGDATA PGSSLMODE \
            PGTARGETSESSIONATTRS PGCONNECT_TIMEOUT
        if ! is_root; then
            exec "$@"
        elif command -v runuser >/dev/null 2>&1; then
            exec runuser -u "$PG_OS_USER" -- "$@"
        else
            exec su -s /bin/bash "$PG_OS_USER" -c "$(printf '%q ' "$@")"
        fi
    )
}

# Is something listening on 127.0.0.1:$1?
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
    local i port
    for i in $(seq 1 50); do
        # Stay below the Linux ephemeral range (32768+).
        port=$((20000 + (RANDOM % 12000)))
        if ! port_in_use "$port"; then
            echo "$port"
            return
        fi
    done
    die "could not find a free TCP port"
}

log_tail() {
    if [[ -f "$DIR/server.log" ]]; then
        echo "$PROG: last lines of $DIR/server.log:" >&2
        tail -n 30 "$DIR/server.log" >&2 || true
    fi
}

server_running() {
    [[ -f "$DIR/data/postmaster.pid" ]] || return 1
    as_pg "$BINDIR/pg_ctl" status -D "$DIR/data" >/dev/null 2>&1
}

# Wait until the server accepts connections on $PORT.
wait_ready() {
    local isready deadline
    isready=$(pg_tool pg_isready) || exit 1
    deadline=$((SECONDS + READY_TIMEOUT))
    while :; do
        if as_pg "$isready" -q -h 127.0.0.1 -p "$PORT" -d postgres -U "$PG_OS_USER" -t 2; then
            return 0
        fi
        if ((SECONDS >= deadline)); then
            return 1
        fi
        sleep 0.2
    done
}

# pg_ctl start on $PORT; returns pg_ctl's status, output captured in $PGCTL_OUT.
pg_start() {
    PGCTL_OUT=$(as_pg "$BINDIR/pg_ctl" start -D "$DIR/data" -l "$DIR/server.log" \
        -w -t "$READY_TIMEOUT" -o "-p $PORT" 2>&1)
}

pg_stop() {
    local mode
    server_running || return 0
    for mode in fast immediate; do
        if as_pg "$BINDIR/pg_ctl" stop -D "$DIR/data" -m "$mode" -w -t 30 >/dev/null 2>&1; then
            return 0
        fi
    done
    # Last resort: kill the postmaster directly.
    local pid
    pid=$(head -n 1 "$DIR/data/postmaster.pid" 2>/dev/null || true)
    if [[ "$pid" =~ ^[0-9]+$ ]]; then
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
    fi
    ! server_running || { warn "could not stop server in $DIR"; return 1; }
}

# Load metadata recorded by `start`.
load_dir() {
    [[ -n "${1:-}" ]] || usage
    [[ -d "$1" ]] || die "$1: no such directory"
    DIR=$(cd "$1" && pwd -P)
    [[ -f "$DIR/$MARKER" && -f "$DIR/port" && -f "$DIR/user" && -d "$DIR/data" ]] \
        || die "$DIR does not look like a cluster created by '$0 start'"
    PORT=$(<"$DIR/port")
    PG_OS_USER=$(<"$DIR/user")
    if [[ -f "$DIR/bindir" && -z "${PG_BINDIR:-}" ]]; then
        BINDIR=$(<"$DIR/bindir")
    else
        BINDIR=$(find_bindir)
    fi
    if ! is_root && [[ "$PG_OS_USER" != "$(id -un)" ]]; then
        die "cluster in $DIR belongs to OS user '$PG_OS_USER'; run this as root or as that user"
    fi
}

# Create and start a cluster in $DIR (must exist and be empty). Sets PORT,
# PG_OS_USER, BINDIR, URL.
setup_cluster() {
    BINDIR=$(find_bindir)
    PG_OS_USER=$(choose_user)

    if is_root; then
        chown "$PG_OS_USER" "$DIR"
        chmod 700 "$DIR"
    fi
    as_pg test -w "$DIR" \
        || die "$DIR is not writable by OS user '$PG_OS_USER' (are all parent directories traversable?)"

    touch "$DIR/$MARKER"
    echo "$PG_OS_USER" >"$DIR/user"
    echo "$BINDIR" >"$DIR/bindir"

    local out
    if ! out=$(as_pg "$BINDIR/initdb" -D "$DIR/data" -U "$PG_OS_USER" -A trust \
        -E UTF8 --locale=C --no-sync 2>&1); then
        echo "$out" | tail -n 30 >&2
        die "initdb failed"
    fi

    # Unix sockets have a ~107 byte path limit; fall back to TCP only.
    local sockdir="$DIR/sock"
    if ((${#sockdir} + 22 > 107)); then
        sockdir=""
    else
        as_pg mkdir -m 700 "$DIR/sock"
    fi
    # Appended settings override the defaults earlier in the file. The port
    # is passed on the pg_ctl command line (see pg_start) and recorded in DIR.
    as_pg sh -c 'cat >>"$1"' sh "$DIR/data/postgresql.conf" <<EOF

# --- added by with-postgres.sh (throwaway test cluster) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sockdir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF

    local attempt
    for attempt in $(seq 1 "$START_ATTEMPTS"); do
        PORT=$(pick_port)
        if pg_start; then
            break
        fi
        if ((attempt < START_ATTEMPTS)) && [[ -f "$DIR/server.log" ]] &&
            grep -qE 'could not bind|Address already in use|could not create any TCP/IP sockets|could not create lock file' "$DIR/server.log"; then
            warn "port $PORT unavailable, retrying with another port"
            pg_stop || true
            as_pg sh -c ': >"$1"' sh "$DIR/server.log" || true
            continue
        fi
        echo "$PGCTL_OUT" >&2
        log_tail
        pg_stop || true
        die "failed to start PostgreSQL server in $DIR"
    done
    echo "$PORT" >"$DIR/port"

    if ! wait_ready; then
        log_tail
        pg_stop || true
        die "server in $DIR did not accept connections within ${READY_TIMEOUT}s"
    fi

    local createdb
    createdb=$(pg_tool createdb) || exit 1
    if ! out=$(as_pg "$createdb" -h 127.0.0.1 -p "$PORT" -U "$PG_OS_USER" "$DB_NAME" 2>&1); then
        echo "$out" >&2
        log_tail
        pg_stop || true
        die "createdb $DB_NAME failed"
    fi

    URL="postgresql://$PG_OS_USER@127.0.0.1:$PORT/$DB_NAME"
    echo "$URL" >"$DIR/url"
}

# ---------------------------------------------------------------- modes

cmd_run() {
    [[ "${1:-}" == "--" ]] && shift
    [[ $# -gt 0 ]] || usage

    DIR=""
    CLEANED=0
    cleanup() {
        [[ "$CLEANED" -eq 0 ]] || return 0
        CLEANED=1
        [[ -n "$DIR" && -d "$DIR" ]] || return 0
        if [[ -n "${BINDIR:-}" && -n "${PG_OS_USER:-}" ]]; then
            pg_stop || true
        fi
        rm -rf "$DIR" || warn "failed to remove $DIR"
    }
    trap 'rc=$?; cleanup; exit $rc' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    DIR=$(mktemp -d /tmp/mlops-pg.XXXXXX)
    setup_cluster

    export MLOPS_TEST_DATABASE_URL="$URL"
    export MLOPS_TEST_PG_DIR="$DIR"
    local rc=0
    "$@" || rc=$?
    exit "$rc"
}

cmd_start() {
    [[ $# -eq 1 && -n "$1" ]] || usage
    START_CREATED_DIR=0
    if [[ -e "$1" ]]; then
        [[ -d "$1" ]] || die "$1 exists and is not a directory"
        [[ -z "$(ls -A "$1")" ]] || die "$1 is not empty"
    else
        mkdir -p "$1" || die "cannot create $1"
        START_CREATED_DIR=1
    fi
    DIR=$(cd "$1" && pwd -P)

    # On failure, remove what we created (the log tail has been printed).
    start_failed() {
        if [[ -n "${BINDIR:-}" && -n "${PG_OS_USER:-}" ]]; then
            pg_stop || true
        fi
        if [[ "$START_CREATED_DIR" -eq 1 ]]; then
            rm -rf "$DIR"
        else
            find "$DIR" -mindepth 1 -delete 2>/dev/null || true
        fi
    }
    trap 'rc=$?; [[ $rc -eq 0 ]] || start_failed; exit $rc' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    setup_cluster
    trap - EXIT INT TERM
    echo "$URL"
}

cmd_pause() {
    [[ $# -eq 1 ]] || usage
    load_dir "$1"
    if ! server_running; then
        warn "server in $DIR is not running"
        return 0
    fi
    local out
    if ! out=$(as_pg "$BINDIR/pg_ctl" stop -D "$DIR/data" -m fast -w -t 30 2>&1); then
        echo "$out" >&2
        log_tail
        die "failed to stop server in $DIR"
    fi
}

cmd_resume() {
    [[ $# -eq 1 ]] || usage
    load_dir "$1"
    if ! server_running; then
        if ! pg_start; then
            echo "$PGCTL_OUT" >&2
            log_tail
            die "failed to start server in $DIR on port $PORT"
        fi
    fi
    if ! wait_ready; then
        log_tail
        die "server in $DIR did not accept connections on port $PORT within ${READY_TIMEOUT}s"
    fi
}

cmd_stop() {
    [[ $# -eq 1 ]] || usage
    if [[ ! -e "$1" ]]; then
        warn "$1 does not exist; nothing to stop"
        return 0
    fi
    load_dir "$1"
    pg_stop || die "failed to stop server in $DIR; not removing it"
    rm -rf "$DIR"
}

# ---------------------------------------------------------------- main

[[ $# -ge 1 ]] || usage
mode=$1
shift
case "$mode" in
    run) cmd_run "$@" ;;
    start) cmd_start "$@" ;;
    pause) cmd_pause "$@" ;;
    resume) cmd_resume "$@" ;;
    stop) cmd_stop "$@" ;;
    -h | --help | help) usage ;;
    *) warn "unknown mode '$mode'"; usage ;;
esac
