import Foundation
import JobQueue
import MLOpsStore
import MLOpsTestSupport
import ModelRegistry
import PipelineSpec
import Pipelines
import Testing
import Tracking

@Suite struct PipelineRunTests {
    static let retrain = """
        name: ctr-retrain
        model: ctr
        schedule: "every 7d"
        steps:
          - extract: { files: ["data/week.csv"] }
          - validate: { min_rows: 500, max_missing: 0.2, max_psi: 5 }
          - train: { algorithm: gbdt, params: { num_round: 20, max_depth: 3, eta: 0.3 } }
          - evaluate: { holdout: 0.25, min_auc_gain: -0.05, max_logloss_increase: 0.05 }
          - register: { tags: { team: ads } }
          - canary: { steps: [5, 20, 100], hold: 30m, min_samples: 100 }
        """

    @Test(arguments: TestBackend.available)
    func aRunTrainsRegistersAndCanariesItsChallengerEndToEnd(backend: TestBackend) async throws {
        let f = try PipelineFixture(backend)
        try f.writeData("week.csv", rows: 3_000, seed: 1)
        let pipeline = try f.pipeline(Self.retrain, name: "ctr-retrain")

        // First run: no champion yet, so the version is promoted directly.
        let first = try await f.runByHand(pipeline)
        let run1 = try f.runs.run(first)
        #expect(run1.state == .succeeded, "\(run1.error ?? "")")
        let steps1 = try f.runs.steps(run: first)
        #expect(steps1.map(\.state) == Array(repeating: .succeeded, count: 6))
        #expect(steps1[0].outputs["rows"] == "3000" && steps1[0].outputs["fingerprint"]?.isEmpty == false)
        #expect(steps1[4].outputs["version"] == "1" && steps1[5].outputs["promoted"] == "1")
        #expect(try f.registry.model("ctr").aliases["champion"] == 1)
        let v1 = try f.registry.resolve("ctr/1")
        #expect(v1.lineage.pipelineRun == first && v1.tags["team"] == "ads" && v1.lineage.dataFingerprint == steps1[0].outputs["fingerprint"])

        // Second run on new data: evaluated against the champion, registered as v2, canaried.
        try f.writeData("week.csv", rows: 3_000, seed: 2, drift: 0.3)
        let second = try await f.runByHand(pipeline)
        let run2 = try f.runs.run(second)
        #expect(run2.state == .succeeded, "\(run2.error ?? "")")
        let steps2 = try f.runs.steps(run: second)
        #expect(steps2[3].outputs["champion_version"] == "1" && steps2[3].outputs["challenger_auc"] != nil)
        #expect(steps2[4].outputs["version"] == "2")
        let rolloutID = try #require(steps2[5].outputs["rollout"])
        let v2 = try f.registry.resolve("ctr/2")
        #expect(v2.lineage.parentVersion == 1 && v2.lineage.pipelineRun == second)
        #expect(try f.registry.model("ctr").aliases["champion"] == 1, "the canary decides, not the pipeline")
        #expect(rolloutID.isEmpty == false)
        let logs = try f.runs.logs(run: second)
        #expect(logs.contains { $0.line.contains("held-out rows") } && logs.contains { $0.line.contains("registered ctr/2") })
        #expect(try f.queue.counts()[.succeeded] == 14, "2 start jobs and 12 step jobs")

        // Both runs are tracking runs in the experiment named after the pipeline (what the
        // mlflow client sees), and the registered versions point at them.
        let tracking = Tracking(database: f.registry.database)
        let experiment = try tracking.experiment(named: "ctr-retrain")
        let tracked = try tracking.runs(experimentIDs: [experiment.id])
        #expect(Set(tracked.compactMap { $0.tags["mlops.pipeline_run"] }) == [first, second])
        let trackedSecond = try #require(tracked.first { $0.tags["mlops.pipeline_run"] == second })
        #expect(trackedSecond.status == .finished && trackedSecond.params["num_round"] == "20")
        #expect(try tracking.metricHistory(runID: trackedSecond.id, key: "train_logloss").map(\.step) == Array(0..<20))
        #expect(trackedSecond.metrics.contains { $0.key == "holdout_auc" } && trackedSecond.metrics.contains { $0.key == "holdout_champion_auc" })
        #expect(v2.runID == trackedSecond.id && steps2[2].outputs["tracking_run"] == trackedSecond.id)
    }

    @Test(arguments: TestBackend.available)
    func aFailingGateFailsTheRunWithoutRetryingAndLeavesTheRegistryAlone(backend: TestBackend) async throws {
        let f = try PipelineFixture(backend)
        try f.writeData("week.csv", rows: 2_000, seed: 3)
        let strict = try f.pipeline(Self.retrain.replacingOccurrences(of: "min_auc_gain: -0.05", with: "min_auc_gain: 0.5"), name: "ctr-retrain")
        _ = try await f.runByHand(strict)  // v1 becomes champion (no champion to beat)
        let run = try f.runs.run(try await f.runByHand(strict))
        #expect(run.state == .failed)
        #expect(run.error?.contains("AUC gain") == true && run.error?.contains("min_auc_gain") == true)
        let steps = try f.runs.steps(run: run.id)
        #expect(steps[3].state == .failed && steps[3].attempts == 1 && steps[4].state == .pending)
        #expect(try f.registry.versions(model: "ctr").count == 1)
    }

