import Foundation
import MLOpsTestSupport
import Testing

/// `mlops rollout start` reads the shared table of written plans (`RolloutPlanCase.all`) as the
/// HTTP API and a pipeline's `canary` step do; a bad plan is a usage error (exit 2) read before
/// the store is touched.
@Suite struct RolloutPlanCLITests {
    @Test func rolloutStartReadsThePlanAsEverySurfaceDoes() async throws {
        let cli = try CLIHarness(.sqlite)
        let data = cli.home + "/d.csv"
        #expect(try await cli.run(["data", "synth", "--rows", "400", "--features", "3", "--out", data], global: false).status == 0)
        #expect(try await cli.run(["registry", "create", "ctr"]).status == 0)
        for round in ["2", "3"] {
            let trained = try await cli.run([
                "train", "--data", data, "--param", "num_round=\(round)", "--out", cli.home + "/m\(round)", "--register", "ctr",
            ])
            try #require(trained.status == 0, "\(trained.stderr)")
        }
        #expect(try await cli.run(["registry", "promote", "ctr", "1"]).status == 0)
        for written in RolloutPlanCase.all {
            let result = try await cli.run(["rollout", "start", "ctr", "--challenger", "2", "--json"] + written.cliArguments)
            switch written.expected {
            case .plan(let steps, let holdSeconds, let minSamples, let metric, let alpha):
                try #require(result.status == 0, "\(written): \(result.stderr)")
                let rollout = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
                let plan = try #require(rollout["plan"] as? [String: Any])
                #expect(plan["steps"] as? [Double] == steps, "\(written)")
                #expect(plan["hold_seconds"] as? Double == holdSeconds && plan["min_samples"] as? Int == minSamples, "\(written)")
                #expect(plan["metric"] as? String == metric && plan["alpha"] as? Double == alpha, "\(written)")
                #expect(try await cli.run(["rollout", "abort", "ctr", "--reason", "next case"]).status == 0)
            case .refused(let message):
                #expect(result.status == 2, "\(written): \(result.status) \(result.stderr)")
                #expect(result.stderr.contains("Error: " + message), "\(written): \(result.stderr)")
            }
        }
    }
}
