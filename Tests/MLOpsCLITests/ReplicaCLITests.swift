import Foundation
import MLOpsStore
import MLOpsTestSupport
import Testing

/// Replicas proven together: on one PostgreSQL and one S3 bucket (moto), two `mlops serve`
/// processes (each with its own archive cache), two schedulers and two workers.
@Suite(
    .enabled(
        if: ProcessInfo.processInfo.environment["MLOPS_TEST_S3_ENDPOINT"] != nil && TestBackend.available.contains(.postgres),
        "needs PostgreSQL and MLOPS_TEST_S3_ENDPOINT (make test)"))
struct ReplicaCLITests {
    static let endpoint = ProcessInfo.processInfo.environment["MLOPS_TEST_S3_ENDPOINT"] ?? ""
    static let aws = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_ENDPOINT_URL": endpoint]

    /// Predicts one row on a replica; returns (version, arm, request id).
    static func predict(_ port: Int, unit: String) async throws -> (version: Int, arm: String, requestID: String) {
        let answer = try await LoopbackHTTP.fetch(
            port: port, "POST", "/api/v1/models/ctr/predict", body: "{\"unit_id\": \"\(unit)\", \"rows\": [[0.1, 0.2, 0.3, 0.4, 0.5]]}")
        guard answer.status == 200, let json = answer.json as? [String: Any], let version = json["version"] as? Int,
            let arm = json["arm"] as? String, let requestID = json["request_id"] as? String
        else { throw LoopbackHTTP.Failure(description: "predict on \(port): \(answer.status) \(answer.body)") }
        return (version, arm, requestID)
    }

