"""Helper of scripts/bench-dashboard.sh (standard library only), two subcommands:

  seed URL --data CSV --models N --events E --timings FILE
      against `mlops serve --no-auth` on a store holding m01..mNN with versions 1 and 2: promotes
      version 1 of each, alternates promote 2 / rollback on m01 over one keep-alive connection
      until m01 has E history events, starts a rollout of version 2 on m02, then sends each model
      20 predict requests of 50 rows (m02's with unit ids and click feedback, for the rollout's
      evidence). Appends "label<TAB>seconds" lines to FILE.
  measure URL --requests N --timings FILE --machine TEXT [--budget MS]
      against a fresh `mlops serve`: per page, the first request's Server-Timing (cold), then N
      more on one keep-alive connection; then, after --badge-wait seconds (31; 0 skips), `/` once
      more with its 30 s drift-badge cache expired; prints the seeding times and a Markdown table; exit 1
      when a page's p95 is at or over the budget (100 ms) or a page does not answer 200."""
import argparse, csv, http.client, json, math, statistics, sys, time
from urllib.parse import urlparse

MODEL_ROWS_PER_REQUEST = 50
REQUESTS_PER_MODEL = 20


class Client:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, url):
        u = urlparse(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)

    def call(self, method, path, body=None):
        headers = {"Content-Type": "application/json"} if body is not None else {}
        self.conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        r = self.conn.getresponse()
        data = r.read()
        return r, data

    def json(self, method, path, body=None, ok=(200, 201)):
        r, data = self.call(method, path, body)
        if r.status not in ok:
            sys.exit(f"bench-dashboard: {method} {path} answered {r.status}: {data[:300]!r}")
        return json.loads(data) if data else None


def record(timings, label, seconds):
    with open(timings, "a") as f:
        f.write(f"{label}\t{seconds:.2f}\n")


def seed(a):
    c = Client(a.url)
    names = [f"m{i:02d}" for i in range(1, a.models + 1)]

    t = time.time()
    for name in names:
        c.json("POST", f"/api/v1/models/{name}/promote", {"version": 1, "reason": "bench: first champion"})
    record(a.timings, f"promote v1 of {a.models} models (HTTP)", time.time() - t)

    # History: promote 2 and roll back, one event each, until m01 holds --events of them.
    t = time.time()
    have = len(c.json("GET", "/api/v1/models/m01/history"))
    ops = max(0, a.events - have)
    for i in range(ops):
        if i % 2 == 0:
            c.json("POST", "/api/v1/models/m01/promote", {"version": 2, "reason": "bench"})
        else:
            c.json("POST", "/api/v1/models/m01/rollback", {"reason": "bench"})
        if (i + 1) % 2000 == 0:
            print(f"bench-dashboard: {have + i + 1:,} events on m01 ({time.time() - t:.0f} s)", file=sys.stderr)
    if ops % 2 == 1:  # end on version 1 as champion, as every other model
        c.json("POST", "/api/v1/models/m01/rollback", {"reason": "bench"})
    events = len(c.json("GET", "/api/v1/models/m01/history"))
    if events < a.events:
        sys.exit(f"bench-dashboard: m01 has {events} history events, wanted {a.events}")
    seconds = time.time() - t
    record(a.timings, f"{events - have:,} promote/rollback events on m01 (HTTP, {(events - have) / max(seconds, 1e-9):.0f}/s)", seconds)

    t = time.time()
    c.json("POST", "/api/v1/models/m02/rollout", {"challenger": 2})
    with open(a.data) as f:
        reader = csv.reader(f)
        header = next(reader)
        label = header.index("label")
        rows = [[(float(v) if v != "" else None) for j, v in enumerate(r) if j != label] for r in reader]
        f.seek(0)
        next(reader)
        labels = [float(r[label]) for r in reader]
    sent = 0
    for m, name in enumerate(names):
        for k in range(REQUESTS_PER_MODEL):
            start = ((m * REQUESTS_PER_MODEL + k) * MODEL_ROWS_PER_REQUEST) % (len(rows) - MODEL_ROWS_PER_REQUEST)
            batch = rows[start:start + MODEL_ROWS_PER_REQUEST]
            body = {"rows": batch}
            if name == "m02":
                body["unit_id"] = f"u-{k}"
            answer = c.json("POST", f"/api/v1/models/{name}/predict", body)
            sent += len(batch)
            if name == "m02":
                feedback = [{"request_id": answer["request_id"], "row_index": i, "label": labels[start + i]}
                            for i in range(len(batch))]
                c.json("POST", "/api/v1/feedback", {"feedback": feedback})
    record(a.timings, f"rollout on m02; {sent:,} predicted rows ({REQUESTS_PER_MODEL} × {MODEL_ROWS_PER_REQUEST} per model)",
           time.time() - t)


