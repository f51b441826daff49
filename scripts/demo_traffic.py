"""Demo traffic for `make demo`: replays a CSV's rows against `mlops serve` as single-row
predictions with sticky unit ids, and sends each row's label back as feedback (in batches), the
way a predictor and a click log would. Stops after --rows rows, or earlier once the model's
rollout has finished (--until-rollout-ends). Columns are sent as the CSV reader types them: a
column whose cells are all numbers as numbers, any other (raw ids) as strings; --exclude leaves
columns out (a row id). Prints a one-line summary. Standard library only."""
import argparse, csv, http.client, json, re, sys, time
from urllib.parse import urlparse

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--model", default="ctr")
    p.add_argument("--data", required=True)
    p.add_argument("--rows", type=int, default=10000)
    p.add_argument("--label", default="label")
    p.add_argument("--exclude", action="append", default=[])
    p.add_argument("--until-rollout-ends", action="store_true")
    a = p.parse_args()
    u = urlparse(a.url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)

    def call(method, path, body=None):
        conn.request(method, path, body=None if body is None else json.dumps(body),
                     headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        data = r.read()
        return r.status, (json.loads(data) if data else None)

    with open(a.data) as f:
        rows = list(csv.DictReader(f))
    number = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
    columns = [c for c in (rows[0].keys() if rows else []) if c != a.label and c not in a.exclude]
    numeric = {c for c in columns if all(r[c] == "" or number.match(r[c]) for r in rows)}

    def cell(name, value):
        if value == "":
            return None
        return float(value) if name in numeric else value
    feedback, arms, sent, status = [], {}, 0, None
    started = time.time()
    while sent < a.rows:
        row = rows[sent % len(rows)]
        label = float(row[a.label]) if a.label in row else None
        instance = {k: cell(k, row[k]) for k in columns}
        code, answer = call("POST", f"/api/v1/models/{a.model}/predict", {"unit_id": f"u-{sent}", "instances": [instance]})
        if code != 200:
            sys.exit(f"demo traffic: predict answered {code}: {answer}")
        arms[answer["arm"]] = arms.get(answer["arm"], 0) + 1
        if label is not None:
            feedback.append({"request_id": answer["request_id"], "label": label})
        sent += 1
        if len(feedback) >= 250 or sent == a.rows:
            if feedback:
                code, answer = call("POST", "/api/v1/feedback", {"feedback": feedback})
                if code != 200:
                    sys.exit(f"demo traffic: feedback answered {code}: {answer}")
                feedback = []
            if a.until_rollout_ends and sent % 1000 == 0:
                code, rollout = call("GET", f"/api/v1/models/{a.model}/rollout")
                status = rollout["rollout"]["state"]["status"] if code == 200 and rollout else None
                if status in ("promoted", "rolled_back", "aborted"):
                    break
    seconds = time.time() - started
    share = ", ".join(f"{arm} {n}" for arm, n in sorted(arms.items()))
    print(f"sent {sent} predictions with feedback in {seconds:.1f} s ({sent / seconds:.0f}/s); answered by: {share}"
          + (f"; rollout {status}" if status else ""))

main()
