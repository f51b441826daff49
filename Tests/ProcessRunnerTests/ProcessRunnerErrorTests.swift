import Foundation
import Glibc
import Testing

@testable import ProcessRunner

extension ProcessRunnerTests {
    @Test func programNotFoundNamesItAndThePath() async throws {
        let request = ProcessRequest(["nosuchprog"], environment: ["PATH": "/usr/bin:/bin"])
        let error = await #expect(throws: ProcessRunnerError.self) { try await ProcessRunner.run(request) }
        #expect(error == .notFound("nosuchprog", searchPath: "/usr/bin:/bin"))
        #expect(error?.description.contains("nosuchprog") == true)
        #expect(error?.description.contains("PATH=/usr/bin:/bin") == true)
    }

    @Test func missingProgramPathIsNotFound() async throws {
        let error = await #expect(throws: ProcessRunnerError.self) {
            try await ProcessRunner.run(ProcessRequest(["/nonexistent/train.py"]))
        }
        #expect(error == .notFound("/nonexistent/train.py", searchPath: ""))
    }

    @Test func nonExecutableFileIsRejected() async throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let file = directory.path + "/data.csv"
        try "a,b\n".write(toFile: file, atomically: true, encoding: .utf8)
        let error = await #expect(throws: ProcessRunnerError.self) { try await ProcessRunner.run(ProcessRequest([file])) }
        #expect(error == .notExecutable(file))
    }

    @Test func emptyCommandIsRejected() async throws {
        await #expect(throws: ProcessRunnerError.emptyCommand) { try await ProcessRunner.run(ProcessRequest([])) }
        await #expect(throws: ProcessRunnerError.emptyCommand) { try await ProcessRunner.run(ProcessRequest([""])) }
    }

    @Test func missingWorkingDirectoryIsReported() async throws {
        let missing = "/nonexistent/processrunner-dir"
        let error = await #expect(throws: ProcessRunnerError.self) {
            try await ProcessRunner.run(ProcessRequest(["pwd"], workingDirectory: missing))
        }
        guard case .workingDirectory(let path, let reason) = error else {
            Issue.record("expected .workingDirectory, got \(String(describing: error))")
            return
        }
        #expect(path == missing)
        #expect(reason == String(cString: strerror(ENOENT)))
        #expect(error?.description.contains(missing) == true)
    }

    @Test func fileAsWorkingDirectoryIsReported() async throws {
        let error = await #expect(throws: ProcessRunnerError.self) {
            try await ProcessRunner.run(ProcessRequest(["pwd"], workingDirectory: "/etc/hostname"))
        }
        #expect(error == .workingDirectory("/etc/hostname", "not a directory"))
    }

    @Test func summariesReadWell() {
        #expect(ProcessOutcome(exitCode: nil, signal: SIGKILL).summary == "killed by signal 9 (SIGKILL)")
        #expect(ProcessOutcome(exitCode: nil, signal: SIGTERM, timedOut: true, timeoutSeconds: 2).summary == "timed out after 2 s (terminated)")
        #expect(
            ProcessOutcome(exitCode: nil, signal: SIGKILL, timedOut: true, forceKilled: true, timeoutSeconds: 0.3).summary
                == "timed out after 0.3 s (killed after grace period)")
        #expect(ProcessOutcome(exitCode: nil, signal: SIGTERM, cancelled: true).summary == "cancelled (terminated)")
        #expect(ProcessOutcome(exitCode: nil, cancelled: true).summary == "cancelled before it started")
    }
}
