import Foundation
import MLOpsTestSupport

/// An `mlops` command left running as a child process over a harness's store (a server, a run
/// followed with `--wait`), its output in files; stopped with SIGTERM.
final class BackgroundCLI: @unchecked Sendable {
    let process = Process()
    let output: String
    let errors: String

    init(_ cli: CLIHarness, _ arguments: [String], name: String, environment extra: [String: String] = [:]) throws {
        output = cli.home + "/\(name).out"
        errors = cli.home + "/\(name).err"
        for file in [output, errors] { _ = FileManager.default.createFile(atPath: file, contents: nil) }
        process.executableURL = URL(fileURLWithPath: CLIHarness.binary)
        process.arguments = arguments + ["--db", cli.databaseArgument, "--artifacts", cli.artifacts]
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": cli.home, "MLOPS_ACTOR": "cli-test"].merging(extra) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: cli.home)
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle(forWritingAtPath: errors)
        try process.run()
    }

    /// `mlops serve --port 0`.
    static func serve(_ cli: CLIHarness) throws -> BackgroundCLI {
        try BackgroundCLI(cli, ["serve", "--port", "0"], name: "serve")
    }

    var stdout: String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "" }

    /// The server's port from its `listening on` line, waiting up to 30 s.
    func port() async throws -> Int {
        for _ in 0..<300 {
            if let range = stdout.range(of: "listening on http://127.0.0.1:"), let port = Int(stdout[range.upperBound...].prefix { $0.isNumber }) {
                return port
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw LoopbackHTTP.Failure(description: "mlops serve did not start listening: \(stdout)\(stderr)")
    }

    /// Kills the process at once (SIGKILL: no flush, no goodbye) and waits for it.
    func kill() {
        if process.isRunning {
            _ = Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Stops the process (SIGTERM) and closes this side's files.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        for handle in [process.standardOutput, process.standardError] { try? (handle as? FileHandle)?.close() }
    }
}