    @Test(arguments: TestBackend.available)
    func badDataStopsTheRunAtValidateNamingTheProblem(backend: TestBackend) async throws {
        let f = try PipelineFixture(backend)
        try "f0,f1,label\n1,,0\n2,,1\n3,4,0\n".write(toFile: f.work + "/data/week.csv", atomically: true, encoding: .utf8)
        let pipeline = try f.pipeline(Self.retrain, name: "ctr-retrain")
        let run = try f.runs.run(try await f.runByHand(pipeline))
        #expect(run.state == .failed)
        #expect(run.error?.contains("3 rows, fewer than min_rows 500") == true)
        #expect(run.error?.contains("column f1 has 66.7% missing values") == true, "\(run.error ?? "")")
        #expect(try f.runs.steps(run: run.id)[2].state == .pending)
    }

    @Test(arguments: TestBackend.available)
    func aCommandStepRunsAProgramWithTheRunsContextAndRetriesItsFailures(backend: TestBackend) async throws {
        let f = try PipelineFixture(backend)
        try f.writeData("week.csv", rows: 200, seed: 4)
        let pipeline = try f.pipeline(
            """
            name: external
            model: ctr
            steps:
              - extract: { files: ["data/week.csv"] }
              - command: { run: ["/bin/sh", "-c", "test -f \\"$MLOPS_RUN_DIR/tries\\" || { touch \\"$MLOPS_RUN_DIR/tries\\"; echo first try fails >&2; exit 3; }; echo rows $(wc -l < \\"$MLOPS_DATA\\") for $MLOPS_MODEL"], retries: 2 }
            """, name: "external")
        let run = try f.runs.run(try await f.runByHand(pipeline))
        #expect(run.state == .succeeded, "\(run.error ?? "")")
        let step = try f.runs.steps(run: run.id)[1]
        #expect(step.attempts == 2 && step.outputs["exit_code"] == "0")
        let logs = try f.runs.logs(run: run.id).filter { $0.stepIndex == 1 }
        #expect(logs.contains { $0.attempt == 1 && $0.line == "! first try fails" })
        #expect(logs.contains { $0.attempt == 2 && $0.line == "> rows 201 for ctr" })
    }
}

@Suite struct SQLExtractTests {
    @Test func extractReadsASQLQueryFromAPostgreSQLSourceNamedByAnEnvironmentVariable() async throws {
        guard TestBackend.available.contains(.postgres) else { return }
        let f = try PipelineFixture(.sqlite)
        // The source: a table in a fresh PostgreSQL schema, reached through an env: reference.
        let sourceURL = try TestBackend.freshSchemaURL()
        let source = PostgresDatabase(url: sourceURL, configuration: .init(maxConnections: 1))
        defer { source.close() }
        try source.withConnection { c in
            try c.executeScript("CREATE TABLE impressions (id INTEGER, f0 DOUBLE PRECISION, campaign TEXT, clicked INTEGER)")
            var rows: [[SQLValue]] = []
            for i in 1...50 {
                let f0: SQLValue = i % 10 == 0 ? .null : .double(Double(i) / 4)
                rows.append([.int(Int64(i)), f0, .text("c,\(i % 3)"), .int(Int64(i % 2))])
            }
            _ = try c.executeBatch("INSERT INTO impressions (id, f0, campaign, clicked) VALUES ($1, $2, $3, $4)", rows: rows)
        }
        setenv("MLOPS_TEST_EXTRACT_SOURCE", sourceURL, 1)
        let pipeline = try f.pipeline(
            """
            name: from-sql
            model: ctr
            steps:
              - extract: { sql: "SELECT f0, campaign, clicked AS label FROM impressions WHERE id <= 40 ORDER BY id", database: "env:MLOPS_TEST_EXTRACT_SOURCE" }
            """, name: "from-sql")
        let run = try f.runs.run(try await f.runByHand(pipeline))
        #expect(run.state == .succeeded, "\(run.error ?? "")")
        let outputs = try f.runs.steps(run: run.id)[0].outputs
        #expect(outputs["rows"] == "40")
        let csv = try String(contentsOfFile: try #require(outputs["data"]), encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 41 && csv[0] == "f0,campaign,label")
        #expect(csv[1] == "0.25,\"c,1\",1" && csv[10] == ",\"c,1\",0", "a NULL is an empty cell; text with a comma is quoted")

        // A variable that is not set fails the step at once, naming it.
        unsetenv("MLOPS_TEST_EXTRACT_SOURCE")
        let failed = try f.runs.run(try await f.runByHand(pipeline))
        #expect(failed.state == .failed && failed.error?.contains("MLOPS_TEST_EXTRACT_SOURCE") == true, "\(failed.error ?? "")")
    }
}
