import Foundation
import MLOpsTestSupport
import Testing

/// Starts that cannot happen say why, name what is in the way, and exit non-zero.
@Suite(.serialized) struct StartRefusalCLITests {
    @Test(arguments: TestBackend.available)
    func aSecondRunOfAPipelineStillRunningIsRefusedNamingTheRun(backend: TestBackend) async throws {
        let cli = try CLIHarness(backend)
        try FileManager.default.createDirectory(atPath: cli.home + "/pipelines", withIntermediateDirectories: true)
        try """
        name: slow
        model: ctr
        steps:
          - command: { run: ["/bin/sh", "-c", "while kill -0 $PPID 2>/dev/null; do sleep 0.2; done"] }
        """.write(toFile: cli.home + "/pipelines/slow.yaml", atomically: true, encoding: .utf8)
        let first = try BackgroundCLI(cli, ["pipelines", "run", "slow", "--wait"], name: "first")
        defer { first.stop() }  // the step's loop ends with the process that runs it
        var running = false
        for _ in 0..<300 where !running {
            let runs = try await cli.json(["pipelines", "runs", "--json"]) as? [[String: Any]] ?? []
            running = runs.first?["state"] as? String == "running"
            if !running { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(running, "the first run never started: \(first.stdout)\(first.stderr)")

        let second = try await cli.run(["pipelines", "run", "slow", "--wait"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("pipeline slow is already running: run slow-1 has not ended"), "\(second.stderr)")
        #expect(!second.stdout.contains("enqueued"), "nothing is enqueued: \(second.stdout)")
        let runs = try #require(try await cli.json(["pipelines", "runs", "--json"]) as? [[String: Any]])
        #expect(runs.count == 1)
    }

    @Test func servingOnAPortInUseNamesTheAddress() async throws {
        let cli = try CLIHarness(.sqlite)
        let server = try BackgroundCLI.serve(cli)
        defer { server.stop() }
        let port = try await server.port()
        let second = try await cli.run(["serve", "--port", "\(port)"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("cannot listen on 127.0.0.1:\(port): the address is already in use"), "\(second.stderr)")
        #expect(!second.stderr.contains("errno"), "\(second.stderr)")
    }
}
