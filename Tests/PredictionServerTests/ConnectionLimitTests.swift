import Foundation
import MLOpsStore
import MLOpsTestSupport
import Testing

@testable import PredictionServer

/// Slow, idle and careless clients against `mlops serve`'s connection limits, over raw sockets:
/// half-sent heads and bodies are closed at their deadlines (an idle connection is not), idle
/// keep-alive connections at theirs, the connection cap holds new clients back, a body over
/// the limit sent whole before reading gets its 413 and a close, and hundreds of half-sent
/// connections do not hold predictions up.
struct ConnectionLimitTests {
    static let predict = "/api/v1/models/ctr/predict"

    static func fixture(_ backend: TestBackend, _ limits: ConnectionLimits, maxBody: Int = 1 << 20) throws -> ServerFixture {
        var configuration = ServerConfiguration(port: 0, pollSeconds: 0.2, maxBodyBytes: maxBody)
        configuration.connections = limits
        return try ServerFixture(backend, configuration: configuration)
    }

    static func post(_ path: String, body: Data, close: Bool) -> Data {
        var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n"
        if close { head += "Connection: close\r\n" }
        return Data((head + "\r\n").utf8) + body
    }

    @Test func halfSentHeadsAndBodiesAreClosedAtTheirDeadlinesAndIdleConnectionsAreNot() async throws {
        let f = try Self.fixture(.sqlite, ConnectionLimits(headTimeoutSeconds: 1, bodyTimeoutSeconds: 2, idleTimeoutSeconds: 60))
        let port = try await f.start()
        let (head, body, idle, elapsed) = try await Blocking.run {
            let started = Date()
            let idle = try RawConnection(port: port)
            let head = try RawConnection(port: port)
            head.send("POST \(Self.predict) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le")
            let body = try RawConnection(port: port)
            body.send("POST \(Self.predict) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{\"rows\": [[1,")
            #expect(!head.read(for: 0.5).closed && !body.read(for: 0.5).closed, "closed before their deadlines")
            let headEnd = head.read(for: 20)
            let bodyEnd = body.read(for: 20)
            return (headEnd, bodyEnd, idle.isClosedByServer, Date().timeIntervalSince(started))
        }
        #expect(head.closed && head.data.isEmpty, "a half-sent head is closed without an answer")
        #expect(body.closed, "a half-sent body is closed")
        #expect(!idle, "a connection that sent nothing is left to the idle timeout (60 s)")
        #expect(elapsed < 20)
        await f.stop()
    }

    @Test func idleKeepAliveConnectionsAreClosedAfterTheIdleTimeout() async throws {
        let f = try Self.fixture(.sqlite, ConnectionLimits(idleTimeoutSeconds: 1))
        let port = try await f.start()
        let (answer, after) = try await Blocking.run {
            let connection = try RawConnection(port: port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let answer = connection.read(for: 20) { $0.range(of: Data("\r\n\r\n".utf8)) != nil }
            return (answer, connection.read(for: 20))
        }
        #expect(String(decoding: answer.data, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        #expect(!answer.closed, "a kept-alive connection stays open after its answer")
        #expect(after.closed, "and is closed once idle past the limit")
        await f.stop()
    }

    @Test func theConnectionCapHoldsNewClientsBackUntilOneCloses() async throws {
        let f = try Self.fixture(.sqlite, ConnectionLimits(maxConnections: 3))
        let port = try await f.start()
        let (waiting, answered) = try await Blocking.run {
            var held = try (0..<3).map { _ in try RawConnection(port: port) }
            Thread.sleep(forTimeInterval: 0.3)
            let fourth = try RawConnection(port: port)
            fourth.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let waiting = fourth.read(for: 1.5)
            held.removeFirst()
            return (waiting, fourth.read(for: 20))
        }
        #expect(waiting.data.isEmpty && !waiting.closed, "the fourth client waits while three are open")
        #expect(String(decoding: answered.data, as: UTF8.self).hasPrefix("HTTP/1.1 200"), "and is served once one closes")
        await f.stop()
    }

    /// Python's `requests` and `urllib` send the whole body before reading: the 413 must be
    /// readable, followed by a close, whether the client asked to close or keep alive, on the
    /// fast path, the router and the v2 protocol alike.
    @Test(arguments: [
        (predict, true), (predict, false), ("/v2/models/ctr/infer", true), ("/api/v1/feedback", false),
    ])
    func aBodyOverTheLimitSentWholeGetsIts413AndAClose(path: String, close: Bool) async throws {
        let f = try Self.fixture(.sqlite, ConnectionLimits(), maxBody: 64 << 10)
        let port = try await f.start()
        let body = Data(repeating: UInt8(ascii: " "), count: 6 << 20)  // past the socket buffers
        let (sent, answer) = try await Blocking.run {
            let connection = try RawConnection(port: port, sendTimeoutSeconds: 20)
            let sent = connection.send(Self.post(path, body: body, close: close))
            return (sent, connection.read(for: 20))
        }
        let text = String(decoding: answer.data, as: UTF8.self)
        #expect(sent == Self.post(path, body: body, close: close).count, "the server stopped reading: \(sent) bytes went out")
        #expect(text.hasPrefix("HTTP/1.1 413"), "\(text.prefix(200))")
        #expect(text.lowercased().contains("connection: close"))
        #expect(answer.closed, "the server closes after the answer")
        await f.stop()
    }

    @Test func aBodyPastTheDrainBoundIsCutOff() async throws {
        let f = try Self.fixture(.sqlite, ConnectionLimits(drainBytes: 1 << 20), maxBody: 64 << 10)
        let port = try await f.start()
        let body = Data(repeating: UInt8(ascii: " "), count: 256 << 20)
        let sent = try await Blocking.run {
            let connection = try RawConnection(port: port, sendTimeoutSeconds: 20)
            return connection.send(Self.post(Self.predict, body: body, close: true))
        }
        #expect(sent < body.count / 2, "the server read \(sent) bytes of a body it had refused")
        await f.stop()
    }

    /// A few hundred slow clients cannot hold the server: predictions answer while they hang
    /// half-sent, and the head deadline closes every one of them.
    @Test(arguments: TestBackend.available)
    func fiveHundredHalfSentConnectionsDoNotHoldPredictionsUp(backend: TestBackend) async throws {
        RawConnection.raiseOpenFileLimit()
        let f = try Self.fixture(backend, ConnectionLimits(headTimeoutSeconds: 30))
        let port = try await f.start()
        let slow = try await Blocking.run {
            try (0..<500).map { _ in
                let connection = try RawConnection(port: port)
                connection.send("POST \(Self.predict) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: app")
                return connection
            }
        }
        var slowest = 0.0
        for i in 0..<20 {
            let started = Date()
            let answer = try await LoopbackHTTP.fetch(port: port, "POST", Self.predict, body: "{\"rows\": [[\(i), 2, 3, 4]]}")
            slowest = max(slowest, Date().timeIntervalSince(started))
            #expect(answer.status == 200)
        }
        let openMeanwhile = slow.filter { !$0.isClosedByServer }.count
        #expect(slowest < 5, "a prediction took \(slowest) s beside 500 half-sent connections")
        let allClosed = try await Blocking.run {
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline {
                if slow.allSatisfy(\.isClosedByServer) { return true }
                Thread.sleep(forTimeInterval: 0.25)
            }
            return false
        }
        #expect(allClosed, "half-sent connections outlived their head deadline")
        #expect(openMeanwhile > 0, "the half-sent connections were open while predictions ran")
        await f.stop()
    }
}
