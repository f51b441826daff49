import Foundation
import Synchronization
import Testing

@testable import ProcessRunner

extension ProcessRunnerTests {
    @Test func largeOutputOnBothStreamsDoesNotDeadlock() async throws {
        let counts = Mutex<[OutputLine.Stream: Int]>([:])
        let request = ProcessRequest(["sh", "-c", "seq 1 200000; seq 1 200000 >&2"], timeoutSeconds: 120)
        let outcome = try await ProcessRunner.run(request) { line in
            counts.withLock { $0[line.stream, default: 0] += 1 }
        }
        #expect(outcome.succeeded)
        #expect(counts.withLock { $0 } == [.stdout: 200_000, .stderr: 200_000])
        #expect(outcome.lines.count == 10_000)
        #expect(outcome.droppedLines == 390_000)
        #expect(outcome.lines.last == OutputLine(.stderr, "200000"))
        #expect(outcome.lines.first == OutputLine(.stderr, "190001"))
    }

    @Test func interleavedWritesKeepEveryLine() async throws {
        let request = ProcessRequest(["sh", "-c", "seq 1 50000 >&2 & seq 1 50000; wait"], maxCapturedLines: 200_000)
        let outcome = try await ProcessRunner.run(request)
        #expect(outcome.droppedLines == 0)
        #expect(outcome.lines(of: .stdout) == (1...50_000).map(String.init))
        #expect(outcome.lines(of: .stderr) == (1...50_000).map(String.init))
    }

    @Test func crlfPartialLinesAndInvalidUTF8() async throws {
        let outcome = try await ProcessRunner.run(ProcessRequest(["printf", "a\\r\\nb\\n\\nbad \\377 byte\\nno newline"]))
        #expect(outcome.lines(of: .stdout) == ["a", "b", "", "bad \u{FFFD} byte", "no newline"])
    }

    @Test func longLinesAreTruncated() async throws {
        let request = ProcessRequest(["sh", "-c", "head -c 70000 /dev/zero | tr '\\0' x; echo; echo next"])
        let outcome = try await ProcessRunner.run(request)
        let lines = outcome.lines(of: .stdout)
        #expect(lines.count == 2)
        #expect(lines.first == String(repeating: "x", count: 65_536) + "…")
        #expect(lines.last == "next")
    }

    @Test func zeroCapturedLinesStillStreams() async throws {
        let count = Mutex(0)
        let outcome = try await ProcessRunner.run(ProcessRequest(["seq", "1", "10"], maxCapturedLines: 0)) { _ in
            count.withLock { $0 += 1 }
        }
        #expect(outcome.lines.isEmpty)
        #expect(outcome.droppedLines == 10)
        #expect(count.withLock { $0 } == 10)
    }

    @Test func splitterHandlesChunkBoundariesAndLimits() {
        var splitter = LineSplitter(maxLineBytes: 4)
        var lines: [String] = []
        for chunk in ["ab", "c\r", "\nabcd\r\nab", "cdef\n", "é€", "\n", "tail"] {
            Array(chunk.utf8).withUnsafeBytes { splitter.append($0) { lines.append($0) } }
        }
        splitter.finish { lines.append($0) }
        #expect(lines == ["abc", "abcd", "abcd…", "é…", "tail"])
        #expect(LineSplitter.characterBoundary(Array("a€".utf8), atMost: 3) == 1)
        #expect(LineSplitter.characterBoundary(Array("a€".utf8), atMost: 4) == 4)
    }
}
