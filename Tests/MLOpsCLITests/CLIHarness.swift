import Foundation
import MLOpsStore
import MLOpsTestSupport
import Testing

/// Runs the built `mlops` binary against a private store (SQLite file or PostgreSQL schema).
struct CLIHarness {
    let home: String
    let databaseArgument: String
    let artifacts: String

    /// The `mlops` executable built beside the test bundle.
    static let binary: String = {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [besideTests, besideTests.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("mlops").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return Shell.repositoryRoot + "/.build/debug/mlops"
    }()

    /// `artifacts`: the artifact root to pass (default: a directory in the harness's home).
    init(_ backend: TestBackend, artifacts: String? = nil) throws {
        home = try TemporaryDirectory.make(prefix: "cli")
        self.artifacts = artifacts ?? home + "/artifacts"
        switch backend {
        case .sqlite: databaseArgument = home + "/mlops.db"
        case .postgres: databaseArgument = try TestBackend.freshSchemaURL()
        }
    }

    /// Runs `mlops <arguments> --db … --artifacts …` with a clean environment.
    @discardableResult
    func run(_ arguments: [String], global: Bool = true, environment extra: [String: String] = [:]) throws -> Shell.Result {
        var environment = ["PATH": "/usr/bin:/bin", "HOME": home, "MLOPS_ACTOR": "cli-test"]
        environment.merge(extra) { _, new in new }
        let flags = global ? ["--db", databaseArgument, "--artifacts", artifacts] : []
        return try Shell.run(Self.binary, arguments + flags, environment: environment, currentDirectory: home)
    }

    /// Runs and decodes standard output as JSON.
    func json(_ arguments: [String], environment: [String: String] = [:]) throws -> Any {
        let result = try run(arguments, environment: environment)
        try #require(result.status == 0, "mlops \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    /// `run` from an async test: the wait for the child process happens on a thread of its
    /// own, not on one of the two cooperative threads the whole test run shares.
    @discardableResult
    func run(_ arguments: [String], global: Bool = true, environment extra: [String: String] = [:]) async throws -> Shell.Result {
        let harness = self
        return try await Blocking.run { try harness.run(arguments, global: global, environment: extra) }
    }

    /// `json` from an async test, off the cooperative threads.
    func json(_ arguments: [String], environment: [String: String] = [:]) async throws -> Any {
        let harness = self
        return try await Blocking.run { JSONValue(value: try harness.json(arguments, environment: environment)) }.value
    }

    /// A model directory with one file of the given content.
    func modelDirectory(_ name: String, content: String) throws -> String {
        let dir = home + "/" + name
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(content.utf8).write(to: URL(fileURLWithPath: dir + "/model.json"))
        return dir
    }
}

/// A decoded JSON value handed across threads (JSONSerialization's results are immutable).
private struct JSONValue: @unchecked Sendable {
    let value: Any
}
