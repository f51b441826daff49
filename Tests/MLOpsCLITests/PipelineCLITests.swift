import Foundation
import MLOpsTestSupport
import Testing

@Suite struct PipelineCLITests {
    /// The shipped example, made quick: fewer rounds, a short hold.
    static func quickExample() throws -> String {
        try String(contentsOfFile: Shell.repositoryRoot + "/pipelines/ctr-retrain.yaml", encoding: .utf8)
            .replacingOccurrences(of: "num_round: 100", with: "num_round: 10")
            .replacingOccurrences(of: "min_samples: 5000", with: "min_samples: 50")
            .replacingOccurrences(of: "min_auc_gain: -0.005", with: "min_auc_gain: -0.1")
            .replacingOccurrences(of: "max_logloss_increase: 0.01", with: "max_logloss_increase: 0.1")
    }

    @Test(arguments: TestBackend.available)
    func schedulerWorkerAndRunsFromTheCommandLine(backend: TestBackend) async throws {
        let cli = try CLIHarness(backend)
        try FileManager.default.createDirectory(atPath: cli.home + "/pipelines", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: cli.home + "/data", withIntermediateDirectories: true)
        try Self.quickExample().write(toFile: cli.home + "/pipelines/ctr-retrain.yaml", atomically: true, encoding: .utf8)
        #expect(
            try await cli.run(
                ["data", "synth", "--rows", "3000", "--features", "6", "--seed", "1", "--out", cli.home + "/data/ctr-latest.csv"], global: false
            ).status == 0)

        let list = try await cli.run(["pipelines", "list"])
        #expect(list.status == 0 && list.stdout.contains("ctr-retrain") && list.stdout.contains("every 7d"), "\(list.stderr)")

        // 2026-11-26 was a Thursday: the weekly slot fires once, however often the scheduler looks.
        let tick = try await cli.run(["scheduler", "run", "--once", "--now", "2026-11-26T00:00:30Z"])
        #expect(tick.status == 0 && tick.stdout.contains("slot 2026-11-26T00:00:00Z enqueued"), "\(tick.stdout)\(tick.stderr)")
        let again = try await cli.run(["scheduler", "run", "--once", "--now", "2026-11-26T00:05:00Z"])
        #expect(again.stdout.contains("already enqueued"), "\(again.stdout)")
        // And the day's maintenance (retention) once a day across schedulers.
        #expect(tick.stdout.contains("maintenance: prune for the day enqueued"), "\(tick.stdout)")
        #expect(again.stdout.contains("maintenance: prune for the day already enqueued"), "\(again.stdout)")
        // And the performance fold once per 5-minute slot: the two passes fall in two slots.
        #expect(tick.stdout.contains("performance: fold enqueued") && again.stdout.contains("performance: fold enqueued"), "\(again.stdout)")

        let worker = try await cli.run(["worker", "run", "--until-idle", "--progress"])
        #expect(worker.status == 0 && worker.stdout.contains("10 succeeded"), "\(worker.stdout)\(worker.stderr)")
        // Progress: each job as it starts and ends, and the steps' log lines (training rounds).
        #expect(worker.stdout.contains("▶ job 1 pipeline.start") && worker.stdout.contains("✓ job 1 pipeline.start in"), "\(worker.stdout)")
        #expect(worker.stdout.contains("[ctr-retrain-1 train] round 10/10"), "\(worker.stdout)")
        let runs = try #require(try await cli.json(["pipelines", "runs", "--json"]) as? [[String: Any]])
        try #require(runs.count == 1)
        #expect(runs[0]["state"] as? String == "succeeded" && runs[0]["trigger"] as? String == "schedule")
        let runID = try #require(runs[0]["id"] as? String)
        let show = try await cli.run(["pipelines", "show", runID])
        #expect(show.status == 0 && show.stdout.contains("promoted=1") && show.stdout.contains("registered ctr/1"), "\(show.stdout)")

        // A run by hand on next week's data, followed here: the champion exists now, so the
        // challenger is evaluated against it on rows neither saw, then canaried.
        #expect(
            try await cli.run(
                ["data", "synth", "--rows", "3000", "--features", "6", "--seed", "2", "--out", cli.home + "/data/ctr-latest.csv"], global: false
            ).status == 0)
        let byHand = try await cli.run(["pipelines", "run", "ctr-retrain", "--wait"])
        #expect(byHand.status == 0, "\(byHand.stdout)\(byHand.stderr)")
        #expect(byHand.stdout.contains("✓ step 6/6 canary succeeded") && byHand.stdout.contains("rollout="), "\(byHand.stdout)")
        let jobs = try #require(try await cli.json(["jobs", "list", "--state", "succeeded", "--json"]) as? [[String: Any]])
        #expect(jobs.count == 17)
        #expect(jobs.contains { $0["kind"] as? String == "maintenance.prune" }, "a plain worker ran the day's prune")
        #expect(jobs.filter { $0["kind"] as? String == "performance.fold" }.count == 2, "and the performance folds")

        let missing = try await cli.run(["jobs", "retry", "999999"])
        #expect(missing.status == 1 && missing.stderr.contains("job 999999 does not exist"))
        let done = try await cli.run(["jobs", "cancel", String(try #require(jobs[0]["id"] as? Int))])
        #expect(done.status == 1 && done.stderr.contains("it cannot be cancelled"), "\(done.stderr)")
        #expect(try await cli.run(["pipelines", "run", "nope"]).stderr.contains("no pipeline named 'nope' (known: ctr-retrain)"))
    }

    @Test func maintenancePruneReportsPerTableAndRefusesABadSetting() async throws {
        let cli = try CLIHarness(.sqlite)
        let dry = try #require(
            try await cli.json(["maintenance", "prune", "--dry-run", "--json", "--retention", "jobs=5m,logs=off"]) as? [String: Any])
        #expect(dry["dry_run"] as? Bool == true)
        #expect(dry["retention"] as? String == "predictions=30d,feedback=30d,jobs=5m,drift=400d,logs=off,performance=400d,notifications=90d")
        let tables = try #require(dry["tables"] as? [[String: Any]])
        #expect(tables.map { $0["table"] as? String } == ["predictions", "feedback", "jobs", "drift", "logs", "performance", "notifications"])
        #expect(tables.allSatisfy { $0["rows"] as? Int == 0 })
        let text = try await cli.run(["maintenance", "prune"])
        #expect(text.status == 0 && text.stdout.contains("pruned with retention") && text.stdout.contains("forever") == false, "\(text.stdout)")
        let bad = try await cli.run(["maintenance", "prune", "--retention", "predictions=3s"])
        #expect(bad.status == 1 && bad.stderr.contains("'3s' for predictions is not a duration of at least 1m"), "\(bad.stderr)")
    }

    @Test func validateNamesEveryErrorWithItsLine() async throws {
        let cli = try CLIHarness(.sqlite)
        let shipped = try await cli.run(["pipelines", "validate", Shell.repositoryRoot + "/pipelines/ctr-retrain.yaml"], global: false)
        #expect(shipped.status == 0 && shipped.stdout.contains("6 steps"), "\(shipped.stderr)")
        let bad = cli.home + "/bad.yaml"
        try """
        name: bad
        model: ctr
        schedule: "0 25 * * *"
        steps:
          - train: { algo: gbdt }
        """.write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try await cli.run(["pipelines", "validate", bad], global: false)
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.yaml:3:") && result.stderr.contains("hour 25 is out of range"), "\(result.stderr)")
        #expect(result.stderr.contains("bad.yaml:5:") && result.stderr.contains("unknown option 'algo'"), "\(result.stderr)")
    }
}
