import Foundation
import MLOpsTestSupport
import Testing

/// Webhooks end to end through the binary: `mlops notify add`, a registration, a worker killed
/// with SIGKILL while the receiver holds its call, a second worker delivering the same event
/// again under the same id, every request verified by the reference `standardwebhooks` package
/// (scripts/webhook-receiver.py; `make test` sets MLOPS_WEBHOOKS_PYTHON), no secret in any log.
@Suite struct NotifyCLITests {
    static var python: String? { ProcessInfo.processInfo.environment["MLOPS_WEBHOOKS_PYTHON"] }
    /// A fixed secret (32 bytes), so the test can look for it in the workers' logs.
    static let secretKey = "aGVsbG8gd2ViaG9va3MsIHRoaXMgaXMgYSB0ZXN0ISE="
    static let secret = "whsec_" + secretKey

    @Test(arguments: TestBackend.available)
    func deliveriesVerifyWithTheReferenceLibraryAndSurviveAKilledWorker(backend: TestBackend) throws {
        guard let python = Self.python else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("MLOPS_WEBHOOKS_PYTHON is not set (make test sets it)") }
            return
        }
        let cli = try CLIHarness(backend)
        let portFile = cli.home + "/receiver.port"
        let requestLog = cli.home + "/requests.jsonl"
        let receiver = Process()
        receiver.executableURL = URL(fileURLWithPath: python)
        receiver.arguments = [
            Shell.repositoryRoot + "/scripts/webhook-receiver.py", "--port", "0", "--port-file", portFile, "--secret", Self.secret, "--log",
            requestLog, "--delay-first", "6",
        ]
        receiver.standardOutput = FileHandle.nullDevice
        receiver.standardError = FileHandle.nullDevice
        try receiver.run()
        defer {
            // SIGKILL: the test process blocks SIGTERM (its dispatch signal sources), and a child inherits the mask.
            kill(receiver.processIdentifier, SIGKILL)
            receiver.waitUntilExit()
        }
        let port = try Self.waitFor { (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) } }

        let added = try cli.run(["notify", "add", "--url", "http://127.0.0.1:\(port)/hook", "--events", "version.*", "--secret", Self.secret])
        #expect(added.status == 0 && !added.stdout.contains(Self.secretKey), "a secret given is not echoed: \(added.stdout)")
        try cli.run(["registry", "create", "ctr"])
        try cli.run(["registry", "register", "ctr", try cli.modelDirectory("m", content: "{}")])

        // The first worker takes the delivery; the receiver holds the call; the worker is killed.
        let firstLog = cli.home + "/worker1.log"
        FileManager.default.createFile(atPath: firstLog, contents: nil)
        let worker = Process()
        worker.executableURL = URL(fileURLWithPath: CLIHarness.binary)
        worker.arguments = [
            "worker", "run", "--lease", "2s", "--poll", "0.1", "--log-level", "trace", "--log-format", "json", "--db", cli.databaseArgument,
            "--artifacts", cli.artifacts,
        ]
        worker.environment = ["PATH": "/usr/bin:/bin", "HOME": cli.home, "MLOPS_NOTIFY_TIMEOUT": "20"]
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: firstLog))
        worker.standardOutput = handle
        worker.standardError = handle
        try worker.run()
        _ = try Self.waitFor { Self.requests(requestLog).count == 1 ? true : nil }
        kill(worker.processIdentifier, SIGKILL)
        worker.waitUntilExit()
        try handle.close()
        #expect(worker.terminationReason == .uncaughtSignal)

        // A second worker finds the lease expired and delivers again, with the same id.
        let second = try cli.run(
            ["worker", "run", "--until-idle", "--lease", "2s", "--poll", "0.1", "--log-level", "trace", "--log-format", "json"],
            environment: ["MLOPS_NOTIFY_TIMEOUT": "20"])
        #expect(second.status == 0, "\(second.stderr)")
        let requests = Self.requests(requestLog)
        #expect(requests.count == 2, "\(requests)")
        #expect(requests.allSatisfy { $0["verified"] as? Bool == true }, "standardwebhooks verified every request")
        let ids = requests.compactMap { ($0["headers"] as? [String: String])?["webhook-id"] }
        #expect(ids.count == 2 && ids[0] == ids[1], "the receiver can deduplicate by webhook-id: \(ids)")
        #expect(requests.allSatisfy { ($0["body"] as? String)?.contains("\"type\":\"version.registered\"") == true })

        let deliveries = try #require(try cli.json(["notify", "deliveries", "--json"]) as? [[String: Any]])
        #expect(deliveries.count == 1 && deliveries[0]["state"] as? String == "delivered" && deliveries[0]["attempts"] as? Int == 2)
        let logs = (try String(contentsOfFile: firstLog, encoding: .utf8)) + second.stdout + second.stderr
        #expect(logs.contains("webhook delivered"), "the trace logs were captured")
        #expect(!logs.contains(Self.secretKey), "no secret in the logs, even at trace level")
    }

    static func requests(_ path: String) -> [[String: Any]] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Polls `probe` every 50 ms. The test is synchronous on purpose: `Process.waitUntilExit`
    /// from an async context on Linux can spin on a cooperative thread.
    static func waitFor<T>(seconds: Double = 60, _ probe: () -> T?) throws -> T {
        for _ in 0..<Int(seconds * 20) {
            if let value = probe() { return value }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw LoopbackHTTP.Failure(description: "timed out waiting")
    }
}