def percentile(sorted_values, p):
    """Nearest rank."""
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


def server_ms(response, path):
    timing = response.getheader("Server-Timing") or ""
    for part in timing.split(","):
        name, _, rest = part.strip().partition(";")
        for field in rest.split(";"):
            key, _, value = field.strip().partition("=")
            if name == "render" and key == "dur":
                return float(value)
    sys.exit(f"bench-dashboard: GET {path} has no 'Server-Timing: render;dur=' header (got {timing!r})")


def measure(a):
    c = Client(a.url)
    history = c.json("GET", "/api/v1/models/m01/history")
    middle = sorted(e["id"] for e in history)[len(history) // 2]
    pages = ["/", "/ui/models/m01", f"/ui/models/m01?before={middle}", "/ui/models/m02/rollout",
             "/ui/models/m01/drift", "/ui/models/m01/drift?since=7d", "/ui/pipelines"]
    results = []
    for path in pages:
        samples, walls = [], []
        cold = None
        for i in range(a.requests + 1):
            t = time.perf_counter()
            r, body = c.call("GET", path)
            wall = (time.perf_counter() - t) * 1000
            if r.status != 200:
                sys.exit(f"bench-dashboard: GET {path} answered {r.status}: {body[:500]!r}")
            ms = server_ms(r, path)
            if i == 0:
                cold, size = ms, len(body)
            else:
                samples.append(ms)
                walls.append(wall)
        samples.sort()
        results.append((path, cold, samples[0], statistics.median(samples), percentile(samples, 95), samples[-1],
                        statistics.median(walls), size))

    # The models page keeps each champion's drift badge 30 s; the first look after that recomputes
    # all of them (what a visitor who comes back after a while waits for).
    expired = None
    if a.badge_wait > 0:
        print(f"bench-dashboard: waiting {a.badge_wait:g} s for the models page's drift badges to expire", file=sys.stderr)
        time.sleep(a.badge_wait)
        c = Client(a.url)  # the server may have closed the idle connection
        t = time.perf_counter()
        r, body = c.call("GET", "/")
        wall = (time.perf_counter() - t) * 1000
        if r.status != 200:
            sys.exit(f"bench-dashboard: GET / answered {r.status}: {body[:500]!r}")
        expired = (server_ms(r, "/"), wall, len(body))

    print(f"machine: {a.machine}")
    print("seeding:")
    total = 0.0
    for line in open(a.timings):
        label, seconds = line.rstrip("\n").split("\t")
        total += float(seconds)
        print(f"  {float(seconds):7.1f} s  {label}")
    print(f"  {total:7.1f} s  in all")
    print()
    print(f"Server-Timing render dur in ms: the first request (cold, on a fresh server), then {a.requests} on one keep-alive "
          f"connection; client = median wall time of those {a.requests} seen by the client.")
    print()
    print("| page | cold | min | median | p95 | max | client median | KiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    over = []
    for path, cold, lo, med, p95, hi, wall, size in results:
        print(f"| `{path}` | {cold:.1f} | {lo:.1f} | {med:.1f} | {p95:.1f} | {hi:.1f} | {wall:.1f} | {size / 1024:.0f} |")
        if p95 >= a.budget:
            over.append((path, p95))
    if expired:
        ms, wall, size = expired
        print(f"| `/` once more, {a.badge_wait:g} s later (drift badges recomputed) | {ms:.1f} | | | | | {wall:.1f} (n=1) | {size / 1024:.0f} |")
        if ms >= a.budget:
            print(f"\nbench-dashboard: note: `/` took {ms:.1f} ms when its drift badges were recomputed (not counted against the p95 budget)")
    print()
    if over:
        for path, p95 in over:
            print(f"bench-dashboard: OVER BUDGET: {path} p95 {p95:.1f} ms ≥ {a.budget:g} ms")
        sys.exit(1)
    print(f"bench-dashboard: every page's p95 is under {a.budget:g} ms")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("seed")
    s.add_argument("url")
    s.add_argument("--data", required=True)
    s.add_argument("--models", type=int, default=50)
    s.add_argument("--events", type=int, default=10000)
    s.add_argument("--timings", required=True)
    m = sub.add_parser("measure")
    m.add_argument("url")
    m.add_argument("--requests", type=int, default=50)
    m.add_argument("--timings", required=True)
    m.add_argument("--machine", default="")
    m.add_argument("--budget", type=float, default=100.0)
    m.add_argument("--badge-wait", type=float, default=31.0)
    a = p.parse_args()
    seed(a) if a.command == "seed" else measure(a)


main()
