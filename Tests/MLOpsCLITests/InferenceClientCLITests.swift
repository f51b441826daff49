import Foundation
import MLOpsStore
import MLOpsTestSupport
import Testing

/// The Open Inference Protocol v2 with its real clients: a categorical click model (raw hex ids)
/// served by `mlops serve`, asked by tritonclient (binary and JSON tensors, BYTES inputs) and by
/// plain `requests`; every answer equals `mlops predict` within 1e-6
/// (scripts/test-inference-clients.py; `make test` sets MLOPS_INFERENCE_PYTHON).
@Suite struct InferenceClientCLITests {
    @Test func tritonclientAndRequestsGetWhatMlopsPredictWrites() async throws {
        guard let python = ProcessInfo.processInfo.environment["MLOPS_INFERENCE_PYTHON"] else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("MLOPS_INFERENCE_PYTHON is not set (make test sets it)") }
            return
        }
        let cli = try CLIHarness(.sqlite)
        let data = cli.home + "/clicks.csv"
        let sample = cli.home + "/sample.csv"
        try await cli.run(["data", "synth", "--shape", "avazu", "--rows", "3000", "--seed", "3", "--out", data], global: false)
        try await cli.run(["data", "synth", "--shape", "avazu", "--rows", "40", "--seed", "9", "--out", sample], global: false)
        try await cli.run(["registry", "create", "ctr"])
        let trained = try await cli.run([
            "train", "--data", data, "--label", "click", "--exclude", "id", "--out", cli.home + "/model", "--register", "ctr", "--param",
            "num_round=8",
        ])
        #expect(trained.status == 0, "\(trained.stderr)")
        try await cli.run(["registry", "promote", "ctr", "1"])
        let predicted = try await cli.run(["predict", "--model", "ctr@champion", "--data", sample, "--out", cli.home + "/expected.csv"])
        #expect(predicted.status == 0, "\(predicted.stderr)")

        let server = try BackgroundCLI.serve(cli)
        defer { server.stop() }
        let port = try await server.port()
        let clients = try await Blocking.run {
            try Shell.run(
                python,
                [
                    Shell.repositoryRoot + "/scripts/test-inference-clients.py", "--url", "http://127.0.0.1:\(port)", "--model", "ctr",
                    "--data", sample, "--expected", cli.home + "/expected.csv",
                ])
        }
        #expect(clients.status == 0, "\(clients.stdout)\(clients.stderr)")
        #expect(clients.stdout.contains("checks passed"), "\(clients.stdout)")
    }
}
