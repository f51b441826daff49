#!/usr/bin/env python3
"""The Open Inference Protocol v2 on `mlops serve`, checked with real clients: tritonclient[http]
(health, metadata, readiness, infer with binary tensors — its default — and with JSON) and plain
`requests` posting the JSON that KServe's protocol documents describe. Every answer must equal
`mlops predict` on the same rows within 1e-6. Inputs are built from the model's metadata: one per
feature, FP32 for numbers, BYTES for categorical features (raw ids as text).

Usage: test-inference-clients.py --url http://127.0.0.1:PORT --model ctr --data rows.csv --expected predictions.csv
(the venv: scripts/python-venv.sh inference; make test passes MLOPS_INFERENCE_PYTHON to the Swift test that runs this)
"""
import argparse
import csv
import sys

import numpy as np
import requests
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException

checks = 0


def check(condition, message):
    global checks
    if not condition:
        print(f"FAIL: {message}", file=sys.stderr)
        sys.exit(1)
    checks += 1


def close(got, expected, what):
    got = np.asarray(got, dtype=np.float64).reshape(-1)
    check(got.shape == expected.shape, f"{what}: {got.shape[0]} answers for {expected.shape[0]} rows")
    worst = float(np.max(np.abs(got - expected)))
    check(worst <= 1e-6, f"{what}: differs from mlops predict by {worst}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--expected", required=True)
    args = parser.parse_args()
    with open(args.data, newline="") as f:
        table = list(csv.DictReader(f))
    with open(args.expected, newline="") as f:
        expected = np.array([float(row["prediction"]) for row in csv.DictReader(f)])
    host = args.url.removeprefix("http://").rstrip("/")
    client = httpclient.InferenceServerClient(url=host)

    check(client.is_server_live(), "is_server_live")
    check(client.is_server_ready(), "is_server_ready")
    check(client.is_model_ready(args.model), "is_model_ready")
    check("binary_tensor_data" in client.get_server_metadata().get("extensions", []), "server metadata lists binary_tensor_data")
    metadata = client.get_model_metadata(args.model)
    features = [i for i in metadata["inputs"] if i["name"] != "input" or len(i["shape"]) == 1]
    check(any(i["datatype"] == "BYTES" for i in features), "the model has BYTES (categorical) inputs")
    check(metadata["outputs"][0]["name"] == "predict", "the output is predict")
    check(not client.is_model_ready("no-such-model"), "an unknown model is not ready")

    def inputs(binary):
        made = []
        for spec in features:
            column = [row[spec["name"]] for row in table]
            if spec["datatype"] == "BYTES":
                array = np.array([value.encode() for value in column], dtype=np.object_)
            else:
                array = np.array([float(value) if value not in ("", "NA") else np.nan for value in column], dtype=np.float32)
            tensor = httpclient.InferInput(spec["name"], [len(table)], spec["datatype"])
            tensor.set_data_from_numpy(array, binary_data=binary)
            made.append(tensor)
        return made

    for binary in (True, False):
        result = client.infer(
            args.model, inputs(binary), request_id="client-id-1",
            outputs=[httpclient.InferRequestedOutput("predict", binary_data=binary)])
        close(result.as_numpy("predict"), expected, f"tritonclient infer (binary={binary})")
        response = result.get_response()
        check(response.get("id") == "client-id-1", "the client's id is echoed")
        check(len(response.get("parameters", {}).get("request_id", "")) == 32, "the server's request id is in parameters")
    default = client.infer(args.model, inputs(True), request_id="client-id-1")
    close(default.as_numpy("predict"), expected, "tritonclient infer, default outputs")

    body = {"id": "plain", "inputs": []}
    for spec in features:
        column = [row[spec["name"]] for row in table]
        data = column if spec["datatype"] == "BYTES" else [float(v) if v not in ("", "NA") else None for v in column]
        body["inputs"].append({"name": spec["name"], "shape": [len(table)], "datatype": spec["datatype"], "data": data})
    plain = requests.post(f"{args.url}/v2/models/{args.model}/infer", json=body, timeout=30)
    check(plain.status_code == 200, f"requests infer: {plain.status_code} {plain.text[:200]}")
    answer = plain.json()
    close(answer["outputs"][0]["data"], expected, "requests infer")
    check(plain.headers.get("X-Request-Id") == answer["parameters"]["request_id"], "X-Request-Id matches parameters.request_id")
    bad = requests.post(f"{args.url}/v2/models/{args.model}/infer", json={"inputs": [{"name": "nope", "shape": [1], "datatype": "FP32", "data": [1]}]}, timeout=30)
    check(bad.status_code == 400 and "error" in bad.json(), f"a bad request is 400 with an error: {bad.status_code} {bad.text[:200]}")
    wrong = httpclient.InferInput("nope", [1], "FP32")
    wrong.set_data_from_numpy(np.array([1], dtype=np.float32))
    try:
        client.infer(args.model, [wrong])
        check(False, "tritonclient should raise on a bad request")
    except InferenceServerException as error:
        check("nope" in str(error) and error.status() == "400", f"tritonclient's exception carries the server's message: {error}")
    print(f"inference clients: {checks} checks passed ({len(table)} rows)")


if __name__ == "__main__":
    main()