    /// Waits up to `seconds` for `condition`; returns how long it took, nil when it never held.
    static func eventually(_ seconds: Double, _ condition: () async throws -> Bool) async throws -> Double? {
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(seconds) {
            if try await condition() {
                let elapsed = ContinuousClock.now - started
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    @Test func twoReplicasTwoSchedulersAndTwoWorkersShareOneStoreAndOneBucket() async throws {
        let bucket = "replicas-" + String(UUID().uuidString.lowercased().prefix(10))
        try #require(try S3RegistryCLITests.curl(["-X", "PUT", "\(Self.endpoint)/\(bucket)"]) == "200")
        let cli = try CLIHarness(.postgres, artifacts: "s3://\(bucket)/registry")
        let data = cli.home + "/data/week.csv"
        try FileManager.default.createDirectory(atPath: cli.home + "/data", withIntermediateDirectories: true)
        #expect(try await cli.run(["data", "synth", "--rows", "2000", "--features", "5", "--seed", "3", "--out", data], global: false).status == 0)
        try await cli.run(["registry", "create", "ctr"], environment: Self.aws)
        for (rounds, out) in [("5", "m1"), ("9", "m2")] {
            let trained = try await cli.run(
                ["train", "--data", data, "--param", "num_round=" + rounds, "--out", cli.home + "/" + out, "--register", "ctr"],
                environment: Self.aws)
            try #require(trained.status == 0, "\(trained.stderr)")
        }
        #expect(try await cli.run(["registry", "promote", "ctr", "1"], environment: Self.aws).status == 0)
        let token = try await cli.run(["auth", "token", "create", "--name", "ops", "--role", "admin"], environment: Self.aws).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let bearer = ["Authorization": "Bearer " + token]

        // Two replicas, each with a cache of its own (no shared disk).
        let serveArguments = ["serve", "--port", "0", "--poll", "0.5", "--decide-every", "1s"]
        let a = try BackgroundCLI(cli, serveArguments, name: "serve-a", environment: Self.aws.merging(["MLOPS_HOME": cli.home + "/a"]) { $1 })
        defer { a.stop() }
        let b = try BackgroundCLI(cli, serveArguments, name: "serve-b", environment: Self.aws.merging(["MLOPS_HOME": cli.home + "/b"]) { $1 })
        defer { b.stop() }
        let (portA, portB) = (try await a.port(), try await b.port())
        #expect(try await Self.predict(portB, unit: "u").version == 1)

        // A promotion made through replica A is served by replica B within its poll interval.
        let promoted = try await LoopbackHTTP.fetch(
            port: portA, "POST", "/api/v1/models/ctr/promote", body: "{\"version\": 2, \"reason\": \"through A\"}", headers: bearer)
        #expect(promoted.status == 200, "\(promoted.body)")
        let seenByB = try await Self.eventually(10) { try await Self.predict(portB, unit: "u").version == 2 }
        #expect(seenByB != nil, "replica B never served the version promoted through A")

        // A rollout started through A: a unit gets the same arm from both replicas.
        let started = try await LoopbackHTTP.fetch(
            port: portA, "POST", "/api/v1/models/ctr/rollout",
            body: "{\"challenger\": 1, \"steps\": [50, 100], \"hold\": \"1h\", \"min_samples\": 100000}", headers: bearer)
        #expect(started.status == 200 || started.status == 201, "\(started.body)")
        let units = (0..<40).map { "unit-\($0)" }
        let agreed = try await Self.eventually(10) {
            var arms: [String] = []
            for unit in units {
                let (x, y) = (try await Self.predict(portA, unit: unit), try await Self.predict(portB, unit: unit))
                guard x.arm == y.arm else { return false }
                arms.append(x.arm)
            }
            return Set(arms) == ["champion", "challenger"]
        }
        #expect(agreed != nil, "the replicas disagreed on some unit's arm, or never split traffic")

        // The rollout's statistics hold both replicas' traffic.
        func requests() async throws -> Int {
            let status = try await LoopbackHTTP.fetch(port: portB, "GET", "/api/v1/models/ctr/rollout")
            let evidence = (status.json as? [String: Any])?["evidence"] as? [String: Any]
            let champion = (evidence?["champion"] as? [String: Any])?["requests"] as? Int ?? 0
            let challenger = (evidence?["challenger"] as? [String: Any])?["requests"] as? Int ?? 0
            return champion + challenger
        }
        let before = try await requests()
        for k in 0..<30 { _ = try await Self.predict(k % 2 == 0 ? portA : portB, unit: "stats-\(k)") }
        let combined = try await Self.eventually(15) { try await requests() >= before + 30 }
        #expect(combined != nil, "the rollout's requests never reached \(before + 30)")

        // Two schedulers and two workers: the weekly slot fires once, and its run succeeds.
        try FileManager.default.createDirectory(atPath: cli.home + "/pipelines", withIntermediateDirectories: true)
        try """
        name: weekly
        model: weekly
        schedule: "0 3 * * 1"
        steps:
          - extract: { files: ["data/week.csv"] }
          - train: { algorithm: gbdt, params: { num_round: 3 } }
          - register: {}
        """.write(toFile: cli.home + "/pipelines/weekly.yaml", atomically: true, encoding: .utf8)
        let others = try ["scheduler-1", "scheduler-2", "worker-1", "worker-2"].map { name in
            try BackgroundCLI(
                cli, name.hasPrefix("scheduler") ? ["scheduler", "run", "--interval", "1"] : ["worker", "run", "--poll", "0.2"], name: name,
                environment: Self.aws.merging(["MLOPS_HOME": cli.home + "/" + name]) { $1 })
        }
        defer { for process in others { process.stop() } }
        let ran = try await Self.eventually(60) {
            let runs = try await cli.json(["pipelines", "runs", "--json"], environment: Self.aws) as? [[String: Any]] ?? []
            return runs.contains { $0["state"] as? String == "succeeded" }
        }
        #expect(ran != nil, "the weekly run never succeeded: \(others.map(\.stderr))")
        try await Task.sleep(for: .seconds(2))  // more scheduler passes, both schedulers
        let runs = try #require(try await cli.json(["pipelines", "runs", "--json"], environment: Self.aws) as? [[String: Any]])
        #expect(runs.count == 1 && runs.first?["trigger"] as? String == "schedule", "\(runs)")

        // SIGKILL replica A: B goes on serving; A loses at most its unflushed prediction log.
        var sentToA: [(id: String, at: ContinuousClock.Instant)] = []
        for k in 0..<200 { sentToA.append((try await Self.predict(portA, unit: "kill-\(k)").requestID, .now)) }
        a.kill()
        let killedAt = ContinuousClock.now
        // (The rollout still runs: the unit's arm decides which version answers.)
        #expect([1, 2].contains(try await Self.predict(portB, unit: "after").version), "replica B answers after A is killed")
        let database = PostgresDatabase(url: cli.databaseArgument)
        defer { database.close() }
        let logged = Set(
            try database.withConnection { try $0.query("SELECT request_id FROM predictions WHERE unit_id LIKE 'kill-%'", []) }
                .compactMap { try? $0.string("request_id") })
        let lost = sentToA.filter { !logged.contains($0.id) }.count
        // The log is flushed in order every 0.25 s: what is lost is the newest requests, those
        // answered since the last flush, never older ones.
        #expect(lost < sentToA.count, "nothing of A's log was written before the kill")
        #expect(sentToA.prefix(sentToA.count - lost).allSatisfy { logged.contains($0.id) }, "a gap in A's log before its last flush")
        let lostSpan = lost == 0 ? Duration.zero : killedAt - sentToA[sentToA.count - lost].at
        // The figures for docs/scaling.md, when asked for.
        if let figures = ProcessInfo.processInfo.environment["MLOPS_TEST_FIGURES"] {
            let line = String(
                format: "replicas: promotion through A served by B after %.2f s; SIGKILL of A lost %d of 200 predictions (the last %.3f s)\n",
                seenByB ?? -1, lost, Double(lostSpan.components.attoseconds) / 1e18 + Double(lostSpan.components.seconds))
            try line.write(toFile: figures, atomically: true, encoding: .utf8)
        }
    }
}
