import Foundation
import Glibc
import Synchronization
import Testing

@testable import ProcessRunner

/// All ProcessRunner tests, one serialized suite: the descriptor and zombie checks count
/// process-wide state that a concurrently running test would disturb. The other files extend it.
@Suite(.serialized)
struct ProcessRunnerTests {
    @Test func exitStatusZeroSucceeds() async throws {
        let outcome = try await ProcessRunner.run(ProcessRequest(["/bin/sh", "-c", "exit 0"]))
        #expect(outcome.exitCode == 0)
        #expect(outcome.signal == nil)
        #expect(outcome.succeeded)
        #expect(outcome.summary == "exited with status 0")
    }

    @Test func exitStatusThreeFails() async throws {
        let outcome = try await ProcessRunner.run(ProcessRequest(["sh", "-c", "exit 3"]))
        #expect(outcome.exitCode == 3)
        #expect(!outcome.succeeded)
        #expect(!outcome.timedOut && !outcome.cancelled)
        #expect(outcome.summary == "exited with status 3")
    }

    @Test func stdoutAndStderrAreTagged() async throws {
        let seen = Mutex<[OutputLine]>([])
        let outcome = try await ProcessRunner.run(ProcessRequest(["sh", "-c", "echo out; echo err >&2"])) { line in
            seen.withLock { $0.append(line) }
        }
        #expect(outcome.lines.count == 2)
        #expect(outcome.lines.contains(OutputLine(.stdout, "out")))
        #expect(outcome.lines.contains(OutputLine(.stderr, "err")))
        #expect(outcome.lines(of: .stdout) == ["out"])
        #expect(outcome.lines(of: .stderr) == ["err"])
        #expect(seen.withLock { $0 } == outcome.lines)
    }

    @Test func environmentIsAddedToTheParents() async throws {
        let request = ProcessRequest(["sh", "-c", "echo $FOO; echo ${HOME:+home-inherited}"], environment: ["FOO": "bar"])
        let outcome = try await ProcessRunner.run(request)
        #expect(outcome.lines(of: .stdout) == ["bar", ProcessInfo.processInfo.environment["HOME"] == nil ? "" : "home-inherited"])
    }

    @Test func workingDirectoryIsEntered() async throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let outcome = try await ProcessRunner.run(ProcessRequest(["pwd"], workingDirectory: directory.path))
        #expect(outcome.lines(of: .stdout) == [directory.realPath])
    }

    @Test func relativeProgramIsResolvedInTheWorkingDirectory() async throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let script = directory.path + "/step.sh"
        try "#!/bin/sh\necho step ran in \"$(pwd)\"\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let outcome = try await ProcessRunner.run(ProcessRequest(["./step.sh"], workingDirectory: directory.path))
        #expect(outcome.lines(of: .stdout) == ["step ran in \(directory.realPath)"])
    }

    @Test func shellTrampolineEntersOddDirectoriesLiterally() async throws {
        let directory = try TestDirectory(suffix: "-a b $(touch pwned) \"q\"")
        defer { directory.remove() }
        let request = ProcessRequest(["printf", "%s\\n", "$(whoami)", "x y"], workingDirectory: directory.path)
        let outcome = try await ProcessRunner.run(request, chdir: .shellTrampoline, onLine: nil)
        #expect(outcome.exitCode == 0)
        #expect(outcome.lines(of: .stdout) == ["$(whoami)", "x y"])
        let pwd = try await ProcessRunner.run(ProcessRequest(["pwd"], workingDirectory: directory.path), chdir: .shellTrampoline, onLine: nil)
        #expect(pwd.lines(of: .stdout) == [directory.realPath])
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/pwned"))
        #expect(!FileManager.default.fileExists(atPath: "pwned"))
    }

    @Test func argumentsArePassedLiterally() async throws {
        let outcome = try await ProcessRunner.run(ProcessRequest(["printf", "%s\\n", "a b", "$(whoami)", "\"q\"", "'s'; echo x"]))
        #expect(outcome.lines(of: .stdout) == ["a b", "$(whoami)", "\"q\"", "'s'; echo x"])
    }
}

/// A temporary directory for one test.
struct TestDirectory {
    let path: String

    init(suffix: String = "") throws {
        path = NSTemporaryDirectory() + "/processrunner-\(UUID().uuidString)\(suffix)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The path with symlinks resolved, as `pwd` prints it.
    var realPath: String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
