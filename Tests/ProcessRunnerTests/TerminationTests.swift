import Foundation
import Glibc
import Synchronization
import Testing

@testable import ProcessRunner

extension ProcessRunnerTests {
    @Test func timeoutTerminatesTheProcess() async throws {
        let started = ContinuousClock.now
        let outcome = try await ProcessRunner.run(ProcessRequest(["sleep", "30"], timeoutSeconds: 0.3))
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(outcome.timedOut)
        #expect(outcome.signal == SIGTERM)
        #expect(outcome.exitCode == nil)
        #expect(!outcome.forceKilled)
        #expect(!outcome.succeeded)
        #expect(outcome.summary == "timed out after 0.3 s (terminated)")
    }

    @Test func childIgnoringTermIsKilledAfterGrace() async throws {
        let request = ProcessRequest(["sh", "-c", "trap '' TERM; echo ready; sleep 30"], timeoutSeconds: 0.3, terminationGraceSeconds: 0.3)
        let started = ContinuousClock.now
        let outcome = try await ProcessRunner.run(request)
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(550))
        #expect(elapsed < .seconds(5))
        #expect(outcome.timedOut)
        #expect(outcome.forceKilled)
        #expect(outcome.signal == SIGKILL)
        #expect(outcome.lines(of: .stdout) == ["ready"])
        #expect(outcome.summary == "timed out after 0.3 s (killed after grace period)")
    }

    @Test(arguments: ["sleep 30 & echo $!; wait", "sleep 30 >/dev/null 2>&1 & echo $!; wait"])
    func grandchildrenAreTerminatedWithTheGroup(script: String) async throws {
        let request = ProcessRequest(["sh", "-c", script], timeoutSeconds: 0.3, terminationGraceSeconds: 2)
        let outcome = try await ProcessRunner.run(request)
        #expect(outcome.timedOut)
        #expect(outcome.signal == SIGTERM)
        #expect(!outcome.forceKilled)
        let grandchild = try #require(outcome.lines(of: .stdout).first.flatMap { pid_t($0) })
        #expect(await isGone(grandchild))
    }

    @Test func cancellingTheTaskTerminatesTheProcess() async throws {
        let started = ContinuousClock.now
        let task = Task { try await ProcessRunner.run(ProcessRequest(["sh", "-c", "sleep 30 & echo $!; wait"], terminationGraceSeconds: 2)) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let outcome = try await task.value
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(outcome.cancelled)
        #expect(!outcome.timedOut)
        #expect(outcome.signal == SIGTERM)
        #expect(outcome.summary == "cancelled (terminated)")
        let grandchild = try #require(outcome.lines(of: .stdout).first.flatMap { pid_t($0) })
        #expect(await isGone(grandchild))
    }

    @Test func alreadyCancelledTaskStartsNothing() async throws {
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await ProcessRunner.run(ProcessRequest(["sh", "-c", "echo started"]))
        }
        let outcome = try await task.value
        #expect(outcome.cancelled)
        #expect(outcome.lines.isEmpty)
        #expect(outcome.summary == "cancelled before it started")
    }

    @Test func finishedProcessIsNotReportedAsTimedOut() async throws {
        let outcome = try await ProcessRunner.run(ProcessRequest(["sh", "-c", "echo quick"], timeoutSeconds: 10))
        #expect(outcome.succeeded)
        #expect(!outcome.timedOut)
    }
}

/// Whether `pid` has ended (gone, or a zombie waiting for init), waiting up to 3 s.
func isGone(_ pid: pid_t) async -> Bool {
    for _ in 0..<60 {
        if kill(pid, 0) != 0 && errno == ESRCH { return true }
        if processState(pid) == "Z" { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return false
}

/// The state letter and parent pid of `pid` from /proc, or nil when it is gone.
func processStat(_ pid: pid_t) -> (state: Character, parent: pid_t)? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = text.lastIndex(of: ")")
    else { return nil }
    let fields = text[text.index(after: close)...].split(separator: " ")
    guard fields.count > 1, let state = fields[0].first, let parent = pid_t(fields[1]) else { return nil }
    return (state, parent)
}

/// The state letter of `pid` from /proc, or nil when it is gone.
func processState(_ pid: pid_t) -> Character? { processStat(pid)?.state }
