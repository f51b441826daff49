import CanaryRollout
import ExternalModels
import Foundation
import MLOpsStore
import MLOpsTestSupport
import ModelRegistry
import RolloutControl
import Testing

@testable import PredictionServer

/// A real Seldon MLServer (1.7.1 with its XGBoost runtime, `scripts/python-venv.sh mlserver`;
/// `make test` sets MLOPS_MLSERVER_PYTHON) serving the champion's own model file as the external
/// challenger of a local champion: a whole rollout 5 → 20 → 100 % with labelled traffic and
/// decisions taken by hand, every answer equal to the champion's, and the promoted external
/// champion answering afterwards.
@Suite struct MLServerArmTests {
    /// MLServer under `scripts/mlserver-serve.sh`, stopped (with its workers) when the test
    /// creates the stop file.
    final class MLServer: @unchecked Sendable {
        let process = Process()
        let stopFile: String
        /// Where the script's command writes MLServer's model URL once it is ready (the script
        /// picks the port, outside the range port-0 servers of other tests get).
        let urlFile: String
        private(set) var modelURL = ""

        init(python: String, model: String, directory: String) throws {
            stopFile = directory + "/stop"
            urlFile = directory + "/mlserver-url"
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [
                Shell.repositoryRoot + "/scripts/mlserver-serve.sh", "ctr", model, "0", directory + "/mlserver", "bash", "-c",
                "echo \"$MLOPS_TEST_MLSERVER_MODEL_URL\" > '\(urlFile)'; for i in $(seq 6000); do [ -e '\(stopFile)' ] && exit 0; sleep 0.1; done",
            ]
            process.environment = ProcessInfo.processInfo.environment.merging(["MLOPS_MLSERVER_PYTHON": python]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            try process.run()
        }

        /// Waits until the script says MLServer is ready (it checks that MLServer, not another
        /// program, answers on its port); MLServer takes seconds to start.
        func ready() async throws {
            for _ in 0..<1500 {
                if let text = try? String(contentsOfFile: urlFile, encoding: .utf8), text.hasPrefix("http") {
                    modelURL = text.trimmingCharacters(in: .whitespacesAndNewlines)
                    return
                }
                guard process.isRunning else { throw LoopbackHTTP.Failure(description: "mlserver-serve.sh exited (\(process.terminationStatus))") }
                try await Task.sleep(for: .milliseconds(200))
            }
            throw LoopbackHTTP.Failure(description: "MLServer was not ready after 300 s")
        }

        func stop() async {
            FileManager.default.createFile(atPath: stopFile, contents: nil)
            let process = process
            _ = try? await Blocking.run { process.waitUntilExit() }
        }
    }

    static func status(_ port: Int) async throws -> String? {
        let rollout = try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models/ctr/rollout").json as? [String: Any]
        return ((rollout?["rollout"] as? [String: Any])?["state"] as? [String: Any])?["status"] as? String
    }

    @Test func aWholeRolloutWithAnMLServerChallengerCompletes() async throws {
        guard let python = ProcessInfo.processInfo.environment["MLOPS_MLSERVER_PYTHON"] else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("MLOPS_MLSERVER_PYTHON is not set (make test sets it)") }
            return
        }
        let f = try ServerFixture(.sqlite)
        let mlserver = try MLServer(python: python, model: try ServerFixture.sharedModels.get()[0] + "/model.json", directory: f.work)
        do {
            try await mlserver.ready()
            let registered = try await ExternalRegistration.register(registry: f.registry, model: "ctr", url: mlserver.modelURL, actor: "test")
            #expect(registered.spec.layout == .tensor && registered.spec.features.map(\.name) == ["f0", "f1", "f2", "f3"])
            #expect(registered.spec.output == "predict")
            // Identical models: the test must not see a difference; a remote arm is slower by
            // the network, which the latency guardrail is told.
            let plan = RolloutPlan(
                steps: [5, 20, 100], holdSeconds: 0.001, minSamples: 40, guardrails: Guardrails(maxLatencyRatio: 1_000), alpha: 0.001,
                testMinSamples: 40)
            _ = try RolloutController(registry: f.registry).start(model: "ctr", challenger: 3, plan: plan, actor: "test")
            let port = try await f.start()
            var generator = CanarySplitMix64(seed: 7)
            var expected: [Double]?
            var challengerAnswers = 0
            var weights: [Double] = []
            for round in 0..<40 {
                var feedback: [String] = []
                for u in 0..<60 {
                    let body = "{\"unit_id\": \"r\(round)u\(u)\", \"rows\": [[1, 2, 3, 4], [0.5, 0, 7, 1], [3, 1, 0, 2], [0, 0, 0, 0]]}"
                    let r = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/predict", body: body)
                    let json = try #require(r.json as? [String: Any], "\(r.status) \(r.body)")
                    let scores = try #require(json["predictions"] as? [Double], "\(json)")
                    if let expected { #expect(zip(scores, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(json)") }
                    expected = expected ?? scores
                    if json["arm"] as? String == "challenger" { challengerAnswers += 1 }
                    let id = try #require(json["request_id"] as? String)
                    for (row, p) in scores.enumerated() {
                        let label = Double(generator.next() >> 11) / Double(1 << 53) < p ? 1 : 0
                        feedback.append("{\"request_id\": \"\(id)\", \"row_index\": \(row), \"label\": \(label)}")
                    }
                }
                let accepted = try await LoopbackHTTP.fetch(
                    port: port, "POST", "/api/v1/feedback", body: "{\"feedback\": [\(feedback.joined(separator: ","))]}")
                #expect(accepted.status == 200, "\(accepted.body)")
                f.server.decideRollouts()
                if let weight = f.server.servedModels.first?.rollout?.state.weightPercent, weights.last != weight { weights.append(weight) }
                if try await Self.status(port) != "running" { break }
            }
            #expect(try await Self.status(port) == "promoted", "steps seen: \(weights)")
            #expect(weights.starts(with: [5, 20]), "\(weights)")
            #expect(challengerAnswers > 0)
            #expect(try f.registry.model("ctr").aliases[WellKnownAlias.champion] == 3, "the external version is the champion")
            // The promoted external champion answers (after the replica's next sync).
            try f.server.syncOnce()
            let after = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/predict", body: "{\"rows\": [[1, 2, 3, 4]]}")
            #expect(after.status == 200 && (after.json as? [String: Any])?["version"] as? Int == 3, "\(after.body)")
        } catch {
            await mlserver.stop()
            await f.stop()
            throw error
        }
        await mlserver.stop()
        await f.stop()
    }
}
